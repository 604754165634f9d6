"""Time expressions normalized against the publication date, in ISO 8601.

Precision follows what the text supports: ``2017-11-26`` (day), ``2017-11`` (month),
``2017`` (year), ``2014-SU`` (season, TimeML codes SP/SU/FA/WI), ``2017-W47`` (ISO week),
``199`` (decade), ``2015/2016`` (range).

Method: one pass of regular expressions over the body text (captions and credit lines
are skipped: their dates describe the photo or the reporting, not the story), longest
match first, then a left-to-right resolution that keeps two anchors: the last explicit
day ("Nov. 26" anchors "a week earlier") and the last explicit year ("in 2014" anchors
"that summer"). A month or day without a year takes the year that puts it closest to
the publication date (news looks back more often than ahead, so ties go to the past).

Not dates, on purpose: durations ("for three years", "in 14 years"), "now", generic
"today", and vague spans ("the past year", "in recent months").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model import Article, DateRef, Span

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_END_MONTH = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
}
QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
# Auxiliaries and governing verbs that put a clause in the future ("will meet on Monday",
# "is scheduled to vote on March 3").
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
FUTURE_GOVERNORS = frozenset({"schedule", "plan", "expect", "set", "due", "slate"})
# Words right before a year-like number that make it a name or a code ("Flight 1952").
_CODE_BEFORE = re.compile(
    r"(?:\bNo\.|\bNos\.|#|\b(?:Flight|Route|Highway|Resolution|Article|Section|Windows|"
    r"Model|Room|Suite|Box|Unit|Interstate|number|code))[ \u00a0]$"
)
# A bare "May 31" within this many characters of a full date takes that date's year
# (history pieces); farther away it is read against the publication date.
NARRATIVE_CHARS = 400
FORWARD_ANCHOR_CHARS = 50  # "N days after <event> on <day>": the event phrase fits in this
FUTURE_TOLERANCE_DAYS = 31  # a bare month/day up to a month ahead is read as upcoming

_SP = r"[ \u00a0]"
_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|"
    r"Jul\.|Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_NUM = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_UNIT = r"(?P<unit>day|week|month|year)s?"


@dataclass
class _Hit:
    """A matched expression waiting to be resolved against its anchors."""

    start: int
    end: int
    kind: str
    m: re.Match[str]


# (kind, pattern). Order does not matter: overlaps keep the longest match.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range_years",
        re.compile(
            rf"\b(?:between|from){_SP}(?P<y1>(?:1[89]|20)\d{{2}}){_SP}(?:and|to|until){_SP}"
            rf"(?P<y2>(?:1[89]|20)\d{{2}})\b"
        ),
    ),
    (
        "range_dash",
        re.compile(rf"(?<![\d,.$£€#/-]){_YEAR}[-\u2013](?P<y2>(?:1[89]|20)?\d{{2}})(?![\d%-])"),
    ),
    (
        "year_part",
        re.compile(
            rf"\b(?P<part>early|mid|late|the{_SP}end{_SP}of|the{_SP}start{_SP}of|"
            rf"the{_SP}beginning{_SP}of)[- \u00a0]{_YEAR}\b",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:(?:the{_SP})?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th){_SP}quarter"
            rf"(?:{_SP}of)?,?|Q(?P<qn>[1-4])){_SP}{_YEAR}\b",
            re.I,
        ),
    ),
    (
        "anchor_day",
        re.compile(
            rf"\b(?P<rel>that|the{_SP}same|the{_SP}next|the{_SP}following|the{_SP}previous)"
            rf"{_SP}(?P<unit>day|morning|evening|night)\b",
            re.I,
        ),
    ),
    (
        "following",
        re.compile(rf"\b(?P<rel>the{_SP}following){_SP}(?P<unit>week|month|year)\b", re.I),
    ),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}{_SP}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?{_SP}{_YEAR}\b")),
    ("dmy", re.compile(rf"\b(?P<day>[0-3]?\d){_SP}{_MON}{_SP}{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MON}{_SP}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?{_SP}\d)")),
    ("dm", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?{_SP}(?:of{_SP})?{_MON}\b(?!{_SP}\d)")),
    (
        "my",
        re.compile(
            rf"\b(?P<part>(?:early|mid|late|the{_SP}end{_SP}of|the{_SP}beginning{_SP}of)[- \u00a0])?"
            rf"{_MON}{_SP}(?:of{_SP})?{_YEAR}\b"
        ),
    ),
    (
        "m",
        re.compile(
            rf"(?:\b(?P<part>early|mid|late|the{_SP}end{_SP}of|the{_SP}beginning{_SP}of)[- \u00a0]|"
            rf"(?<=\bin{_SP})|(?<=\bsince{_SP})|(?<=\buntil{_SP})|(?<=\bby{_SP})|(?<=\bthis{_SP})|"
            rf"(?<=\blast{_SP})|(?<=\bnext{_SP})|(?<=\bfrom{_SP})|(?<=\bin{_SP}early{_SP}))"
            rf"{_MON}\b(?!{_SP}\d)"
        ),
    ),
    (
        "season_year",
        re.compile(
            rf"\b(?:the{_SP})?(?P<season>spring|summer|fall|autumn|winter){_SP}(?:of{_SP})?"
            rf"{_YEAR}\b",
            re.I,
        ),
    ),
    (
        "season_rel",
        re.compile(
            rf"\b(?P<rel>this|last|next|that|early|late)(?:{_SP}(?:this|last))?"
            rf"{_SP}(?P<season>spring|summer|fall|autumn|winter)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|next|this|on|late|early){_SP})?(?P<wd>Monday|Tuesday|Wednesday|"
            rf"Thursday|Friday|Saturday|Sunday)\b(?!,?{_SP}{_MON})"
        ),
    ),
    (
        "rel_unit",
        re.compile(
            rf"\b(?P<pre>earlier|later)?{_SP}?(?P<rel>last|this|next|that|the{_SP}same)"
            rf"{_SP}(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\b(?P<w>yesterday|tomorrow)\b", re.I)),
    (
        "offset",
        re.compile(
            rf"\b(?:(?:just|only|some|about|nearly|almost){_SP})?{_NUM}{_SP}{_UNIT}{_SP}"
            rf"(?P<dir>earlier|later|before|after|ago)\b(?!{_SP}(?:than|that))",
            re.I,
        ),
    ),
    (
        "decade",
        re.compile(r"\b(?:the{_SP})?(?:early{_SP}|mid-|late{_SP})?(?P<dec>(?:1[89]|20)\d)0s\b"),
    ),
    ("year", re.compile(rf"(?<![\d,.$£€#/©-]){_YEAR}(?![\d%]|,\d|-\d|{_SP}(?:percent|per\b))")),
]
# A bare year followed by one of these words counts something ("2014 troops").
_COUNT_AFTER = re.compile(
    rf"^{_SP}(?:[a-z]+{_SP})?(?:people|troops|soldiers|men|women|children|residents|homes|"
    r"units|cases|deaths|dead|killed|times|votes|seats|jobs|dollars|euros|tons|tonnes|"
    r"miles|kilometers|kilometres|acres|barrels|metres|meters|feet)\b"
)
_AMBIGUOUS_MONTHS = {"may", "march"}


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _closest_year(month: int, day: int, pub: dt.date, future: bool = False) -> int:
    """The year that puts (month, day) nearest the publication date, past preferred; with
    ``future`` (the clause says "will"), the first one from a week before publication on."""
    if future:
        for y in (pub.year, pub.year + 1):
            try:
                if dt.date(y, month, min(day, 28)) >= pub - dt.timedelta(days=7):
                    return y
            except ValueError:
                continue
    best = pub.year
    best_d = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        delta = (d - pub).days
        score = abs(delta) if delta <= FUTURE_TOLERANCE_DAYS else abs(delta) + 365
        if best_d is None or score < best_d:
            best, best_d = y, score
    return best


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


@dataclass
class _Anchors:
    """What relative expressions are resolved against."""

    pub: dt.date | None
    last_day: dt.date | None = None
    last_year: int | None = None
    future: bool = False  # the expression being resolved sits in a future-tense clause
    forward: dt.date | None = None  # the day named right after "N days after ..."
    narrative: tuple[dt.date, int] | None = None  # last full date with a year, and its end


Resolved = tuple[str, str, bool] | None  # (value, precision, relative)


def _resolve(hit: _Hit, a: _Anchors) -> Resolved:
    """The ISO value of one match, or None when it cannot be resolved."""
    _m, g = hit.m, hit.m.groupdict()
    pub = a.pub
    kind = hit.kind
    if kind == "range_years":
        return f"{g['y1']}/{g['y2']}", "range", False
    if kind == "range_dash":
        y1, y2 = g["year"], g["y2"]
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if not int(y1) < int(y2) <= int(y1) + 30:
            return None  # "2019-17" is a score or a code, not a span of years
        return f"{y1}/{y2}", "range", False
    if kind == "year_part":
        return g["year"], "year", False
    if kind == "quarter":
        q = g["qn"] or str(QUARTERS[g["q"].lower()])
        return f"{g['year']}-Q{q}", "quarter", False
    if kind == "anchor_day":
        if a.last_day is None:
            return None
        rel = g["rel"].lower().replace("\u00a0", " ")
        step = {"the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
        return (a.last_day + dt.timedelta(days=step)).isoformat(), "day", True
    if kind == "following":
        unit = g["unit"].lower()
        if unit == "year":
            return (str(a.last_year + 1), "year", True) if a.last_year else None
        if a.last_day is None:
            return None
        if unit == "month":
            y, mo = _shift_months(a.last_day, 1)
            return f"{y:04d}-{mo:02d}", "month", True
        return _iso_week(a.last_day + dt.timedelta(weeks=1)), "week", True
    if kind == "iso":
        return f"{g['y']}-{g['m']}-{g['d']}", "day", False
    if kind in ("mdy", "dmy"):
        return f"{int(g['year']):04d}-{_month(g['mon']):02d}-{int(g['day']):02d}", "day", False
    if kind in ("md", "dm"):
        if pub is None:
            return None
        mon, day = _month(g["mon"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        ref = pub
        if a.narrative and hit.start - a.narrative[1] <= NARRATIVE_CHARS:
            ref = a.narrative[0]  # "on May 29, 1962 ... hanged on 31 May": same story year
        year = _closest_year(mon, day, ref, a.future and ref is pub)
        return f"{year:04d}-{mon:02d}-{day:02d}", "day", True
    if kind == "my":
        return f"{int(g['year']):04d}-{_month(g['mon']):02d}", "month", False
    if kind == "m":
        if pub is None:
            return None
        mon = _month(g["mon"])
        return f"{_closest_year(mon, 15, pub, a.future):04d}-{mon:02d}", "month", True
    if kind == "season_year":
        return f"{g['year']}-{SEASONS[g['season'].lower()]}", "season", False
    if kind == "season_rel":
        code = SEASONS[g["season"].lower()]
        rel = g["rel"].lower()
        if rel == "that":
            return (f"{a.last_year}-{code}", "season", True) if a.last_year else None
        if pub is None:
            return None
        year = pub.year
        if rel == "last":
            year = pub.year if pub.month > SEASON_END_MONTH[code] and code != "WI" else pub.year - 1
        elif rel == "next":
            year = pub.year + 1 if pub.month >= SEASON_END_MONTH[code] - 2 else pub.year
        return f"{year}-{code}", "season", True
    if kind == "weekday":
        if pub is None:
            return None
        target = WEEKDAYS[g["wd"].lower()]
        rel = (g["rel"] or "").lower()
        delta = (pub.weekday() - target) % 7
        if rel == "next" or (a.future and rel != "last"):
            d = pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
        elif rel == "last":
            d = pub - dt.timedelta(days=delta or 7)
        else:
            d = pub - dt.timedelta(days=delta)
        return d.isoformat(), "day", True
    if kind == "rel_unit":
        rel = g["rel"].lower().replace("\u00a0", " ")
        unit = g["unit"].lower()
        if rel in ("that", "the same"):
            if unit == "year" and a.last_year:
                return str(a.last_year), "year", True
            return None
        if pub is None:
            return None
        step = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            return str(pub.year + step), "year", True
        if unit == "month":
            y, mo = _shift_months(pub, step)
            return f"{y:04d}-{mo:02d}", "month", True
        return _iso_week(pub + dt.timedelta(weeks=step)), "week", True
    if kind == "yesterday":
        if pub is None:
            return None
        d = pub + dt.timedelta(days=-1 if g["w"].lower() == "yesterday" else 1)
        return d.isoformat(), "day", True
    if kind == "offset":
        n = int(g["n"]) if g["n"].isdigit() else NUMBERS[g["n"].lower()]
        unit, direction = g["unit"].lower(), g["dir"].lower()
        base = pub if direction == "ago" else (a.last_day or pub)
        if direction in ("after", "before") and a.forward is None:
            return None  # "a year after the murders": relative to an event, not a date
        if direction in ("after", "before"):
            base = a.forward
        if base is None:
            return None
        if unit == "year" and direction in ("earlier", "later") and a.last_year:
            return str(a.last_year + (n if direction == "later" else -n)), "year", True
        sign = 1 if direction in ("later", "after") else -1
        if unit in ("day", "week"):
            d = base + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
            return d.isoformat(), "day", True
        if unit == "month":
            y, mo = _shift_months(base, sign * n)
            return f"{y:04d}-{mo:02d}", "month", True
        return str(base.year + sign * n), "year", True
    if kind == "decade":
        return g["dec"], "decade", False
    if kind == "year":
        return g["year"], "year", False
    return None


def _candidates(text: str) -> list[_Hit]:
    """Every pattern match; overlaps keep the longest."""
    hits = [_Hit(m.start(), m.end(), kind, m) for kind, pat in PATTERNS for m in pat.finditer(text)]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_Hit] = []
    for h in sorted(hits, key=lambda h: -(h.end - h.start)):
        if all(h.end <= o.start or h.start >= o.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)


def _plausible(hit: _Hit, text: str) -> bool:
    """Filters that need the surrounding words."""
    if hit.kind == "year" and (
        _COUNT_AFTER.match(text[hit.end : hit.end + 30])
        or _CODE_BEFORE.search(text[max(0, hit.start - 16) : hit.start])
    ):
        return False
    if hit.kind in ("m", "md", "dm") and hit.m.group("mon").lower() in _AMBIGUOUS_MONTHS:
        before = text[max(0, hit.start - 12) : hit.start].lower()
        if hit.kind == "m" and not re.search(
            r"\b(in|since|until|by|early|late|mid|last|next|this|from)[ \u00a0-]$", before
        ):
            return False
    return True


def _trim_lead(text: str, hit: _Hit) -> tuple[int, int]:
    """Offsets of the mention a reader would mark ("on Monday" -> "Monday")."""
    start, end = hit.start, hit.end
    if hit.kind == "weekday" and (hit.m.group("rel") or "").lower() == "on":
        start = hit.m.start("wd")
    while start < end and text[start] in " \u00a0":
        start += 1
    return start, end


_DAY_KINDS = frozenset({"md", "dm", "mdy", "dmy", "iso", "weekday"})


def _forward_anchor(hit: _Hit, following: list[_Hit], text: str, a: _Anchors) -> _Anchors:
    """Anchors for ``hit``; "three days after the attack on Nov. 26" counts from the day
    named right after it in the same sentence, not from an earlier one."""
    g = hit.m.groupdict()
    if hit.kind != "offset" or (g.get("dir") or "").lower() not in ("after", "before"):
        return a
    if not following or following[0].kind not in _DAY_KINDS:
        return a
    nxt = following[0]
    gap = text[hit.end : nxt.start]
    if len(gap) > FORWARD_ANCHOR_CHARS or re.search(r"[.!?;]", gap):
        return a
    resolved = _resolve(nxt, a)
    if resolved is None:
        return a
    return _Anchors(
        a.pub, a.last_day, a.last_year, a.future, dt.date.fromisoformat(resolved[0]), a.narrative
    )


def _is_future(doc: Any, start: int) -> bool:
    """True when the clause governing the token at ``start`` is in the future tense."""
    if doc is None:
        return False
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span[0]
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            break
        tok = tok.head
    for verb in (tok, tok.head):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in verb.children):
            return True
        if verb.lemma_.lower() in FUTURE_GOVERNORS and verb is not tok:
            return True
        if verb.dep_ not in ("xcomp", "ccomp", "advcl"):
            break
    return False


def extract_dates(article: Article, doc: Any = None) -> tuple[DateRef, ...]:
    """Time expressions in the article body, normalized against its publication date.

    Args:
        article: the article; ``published`` anchors relative expressions (without it,
            only absolute dates are returned).
        doc: unused; accepted so the stage signature matches the others.

    Returns:
        DateRefs in text order.

    >>> from newsfuse.model import new_article
    >>> a = new_article("On Nov. 26 nothing happened. Just a week earlier the town fell.",
    ...                 published=dt.date(2017, 12, 4))
    >>> [(d.text, d.value) for d in extract_dates(a)]
    [('Nov. 26', '2017-11-26'), ('Just a week earlier', '2017-11-19')]
    """
    text = article.text
    anchors = _Anchors(pub=article.published)
    out: list[DateRef] = []
    hits = [h for h in _candidates(text) if article.in_body(h.start, h.end)]
    hits = [h for h in hits if _plausible(h, text)]
    for i, hit in enumerate(hits):
        anchors.future = hit.kind in ("md", "dm", "m", "weekday") and _is_future(doc, hit.start)
        resolved = _resolve(hit, _forward_anchor(hit, hits[i + 1 : i + 2], text, anchors))
        if resolved is None:
            continue
        value, precision, relative = resolved
        start, end = _trim_lead(text, hit)
        out.append(
            DateRef(text[start:end], value, precision, Span(article.id, start, end), relative)
        )
        if precision == "day" and not relative:
            anchors.narrative = (dt.date.fromisoformat(value), hit.end)
        if (precision == "day" and not relative) or hit.kind in ("md", "dm", "weekday"):
            anchors.last_day = dt.date.fromisoformat(value)
        if hit.kind in ("year", "mdy", "dmy", "my", "season_year", "iso", "year_part", "quarter"):
            anchors.last_year = int(value[:4])
    return tuple(out)
