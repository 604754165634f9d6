"""Normalized tables: one row per entity, mention, role, quote, figure, date, event,
story entity, claim, claim value and timeline source; metadata columns on articles and
stories. Stores made before carry their facts forward: the upgrade backfills the tables
from the JSON in ``annotations.data`` and ``stories.data``, a page at a time.

The backfill uses the row builders of :mod:`newsfuse.store.tables` and keeps only the
columns this revision created (reflected), so a later migration that adds a column does
not break an upgrade that passes through here.

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"

PAGE = 500  # records read per round trip while backfilling

_TABLES = (
    "claim_values",
    "claims",
    "story_mentions",
    "story_entities",
    "timeline",
    "story_quotes",
    "mentions",
    "roles",
    "entities",
    "quotes",
    "figures",
    "dates",
    "events",
)


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("claim_id", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("review", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_claims_status"), "claims", ["status"], unique=False)
    op.create_index(op.f("ix_claims_story_id"), "claims", ["story_id"], unique=False)
    op.create_table(
        "dates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("precision", sa.Text(), nullable=False),
        sa.Column("relative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_dates_article_id"), "dates", ["article_id"], unique=False)
    op.create_index(op.f("ix_dates_value"), "dates", ["value"], unique=False)
    op.create_table(
        "entities",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("affiliation", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("feature", sa.Text(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_entities_article_id"), "entities", ["article_id"], unique=False)
    op.create_index(op.f("ix_entities_kind"), "entities", ["kind"], unique=False)
    op.create_index(op.f("ix_entities_name"), "entities", ["name"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("trigger_word", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("date_precision", sa.Text(), nullable=True),
        sa.Column("places", sa.Text(), nullable=True),
        sa.Column("actors", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_events_article_id"), "events", ["article_id"], unique=False)
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("qualifier", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("normalized_value", sa.Float(), nullable=True),
        sa.Column("normalized_unit", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_figures_article_id"), "figures", ["article_id"], unique=False)
    op.create_index(op.f("ix_figures_unit"), "figures", ["unit"], unique=False)
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_entity_id", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_quotes_article_id"), "quotes", ["article_id"], unique=False)
    op.create_index(op.f("ix_quotes_speaker"), "quotes", ["speaker"], unique=False)
    op.create_table(
        "story_entities",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=True),
        sa.Column("titles", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("mention_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_story_entities_kind"), "story_entities", ["kind"], unique=False)
    op.create_index(op.f("ix_story_entities_name"), "story_entities", ["name"], unique=False)
    op.create_index(
        op.f("ix_story_entities_story_id"), "story_entities", ["story_id"], unique=False
    )
    op.create_table(
        "story_quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_story_quotes_article_id"), "story_quotes", ["article_id"], unique=False
    )
    op.create_index(op.f("ix_story_quotes_story_id"), "story_quotes", ["story_id"], unique=False)
    op.create_table(
        "timeline",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("precision", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_timeline_article_id"), "timeline", ["article_id"], unique=False)
    op.create_index(op.f("ix_timeline_story_id"), "timeline", ["story_id"], unique=False)
    op.create_table(
        "claim_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.Text(), nullable=True),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("qualifier", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("independent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_claim_values_article_id"), "claim_values", ["article_id"], unique=False
    )
    op.create_index(op.f("ix_claim_values_claim_id"), "claim_values", ["claim_id"], unique=False)
    op.create_index(op.f("ix_claim_values_story_id"), "claim_values", ["story_id"], unique=False)
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=True),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_mentions_article_id"), "mentions", ["article_id"], unique=False)
    op.create_index(op.f("ix_mentions_entity_id"), "mentions", ["entity_id"], unique=False)
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=True),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("role", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_roles_article_id"), "roles", ["article_id"], unique=False)
    op.create_index(op.f("ix_roles_entity_id"), "roles", ["entity_id"], unique=False)
    op.create_table(
        "story_mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_entity_id", sa.Text(), nullable=True),
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_entity_id"], ["story_entities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_story_mentions_article_id"), "story_mentions", ["article_id"], unique=False
    )
    op.create_index(
        op.f("ix_story_mentions_story_id"), "story_mentions", ["story_id"], unique=False
    )
    op.create_index("story_mentions_entity", "story_mentions", ["story_entity_id"], unique=False)
    op.add_column("articles", sa.Column("source", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("dateline", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("byline", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("flags", sa.Text(), nullable=True))
    op.create_index("articles_outlet", "articles", ["outlet"], unique=False)
    op.add_column("stories", sa.Column("first_published", sa.Date(), nullable=True))
    op.add_column("stories", sa.Column("article_count", sa.Integer(), nullable=True))
    _backfill(op.get_bind())


def _pages(conn: sa.Connection, table: str, key: str) -> Iterator[Sequence[Any]]:
    """(key, data) rows of a table, PAGE at a time, in key order."""
    last = ""
    while True:
        rows = conn.execute(
            sa.text(f"SELECT {key}, data FROM {table} WHERE {key} > :last ORDER BY {key} LIMIT :n"),
            {"last": last, "n": PAGE},
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _backfill(conn: sa.Connection) -> None:
    """Fill the new columns and tables from the JSON records already stored."""
    from newsfuse.model import AnnotatedArticle, Article, Story, from_dict
    from newsfuse.store import tables

    meta = sa.MetaData()
    meta.reflect(conn, only=["articles", "stories", *_TABLES])
    cols = {name: [c.name for c in t.columns] for name, t in meta.tables.items()}

    def insert(rows: dict[str, list[dict[str, Any]]], order: tuple[str, ...]) -> None:
        for name in order:
            kept = tables.uniform(cols[name], rows.get(name, []))
            if kept:
                conn.execute(meta.tables[name].insert(), kept)

    articles = meta.tables["articles"]
    for page in _pages(conn, "articles", "id"):
        for aid, data in page:
            values = tables.article_columns(from_dict(Article, json.loads(data)))
            conn.execute(articles.update().where(articles.c.id == aid).values(**values))
    article_order = ("entities", "mentions", "roles", "quotes", "figures", "dates", "events")
    for page in _pages(conn, "annotations", "article_id"):
        for _aid, data in page:
            ann = from_dict(AnnotatedArticle, json.loads(data))
            insert(tables.annotation_rows(ann), article_order)
    stories = meta.tables["stories"]
    story_order = (
        "story_entities",
        "story_mentions",
        "claims",
        "claim_values",
        "story_quotes",
        "timeline",
    )
    for page in _pages(conn, "stories", "id"):
        for sid, data in page:
            story = from_dict(Story, json.loads(data))
            counts = {
                "first_published": story.first_published,
                "article_count": len(story.article_ids),
            }
            conn.execute(stories.update().where(stories.c.id == sid).values(**counts))
            insert(tables.story_rows(story), story_order)


def downgrade() -> None:
    for name in _TABLES:
        op.drop_table(name)
    op.drop_index("articles_outlet", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        for column in ("source", "dateline", "byline", "flags"):
            batch.drop_column(column)
    with op.batch_alter_table("stories") as batch:
        for column in ("first_published", "article_count"):
            batch.drop_column(column)
