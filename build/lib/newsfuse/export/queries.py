"""What each exported table holds: one SQL query per table over the normalized tables,
with the context an analyst needs beside each fact (outlet, publication date, article
title, story id and title) and the rows a :class:`Selection` keeps.

A selection narrows by story, publication date range, outlet, entity or place. Article
facts keep the rows of the selected articles; story facts keep the selected stories
(those with at least one selected article).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.sql.selectable import FromClause

from ..store.schema import (
    articles,
    claim_values,
    claims,
    dates,
    entities,
    events,
    figures,
    mentions,
    quotes,
    roles,
    stories,
    story_articles,
    story_entities,
    story_mentions,
    story_quotes,
    timeline,
)


@dataclass
class Selection:
    """Which rows to export: everything, or those matching every given filter.

    ``story`` is a full story id; ``entity`` and ``place`` match a name or alias without
    regard to case; ``since``/``until`` bound the article's publication date (inclusive).
    """

    story: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outlet: str | None = None
    entity: str | None = None
    place: str | None = None

    @property
    def everything(self) -> bool:
        return not any((self.story, self.since, self.until, self.outlet, self.entity, self.place))


def _named(name: str, kinds: tuple[str, ...]) -> ColumnElement[bool]:
    """An entity of these kinds named ``name`` (or with it among its aliases) exists in
    the current article."""
    key = name.lower()
    return exists().where(
        entities.c.article_id == articles.c.id,
        entities.c.kind.in_(kinds),
        or_(
            func.lower(entities.c.name) == key,
            func.lower(entities.c.aliases).contains(key, autoescape=True),
        ),
    )


def article_filter(sel: Selection) -> ColumnElement[bool] | None:
    """The condition on ``articles`` for a selection (None: every article)."""
    conds: list[ColumnElement[bool]] = []
    if sel.story:
        conds.append(
            articles.c.id.in_(
                select(story_articles.c.article_id).where(story_articles.c.story_id == sel.story)
            )
        )
    if sel.since:
        conds.append(articles.c.published >= sel.since)
    if sel.until:
        conds.append(articles.c.published <= sel.until)
    if sel.outlet:
        conds.append(func.lower(articles.c.outlet) == sel.outlet.lower())
    if sel.entity:
        conds.append(_named(sel.entity, ("person", "organization", "place")))
    if sel.place:
        conds.append(_named(sel.place, ("place",)))
    return and_(*conds) if conds else None


def story_filter(sel: Selection) -> ColumnElement[bool] | None:
    """The condition on a ``story_id`` column for a selection (None: every story)."""
    if sel.story:
        return stories.c.id == sel.story
    cond = article_filter(sel)
    if cond is None:
        return None
    picked = select(story_articles.c.story_id).join(
        articles, articles.c.id == story_articles.c.article_id
    )
    return stories.c.id.in_(picked.where(cond))


def _article_context() -> list[Any]:
    return [
        articles.c.outlet,
        articles.c.published,
        articles.c.title.label("article_title"),
        story_articles.c.story_id,
        stories.c.title.label("story_title"),
    ]


def _article_fact(table: Any) -> Callable[[Selection], Select[Any]]:
    """Query builder for a table of article facts, joined to its article and story."""

    def build(sel: Selection) -> Select[Any]:
        joined: FromClause = (
            table.join(articles, articles.c.id == table.c.article_id)
            .outerjoin(story_articles, story_articles.c.article_id == table.c.article_id)
            .outerjoin(stories, stories.c.id == story_articles.c.story_id)
        )
        q = select(*table.c, *_article_context()).select_from(joined)
        cond = article_filter(sel)
        return (q.where(cond) if cond is not None else q).order_by(table.c.id)

    return build


def _story_fact(table: Any) -> Callable[[Selection], Select[Any]]:
    """Query builder for a table of story facts, with the story title (and the article's
    outlet and date when the row cites an article)."""

    def build(sel: Selection) -> Select[Any]:
        joined: FromClause = table.join(stories, stories.c.id == table.c.story_id)
        extra: list[Any] = [stories.c.title.label("story_title")]
        if "article_id" in table.c:
            joined = joined.join(articles, articles.c.id == table.c.article_id)
            extra.append(articles.c.published)
            if "outlet" not in table.c:
                extra.append(articles.c.outlet)
        q = select(*table.c, *extra).select_from(joined)
        cond = story_filter(sel)
        return (q.where(cond) if cond is not None else q).order_by(table.c.id)

    return build


def _articles(sel: Selection) -> Select[Any]:
    joined = articles.outerjoin(
        story_articles, story_articles.c.article_id == articles.c.id
    ).outerjoin(stories, stories.c.id == story_articles.c.story_id)
    cols = [c for c in articles.c if c.name not in ("text", "data", "minhash", "content_hash")]
    q = select(*cols, story_articles.c.story_id, stories.c.title.label("story_title"))
    cond = article_filter(sel)
    q = q.select_from(joined)
    return (q.where(cond) if cond is not None else q).order_by(articles.c.id)


def _stories(sel: Selection) -> Select[Any]:
    q = select(*(c for c in stories.c if c.name != "data"))
    cond = story_filter(sel)
    return (q.where(cond) if cond is not None else q).order_by(stories.c.id)


def _story_articles(sel: Selection) -> Select[Any]:
    q = select(story_articles.c.story_id, story_articles.c.article_id).select_from(
        story_articles.join(articles, articles.c.id == story_articles.c.article_id)
    )
    cond = article_filter(sel)
    q = q.where(cond) if cond is not None else q
    return q.order_by(story_articles.c.story_id, story_articles.c.article_id)


def places(sel: Selection) -> Select[Any]:
    """Each place mention's entity row with its article's outlet, date and story, ordered
    so that rows of one place come together (:mod:`.geojson` folds them)."""
    n = (
        select(func.count())
        .where(mentions.c.entity_id == entities.c.id)
        .scalar_subquery()
        .label("mentions")
    )
    joined = entities.join(articles, articles.c.id == entities.c.article_id).outerjoin(
        story_articles, story_articles.c.article_id == entities.c.article_id
    )
    q = select(
        entities.c.name,
        entities.c.country,
        entities.c.lat,
        entities.c.lon,
        entities.c.feature,
        entities.c.geonames_id,
        entities.c.article_id,
        articles.c.outlet,
        articles.c.published,
        story_articles.c.story_id,
        n,
    ).select_from(joined)
    q = q.where(
        entities.c.kind == "place", entities.c.lat.is_not(None), entities.c.lon.is_not(None)
    )
    cond = article_filter(sel)
    q = q.where(cond) if cond is not None else q
    return q.order_by(entities.c.name, entities.c.country, entities.c.lat, entities.c.lon)


TABLES: dict[str, Callable[[Selection], Select[Any]]] = {
    "articles": _articles,
    "entities": _article_fact(entities),
    "mentions": _article_fact(mentions),
    "roles": _article_fact(roles),
    "quotes": _article_fact(quotes),
    "figures": _article_fact(figures),
    "dates": _article_fact(dates),
    "events": _article_fact(events),
    "stories": _stories,
    "story_articles": _story_articles,
    "story_entities": _story_fact(story_entities),
    "story_mentions": _story_fact(story_mentions),
    "story_quotes": _story_fact(story_quotes),
    "claims": _story_fact(claims),
    "claim_values": _story_fact(claim_values),
    "timeline": _story_fact(timeline),
}


def find_stories(store: Any, sel: Selection, *, limit: int, offset: int) -> tuple[list[str], int]:
    """A page of the ids of the stories a selection keeps (newest activity first, as
    ``Store.list_stories``), and how many there are in all."""
    cond = story_filter(sel)
    base = select(stories.c.id)
    base = base.where(cond) if cond is not None else base
    page = base.order_by(
        stories.c.last_published.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id
    )
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(base.subquery())).scalar_one())
        ids = [str(r[0]) for r in conn.execute(page.limit(limit).offset(offset))]
    return ids, total


__all__ = ["TABLES", "Selection", "article_filter", "find_stories", "places", "story_filter"]
