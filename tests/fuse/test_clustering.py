"""Incremental story clustering: joining, keys, merge, split, window."""

from __future__ import annotations

import re
from typing import Any

import pytest

from newsfuse.errors import ConfigError, NotFound
from newsfuse.fuse import clustering
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


# --- events: what happened, to whom, where and when (#10) ------------------------------

REHAB = (
    "{who} checked into a rehabilitation clinic in {where} on Tuesday, her publicist "
    "{rep} said, asking for privacy while the actress receives treatment.",
    "The actress {who} entered rehab at a clinic in {where}, {rep} confirmed; friends "
    "said the decision followed a difficult year for the star.",
    "{rep}, who speaks for {who}, said the actress is being treated at the {where} "
    "clinic and thanked fans for their support during her stay.",
)


def _rehab(build: Build, n: int, who: str, rep: str, where: str, day: str | None) -> Any:
    text = REHAB[n].format(who=who, rep=rep, where=where)
    return build(
        text,
        published=day,
        people=(
            {"name": who, "mentions": (who,)},
            {"name": rep, "mentions": (rep,)},
        ),
        places=({"name": where, "mentions": (where,)},),
    )


@pytest.mark.issue(10)
def test_two_events_of_one_kind_with_other_people_and_places_are_two_stories(
    build: Build,
) -> None:
    index = StoryIndex()
    first = [
        index.add(_rehab(build, n, "Mira Castell", "Jon Abery", "Larkspur", "2021-03-10"))
        for n in range(3)
    ]
    second = [
        index.add(_rehab(build, n, "Tessa Lorne", "Ida Brevik", "Ostra Vale", "2021-04-20"))
        for n in range(3)
    ]
    assert len(set(first)) == 1
    assert len(set(second)) == 1
    assert first[0] != second[0]


@pytest.mark.issue(10)
def test_one_case_months_apart_stays_one_story_when_people_and_places_agree(
    build: Build,
) -> None:
    index = StoryIndex()
    keys = {
        index.add(_rehab(build, n, "Mira Castell", "Jon Abery", "Larkspur", day))
        for n, day in enumerate(("2021-01-05", "2021-01-06", "2021-06-20"))
    }
    assert len(keys) == 1


@pytest.mark.issue(10)
def test_undated_reports_join_by_the_years_they_state(build: Build) -> None:
    def undated(n: int, who: str, rep: str, where: str, year: str) -> AnnotatedArticle:
        text = REHAB[n].format(who=who, rep=rep, where=where)
        text += f" It began on 3 March {year}."
        return build(
            text,
            published=None,
            people=({"name": who}, {"name": rep}),
            places=({"name": where},),
            dates=({"text": f"3 March {year}", "value": f"{year}-03-03"},),
        )

    index = StoryIndex()
    first = {index.add(undated(n, "Mira Castell", "Jon Abery", "Larkspur", "2009")) for n in (0, 1)}
    later = index.add(undated(2, "Tessa Lorne", "Ida Brevik", "Ostra Vale", "2016"))
    assert len(first) == 1
    assert later not in first


def test_profile_and_story_state_round_trip_through_json(six: list[AnnotatedArticle]) -> None:
    import json

    from newsfuse.fuse.clustering import StoryState
    from newsfuse.fuse.profile import Profile, profile_of

    p = profile_of(six[1])
    assert Profile.from_json(json.loads(json.dumps(p.to_json()))) == p
    index = StoryIndex()
    key = index.add(six[1])
    index.add(six[3])
    state = index.state(key)
    assert StoryState.from_json(json.loads(json.dumps(state.to_json()))) == state


class _Source:
    """A stored index: states and document frequencies, recording what is read."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index
        self.read: list[str] = []

    def states(self, keys: list[str]) -> list[Any]:
        self.read.extend(keys)
        return [self.index.state(k) for k in keys]

    def doc_freqs(self, terms: list[str]) -> dict[str, int]:
        return {t: self.index._df[t] for t in terms if t in self.index._df}


def test_index_over_a_source_reads_only_the_stories_an_article_can_reach(
    six: list[AnnotatedArticle],
) -> None:
    from newsfuse.fuse.clustering import possible_keys
    from newsfuse.fuse.profile import profile_of

    full = StoryIndex()
    for ann in six[:4]:
        full.add(ann)
    quake, election = full.story_of(six[0].article.id), full.story_of(six[1].article.id)
    postings = {k: list(v) for k, v in full._postings.items()}
    source = _Source(full)

    lazy = StoryIndex(source=source)
    p = profile_of(six[4])  # a quake report
    wanted = set(possible_keys(p))
    lazy.load((), {}, len(full), {k: v for k, v in postings.items() if k in wanted})
    assert lazy.add(p) == quake
    assert source.read == [quake]  # the election story was never read
    assert election not in lazy.assignments()
    assert lazy.changes().stories.keys() == {quake}


# --- one event's stories found apart are joined; two events of one kind are not (#10) ----

FLOOD_MAYOR = (
    "The Senna river burst its banks at Altmoor on Monday, flooding the old quarter. "
    "Mayor Linnea Ost ordered the evacuation of riverside streets and opened the town "
    "hall as a shelter."
)
FLOOD_CREWS = (
    "Volunteers filled sandbags through the night as water reached the stone bridge. "
    "Emergency crews pumped out flooded cellars while firefighters rescued stranded "
    "residents by boat, fire chief Ivo Brandt said."
)
FLOOD_BOTH = (
    "The Senna river flooded the old quarter of Altmoor, where Mayor Linnea Ost ordered "
    "the evacuation of riverside streets. Volunteers filled sandbags through the night, "
    "emergency crews pumped out flooded cellars and firefighters rescued stranded "
    "residents by boat, fire chief Ivo Brandt said."
)


def _flood(build: Build) -> list[AnnotatedArticle]:
    ost, brandt = {"name": "Linnea Ost"}, {"name": "Ivo Brandt"}
    return [
        build(FLOOD_MAYOR, published="2022-04-04", people=(ost,), places=({"name": "Altmoor"},)),
        build(FLOOD_CREWS, published="2022-04-04", people=(brandt,)),
        build(
            FLOOD_BOTH, published="2022-04-05", people=(ost, brandt), places=({"name": "Altmoor"},)
        ),
    ]


@pytest.mark.issue(10)
def test_a_report_that_ties_two_stories_of_one_flood_together_makes_them_one(
    build: Build,
) -> None:
    index = StoryIndex()
    mayor, crews, both = _flood(build)
    first, second = index.add(mayor), index.add(crews)
    assert first != second  # the first two reports share no word, name or place
    index.add(both)
    assert len(index.assignments()) == 1
    assert index.changes().deleted  # the absorbed story is reported for deletion
    assert index.story_of(mayor.article.id) == index.story_of(crews.article.id)


@pytest.mark.issue(10)
def test_a_story_the_user_split_is_never_joined_back_automatically(
    six: list[AnnotatedArticle], build: Build
) -> None:
    index = StoryIndex()
    quakes = six[0::2]
    (key,) = {index.add(a) for a in quakes}
    moved = index.split(key, [quakes[2].article.id])
    # a report telling what both halves tell would join them if the user had not split
    index.add(_quake(build, QUAKE[0] + " " + QUAKE[2], day="2021-03-12"))
    assert index.story_of(quakes[0].article.id) == key
    assert index.story_of(quakes[2].article.id) == moved


FIRE = (
    "A fire gutted the {owner} warehouse in {town} overnight, and fire chief {chief} said "
    "the blaze started in the loading bay before spreading to the roof.",
    "Firefighters in {town} fought the warehouse blaze for six hours; {chief} said no one "
    "was hurt but the {owner} stock was lost.",
    "Investigators are examining the loading bay where the {town} warehouse fire began, "
    "{chief} told reporters, as {owner} counted its losses.",
    "{owner} warehouse fire in {town} under investigation.",  # a short report
)


def _fire(build: Build, n: int, owner: str, town: str, chief: str, day: str) -> Any:
    text = FIRE[n].format(owner=owner, town=town, chief=chief)
    return build(
        text,
        published=day,
        people=({"name": chief},) if chief in text else (),
        orgs=({"name": owner},),
        places=({"name": town},),
    )


@pytest.mark.issue(10)
def test_two_warehouse_fires_with_other_owners_towns_and_years_stay_two_stories(
    build: Build,
) -> None:
    index = StoryIndex()
    brenmoor = [
        index.add(_fire(build, n, "Halvik Dairy", "Brenmoor", "Oskar Tamm", f"2019-05-0{n + 1}"))
        for n in range(4)
    ]
    ferrowick = [
        index.add(_fire(build, n, "Lunden Mills", "Ferrowick", "Petra Vahl", f"2022-09-1{n}"))
        for n in range(4)
    ]
    assert len(set(brenmoor)) == 1  # the one-line report joins its fire
    assert len(set(ferrowick)) == 1
    assert brenmoor[0] != ferrowick[0]


@pytest.mark.issue(10)
def test_one_fire_reported_months_apart_is_one_story(build: Build) -> None:
    index = StoryIndex()
    days = ("2019-05-01", "2019-05-02", "2019-11-20", "2020-02-03")
    keys = {
        index.add(_fire(build, n, "Halvik Dairy", "Brenmoor", "Oskar Tamm", day))
        for n, day in enumerate(days)
    }
    assert len(keys) == 1


@pytest.mark.issue(10)
def test_a_report_sharing_only_a_country_with_a_story_starts_its_own(build: Build) -> None:
    index = StoryIndex()
    (fire,) = {
        index.add(_fire(build, n, "Halvik Dairy", "Valdoria", "Oskar Tamm", "2019-05-01"))
        for n in range(2)
    }
    rates = build(
        "The central bank of Valdoria raised interest rates by half a point, citing prices.",
        published="2019-05-02",
        places=({"name": "Valdoria"},),
    )
    assert index.add(rates) != fire


MINE_SHAFT = (
    "Rock fell into the north shaft of the Korrin copper mine at Dalvek on Tuesday, "
    "trapping eleven miners below the fourth level, the operator Nordal Metals said."
)
MINE_RESCUE = (
    "Rescue teams at Dalvek drilled a second borehole toward the trapped miners and "
    "lowered water and lamps, rescue chief Alma Reiss said of the Korrin copper mine."
)
MINE_BOTH = (
    "Eleven miners trapped since rock fell into the north shaft of the Korrin copper mine "
    "at Dalvek received water and lamps through a borehole drilled by rescue teams, "
    "rescue chief Alma Reiss and Nordal Metals said."
)


def _mine(build: Build, text: str, day: str) -> AnnotatedArticle:
    names = [n for n in ("Nordal Metals",) if n in text]
    people = [n for n in ("Alma Reiss",) if n in text]
    return build(
        text,
        published=day,
        orgs=tuple({"name": n} for n in names),
        people=tuple({"name": n} for n in people),
        places=({"name": "Dalvek"},),
    )


@pytest.mark.issue(10)
@pytest.mark.parametrize("bridging", [True, False])
def test_a_report_as_close_to_two_stories_of_one_mine_collapse_makes_them_one(
    build: Build, monkeypatch: pytest.MonkeyPatch, bridging: bool
) -> None:
    # story-to-story merging off, so only the report's own scores can join the two
    monkeypatch.setattr(clustering, "MERGE_THRESHOLD", 1.0)
    if not bridging:
        monkeypatch.setattr(clustering, "BRIDGE_SCORE", 1.0)
    index = StoryIndex()
    shaft, rescue = _mine(build, MINE_SHAFT, "2023-02-07"), _mine(build, MINE_RESCUE, "2023-02-08")
    index.add(shaft)
    index.add(rescue, key=story_key("rescue"))  # replayed apart, as a store may hold them
    both = _mine(build, MINE_BOTH, "2023-02-09")
    index.add(both)
    joined = index.story_of(shaft.article.id) == index.story_of(rescue.article.id)
    assert joined is bridging


# --- the people a story's leads agree on (#10) -----------------------------------------

ARREST = (
    "{team} player {who} was arrested on suspicion of drunken driving early on Sunday "
    "after police stopped his car on the coast freeway. The team said it was aware of "
    "the arrest of {who} and would not comment further.",
    "Police arrested {who} of the {team} on suspicion of drunken driving on the coast "
    "freeway. {who} was released on bail hours later, and the team said it was "
    "gathering information about the arrest.",
    "{who}, who plays for the {team}, faces a drunken driving charge after his arrest on "
    "the coast freeway. The team said the arrest of {who} was a disappointment.",
)


def _arrest(build: Build, n: int, who: str) -> AnnotatedArticle:
    team = "Harbor City Gulls"
    return build(
        ARREST[n].format(who=who, team=team),
        published=None,  # undated, as wire copy often is: no date tells the two apart
        people=({"name": who},),
        orgs=({"name": team},),
        places=({"name": "Harbor City"},) if "Harbor City" in ARREST[n] else (),
    )


BRANDT = (
    "Harbor City Gulls lineman Kofi Brandt faces a drunken driving charge after highway "
    "patrol officers stopped his pickup near the stadium late on Friday. Brandt failed a "
    "breath test and spent the night in the county jail.",
    "Kofi Brandt, the Gulls lineman, pleaded not guilty to drunken driving. His pickup "
    "was stopped near the stadium by highway patrol officers after a late team dinner.",
)


def _brandt(build: Build, n: int) -> AnnotatedArticle:
    text = BRANDT[n]
    return build(
        text,
        published=None,
        people=({"name": "Kofi Brandt", "mentions": ("Kofi Brandt",)},),
        orgs=({"name": "Harbor City Gulls"},) if "Harbor City Gulls" in text else (),
    )


@pytest.mark.issue(10)
def test_the_arrest_of_another_player_of_the_same_team_starts_its_own_story(
    build: Build,
) -> None:
    index = StoryIndex()
    first = {index.add(_arrest(build, n, "Dario Vance")) for n in range(3)}
    other = index.add(_brandt(build, 0))
    assert len(first) == 1
    assert other not in first
    # the second player's next report joins his own story, not the first one
    assert index.add(_brandt(build, 1)) == other


@pytest.mark.issue(10)
def test_a_report_leading_with_someone_else_joins_when_it_names_the_story_s_people(
    build: Build,
) -> None:
    index = StoryIndex()
    (story,) = {index.add(_arrest(build, n, "Dario Vance")) for n in range(3)}
    lawyer = build(
        "Defense lawyer Ilse Marrow said the charge would be contested in court next "
        "month. She called the police stop routine. Her client Dario Vance of the Harbor "
        "City Gulls was released on bail.",
        published=None,
        people=({"name": "Ilse Marrow"}, {"name": "Dario Vance"}),
        orgs=({"name": "Harbor City Gulls"},),
    )
    assert index.add(lawyer) == story


@pytest.mark.issue(10)
def test_a_disaster_report_leading_with_a_minister_joins_though_an_earlier_lead_named_a_witness(
    build: Build,
) -> None:
    def report(text: str, day: str) -> AnnotatedArticle:
        people = tuple({"name": n} for n in ("Luca Fenwick", "Nadia Orsini") if n in text)
        return build(text, published=day, people=people, places=({"name": "Castelmaro"},))

    index = StoryIndex()
    first = index.add(
        report(
            "A motorway flyover collapsed in Castelmaro on Tuesday during a storm, sending "
            "cars and trucks into the riverbed below. Rescue crews searched the rubble for "
            "survivors.",
            "2022-10-04",
        )
    )
    witness = index.add(
        report(
            "Witness Luca Fenwick said he saw the flyover in Castelmaro fall in seconds as "
            "the storm broke. Cars plunged into the riverbed and rescue crews worked through "
            "the night.",
            "2022-10-04",
        )
    )
    minister = index.add(
        report(
            "Transport minister Nadia Orsini promised an inquiry into the Castelmaro "
            "collapse. She said the motorway operator must explain why the flyover failed. "
            "The death toll rose as crews searched the riverbed.",
            "2022-10-06",
        )
    )
    assert first == witness == minister
