"""Fictional stored corpora for the story workflow: no spaCy model needed.

Each event has its own people, a place, a kind ("flood", "strike", ...) shared with other
events, and a date; its reports are written from templates, so the right grouping is
known. Annotations are made by hand and saved with the default pipeline's stage names,
so ``newsfuse stories`` (which annotates what is pending first) has nothing to annotate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.annotate import build_pipeline
from newsfuse.model import AnnotatedArticle, Entity, Mention, Place, Span, new_article
from newsfuse.store import Store, open_store
from newsfuse.workflow import store_articles

KINDS = {
    "flood": "Floodwaters rose over the river banks in {place}; {a} ordered evacuations "
    "while {b} said rescue boats reached stranded families on rooftops.",
    "strike": "Dock workers walked off the job in {place}; union leader {a} said the strike "
    "would last until {b} reopened wage talks at the harbour authority.",
    "trial": "The trial of {a} opened in {place}; prosecutor {b} told jurors the accused "
    "had moved stolen funds through shell companies for years.",
}
FIRST = "Ardo Brin Cael Dova Ezra Fenn Gala Hube Iska Jorn Kael Lumi Mavo Nira Oske Pell".split()
LAST = "Vantor Quell Marsk Odren Talvi Ressa Ulmer Kovac Sarno Dalby Fjord Hesk".split()
PLACES = "Port Amsel|Valdoria|Kesh Harbour|Lindmark|Ostra Vale|Tamber|Rivenholm|Calder Bay".split(
    "|"
)
EXTRA = (
    "Officials gave an update later in the day.",
    "Residents described the scene to reporters.",
    "More details were expected on {day}.",
    "Local radio carried the announcement.",
)


def _span(text: str, phrase: str, aid: str, start: int = 0) -> Span:
    at = text.index(phrase, start)
    return Span(aid, at, at + len(phrase))


def report(event: int, n: int, kind: str, day: dt.date) -> AnnotatedArticle:
    """Report ``n`` of fictional event ``event``: its own two people and its place."""
    a = f"{FIRST[event % len(FIRST)]} {LAST[event % len(LAST)]}"
    b = f"{FIRST[(event + 8) % len(FIRST)]} {LAST[(event + 6) % len(LAST)]}"
    place = PLACES[event % len(PLACES)]
    body = KINDS[kind].format(place=place, a=a, b=b)
    extra = " ".join(EXTRA[(n + k) % len(EXTRA)] for k in range(2)).format(day=day.isoformat())
    text = f"{body} {extra} Report {n} on {a} and {b} in {place}."
    art = new_article(text, title=f"{kind.title()} in {place}", published=day)
    aid = art.id
    people = tuple(
        Entity(f"p{i}", "person", name, tuple(Mention(name, s) for s in _all(text, name, aid)))
        for i, name in enumerate((a, b), start=1)
    )
    places = (Place("l1", place, tuple(Mention(place, s) for s in _all(text, place, aid))),)
    return AnnotatedArticle(
        article=art, entities=people, places=places, pipeline=build_pipeline().names
    )


def _all(text: str, phrase: str, aid: str) -> list[Span]:
    spans, start = [], 0
    while phrase in text[start:]:
        s = _span(text, phrase, aid, start)
        spans.append(s)
        start = s.end
    return spans


def corpus(
    events: int, per_event: int, start: dt.date = dt.date(2022, 5, 1)
) -> list[tuple[int, AnnotatedArticle]]:
    """(event number, report) for ``events`` events of three kinds, ``per_event`` each."""
    kinds = sorted(KINDS)
    out = []
    for e in range(events):
        first = start + dt.timedelta(days=23 * e)
        for n in range(per_event):
            out.append((e, report(e, n, kinds[e % len(kinds)], first + dt.timedelta(days=n % 4))))
    return out


def fill(store: Store, anns: list[AnnotatedArticle]) -> None:
    """Ingest the articles and save their annotations."""
    store_articles(store, [a.article for a in anns])
    for ann in anns:
        store.save_annotations(ann)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'news.db'}") as store:
        yield store
