"""Same records on both backends: unbounded text columns, a bounded PostgreSQL index.

PostgreSQL enforces ``VARCHAR(n)`` lengths that SQLite ignores, so a language tag, a
duplicate id or a failure's stage longer than 0001 allowed was stored on SQLite and
refused on PostgreSQL: those columns become ``TEXT``. A ``tsvector`` is capped at 1 MB,
so a very long article (ingest reads up to 50 MB) failed to insert on PostgreSQL: the
search index now covers the first ``200000`` characters (the query in ``search.py``
uses the same expression, which it must for the index to be used). On SQLite (no length
checks, FTS5 has no such cap) there is nothing to change.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

_COLUMNS = (
    ("articles", "language", sa.String(8)),
    ("articles", "duplicate_of", sa.String(32)),
    ("failures", "stage", sa.String(64)),
    ("failures", "error_type", sa.String(128)),
)
_OLD_INDEX = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
_NEW_INDEX = "to_tsvector('english', left(coalesce(title, '') || ' ' || text, 200000))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, old in _COLUMNS:
        op.alter_column(table, column, type_=sa.Text, existing_type=old)
    op.execute("DROP INDEX articles_search")
    op.execute(f"CREATE INDEX articles_search ON articles USING GIN ({_NEW_INDEX})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX articles_search")
    op.execute(f"CREATE INDEX articles_search ON articles USING GIN ({_OLD_INDEX})")
    for table, column, old in _COLUMNS:
        op.alter_column(table, column, type_=old, existing_type=sa.Text)
