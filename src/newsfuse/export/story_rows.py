"""The stories list as rows, read from the normalized tables with one page per query.

A front page or ``/api/stories`` shows, per story: its title, dates, article count,
outlets, its most-mentioned people, groups and places, and how many of its figures agree
or conflict. Everything comes from indexed columns and the normalized tables
(:mod:`newsfuse.store.schema`), for the stories of one page only: no request reads every
story's JSON, so a page costs the same on a store of 1,000 or 100,000 articles (the
count of matching stories is one indexed ``COUNT``).

Sorts: ``recent`` (latest article first, the default), ``size`` (most articles),
``sources`` (most outlets), ``conflicts`` (most open conflicts: conflicting claims that
no analyst dismissed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from ..store.schema import articles, claims, stories, story_articles, story_entities
from .queries import Selection, story_filter

SORTS = ("recent", "size", "sources", "conflicts")
TOP_ENTITIES = 5  # names shown per story for each of people/groups and places

_OPEN_CONFLICT = and_(
    claims.c.status == "conflicting", or_(claims.c.review.is_(None), claims.c.review != "dismissed")
)


def _sources_of() -> Any:
    """Correlated count of a story's distinct outlets."""
    return (
        select(func.count(func.distinct(articles.c.outlet)))
        .select_from(story_articles.join(articles, articles.c.id == story_articles.c.article_id))
        .where(story_articles.c.story_id == stories.c.id)
        .scalar_subquery()
    )


def _conflicts_of() -> Any:
    """Correlated count of a story's open conflicts."""
    return (
        select(func.count())
        .select_from(claims)
        .where(claims.c.story_id == stories.c.id, _OPEN_CONFLICT)
        .scalar_subquery()
    )


def _order(sort: str) -> list[Any]:
    recent = [stories.c.last_published.desc().nulls_last(), stories.c.updated_at.desc()]
    by = {
        "recent": recent,
        "size": [stories.c.article_count.desc().nulls_last(), *recent],
        "sources": [_sources_of().desc(), *recent],
        "conflicts": [_conflicts_of().desc(), *recent],
    }[sort]
    return [*by, stories.c.id]


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def story_rows(
    store: Any, sel: Selection, *, sort: str = "recent", limit: int = 25, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of story rows matching ``sel``, and how many stories match in all.

    Raises:
        ValueError: an unknown sort (the shells turn it into a usage error / 422).
    """
    if sort not in SORTS:
        raise ValueError(f"Unknown sort {sort!r}. Available: {', '.join(SORTS)}")
    cond = story_filter(sel)
    base = select(
        stories.c.id,
        stories.c.title,
        stories.c.article_count,
        stories.c.first_published,
        stories.c.last_published,
    )
    if cond is not None:
        base = base.where(cond)
    counted = select(func.count()).select_from(stories)
    if cond is not None:
        counted = counted.where(cond)
    with store.engine.connect() as conn:
        total = int(conn.execute(counted).scalar_one())
        page = conn.execute(base.order_by(*_order(sort)).limit(limit).offset(offset)).all()
        ids = [str(r.id) for r in page]
        outlets: dict[str, list[str]] = {i: [] for i in ids}
        names: dict[str, dict[str, list[str]]] = {i: {"entities": [], "places": []} for i in ids}
        agree: dict[str, int] = dict.fromkeys(ids, 0)
        conflict: dict[str, int] = dict.fromkeys(ids, 0)
        if ids:
            q = (
                select(story_articles.c.story_id, articles.c.outlet)
                .select_from(
                    story_articles.join(articles, articles.c.id == story_articles.c.article_id)
                )
                .where(story_articles.c.story_id.in_(ids), articles.c.outlet.is_not(None))
                .distinct()
                .order_by(story_articles.c.story_id, articles.c.outlet)
            )
            for sid, outlet in conn.execute(q):
                outlets[str(sid)].append(str(outlet))
            q2 = (
                select(story_entities.c.story_id, story_entities.c.kind, story_entities.c.name)
                .where(story_entities.c.story_id.in_(ids))
                .order_by(
                    story_entities.c.story_id,
                    story_entities.c.mention_count.desc(),
                    story_entities.c.name,
                )
            )
            for sid, kind, name in conn.execute(q2):
                key = "places" if kind == "place" else "entities"
                bucket = names[str(sid)][key]
                if len(bucket) < TOP_ENTITIES:
                    bucket.append(str(name))
            q3 = (
                select(
                    claims.c.story_id,
                    func.sum(case((_OPEN_CONFLICT, 1), else_=0)),
                    func.sum(
                        case((claims.c.status.in_(("corroborated", "consistent")), 1), else_=0)
                    ),
                )
                .where(claims.c.story_id.in_(ids))
                .group_by(claims.c.story_id)
            )
            for sid, n_conflict, n_agree in conn.execute(q3):
                conflict[str(sid)] = int(n_conflict or 0)
                agree[str(sid)] = int(n_agree or 0)
    rows = [
        {
            "id": str(r.id),
            "title": r.title,
            "articles": int(r.article_count or 0),
            "first": _iso(r.first_published),
            "last": _iso(r.last_published),
            "outlets": outlets[str(r.id)],
            "sources": len(outlets[str(r.id)]),
            "entities": names[str(r.id)]["entities"],
            "places": names[str(r.id)]["places"],
            "conflicts": conflict[str(r.id)],
            "agreeing": agree[str(r.id)],
        }
        for r in page
    ]
    return rows, total


def outlet_choices(store: Any, limit: int = 1000) -> list[str]:
    """The outlets a front-page filter can choose from, sorted (an index skip scan)."""
    return list(store.outlets(limit))


__all__ = ["SORTS", "outlet_choices", "story_rows"]
