"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Records are kept whole as JSON (``model.to_dict``) next to the few columns that queries
filter or sort on. The search index lives beside these tables and is backend specific
(:mod:`.search`). Changing a table means a new migration in ``migrations/versions``; these definitions
describe the schema at the newest revision (see ``migrations/versions``).

Plain-text columns are ``Text`` rather than bounded ``String``: PostgreSQL enforces a
``VARCHAR`` length that SQLite ignores, and one code path must accept the same records on
both. Ids keep ``String(32)`` (article ids are 16 hex characters, story ids 12).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("language", Text),
    Column("duplicate_of", Text),
    Column("added_at", DateTime, nullable=False),
    Column("text", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("minhash", LargeBinary),
)

article_annotations = Table(
    "annotations",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("pipeline", Text, nullable=False),
    Column("data", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False, index=True),
    Column("last_published", Date),
    Column("data", Text, nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), index=True),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("error_type", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("at", DateTime, nullable=False),
)

# Quote texts, one row per quote, for full-text search over quotes (migration 0002).
quote_texts = Table(
    "quote_texts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), index=True),
    Column("speaker", Text),
    Column("content", Text, nullable=False),
)

# Who is annotating which article right now (migration 0006): see ``store.work``.
annotate_leases = Table(
    "annotate_leases",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("owner", Text, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)

# An analyst's decisions about claims, re-applied on every rebuild (migration 0004, #8).
claim_reviews = Table(
    "claim_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(32), nullable=False, index=True),
    Column("story_id", Text),
    Column("action", Text, nullable=False),
    Column("article_id", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("target", Text),
    Column("anchors", Text, nullable=False, server_default=""),  # "aid:start:end ..."
    Column("at", DateTime, nullable=False),
)


__all__ = [
    "annotate_leases",
    "article_annotations",
    "articles",
    "claim_reviews",
    "failures",
    "metadata",
    "quote_texts",
    "stories",
    "story_articles",
]
