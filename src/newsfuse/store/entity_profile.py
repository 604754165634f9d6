"""Everything about one person, group or place across stories, for the entity page:
roles with the outlet that gave them, titles, quotes, figures and mentions by date."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..errors import NotFound
from ..model import Claim, Mention, Quote, Span, Story


def entity_profile(store: Any, name: str) -> dict[str, Any]:
    """The entity called ``name`` (or one of its aliases, any case) across stories.

    Returns ``name``, ``kind``, ``titles``, ``stories``, ``roles`` (role, span, outlet),
    ``quotes``, ``claims`` and ``mention_dates`` ((date or "undated", count), by date).

    Raises:
        NotFound: no story names it.
    """
    key = name.lower()
    found: list[Story] = []
    roles: list[tuple[str, Span]] = []
    quotes: list[Quote] = []
    figures: list[Claim] = []
    mentions: list[Mention] = []
    titles: list[str] = []
    kind = None
    for story in store.list_stories():
        ents = [
            e
            for e in story.entities
            if e.name.lower() == key or key in (a.lower() for a in e.aliases)
        ]
        if not ents:
            continue
        found.append(story)
        for e in ents:
            kind = kind or e.kind
            names = {e.name, *e.aliases}
            roles += [(r, sp) for r, sp in e.roles]
            titles += [t for t in e.titles if t not in titles]
            mentions += list(e.mentions)
            quotes += [q for q in story.quotes if q.speaker in names]
            figures += [c for c in story.claims if c.subject in names or c.place in names]
    if not found:
        raise NotFound(f"No person, group or place called {name!r} in any story.")
    arts = {
        a.id: a
        for a in store.iter_articles(
            {m.span.article_id for m in mentions} | {sp.article_id for _, sp in roles}
        )
    }
    by_date = Counter(
        str(arts[m.span.article_id].published or "undated")
        for m in mentions
        if m.span.article_id in arts
    )
    return {
        "name": name,
        "kind": kind,
        "titles": titles,
        "stories": found,
        "roles": [
            (r, sp, arts[sp.article_id].outlet if sp.article_id in arts else None)
            for r, sp in roles
        ],
        "quotes": quotes,
        "claims": figures,
        "mention_dates": sorted(by_date.items()),
    }


__all__ = ["entity_profile"]
