"""Story titles read as headlines: a central article's title, else its lead compressed."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.fuse.titles import UNTITLED, clean_title, headline, headline_like, story_title
from newsfuse.model import AnnotatedArticle, new_article

from .conftest import Build

FLOOD = (
    "The Tamsin Dam above Orvella failed early on Tuesday. Water flooded the valley towns. "
    "Rescue crews pulled people from roofs in Orvella. The dam had been cracked for years"
)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "ORVELLA (Wire) — The Tamsin Dam failed early on Tuesday, sending a wall of water "
            "through the valley, officials said.",
            "The Tamsin Dam failed early on Tuesday",
        ),
        ("LONDON - Lawmakers rejected the harbour plan on Monday.", "Lawmakers rejected the harbour plan on Monday"),
        ("Rescuers pulled 120 people from rooftops in Orvella, the fire service said.", "Rescuers pulled 120 people from rooftops in Orvella"),
        ("The council (which meets twice a year) approved the budget.", "The council approved the budget"),
        (
            "The regional water agency of the northern valley said that the river and its two "
            "tributaries had risen faster than at any time since records began",
            "The regional water agency of the northern valley said that the river…",
        ),
    ],
)  # fmt: skip
def test_headline_compresses_a_lead_sentence(sentence: str, expected: str) -> None:
    out = headline(sentence)
    assert out == expected
    assert len(out.rstrip("…").split()) <= 14 and "\n" not in out


@pytest.mark.issue(10)
@pytest.mark.parametrize(
    "sentence, expected",
    [
        (  # an opening adverbial and a relative clause in the subject
            "Three years after the rebels were driven from the hills above Orvella, the "
            "regional force that has guarded the valley since then is changing its mission.",
            "The regional force is changing its mission",
        ),
        (  # an apposition in the subject
            "Ilse Varga, the valley's water commissioner, said on Sunday that the reservoir "
            "would be drained within ten days.",
            "Ilse Varga said on Sunday that the reservoir would be drained within ten days",
        ),
        (  # the longest optional phrase of the verb goes first
            "A motorway bridge collapsed in heavy rain over the old harbour district of Orvella "
            "on Tuesday, killing at least 35 people.",
            "A motorway bridge collapsed in heavy rain on Tuesday, killing at least 35 people",
        ),
        (  # short enough: unchanged
            "Lawmakers rejected the harbour plan on Monday.",
            "Lawmakers rejected the harbour plan on Monday",
        ),
    ],
)
def test_headline_trims_a_lead_by_its_parse(nlp: Any, sentence: str, expected: str) -> None:
    out = headline(sentence, nlp)
    assert out == expected
    assert len(out.split()) <= 14 and "…" not in out


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Dam fails above Orvella - The Ledger", "Dam fails above Orvella"),
        ("Dam fails\nabove   Orvella", "Dam fails above Orvella"),
        ("Flood | Courier", "Flood | Courier"),  # too short once cut: kept whole
    ],
)
def test_clean_title_one_line_without_outlet(title: str, expected: str) -> None:
    assert clean_title(title) == expected


@pytest.mark.issue(10)
def test_story_title_prefers_the_title_of_the_most_central_article(build: Build) -> None:
    central = build(FLOOD, title="Dam fails above Orvella, flooding the valley")
    aside = build("Bakers in Orvella gave out bread to volunteers.", title="Bread for helpers")
    untitled = build(FLOOD.replace("Tuesday", "Monday"))
    assert story_title([aside, untitled, central]) == "Dam fails above Orvella, flooding the valley"


@pytest.mark.issue(10)
def test_story_title_without_titles_is_the_central_lead_never_names(build: Build) -> None:
    a = build(FLOOD, places=({"name": "Orvella", "mentions": ("Orvella",)},))
    b = build("Orvella. Orvella. Tamsin.")
    title = story_title([b, a])
    assert title == "The Tamsin Dam above Orvella failed early on Tuesday"


def test_story_title_is_untitled_only_without_any_text() -> None:
    assert story_title([]) == UNTITLED
    assert story_title([AnnotatedArticle(new_article("   "))]) == UNTITLED
    assert story_title([AnnotatedArticle(new_article("flood in orvella"))]) == "flood in orvella"


@pytest.mark.issue(10)
@pytest.mark.parametrize(
    "title, expected",
    [
        ("Dam fails above Orvella, flooding the valley", True),
        ("Flood Hits Orvella, Thousands Flee", True),
        ("Orvella, Tamsin, Valley Water Board", False),
        ("Ilse Varga, Orvella and the Tamsin Dam", False),
        ("MAYOR VARGA, Ilse, Well-- so--", False),
        ("Orvella flood", False),
    ],
)
def test_headline_like_rejects_name_lists_shouts_and_labels(title: str, expected: bool) -> None:
    assert headline_like(title) is expected


@pytest.mark.issue(10)
def test_story_title_passes_over_a_title_that_lists_names(build: Build) -> None:
    listed = build(FLOOD, title="Orvella, Tamsin Dam, Ilse Varga")
    other = build(
        FLOOD.replace("Tuesday", "Monday"), title="Valley towns flood as the dam gives way"
    )
    assert story_title([listed, other]) == "Valley towns flood as the dam gives way"
    alone = story_title([build(FLOOD, title="ORVELLA FLOOD:\nLIVE")])
    assert alone == "The Tamsin Dam above Orvella failed early on Tuesday"
