"""Events: dated event sentences for the timeline (fictional texts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsfuse.annotate.dates import extract_dates
from newsfuse.annotate.events import extract_events
from newsfuse.model import Article, Event


def _events(make_article: Callable[..., Article], nlp: Any, text: str) -> tuple[Event, ...]:
    article = make_article(text)
    doc = nlp(text)
    return extract_events(article, doc, (), (), extract_dates(article, doc))


@pytest.mark.parametrize(
    ("text", "trigger", "date"),
    [
        ("Rebel fighters retook the port on Saturday.", "retake", "2021-03-06"),
        ("A strong earthquake struck the coast on Tuesday.", "strike", "2021-03-09"),
        ("Parliament elected a new speaker on March 2.", "elect", "2021-03-02"),
        ("The company announced the merger last week.", "announce", "2021-W09"),
    ],
)
def test_events_trigger_lemma_and_date(
    make_article: Callable[..., Article], nlp: Any, text: str, trigger: str, date: str
) -> None:
    (event,) = _events(make_article, nlp, text)
    assert (event.trigger, event.date) == (trigger, date)


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked a convoy near the border.",  # no date to carry or inherit
        "The weather was mild on Monday.",  # no event verb
    ],
)
def test_events_needs_trigger_and_date(
    make_article: Callable[..., Article], nlp: Any, text: str
) -> None:
    assert _events(make_article, nlp, text) == ()


def test_events_inherit_paragraph_lead_date(make_article: Callable[..., Article], nlp: Any) -> None:
    text = "On Monday, rebels attacked the base. They killed 12 soldiers."
    events = _events(make_article, nlp, text)
    assert [(e.trigger, e.date) for e in events] == [
        ("attack", "2021-03-08"),
        ("kill", "2021-03-08"),
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "The bridge, designed by Aldo Verri, was a breakthrough of the 1960s.",
        "The bridge was last repaired in 2016.",
        "The bridge was crowded in the summer of 2020.",
    ],
)
def test_events_do_not_inherit_a_year_or_a_decade_from_the_paragraph(
    make_article: Callable[..., Article], nlp: Any, lead: str
) -> None:
    text = lead + " Witnesses said lightning struck the bridge supports before it collapsed."
    assert [e.trigger for e in _events(make_article, nlp, text) if "Witnesses" in e.text] == []


def test_events_do_not_inherit_across_paragraphs(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "On Monday, rebels attacked the base.\nThey killed 12 soldiers."
    assert [e.trigger for e in _events(make_article, nlp, text)] == ["attack"]
