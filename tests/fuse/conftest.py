"""Builders for hand-made AnnotatedArticles: fuse tests need no spaCy model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from newsfuse.model import (
    AnnotatedArticle,
    DateRef,
    Entity,
    Event,
    Figure,
    Mention,
    Place,
    Quote,
    Span,
    new_article,
)

Build = Callable[..., AnnotatedArticle]


def _find(text: str, phrase: str, aid: str) -> Span:
    start = text.index(phrase)
    return Span(aid, start, start + len(phrase))


def build_article(
    text: str,
    *,
    outlet: str = "Daily Example",
    published: str | None = "2021-03-10",
    title: str | None = None,
    duplicate_of: str | None = None,
    people: tuple[dict[str, Any], ...] = (),
    orgs: tuple[dict[str, Any], ...] = (),
    places: tuple[dict[str, Any], ...] = (),
    figures: tuple[dict[str, Any], ...] = (),
    events: tuple[dict[str, Any], ...] = (),
    dates: tuple[dict[str, Any], ...] = (),
    quotes: tuple[dict[str, Any], ...] = (),
) -> AnnotatedArticle:
    """An AnnotatedArticle whose annotations are located by the phrases they quote.

    Each dict gives a record's fields; ``mentions`` (entities, places) and ``text``
    (figures, events, dates, quotes' ``content``) are phrases found in ``text``.
    Sentences are split on ". ".
    """
    art = new_article(
        text,
        outlet=outlet,
        title=title,
        published=dt.date.fromisoformat(published) if published else None,
        duplicate_of=duplicate_of,
    )
    aid = art.id

    def mentions(d: dict[str, Any]) -> tuple[Mention, ...]:
        return tuple(Mention(m, _find(text, m, aid)) for m in d.get("mentions", (d["name"],)))

    ents = []
    for n, d in enumerate(people, 1):
        role = d.get("role")
        ents.append(
            Entity(
                f"p{n}",
                "person",
                d["name"],
                mentions(d),
                aliases=tuple(d.get("aliases", ())),
                title=d.get("title"),
                role=role,
                role_span=_find(text, role, aid) if role else None,
            )
        )
    for n, d in enumerate(orgs, 1):
        ents.append(
            Entity(f"o{n}", "organization", d["name"], mentions(d), tuple(d.get("aliases", ())))
        )
    plcs = tuple(
        Place(
            f"l{n}",
            d["name"],
            mentions(d),
            country=d.get("country"),
            lat=d.get("lat"),
            lon=d.get("lon"),
            geonames_id=d.get("geonames_id"),
        )
        for n, d in enumerate(places, 1)
    )
    figs = tuple(
        Figure(
            value=d["value"],
            unit=d["unit"],
            qualifier=d.get("qualifier", "exact"),
            text=d["text"],
            span=_find(text, d["text"], aid),
            subject=d.get("subject"),
            place=d.get("place"),
            date=d.get("date"),
            normalized_value=d.get("normalized_value"),
            normalized_unit=d.get("normalized_unit"),
            verb=d.get("verb"),
            tense=d.get("tense"),
        )
        for d in figures
    )
    evs = tuple(
        Event(
            d["text"],
            _find(text, d["text"], aid),
            d["trigger"],
            d.get("date"),
            d.get("precision", "day"),
            tuple(d.get("places", ())),
            tuple(d.get("actors", ())),
        )
        for d in events
    )
    drefs = tuple(
        DateRef(d["text"], d["value"], d.get("precision", "day"), _find(text, d["text"], aid))
        for d in dates
    )
    qts = tuple(
        Quote(
            d["content"],
            _find(text, d["content"], aid),
            speaker=d.get("speaker"),
            direct=d.get("direct", True),
        )
        for d in quotes
    )
    sentences = []
    start = 0
    for part in text.split(". "):
        end = start + len(part) + 1
        sentences.append(Span(aid, start, min(end, len(text))))
        start = end + 1
    return AnnotatedArticle(
        art,
        entities=tuple(ents),
        places=plcs,
        quotes=qts,
        figures=figs,
        dates=drefs,
        events=evs,
        sentences=tuple(sentences),
    )


@pytest.fixture
def build() -> Build:
    """The :func:`build_article` builder."""
    return build_article
