"""Incremental story clustering: joining, keys, merge, split, window."""

from __future__ import annotations

import re

import pytest

from newsfuse.errors import ConfigError, NotFound
from newsfuse.fuse.clustering import StoryIndex, story_key
from newsfuse.model import AnnotatedArticle

from .conftest import Build

QUAKE = [
    "A strong earthquake struck Kermanshah province near the border on Sunday night, "
    "collapsing buildings in Sarpol-e Zahab. Rescue teams searched the rubble for survivors "
    "as aftershocks rattled the mountain towns.",
    "Rescuers in Kermanshah pulled survivors from collapsed buildings after the earthquake. "
    "The quake destroyed homes in Sarpol-e Zahab and aftershocks frightened residents who "
    "slept outside in the cold.",
    "The death toll from the Kermanshah earthquake rose as rescue teams reached remote "
    "villages. Aftershocks shook Sarpol-e Zahab, where the quake flattened buildings.",
]
ELECTION = [
    "Voters in Valdoria cast ballots in a presidential election on Sunday, with turnout "
    "high in the capital Port Amsel. The incumbent, Maren Holt, faces opposition leader "
    "Tomas Brandt in a runoff.",
    "Early results from the Valdoria presidential election showed Tomas Brandt ahead of "
    "Maren Holt in Port Amsel. Election officials said turnout beat the previous ballot.",
    "Maren Holt conceded the Valdoria election to Tomas Brandt after ballots were counted. "
    "Supporters celebrated the presidential result in the streets of Port Amsel.",
]


def _quake(build: Build, text: str, day: str = "2021-03-10") -> AnnotatedArticle:
    return build(
        text,
        published=day,
        places=({"name": "Kermanshah"}, {"name": "Sarpol-e Zahab"}),
    )


def _election(build: Build, text: str, day: str = "2021-03-11") -> AnnotatedArticle:
    return build(
        text,
        published=day,
        people=(
            {"name": "Maren Holt", "mentions": ("Maren Holt",)},
            {"name": "Tomas Brandt", "mentions": ("Tomas Brandt",)},
        ),
        places=({"name": "Valdoria"}, {"name": "Port Amsel"}),
    )


@pytest.fixture
def six(build: Build) -> list[AnnotatedArticle]:
    quakes = [_quake(build, t) for t in QUAKE]
    elections = [_election(build, t) for t in ELECTION]
    return [quakes[0], elections[0], quakes[1], elections[1], quakes[2], elections[2]]


def test_clustering_puts_quake_and_election_articles_in_two_stories(
    six: list[AnnotatedArticle],
) -> None:
    index = StoryIndex()
    for ann in six:
        index.add(ann)
    groups = sorted(sorted(ids) for ids in index.assignments().values())
    quake_ids = sorted(a.article.id for a in six[0::2])
    election_ids = sorted(a.article.id for a in six[1::2])
    assert groups == sorted([quake_ids, election_ids])


def test_clustering_joins_incrementally_and_keys_derive_from_first_article(
    six: list[AnnotatedArticle],
) -> None:
    index = StoryIndex()
    first = index.add(six[0])
    assert first == story_key(six[0].article.id)
    assert re.fullmatch(r"s[0-9a-f]{11}", first)
    other = index.add(six[1])
    assert other != first
    assert index.add(six[2]) == first  # joins the existing quake story
    assert index.add(six[3]) == other
    assert index.add(six[2]) == first  # adding again changes nothing
    assert index.assignments()[first] == [six[0].article.id, six[2].article.id]


def test_clustering_is_deterministic_across_runs(six: list[AnnotatedArticle]) -> None:
    runs = []
    for _ in range(2):
        index = StoryIndex()
        for ann in six:
            index.add(ann)
        runs.append(index.assignments())
    assert runs[0] == runs[1]


def test_clustering_threshold_one_keeps_every_article_apart(
    six: list[AnnotatedArticle],
) -> None:
    index = StoryIndex(threshold=1.0)
    for ann in six:
        index.add(ann)
    assert len(index.assignments()) == 6


def test_clustering_article_outside_window_starts_a_new_story(build: Build) -> None:
    index = StoryIndex(window_days=30)
    old = index.add(_quake(build, QUAKE[0], day="2021-01-01"))
    new = index.add(_quake(build, QUAKE[1], day="2021-06-01"))
    assert old != new


def test_clustering_merge_moves_articles_and_keeps_first_key(
    six: list[AnnotatedArticle],
) -> None:
    index = StoryIndex()
    for ann in six:
        index.add(ann)
    quake, election = index.story_of(six[0].article.id), index.story_of(six[1].article.id)
    assert index.merge(quake, election) == quake
    assert list(index.assignments()) == [quake]
    assert len(index.assignments()[quake]) == 6
    assert index.story_of(six[1].article.id) == quake


def test_clustering_split_moves_articles_to_a_new_stable_key(
    six: list[AnnotatedArticle],
) -> None:
    index = StoryIndex()
    for ann in six:
        index.add(ann)
    quake = index.story_of(six[0].article.id)
    moving = [six[4].article.id]
    new = index.split(quake, moving)
    assert new == story_key(six[4].article.id)
    assert index.assignments()[new] == moving
    assert index.assignments()[quake] == [six[0].article.id, six[2].article.id]
    # a later quake article still finds the remaining quake stories
    assert index.score(six[2], quake) > index.score(six[2], index.story_of(six[1].article.id))


def test_clustering_merge_then_split_round_trips(six: list[AnnotatedArticle]) -> None:
    index = StoryIndex()
    for ann in six:
        index.add(ann)
    before = index.assignments()
    quake, election = index.story_of(six[0].article.id), index.story_of(six[1].article.id)
    index.merge(quake, election)
    assert index.split(quake, before[election]) == election
    assert index.assignments() == {quake: before[quake], election: before[election]}


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda ix, q, e: ix.merge(q, q), ConfigError),
        (lambda ix, q, e: ix.merge(q, "s000000000000"), NotFound),
        (lambda ix, q, e: ix.split("s000000000000", ["x"]), NotFound),
        (lambda ix, q, e: ix.split(q, ["not-in-story"]), ConfigError),
        (lambda ix, q, e: ix.split(q, []), ConfigError),
        (lambda ix, q, e: ix.split(e, ix.assignments()[e]), ConfigError),
        (lambda ix, q, e: ix.story_of("nope"), NotFound),
    ],
)
def test_clustering_bad_edits_raise_named_errors(
    six: list[AnnotatedArticle], call: object, error: type[Exception]
) -> None:
    index = StoryIndex()
    for ann in six:
        index.add(ann)
    q, e = index.story_of(six[0].article.id), index.story_of(six[1].article.id)
    with pytest.raises(error):
        call(index, q, e)  # type: ignore[operator]


@pytest.mark.parametrize("threshold, window", [(-0.1, 30), (1.5, 30), (0.2, -1)])
def test_clustering_rejects_bad_settings(threshold: float, window: int) -> None:
    with pytest.raises(ConfigError, match=str(threshold if threshold != 0.2 else window)):
        StoryIndex(threshold=threshold, window_days=window)
