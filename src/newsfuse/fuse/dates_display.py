"""Dates as people write them, and the interval an ISO date value covers.

The annotate stage stores normalized values ("2014-SU", "2015/2016", "2017-W47",
"2017-11-26"); readers see "summer 2014", "2015–2016", "week of 20 Nov 2017",
"26 Nov 2017". :func:`date_interval` gives the first and last day a value covers, which
the timeline uses to place a date on a time axis and to compare it with the publication
window.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

SEASONS = {
    "WI": ("winter", 12, 2),
    "SP": ("spring", 3, 5),
    "SU": ("summer", 6, 8),
    "FA": ("autumn", 9, 11),
}
QUARTER_NAMES = ("first", "second", "third", "fourth")
_MONTH = calendar.month_abbr  # "Jan" ... "Dec" (C locale)


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTH[d.month]} {d.year}"


def date_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO value covers, or None for a form not understood.

    >>> date_interval("2014-SU")
    (datetime.date(2014, 6, 1), datetime.date(2014, 8, 31))
    >>> date_interval("2015/2016")
    (datetime.date(2015, 1, 1), datetime.date(2016, 12, 31))
    """
    if "/" in value:
        a, _, b = value.partition("/")
        ia, ib = date_interval(a), date_interval(b)
        return (ia[0], ib[1]) if ia and ib and ia[0] <= ib[1] else None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d, d + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            y, (_, first, last) = int(m[1]), SEASONS[m[2]]
            end_year = y + 1 if last < first else y
            return dt.date(y, first, 1), _month_end(end_year, last)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), _month_end(y, mo)
        if m := re.fullmatch(r"(\d{4})", value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{3})X?", value):
            return dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def human_date(value: str) -> str:
    """A stored date value as a reader writes it; unknown forms are returned as they are.

    >>> [human_date(v) for v in ("2017-11-26", "2017-11", "2014-SU", "2015/2016", "201X")]
    ['26 Nov 2017', 'Nov 2017', 'summer 2014', '2015–2016', 'the 2010s']
    >>> human_date("2017-11-20/2017-11-26"), human_date("2017-W47"), human_date("2017-Q3")
    ('20–26 Nov 2017', 'week of 20 Nov 2017', 'third quarter of 2017')
    """
    if "/" in value:
        a, _, b = value.partition("/")
        da, db = date_interval(a), date_interval(b)
        if (
            da
            and db
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", b)
        ):
            x, y = da[0], db[0]
            if (x.year, x.month) == (y.year, y.month):
                return f"{x.day}–{y.day} {_MONTH[x.month]} {x.year}"
            if x.year == y.year:
                return f"{x.day} {_MONTH[x.month]} – {_day(y)}"
        return f"{human_date(a)}–{human_date(b)}" if da and db else value
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        span = date_interval(value)
        return _day(span[0]) if span else value
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        span = date_interval(value)
        return f"week of {_day(span[0])}" if span else value
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return f"{SEASONS[m[2]][0]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"{QUARTER_NAMES[int(m[2]) - 1]} quarter of {m[1]}"
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", value)) and 1 <= int(m[2]) <= 12:
        return f"{_MONTH[int(m[2])]} {m[1]}"
    if m := re.fullmatch(r"(\d{3})X?", value):
        return f"the {m[1]}0s"
    return value


def human_span(first: str, last: str) -> str:
    """'on 14 Aug 2018', or 'from 14 Aug 2018 to 16 Aug 2018' for two dates.

    >>> human_span("2018-08-14", "2018-08-16")
    'from 14 Aug 2018 to 16 Aug 2018'
    """
    a, b = human_date(first), human_date(last)
    return f"on {a}" if a == b else f"from {a} to {b}"


__all__ = ["date_interval", "human_date", "human_span"]
