"""The story's timeline: dated events and statements in chronological order, each once
with all the sources that report it.

- **Entries.** Every dated :class:`~newsfuse.model.Event` of every article; and every
  *dated statement*: a body sentence carrying an absolute date (not one resolved from the
  publication date) in which the events stage found no event.
- **Merging.** Entries from different articles are one entry when their dates are equal
  and they say the same thing: the same trigger with a shared place or actor, or
  sentence words that overlap (Jaccard >= :data:`SAME_EVENT`). The merged entry keeps
  the text of the first report and every source span, one per article.
- **Order.** By the start of the date (a range "2015/2016" by its start, a week by its
  Monday, a season by its first month); at equal starts the coarser date comes first
  ("2017", then "2017-09", then "2017-09-14"), then by first report.

Limits: an event dated differently by two outlets (one says Sunday, one Monday) stays two
entries; a sentence with several dates is placed at its first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import AnnotatedArticle, Span, TimelineEntry
from .text import content_words, jaccard

SAME_EVENT = 0.3  # sentence-word Jaccard above which two dated sentences are one event
SEASON_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9}
PRECISION_RANK = {
    "decade": 0,
    "year": 1,
    "range": 1,
    "season": 2,
    "quarter": 2,
    "month": 3,
    "week": 4,
    "day": 5,
}
STATEMENT_PRECISIONS = frozenset({"day", "week", "month", "season", "year", "range"})


def date_sort_key(value: str, precision: str = "") -> tuple[int, int, int, int]:
    """Sortable (year, month, day, precision rank) for an ISO value; unknown forms last.

    >>> date_sort_key("2014-SU") < date_sort_key("2014-11-26") < date_sort_key("2015/2016")
    True
    >>> date_sort_key("2017", "year") < date_sort_key("2017-01", "month")
    True
    """
    rank = PRECISION_RANK.get(precision, 0)
    start = value.split("/")[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", start):
            return int(m[1]), int(m[2]), int(m[3]), rank
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", start):
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d.year, d.month, d.day, rank
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", start):
            return int(m[1]), SEASON_MONTH[m[2]], 0, rank
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", start):
            return int(m[1]), 3 * int(m[2]) - 2, 0, rank
        if m := re.fullmatch(r"(\d{4})-(\d{2})", start):
            return int(m[1]), int(m[2]), 0, rank
        if m := re.fullmatch(r"(\d{4})", start):
            return int(m[1]), 0, 0, rank
        if m := re.fullmatch(r"(\d{3})X?", start):
            return int(m[1]) * 10, 0, 0, rank
    except ValueError:
        pass
    return 9999, 99, 99, rank


@dataclass
class _Entry:
    date: str
    precision: str
    text: str
    trigger: str | None
    places: frozenset[str]
    actors: frozenset[str]
    words: set[str]
    spans: list[Span] = field(default_factory=list)

    def same(self, other: _Entry) -> bool:
        """Does another dated sentence report this entry?"""
        if self.date != other.date:
            return False
        shared = self.places & other.places or self.actors & other.actors
        if self.trigger and self.trigger == other.trigger and shared:
            return True
        return jaccard(self.words, other.words) >= SAME_EVENT


def _statements(ann: AnnotatedArticle, covered: list[Span]) -> list[_Entry]:
    """Body sentences with an absolute date and no event: dated statements."""
    out = []
    art = ann.article
    for d in ann.dates:
        if d.relative or d.precision not in STATEMENT_PRECISIONS:
            continue
        if not art.in_body(d.span.start, d.span.end):
            continue
        sent = next((s for s in ann.sentences if s.start <= d.span.start < s.end), None)
        if sent is None or any(c.start < sent.end and sent.start < c.end for c in covered):
            continue
        covered.append(sent)
        text = art.text[sent.start : sent.end].strip()
        out.append(
            _Entry(
                d.value,
                d.precision,
                text,
                None,
                frozenset(),
                frozenset(),
                set(content_words(text)),
                [sent],
            )
        )
    return out


def _entries(ann: AnnotatedArticle) -> list[_Entry]:
    """An article's dated events and statements."""
    out = []
    covered: list[Span] = []
    for ev in ann.events:
        if not ev.date:
            continue
        covered.append(ev.span)
        out.append(
            _Entry(
                ev.date,
                ev.date_precision or "",
                ev.text.strip(),
                ev.trigger.lower(),
                frozenset(p.lower() for p in ev.places),
                frozenset(a.lower() for a in ev.actors),
                set(content_words(ev.text)),
                [ev.span],
            )
        )
    return out + _statements(ann, covered)


def build_timeline(anns: Sequence[AnnotatedArticle]) -> tuple[TimelineEntry, ...]:
    """Chronological events and dated statements of a story, each with every source.

    Args:
        anns: the story's annotated articles (earliest first, so that an entry keeps the
            text of its first report).

    Returns:
        TimelineEntries in date order.

    >>> build_timeline([])
    ()
    """
    merged: list[_Entry] = []
    for ann in anns:
        for entry in _entries(ann):
            aid = ann.article.id
            match = next((m for m in merged if m.same(entry)), None)
            if match is None:
                merged.append(entry)
            elif all(s.article_id != aid for s in match.spans):
                match.spans.append(entry.spans[0])
            # else: the same article says it twice; keep the first
    order = sorted(
        range(len(merged)), key=lambda i: (date_sort_key(merged[i].date, merged[i].precision), i)
    )
    return tuple(
        TimelineEntry(merged[i].date, merged[i].precision, merged[i].text, tuple(merged[i].spans))
        for i in order
    )
