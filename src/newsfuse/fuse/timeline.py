"""The story's timeline: dated events in chronological order, each once with all sources.

Events from different articles merge when their dates are equal and they say the same
thing: the same trigger with a shared place or actor, or sentence words that overlap
(Jaccard >= :data:`SAME_EVENT`). Dates sort by their start; at equal starts the more
precise date comes first after the coarser one ("2017", then "2017-09", then
"2017-09-14").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..model import AnnotatedArticle, Event, Span, TimelineEntry
from .text import content_words, jaccard

SAME_EVENT = 0.3  # sentence-word Jaccard above which two dated sentences are one event
SEASON_MONTH = {"WI": 1, "SP": 4, "SU": 7, "FA": 10}
PRECISION_RANK = {"decade": 0, "year": 1, "range": 1, "season": 2, "month": 3, "week": 4, "day": 5}


def date_sort_key(value: str, precision: str = "") -> tuple[int, int, int, int]:
    """Sortable (year, month, day, precision rank) for an ISO value.

    >>> date_sort_key("2014-SU") < date_sort_key("2014-11-26") < date_sort_key("2015/2016")
    True
    """
    rank = PRECISION_RANK.get(precision, 0)
    start = value.split("/")[0]
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", start):
        return int(m[1]), int(m[2]), int(m[3]), rank
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", start):
        d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d.year, d.month, d.day, rank
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", start):
        return int(m[1]), SEASON_MONTH[m[2]], 0, rank
    if m := re.fullmatch(r"(\d{4})-(\d{2})", start):
        return int(m[1]), int(m[2]), 0, rank
    if m := re.fullmatch(r"(\d{4})", start):
        return int(m[1]), 0, 0, rank
    if m := re.fullmatch(r"(\d{3})", start):
        return int(m[1]) * 10, 0, 0, rank
    return 9999, 0, 0, rank


def _same(a: Event, b: Event) -> bool:
    """Do two dated event sentences report the same event?"""
    if a.date != b.date:
        return False
    shared = set(a.places) & set(b.places) or set(a.actors) & set(b.actors)
    if a.trigger == b.trigger and shared:
        return True
    return jaccard(content_words(a.text), content_words(b.text)) >= SAME_EVENT


def build_timeline(anns: Sequence[AnnotatedArticle]) -> tuple[TimelineEntry, ...]:
    """Chronological events of a story, each with every source that reports it."""
    groups: list[tuple[Event, list[Span]]] = []
    for ann in anns:
        for ev in ann.events:
            if not ev.date:
                continue
            for first, spans in groups:
                if _same(first, ev):
                    if all(s.article_id != ev.span.article_id for s in spans):
                        spans.append(ev.span)
                    break
            else:
                groups.append((ev, [ev.span]))
    entries = [
        TimelineEntry(ev.date or "", ev.date_precision or "", ev.text, tuple(spans))
        for ev, spans in groups
    ]
    entries.sort(key=lambda e: date_sort_key(e.date, e.precision))
    return tuple(entries)
