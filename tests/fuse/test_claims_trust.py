"""Claims a user can trust (issue #8): one amount in several currencies, an article's
revised count, different nouns for one count, vote tallies, running totals and two
estimates set against each other. Fictional texts."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.fuse.claims import align_figures
from newsfuse.model import Claim

from .conftest import Build

pytestmark = pytest.mark.issue(8)

Fig = dict[str, Any]


def _fig(value: float, unit: str, text: str, **more: Any) -> Fig:
    """A figure record located by the phrase it quotes."""
    return {"value": value, "unit": unit, "text": text, **more}


def _one(build: Build, text: str, *figures: Fig) -> tuple[Claim, ...]:
    """The claims of one report."""
    return align_figures([build(text, figures=figures)])


def _two(
    build: Build, first: tuple[str, tuple[Fig, ...]], second: tuple[str, tuple[Fig, ...]], **kw: Any
) -> tuple[Claim, ...]:
    """The claims of two reports, from Valley Post and River Times."""
    a = build(first[0], outlet="Valley Post", figures=first[1], **kw)
    b = build(second[0], outlet="River Times", figures=second[1], **kw)
    return align_figures([a, b])


def _holding(claims: tuple[Claim, ...], value: float) -> list[Claim]:
    return [c for c in claims if any(v.value == value for v in c.values)]


def _deal(build: Build) -> tuple[Claim, ...]:
    a = build(
        "Halden agreed to buy Orrin for £46bn ($62bn), the companies said.",
        outlet="Valley Post",
        figures=(_fig(46e9, "pounds", "£46bn"), _fig(62e9, "dollars", "$62bn")),
    )
    b = build(
        "Orrin accepted a £46bn takeover offer from Halden. "
        "The deal should bring €350m of annual cost savings.",
        outlet="River Times",
        figures=(_fig(46e9, "pounds", "£46bn"), _fig(350e6, "euros", "€350m")),
    )
    c = build(
        "Halden clinched a $62 billion deal for Orrin.",
        outlet="Harbour Herald",
        figures=(_fig(62e9, "dollars", "$62 billion"),),
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
    claims = _one(
        build,
        "The fund holds 3 billion euros, or about $3.3 billion, in bonds.",
        _fig(3e9, "euros", "3 billion euros"),
        _fig(3.3e9, "dollars", "about $3.3 billion", qualifier="about"),
    )
    eur, usd = sorted(claims, key=lambda c: c.unit)
    assert eur.equivalents == (usd.id,) and usd.equivalents == (eur.id,)


def test_a_count_revised_within_one_article_joins_its_claim_as_its_current_figure(
    build: Build,
) -> None:
    claims = _two(
        build,
        (
            "The death toll from the blasts stood at 253 on Thursday. "
            "The ministry later revised the toll down to 250 people killed.",
            (_fig(253, "people killed", "253"), _fig(250, "people killed", "250 people killed")),
        ),
        (
            "Officials said 253 people were killed in the blasts.",
            (_fig(253, "people killed", "253 people"),),
        ),
    )
    assert len(claims) == 1
    (claim,) = claims
    superseded = {(v.outlet, v.value) for v in claim.values if v.superseded}
    assert superseded == {("Valley Post", 253)}  # the figure before the revision
    assert claim.status == "conflicting"  # Valley Post now says 250, River Times 253
    assert "Valley Post says 250" in (claim.explanation or "")


@pytest.mark.parametrize(
    "text, first, second",
    [
        pytest.param(
            "The death toll from the blasts stood at 253 on Thursday. "
            "A local official put the number of dead at 240.",
            _fig(253, "people killed", "253"),
            _fig(240, "people killed", "240"),
            id="a second count without a revision",
        ),
        pytest.param(
            "Clinics recorded 120 cases on Monday and more than 150 on Tuesday.",
            _fig(120, "cases", "120 cases"),
            _fig(150, "cases", "150", qualifier="more than"),
            id="a qualifier between two numbers is not a contrast",
        ),
        pytest.param(
            "The firm raised its workforce to 400 staff and wants 900 staff at the plant.",
            _fig(400, "staff", "400 staff"),
            _fig(900, "staff", "900 staff"),
            id="a revision does not swallow a far-away number",
        ),
    ],
)
def test_two_counts_in_one_report_that_do_not_revise_each_other_stay_apart(
    build: Build, text: str, first: Fig, second: Fig
) -> None:
    assert len(_one(build, text, first, second)) == 2


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
    claims = _two(
        build,
        (
            f"Police said {value} {unit_a} took part in the coordinated plot on Sunday.",
            (_fig(value, unit_a, f"{value} {unit_a}"),),
        ),
        (
            f"Investigators named {value} {unit_b} in the coordinated plot on Sunday.",
            (_fig(value, unit_b, f"{value} {unit_b}"),),
        ),
    )
    assert len(claims) == (1 if joined else 2)
    if joined:
        assert claims[0].status == "corroborated"


def test_a_vote_tally_gives_each_number_its_side(build: Build) -> None:
    claims = _two(
        build,
        (
            "The bill was defeated by 310 votes to 250 on Tuesday night.",
            (_fig(310, "votes", "310 votes"), _fig(250, "votes", "250")),
        ),
        (
            "In the vote, 250 members voted for the bill, while 310 voted against it.",
            (_fig(250, "votes", "250 members"), _fig(310, "votes", "310")),
        ),
    )
    assert len(claims) == 2
    assert {c.status for c in claims} == {"corroborated"}
    assert {c.label for c in claims} == {"votes for", "votes against"}


def test_a_running_total_since_a_date_is_not_background(build: Build) -> None:
    (claim,) = _two(
        build,
        (
            "The trial has enrolled 5,231 participants since March 3.",
            (_fig(5231, "participants", "5,231 participants", date="2021-03-03"),),
        ),
        (
            "More than 5,000 volunteers had joined the trial by Thursday.",
            (
                _fig(
                    5000,
                    "volunteers",
                    "More than 5,000 volunteers",
                    qualifier="more than",
                    date="2021-07-08",
                ),
            ),
        ),
        published="2021-07-10",
    )  # a count as of now, not of March 3
    assert claim.status == "consistent" and not claim.label.startswith("earlier")


def test_two_estimates_set_against_each_other_in_one_sentence_join(build: Build) -> None:
    (claim,) = _two(
        build,
        (
            "The clashes killed 41 people, higher than the toll of 38 given by the governor.",
            (_fig(41, "people killed", "41 people"), _fig(38, "people killed", "38")),
        ),
        (
            "The governor said 38 people were killed in the clashes.",
            (_fig(38, "people killed", "38 people"),),
        ),
    )
    assert claim.status == "conflicting"  # Valley Post's own count is 41


def test_the_same_number_of_the_dead_and_of_things_stays_apart(build: Build) -> None:
    claims = _two(
        build,
        ("The crash killed 37 people on the motorway.", (_fig(37, "people killed", "37 people"),)),
        (
            "Police said 37 vehicles were caught in the crash on the motorway.",
            (_fig(37, "vehicles", "37 vehicles"),),
        ),
    )
    assert len(claims) == 2


def test_a_figure_a_year_earlier_is_background_even_when_compared(build: Build) -> None:
    claims = _one(
        build,
        "The storm destroyed 512 homes, more than the 430 destroyed a year earlier.",
        _fig(512, "homes", "512 homes"),
        _fig(430, "homes", "430"),
    )
    (earlier,) = _holding(claims, 430)
    assert earlier.label.startswith("earlier") and len(earlier.values) == 1


def test_mps_in_favour_is_a_vote_for_without_the_word_vote(build: Build) -> None:
    claims = _two(
        build,
        ("The bill passed with 312 MPs in favour.", (_fig(312, "MPs", "312 MPs"),)),
        (
            "Lawmakers approved the bill by 312 votes to 198.",
            (_fig(312, "votes", "312 votes"), _fig(198, "votes", "198")),
        ),
    )
    (votes_for,) = _holding(claims, 312)
    assert votes_for.status == "corroborated" and votes_for.label.endswith("for")


def test_a_peak_in_the_same_article_bounds_its_current_count(build: Build) -> None:
    (claim,) = _two(
        build,
        (
            "The force has nearly 1,500 troops in the province, down from a peak of 1,800.",
            (
                _fig(1500, "troops", "nearly 1,500 troops", qualifier="nearly"),
                _fig(1800, "troops", "a peak of 1,800", qualifier="peak"),
            ),
        ),
        ("The force keeps 1,500 troops in the province.", (_fig(1500, "troops", "1,500 troops"),)),
    )
    assert claim.status in ("corroborated", "consistent")  # the peak is not a third voice
