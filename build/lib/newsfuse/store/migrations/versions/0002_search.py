"""Full-text search over articles and quotes.

SQLite: FTS5 tables kept in step by the store in the same transaction as the rows.
PostgreSQL: GIN indexes over ``to_tsvector('english', ...)`` expressions.
Existing articles, and the quotes of existing annotations, are indexed by the upgrade,
so an older database loses nothing.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "quote_texts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            index=True,
        ),
        sa.Column("speaker", sa.Text),
        sa.Column("content", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "id UNINDEXED, title, text, tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5("
            "article_id UNINDEXED, speaker, content, tokenize='porter unicode61')"
        )
        op.execute(
            "INSERT INTO articles_fts (id, title, text) "
            "SELECT id, coalesce(title, ''), text FROM articles"
        )
    else:
        op.execute(
            "CREATE INDEX articles_search ON articles USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )
        op.execute(
            "CREATE INDEX quotes_search ON quote_texts USING GIN (to_tsvector('english', content))"
        )
    _index_stored_quotes("quotes_fts" if op.get_bind().dialect.name == "sqlite" else "quote_texts")


def _index_stored_quotes(table: str) -> None:
    """Index the quotes of annotations saved before this revision."""
    bind = op.get_bind()
    insert = sa.text(f"INSERT INTO {table} (article_id, speaker, content) VALUES (:i, :s, :c)")
    stored = bind.execute(sa.text("SELECT article_id, data FROM annotations")).all()
    for article_id, data in stored:
        rows = [
            {"i": article_id, "s": _clean(q.get("speaker")), "c": _clean(q.get("content"))}
            for q in json.loads(data).get("quotes", [])
        ]
        if rows:
            bind.execute(insert, rows)


def _clean(value: str | None) -> str:
    """PostgreSQL text cannot hold NUL characters."""
    return (value or "").replace("\x00", "")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE quotes_fts")
        op.execute("DROP TABLE articles_fts")
    else:
        op.execute("DROP INDEX articles_search")
        op.execute("DROP INDEX quotes_search")
    op.drop_table("quote_texts")
