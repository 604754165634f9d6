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


def test_surname_mentions_join_the_person_whatever_the_model_says(resources: Any) -> None:
    text = (
        "Flooding closed the bridge, said Maj. Gen. Idris Haddad, the commander of the "
        "northern sector. Haddad said crews would work overnight. Later Haddad added that "
        "two villages were cut off."
    )
    person = _person(_entities(text, resources), "Idris Haddad")
    assert [m.text for m in person.mentions] == ["Idris Haddad", "Haddad", "Haddad"]
    assert all(text[m.span.start : m.span.end] == m.text for m in person.mentions)


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
