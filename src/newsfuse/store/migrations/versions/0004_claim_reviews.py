"""Claim reviews: an analyst's decisions about claims (confirm/dismiss a conflict, move
a value to another claim), kept apart from the stories so that they survive every
rebuild and re-grouping and are re-applied to the fresh claims (issue #8).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "claim_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.String(32), nullable=False, index=True),
        sa.Column("story_id", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("target", sa.Text),
        sa.Column("anchors", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("claim_reviews")
