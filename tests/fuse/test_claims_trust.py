"""Claims a user can trust (issue #8): one amount in several currencies, an article's
revised count, different nouns for one count, vote tallies, running totals and two
estimates set against each other. Fictional texts."""

from __future__ import annotations

import pytest

from newsfuse.fuse.claims import align_figures
from newsfuse.model import Claim

from .conftest import Build

pytestmark = pytest.mark.issue(8)


def _holding(claims: tuple[Claim, ...], value: float) -> list[Claim]:
    return [c for c in claims if any(v.value == value for v in c.values)]


def _deal(build: Build) -> tuple[Claim, ...]:
    a = build(
        "Halden agreed to buy Orrin for £46bn ($62bn), the companies said.",
        outlet="Valley Post",
        figures=(
            {"value": 46e9, "unit": "pounds", "text": "£46bn"},
            {"value": 62e9, "unit": "dollars", "text": "$62bn"},
        ),
    )
    b = build(
        "Orrin accepted a £46bn takeover offer from Halden. "
        "The deal should bring €350m of annual cost savings.",
        outlet="River Times",
        figures=(
            {"value": 46e9, "unit": "pounds", "text": "£46bn"},
            {"value": 350e6, "unit": "euros", "text": "€350m"},
        ),
    )
    c = build(
        "Halden clinched a $62 billion deal for Orrin.",
        outlet="Harbour Herald",
        figures=({"value": 62e9, "unit": "dollars", "text": "$62 billion"},),
    )
    return align_figures([a, b, c])


def test_one_deal_in_pounds_and_dollars_is_two_linked_claims_never_a_conflict(
    build: Build,
) -> None:
    claims = _deal(build)
    (gbp,) = _holding(claims, 46e9)
    (usd,) = _holding(claims, 62e9)
    assert gbp is not usd
    assert {gbp.status, usd.status} == {"corroborated"}  # compared within each currency
    assert usd.id in gbp.equivalents and gbp.id in usd.equivalents
    assert not any(c.status == "conflicting" for c in claims)
    (savings,) = _holding(claims, 350e6)  # another amount, not the deal in euros
    assert gbp.id not in savings.equivalents and not savings.equivalents


def test_a_conversion_in_the_text_links_two_currencies_without_deal_words(
    build: Build,
) -> None:
    a = build(
        "The fund holds 3 billion euros, or about $3.3 billion, in bonds.",
        figures=(
            {"value": 3e9, "unit": "euros", "text": "3 billion euros"},
            {"value": 3.3e9, "unit": "dollars", "qualifier": "about", "text": "about $3.3 billion"},
        ),
    )
    eur, usd = sorted(align_figures([a]), key=lambda c: c.unit)
    assert eur.equivalents == (usd.id,) and usd.equivalents == (eur.id,)


def _toll(build: Build) -> tuple[Claim, ...]:
    a = build(
        "The death toll from the blasts stood at 253 on Thursday. "
        "The ministry later revised the toll down to 250 people killed.",
        outlet="Valley Post",
        figures=(
            {"value": 253, "unit": "people killed", "text": "253"},
            {"value": 250, "unit": "people killed", "text": "250 people killed"},
        ),
    )
    b = build(
        "Officials said 253 people were killed in the blasts.",
        outlet="River Times",
        figures=({"value": 253, "unit": "people killed", "text": "253 people"},),
    )
    return align_figures([a, b])


def test_a_count_revised_within_one_article_joins_its_claim_as_its_current_figure(
    build: Build,
) -> None:
    claims = _toll(build)
    assert len(claims) == 1
    (claim,) = claims
    superseded = {(v.outlet, v.value) for v in claim.values if v.superseded}
    assert superseded == {("Valley Post", 253)}  # the figure before the revision
    assert claim.status == "conflicting"  # Valley Post now says 250, River Times 253
    assert "Valley Post says 250" in (claim.explanation or "")


def test_a_second_count_without_a_revision_stays_apart(build: Build) -> None:
    a = build(
        "The death toll from the blasts stood at 253 on Thursday. "
        "A local official put the number of dead at 240.",
        figures=(
            {"value": 253, "unit": "people killed", "text": "253"},
            {"value": 240, "unit": "people killed", "text": "240"},
        ),
    )
    assert len(align_figures([a])) == 2


@pytest.mark.parametrize(
    "unit_a, unit_b, value, joined",
    [
        ("suicide bombers", "attackers", 9, True),  # one group of people, two nouns
        ("volunteers", "people", 43000, True),
        ("suicide bombers", "hotels", 9, False),
        ("infections", "trial participants", 94, True),  # the same uncommon number
        ("schools", "clinics", 40, False),  # a round number of two things: two counts
    ],
)
def test_different_nouns_for_one_count(
    build: Build, unit_a: str, unit_b: str, value: int, joined: bool
) -> None:
    a = build(
        f"Police said {value} {unit_a} took part in the coordinated plot on Sunday.",
        outlet="Valley Post",
        figures=({"value": value, "unit": unit_a, "text": f"{value} {unit_a}"},),
    )
    b = build(
        f"Investigators named {value} {unit_b} in the coordinated plot on Sunday.",
        outlet="River Times",
        figures=({"value": value, "unit": unit_b, "text": f"{value} {unit_b}"},),
    )
    claims = align_figures([a, b])
    assert len(claims) == (1 if joined else 2)
    if joined:
        assert claims[0].status == "corroborated"


def test_a_vote_tally_gives_each_number_its_side(build: Build) -> None:
    a = build(
        "The bill was defeated by 310 votes to 250 on Tuesday night.",
        outlet="Valley Post",
        figures=(
            {"value": 310, "unit": "votes", "text": "310 votes"},
            {"value": 250, "unit": "votes", "text": "250"},
        ),
    )
    b = build(
        "In the vote, 250 members voted for the bill, while 310 voted against it.",
        outlet="River Times",
        figures=(
            {"value": 250, "unit": "votes", "text": "250 members"},
            {"value": 310, "unit": "votes", "text": "310"},
        ),
    )
    claims = align_figures([a, b])
    assert len(claims) == 2
    assert {c.status for c in claims} == {"corroborated"}
    assert {c.label for c in claims} == {"votes for", "votes against"}


def test_a_running_total_since_a_date_is_not_background(build: Build) -> None:
    a = build(
        "The trial has enrolled 5,231 participants since March 3.",
        outlet="Valley Post",
        published="2021-07-10",
        figures=(
            {
                "value": 5231,
                "unit": "participants",
                "text": "5,231 participants",
                "date": "2021-03-03",
            },
        ),
    )
    b = build(
        "More than 5,000 volunteers had joined the trial by Thursday.",
        outlet="River Times",
        published="2021-07-10",
        figures=(
            {
                "value": 5000,
                "unit": "volunteers",
                "qualifier": "more than",
                "text": "More than 5,000 volunteers",
                "date": "2021-07-08",
            },
        ),
    )
    (claim,) = align_figures([a, b])  # a count as of now, not of March 3
    assert claim.status == "consistent" and not claim.label.startswith("earlier")


def test_two_estimates_set_against_each_other_in_one_sentence_join(build: Build) -> None:
    a = build(
        "The clashes killed 41 people, higher than the toll of 38 given by the governor.",
        outlet="Valley Post",
        figures=(
            {"value": 41, "unit": "people killed", "text": "41 people"},
            {"value": 38, "unit": "people killed", "text": "38"},
        ),
    )
    b = build(
        "The governor said 38 people were killed in the clashes.",
        outlet="River Times",
        figures=({"value": 38, "unit": "people killed", "text": "38 people"},),
    )
    (claim,) = align_figures([a, b])
    assert claim.status == "conflicting"  # Valley Post's own count is 41


def test_a_qualifier_between_two_numbers_is_not_a_contrast(build: Build) -> None:
    a = build(
        "Clinics recorded 120 cases on Monday and more than 150 on Tuesday.",
        figures=(
            {"value": 120, "unit": "cases", "text": "120 cases"},
            {"value": 150, "unit": "cases", "qualifier": "more than", "text": "150"},
        ),
    )
    assert len(align_figures([a])) == 2


def test_the_same_number_of_the_dead_and_of_things_stays_apart(build: Build) -> None:
    a = build(
        "The crash killed 37 people on the motorway.",
        outlet="Valley Post",
        figures=({"value": 37, "unit": "people killed", "text": "37 people"},),
    )
    b = build(
        "Police said 37 vehicles were caught in the crash on the motorway.",
        outlet="River Times",
        figures=({"value": 37, "unit": "vehicles", "text": "37 vehicles"},),
    )
    assert len(align_figures([a, b])) == 2


def test_a_figure_a_year_earlier_is_background_even_when_compared(build: Build) -> None:
    a = build(
        "The storm destroyed 512 homes, more than the 430 destroyed a year earlier.",
        figures=(
            {"value": 512, "unit": "homes", "text": "512 homes"},
            {"value": 430, "unit": "homes", "text": "430"},
        ),
    )
    (earlier,) = _holding(align_figures([a]), 430)
    assert earlier.label.startswith("earlier") and len(earlier.values) == 1


def test_mps_in_favour_is_a_vote_for_without_the_word_vote(build: Build) -> None:
    a = build(
        "The bill passed with 312 MPs in favour.",
        outlet="Valley Post",
        figures=({"value": 312, "unit": "MPs", "text": "312 MPs"},),
    )
    b = build(
        "Lawmakers approved the bill by 312 votes to 198.",
        outlet="River Times",
        figures=(
            {"value": 312, "unit": "votes", "text": "312 votes"},
            {"value": 198, "unit": "votes", "text": "198"},
        ),
    )
    (votes_for,) = _holding(align_figures([a, b]), 312)
    assert votes_for.status == "corroborated" and votes_for.label.endswith("for")


def test_a_revision_does_not_swallow_a_far_away_number(build: Build) -> None:
    a = build(
        "The firm raised its workforce to 400 staff and wants 900 staff at the plant.",
        figures=(
            {"value": 400, "unit": "staff", "text": "400 staff"},
            {"value": 900, "unit": "staff", "text": "900 staff"},
        ),
    )
    assert len(align_figures([a])) == 2


def test_a_peak_in_the_same_article_bounds_its_current_count(build: Build) -> None:
    a = build(
        "The force has nearly 1,500 troops in the province, down from a peak of 1,800.",
        outlet="Valley Post",
        figures=(
            {"value": 1500, "unit": "troops", "qualifier": "nearly", "text": "nearly 1,500 troops"},
            {"value": 1800, "unit": "troops", "qualifier": "peak", "text": "a peak of 1,800"},
        ),
    )
    b = build(
        "The force keeps 1,500 troops in the province.",
        outlet="River Times",
        figures=({"value": 1500, "unit": "troops", "text": "1,500 troops"},),
    )
    (claim,) = align_figures([a, b])
    assert claim.status in ("corroborated", "consistent")  # the peak is not a third voice
