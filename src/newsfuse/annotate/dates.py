"""Time expressions normalized against the publication date, in ISO 8601.

Precision follows what the text supports: ``2017-11-26`` (day), ``2017-11`` (month),
``2017`` (year), ``2014-SU`` (season, TimeML codes SP/SU/FA/WI), ``2017-W47`` (ISO week),
``2015/2016`` and ``1960/1969`` (ranges, decades). A time of day goes to its day
("Friday afternoon", "9 a.m. EST Tuesday", "at 18:00 UTC"); quarters and halves go to
their year ("the first quarter of last year" -> 2018), as the gold sets do.

Method, in four phases over one :class:`_Draft`:

1. **find**: every regular expression of :data:`.timex.PATTERNS` (those whose cue words
   occur: :func:`.timex.patterns_for`), longest match first
   (captions and credit lines are skipped: their dates describe the photo or the
   reporting, not the story);
2. **filter**: drop matches the surrounding words rule out ("2014 troops", "Flight 1952",
   "today's youth", "the U.S. today");
3. **attach**: a clock time written next to a day joins it ("10 p.m. Wednesday");
4. **resolve**: left to right, each kind through its resolver in :data:`RESOLVERS`,
   against the publication date and two anchors: the last explicit day ("Nov. 26"
   anchors "a week earlier") and the last explicit year ("in 2014" anchors "that
   summer"). A weekday, a day or a month without a year reads back from the publication
   date unless its clause is in the future tense ("will meet on Thursday", "is payable
   Jan. 2", "as soon as Tuesday").

Not dates, on purpose: durations ("for three years", "in 14 years", "three days after the
attack": they stay figures), "now" (the moment of writing; neither gold set annotates it,
and a brief gains nothing from the publication date repeated), generic "today" ("Today,
the alliance has 30 members", "the U.S. today") and vague spans ("the past year", "in
recent months"). Spelled-out years of broadcast transcripts ("nineteen seventy-nine") are
not read.

dateparser's ``search_dates`` was measured against this resolver on the same gold
(``bench/dates_compare.py``): it finds far fewer of the relative expressions news uses
and mis-reads numbers as dates, so it is not used here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Article, DateRef, Span
from .timex import (
    _AMBIGUOUS_MONTHS,
    _CLOCK,
    _CODE_BEFORE,
    _COUNT_AFTER,
    _FUTURE_CUE,
    _MONTH_CUE,
    _SP,
    MONTHS,
    NUMBERS,
    ORDINALS,
    SEASON_END_MONTH,
    SEASONS,
    WEEKDAYS,
    patterns_for,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Auxiliaries, modals and governing verbs that put a clause in the future ("will meet on
# Monday", "could come as soon as Tuesday", "is scheduled to vote on March 3").
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "could", "might", "may", "can"})
FUTURE_GOVERNORS = frozenset({"schedule", "plan", "expect", "set", "due", "slate", "hope"})
# Calibrated on the tuning halves (timebank-dev docs with an even index in sorted order,
# dev clusters iraq-syria, genoa-bridge, brexit-deal-vote, takeda-shire); re-run
# `newsfuse eval` on both after changing one.
# An anchor ("that day", "a year earlier") further back than this is stale.
# 0 / 150 / 400 / 1000: dev tune F1 .904 / .923 / .933 / .933 (timebank .824 / .822 /
# .822 / .815). A bare "May 31" near a full date with a year once took that year; no
# gold item needed it, so it went.
ANCHOR_CHARS = 400
# A bare month/day up to this far ahead is read as upcoming ("record date Dec. 15" in
# November). 15 / 31 / 62 / 92 days: timebank tune F1 .811 / .813 / .817 / .818.
FUTURE_TOLERANCE_DAYS = 62


@dataclass
class _Hit:
    """A matched expression waiting to be resolved against its anchors."""

    start: int
    end: int
    kind: str
    m: re.Match[str]
    tense: str | None = None  # "past", "future" or None (present or unknown)

    def group(self, name: str) -> str:
        """A named group of the match, lower-cased, "" when absent."""
        value = self.m.groupdict().get(name)
        return (value or "").lower().replace("\u00a0", " ")


_DAY_KINDS = frozenset({"day_month", "weekday", "deictic", "holiday", "anchor"})


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _nearest(candidates: list[dt.date], pub: dt.date, tense: str | None) -> dt.date:
    """The candidate the tense points to: the last one on or before ``pub`` (past), the
    first one on or after it (future), else the nearest, a short way ahead allowed."""
    if tense == "future":
        ahead = [d for d in candidates if d >= pub]
        if ahead:
            return min(ahead)
    if tense == "past":
        back = [d for d in candidates if d <= pub]
        if back:
            return max(back)

    def score(d: dt.date) -> int:
        delta = (d - pub).days
        return abs(delta) if delta <= FUTURE_TOLERANCE_DAYS else abs(delta) + 365

    return min(candidates, key=score)


def _dates_in_years(month: int, day: int, years: range) -> list[dt.date]:
    out = []
    for y in years:
        try:
            out.append(dt.date(y, month, day))
        except ValueError:
            continue
    return out


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * wd) // 433
    month = (h + wd - 7 * m + 90) // 25
    return dt.date(year, month, (h + wd - 7 * m + 33 * month + 19) % 32)


# Holidays by their first word(s), as a function of the year (US and Western Christian
# calendars: the gold sets are English-language news).
HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "easter": _easter,
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "independence day": lambda y: dt.date(y, 7, 4),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
}


@dataclass
class _Anchors:
    """What relative expressions are resolved against."""

    pub: dt.date | None
    last_day: tuple[dt.date, int] | None = None  # the day and where its mention ended
    last_year: tuple[int, int] | None = None
    pos: int = 0  # start of the expression being resolved

    def day(self) -> dt.date | None:
        """The last explicit day, while it is still near."""
        if self.last_day and self.pos - self.last_day[1] <= ANCHOR_CHARS:
            return self.last_day[0]
        return None

    def year(self) -> int | None:
        """The last explicit year, while it is still near."""
        if self.last_year and self.pos - self.last_year[1] <= ANCHOR_CHARS:
            return self.last_year[0]
        return None


Resolved = tuple[str, str, bool] | None  # (value, precision, relative)
Resolver = Callable[[_Hit, _Anchors], Resolved]


def _r_range_years(hit: _Hit, a: _Anchors) -> Resolved:
    return f"{hit.group('y1')}/{hit.group('y2')}", "range", False


def _r_decade(hit: _Hit, a: _Anchors) -> Resolved:
    dec = hit.group("dec")
    return f"{dec}0/{dec}9", "decade", False


def _r_year_part(hit: _Hit, a: _Anchors) -> Resolved:
    return hit.group("year"), "year", False


def _r_year(hit: _Hit, a: _Anchors) -> Resolved:
    return hit.group("year"), "year", False


def _quarter_year(q: int, pub: dt.date, tense: str | None) -> int:
    """The year of "the third quarter" said on ``pub``: the latest one begun by then."""
    start_month = 3 * (q - 1) + 1
    if tense == "future":
        return pub.year if pub.month <= start_month + 2 else pub.year + 1
    return pub.year if pub.month >= start_month else pub.year - 1


def _r_quarter(hit: _Hit, a: _Anchors) -> Resolved:
    if hit.group("year"):
        return hit.group("year"), "year", False
    if a.pub is None:
        return None
    if hit.group("yrel"):
        step = {"last": -1, "this": 0, "next": 1}[hit.group("yrel")]
        return str(a.pub.year + step), "year", True
    n = ORDINALS.get(hit.group("q"), 0)
    if hit.group("unit") == "half":
        n = 2 * n - 1
    year = _quarter_year(n, a.pub, hit.tense) if n else a.pub.year
    return str(year), "year", True


def _r_year_ago(hit: _Hit, a: _Anchors) -> Resolved:
    return (str(a.pub.year - 1), "year", True) if a.pub else None


def _r_day_month(hit: _Hit, a: _Anchors) -> Resolved:
    mon, day = _month(hit.group("mon")), int(hit.group("day"))
    if not 1 <= day <= 31:
        return None
    if hit.group("year"):
        try:
            return dt.date(int(hit.group("year")), mon, day).isoformat(), "day", False
        except ValueError:
            return None
    if a.pub is None:
        return None
    tense = _rel_tense(hit.group("rel")) or hit.tense
    candidates = _dates_in_years(mon, day, range(a.pub.year - 1, a.pub.year + 2))
    if not candidates:
        return None
    return _nearest(candidates, a.pub, tense).isoformat(), "day", True


def _rel_tense(rel: str) -> str | None:
    """ "next"/"this coming" look ahead, "last"/"this past" look back."""
    if rel in ("next", "this coming"):
        return "future"
    if rel in ("last", "this past"):
        return "past"
    return None


def _r_month(hit: _Hit, a: _Anchors) -> Resolved:
    mon = _month(hit.group("mon"))
    if hit.group("year"):
        return f"{int(hit.group('year')):04d}-{mon:02d}", "month", False
    if a.pub is None:
        return None
    rel = hit.group("rel")
    if rel == "this":
        return f"{a.pub.year:04d}-{mon:02d}", "month", True
    firsts = [dt.date(y, mon, 1) for y in range(a.pub.year - 1, a.pub.year + 2)]
    this_month = dt.date(a.pub.year, a.pub.month, 1)
    tense = _rel_tense(rel)
    if tense == "past":
        d = max(f for f in firsts if f < this_month)
    elif tense == "future":
        d = min(f for f in firsts if f > this_month)
    else:
        mids = [f.replace(day=15) for f in firsts]
        d = _nearest(mids, a.pub, hit.tense)
    return f"{d.year:04d}-{mon:02d}", "month", True


def _r_week_of_month(hit: _Hit, a: _Anchors) -> Resolved:
    """ "the third week of November": the third week that starts on a Monday in it."""
    mon = _month(hit.group("mon"))
    if hit.group("year"):
        year = int(hit.group("year"))
    elif a.pub is not None:
        firsts = [dt.date(y, mon, 15) for y in range(a.pub.year - 1, a.pub.year + 2)]
        year = _nearest(firsts, a.pub, hit.tense).year
    else:
        return None
    n = -1 if hit.group("q") in ("last", "final") else ORDINALS[hit.group("q")]
    monday = _nth_weekday(year, mon, 0, n)
    return _iso_week(monday), "week", bool(not hit.group("year"))


def _r_season(hit: _Hit, a: _Anchors) -> Resolved:
    code = SEASONS[hit.group("season")]
    if hit.group("year"):
        return f"{hit.group('year')}-{code}", "season", False
    rel = hit.group("rel")
    if rel == "that":
        return (f"{a.year()}-{code}", "season", True) if a.year() else None
    if not rel or a.pub is None:
        return None  # "the summer", "in winter": generic
    pub, end = a.pub, SEASON_END_MONTH[code]
    year = pub.year
    if rel in ("last", "this past"):
        year = pub.year if pub.month > end and code != "WI" else pub.year - 1
    elif rel in ("next", "this coming"):
        year = pub.year + 1 if pub.month >= end - 2 else pub.year
    return f"{year}-{code}", "season", True


def _r_weekday(hit: _Hit, a: _Anchors) -> Resolved:
    if a.pub is None:
        return None
    pub, target = a.pub, WEEKDAYS[hit.group("wd")]
    rel = hit.group("rel")
    ahead = (target - pub.weekday()) % 7
    back = (pub.weekday() - target) % 7
    if rel in ("next", "this coming"):
        d = pub + dt.timedelta(days=ahead or 7)
    elif rel in ("last", "this past"):
        d = pub - dt.timedelta(days=back or 7)
    elif hit.tense == "future":
        d = pub + dt.timedelta(days=ahead)
    else:
        d = pub - dt.timedelta(days=back)
    return d.isoformat(), "day", True


def _r_deictic(hit: _Hit, a: _Anchors) -> Resolved:
    if a.pub is None:
        return None
    step = {"yesterday": -1, "tomorrow": 1}.get(hit.group("w"), 0)
    if hit.group("rel") == "last":
        step = -1  # "last night"
    return (a.pub + dt.timedelta(days=step)).isoformat(), "day", True


def _r_rel_unit(hit: _Hit, a: _Anchors) -> Resolved:
    if a.pub is None:
        return None
    step = {"last": -1, "next": 1}.get(hit.group("rel"), 0)
    unit = hit.group("unit")
    if unit == "year":
        return str(a.pub.year + step), "year", True
    if unit == "month":
        y, mo = _shift_months(a.pub, step)
        return f"{y:04d}-{mo:02d}", "month", True
    return _iso_week(a.pub + dt.timedelta(weeks=step)), "week", True


def _r_anchor(hit: _Hit, a: _Anchors) -> Resolved:
    rel, unit = hit.group("rel"), hit.group("unit")
    step = {"the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    year = a.year()
    if unit == "year":
        return (str(year + step), "year", True) if year else None
    day = a.day()
    if day is None:
        return None
    if unit == "month":
        y, mo = _shift_months(day, step)
        return f"{y:04d}-{mo:02d}", "month", True
    if unit == "week":
        return _iso_week(day + dt.timedelta(weeks=step)), "week", True
    return (day + dt.timedelta(days=step)).isoformat(), "day", True


def _r_offset(hit: _Hit, a: _Anchors) -> Resolved:
    n = int(hit.group("n")) if hit.group("n").isdigit() else NUMBERS[hit.group("n")]
    unit, direction = hit.group("unit"), hit.group("dir")
    base = a.pub if direction == "ago" else (a.day() or a.pub)
    year = a.year()
    if unit == "year" and direction != "ago" and year:
        return str(year + (n if direction == "later" else -n)), "year", True
    if base is None:
        return None
    sign = 1 if direction == "later" else -1
    if unit in ("day", "week"):
        d = base + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        return d.isoformat(), "day", True
    if unit == "month":
        y, mo = _shift_months(base, sign * n)
        return f"{y:04d}-{mo:02d}", "month", True
    return str(base.year + sign * n), "year", True


def _r_holiday(hit: _Hit, a: _Anchors) -> Resolved:
    if a.pub is None:
        return None
    name = hit.group("h").replace("’", "'")
    rule = next(f for key, f in HOLIDAYS.items() if name.startswith(key))
    candidates = [rule(y) for y in range(a.pub.year - 1, a.pub.year + 2)]
    d = _nearest(candidates, a.pub, _rel_tense(hit.group("rel")) or hit.tense)
    if hit.group("week"):
        return _iso_week(d), "week", True
    return d.isoformat(), "day", True


def _r_clock(hit: _Hit, a: _Anchors) -> Resolved:
    day = a.day() or a.pub
    return (day.isoformat(), "day", True) if day else None


RESOLVERS: dict[str, Resolver] = {
    "range_years": _r_range_years,
    "decade": _r_decade,
    "year_part": _r_year_part,
    "quarter": _r_quarter,
    "year_ago": _r_year_ago,
    "day_month": _r_day_month,
    "month": _r_month,
    "week_of_month": _r_week_of_month,
    "season": _r_season,
    "weekday": _r_weekday,
    "deictic": _r_deictic,
    "rel_unit": _r_rel_unit,
    "anchor": _r_anchor,
    "offset": _r_offset,
    "holiday": _r_holiday,
    "clock": _r_clock,
    "year": _r_year,
}
# Kinds whose value is an explicit year and so anchor "that summer", "a year earlier".
_YEAR_ANCHORS = frozenset({"year", "year_part", "day_month", "month", "season"})


@dataclass
class _Draft:
    """One article on its way through the phases."""

    article: Article
    doc: Doc | None
    hits: list[_Hit] = field(default_factory=list)
    out: list[DateRef] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text


def _find(draft: _Draft) -> None:
    """Every pattern match in the body; overlaps keep the longest."""
    text = draft.text
    hits = [
        _Hit(m.start(), m.end(), kind, m)
        for kind, pat in patterns_for(text)
        for m in pat.finditer(text)
    ]
    out: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= o.start or h.start >= o.end for o in out):
            out.append(h)
    draft.hits = sorted(
        (h for h in out if draft.article.in_body(h.start, h.end)), key=lambda h: h.start
    )


def _token(doc: Doc | None, start: int) -> Token | None:
    if doc is None:
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _generic_today(hit: _Hit, draft: _Draft) -> bool:
    """ "today's youth", "the U.S. today", "Today, the alliance has 30 members": nowadays."""
    if hit.group("w") != "today" or hit.group("tod"):
        return False
    if draft.text[hit.end : hit.end + 2] in ("'s", "’s"):
        return True
    tok = _token(draft.doc, hit.start)
    verb = _governor(tok) if tok is not None else None
    if tok is None or verb is None:
        return False
    if tok.i > 0 and tok.nbor(-1).tag_ in ("NNP", "NNPS") and verb.tag_ in ("VBG", "VBZ", "VBP"):
        return True  # "the dangers facing the U.S. today"; not "debated in the Commons today"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    progressive = verb.tag_ == "VBG" or any(c.tag_ == "VBG" for c in auxes)
    if draft.text[hit.end : hit.end + 1] == "," and verb.tag_ in ("VBZ", "VBP"):
        return not progressive  # "Today, the alliance has 30 members"
    if any(c.tag_ == "MD" for c in auxes) and any(c.lemma_ == "have" for c in auxes):
        return True  # "Today could have been ...": counterfactual
    present_be = [t for t in [verb, *auxes] if t.lemma_ == "be" and t.tag_ in ("VBZ", "VBP")]
    return bool(present_be) and not progressive


def _plausible(hit: _Hit, draft: _Draft) -> bool:
    """Filters that need the surrounding words."""
    text = draft.text
    before = text[max(0, hit.start - 16) : hit.start]
    if hit.kind == "year":
        return not (_COUNT_AFTER.match(text[hit.end : hit.end + 30]) or _CODE_BEFORE.search(before))
    if hit.kind == "month" and not (hit.group("year") or hit.group("part") or hit.group("rel")):
        mon = hit.group("mon")
        if mon in _AMBIGUOUS_MONTHS or len(mon) == 3:
            return bool(_MONTH_CUE.search(before))
    if hit.kind == "deictic":
        return not _generic_today(hit, draft)
    return True


def _filter(draft: _Draft) -> None:
    """Drop matches that the surrounding words rule out."""
    draft.hits = [h for h in draft.hits if _plausible(h, draft)]


def _attach_clocks(draft: _Draft) -> None:
    """A clock time next to a day joins its mention: "10 p.m. Wednesday", "Friday at 9 a.m."."""
    text = draft.text
    days = [h for h in draft.hits if h.kind in _DAY_KINDS]
    for hit in days:
        window = text[max(0, hit.start - 30) : hit.start]
        for m in _CLOCK.finditer(window):
            if re.fullmatch(rf",?{_SP}?(?:on{_SP})?", window[m.end() :]):
                hit.start -= len(window) - m.start()
                break
        after = _CLOCK.match(text, hit.end + 1) if text[hit.end : hit.end + 1] == " " else None
        at = re.match(rf",?{_SP}(?:at|around|about){_SP}", text[hit.end : hit.end + 10])
        if at:
            after = _CLOCK.match(text, hit.end + at.end())
        if after:
            hit.end = after.end()
    draft.hits = [
        h
        for h in draft.hits
        if h.kind != "clock" or all(h.end <= d.start or h.start >= d.end for d in days)
    ]


def _governor(tok: Token) -> Token | None:
    """The verb that governs a token (a few steps up the parse at most)."""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            return tok
        tok = tok.head
    return None


def _tense(hit: _Hit, draft: _Draft) -> str | None:
    """ "future", "past" or None (present or unknown) for the clause around ``hit``."""
    tense = _parsed_tense(hit, draft)
    if tense != "past perfect" and _FUTURE_CUE.search(
        draft.text[max(0, hit.start - 20) : hit.start]
    ):
        return "future"  # "by May", "has given them until Tuesday"
    return "past" if tense in ("past", "past perfect") else tense


def _parsed_tense(hit: _Hit, draft: _Draft) -> str | None:
    """The tense of the verb governing ``hit`` (climbing out of a few embedded clauses)."""
    tok = _token(draft.doc, hit.start)
    verb = _governor(tok) if tok is not None else None
    for depth in range(3):
        if verb is None:
            return None
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lower_ in FUTURE_AUX for c in auxes):
            return "future"
        if depth and verb.lemma_.lower() in FUTURE_GOVERNORS:
            return "future"  # "is expected to visit on Thursday"
        if any(c.lower_ == "to" for c in auxes) and verb.head.lemma_ == "be":
            return "future"  # "is to resume trading Tuesday"
        if any(c.lower_ == "had" for c in auxes):
            return "past perfect"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" or c.lemma_ == "have" for c in auxes):
            return "past"
        if verb.dep_ not in ("xcomp", "ccomp", "advcl", "relcl", "conj") or verb.head is verb:
            break
        verb = verb.head
    return None


_TENSED = frozenset({"day_month", "month", "weekday", "holiday", "quarter", "week_of_month"})


def _resolve(draft: _Draft) -> None:
    """Left to right, each match through its kind's resolver, moving the anchors."""
    text = draft.text
    anchors = _Anchors(pub=draft.article.published)
    for i, hit in enumerate(draft.hits):
        if hit.kind in _TENSED:
            hit.tense = _tense(hit, draft)
        anchors.pos = hit.start
        resolved = RESOLVERS[hit.kind](hit, anchors)
        nxt = draft.hits[i + 1] if i + 1 < len(draft.hits) else None
        if (
            resolved
            and nxt
            and hit.kind == "weekday"
            and nxt.kind == "day_month"
            and re.fullmatch(rf",?{_SP}", text[hit.end : nxt.start])
        ):
            resolved = RESOLVERS[nxt.kind](nxt, anchors) or resolved  # "Thursday, April 25"
        if resolved is None:
            continue
        value, precision, relative = resolved
        start = hit.start
        while start < hit.end and text[start] in " \u00a0":
            start += 1
        draft.out.append(
            DateRef(
                text[start : hit.end],
                value,
                precision,
                Span(draft.article.id, start, hit.end),
                relative,
            )
        )
        if precision == "day" and hit.kind in ("day_month", "weekday", "deictic", "holiday"):
            anchors.last_day = (dt.date.fromisoformat(value), hit.end)
        if hit.kind in _YEAR_ANCHORS and not relative:
            anchors.last_year = (int(value[:4]), hit.end)


def extract_dates(article: Article, doc: Doc | None = None) -> tuple[DateRef, ...]:
    """Time expressions in the article body, normalized against its publication date.

    Args:
        article: the article; ``published`` anchors relative expressions (without it,
            only absolute dates are returned).
        doc: the parsed article; its tenses decide whether "Thursday" is the last one or
            the next one. Without it every bare weekday or month reads back.

    Returns:
        DateRefs in text order.

    >>> from newsfuse.model import new_article
    >>> a = new_article("On Nov. 26 nothing happened. Just a week earlier the town fell.",
    ...                 published=dt.date(2017, 12, 4))
    >>> [(d.text, d.value) for d in extract_dates(a)]
    [('Nov. 26', '2017-11-26'), ('Just a week earlier', '2017-11-19')]
    """
    draft = _Draft(article, doc)
    for phase in (_find, _filter, _attach_clocks, _resolve):
        phase(draft)
    return tuple(draft.out)
