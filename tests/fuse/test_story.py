"""Assembling a Story; fuse() end to end; the real annotate pipeline feeding fuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import newsfuse.fuse as fuse_pkg
from newsfuse.errors import ConfigError
from newsfuse.fuse import build_story, fuse, story_quotes
from newsfuse.fuse.clustering import story_key
from newsfuse.model import SummarySentence, new_article

from .conftest import Build
from .test_clustering import ELECTION, QUAKE, _election, _quake


def test_story_quotes_dedupes_one_quote_carried_by_several_outlets(build: Build) -> None:
    quote = "We will rebuild every house in the valley"
    a = build(
        f'"{quote}," the governor said.',
        outlet="Post",
        quotes=({"content": quote, "speaker": "Lena Ortiz"},),
    )
    b = build(
        f'Ortiz said: "{quote}." Crews arrived.',
        outlet="Times",
        quotes=({"content": quote, "speaker": "Lena Ortiz"},),
    )
    c = build(
        '"Help is late," a resident said.',
        outlet="Times",
        quotes=({"content": "Help is late", "speaker": None},),
    )
    quotes = story_quotes([a, b, c])
    assert [(q.speaker, q.span.article_id) for q in quotes] == [("Lena Ortiz", a.article.id)]


def test_story_quotes_keeps_reported_speech_and_prefers_direct_version(build: Build) -> None:
    words = "the dam would hold through the spring floods"
    a = build(
        f"The engineer said {words}.",
        quotes=({"content": words, "speaker": "Omar Haddad", "direct": False},),
    )
    b = build(
        f'"{words.capitalize()}," Haddad said.',
        outlet="Times",
        quotes=({"content": words.capitalize(), "speaker": "Omar Haddad"},),
    )
    (quote,) = story_quotes([a, b])
    assert quote.direct and quote.span.article_id == b.article.id


def test_build_story_assembles_entities_claims_timeline_and_dates(build: Build) -> None:
    a = build(
        "A strong earthquake killed 212 people in Kermanshah on March 7, 2021.",
        outlet="Post",
        title="Quake kills hundreds in Kermanshah",
        published="2021-03-08",
        places=({"name": "Kermanshah"},),
        figures=({"value": 212, "unit": "people killed", "text": "212 people"},),
        events=(
            {
                "text": "A strong earthquake killed 212 people in Kermanshah on March 7, 2021",
                "trigger": "kill",
                "date": "2021-03-07",
                "places": ("Kermanshah",),
            },
        ),
    )
    b = build(
        "The earthquake in Kermanshah on March 7, 2021 left 300 dead, rescuers said.",
        outlet="Times",
        title="Rescuers dig",
        published="2021-03-09",
        places=({"name": "Kermanshah"},),
        figures=({"value": 300, "unit": "dead", "text": "300 dead"},),
    )
    summary = (SummarySentence("A strong earthquake killed 212 people.", a.sentences[0]),)
    story = build_story([b, a], summary=summary)
    assert story.id == story_key(a.article.id)
    assert story.article_ids == (a.article.id, b.article.id)
    assert (story.first_published, story.last_published) == (
        dt.date(2021, 3, 8),
        dt.date(2021, 3, 9),
    )
    assert [(e.name, len(e.mentions)) for e in story.entities] == [("Kermanshah", 2)]
    assert [c.status for c in story.claims] == ["conflicting"]
    assert len(story.timeline) == 1 and story.timeline[0].date == "2021-03-07"
    assert story.summary == summary
    assert story.title in {"Quake kills hundreds in Kermanshah", "Rescuers dig"}


@pytest.mark.issue(10)
def test_build_story_untitled_articles_get_their_lead_as_headline_not_names(
    build: Build,
) -> None:
    a = build(
        "A strong earthquake shook the city of Kermanshah on Sunday night, officials said. "
        "Kermanshah waited.",
        places=({"name": "Kermanshah", "mentions": ("Kermanshah",)},),
    )
    assert build_story([a], story_id="s123").title == (
        "A strong earthquake shook the city of Kermanshah on Sunday night"
    )


def test_build_story_rejects_an_empty_story() -> None:
    with pytest.raises(ConfigError):
        build_story([])


def test_fuse_clusters_and_builds_every_story(build: Build) -> None:
    anns = [_quake(build, t) for t in QUAKE] + [_election(build, t) for t in ELECTION]
    stories = fuse(reversed(anns))
    assert sorted(len(s.article_ids) for s in stories) == [3, 3]
    assert all(s.summary for s in stories)
    assert len(fuse(anns, threshold=1.0)) == 6


def test_fuse_package_exports_are_sorted_and_importable() -> None:
    assert fuse_pkg.__all__ == sorted(fuse_pkg.__all__)
    for name in fuse_pkg.__all__:
        assert getattr(fuse_pkg, name) is not None


ARTICLE_A = (
    "MOSUL, Iraq — Col. Ryan Dillon, a spokesman for the U.S.-led coalition, said on Tuesday "
    'that the coalition had 5,200 troops in Iraq at its peak. "The fight is not over," Dillon '
    "said. An attack on a market in Mosul killed 212 people on March 7, 2021, officials said."
)
ARTICLE_B = (
    "BAGHDAD — More than 5,000 American troops remain in Iraq, according to Ryan Dillon, the "
    'coalition\'s chief spokesman. "The fight is not over," Dillon told reporters on Tuesday. '
    "The bombing of a market in Mosul killed 300 people on March 7, 2021, local doctors said."
)


def test_fuse_end_to_end_on_two_annotated_fictional_articles(resources: Any) -> None:
    from newsfuse.annotate import annotate

    a = annotate(
        new_article(
            ARTICLE_A,
            outlet="Tigris Post",
            title="Coalition keeps troops in Iraq",
            published=dt.date(2021, 3, 10),
        ),
        resources,
    )
    b = annotate(
        new_article(
            ARTICLE_B,
            outlet="Euphrates Daily",
            title="Troops remain after bombing",
            published=dt.date(2021, 3, 11),
        ),
        resources,
    )
    (story,) = fuse([b, a])
    status = {c.unit: c.status for c in story.claims if len(c.values) == 2}
    assert status == {"troops": "consistent", "people killed": "conflicting"}
    dillon = next(e for e in story.entities if e.name == "Ryan Dillon")
    assert {m.span.article_id for m in dillon.mentions} == {a.article.id, b.article.id}
    assert len(dillon.roles) == 2
    direct = [q for q in story.quotes if q.direct]
    assert [(q.speaker, q.content) for q in direct] == [("Ryan Dillon", "The fight is not over")]
    (event,) = [t for t in story.timeline if t.date == "2021-03-07"]
    assert len(event.spans) == 2
