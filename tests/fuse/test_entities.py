"""Cross-article entity resolution."""

from __future__ import annotations

import pytest

from newsfuse.fuse.entities import resolve_entities, same_person
from newsfuse.model import StoryEntity

from .conftest import Build


def _people(ents: tuple[StoryEntity, ...]) -> list[StoryEntity]:
    return [e for e in ents if e.kind == "person"]


def test_entities_merge_colonel_and_surname_across_outlets_keeping_both_roles(
    build: Build,
) -> None:
    a = build(
        "Col. Ryan Dillon, a spokesman for the U.S.-led coalition, said the strikes continued.",
        outlet="Post",
        people=(
            {
                "name": "Ryan Dillon",
                "mentions": ("Ryan Dillon",),
                "title": "Col.",
                "role": "a spokesman for the U.S.-led coalition",
            },
        ),
    )
    b = build(
        "Dillon, the coalition's chief spokesman, told reporters the city was retaken.",
        outlet="Times",
        people=(
            {"name": "Dillon", "mentions": ("Dillon",), "role": "the coalition's chief spokesman"},
        ),
    )
    (dillon,) = _people(resolve_entities([a, b]))
    assert dillon.name == "Ryan Dillon"
    assert dillon.titles == ("Col.",)
    assert [r for r, _ in dillon.roles] == [
        "a spokesman for the U.S.-led coalition",
        "the coalition's chief spokesman",
    ]
    role_b, span_b = dillon.roles[1]
    assert span_b.article_id == b.article.id
    assert b.article.text[span_b.start : span_b.end] == role_b
    assert {m.span.article_id for m in dillon.mentions} == {a.article.id, b.article.id}
    assert "Dillon" in dillon.aliases


def test_entities_join_a_surname_with_a_particle_to_the_full_name_across_outlets(
    build: Build,
) -> None:
    a = build(
        "Pieter van Dalen, an analyst at Scheldt Capital, said rates fell.",
        people=({"name": "Pieter van Dalen", "role": "an analyst at Scheldt Capital"},),
    )
    b = build(
        "Van Dalen said the slump would last into the spring.",
        people=({"name": "Van Dalen", "mentions": ("Van Dalen",)},),
    )
    c = build("Anna de Vries, a broker, disagreed.", people=({"name": "Anna de Vries"},))
    people = _people(resolve_entities([a, b, c]))
    assert sorted(p.name for p in people) == ["Anna de Vries", "Pieter van Dalen"]
    dalen = next(p for p in people if p.name == "Pieter van Dalen")
    assert {m.span.article_id for m in dalen.mentions} == {a.article.id, b.article.id}


def test_entities_keep_two_first_names_with_one_surname_apart(build: Build) -> None:
    a = build("John Smith, the mayor, spoke first.", people=({"name": "John Smith"},))
    b = build("Jane Smith, a nurse, spoke later.", people=({"name": "Jane Smith"},))
    people = _people(resolve_entities([a, b]))
    assert sorted(p.name for p in people) == ["Jane Smith", "John Smith"]


def test_entities_ambiguous_surname_joins_the_namesake_of_its_own_article(
    build: Build,
) -> None:
    a = build(
        "John Smith, the mayor, spoke. Smith later left.",
        people=(
            {"name": "John Smith", "mentions": ("John Smith",)},
            {"name": "Smith", "mentions": ("Smith later",)},
        ),
    )
    b = build("Jane Smith, a nurse, spoke later.", people=({"name": "Jane Smith"},))
    people = {p.name: p for p in _people(resolve_entities([a, b]))}
    assert set(people) == {"John Smith", "Jane Smith"}
    assert len(people["John Smith"].mentions) == 2


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Haider al-Abadi", "Haider Abadi", True),
        ("Qassim Soleimani", "Qasim Soleimani", True),
        ("R. Dillon", "Ryan Dillon", True),
        ("George W. Bush", "George Bush", True),
        ("John Smith", "Jane Smith", False),
        ("Mark Kelly", "Mike Kelly", False),
        ("Ryan Dillon", "Ryan Dolan", False),
        ("Dillon", "Ryan Dillon", False),  # one-word names are matched by surname later
    ],
)
def test_entities_same_person_table(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_entities_spelling_variants_merge_across_articles(build: Build) -> None:
    a = build("Prime Minister Haider al-Abadi spoke.", people=({"name": "Haider al-Abadi"},))
    b = build("Haider Abadi visited the front.", people=({"name": "Haider Abadi"},))
    c = build("Abadi said more.", people=({"name": "Abadi"},))
    (abadi,) = _people(resolve_entities([a, b, c]))
    assert len(abadi.mentions) == 3


def test_entities_organizations_merge_through_aliases_and_acronyms(build: Build) -> None:
    a = build(
        "The Islamic State, also known as ISIS, lost ground.",
        orgs=({"name": "Islamic State", "aliases": ("ISIS", "IS")},),
    )
    b = build("ISIS fighters fled the town.", orgs=({"name": "ISIS"},))
    c = build("The Iraqi Security Forces advanced.", orgs=({"name": "Iraqi Security Forces"},))
    d = build("The ISF took the bridge.", orgs=({"name": "ISF"},))
    orgs = [e for e in resolve_entities([a, b, c, d]) if e.kind == "organization"]
    assert sorted(o.name for o in orgs) == ["Iraqi Security Forces", "Islamic State"]
    isis = next(o for o in orgs if o.name == "Islamic State")
    assert {"ISIS", "IS"} <= set(isis.aliases)


def test_entities_places_merge_by_gazetteer_id_and_keep_coordinates(build: Build) -> None:
    a = build(
        "Fighting in Mosul went on.",
        places=(
            {"name": "Mosul", "geonames_id": 99072, "country": "IQ", "lat": 36.34, "lon": 43.13},
        ),
    )
    b = build(
        "MOSUL was quiet.",
        places=(
            {
                "name": "Mosul",
                "mentions": ("MOSUL",),
                "geonames_id": 99072,
                "country": "IQ",
                "lat": 36.34,
                "lon": 43.13,
            },
        ),
    )
    c = build("Raqqa fell.", places=({"name": "Raqqa", "geonames_id": 163915, "country": "SY"},))
    places = [e for e in resolve_entities([a, b, c]) if e.kind == "place"]
    assert [(p.name, len(p.mentions)) for p in places] == [("Mosul", 2), ("Raqqa", 1)]
    assert (places[0].country, places[0].lat) == ("IQ", 36.34)


def test_entities_ids_are_unique_and_prefixed_by_kind(build: Build) -> None:
    a = build(
        "Ryan Dillon met Islamic State defectors in Mosul.",
        people=({"name": "Ryan Dillon"},),
        orgs=({"name": "Islamic State"},),
        places=({"name": "Mosul"},),
    )
    ents = resolve_entities([a])
    assert [(e.id, e.kind) for e in ents] == [
        ("p1", "person"),
        ("o1", "organization"),
        ("l1", "place"),
    ]
