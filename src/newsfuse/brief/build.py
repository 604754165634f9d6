"""Turn a Story and its articles into a Brief: source labels and ranked sections.

The renderers (Markdown, HTML, JSON, the web app) all read the same :class:`View`, so
they show the same facts in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..fuse.dates_display import human_span
from ..model import (
    Article,
    Brief,
    Claim,
    SourceRef,
    Story,
    StoryEntity,
    StoryQuote,
    TimelineEntry,
)

MAX_CLAIMS = 14  # key figures shown; multi-source claims always come first
MAX_QUOTES = 8
MAX_PEOPLE = 14
MAX_GROUPS = 12
MAX_PLACES = 20
_STOP = {"the", "a", "an", "of", "and", "as", "by", "for", "in", "on", "published", "news"}


def _initials(outlet: str) -> str:
    """'The Washington Post' -> 'WP'; 'AFP' -> 'AFP'; 'Valley Herald' -> 'VH'."""
    words = [str(w) for w in re.findall(r"[A-Za-z][\w'&-]*", outlet) if w.lower() not in _STOP]
    if len(words) == 1:
        w = words[0]
        return w if w.isupper() and len(w) <= 6 else w[:4].upper()
    return "".join(w[0].upper() for w in words[:4]) or "SRC"


def source_labels(articles: Sequence[Article]) -> dict[str, str]:
    """A short, unique, deterministic label per article: [WP], [AFP], [VH2]."""
    labels: dict[str, str] = {}
    used: dict[str, int] = {}
    for a in sorted(articles, key=lambda a: (a.published or dt.date.min, a.id)):
        base = _initials(a.outlet) if a.outlet else str(len(labels) + 1)
        used[base] = used.get(base, 0) + 1
        labels[a.id] = base if used[base] == 1 else f"{base}{used[base]}"
    return labels


def make_brief(story: Story, articles: Sequence[Article], *, generated: str | None = None) -> Brief:
    """The brief of a story: the story, its sources with labels, and their articles."""
    by_id = {a.id: a for a in articles}
    arts = [by_id[i] for i in story.article_ids if i in by_id]
    labels = source_labels(arts)
    sources = tuple(
        SourceRef(
            label=labels[a.id],
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            url=a.url,
            published=a.published,
            byline=a.byline,
            dateline=a.dateline,
        )
        for a in sorted(arts, key=lambda a: (a.published or dt.date.min, a.id))
    )
    when = generated or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Brief(story=story, sources=sources, articles=tuple(arts), generated=when)


@dataclass
class View:
    """What every renderer shows, ranked and trimmed."""

    brief: Brief
    labels: dict[str, str]
    claims: list[Claim]
    people: list[StoryEntity]
    groups: list[StoryEntity]
    places: list[StoryEntity]
    quotes: list[StoryQuote]

    def label(self, article_id: str) -> str:
        """The source label of an article."""
        return self.labels.get(article_id, "?")

    def events(self) -> list[TimelineEntry]:
        """The story's own dated events, in date order."""
        return [t for t in self.brief.story.timeline if not t.background]

    def background(self) -> list[TimelineEntry]:
        """Dates mentioned in passing (earlier years, seasons), in date order."""
        return [t for t in self.brief.story.timeline if t.background]

    def source_count(self) -> str:
        """'1 source', '4 sources': how many reports the brief is built from."""
        return counted(len(self.brief.sources), "source")

    def event_range(self) -> str:
        """'events from 14 Aug 2018 to 16 Aug 2018' over the story's own events, or ''.

        The days and weeks when there are any (a month or season only frames them).
        """
        tl = [t for t in self.events() if t.precision in ("day", "week")] or self.events()
        return f"events {human_span(tl[0].date, tl[-1].date)}" if tl else ""


def counted(n: int, noun: str) -> str:
    """A count as people write it.

    >>> counted(1, "source"), counted(3, "mention")
    ('1 source', '3 mentions')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _claim_rank(c: Claim) -> tuple[int, int, int]:
    order = {"conflicting": 0, "consistent": 1, "corroborated": 2, "single": 3}
    return (order[c.status], -len({v.article_id for v in c.values}), c.values[0].span.start)


def view(brief: Brief) -> View:
    """Rank and trim the brief's sections."""
    st = brief.story
    labels = {s.article_id: s.label for s in brief.sources}
    claims = sorted(st.claims, key=_claim_rank)[:MAX_CLAIMS]
    people = [e for e in st.entities if e.kind == "person"]
    people.sort(key=lambda e: (-(bool(e.roles) or bool(e.titles)), -len(e.mentions)))
    # A group's aliases as the articles wrote them (not every curated alternative).
    groups = [
        dataclasses.replace(
            e, aliases=tuple(a for a in e.aliases if a in {m.text for m in e.mentions})
        )
        for e in st.entities
        if e.kind == "organization"
    ][:MAX_GROUPS]
    places = [e for e in st.entities if e.kind == "place"][:MAX_PLACES]
    # Key quotes are words in quotation marks; reported speech stays in the source texts.
    direct = [q for q in st.quotes if q.direct]
    quotes = sorted(direct, key=lambda q: (q.speaker is None, -min(len(q.content), 200)))
    quotes = quotes[:MAX_QUOTES]
    quotes.sort(key=lambda q: (q.span.article_id != st.article_ids[0], q.span.start))
    return View(brief, labels, claims, people[:MAX_PEOPLE], groups, places, quotes)


def quote_shown(content: str) -> str:
    """A quotation's words as a reader sees them inside one pair of quotation marks.

    A quotation over several paragraphs reopens each paragraph with a quotation mark that
    is never closed (the newspaper convention); shown on one line that mark reads as a
    stray, so it is dropped. A quotation that starts in lower case is the second half of
    a quotation split by its attribution ("If it holds," she said, "we can ..."), and
    opens with an ellipsis.

    >>> quote_shown("We will check every village.\\n\\n“If one side digs in, we will know.")
    'We will check every village. If one side digs in, we will know.'
    >>> quote_shown("we can start sending families home.")
    '… we can start sending families home.'
    >>> quote_shown("It was “a first step” only.")
    'It was “a first step” only.'
    """
    text = " ".join(content.split())
    out = []
    for i, ch in enumerate(text):
        if ch == "“" and "”" not in text[i:]:
            continue  # a paragraph reopened, never closed
        out.append(ch)
    text = " ".join("".join(out).split())
    if text.count('"') % 2:
        text = re.sub(r'(?<=[.!?…,] )"(?=[A-Z])', "", text, count=1)
    if text[:1].islower():
        text = "… " + text
    return text


def value_text(value: float, qualifier: str, unit: str) -> str:
    """'more than 5,000 troops', 'peak of 5,200 troops', '98 percent'."""
    num = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    q = {"exact": "", "peak": "peak of "}.get(qualifier, qualifier + " ")
    return f"{q}{num} {unit}".strip()
