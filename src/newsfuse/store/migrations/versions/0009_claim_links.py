"""Claim links in the normalized tables: a value the article revised
(``claim_values.superseded``) and the claims giving the same amount in another
currency (``claims.equivalents``), as the briefs and the API already show them.

Rows written before this revision read ``superseded`` false and ``equivalents`` NULL
until their story is rebuilt.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.add_column("claims", sa.Column("equivalents", sa.Text(), nullable=True))
    op.add_column(
        "claim_values",
        sa.Column("superseded", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("claim_values") as batch:
        batch.drop_column("superseded")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("equivalents")
