"""The story timeline: order, precision, cross-source merging, dated statements."""

from __future__ import annotations

import dataclasses

import pytest

from newsfuse.fuse.timeline import build_timeline, date_sort_key
from newsfuse.model import Span

from .conftest import Build


def test_timeline_orders_events_by_date_with_coarser_first(build: Build) -> None:
    text = (
        "Militants seized the town in 2014. Forces retook the dam in September 2017. "
        "Troops captured the bridge on Sept. 14, 2017. Rebels attacked in summer 2014."
    )
    a = build(
        text,
        events=(
            {
                "text": "Militants seized the town in 2014",
                "trigger": "seize",
                "date": "2014",
                "precision": "year",
            },
            {
                "text": "Forces retook the dam in September 2017",
                "trigger": "retake",
                "date": "2017-09",
                "precision": "month",
            },
            {
                "text": "Troops captured the bridge on Sept. 14, 2017",
                "trigger": "capture",
                "date": "2017-09-14",
                "precision": "day",
            },
            {
                "text": "Rebels attacked in summer 2014",
                "trigger": "attack",
                "date": "2014-SU",
                "precision": "season",
            },
        ),
    )
    assert [e.date for e in build_timeline([a])] == ["2014", "2014-SU", "2017-09", "2017-09-14"]


def test_timeline_merges_one_event_reported_by_two_outlets(build: Build) -> None:
    a = build(
        "Iraqi forces retook Rawa on Nov. 17, 2017, the last town held by militants.",
        outlet="Post",
        events=(
            {
                "text": "Iraqi forces retook Rawa on Nov. 17, 2017",
                "trigger": "retake",
                "date": "2017-11-17",
                "places": ("Rawa",),
            },
        ),
    )
    b = build(
        "On Friday, troops recaptured the town, which fell after a brief fight in Rawa.",
        outlet="Times",
        events=(
            {
                "text": "On Friday, troops recaptured the town, which fell after a brief "
                "fight in Rawa",
                "trigger": "retake",
                "date": "2017-11-17",
                "places": ("Rawa",),
            },
        ),
    )
    (entry,) = build_timeline([a, b])
    assert entry.text.startswith("Iraqi forces retook Rawa")
    assert [s.article_id for s in entry.spans] == [a.article.id, b.article.id]


def test_timeline_keeps_events_on_different_dates_apart(build: Build) -> None:
    a = build(
        "Iraqi forces retook Rawa on Nov. 17, 2017.",
        events=(
            {
                "text": "Iraqi forces retook Rawa on Nov. 17, 2017",
                "trigger": "retake",
                "date": "2017-11-17",
                "places": ("Rawa",),
            },
        ),
    )
    b = build(
        "Iraqi forces retook Rawa on Nov. 18, 2017.",
        outlet="Times",
        events=(
            {
                "text": "Iraqi forces retook Rawa on Nov. 18, 2017",
                "trigger": "retake",
                "date": "2017-11-18",
                "places": ("Rawa",),
            },
        ),
    )
    assert len(build_timeline([a, b])) == 2


def test_timeline_adds_dated_statements_but_not_relative_dates(build: Build) -> None:
    text = "The treaty dates from March 2015. Officials met on Monday. Nothing else."
    a = build(
        text,
        dates=({"text": "March 2015", "value": "2015-03", "precision": "month"},),
    )
    (entry,) = build_timeline([a])
    assert (entry.date, entry.precision) == ("2015-03", "month")
    assert entry.text.startswith("The treaty dates from March 2015")


@pytest.mark.parametrize(
    "text, date, shown",
    [
        (  # the parser cut after "U.S.": the part in lower case joins the sentence before
            "Officials met on Friday. The U.S. military began bombing the rebels in the "
            "summer of 2014 to stop them. Nothing else.",
            {"text": "summer of 2014", "value": "2014-SU", "precision": "season"},
            "The U.S. military began bombing the rebels in the summer of 2014 to stop them.",
        ),
        (  # a quotation over two sentences is shown whole, never from its middle
            "“We counted some victims twice. There was double counting,” the ministry said "
            "on April 24, 2019. Later news.",
            {"text": "April 24, 2019", "value": "2019-04-24", "precision": "day"},
            "“We counted some victims twice. There was double counting,” the ministry said "
            "on April 24, 2019.",
        ),
        (  # the parser ran a sentence over a paragraph break: only the date's paragraph
            "“It believes the deal will close. And it thinks Halden paid too much.”\n\n"
            "Van Dalen said the savings would come by 2027. Later news.",
            {"text": "2027", "value": "2027", "precision": "year"},
            "Van Dalen said the savings would come by 2027.",
        ),
    ],
)
def test_timeline_shows_whole_sentences_where_the_parser_cut_one(
    build: Build, text: str, date: dict[str, str], shown: str
) -> None:
    (entry,) = build_timeline([build(text, dates=(date,))])
    assert entry.text == shown
    (span,) = entry.spans
    assert shown in text[span.start : span.end]  # the words shown are in the cited span


def test_timeline_leaves_out_a_photo_caption_credited_to_an_agency(build: Build) -> None:
    text = (
        "Mourners gather at a grave in Orvella on Thursday, April 25, 2019 (AAP)\n\n"
        "Officials met. The toll was revised on April 24, 2019, the agency (AFP) said."
    )
    a = build(
        text,
        dates=(
            {"text": "April 25, 2019", "value": "2019-04-25"},
            {"text": "April 24, 2019", "value": "2019-04-24"},
        ),
        events=(
            {
                "text": "Mourners gather at a grave in Orvella",
                "trigger": "gather",
                "date": "2019-04-25",
            },
        ),
    )
    assert [e.date for e in build_timeline([a])] == ["2019-04-24"]


def test_timeline_keeps_the_closing_quote_the_parser_left_to_the_next_sentence(
    build: Build,
) -> None:
    text = 'Officials met. Van Dalen called it achievable, "but not before 2027." Later news.'
    a = build(text, dates=({"text": "2027", "value": "2027", "precision": "year"},))
    cut = text.index('2027."') + len("2027.")
    sentences = (
        Span(a.article.id, 0, 14),
        Span(a.article.id, 15, cut),
        Span(a.article.id, cut, len(text)),
    )
    (entry,) = build_timeline([dataclasses.replace(a, sentences=sentences)])
    assert entry.text == 'Van Dalen called it achievable, "but not before 2027."'


def test_timeline_skips_undated_events(build: Build) -> None:
    a = build(
        "Troops advanced.",
        events=({"text": "Troops advanced", "trigger": "advance", "date": None},),
    )
    assert build_timeline([a]) == ()


@pytest.mark.parametrize(
    "earlier, later",
    [
        (("2014", "year"), ("2014-SU", "season")),
        (("2014-SU", "season"), ("2014-11-26", "day")),
        (("2015/2016", "range"), ("2015-06", "month")),
        (("2017-W47", "week"), ("2017-11-26", "day")),
        (("2017-11", "month"), ("2017-11-01", "day")),
        (("201", "decade"), ("2011", "year")),
        (("2017-11-26", "day"), ("sometime", "")),
    ],
)
def test_timeline_date_sort_key_table(earlier: tuple[str, str], later: tuple[str, str]) -> None:
    assert date_sort_key(*earlier) < date_sort_key(*later)


# A fictional story published 4-6 Dec 2031 that recalls earlier years in passing.
STORY = (
    "Militants seized Harrow in 2027. The rebels grew in summer 2028. "
    "Troops retook Harrow on Dec. 2, 2031. The last shelling was on Nov. 20, 2031. "
    "A vote is set for Jan. 15, 2032. The siege began on June 3, 2030."
)
STORY_EVENTS = (
    {"text": "Militants seized Harrow in 2027", "trigger": "seize", "date": "2027", "precision": "year"},
    {"text": "The rebels grew in summer 2028", "trigger": "grow", "date": "2028-SU", "precision": "season"},
    {"text": "Troops retook Harrow on Dec. 2, 2031", "trigger": "retake", "date": "2031-12-02", "precision": "day"},
    {"text": "The last shelling was on Nov. 20, 2031", "trigger": "shell", "date": "2031-11-20", "precision": "day"},
    {"text": "A vote is set for Jan. 15, 2032", "trigger": "vote", "date": "2032-01-15", "precision": "day"},
    {"text": "The siege began on June 3, 2030", "trigger": "begin", "date": "2030-06-03", "precision": "day"},
)  # fmt: skip


@pytest.mark.issue(10)
def test_timeline_tells_the_story_days_from_background_dates(build: Build) -> None:
    a = build(STORY, published="2031-12-04", events=STORY_EVENTS)
    b = build("Harrow was quiet.", published="2031-12-06", outlet="Times")
    story = {t.date: t.background for t in build_timeline([a, b])}
    assert story == {
        "2027": True,  # a year mentioned in passing
        "2028-SU": True,  # a season three years back
        "2030-06-03": True,  # a day, but 18 months before the reports
        "2031-11-20": False,  # two weeks before: the story's own days
        "2031-12-02": False,
        "2032-01-15": False,  # the next step, scheduled
    }


@pytest.mark.issue(10)
def test_timeline_an_old_day_dated_by_two_sources_is_the_story_s(build: Build) -> None:
    text = "The siege began on June 3, 2030."
    ev = ({"text": text[:-1], "trigger": "begin", "date": "2030-06-03", "precision": "day"},)
    a = build(text, published="2031-12-04", events=ev)
    b = build("Harrow recalled it. " + text, published="2031-12-05", outlet="Times", events=ev)
    (entry,) = build_timeline([a, b])
    assert len(entry.spans) == 2 and entry.background is False


def test_timeline_without_publication_dates_keeps_days_and_drops_years(build: Build) -> None:
    a = build(STORY, published=None, events=STORY_EVENTS)
    story = {t.date: t.background for t in build_timeline([a])}
    assert story["2027"] is True and story["2030-06-03"] is False


@pytest.mark.parametrize(
    "text, shown",
    [
        ('"\n\nClashes near Harrow killed 38 people.', "Clashes near Harrow killed 38 people."),
        ("Troops retook Harrow.\n\nHeadline", "Troops retook Harrow."),
        ("“It is over,” he said on Dec. 2.", "“It is over,” he said on Dec. 2."),
        ("It is over on Dec. 2.”", "It is over on Dec. 2."),
    ],
)
def test_timeline_text_is_one_line_without_a_dangling_quote(text: str, shown: str) -> None:
    from newsfuse.fuse.timeline import display_text

    assert display_text(text) == shown
