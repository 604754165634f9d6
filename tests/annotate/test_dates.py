"""Dates: time expressions normalized against the publication date (fictional texts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from newsfuse.annotate.dates import extract_dates
from newsfuse.model import Article, Region

PUB = "2021-03-10"  # a Wednesday


def _dates(make_article: Callable[..., Article], nlp: Any, text: str, pub: str | None = PUB):
    article = make_article(text, published=pub)
    return [(d.text, d.value) for d in extract_dates(article, nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The town fell on Nov.\u00a026.", [("Nov.\u00a026", "2020-11-26")]),
        ("The bridge reopened on Jan. 5, 2020.", [("Jan. 5, 2020", "2020-01-05")]),
        ("It closed on 14 February 2020.", [("14 February 2020", "2020-02-14")]),
        ("Prices rose in late November.", [("late November", "2020-11")]),
        ("Prices rose in September.", [("September", "2020-09")]),
        ("Earlier this year, the mill closed.", [("Earlier this year", "2021")]),
        ("The dam will be finished this fall.", [("this fall", "2021-FA")]),
        ("The party was founded in 2014.", [("2014", "2014")]),
        ("Exports doubled between 2015 and 2016.", [("between 2015 and 2016", "2015/2016")]),
        ("Exports doubled in 2019-2020.", [("2019-2020", "2019/2020")]),
        ("The minister resigned on Monday.", [("Monday", "2021-03-08")]),
        ("The rebels advanced last week.", [("last week", "2021-W09")]),
        ("Results are due next month.", [("next month", "2021-04")]),
        ("The movement began in the 1990s.", [("1990s", "199")]),
        ("Output fell in mid-2020.", [("mid-2020", "2020")]),
        ("Profit fell in the first quarter of 2020.", [("the first quarter of 2020", "2020-Q1")]),
        ("Two years ago the levee burst.", [("Two years ago", "2019")]),
        ("The talks will resume on Thursday.", [("Thursday", "2021-03-11")]),
    ],
)
def test_dates_normalizes_expression_against_publication(
    make_article: Callable[..., Article], nlp: Any, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _dates(make_article, nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The siege lasted for more than three years.",
        "It was the first win in 14 years.",
        "Now the army controls the port.",
        "Today, the alliance has 30 members.",
        "Over the past year, prices climbed.",
        "Officials said 2014 troops had arrived.",
        "The ship sailed as Flight 1952 landed.",
        "A few months after launching the phone, sales slowed.",
    ],
)
def test_dates_leaves_out_durations_generic_present_and_numbers(
    make_article: Callable[..., Article], nlp: Any, text: str
) -> None:
    assert _dates(make_article, nlp, text) == []


def test_dates_anchors_week_earlier_on_last_explicit_day(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "Troops entered the city on Feb. 20. Just a week earlier, the mayor had fled."
    assert _dates(make_article, nlp, text)[1] == ("Just a week earlier", "2021-02-13")


def test_dates_anchors_that_summer_on_last_year(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "The alliance formed in 2016 and began patrols that summer."
    assert _dates(make_article, nlp, text)[1] == ("that summer", "2016-SU")


def test_dates_offset_after_counts_from_following_day(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "The port closed on March 2. The vote came three days after the attack on Feb. 20."
    assert ("three days after", "2021-02-23") in _dates(make_article, nlp, text)


def test_dates_bare_day_takes_year_of_nearby_full_date(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "The treaty was signed on June 3, 1988. It took effect on July 1."
    assert _dates(make_article, nlp, text)[1] == ("July 1", "1988-07-01")


def test_dates_without_publication_keeps_only_absolute(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "The strike began on Monday and ended in 2019."
    assert _dates(make_article, nlp, text, pub=None) == [("2019", "2019")]


def test_dates_skips_caption_region(nlp: Any) -> None:
    from newsfuse.model import new_article

    text = "Smoke rises on Nov. 25. (Photo)\nThe city fell on Nov. 26."
    article = new_article(text, published=dt.date(2017, 12, 4), regions=(Region("caption", 0, 31),))
    assert [d.value for d in extract_dates(article, nlp(text))] == ["2017-11-26"]
