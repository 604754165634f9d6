"""Indexes for the stories list: its default and size sorts read one page, not a sort
of every story (``export.story_rows``).

``ORDER BY last_published DESC NULLS LAST, updated_at DESC, id`` (and the same after
``article_count DESC NULLS LAST``) is then an index scan that stops after the page. SQLite
sorts NULLs last in a descending index already; PostgreSQL needs it said.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"

_INDEXES = {
    "stories_recent": "last_published DESC{nl}, updated_at DESC, id",
    "stories_size": "article_count DESC{nl}, last_published DESC{nl}, updated_at DESC, id",
}


def upgrade() -> None:
    nulls_last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    for name, columns in _INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON stories ({columns.format(nl=nulls_last)})")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE stories")


def downgrade() -> None:
    for name in _INDEXES:
        op.execute(f"DROP INDEX {name}")
