"""The story's timeline: dated events and statements in chronological order, each once
with all the sources that report it.

- **Entries.** Every dated :class:`~newsfuse.model.Event` of every article; and every
  *dated statement*: a body sentence carrying an absolute date (not one resolved from the
  publication date) in which the events stage found no event.
- **Merging.** Entries from different articles are one entry when their dates are equal
  and they say the same thing: the same trigger with a shared place or actor, or
  sentence words that overlap (Jaccard >= :data:`SAME_EVENT`). An entry shows its whole
  sentence: where spaCy cut one (after "U.S.", inside a quotation) the parts are joined
  (:func:`whole_sentence`). The merged entry keeps
  the text of the first report and every source span, one per article.
- **Order.** By the start of the date (a range "2015/2016" by its start, a week by its
  Monday, a season by its first month); at equal starts the coarser date comes first
  ("2017", then "2017-09", then "2017-09-14"), then by first report.

- **Story or background.** An entry is an event *of the story* when its date falls in
  the publication window widened by :data:`LOOKBACK_DAYS` before the first article and
  :data:`LOOKAHEAD_DAYS` after the last (what happened in the days reported on, and what
  is scheduled next), at season precision or finer; or when two or more sources date the
  same event to the day. Everything else is *background* (``background=True``): the
  years, seasons and earlier days mentioned in passing ("the militants rose in 2014").
  Without publication dates every entry finer than a year is the story's.

Limits: an event dated differently by two outlets (one says Sunday, one Monday) stays two
entries; a sentence with several dates is placed at its first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..ingest.furniture import AGENCY_CREDIT_END
from ..model import AnnotatedArticle, Span, TimelineEntry
from .dates_display import date_interval
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
# Days before the first publication that still belong to the story: a news cluster
# reports the last few weeks (calibrated on the dev clusters, whose story days lie 0-21
# days before their first article; the Iraq/Syria background years lie 3-6 years back).
LOOKBACK_DAYS = 31
LOOKAHEAD_DAYS = 92  # scheduled next steps (a vote, a hearing) within about a quarter
STORY_PRECISIONS = frozenset({"day", "week", "month"})
CORROBORATING_SOURCES = 2  # sources that date one event to the day make it the story's


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


MAX_JOINED = 3  # sentences joined to one cut by the parser or inside a quotation


def _straight_open(t: str) -> bool | None:
    """Does the unpaired straight quote in ``t`` open (True) or close (False) a quotation?
    None when every straight quote is paired."""
    if t.count('"') % 2 == 0:
        return None
    k = t.rfind('"')
    return k == 0 or t[k - 1] in " (\u00a0"


def _leans_back(t: str) -> bool:
    """A cut part that belongs to the sentence before it: it starts in lower case, or it
    closes a quotation it did not open."""
    t = t.strip()
    head = t.lstrip("\"'“‘(")
    if head[:1].islower() or t[:1] in "”’":
        return True
    return t.count("”") > t.count("“") or _straight_open(t) is False


def _leans_forward(t: str) -> bool:
    """A cut part that leaves a quotation open for the sentence after it."""
    t = t.strip()
    return t.count("“") > t.count("”") or _straight_open(t) is True


def whole_sentence(ann: AnnotatedArticle, start: int, end: int) -> Span:
    """The sentence holding ``start``, within its line (paragraph), joined to its
    neighbours on that line where spaCy cut inside it or inside a quotation ("The US
    military began bombing IS | that summer ...", "“We counted twice. | There was double
    counting,” the ministry said.").

    A sentence spaCy ran over a paragraph break is cut at it; at most :data:`MAX_JOINED`
    sentences are joined.
    """
    text = ann.article.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    sents = sorted((x.start, x.end) for x in ann.sentences)
    i = next((k for k, (a, b) in enumerate(sents) if a <= start < b), None)
    if i is None:
        return Span(ann.article.id, start, end)
    j = i
    s, e = max(sents[i][0], line_start), min(max(sents[i][1], end), line_end)
    if not text[s:e].strip():
        return Span(ann.article.id, start, end)
    while s > line_start and i > 0 and j - i < MAX_JOINED and _leans_back(text[s:e]):
        i -= 1
        s = max(sents[i][0], line_start)
    while e < line_end and text[e] in '"”’)' and _leans_forward(text[s:e]):
        e += 1  # a closing mark the parser left to the next sentence: '... 2027.|"'
    while e < line_end and j + 1 < len(sents) and j - i < MAX_JOINED and _leans_forward(text[s:e]):
        j += 1
        e = min(sents[j][1], line_end)
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return Span(ann.article.id, s, e)


def _event_anchor(ann: AnnotatedArticle, span: Span, date: str) -> int:
    """Where an event sentence is anchored: its date, or else the start of its longest
    line (spaCy may run an event's sentence over a paragraph break)."""
    for d in ann.dates:
        if span.start <= d.span.start < span.end and d.value == date:
            return d.span.start
    text = ann.article.text
    pieces = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text[span.start : span.end])]
    if not pieces:
        return span.start
    best = max(pieces, key=lambda m: len(m.group(0).strip()))
    return span.start + best.start() + len(best.group(0)) - len(best.group(0).lstrip())


def _captioned(text: str, start: int) -> bool:
    """Is the line holding ``start`` a photo caption credited to an agency ("(AAP)")?"""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return bool(AGENCY_CREDIT_END.search(text[a : b if b != -1 else len(text)]))


def _statements(ann: AnnotatedArticle, covered: list[Span]) -> list[_Entry]:
    """Body sentences with an absolute date and no event: dated statements."""
    out = []
    art = ann.article
    for d in ann.dates:
        if d.relative or d.precision not in STATEMENT_PRECISIONS:
            continue
        if not art.in_body(d.span.start, d.span.end):
            continue
        found = next((s for s in ann.sentences if s.start <= d.span.start < s.end), None)
        if found is None or _captioned(art.text, found.start):
            continue
        sent = whole_sentence(ann, d.span.start, d.span.end)
        if any(c.start < sent.end and sent.start < c.end for c in covered):
            continue
        covered.append(sent)
        text = display_text(art.text[sent.start : sent.end])
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


def display_text(text: str) -> str:
    """A dated sentence as shown: its longest line, without a quote mark left dangling.

    >>> display_text('"\\n\\nClashes last week killed 38 people.')
    'Clashes last week killed 38 people.'
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    line = max(lines, key=len) if lines else ""
    for q in ('"', "“", "”"):
        if line.count('"') % 2 == 1 or line.count("“") != line.count("”"):
            if line.startswith(q):
                line = line[1:].lstrip()
            elif line.endswith(q):
                line = line[:-1].rstrip()
    return line


def _entries(ann: AnnotatedArticle) -> list[_Entry]:
    """An article's dated events and statements."""
    out = []
    covered: list[Span] = []
    for ev in ann.events:
        if not ev.date or _captioned(ann.article.text, ev.span.start):
            continue  # undated, or a photo caption ("... April 25, 2019 (AAP)")
        anchor = _event_anchor(ann, ev.span, ev.date)
        span = whole_sentence(ann, anchor, anchor + 1)
        covered.append(span)
        out.append(
            _Entry(
                ev.date,
                ev.date_precision or "",
                display_text(ann.article.text[span.start : span.end]),
                ev.trigger.lower(),
                frozenset(p.lower() for p in ev.places),
                frozenset(a.lower() for a in ev.actors),
                set(content_words(ev.text)),
                [span],
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
    window = publication_window(anns)
    return tuple(
        TimelineEntry(
            merged[i].date,
            merged[i].precision,
            merged[i].text,
            tuple(merged[i].spans),
            background=is_background(merged[i], window),
        )
        for i in order
    )


def publication_window(anns: Sequence[AnnotatedArticle]) -> tuple[dt.date, dt.date] | None:
    """The first and last publication date of the articles, or None when none is dated."""
    dates = [a.article.published for a in anns if a.article.published]
    return (min(dates), max(dates)) if dates else None


def is_background(entry: _Entry, window: tuple[dt.date, dt.date] | None) -> bool:
    """Is a timeline entry a date mentioned in passing rather than an event of the story?"""
    precision = entry.precision or _precision_of(entry.date)
    sources = len({s.article_id for s in entry.spans})
    if precision == "day" and sources >= CORROBORATING_SOURCES:
        return False
    if precision not in STORY_PRECISIONS and precision != "season":
        return True
    if window is None:
        return False
    span = date_interval(entry.date)
    if span is None:
        return True
    lo = window[0] - dt.timedelta(days=LOOKBACK_DAYS)
    hi = window[1] + dt.timedelta(days=LOOKAHEAD_DAYS)
    return not (span[0] <= hi and span[1] >= lo)


def _precision_of(value: str) -> str:
    """The precision of an ISO value when the entry did not record one."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    return "year"
