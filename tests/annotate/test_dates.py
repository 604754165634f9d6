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
        ("The minister resigned on Monday.", [("Monday", "2021-03-08")]),
        ("The rebels advanced last week.", [("last week", "2021-W09")]),
        ("Results are due next month.", [("next month", "2021-04")]),
        ("The movement began in the 1990s.", [("the 1990s", "1990/1999")]),
        ("Output fell in mid-2020.", [("mid-2020", "2020")]),
        ("Profit fell in the first quarter of 2020.", [("the first quarter of 2020", "2020")]),
        ("Two years ago the levee burst.", [("Two years ago", "2019")]),
        ("The talks will resume on Thursday.", [("Thursday", "2021-03-11")]),
        # deictic days against the publication date (a Wednesday)
        ("The council will vote on the plan today.", [("today", "2021-03-10")]),
        ("The motion will be debated in the Senate today.", [("today", "2021-03-10")]),
        ("The ferry sank last night off the cape.", [("last night", "2021-03-09")]),
        ("Crews worked through this morning.", [("this morning", "2021-03-10")]),
        ("The rebels advanced this week.", [("this week", "2021-W10")]),
        # a part of the day goes to its day; a zoned clock time stands for its day
        ("The mill closed on Friday afternoon.", [("Friday afternoon", "2021-03-05")]),
        ("The polls closed at 18:00 UTC.", [("18:00 UTC", "2021-03-10")]),
        ("The blast came at 10 p.m. Monday.", [("10 p.m. Monday", "2021-03-08")]),
        # spans kept whole
        ("The levee broke late last July.", [("late last July", "2020-07")]),
        (
            "Sales fell in the first quarter of last year.",
            [("the first quarter of last year", "2020")],
        ),
        (
            "The plant opens in the second half of next year.",
            [("the second half of next year", "2022")],
        ),
        ("The canal was dug in the late 1890s.", [("the late 1890s", "1890/1899")]),
        # tense picks the last or the next weekday, day or month
        ("The envoy could arrive as soon as Friday.", [("Friday", "2021-03-12")]),
        ("The dividend is payable April 2.", [("April 2", "2021-04-02")]),
        ("The board met on Friday.", [("Friday", "2021-03-05")]),
        (
            "The paper ran on Friday, Feb. 26, a long editorial.",
            [("Friday", "2021-02-26"), ("Feb. 26", "2021-02-26")],
        ),
        # holidays by their rule
        ("Attacks on Easter Sunday killed dozens.", [("Easter Sunday", "2020-04-12")]),
        ("The boy was found on Thanksgiving Day.", [("Thanksgiving Day", "2020-11-26")]),
        (
            "Results are due in the second week of April.",
            [("the second week of April", "2021-W15")],
        ),
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
        "The dangers facing Ruritania today are floods.",
        "It is a lesson for today's students.",
        "The siege lasted three days after the attack.",
        "The generators run at 10 p.m. every night.",
        "Prices fall in summer.",
        'The envoy spoke on the talk show "This Week" about the plan.',
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


def test_dates_mentions_lie_inside_the_text(make_article: Callable[..., Article], nlp: Any) -> None:
    text = "On Monday, at 9 a.m. EST Tuesday and late last July, things happened in the 1960s."
    article = make_article(text, published=PUB)
    for d in extract_dates(article, nlp(text)):
        assert text[d.span.start : d.span.end] == d.text
