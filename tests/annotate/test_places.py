"""Places: gazetteer resolution and disambiguation, on fictional articles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsfuse.annotate.gazetteer import haversine_km, load_gazetteer, norm_name
from newsfuse.annotate.places import extract_places
from newsfuse.model import Article, Entity, Mention, Place, Span


def _places(
    resources: Any, article: Article, entities: tuple[Entity, ...] = ()
) -> tuple[Place, ...]:
    return extract_places(article, resources.nlp(article.text), entities, resources)


def _by_name(places: tuple[Place, ...]) -> dict[str, Place]:
    return {p.name: p for p in places}


def _entity(article: Article, kind: str, surface: str, eid: str = "e1") -> Entity:
    start = article.text.index(surface)
    span = Span(article.id, start, start + len(surface))
    return Entity(eid, kind, surface, (Mention(surface, span),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "surface, key",
    [
        ("U.S.", "us"),
        ("the United States", "united states"),
        ("Rāwah", "rawah"),
        ("Iraq’s", "iraq's"),
    ],
)
def test_norm_name_folds_dots_accents_and_the(surface: str, key: str) -> None:
    assert norm_name(surface) == key


def test_gazetteer_loads_once_through_resources(resources: Any) -> None:
    first = resources.get("gazetteer", load_gazetteer)
    assert resources.get("gazetteer", load_gazetteer) is first
    assert first.countries["IQ"].name == "Iraq"


@pytest.mark.parametrize(
    "text, name, cc",
    [
        (
            "Farmers in Paris said the harvest was late, the mayor told Le Monde in France.",
            "Paris",
            "FR",
        ),
        (
            "The rodeo in Paris drew crowds from across Texas, officials in Dallas said.",
            "Paris",
            "US",
        ),
        (
            "Voters in Georgia lined up for hours in Atlanta and Savannah on Tuesday.",
            "Georgia",
            "US",
        ),
        ("Tanks massed near Georgia as Russia and Armenia traded accusations.", "Georgia", "GE"),
    ],
)
def test_places_disambiguates_by_article_context(
    resources: Any, make_article: Callable[..., Article], text: str, name: str, cc: str
) -> None:
    places = _by_name(_places(resources, make_article(text)))
    assert places[name].country == cc


def test_places_finds_abbreviations_inside_hyphenated_words(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "The US-led force and Iran-backed militias clashed near the border, while "
        "U.S.-trained units held the bridge."
    )
    places = _by_name(_places(resources, art))
    assert places["United States"].country == "US"
    assert {m.text for m in places["United States"].mentions} == {"US", "U.S."}
    assert places["Iran"].country == "IR"


def test_places_reads_all_caps_dateline(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("NAIROBI\n\nRains flooded three districts, the Kenyan Red Cross said.")
    places = _by_name(_places(resources, art))
    assert places["Nairobi"].country == "KE"
    assert places["Nairobi"].mentions[0].span.start == 0


def test_places_skips_demonyms_and_lowercase_us(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Iraqi and Syrian officers told us the talks were over.")
    assert _places(resources, art) == ()


def test_places_never_takes_a_person_mention(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Senator Jordan Warren visited Amman, Jordan, on Monday.")
    person = _entity(art, "person", "Jordan Warren")
    places = _places(resources, art, (person,))
    assert [m.text for p in places for m in p.mentions] == ["Amman", "Jordan"]
    assert all(m.span.start > art.text.index("visited") for p in places for m in p.mentions)


def test_places_keeps_country_inside_organization_name_only(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("A US Army team met the Kurdistan Regional Government in Erbil.")
    orgs = (
        _entity(art, "organization", "US Army", "o1"),
        _entity(art, "organization", "Kurdistan Regional Government", "o2"),
    )
    names = [p.name for p in _places(resources, art, orgs)]
    assert "United States" in names
    assert "Kurdistan Region" not in names


def test_places_province_suffix_selects_admin1_and_folds_compass_words(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "Fighting spread across northern Iraq and into Diyala province, Iraqi commanders said."
    )
    places = _by_name(_places(resources, art))
    assert [m.text for m in places["Iraq"].mentions] == ["Iraq"]
    admin = [p for p in places.values() if p.feature == "admin1"]
    assert admin and admin[0].country == "IQ"
    assert admin[0].mentions[0].text == "Diyala province"


def test_places_curated_region_and_city_coordinates_are_geonames_like(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Aid convoys crossed the Sinai toward Cairo, Egyptian officials said.")
    places = _by_name(_places(resources, art))
    cairo = places["Cairo"]
    assert haversine_km(cairo.lat or 0, cairo.lon or 0, 30.06, 31.25) < 20
    assert places["Sinai"].feature == "region"


def test_places_compass_desert_becomes_region_of_country_in_context(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Patrols swept Libya’s southern desert for smugglers, Libyan officers said.")
    places = _by_name(_places(resources, art))
    desert = places["southern desert"]
    libya = places["Libya"]
    assert desert.country == "LY" and desert.feature == "region"
    assert (desert.lat or 0) < (libya.lat or 0)


def test_places_small_town_needs_a_cue_or_a_model_tag(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Militia fighters entered the town of Rawah at dawn, residents said.")
    places = _by_name(_places(resources, art))
    assert any(p.country == "IQ" and p.feature == "city" for p in places.values())


def test_places_spans_point_at_their_mentions(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("From Beirut to Istanbul and back to Beirut, the envoy kept moving.")
    for place in _places(resources, art):
        for m in place.mentions:
            assert art.text[m.span.start : m.span.end] == m.text
            assert m.span.article_id == art.id


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("The fair opened in Richmond, Ky., on Saturday, organizers said.", "Richmond", "Kentucky"),
        ("Officers in Clarksburg, W.Va., closed the bridge.", "Clarksburg", "West Virginia"),
        ("The rodeo in Paris, Texas, drew a record crowd.", "Paris", "Texas"),
    ],
)
def test_places_town_followed_by_its_state_is_the_town_in_that_state(
    resources: Any, make_article: Callable[..., Article], text: str, name: str, admin1: str
) -> None:
    places = _by_name(_places(resources, make_article(text)))
    assert places[name].country == "US"
    state = next(p for p in places.values() if p.feature == "admin1")
    assert admin1.split()[0] in state.name
    assert len(state.mentions) == 1


@pytest.mark.issue(9)
def test_places_finds_us_counties(resources: Any, make_article: Callable[..., Article]) -> None:
    art = make_article("Deputies in Boone County, Ky., searched the river banks overnight.")
    places = _by_name(_places(resources, art))
    county = places["Boone County"]
    assert county.feature == "admin2"
    assert haversine_km(county.lat or 0, county.lon or 0, 38.97, -84.73) < 40


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, absent",
    [
        ("Critics of the Bush administration gathered outside the hall.", "Bush"),
        ("A storm hit the coast (Jane Ahmad/Example Agency) on Monday.", "Ahmad"),
    ],
)
def test_places_skips_administrations_and_photo_credits(
    resources: Any, make_article: Callable[..., Article], text: str, absent: str
) -> None:
    places = _places(resources, make_article(text))
    assert not [m for p in places for m in p.mentions if absent in m.text]


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("WASHINGTON — The Pentagon said on Monday it would add troops.", "Washington", "US"),
        ("PARIS — The minister said talks would resume on Monday.", "Paris", "FR"),
        ("RICHMOND, Kentucky — The county fair opened on Monday.", "Richmond", "US"),
    ],
)
def test_dateline_is_resolved_at_annotation_to_its_capital_sense(
    resources: Any, text: str, name: str, cc: str
) -> None:
    from newsfuse.annotate import annotate
    from newsfuse.ingest import article_from_text

    ann = annotate(article_from_text(text, published="2021-03-10"), resources)
    place = ann.dateline_place
    assert place is not None and place.name == name and place.country == cc
    assert place.mentions[0].span.start == 0
    if name == "Washington":  # the US capital, not the state or the town in England
        assert haversine_km(place.lat or 0, place.lon or 0, 38.9, -77.04) < 20
    if cc == "US" and name == "Richmond":
        assert haversine_km(place.lat or 0, place.lon or 0, 37.75, -84.29) < 30


@pytest.mark.issue(9)
def test_places_towns_of_a_local_story_cluster_together(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "Firefighters from Paris and Roxton were called to a barn fire near Deport on "
        "Tuesday, the sheriff said."
    )
    paris = _by_name(_places(resources, art))["Paris"]
    assert paris.country == "US"  # Paris, Texas: its neighbours are named beside it


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "outlet, cc",
    [("richmondtimes-example.co.uk", "GB"), ("richmondledger-example.com", "US")],
)
def test_places_outlet_domain_gives_home_country(
    resources: Any, make_article: Callable[..., Article], outlet: str, cc: str
) -> None:
    art = make_article("Council members in Richmond voted to close the pool.", outlet=outlet)
    assert _by_name(_places(resources, art))["Richmond"].country == cc


@pytest.mark.issue(9)
def test_places_street_and_school_names_are_not_mentions_of_the_town(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "The crash happened on Dallas Road near Tulsa High School, police in Denver said."
    )
    mentions = [m.text for p in _places(resources, art) for m in p.mentions]
    assert mentions == ["Denver"]


@pytest.mark.issue(9)
def test_places_named_river_takes_its_town_or_the_story_focus(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "Boats crowded Boston Harbor on Sunday while volunteers in Boston cleaned the "
        "banks of the Quintaqua River, officials in Boston said."
    )
    places = _by_name(_places(resources, art))
    assert places["Boston Harbor"].feature == "water"
    river = places["Quintaqua River"]
    assert haversine_km(river.lat or 0, river.lon or 0, 42.36, -71.06) < 50


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, surface",
    [
        ("Police searched for a missing Deport woman on Tuesday, the sheriff said.", "Deport"),
        ("The schools in Paris and Roxton closed early on Friday.", "Roxton"),
        ("Storms hit coastal B.C. on Sunday, forecasters said.", "B.C."),
    ],
)
def test_places_cues_for_small_towns(
    resources: Any, make_article: Callable[..., Article], text: str, surface: str
) -> None:
    mentions = {m.text for p in _places(resources, make_article(text)) for m in p.mentions}
    assert surface in mentions


@pytest.mark.issue(9)
def test_places_inline_dateline_in_capitals(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article("Council debates the budget. XENIA — The council met on Monday night.")
    places = _by_name(_places(resources, art))
    assert places["Xenia"].country == "US"


@pytest.mark.issue(9)
def test_places_state_named_in_an_organization_helps_but_is_not_a_mention(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "Students from Columbus sang with the Nebraska State Choir Association on Friday."
    )
    org = _entity(art, "organization", "Nebraska State Choir Association")
    places = _places(resources, art, (org,))
    assert [p.name for p in places] == ["Columbus"]
    assert haversine_km(places[0].lat or 0, places[0].lon or 0, 41.43, -97.37) < 30


@pytest.mark.issue(9)
def test_places_headline_misread_as_a_person_does_not_swallow_the_country(
    resources: Any,
) -> None:
    from newsfuse.annotate import annotate
    from newsfuse.model import new_article

    art = new_article(
        "Rethinking Egypt-US relations. Cairo wants more aid. Egypt has been an ally for "
        "decades, and Egypt hosts the talks."
    )
    places = _by_name(annotate(art, resources).places)
    assert "Egypt" in places
    assert len(places["Egypt"].mentions) >= 2


@pytest.mark.issue(9)
def test_places_a_place_opening_its_local_public_body_is_a_mention(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    art = make_article(
        "Butler County Police said the road was closed. The Elbe Container Group and "
        "the Kurdistan Regional Government said nothing."
    )
    orgs = (
        _entity(art, "organization", "Butler County Police", "o1"),
        _entity(art, "organization", "Elbe Container Group", "o2"),
        _entity(art, "organization", "Kurdistan Regional Government", "o3"),
    )
    names = [p.name for p in _places(resources, art, orgs)]
    assert "Butler County" in names
    assert not {"Elbe", "Kurdistan Region"} & set(names)


@pytest.mark.issue(9)
def test_places_home_town_is_the_one_in_the_state_the_article_names(
    resources: Any, make_article: Callable[..., Article]
) -> None:
    """A paper named for a town several states share: the state the story names says
    which one is home (the most populous Richmond is in Virginia)."""
    art = make_article(
        "Council members in Richmond voted to close the pool. Under Kentucky law, "
        "residents have 30 days to appeal.",
        outlet="richmondledger-example.com",
    )
    richmond = _by_name(_places(resources, art))["Richmond"]
    assert haversine_km(richmond.lat or 0, richmond.lon or 0, 37.75, -84.29) < 50
