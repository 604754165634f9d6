"""Figure alignment and claim status, on hand-built articles."""

from __future__ import annotations

import pytest

from newsfuse.fuse.claims import (
    align_figures,
    dates_overlap,
    intersects,
    interval,
    units_compatible,
)
from newsfuse.model import Claim

from .conftest import Build

TROOPS_A = "U.S. troops in Iraq reached a peak of 5,200 troops last year, officials said."
TROOPS_B = "The coalition now keeps more than 5,000 troops in Iraq, a spokesman said."


def _troops(build: Build, text: str, value: float, qualifier: str, phrase: str, **kw: object):
    return build(
        text,
        figures=(
            {
                "value": value,
                "unit": "troops",
                "qualifier": qualifier,
                "text": phrase,
                "place": "Iraq",
            },
        ),
        **kw,
    )


def _killed(build: Build, text: str, value: float, phrase: str, unit: str, **kw: object):
    return build(text, figures=({"value": value, "unit": unit, "text": phrase},), **kw)


def _multi(claims: tuple[Claim, ...]) -> list[Claim]:
    return [c for c in claims if len(c.values) > 1]


def test_claims_peak_and_more_than_in_same_country_are_consistent(build: Build) -> None:
    a = _troops(build, TROOPS_A, 5200, "peak", "a peak of 5,200 troops", outlet="Post")
    b = _troops(build, TROOPS_B, 5000, "more than", "more than 5,000 troops", outlet="Times")
    (claim,) = align_figures([a, b])
    assert claim.status == "consistent"
    assert claim.label == "troops in Iraq"
    assert {v.outlet for v in claim.values} == {"Post", "Times"}
    assert "5,000" in (claim.explanation or "")


def test_claims_212_and_300_killed_exact_are_conflicting(build: Build) -> None:
    a = _killed(
        build,
        "An earthquake killed 212 people in the region.",
        212,
        "212 people",
        "people killed",
        outlet="Wire A",
    )
    b = _killed(
        build,
        "The quake left 300 dead in the region, officials said.",
        300,
        "300 dead",
        "dead",
        outlet="Wire B",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "conflicting"
    assert "212" in (claim.explanation or "") and "300" in (claim.explanation or "")
    assert [v.value for v in claim.values] == [212, 300]


def test_claims_value_repeated_only_by_wire_copy_is_not_corroborated(build: Build) -> None:
    text = "An earthquake killed 212 people in the region."
    original = _killed(build, text, 212, "212 people", "people killed", outlet="Wire")
    copy = _killed(
        build, text + " Reporting by Wire.", 212, "212 people", "people killed", outlet="Gazette"
    )
    (claim,) = align_figures([original, copy], {copy.article.id: original.article.id})
    assert claim.status == "single"
    assert [v.independent for v in claim.values] == [True, False]
    assert "cop" in (claim.explanation or "")


def test_claims_duplicate_of_on_article_marks_copy_without_mapping(build: Build) -> None:
    text = "An earthquake killed 212 people in the region."
    original = _killed(build, text, 212, "212 people", "people killed", outlet="Wire")
    copy = _killed(
        build,
        text + " More later.",
        212,
        "212 people",
        "people killed",
        outlet="Gazette",
        duplicate_of=original.article.id,
    )
    (claim,) = align_figures([original, copy])
    assert claim.status == "single"


def test_claims_two_copies_of_an_absent_original_count_once(build: Build) -> None:
    text = "An earthquake killed 212 people in the region."
    c1 = _killed(build, text + " A.", 212, "212 people", "people killed", outlet="Gazette")
    c2 = _killed(build, text + " B.", 212, "212 people", "people killed", outlet="Herald")
    (claim,) = align_figures([c1, c2], {c1.article.id: "orig", c2.article.id: "orig"})
    assert claim.status == "single"
    assert sum(v.independent for v in claim.values) == 1


def test_claims_same_value_from_two_independent_outlets_is_corroborated(build: Build) -> None:
    a = _killed(
        build,
        "An earthquake killed 212 people in the region.",
        212,
        "212 people",
        "people killed",
        outlet="Post",
    )
    b = _killed(
        build,
        "Officials said 212 people were killed by the quake.",
        212,
        "212 people",
        "killed",
        outlet="Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "corroborated"
    assert all(v.independent for v in claim.values)


def test_claims_two_articles_of_one_outlet_are_one_source(build: Build) -> None:
    a = _killed(build, "An earthquake killed 212 people.", 212, "212 people", "people killed")
    b = _killed(build, "The quake killed 212 people.", 212, "212 people", "people killed")
    (claim,) = align_figures([a, b])
    assert claim.status == "single"


def test_claims_different_units_are_not_aligned(build: Build) -> None:
    a = _troops(build, TROOPS_A, 5200, "exact", "5,200 troops", outlet="Post")
    b = build(
        "The coalition carried out 5,200 airstrikes in Iraq.",
        outlet="Times",
        figures=(
            {"value": 5200, "unit": "airstrikes", "text": "5,200 airstrikes", "place": "Iraq"},
        ),
    )
    claims = align_figures([a, b])
    assert len(claims) == 2
    assert {c.status for c in claims} == {"single"}


def test_claims_different_places_are_not_aligned(build: Build) -> None:
    a = _troops(build, TROOPS_A, 5200, "exact", "5,200 troops", outlet="Post")
    b = build(
        "About 2,000 troops remain in Syria.",
        outlet="Times",
        figures=(
            {
                "value": 2000,
                "unit": "troops",
                "qualifier": "about",
                "text": "About 2,000 troops",
                "place": "Syria",
            },
        ),
    )
    assert _multi(align_figures([a, b])) == []


@pytest.mark.parametrize(
    "second_text, second_date, aligned",
    [
        ("Nearly 950 airstrikes hit the city in March.", "2021-03-20", True),
        ("The coalition launched 950 airstrikes in June.", "2021-06", False),
    ],
)
def test_claims_strikes_and_airstrikes_align_only_when_their_dates_overlap(
    build: Build, second_text: str, second_date: str, aligned: bool
) -> None:
    a = build(
        "The coalition launched 900 strikes in March.",
        outlet="Post",
        figures=({"value": 900, "unit": "strikes", "text": "900 strikes", "date": "2021-03"},),
    )
    b = build(
        second_text,
        outlet="Times",
        figures=(
            {
                "value": 950,
                "unit": "airstrikes",
                "qualifier": "nearly",
                "text": "950 airstrikes",
                "date": second_date,
            },
        ),
    )
    claims = _multi(align_figures([a, b]))
    assert [c.status for c in claims] == (["consistent"] if aligned else [])


def test_claims_article_repeating_its_own_figure_is_folded(build: Build) -> None:
    text = "An earthquake killed 212 people. Rescuers said 212 people died in all."
    a = build(
        text,
        figures=(
            {"value": 212, "unit": "people killed", "text": "212 people"},
            {"value": 212, "unit": "people killed", "text": "212 people died"},
        ),
    )
    assert len(align_figures([a])) == 1


def test_claims_ids_are_stable_and_distinct(build: Build) -> None:
    a = _troops(build, TROOPS_A, 5200, "peak", "a peak of 5,200 troops", outlet="Post")
    b = _killed(build, "An earthquake killed 212 people.", 212, "212 people", "people killed")
    first, second = align_figures([a, b]), align_figures([a, b])
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == 2


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        ((5200, "peak"), (5000, "more than"), True),
        ((2000, "about"), (2100, "exact"), True),
        ((212, "at least"), (300, "more than"), True),
        ((5000, "more than"), (5000, "exact"), True),
        ((100, "up to"), (80, "about"), True),
        ((212, "exact"), (300, "exact"), False),
        ((2000, "about"), (2300, "exact"), False),
        ((5000, "nearly"), (5100, "exact"), False),
        ((300, "less than"), (400, "at least"), False),
        ((5200, "peak"), (6000, "more than"), False),
    ],
)
def test_claims_interval_compatibility_table(
    a: tuple[float, str], b: tuple[float, str], compatible: bool
) -> None:
    assert intersects(interval(*a), interval(*b)) is compatible


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("strikes", "airstrikes", True),
        ("strike", "strikes", True),
        ("people killed", "killed", True),
        ("dead", "people killed", True),
        ("troops", "soldiers", True),
        ("casualties", "deaths", True),
        ("troops", "people", False),
        ("people killed", "people injured", False),
        ("square miles", "miles", False),
        ("percent", "troops", False),
        ("", "troops", False),
    ],
)
def test_claims_units_compatible_table(a: str, b: str, expected: bool) -> None:
    assert units_compatible(a, b) is expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("2017-11", "2017-11-14", True),
        ("2017-11-13", "2017-11-14", True),
        (None, "2017-11-14", True),
        ("2017", "2017-06", True),
        ("2017-11-01", "2017-11-14", False),
        ("2016", "2017-01-01", False),
    ],
)
def test_claims_dates_overlap_table(a: str | None, b: str | None, expected: bool) -> None:
    assert dates_overlap(a, b) is expected


# --- slots, units, currencies, time and review (issue #8) -------------------------


def _one(build: Build, text: str, fig: dict[str, object], **kw: object):
    return build(text, figures=(fig,), **kw)


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text_a, fig_a, text_b, fig_b, joined",
    [
        (  # the same count from two outlets: one claim
            "A storm killed 12 people in the valley.",
            {"value": 12, "unit": "people killed", "text": "12 people"},
            "Twelve people died when the storm hit the valley.",
            {"value": 12, "unit": "people killed", "text": "Twelve people"},
            True,
        ),
        (  # killed vs injured: two slots
            "A storm killed 12 people in the valley.",
            {"value": 12, "unit": "people killed", "text": "12 people"},
            "The storm injured 14 people in the valley.",
            {"value": 14, "unit": "people injured", "text": "14 people"},
            False,
        ),
        (  # votes against vs votes for
            "The council vote went 31 against the plan.",
            {"value": 31, "unit": "votes", "text": "31"},
            "In the vote, 29 councillors voted for the plan.",
            {"value": 29, "unit": "councillors", "text": "29 councillors"},
            False,
        ),
        (  # a share of cash vs a share of stock
            "The offer is 60 percent cash.",
            {"value": 60, "unit": "percent", "text": "60 percent"},
            "The offer is 55 percent stock.",
            {"value": 55, "unit": "percent", "text": "55 percent"},
            False,
        ),
        (  # the market price vs the offer price
            "Brightwater shares rose to 12 euros a share on Monday.",
            {"value": 12, "unit": "EUR per share", "text": "12 euros a share", "verb": "rise"},
            "The offer values Brightwater at 14 euros a share.",
            {"value": 14, "unit": "EUR per share", "text": "14 euros a share", "verb": "value"},
            False,
        ),
        (  # a background figure (an earlier disaster) vs the current toll
            "In 2009, floods killed 40 people in the valley.",
            {"value": 40, "unit": "people killed", "text": "40 people", "date": "2009"},
            "Floods killed 38 people in the valley this week.",
            {"value": 38, "unit": "people killed", "text": "38 people"},
            False,
        ),
        (  # currencies never meet: one deal in dollars and in pounds
            "Halden agreed to buy Orrin for $62 billion.",
            {"value": 62e9, "unit": "USD", "text": "$62 billion"},
            "Halden agreed to buy Orrin for £46 billion.",
            {"value": 46e9, "unit": "GBP", "text": "£46 billion"},
            False,
        ),
    ],
)
def test_claims_join_only_figures_of_one_slot(
    build: Build,
    text_a: str,
    fig_a: dict[str, object],
    text_b: str,
    fig_b: dict[str, object],
    joined: bool,
) -> None:
    a = _one(build, text_a, fig_a, outlet="Valley Post")
    b = _one(build, text_b, fig_b, outlet="River Times")
    claims = align_figures([a, b])
    assert len(claims) == (1 if joined else 2)
    assert not any(c.status == "conflicting" for c in claims) or joined


@pytest.mark.issue(8)
def test_claims_convert_units_before_comparing(build: Build) -> None:
    a = _one(
        build,
        "Floods covered some 900 square miles of farmland.",
        {
            "value": 900,
            "unit": "square miles",
            "qualifier": "about",
            "text": "some 900 square miles",
            "normalized_value": 2330.99,
            "normalized_unit": "km2",
        },
        outlet="Valley Post",
    )
    b = _one(
        build,
        "Water covered about 2,400 square kilometres of farmland.",
        {
            "value": 2400,
            "unit": "square kilometres",
            "qualifier": "about",
            "text": "about 2,400 square kilometres",
            "normalized_value": 2400.0,
            "normalized_unit": "km2",
        },
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "consistent"
    assert claim.label.startswith("area")
    assert "Valley Post says about 900 square miles" in (claim.explanation or "")


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "day_b, changed",
    [("2021-03-12", True), ("2021-03-10", False)],
)
def test_claims_rising_toll_on_different_days_changed_over_time(
    build: Build, day_b: str, changed: bool
) -> None:
    a = _one(
        build,
        "The blast killed 35 people.",
        {"value": 35, "unit": "people killed", "text": "35 people"},
        outlet="Valley Post",
        published="2021-03-10",
    )
    b = _one(
        build,
        "The blast killed 39 people.",
        {"value": 39, "unit": "people killed", "text": "39 people"},
        outlet="River Times",
        published=day_b,
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "conflicting"
    assert claim.changed_over_time is changed
    assert (claim.explanation or "").startswith("changed over time") is changed


@pytest.mark.issue(8)
def test_claims_explanation_names_outlets_and_copies_never_count(build: Build) -> None:
    text = "The blast killed 35 people."
    fig = {"value": 35, "unit": "people killed", "text": "35 people"}
    a = _one(build, text, fig, outlet="Valley Post (via Wire)")
    copy = _one(build, text + " More soon.", fig, outlet="Hill Gazette")
    b = _one(build, "Officials said the blast killed 35 people.", fig, outlet="River Times")
    (claim,) = align_figures([a, copy, b], {copy.article.id: a.article.id})
    assert claim.sources == 2 and claim.status == "corroborated"
    why = claim.explanation or ""
    assert "Valley Post" in why and "River Times" in why and "(via" not in why
    assert not any(x.article_id in why for x in claim.values)


@pytest.mark.issue(8)
def test_claim_ids_are_stable_and_reviews_survive_regrouping(build: Build) -> None:
    from newsfuse.fuse.claims import apply_reviews, value_anchor
    from newsfuse.model import ClaimReview

    a = _one(
        build,
        "The blast killed 35 people.",
        {"value": 35, "unit": "people killed", "text": "35 people"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "The blast killed 39 people.",
        {"value": 39, "unit": "people killed", "text": "39 people"},
        outlet="River Times",
    )
    c = _one(
        build,
        "The blast injured 80 people.",
        {"value": 80, "unit": "people injured", "text": "80 people"},
        outlet="Hill Gazette",
    )
    (first,) = align_figures([a, b])
    anchors = tuple(value_anchor(v) for v in first.values)
    reviews = [ClaimReview(first.id, "dismiss", anchors=anchors)]
    regrouped = apply_reviews(align_figures([c, b, a]), reviews)
    killed = next(x for x in regrouped if x.label.startswith("people killed"))
    assert killed.id == first.id and killed.review == "dismissed"
    assert next(x for x in regrouped if x is not killed).review is None
    # move the 39 out into a claim of its own, then the claim keeps one value
    move = ClaimReview(
        first.id,
        "move",
        b.article.id,
        first.values[1].span.start,
        first.values[1].span.end,
        target="cnew",
    )
    moved = apply_reviews(align_figures([a, b, c]), [move])
    ids = {x.id: x for x in moved}
    assert [v.value for v in ids["cnew"].values] == [39]
    assert ids["cnew"].values[0].moved_from == first.id
    assert [v.value for v in ids[first.id].values] == [35]
    assert ids[first.id].status == "single"


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text_a, fig_a, text_b, fig_b, claims",
    [
        (  # two periods of a deal, both in days, no role: never a conflict
            "Lawmakers get 60 days to review the accord.",
            {
                "value": 60,
                "unit": "days",
                "text": "60 days",
                "normalized_value": 60.0,
                "normalized_unit": "days",
            },
            "Sanctions return within 65 days of a breach.",
            {
                "value": 65,
                "unit": "days",
                "text": "65 days",
                "normalized_value": 65.0,
                "normalized_unit": "days",
            },
            2,
        ),
        (  # the same period from two outlets still joins
            "Lawmakers get 60 days to review the accord.",
            {
                "value": 60,
                "unit": "days",
                "text": "60 days",
                "normalized_value": 60.0,
                "normalized_unit": "days",
            },
            "Congress has 60 days to review it.",
            {
                "value": 60,
                "unit": "days",
                "text": "60 days",
                "normalized_value": 60.0,
                "normalized_unit": "days",
            },
            1,
        ),
        (  # a revision "by more than 100" is a change, not a toll
            "Officials cut the number of people killed by more than 240 on Thursday.",
            {
                "value": 240,
                "unit": "people killed",
                "qualifier": "more than",
                "text": "more than 240",
            },
            "The attacks killed 253 people, officials said.",
            {"value": 253, "unit": "people killed", "text": "253 people"},
            2,
        ),
    ],
)
def test_claims_weak_slots_and_changes_never_conflict(
    build: Build,
    text_a: str,
    fig_a: dict[str, object],
    text_b: str,
    fig_b: dict[str, object],
    claims: int,
) -> None:
    found = align_figures(
        [
            _one(build, text_a, fig_a, outlet="Valley Post"),
            _one(build, text_b, fig_b, outlet="River Times"),
        ]
    )
    assert len(found) == claims
    assert not any(c.status == "conflicting" for c in found)


@pytest.mark.issue(8)
@pytest.mark.parametrize("other, joined", [(7.3, True), (6.1, False)])
def test_claims_magnitudes_of_two_quakes_stay_apart(
    build: Build, other: float, joined: bool
) -> None:
    a = _one(
        build,
        "A magnitude 7.5 quake struck the coast.",
        {"value": 7.5, "unit": "magnitude", "text": "7.5"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        f"A magnitude {other} quake shook the coast.",
        {"value": other, "unit": "magnitude", "text": str(other)},
        outlet="River Times",
    )
    assert len(align_figures([a, b])) == (1 if joined else 2)


# --- round 3 of issue #8: slots that join across wording, and what keeps them apart ---


def _values_of(claim: Claim) -> list[tuple[str, float]]:
    return sorted((v.outlet or "", v.value) for v in claim.values)


@pytest.mark.issue(8)
def test_claims_same_harm_role_joins_differently_worded_counts(build: Build) -> None:
    """ "four severely" and "eleven in critical condition" are one count in dispute."""
    a = _one(
        build,
        "Forty people were hurt in the blast, four severely.",
        {"value": 4, "unit": "people injured", "text": "four"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "Doctors treated 41 patients, including eleven who were in critical condition.",
        {"value": 11, "unit": "people injured", "text": "eleven"},
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert _values_of(claim) == [("River Times", 11), ("Valley Post", 4)]
    assert claim.status == "conflicting"
    assert "critical" in claim.label


@pytest.mark.issue(8)
def test_claims_people_who_fled_and_people_displaced_are_one_count(build: Build) -> None:
    a = _one(
        build,
        "About 80,000 people have been displaced by the fighting.",
        {"value": 80000, "unit": "people displaced", "qualifier": "about", "text": "80,000"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "More than 80,000 people have fled their homes, aid groups said.",
        {"value": 80000, "unit": "people fled", "qualifier": "more than", "text": "80,000"},
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status in ("corroborated", "consistent")
    assert "displaced" in claim.label


@pytest.mark.issue(8)
def test_claims_a_year_in_the_sentence_makes_a_background_figure(build: Build) -> None:
    """ "Floods in 2015 killed more than 60" is background even with no date on the
    figure; it meets the other outlet's 2015 figure, never this week's toll."""
    a = build(
        "Floods killed 30 people this week. Floods in 2015 killed more than 60 people.",
        outlet="Valley Post",
        figures=(
            {"value": 30, "unit": "people killed", "text": "30 people"},
            {"value": 60, "unit": "people killed", "qualifier": "more than", "text": "60 people"},
        ),
    )
    b = build(
        "The floods have killed 32 people. In 2015, floods killed more than 60 people.",
        outlet="River Times",
        figures=(
            {"value": 32, "unit": "people killed", "text": "32 people"},
            {
                "value": 60,
                "unit": "people killed",
                "qualifier": "more than",
                "text": "60 people",
                "date": "2015",
            },
        ),
    )
    claims = align_figures([a, b])
    by_values = {tuple(v for _, v in _values_of(c)): c for c in claims}
    assert set(by_values) == {(32, 30), (60, 60)}
    assert by_values[(60, 60)].label.startswith("earlier:")


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text_b, fig_b, joined",
    [
        (  # the same talks, in weeks and in days
            "After nearly three weeks of intense negotiations, the envoys left.",
            {"value": 3, "unit": "weeks", "qualifier": "nearly", "text": "nearly three weeks"},
            True,
        ),
        (  # a duration of something else never meets the length of the talks
            "The ban on exports stays in place for 18 days.",
            {"value": 18, "unit": "days", "text": "18 days"},
            False,
        ),
    ],
)
def test_claims_durations_join_by_what_they_last(
    build: Build, text_b: str, fig_b: dict[str, object], joined: bool
) -> None:
    a = _one(
        build,
        "After 18 days of round-the-clock talks in Lisbon, a deal was struck.",
        {
            "value": 18,
            "unit": "days",
            "text": "18 days",
            "normalized_value": 18.0,
            "normalized_unit": "days",
        },
        outlet="Valley Post",
    )
    days = 7.0 * float(str(fig_b["value"])) if fig_b["unit"] == "weeks" else fig_b["value"]
    b = _one(
        build,
        text_b,
        {**fig_b, "normalized_value": days, "normalized_unit": "days"},
        outlet="River Times",
    )
    assert len(align_figures([a, b])) == (1 if joined else 2)


@pytest.mark.issue(8)
def test_claims_premium_of_n_percent_and_n_percent_premium_are_one_slot(build: Build) -> None:
    a = _one(
        build,
        "Halden will pay 20 euros for each Orrin share, a premium of 28 percent.",
        {"value": 28, "unit": "percent", "text": "28 percent"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "The price is a 28 percent premium over Friday's close.",
        {"value": 28, "unit": "percent", "text": "28 percent"},
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "corroborated"
    assert claim.label == "share of premium (percent)"


@pytest.mark.issue(8)
def test_claims_an_articles_repeat_of_a_number_joins_its_claim(build: Build) -> None:
    """ "at least 90" and later "90 people" in one article: one claim; what the count
    was revised to in the same article ("lowered the toll to 88") joins it too, as that
    article's current figure (its earlier 90s no longer count)."""
    a = build(
        "The toll is at least 90, officials said. By night 90 people had died. "
        "On Friday the office lowered the toll to 88.",
        outlet="Valley Post",
        figures=(
            {"value": 90, "unit": "people killed", "qualifier": "at least", "text": "at least 90"},
            {"value": 90, "unit": "people killed", "text": "90 people"},
            {"value": 88, "unit": "people killed", "text": "88"},
        ),
    )
    b = _one(
        build,
        "The attack killed 90 people, the ministry said.",
        {"value": 90, "unit": "people killed", "text": "90 people"},
        outlet="River Times",
    )
    (main,) = align_figures([a, b])
    assert sorted(v.text for v in main.values) == ["88", "90 people", "90 people", "at least 90"]
    assert [v.value for v in main.values if v.outlet == "Valley Post" and not v.superseded] == [88]
    assert main.status == "conflicting"  # Valley Post now says 88, River Times 90


@pytest.mark.issue(8)
def test_claims_a_count_without_place_prefers_the_claim_without_place(build: Build) -> None:
    """A placeless count that fits two claims joins the placeless one, not a part
    given "in Eastport alone"."""
    a = _one(
        build,
        "Health officials said clinics had recorded 212 cases of cholera since Monday.",
        {"value": 212, "unit": "cases", "text": "212 cases"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "Red Crescent teams counted more than 300 cases in Eastport alone.",
        {
            "value": 300,
            "unit": "cases",
            "qualifier": "more than",
            "text": "300 cases",
            "place": "Eastport",
        },
        outlet="River Times",
    )
    c = _one(
        build,
        "Clinics recorded 268 cases since Monday, Red Crescent teams said.",
        {"value": 268, "unit": "cases", "text": "268 cases"},
        outlet="Hill News",
    )
    claims = align_figures([a, b, c])
    joined = next(cl for cl in claims if any(v.value == 268 for v in cl.values))
    assert sorted(v.value for v in joined.values) == [212, 268]


@pytest.mark.issue(8)
def test_claims_offer_price_named_before_the_number_is_deal_terms(build: Build) -> None:
    """ "shares rose to 19.10, just below the offer price of 19.50": the clause is a
    market report, but 19.50 is the offer, the same slot as "will pay 19.50 a share"."""
    a = _one(
        build,
        "Brightwater shares rose to 19.10 euros, just below the offer price of 19.50 euros.",
        {"value": 19.5, "unit": "EUR", "text": "19.50 euros", "verb": "rise"},
        outlet="Valley Post",
    )
    b = _one(
        build,
        "Halden will pay 19.50 euros for each Brightwater share.",
        {"value": 19.5, "unit": "EUR per share", "text": "19.50 euros", "verb": "pay"},
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "corroborated"


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "weeks, qualifier, status",
    [(3, "nearly", "consistent"), (5, "exact", "conflicting")],
)
def test_claims_a_duration_in_weeks_carries_its_rounding(
    build: Build, weeks: int, qualifier: str, status: str
) -> None:
    """ "nearly three weeks of talks" and "18 days of talks" can both hold; "five weeks"
    and "18 days" cannot."""
    a = _one(
        build,
        "After 18 days of talks in Lisbon, a deal was struck.",
        {
            "value": 18,
            "unit": "days",
            "text": "18 days",
            "normalized_value": 18.0,
            "normalized_unit": "days",
        },
        outlet="Valley Post",
    )
    b = _one(
        build,
        f"After {weeks} weeks of talks in Lisbon, the envoys agreed.",
        {
            "value": weeks,
            "unit": "weeks",
            "qualifier": qualifier,
            "text": f"{weeks} weeks",
            "normalized_value": 7.0 * weeks,
            "normalized_unit": "days",
        },
        outlet="River Times",
    )
    (claim,) = align_figures([a, b])
    assert claim.status == status
    assert claim.label.startswith("duration of negotiation")


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text, label",
    [
        ("Nearly 60 percent of Orvella district is under water.", "share of district (percent)"),
        ("The rebels lost 40 percent of the land they once held.", "share of land (percent)"),
    ],
)
def test_claims_a_share_is_labelled_by_its_noun_not_the_words_after_it(
    build: Build, text: str, label: str
) -> None:
    value = 60 if "60" in text else 40
    fig = {"value": value, "unit": "percent", "text": f"{value} percent"}
    (claim,) = align_figures([_one(build, text, fig, outlet="Valley Post")])
    assert claim.label == label


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text, label",
    [
        (
            "At least 35 people were killed when a motorway bridge collapsed over Orvella, "
            "fire brigade sources said.",
            "people killed",
        ),
        ("At least 35 people were killed in the fire at the depot.", "people killed in the fire"),
        (
            "The crash killed 35 people, fire brigade officials said.",
            "people killed in the crash",
        ),
    ],
)
def test_claims_name_the_event_not_a_fire_brigade(build: Build, text: str, label: str) -> None:
    fig = {"value": 35, "unit": "people killed", "text": "35 people"}
    (claim,) = align_figures([_one(build, text, fig, outlet="Valley Post")])
    assert claim.label == label


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text, fig, label",
    [
        (
            "The deal is expected to bring $1.4bn annual cost savings by 2027.",
            {"value": 1.4e9, "unit": "USD", "text": "$1.4bn"},
            "cost savings (USD)",
        ),
        (
            "The regulator imposed €300 million in fines on the bank.",
            {"value": 3e8, "unit": "EUR", "text": "€300 million"},
            "fines (EUR)",
        ),
        (
            "Halden agreed to buy Brightwater in a $6.2bn deal.",
            {"value": 6.2e9, "unit": "USD", "text": "$6.2bn"},
            "deal value (USD)",
        ),
    ],
)
def test_claims_an_amount_is_labelled_by_the_noun_after_it(
    build: Build, text: str, fig: dict[str, object], label: str
) -> None:
    """ "$1.4bn annual cost savings" in a deal story is savings, not the deal's value."""
    (claim,) = align_figures([_one(build, text, fig, outlet="Valley Post")])
    assert claim.label == label


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text_b, joined",
    [
        ("The government's $12 million aid package has started to arrive.", True),
        ("The government also took a $12 million loan for embankments.", False),
    ],
)
def test_claims_amounts_join_by_the_noun_they_name(build: Build, text_b: str, joined: bool) -> None:
    twelve = {"value": 1.2e7, "unit": "USD", "text": "$12 million"}
    first = "The government released $12 million in emergency aid on Monday."
    a, b = _one(build, first, twelve, outlet="Valley Post"), _one(build, text_b, twelve)
    claims = align_figures([a, b])
    assert (len(claims) == 1) is joined
    if joined:
        assert claims[0].status == "corroborated" and claims[0].label == "emergency aid (USD)"


def _length(value: float, unit: str, text: str, metres: float, **kw: object) -> dict[str, object]:
    """A length figure as the annotate stage gives it, converted to metres."""
    return {
        "value": value,
        "unit": unit,
        "text": text,
        "normalized_value": metres,
        "normalized_unit": "m",
        **kw,
    }


@pytest.mark.issue(8)
def test_claims_a_length_named_before_its_number_is_that_measure(build: Build) -> None:
    """ "from a height of 150 feet" is a height, shown and joined as one."""
    a = _one(
        build,
        "Cars fell from a height of 150 feet when the bridge gave way.",
        _length(150, "feet", "150 feet", 45.72),
        outlet="Valley Post",
    )
    b = _one(
        build,
        "Cars plunged as much as 46 meters into the river.",
        _length(46, "meters", "as much as 46 meters", 46.0, qualifier="up to"),
        outlet="River Times",
    )
    for order in ([a, b], [b, a]):  # the label comes from the figure that names the measure
        (claim,) = align_figures(order)
        assert claim.label == "height (m)"


@pytest.mark.issue(8)
def test_claims_a_measure_restated_in_another_unit_is_one_figure(build: Build) -> None:
    """ "rose 4 meters (13 feet)" gives one height in two units: one value, not a second
    claim that another outlet's "13 feet" could join on its own."""
    text = "The river rose 4 meters (13 feet) overnight at the Orvella gauge."
    thirteen = _length(13, "feet", "13 feet", 3.9624)
    a = build(text, figures=(_length(4, "meters", "4 meters", 4.0), thirteen), outlet="Valley Post")
    b = _one(
        build,
        "The river rose 13 feet overnight at the Orvella gauge.",
        thirteen,
        outlet="River Times",
    )
    claims = align_figures([a, b])
    assert len(claims) == 1
    assert [v.article_id for v in claims[0].values] == [a.article.id, b.article.id]
    assert claims[0].status in ("corroborated", "consistent")
