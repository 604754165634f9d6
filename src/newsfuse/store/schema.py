"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Since revision ``0005`` every extracted fact also has its own row in a normalized table
(entities, mentions, roles, quotes, figures, dates, events; story entities, claims, claim
values, timeline): those tables are the truth that SQL, datasette, DuckDB and
``newsfuse export`` read, and the JSON in ``annotations.data`` / ``stories.data`` is a
cache of the same records for the brief builder. Every fact row keeps its ``article_id``
and ``[start, end)`` character offsets. ``docs/schema.md`` draws the tables.

The search index lives beside these tables and is backend specific (:mod:`.search`).
Changing a table means a new migration in ``migrations/versions``; these definitions
describe the schema at the newest revision (see ``migrations/versions``).

Plain-text columns are ``Text`` rather than bounded ``String``: PostgreSQL enforces a
``VARCHAR`` length that SQLite ignores, and one code path must accept the same records on
both. Ids keep ``String(32)`` (article ids are 16 hex characters, story ids 12).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
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
    # 0005: metadata as columns, for SQL and exports (byline: names joined by "; ")
    Column("source", Text),
    Column("dateline", Text),
    Column("byline", Text),
    Column("flags", Text),
)
Index("articles_outlet", articles.c.outlet)
# stories_recent, stories_size (0008): descending sort indexes of the stories list,
# created by the migration (NULLS LAST is said on PostgreSQL only).

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
    Column("first_published", Date),  # 0005
    Column("article_count", Integer),  # 0005
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


# --- normalized facts (0005) -------------------------------------------------------
# Article-level rows are replaced whenever an article is (re-)annotated; story-level rows
# whenever a story is saved. Composite text ids ("<article id>:<local id>") keep the rows
# addressable without a round trip for generated keys.


def _article_fk() -> Column[str]:
    return Column(
        "article_id",
        String(32),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _story_fk() -> Column[str]:
    return Column(
        "story_id",
        String(32),
        ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _offsets() -> tuple[Column[int], Column[int]]:
    return Column("start_char", Integer), Column("end_char", Integer)


entities = Table(
    "entities",
    metadata,
    Column("id", Text, primary_key=True),  # "<article id>:<p1|o2|l3>"
    _article_fk(),
    Column("local_id", Text, nullable=False),
    Column("kind", Text, nullable=False, index=True),  # person, organization, place
    Column("name", Text, nullable=False, index=True),
    *_offsets(),  # the first mention
    Column("aliases", Text),  # joined by "; "
    Column("title", Text),
    Column("affiliation", Text),
    Column("country", Text),  # ISO 3166-1 alpha-2 (places)
    Column("lat", Float),
    Column("lon", Float),
    Column("feature", Text),
    Column("geonames_id", Integer),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Text, ForeignKey("entities.id", ondelete="CASCADE"), index=True),
    _article_fk(),
    *_offsets(),
    Column("text", Text, nullable=False),
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Text, ForeignKey("entities.id", ondelete="CASCADE"), index=True),
    _article_fk(),
    *_offsets(),
    Column("role", Text, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    *_offsets(),
    Column("content", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("speaker", Text, index=True),
    Column("speaker_entity_id", Text),  # entities.id, when resolved
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    *_offsets(),
    Column("value", Float, nullable=False),
    Column("unit", Text, nullable=False, index=True),
    Column("qualifier", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("subject", Text),  # what it counts, when the sentence says so
    Column("place", Text),
    Column("date", Text),
    Column("normalized_value", Float),
    Column("normalized_unit", Text),
)

dates = Table(
    "dates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    *_offsets(),
    Column("text", Text, nullable=False),
    Column("value", Text, nullable=False, index=True),  # ISO 8601, as precise as stated
    Column("precision", Text, nullable=False),
    Column("relative", Boolean, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _article_fk(),
    *_offsets(),
    Column("trigger_word", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("date", Text),
    Column("date_precision", Text),
    Column("places", Text),  # joined by "; "
    Column("actors", Text),
)

story_entities = Table(
    "story_entities",
    metadata,
    Column("id", Text, primary_key=True),  # "<story id>:<entity id>"
    _story_fk(),
    Column("kind", Text, nullable=False, index=True),
    Column("name", Text, nullable=False, index=True),
    Column("aliases", Text),
    Column("titles", Text),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("mention_count", Integer, nullable=False),
    Column("article_count", Integer, nullable=False),
)

story_mentions = Table(
    "story_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_entity_id", Text, ForeignKey("story_entities.id", ondelete="CASCADE")),
    _story_fk(),
    _article_fk(),
    *_offsets(),
    Column("text", Text, nullable=False),
)
Index("story_mentions_entity", story_mentions.c.story_entity_id)

claims = Table(
    "claims",
    metadata,
    Column("id", Text, primary_key=True),  # "<story id>:<claim id>"
    _story_fk(),
    Column("claim_id", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("status", Text, nullable=False, index=True),
    Column("review", Text),  # confirmed, dismissed or NULL (not reviewed)
    Column("subject", Text),
    Column("place", Text),
    Column("explanation", Text),
    Column("equivalents", Text),  # claims.id of the same amount in other currencies (0009)
)

claim_values = Table(
    "claim_values",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Text, ForeignKey("claims.id", ondelete="CASCADE"), index=True),
    _story_fk(),
    _article_fk(),
    *_offsets(),
    Column("outlet", Text),
    Column("value", Float, nullable=False),
    Column("qualifier", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("independent", Boolean, nullable=False),
    # the article revised this value; it does not count towards the status (0009)
    Column("superseded", Boolean, nullable=False, server_default=false()),
)

story_quotes = Table(
    "story_quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _story_fk(),
    _article_fk(),
    *_offsets(),
    Column("speaker", Text),
    Column("content", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
)

timeline = Table(
    "timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _story_fk(),
    Column("entry", Integer, nullable=False),  # position in the story's timeline
    Column("date", Text, nullable=False),
    Column("precision", Text, nullable=False),
    Column("text", Text, nullable=False),
    _article_fk(),  # one row per source span of the entry
    *_offsets(),
)

ARTICLE_FACTS = (entities, mentions, roles, quotes, figures, dates, events)
STORY_FACTS = (story_entities, story_mentions, claims, claim_values, story_quotes, timeline)

__all__ = [
    "ARTICLE_FACTS",
    "STORY_FACTS",
    "annotate_leases",
    "article_annotations",
    "articles",
    "claim_reviews",
    "claim_values",
    "claims",
    "dates",
    "entities",
    "events",
    "failures",
    "figures",
    "mentions",
    "metadata",
    "quote_texts",
    "quotes",
    "roles",
    "stories",
    "story_articles",
    "story_entities",
    "story_mentions",
    "story_quotes",
    "timeline",
]
