"""Reading the normalized tables: everything about one entity across stories, by SQL.

One query per kind of fact over indexed columns, instead of loading every story's JSON:
what the web API's entity endpoint returns. Stories are referenced by id (and title),
never embedded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, or_, select
from sqlalchemy.engine import Connection

from ..errors import NotFound
from .schema import (
    articles,
    claims,
    entities,
    roles,
    stories,
    story_entities,
    story_mentions,
    story_quotes,
)
from .tables import JOIN


def _alias_match(column: Any, key: str) -> Any:
    """True when ``key`` is one of the names joined in ``column`` (case-insensitive)."""
    padded = literal(JOIN) + func.lower(column) + literal(JOIN)
    return padded.contains(f"{JOIN}{key}{JOIN}", autoescape=True)


def _span(aid: str, start: int | None, end: int | None) -> dict[str, Any]:
    return {"article_id": aid, "start": start, "end": end}


def entity_facts(
    conn: Connection, name: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Roles, quotes, claims and mention dates of one person, group or place.

    Args:
        conn: an open connection.
        name: the name or an alias (case-insensitive).
        limit: quotes per page.
        offset: quotes to skip.

    Raises:
        NotFound: no story names it.
    """
    key = name.lower()
    se = story_entities
    matched = conn.execute(
        select(se.c.id, se.c.story_id, se.c.kind, se.c.name, se.c.aliases, se.c.titles)
        .where(or_(func.lower(se.c.name) == key, _alias_match(se.c.aliases, key)))
        .order_by(se.c.story_id)
    ).all()
    if not matched:
        raise NotFound(f"No person, group or place called {name!r} in any story.")
    story_ids = sorted({r.story_id for r in matched})
    names = {r.name for r in matched} | {
        a for r in matched for a in (r.aliases or "").split(JOIN) if a
    }
    titles = sorted({t for r in matched for t in (r.titles or "").split(JOIN) if t})
    lower = [n.lower() for n in names]
    story_rows = conn.execute(
        select(stories.c.id, stories.c.title).where(stories.c.id.in_(story_ids))
    ).all()
    quote_q = (
        select(story_quotes)
        .where(
            story_quotes.c.story_id.in_(story_ids), func.lower(story_quotes.c.speaker).in_(lower)
        )
        .order_by(story_quotes.c.story_id, story_quotes.c.id)
    )
    quote_total = conn.execute(select(func.count()).select_from(quote_q.subquery())).scalar_one()
    quotes = conn.execute(quote_q.limit(limit).offset(offset)).all()
    claim_rows = conn.execute(
        select(claims.c.story_id, claims.c.claim_id, claims.c.label, claims.c.unit, claims.c.status)
        .where(
            claims.c.story_id.in_(story_ids),
            or_(func.lower(claims.c.subject).in_(lower), func.lower(claims.c.place).in_(lower)),
        )
        .order_by(claims.c.story_id, claims.c.claim_id)
    ).all()
    role_rows = conn.execute(
        select(
            roles.c.role,
            roles.c.article_id,
            roles.c.start_char,
            roles.c.end_char,
            articles.c.outlet,
        )
        .join(entities, entities.c.id == roles.c.entity_id)
        .join(articles, articles.c.id == roles.c.article_id)
        .where(func.lower(entities.c.name).in_(lower))
        .order_by(roles.c.article_id, roles.c.start_char)
    ).all()
    by_date = conn.execute(
        select(articles.c.published, func.count())
        .select_from(story_mentions.join(articles, articles.c.id == story_mentions.c.article_id))
        .where(story_mentions.c.story_entity_id.in_([r.id for r in matched]))
        .group_by(articles.c.published)
        .order_by(articles.c.published)
    ).all()
    return {
        "name": name,
        "kind": matched[0].kind,
        "names": sorted(names),
        "titles": titles,
        "stories": [{"id": r.id, "title": r.title} for r in story_rows],
        "roles": [
            {
                "role": r.role,
                "outlet": r.outlet,
                "span": _span(r.article_id, r.start_char, r.end_char),
            }
            for r in role_rows
        ],
        "quotes": {
            "items": [
                {
                    "story_id": q.story_id,
                    "speaker": q.speaker,
                    "content": q.content,
                    "direct": q.direct,
                    "span": _span(q.article_id, q.start_char, q.end_char),
                }
                for q in quotes
            ],
            "total": int(quote_total),
            "limit": limit,
            "offset": offset,
        },
        "claims": [
            {
                "story_id": c.story_id,
                "id": c.claim_id,
                "label": c.label,
                "unit": c.unit,
                "status": c.status,
            }
            for c in claim_rows
        ],
        "mention_dates": [[d.isoformat() if d else "undated", int(n)] for d, n in by_date],
    }


__all__ = ["entity_facts"]
