"""The words and patterns of time expressions that :mod:`.dates` reads.

Tables (month and weekday names, seasons, number words) and the regular expressions,
one or two per kind of expression; :mod:`.dates` resolves each kind against the
publication date. Changing a pattern changes what is found: re-run ``newsfuse eval`` on
``../shared/eval/dev`` and ``../shared/eval/public/timebank-dev``.
"""

from __future__ import annotations

import re

from .figures import WORDS

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
# Number words of a count before "days ago" ("several" and "few" read as three).
NUMBERS = {"a": 1, "an": 1, "one": 1, "several": 3, "few": 3}
NUMBERS |= {word: n for word, n in WORDS.items() if n <= 10}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
ORDINALS |= {"fourth": 4, "4th": 4, "final": 4}
# Words right before an expression that point ahead ("by May", "until 9 a.m. Tuesday").
_FUTURE_CUE = re.compile(
    r"\b(?:by|until|till|as[ \u00a0](?:soon|early|late)[ \u00a0]as|effective|payable|due)"
    r"[ \u00a0]$",
    re.I,
)
# Words right before a year-like number that make it a name or a code ("Flight 1952").
_CODE_BEFORE = re.compile(
    r"(?:\bNo\.|\bNos\.|#|\b(?:Flight|Route|Highway|Resolution|Article|Section|Windows|"
    r"Model|Room|Suite|Box|Unit|Interstate|number|code))[ \u00a0]$"
)
_SP = r"[ \u00a0]"
_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|"
    r"Jul\.|Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?)"
)
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_NUM = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_PART = (
    rf"(?P<part>early|mid|late|the{_SP}end{_SP}of|the{_SP}start{_SP}of|the{_SP}beginning"
    rf"{_SP}of|the{_SP}middle{_SP}of)"
)
_REL = rf"(?P<rel>last|this|next|this{_SP}past|this{_SP}coming)"
_TOD = r"(?P<tod>morning|afternoon|evening|night)"
_ZONE = r"(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|ET|local[ \u00a0]time)"
_CLOCK = re.compile(
    rf"(?:\b\d{{1,2}}(?::\d\d)?{_SP}?[ap]\.?m\b\.?|\b\d{{1,2}}:\d\d\b|\bnoon\b|\bmidnight\b)"
    rf"(?:{_SP}?\(?{_ZONE}\)?)?",
    re.I,
)


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
        "decade",
        re.compile(rf"\b(?:the{_SP})?(?:(?:early|late){_SP}|mid-)?(?P<dec>(?:1[89]|20)\d)0s\b"),
    ),
    ("year_part", re.compile(rf"\b{_PART}[- \u00a0]{_YEAR}\b", re.I)),
    (
        "quarter",
        re.compile(
            rf"\b(?:the{_SP})?(?:fiscal{_SP})?(?P<q>first|second|third|fourth|final|1st|2nd|"
            rf"3rd|4th)[- \u00a0](?:fiscal[- \u00a0])?(?P<unit>quarter|half)(?:{_SP}of{_SP}"
            rf"(?:fiscal{_SP})?(?:{_YEAR}|(?P<yrel>last|this|next){_SP}year))?\b",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:the|that|this){_SP}(?:(?P<adj>latest|current|fiscal|same){_SP})?quarter\b",
            re.I,
        ),
    ),
    (
        "year_ago",
        re.compile(
            rf"\b(?:the{_SP})?(?:comparable{_SP})?year-(?:earlier|ago)(?:{_SP}(?:(?:first|"
            rf"second|third|fourth){_SP})?(?:quarter|period))?\b",
            re.I,
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?:{_REL}{_SP})?{_MON}{_SP}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
            rf"(?:,?{_SP}{_YEAR}\b)?(?!{_SP}?(?:%|percent))"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?{_SP}(?:of{_SP})?{_MON}\b(?:,?{_SP}{_YEAR}\b)?"
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?:\b{_PART}[- \u00a0])?(?:\b{_REL}{_SP})?\b{_MON}(?:(?<!\.)\b|(?<=\.))"
            rf"(?:,?{_SP}(?:of{_SP})?{_YEAR}\b)?(?!{_SP}?\d|{_SP}[A-Z][a-z])"
        ),
    ),
    (
        "week_of_month",
        re.compile(
            rf"\b(?:the{_SP})?(?P<q>first|second|third|fourth|last|final){_SP}week{_SP}of{_SP}"
            rf"{_MON}(?:,?{_SP}{_YEAR}\b)?"
        ),
    ),
    (
        "season",
        re.compile(
            rf"\b(?:(?P<part>early|mid|late)[- \u00a0])?(?:(?P<rel>this|last|next|that|this"
            rf"{_SP}past|this{_SP}coming){_SP}|the{_SP})?(?P<season>spring|summer|fall|autumn|"
            rf"winter)\b(?:{_SP}(?:of{_SP})?{_YEAR}\b)?",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>last|next|this|this{_SP}coming|this{_SP}past|early|late|earlier|"
            rf"later){_SP})?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
            rf"(?:{_SP}{_TOD}\b)?",
            re.I,
        ),
    ),
    (
        "deictic",
        re.compile(
            rf"\b(?:(?P<w>today|tonight|yesterday|tomorrow)(?:{_SP}(?P<tod>morning|afternoon|"
            rf"evening|night))?|(?P<rel>this|last){_SP}(?:morning|afternoon|evening|night))\b",
            re.I,
        ),
    ),
    (
        "rel_unit",
        re.compile(
            rf"\b(?:(?P<pre>earlier|later){_SP})?(?P<rel>last|this|next|the{_SP}current)"
            rf"{_SP}(?P<unit>(?-i:week|month|year))\b",  # "This Week" is a show
            re.I,
        ),
    ),
    (
        "anchor",
        re.compile(
            rf"\b(?P<rel>that|the{_SP}same|the{_SP}next|the{_SP}following|the{_SP}previous)"
            rf"{_SP}(?P<unit>day|morning|afternoon|evening|night|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "offset",
        re.compile(
            rf"\b(?:(?:just|only|some|about|nearly|almost){_SP})?{_NUM}{_SP}(?P<unit>day|week|"
            rf"month|year)s?{_SP}(?P<dir>earlier|later|ago)\b(?!{_SP}(?:than|that))",
            re.I,
        ),
    ),
    (
        "holiday",
        re.compile(
            rf"\b(?:(?P<rel>last|next|this){_SP})?(?P<h>Easter(?:{_SP}(?:Sunday|Monday))?|"
            rf"Good{_SP}Friday|Christmas(?:{_SP}(?:Day|Eve))?|New{_SP}Year['’]s{_SP}(?:Day|Eve)|"
            rf"Thanksgiving(?:{_SP}Day)?|Election{_SP}Day|Independence{_SP}Day|Memorial{_SP}Day|"
            rf"Labor{_SP}Day)(?P<week>{_SP}week)?\b"
        ),
    ),
    (
        "clock",
        re.compile(
            rf"(?:\b\d{{1,2}}(?::\d\d)?{_SP}?[ap]\.?m\b\.?|\b\d{{1,2}}:\d\d\b){_SP}?\(?{_ZONE}\b\)?",
            re.I,
        ),
    ),
    ("year", re.compile(rf"(?<![\d,.$£€#/©-]){_YEAR}(?![\d%]|,\d|-\d|{_SP}(?:percent|per\b))")),
]
# The characters a match of these kinds can start with. Each pattern is put behind a
# lookahead on them: a position with another character fails at once instead of trying
# every optional part (the same matches; the scans of "month" and "year" twice as fast).
FIRST_CHARS = {
    "decade": r"[\dtmle]",
    "day_month": r"[JFMASONDlnt\d]",
    "month": r"[JFMASONDemltn]",
    "season": r"\w",
    "weekday": r"\w",
    "offset": r"\w",
    "year": r"[12]",
}
PATTERNS = [
    (kind, re.compile(rf"(?={FIRST_CHARS[kind]})(?:{pat.pattern})", pat.flags))
    if kind in FIRST_CHARS
    else (kind, pat)
    for kind, pat in PATTERNS
]

_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_WORDS = ("morning", "afternoon", "evening", "night")
_HOLIDAY_WORDS = (
    *("Easter", "Good", "Christmas", "New", "Thanksgiving"),
    *("Election", "Independence", "Memorial", "Labor"),
)
# Per pattern of PATTERNS, in order: words one of which every match contains, and whether
# they are looked for case-blind (the pattern is re.I) or as written. A text without any
# of them skips the pattern's scan (a substring test costs far less than a regex scan).
# () means no cue: the pattern always scans.
_CUES: list[tuple[tuple[str, ...], bool]] = [
    (("between", "from"), False),  # range_years
    (("0s",), False),  # decade
    (("early", "mid", "late", "end", "start", "beginning"), True),  # year_part
    (("quarter", "half"), True),  # quarter
    (("quarter",), True),  # quarter
    (("year-",), True),  # year_ago
    (_MONTH_STEMS, False),  # day_month
    (_MONTH_STEMS, False),  # day_month
    (_MONTH_STEMS, False),  # month
    (("week",), False),  # week_of_month
    (("spring", "summer", "fall", "autumn", "winter"), True),  # season
    ((*(d + "day" for d in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")),), True),
    (("today", "yesterday", "tomorrow", *_DAY_WORDS), True),  # deictic
    (("week", "month", "year"), False),  # rel_unit: its unit is case-sensitive
    (("day", "week", "month", "year", *_DAY_WORDS), True),  # anchor
    (("earlier", "later", "ago"), True),  # offset
    (_HOLIDAY_WORDS, False),  # holiday
    ((), True),  # clock
    ((), False),  # year
]
assert len(_CUES) == len(PATTERNS)
# Non-ASCII letters that re.I matches to an ASCII letter while str.lower() keeps them
# apart ("ſ" is an "s" to re.I): a text with one scans every case-blind pattern.
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def patterns_for(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The (kind, pattern) pairs of :data:`PATTERNS` that can match in ``text``.

    Every pattern whose cue words all are absent from ``text`` is left out; the others
    find exactly what they would find on their own.

    >>> [kind for kind, _ in patterns_for("Talks resume on Friday, 9 May 2014.")]
    ['day_month', 'day_month', 'month', 'weekday', 'anchor', 'clock', 'year']
    """
    low = text.lower()
    odd = any(c in text for c in _ODD_FOLDS)
    out = []
    for (kind, pat), (words, blind) in zip(PATTERNS, _CUES, strict=True):
        if not words or (blind and odd) or any(w in (low if blind else text) for w in words):
            out.append((kind, pat))
    return out


# A bare year followed by one of these words counts something ("2014 troops").
_COUNT_AFTER = re.compile(
    rf"^{_SP}(?:[a-z]+{_SP})?(?:people|troops|soldiers|men|women|children|residents|homes|"
    r"units|cases|deaths|dead|killed|times|votes|seats|jobs|dollars|euros|tons|tonnes|"
    r"miles|kilometers|kilometres|acres|barrels|metres|meters|feet)\b"
)
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_MONTH_CUE = re.compile(
    r"\b(?:in|since|until|by|early|late|mid|last|next|this|from|of|before|after|during)"
    r"[ \u00a0-]$",
    re.I,
)
