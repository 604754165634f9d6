"""Work leases: two ``annotate`` runs (or workers) never annotate the same article.

A worker claims a batch of articles by inserting one lease row per article (in one write
transaction), annotates them, and deletes the leases when their annotations are saved.
A lease names its owner (``host:pid:nonce``) and expires; a lease whose owner is a dead
process on this host, or whose time ran out, is taken over by the next claim, so a run
killed with ``kill -9`` is resumed by the next one.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "annotate_leases",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("annotate_leases")
