"""People with titles and roles, organizations with aliases, from fictional articles."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.annotate.entities import extract_entities
from newsfuse.ingest import article_from_text


def _entities(text: str, resources: Any) -> list[Any]:
    article = article_from_text(text, published="2024-03-04")
    return list(extract_entities(article, resources.nlp(article.text), resources))


def _person(ents: list[Any], name: str) -> Any:
    return next(e for e in ents if e.kind == "person" and e.name == name)


@pytest.mark.parametrize(
    "text, name, title, role_words",
    [
        (
            "The port reopened, said Col. Dana Whitcombe, the spokesman for the coastal task force.",
            "Dana Whitcombe",
            "Colonel",
            {"spokesman", "task", "force"},
        ),
        (
            "Interior Minister Patrice Lumbala said the roads would reopen.",
            "Patrice Lumbala",
            "Interior Minister",
            {"interior", "minister"},
        ),
        (
            "Its political leader, Bertrand Kazadi, signed the deal in Nairobi.",
            "Bertrand Kazadi",
            None,
            {"political", "leader"},
        ),
        (
            "Hamburg's mayor, Uwe Seidel, said the jobs would stay in the city.",
            "Uwe Seidel",
            None,
            {"mayor"},
        ),
        (
            "“We will rebuild,” said Rahima Khatun, who sells vegetables at the river market.",
            "Rahima Khatun",
            None,
            {"sells", "vegetables"},
        ),
        (
            "The plan is sound, said retired Army colonel Steve Marlow, who was top spokesman for the mission between 2015 and 2016.",
            "Steve Marlow",
            "Colonel",
            {"top", "spokesman", "mission"},
        ),
        (
            "Harbor Institute fellow Lina Osei said the numbers were wrong.",
            "Lina Osei",
            None,
            {"harbor", "institute", "fellow"},
        ),
    ],
)
def test_person_title_and_role(
    resources: Any, text: str, name: str, title: str | None, role_words: set[str]
) -> None:
    person = _person(_entities(text, resources), name)
    assert person.title == title
    assert person.role and role_words <= set(person.role.lower().replace("'s", "").split())
    # the span covers where the role is stated (both parts of "colonel; spokesman")
    assert person.role_span
    stated = text[person.role_span.start : person.role_span.end]
    assert all(part in stated for part in person.role.split("; "))


@pytest.mark.parametrize(
    "text, name, field, value",
    [
        (
            "The port reopened, said Col. Dana Whitcombe, the spokesman for the coastal task force.",
            "Dana Whitcombe",
            "role",
            "spokesman for the coastal task force",  # "Col." is the title, not the role
        ),
        (
            "The talks resumed, said Lena Varga, a spokeswoman for the U.S. embassy in Orvella.",
            "Lena Varga",
            "role",
            "spokeswoman for the U.S. embassy in Orvella",  # not cut at "U.S."
        ),
        (
            "Mara Quint, who was hurt in the blast at St. Agnes Church, left hospital.",
            "Mara Quint",
            "role",
            "hurt in the blast at St. Agnes Church",
        ),
        (
            "The deal is a mistake, Sen. Lena Varga told reporters.",
            "Lena Varga",
            "role",
            None,  # "Sen." is her title; nothing tells her role
        ),
        (
            "Sgt. Omar Fadel, a medic with the brigade, said two were hurt.",
            "Omar Fadel",
            "role",
            "medic with the brigade",
        ),
        (
            "Interior Minister Patrice Lumbala, who leads the talks, said the roads would reopen.",
            "Patrice Lumbala",
            "role",
            "Interior Minister; leads the talks",
        ),
        (
            '"Obviously not," said deputy Prime Minister Ilario Venti, who leads the Civic League.',
            "Ilario Venti",
            "title",
            "Deputy Prime Minister",  # a deputy prime minister is no prime minister
        ),
        (
            "Former President Aldo Ferrante said the bridge was safe.",
            "Aldo Ferrante",
            "title",
            "Former President",
        ),
        (
            "The plan is sound, said retired Army colonel Steve Marlow.",
            "Steve Marlow",
            "title",
            "Colonel",  # a retired colonel is still a colonel
        ),
    ],
)
def test_titles_and_roles_read_as_stated(
    resources: Any, text: str, name: str, field: str, value: str | None
) -> None:
    assert getattr(_person(_entities(text, resources), name), field) == value


@pytest.mark.parametrize(
    "text, person",
    [
        (
            "The deal will lift Orvane into the top ranks under its chief executive, Frenchman "
            "Christophe Weber, who has led it since 2015.",
            "Christophe Weber",
        ),
        (
            "The bid was led by Frenchman Luc Marchetti, the chief executive of Orvane.",
            "Luc Marchetti",
        ),
    ],
)
def test_a_demonym_before_a_name_is_neither_a_group_nor_part_of_the_name(
    resources: Any, text: str, person: str
) -> None:
    ents = _entities(text, resources)
    assert person in {e.name for e in ents if e.kind == "person"}
    assert not [e.name for e in ents if "Frenchman" in e.name]


@pytest.mark.parametrize(
    "text",
    [
        "Halden Group (LSE: HLD) agreed to the offer on Monday.",
        "Halden Group (Xetra: HLD.DE - news) agreed to the offer on Monday.",
    ],
)
def test_a_stock_listing_is_neither_an_alias_nor_a_group(resources: Any, text: str) -> None:
    orgs = [e for e in _entities(text, resources) if e.kind == "organization"]
    assert [(o.name, o.aliases) for o in orgs] == [("Halden Group", ())]


def test_a_name_completed_in_brackets_is_named_without_them(resources: Any) -> None:
    text = (
        "The ministry is in touch with the road authority, together with vice-minister "
        "[Carla] Benedetti, officials said."
    )
    (person,) = [e for e in _entities(text, resources) if e.kind == "person"]
    assert person.name == "Carla Benedetti"
    assert [m.text for m in person.mentions] == ["[Carla] Benedetti"]  # the words as written


def test_surname_mentions_join_the_person_whatever_the_model_says(resources: Any) -> None:
    text = (
        "Flooding closed the bridge, said Maj. Gen. Idris Haddad, the commander of the "
        "northern sector. Haddad said crews would work overnight. Later Haddad added that "
        "two villages were cut off."
    )
    person = _person(_entities(text, resources), "Idris Haddad")
    assert [m.text for m in person.mentions] == ["Idris Haddad", "Haddad", "Haddad"]
    assert all(text[m.span.start : m.span.end] == m.text for m in person.mentions)


@pytest.mark.parametrize("name", ["Kanakpur", "Dorvik", "Sutherby"])
@pytest.mark.parametrize(
    "template",
    [
        "In {}, a cement-making town on the Surma, residents said the water had risen by "
        "nearly two metres in a single night.",
        "The flood reached {}, a river port on the Surma, late on Tuesday.",
    ],
)
def test_a_name_the_text_calls_a_town_or_port_is_no_actor(
    name: str, template: str, resources: Any
) -> None:
    text = template.format(name)
    assert [e.name for e in _entities(text, resources) if name in e.name] == []


@pytest.mark.parametrize(
    "after, place",
    [
        (", a cement-making town on the Surma", True),
        (", a small village.", True),
        (", a lakeside town 25 kilometres west of Goma", True),
        (", a port operator, fell", False),
        (", a city council member, said", False),
        (", a rebel group based in the town", False),
    ],
)
def test_place_apposition_names_places_not_port_operators(after: str, place: bool) -> None:
    from newsfuse.annotate.entities.patterns import PLACE_APPOSITION

    assert bool(PLACE_APPOSITION.match(after)) is place


@pytest.mark.parametrize(
    "text, name, role",
    [
        (  # "Chief" belongs to "Editor-in-Chief", not to the name; ", the plans were ...": no role
            "In a statement released by Ledger Editor-in-Chief Tomas Hallberg, the plans were "
            "explained.",
            "Tomas Hallberg",
            "Ledger Editor-in-Chief",
        ),
        (  # "AG" is a title, even where the model tags the name a group
            "The board met on Monday. Former AG Halvorsen spoke first. “The board is asking "
            "the people of this valley to forget it,” Halvorsen said.",
            "Halvorsen",
            None,
        ),
        (  # a host is a role
            "Breaking with his attacks on the mayor, Harbour News host Dana Whitcombe indicated "
            "Tuesday night that the feud was over.",
            "Dana Whitcombe",
            "Harbour News host",
        ),
        (  # a role noun capitalized at a sentence start is no given name
            "Founder Amara Quist spoke first at the gala. “Own your magic,” Quist said.",
            "Amara Quist",
            None,
        ),
    ],
)
def test_a_name_is_the_person_without_title_or_descriptor(
    resources: Any, text: str, name: str, role: str | None
) -> None:
    ents = _entities(text, resources)
    people = [e for e in ents if e.kind == "person"]
    assert [(p.name, p.role) for p in people] == [(name, role)]
    assert not any(name.split()[-1] in e.name for e in ents if e.kind == "organization")


def test_a_group_does_not_take_in_the_rank_of_the_person_after_it(resources: Any) -> None:
    text = (
        "“The valley needs the bridge,” said Army Capt. Ilse Marten. “Nobody told us,” said "
        "Air Force 1st Lt. Tomas Brill."
    )
    ents = _entities(text, resources)
    assert sorted(e.name for e in ents if e.kind == "organization") == ["Air Force", "Army"]
    assert ("Tomas Brill", "Lieutenant") in {(e.name, e.title) for e in ents}


@pytest.mark.parametrize(
    "text, name",
    [
        (  # written mid-sentence before the shorter form: a given name and a double surname
            "“That has got to scare a teacher,” said Debbie Wasserman Kline, the party "
            "chairwoman. Wasserman Kline added that the races mattered.",
            "Debbie Wasserman Kline",
        ),
        (  # a title's full stop ends no sentence
            "Valley Rep. Debbie Wasserman Kline, the party’s chairwoman, named six people. "
            "Wasserman Kline said the platform was an open process.",
            "Debbie Wasserman Kline",
        ),
        (  # a word in front of a name already known: not part of it
            "Maria Lindgren spoke on Monday. He says, “Working that microphone was harder "
            "than working Crooked Maria Lindgren.”",
            "Maria Lindgren",
        ),
        (  # a headline in title case capitalizes every word
            "Valley Lawmakers Rip Grace Holloway As A Fraud.\n\nGrace Holloway spoke in Orvella "
            "on Monday.",
            "Grace Holloway",
        ),
    ],
)
def test_a_double_surname_joins_the_full_name(resources: Any, text: str, name: str) -> None:
    people = [e for e in _entities(text, resources) if e.kind == "person"]
    assert [p.name for p in people] == [name]
    assert {m.text for m in people[0].mentions} == {name, " ".join(name.split()[-2:])}


def test_a_surname_with_a_particle_joins_the_full_name(resources: Any) -> None:
    text = (
        "Freight rates fell again, said Pieter van Dalen, an analyst at Scheldt Capital.\n\n"
        "Van Dalen said the slump would last into the spring. Carriers will cut routes, "
        "van Dalen added."
    )
    people = [e for e in _entities(text, resources) if e.kind == "person"]
    assert [p.name for p in people] == ["Pieter van Dalen"]
    assert [m.text for m in people[0].mentions] == ["Pieter van Dalen", "Van Dalen", "van Dalen"]


@pytest.mark.parametrize(
    "text, canonical, aliases",
    [
        (
            "Fighters of the Northern Liberation Front (NLF) entered the town. The NLF said it "
            "would hold it.",
            "Northern Liberation Front",
            {"NLF"},
        ),
        (
            "Militias of the Hashd al-Watani (National Guard units) crossed the river.",
            "Hashd al-Watani",
            {"National Guard units"},
        ),
        (
            "The KLF, which also calls itself the Front for the Liberation of Kivu, denied it. "
            "Officials blamed the Kivu Liberation Front (KLF).",
            "Kivu Liberation Front",
            {"KLF", "Front for the Liberation of Kivu"},
        ),
        (
            "ISIS fighters attacked a checkpoint; the Islamic State later claimed it.",
            "Islamic State",
            {"ISIS"},
        ),
    ],
)
def test_organization_aliases_are_merged(
    resources: Any, text: str, canonical: str, aliases: set[str]
) -> None:
    orgs = [e for e in _entities(text, resources) if e.kind == "organization"]
    org = next(o for o in orgs if o.name == canonical or canonical in o.aliases)
    surfaces = {m.text for m in org.mentions} | set(org.aliases) | {org.name}
    assert aliases <= surfaces
    assert len([o for o in orgs if aliases & ({m.text for m in o.mentions} | {o.name})]) == 1


@pytest.mark.parametrize(
    "text, not_person",
    [
        ("GOMA, Congo — Shelling resumed near Goma on Monday, residents said.", "Goma"),
        ("Brig. Gen. Joseph Otieno told reporters the force would stay.", "Brig"),
        ("Nordhavn chief executive Signe Holmgaard said the deal was done.", "Nordhavn"),
        ("Rescuers reached villages in Meghalaya and Sylhet on Friday.", "Meghalaya"),
    ],
)
def test_places_titles_and_company_modifiers_are_not_people(
    resources: Any, text: str, not_person: str
) -> None:
    people = {e.name for e in _entities(text, resources) if e.kind == "person"}
    assert not_person not in people


def test_photo_credit_names_are_not_entities(resources: Any) -> None:
    text = (
        "Rescuers search the rubble in Antakya on Tuesday. (Lena Fox/Reuters/Getty Images)\n\n"
        "The quake killed 40 people, officials said."
    )
    names = {m.text for e in _entities(text, resources) for m in e.mentions}
    assert "Lena Fox" not in names and "Getty Images" not in names


def test_user_alias_file_extends_the_curated_table(tmp_path: Any, resources: Any) -> None:
    from newsfuse.annotate.aliases import load_aliases

    extra = tmp_path / "mine.yaml"
    extra.write_text("Coastal Defence League: [CDL, the League]\n")
    table = load_aliases((extra,))
    assert table.lookup("CDL") == "Coastal Defence League"
    assert table.lookup("ISIL") == "Islamic State"


@pytest.mark.issue(9)
def test_credit_lines_name_nobody(resources: Any) -> None:
    text = (
        "The port reopened on Monday, said Carla Benning, the harbor master.\n\n"
        "Ravi Menon reported from Harborton. Tove Lind contributed to this report."
    )
    names = {e.name for e in _entities(text, resources)}
    assert "Carla Benning" in names
    assert not names & {"Ravi Menon", "Tove Lind"}


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, name, title",
    [
        ("The strikes will go on, said colonel Aldo Ferro on Monday.", "Aldo Ferro", "Colonel"),
        ("The strikes will go on, said Col. Aldo Ferro on Monday.", "Aldo Ferro", "Colonel"),
        ("“We are ready,” said Mrs Ada Grimsby, who chairs the board.", "Ada Grimsby", "Mrs"),
    ],
)
def test_titles_are_normalized_and_kept_out_of_names(
    resources: Any, text: str, name: str, title: str
) -> None:
    assert _person(_entities(text, resources), name).title == title


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, name, role_words",
    [
        (
            "Rescue work continued, said Lucia Ferraro, director of the regional rescue "
            "service, on Tuesday.",
            "Lucia Ferraro",
            {"director", "rescue", "service"},
        ),
        (
            "In reply, leader of the opposition Tomas Ek said the vote was rushed.",
            "Tomas Ek",
            {"leader", "opposition"},
        ),
        (
            "The crowd cheered. Later that day the ministry's spokesman, Olaf Berg, said "
            "the border would stay open.",
            "Olaf Berg",
            {"spokesman"},
        ),
    ],
)
def test_roles_from_appositions_anywhere(
    resources: Any, text: str, name: str, role_words: set[str]
) -> None:
    role = _person(_entities(text, resources), name).role or ""
    assert role_words <= set(role.lower().replace("'s", "").split())


@pytest.mark.issue(9)
def test_lower_case_institutions_are_organizations_with_their_country(resources: Any) -> None:
    text = "The Norwegian health ministry said 40 people were treated. The ministry gave no names."
    org = next(e for e in _entities(text, resources) if e.name == "health ministry")
    assert "Norwegian health ministry" in org.aliases


def _names(ents: list[Any], kind: str) -> set[str]:
    return {e.name for e in ents if e.kind == kind}


def _surfaces(ents: list[Any], kind: str) -> set[str]:
    return {m.text for e in ents if e.kind == kind for m in e.mentions} | _names(ents, kind)


@pytest.mark.issue(9)
def test_buildings_roads_laws_and_diseases_are_not_actors(resources: Any) -> None:
    text = (
        "Crews cleared the Harbor View Hotel and the St. Brendan's Church on Monday. The A12 "
        "stayed shut. Under the Coastal Safety Act, COVID-19 testing sites moved inland, "
        "the Harbor Authority said."
    )
    ents = _entities(text, resources)
    names = _surfaces(ents, "organization") | _surfaces(ents, "person")
    assert not names & {
        "Harbor View Hotel",
        "St. Brendan",
        "St. Brendan's Church",
        "A12",
        "Coastal Safety Act",
        "COVID-19",
    }
    assert "Harbor Authority" in _surfaces(ents, "organization")


@pytest.mark.issue(9)
def test_countries_demonyms_and_capitals_are_not_people_or_groups(resources: Any) -> None:
    text = (
        "Sri Lanka's police said the blast was contained. Sri Lankan officials blamed a "
        "calculation error, in what Nairobi has called a lapse."
    )
    ents = _entities(text, resources)
    names = _surfaces(ents, "person") | _surfaces(ents, "organization")
    assert not names & {"Sri Lanka", "Sri Lanka's", "Sri Lankan", "Lanka", "Nairobi"}


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, name",
    [
        ("Motorist Dario Ventimiglia told reporters the road shook.", "Dario Ventimiglia"),
        (
            "The biggest defeat on a vote ever experienced by a government – Hector "
            "MacAlister’s government was defeated in 1924.",
            "Hector MacAlister",
        ),
    ],
)
def test_names_start_at_the_given_name(resources: Any, text: str, name: str) -> None:
    people = _names(_entities(text, resources), "person")
    assert name in people
    assert not any(p != name and (name in p or p in name) for p in people)


@pytest.mark.issue(9)
def test_a_titled_one_word_name_is_a_person_even_if_a_town_has_it(resources: Any) -> None:
    text = "Governor Lyon said the levee held. Lyon later visited the shelter."
    person = _person(_entities(text, resources), "Lyon")
    assert len(person.mentions) == 2
    assert person.role == "Governor"


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, org",
    [
        (
            "Pharmaceutical company Veltrix said on Monday its pill worked. Veltrix said more.",
            "Veltrix",
        ),
        ("The mayor told Lumo7 television the water was safe.", "Lumo7"),
        ("The prosecutor told state broadcaster RTN that 40 people died.", "RTN"),
        ("The flood was worse than feared, the minister said on Vidcast9.", "Vidcast9"),
        ("The funeral is on Saturday, Conte said in a Facebook post.", "Facebook"),
        ("“We are hopeful,” said Dr. Ana Ruiz, Veltrix’s senior vice president.", "Veltrix"),
        ("Veltrix and its partner Orbagen released the results.", "Orbagen"),
        ("Veltrix and its partner Orbagen released the results.", "Veltrix"),
        (
            "Police blamed two local groups, Northern Tawhid Jamaat and Jamiat Millat Ibrahima.",
            "Jamiat Millat Ibrahima",
        ),
        ("The 7-Star Movement governs with the right.", "7-Star Movement"),
        (
            "Ideally, partners will share the work, Center for a Safer Coast fellow Mira Holt said.",
            "Center for a Safer Coast",
        ),
        (
            "Dr. Paul Ofori of the Infants' Aid Center at Children's Hospital of Harborton said so.",
            "Children's Hospital of Harborton",
        ),
        ("The Keelan Holdings board met on Friday.", "Keelan Holdings"),
    ],
)
def test_the_words_around_a_name_make_it_an_organization(
    resources: Any, text: str, org: str
) -> None:
    ents = _entities(text, resources)
    assert org in _surfaces(ents, "organization")
    assert org not in _surfaces(ents, "person")


@pytest.mark.issue(9)
def test_a_country_in_front_of_an_agency_name_is_a_place_not_part_of_the_name(
    resources: Any,
) -> None:
    text = (
        "The vaccine was cleared by the US Coastal Food and Drug Administration (CFDA) on "
        "Friday. The CFDA said more data would follow."
    )
    org = next(
        e for e in _entities(text, resources) if e.kind == "organization" and "CFDA" in e.aliases
    )
    assert org.name == "Coastal Food and Drug Administration"


@pytest.mark.issue(9)
@pytest.mark.parametrize(
    "text, name, role_words",
    [
        (
            "“There was a blast,” police spokesman Tomas Reyes said.",
            "Tomas Reyes",
            {"police", "spokesman"},
        ),
        (
            "“We are hopeful,” said Dr. Tom Harwell, Veltrix’s senior vice president of research, "
            "on Monday.",
            "Tom Harwell",
            {"senior", "vice", "president", "research"},
        ),
        (
            "Friends of Lina Mossberg, 13, who was injured in the blast at the market, wept.",
            "Lina Mossberg",
            {"injured", "blast", "market"},
        ),
        (
            "The top bureaucrat in the island's transport office, Omar Kessler, resigned.",
            "Omar Kessler",
            {"bureaucrat", "transport", "office"},
        ),
        (
            "The motion, backed by Harbor party’s Mia Lundqvist, will be debated today.",
            "Mia Lundqvist",
            {"harbor", "party"},
        ),
    ],
)
def test_roles_from_owners_ages_and_lower_case_offices(
    resources: Any, text: str, name: str, role_words: set[str]
) -> None:
    role = _person(_entities(text, resources), name).role or ""
    assert role_words <= set(role.lower().replace("’s", "").replace("'s", "").split())


@pytest.mark.issue(9)
def test_a_capitalized_determiner_before_a_cue_is_no_organization(resources: Any) -> None:
    text = "The newspaper endorsed her on Friday. This company said nothing."
    assert not _surfaces(_entities(text, resources), "organization") & {"The", "This"}


@pytest.mark.issue(9)
def test_a_weak_cue_does_not_turn_a_full_name_into_an_organization(resources: Any) -> None:
    text = (
        "Clara Voss attacked her rival Tomas Ekberg on Monday. If newspapers are right, "
        "Tomas Ekberg said, the race is close."
    )
    ents = _entities(text, resources)
    assert "Tomas Ekberg" in _names(ents, "person")
    assert not _surfaces(ents, "organization") & {"Tomas Ekberg", "If"}


@pytest.mark.issue(9)
def test_a_person_who_goes_by_one_name_keeps_it_and_the_description(resources: Any) -> None:
    text = '"We stay," said a TLF commander who gave his name only as Kasongo. "We wait."'
    person = _person(_entities(text, resources), "Kasongo")
    assert person.role == "TLF commander"
    assert "Kasongo" not in _surfaces(_entities(text, resources), "organization")


@pytest.mark.issue(9)
def test_a_declared_acronym_joins_the_whole_name_the_model_split(resources: Any) -> None:
    text = (
        "The Northern Federation of Harbor Pilots and River Boatmen Societies (NFHP) said it "
        "would help. The NFHP sent two boats."
    )
    orgs = [e for e in _entities(text, resources) if e.kind == "organization"]
    full = "Northern Federation of Harbor Pilots and River Boatmen Societies"
    org = next(o for o in orgs if o.name == full)
    assert "NFHP" in {m.text for m in org.mentions} | set(org.aliases)
    assert not any(o is not org and o.name in full for o in orgs)


@pytest.mark.issue(9)
def test_a_common_noun_opening_a_sentence_is_no_organization(resources: Any) -> None:
    text = (
        'Commission President Karl Aamodt urged the government to "clarify its intentions as '
        'soon as possible. Time is almost up. The risk of a disorderly exit has grown."'
    )
    assert "Time" not in _surfaces(_entities(text, resources), "organization")


def test_a_persons_full_name_is_never_also_an_organization(resources: Any) -> None:
    """The model may read a name opening a paragraph as an organization; the article
    already gives it as a person, so the who's who lists one person, with both mentions."""
    ents = _entities(
        "DES MOINES, Iowa — A water main break left 602 homes without water, officials "
        'said. "We have never seen anything like this," said Nadia Okafor, the city\'s '
        "emergency manager.\n\nNadia Okafor said 6 agencies were working on the break.",
        resources,
    )
    assert "Nadia Okafor" not in _names(ents, "organization")
    person = _person(ents, "Nadia Okafor")
    assert len(person.mentions) == 2


class _BoundedMentions(list[Any]):
    """A mention list that fails the test instead of growing without end."""

    def append(self, item: Any) -> None:
        assert len(self) < 100, "a person's mentions grew without bound"
        super().append(item)


def test_a_name_read_with_a_stray_space_is_one_person_with_exact_offsets(resources: Any) -> None:
    """A title stripped off "Billionaire  Marta Kowalczyk" (two spaces) once left the
    name " Marta Kowalczyk", which then joined itself for ever (an article of 2,900
    characters took the whole memory of the machine)."""
    from newsfuse.annotate.aliases import load_aliases
    from newsfuse.annotate.entities.draft import Draft, EntityDraft
    from newsfuse.annotate.entities.people import join_surnames
    from newsfuse.model import Mention, Span

    text = "Billionaire  Marta Kowalczyk funds the ads. Kowalczyk declined to comment."
    article = article_from_text(text, published="2024-03-04")
    d = Draft(article, resources.nlp(article.text), load_aliases())
    start = text.index("  ") + 1
    person = d.add_person(start, text.index(" funds"))
    assert person is not None and person.name == "Marta Kowalczyk"
    assert person.mentions[0].span.start == text.index("Marta")
    # and a name stored with a space in front never joins itself
    spaced = EntityDraft("person", " Ivo Brandt", _BoundedMentions())
    spaced.mentions.append(Mention(" Ivo Brandt", Span(article.id, 0, 11)))
    d.people["ivo brandt"] = spaced
    join_surnames(d)
    assert len(d.people["marta kowalczyk"].mentions) == 2  # "Kowalczyk" joined her
    assert len(spaced.mentions) == 1
