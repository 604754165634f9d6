"""Figures: counts and measures with value, unit and qualifier (fictional texts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsfuse.annotate.dates import extract_dates
from newsfuse.annotate.figures import extract_figures
from newsfuse.model import Article, Figure


def _figures(make_article: Callable[..., Article], nlp: Any, text: str) -> tuple[Figure, ...]:
    article = make_article(text)
    doc = nlp(text)
    return extract_figures(article, doc, (), (), extract_dates(article, doc))


def _triples(figs: tuple[Figure, ...]) -> list[tuple[float, str, str]]:
    return [(f.value, f.unit, f.qualifier) for f in figs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wars
        ("Jets carried out nearly 12,000 strikes.", [(12000, "strikes", "nearly")]),
        ("Not a single airstrike was launched.", [(0, "airstrikes", "exact")]),
        (
            "Gunmen killed more than 40 villagers.",
            [(40, "villagers killed", "more than")],
        ),
        (
            "The army keeps about 2,500 troops in the north and more than 4,000 in the south.",
            [(2500, "troops", "about"), (4000, "troops", "more than")],
        ),
        ("Rebels hold roughly 1,800 square miles.", [(1800, "square miles", "about")]),
        ("Troop levels reached a peak of 7,300 soldiers.", [(7300, "soldiers", "peak")]),
        (
            "Tens of thousands of people fled the valley.",
            [(10000, "people fled", "at least")],
        ),
        ("Dozens of homes burned.", [(12, "homes", "at least")]),
        ("Three battalions withdrew.", [(3, "battalions", "exact")]),
        # disasters
        (
            "The quake killed at least 118 people and injured more than 2,000.",
            [(118, "people killed", "at least"), (2000, "people injured", "more than")],
        ),
        ("The flood left 900 dead.", [(900, "people killed", "exact")]),
        (  # the wounded are people, not the villages counted in between
            "The attack killed 12 people in three villages and wounded 40.",
            [
                (12, "people killed", "exact"),
                (3, "villages", "exact"),
                (40, "people wounded", "exact"),
            ],
        ),
        (  # a bare number counts its clause's subject, not the sentence's last count
            "The virus has killed more than 1,200 people, with confirmed infections in the "
            "region expected to eclipse 90,000 on Monday.",
            [(1200, "people killed", "more than"), (90000, "infections", "exact")],
        ),
        ("A 6.4-magnitude earthquake hit the coast.", [(6.4, "magnitude", "exact")]),
        ("Up to 300 millimeters of rain fell.", [(300, "millimeters", "up to")]),
        # elections
        ("She won 54.3 percent of the vote.", [(54.3, "percent", "exact")]),
        ("Turnout was 61%.", [(61, "percent", "exact")]),
        (
            "The party won 212 of the 400 seats.",
            [(212, "seats", "exact"), (400, "seats", "exact")],
        ),
        (
            "Voters used more than 30,000 polling stations.",
            [(30000, "polling stations", "more than")],
        ),
        # business
        ("The firm will cut 1,500 jobs.", [(1500, "jobs", "exact")]),
        ("Profit fell to $412 million.", [(412e6, "USD", "exact")]),
        ("The bank pledged €20m.", [(20e6, "EUR", "exact")]),
        ("Damage was put at 3.2 billion dollars.", [(3.2e9, "USD", "exact")]),
        ("Fewer than 50 stores remain.", [(50, "stores", "less than")]),
        ("It lasted for more than three years.", [(3, "years", "more than")]),
        # a qualified span of time is one unit; a bare one is not a figure
        ("The patients recovered in less than a week.", [(1, "week", "less than")]),
        ("He has not been home for more than a year.", [(1, "year", "more than")]),
        ("Nurses check the ward twice a day.", []),
        # "up to" after a revision verb is the revision, not a bound
        ("Officials revised the number up to 316 deaths.", [(316, "deaths", "exact")]),
        ("Up to 300 people were evacuated.", [(300, "people evacuated", "up to")]),
        # a part of a counted group counts the group's noun
        (
            "Police identified eight out of the nine suspects.",
            [(8, "suspects", "exact"), (9, "suspects", "exact")],
        ),
    ],
)
def test_figures_value_unit_qualifier(
    make_article: Callable[..., Article],
    nlp: Any,
    text: str,
    expected: list[tuple[float, str, str]],
) -> None:
    assert _triples(_figures(make_article, nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2014.",
        "The meeting started at 10 a.m.",
        "It was the third attempt.",
        "The 35-year-old driver was arrested.",
        "Friends of Mara Quint, 13, who was killed in the blast, wept at the funeral.",
        "Officials warned of an ISIS 2.0 threat.",
        "The Group of 20 met in Rome.",
        "Call 555-0134 for details.",
        "He cited Resolution 2254 again.",
        "The 2D:4D ratio was small.",
        "The castle dates to the 11th century.",
        "Two of them were arrested.",
        "The company sued over a 24-page ruling.",
        "The new iPhone 5 went on sale.",
    ],
)
def test_figures_leaves_out_years_times_ordinals_ages_and_names(
    make_article: Callable[..., Article], nlp: Any, text: str
) -> None:
    assert _figures(make_article, nlp, text) == ()


def test_figures_normalizes_square_miles_to_km2(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    (fig,) = _figures(make_article, nlp, "The fire burned 100 square miles.")
    assert (fig.normalized_unit, fig.normalized_value) == ("km2", pytest.approx(258.999))


def test_figures_evidence_span_covers_qualifier_and_unit(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "Jets carried out nearly 12,000 strikes."
    (fig,) = _figures(make_article, nlp, text)
    assert fig.text == "nearly 12,000 strikes" == text[fig.span.start : fig.span.end]


def test_figures_takes_nearest_date_in_sentence(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    text = "The firm was founded in 1987 and last month agreed to pay $2 billion."
    (fig,) = _figures(make_article, nlp, text)
    assert (fig.value, fig.date) == (2e9, "2021-02")


@pytest.mark.parametrize(
    "text, unit, code",
    [
        ("The government released $12 million in aid.", "USD", "USD"),
        ("The offer values the group at 4.2 billion euros.", "EUR", "EUR"),
        ("Losses reached A$300 million, the insurer said.", "AUD", "AUD"),
    ],
)
def test_currency_unit_is_its_iso_code(resources: Any, text: str, unit: str, code: str) -> None:
    from newsfuse.annotate.figures import extract_figures
    from newsfuse.model import new_article

    article = new_article(text)
    [fig] = extract_figures(article, resources.nlp(text), (), (), ())
    assert (fig.unit, fig.normalized_unit, fig.normalized_value) == (unit, code, fig.value)


# --- real-news shapes (issue #8): fictional sentences, known answers ---------------


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Halden offered 31.40 pounds a share for Orrin.", [(31.4, "GBP per share", "exact")]),
        ("The deal is worth R512-billion.", [(512e9, "ZAR", "exact")]),
        ("The deal is worth Dh120bn.", [(120e9, "AED", "exact")]),
        (
            "Rescuers said between 10 and 20 people were missing.",
            [(10, "people", "at least"), (20, "people", "up to")],
        ),
        ("The storm damaged 30 to 35 cars.", [(30, "cars", "at least"), (35, "cars", "up to")]),
        (
            "The count fell from 359 to 253 people.",
            [(359, "people", "exact"), (253, "people", "exact")],
        ),
        (
            "A total of 87 Liberal Party MPs voted against the bill.",
            [(87, "MPs", "exact")],
        ),
        ("It saw 64 Liberal MPs vote against the bill.", [(64, "MPs", "exact")]),
        ("The bill fell by a majority of 140.", [(140, "votes", "exact")]),
        ("There were 15 injured persons in the hall.", [(15, "persons injured", "exact")]),
        (
            "At least 41 people, including a child, were confirmed dead.",
            [(41, "people killed", "at least")],
        ),
        (
            "Floods killed 60 people and affected about 4 million.",
            [(60, "people killed", "exact"), (4e6, "people affected", "about")],
        ),
    ],
)
def test_figures_real_news_shapes(
    make_article: Callable[..., Article], nlp: Any, text: str, expected: list[Any]
) -> None:
    assert _triples(_figures(make_article, nlp, text)) == expected


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text",
    [
        "Callers dialled the 112 emergency service.",
        "Call the 118 rescue line for help.",
    ],
)
def test_figures_leave_out_service_numbers(
    make_article: Callable[..., Article], nlp: Any, text: str
) -> None:
    assert _figures(make_article, nlp, text) == ()


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    ("text", "value", "unit", "normalized"),
    [
        ("The span is 150 feet high.", 150, "feet", (45.72, "m")),
        ("Talks lasted nearly three weeks.", 3, "weeks", (21.0, "days")),
        ("Up to 300 millimeters of rain fell.", 300, "millimeters", (0.3, "m")),
    ],
)
def test_figures_measures_are_converted_with_pint(
    make_article: Callable[..., Article],
    nlp: Any,
    text: str,
    value: float,
    unit: str,
    normalized: tuple[float, str],
) -> None:
    (fig,) = _figures(make_article, nlp, text)
    assert (fig.value, fig.unit) == (value, unit)
    assert (fig.normalized_value, fig.normalized_unit) == (
        pytest.approx(normalized[0]),
        normalized[1],
    )


@pytest.mark.issue(8)
def test_figures_record_clause_verb_tense_and_subject(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    (fig,) = _figures(make_article, nlp, "Orrin employs 24,000 people.")
    assert (fig.verb, fig.tense, fig.subject) == ("employ", "present", "Orrin")
    (fig,) = _figures(make_article, nlp, "The plant will hire 300 workers.")
    assert (fig.verb, fig.tense) == ("hire", "future")


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks capped more than a decade of disputes.", [(10, "years", "more than")]),
        ("The limits hold for the next decade.", [(10, "years", "exact")]),
        ("Savers will own around half of the new group.", [(50, "percent", "about")]),
        (
            "More than half a million people live in the camps.",
            [(500000, "people", "more than")],
        ),
    ],
)
def test_figures_decade_and_half(
    make_article: Callable[..., Article], nlp: Any, text: str, expected: list[Any]
) -> None:
    assert _triples(_figures(make_article, nlp, text)) == expected


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "text",
    [
        "Sales rose in the second half of the year.",
        "The score was level at half-time.",
        "The river rose by half overnight.",
        "The trip took an hour and a half.",
    ],
)
def test_figures_half_that_is_not_a_share(
    make_article: Callable[..., Article], nlp: Any, text: str
) -> None:
    assert _figures(make_article, nlp, text) == ()


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Halden will pay £49.01 ($66.40) a share for Orrin.",
            [(49.01, "GBP per share", "exact"), (66.4, "USD per share", "exact")],
        ),
        (
            "Halden offered €12.20, or $14.10, a share.",
            [(12.2, "EUR per share", "exact"), (14.1, "USD per share", "exact")],
        ),
        (  # a conversion of a total stays a total
            "The deal values Orrin at £46bn ($62bn).",
            [(46e9, "GBP", "exact"), (62e9, "USD", "exact")],
        ),
    ],
)
def test_figures_currency_conversion_pair_shares_per_share(
    make_article: Callable[..., Article], nlp: Any, text: str, expected: list[Any]
) -> None:
    assert _triples(_figures(make_article, nlp, text)) == expected


def test_figures_a_date_after_another_number_is_that_numbers(
    make_article: Callable[..., Article], nlp: Any
) -> None:
    """ "nearly 1,500 troops, down from a peak of 1,800 last year": the year is the
    peak's, the current count stays undated."""
    figs = _figures(
        make_article,
        nlp,
        "The force has nearly 1,500 troops in the province, down from a peak of 1,800 last year.",
    )
    assert [(f.value, f.date is None) for f in figs] == [(1500, True), (1800, False)]
