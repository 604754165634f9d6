"""The story index kept in the store, so ``newsfuse stories`` only reads what is new.

- ``story_profiles``: each grouped article's grouping features (``fuse.profile``), so a
  split or merge rebuilds a story without reloading annotations;
- ``story_states``: each story's summed features and a sequence number (the latest run
  that changed it: candidates are read newest first);
- ``story_postings``: the inverted index, index key -> story;
- ``story_terms``: document frequencies of words and names.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "story_profiles",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "story_states",
        sa.Column("story_id", sa.String(32), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, index=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "story_postings",
        sa.Column("index_key", sa.Text, primary_key=True),
        sa.Column("story_id", sa.String(32), primary_key=True, index=True),
    )
    op.create_table(
        "story_terms",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("story_terms", "story_postings", "story_states", "story_profiles"):
        op.drop_table(table)
