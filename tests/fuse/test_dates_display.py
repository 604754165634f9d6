"""Dates as people write them (issue #10, #13): never the stored codes."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.fuse.dates_display import date_interval, human_date, human_span


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-11-26", "26 Nov 2017"),
        ("2017-11", "Nov 2017"),
        ("2017", "2017"),
        ("2014-SU", "summer 2014"),
        ("2014-WI", "winter 2014"),
        ("2015/2016", "2015–2016"),
        ("2017-11-20/2017-11-26", "20–26 Nov 2017"),
        ("2017-10-28/2017-11-02", "28 Oct – 2 Nov 2017"),
        ("2017-W47", "week of 20 Nov 2017"),
        ("2017-Q3", "third quarter of 2017"),
        ("201", "the 2010s"),
        ("201X", "the 2010s"),
        ("sometime", "sometime"),
        ("2017-13", "2017-13"),
    ],
)
def test_human_date_table(value: str, expected: str) -> None:
    assert human_date(value) == expected


@pytest.mark.parametrize(
    "value, first, last",
    [
        ("2017-11-26", "2017-11-26", "2017-11-26"),
        ("2017-W47", "2017-11-20", "2017-11-26"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2014-WI", "2014-12-01", "2015-02-28"),
        ("2015/2016", "2015-01-01", "2016-12-31"),
        ("2017-Q4", "2017-10-01", "2017-12-31"),
    ],
)
def test_date_interval_table(value: str, first: str, last: str) -> None:
    assert date_interval(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


@pytest.mark.parametrize("value", ["", "soon", "2017-02-30", "2016/2015"])
def test_date_interval_is_none_for_what_it_cannot_place(value: str) -> None:
    assert date_interval(value) is None


def test_human_span_says_on_for_one_day() -> None:
    assert human_span("2018-08-14", "2018-08-14") == "on 14 Aug 2018"
    assert human_span("2014-SU", "2017-11-26") == "from summer 2014 to 26 Nov 2017"
