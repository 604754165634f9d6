"""Phase 1: candidate mentions, from the text's own alias declarations, the curated
alias table and spaCy's named entities, typed as person or organization."""

from __future__ import annotations

import re
from typing import Any

from ..aliases import AliasTable, norm
from .draft import Draft, in_photo_credit, strip_the
from .patterns import (
    ADMINISTRATION,
    ALSO_KNOWN,
    DESCRIPTOR_NOUNS,
    FACILITY_AFTER,
    FACILITY_HEAD,
    LAW_HEAD,
    LED_COALITION,
    MAX_NAME_TOKENS,
    NOT_ACTORS,
    ORG_WORDS,
    PERSON_AFTER,
    PERSON_NOUN,
    PERSON_SHAPE,
    PLACE_APPOSITION,
    PLACE_MIN_POPULATION,
    PRE_APPOS,
    PRE_ROLE,
    PRE_TITLE,
    ROAD_CODE,
    ROLE_WORDS,
    TITLE_ABBREVIATIONS,
    TITLE_AFTER,
    TITLE_RE,
    TITLE_WORDS,
)
from .placenames import is_demonym

_DECLARED = re.compile(
    r"\b([A-Z][\w'\-]*(?:\s+(?:al-|el-|of |for |the |and )?[A-Z][\w'\-]*){0,6})\s*\(([^()\n]{2,60})\)"
)
_NOT_ALIAS = re.compile(r"\d{4}|/|said|photo", re.I)
# "Shire (Xetra: S7E.DE - news)", "(LSE: SHP)", "(NYSE:TAK)": a listed company's ticker
_LISTING = re.compile(r"^[A-Za-z ]+:\s*[A-Z0-9.]{2,}|^[A-Z0-9]{2,}\.[A-Z]{1,3}\b")
# "al-Mutasim Brigade" too, and an editor's "[Edoardo] Rixi"
_CAPITALIZED = re.compile(r"\[?(?:(?:al|el|ad|as|an)-)?[A-Z0-9]")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z]+)+$")  # "Vaccine Education Center at"
_COUNTY = re.compile(r"(?:Co\.?|County)\s")
_LOWER_WORD = re.compile(r"\b[a-z][a-z\-]+\b")
_LOCATIVE = "in|at|near|from|outside|around|into|across"
_INNER_POSSESSIVE = re.compile(r"(?:'s|’s)\s")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_TITLED_NAME = re.compile(
    rf"(?<![\w.])(?:{TITLE_RE})\s+(?P<name>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){{1,2}})$"
)
_NAME_WORDS = re.compile(r"[A-Z][a-zà-ÿ'\-]+(?: [A-Z][a-zà-ÿ'\-]+)?")
_NAME_BEFORE = re.compile(r"([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,5})\s*$")


def declared_aliases(d: Draft) -> None:
    """Names the text gives two names: "X (Y)", "X, also known as Y"."""
    text = d.text
    for m in _DECLARED.finditer(text):
        alias = m.group(2).strip()
        if _LISTING.match(alias):
            d.declared.append((m.group(1), m.group(1)))  # a company; the ticker is no name
            d.taken.append((m.start(2), m.end(2)))
        elif alias[0].isupper() and not _NOT_ALIAS.search(alias):
            d.declared.append((m.group(1), alias))
    for m in ALSO_KNOWN.finditer(text):
        prev = _NAME_BEFORE.search(text, max(0, m.start() - 120), m.start())
        if prev:
            d.declared.append((prev.group(1), m.group("alias").strip()))


def curated_aliases(d: Draft) -> None:
    """Every occurrence of a curated alias, plus "<X>-led coalition", "<X> administration"."""
    # A curated alias inside a longer organization name ("Red Cross" in "International
    # Federation of Red Cross and Red Crescent Societies") is part of that name.
    long_orgs = [
        (ent.start_char, ent.end_char)
        for ent in d.ents
        if ent.label_ == "ORG" and len(ent.text.split()) > 2
    ]
    for s, e, canon in d.table.find(d.text):
        if any(a <= s and e <= b and (b - a) > (e - s) + 2 for a, b in long_orgs):
            continue
        d.add_org(s, e, canon)
    for pat in (LED_COALITION, ADMINISTRATION):
        for m in pat.finditer(d.text):
            d.add_org(m.start(), m.end())


def model_entities(d: Draft) -> None:
    """spaCy's PERSON, ORG, FAC and NORP entities, typed by their words and context."""
    text = d.text
    declared_names = {norm(n) for n, _ in d.declared}
    lower_words = set(_LOWER_WORD.findall(text))
    full_names = [
        ent.text
        for ent in d.ents
        if ent.label_ == "PERSON"
        and PERSON_SHAPE.match(ent.text)
        and not (d.gaz and d.gaz.lookup(ent.text))
    ]
    for ent in d.ents:
        if ent.label_ not in ("PERSON", "ORG", "FAC", "NORP"):
            continue
        s, e = strip_the(text, ent.start_char, ent.end_char)
        if (trail := _TRAILING_LOWER.search(text, s, e)) and trail.start() > s:
            e = trail.start()
        if ent.label_ == "ORG":
            e = _before_rank(text, s, e)
        poss = _INNER_POSSESSIVE.search(text, s, e)
        if poss:
            if FACILITY_HEAD.search(text[s:e]):
                continue  # "St. Sebastian's Church": a building
            e = poss.start()  # "Shire’s Adderall": the owner is the entity
        surface = text[s:e]
        if not _is_actor(surface) or FACILITY_AFTER.match(text, e):
            continue
        if PLACE_APPOSITION.match(text, e):
            continue  # "Chhatak, a cement-making town": a place, whatever the model said
        if ent.label_ == "ORG" and (full := _known_full_name(text, s, e, full_names)):
            d.add_person(s, s + len(full))  # "Theresa" tagged ORG before "May"
            continue
        if _PLURAL_ACRONYM.fullmatch(surface):
            continue  # "MPs", "CEOs": a common noun
        comma = surface.rfind(", ")
        if comma != -1 and PERSON_SHAPE.match(surface[comma + 2 :]):
            d.add_person(s + comma + 2, e)  # "Goma, Claudine Baraka": a place, then a name
            continue
        first, _, rest = surface.partition(" ")
        if (
            ent.label_ in ("ORG", "PERSON")
            and first.isupper()
            and _is_title_word(first)
            and _NAME_WORDS.fullmatch(rest)
            and not ORG_WORDS.search(rest)
        ):
            d.add_person(s + len(first) + 1, e)  # "AG Halvorsen" tagged ORG: a titled name
            continue
        if ent.label_ in ("ORG", "PERSON") and (tm := _TITLED_NAME.search(surface)):
            d.add_person(s + tm.start("name"), e)  # "Genoa Chief Prosecutor Ann Roe"
            continue
        if not _CAPITALIZED.match(surface) or len(surface.split()) > MAX_NAME_TOKENS:
            continue
        if _COUNTY.match(surface):
            continue  # "Co Meath", "County Kerry": a place
        if (
            " " not in surface
            and not d.table.lookup(surface)
            and (surface.lower() in lower_words or _sentence_initial_noun(ent))
        ):
            continue  # "Shares", "Time is up": a common noun the model made a name
        if "/" in surface or in_photo_credit(text, s, e) or d.in_furniture(s, e):
            continue
        given = (
            _given_name_before(d, ent.start, s) if ent.label_ == "PERSON" and len(ent) <= 2 else s
        )
        # "President Lyon", "Hector MacAlister": a person even where a town has the name
        titled = given < s or (
            ent.label_ == "PERSON" and bool(PRE_TITLE.search(text, max(0, s - 60), s))
        )
        if (
            not titled and _is_place_name(text, surface, ent.label_, d.gaz, d.table)
        ) or _is_title_word(surface):
            continue  # "Goma" tagged PERSON, "Meghalaya" tagged ORG, "Brig" of "Brig. Gen."
        if TITLE_AFTER.match(text[e : e + 40]):
            continue  # "Interior" in "Interior Minister": part of a title, not a group
        is_declared = norm(surface) in declared_names
        has_org_word = bool(ORG_WORDS.search(surface))
        if ent.label_ in ("NORP", "FAC") and not (has_org_word or is_declared):
            continue  # "Iraqi", a bridge: a group only when its words or the text say so
        if ent.label_ == "PERSON" and not has_org_word:
            is_org = is_declared and not re.match(r"^[A-Z][a-z]+ [A-Z][a-z]+$", surface)
        elif ent.label_ == "ORG" and _looks_like_person(text, s, e, surface, d.table):
            is_org = False  # "Uwe Seidel" tagged ORG but written as a person
        else:
            is_org = True
        if is_org:
            d.add_org(after_country(d, s, e), e)
        else:
            if given == s:
                given = _after_descriptor(text, _after_titles(text, s, e), e)
            d.add_person(given, e)


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_RANK_NEXT = re.compile(r"\s+[A-Z][a-z]{1,4}\.\s")  # " Lt. ", " Sgt. "


def _before_rank(text: str, s: int, e: int) -> int:
    """End of a group's name before the rank of the person named after it, which the
    model took in: "Army Capt[. Christian Pardo]", "Air Force 1st[ Lt. Tyler Livingston]".

    >>> t = "said Air Force 1st Lt. Tyler Livingston."
    >>> t[5:_before_rank(t, 5, 18)]
    'Air Force'
    """
    while (cut := text.rfind(" ", s, e)) != -1:
        word = text[cut + 1 : e]
        rank = _is_title_word(word) and text.startswith(". ", e)
        if not (rank or (_ORDINAL.fullmatch(word) and _RANK_NEXT.match(text, e))):
            break
        e = cut
    return e


def _sentence_initial_noun(ent: Any) -> bool:
    """A one-token name that opens its sentence and that the tagger reads as a common
    noun ("Time is almost up.")."""
    return len(ent) == 1 and ent[0].is_sent_start and ent[0].pos_ == "NOUN"


def after_country(d: Draft, s: int, e: int) -> int:
    """Start of an agency's name past the country named in front of it ("US Food and
    Drug Administration" -> "Food and Drug Administration"; SCHEMA makes the country a
    place). Short names keep it: "US Army"."""
    first, _, rest = d.text[s:e].partition(" ")
    if (
        d.gaz is None
        or len(rest.split()) < 3
        or not ORG_WORDS.search(rest)
        or d.table.lookup(d.text[s:e])
        or not any(x.feature == "country" for x in d.gaz.lookup(first))
    ):
        return s
    return s + len(first) + 1


def _is_actor(surface: str) -> bool:
    """False for names of things that are not actors: buildings and roads, laws,
    diseases and events ("Cinnamon Grand Hotel", "A10", "Fixed Terms Parliament Act",
    "COVID-19", "Brexit") or a person described ("Frenchman")."""
    return not (
        surface.lower() in NOT_ACTORS
        or PERSON_NOUN.fullmatch(surface)
        or ROAD_CODE.fullmatch(surface)
        or (" " in surface and (FACILITY_HEAD.search(surface) or LAW_HEAD.search(surface)))
    )


def _known_full_name(text: str, s: int, e: int, full_names: list[str]) -> str | None:
    """The full name of a person the model found elsewhere that starts at ``s`` and
    runs past ``e`` ("Theresa" + " May" when "Theresa May" is a PERSON elsewhere)."""
    return next(
        (n for n in full_names if len(n) > e - s and text.startswith(n, s)),
        None,
    )


def _after_descriptor(text: str, s: int, e: int) -> int:
    """Start of a name past a common noun capitalized at a sentence start
    ("Motorist Alessandro Megna" -> "Alessandro Megna", "Frenchman Luc Marchetti")."""
    first, _, rest = text[s:e].partition(" ")
    if len(rest.split()) >= 2 and (
        first.lower() in DESCRIPTOR_NOUNS
        or first.lower() in ROLE_WORDS  # "Founder Beverly Bond" at a sentence start
        or PERSON_NOUN.fullmatch(first)
    ):
        return s + len(first) + 1
    return s


def _given_name_before(d: Draft, first_token: int, s: int) -> int:
    """Start of a name that takes in the given name the model left out
    ("Plaid Cymru’s Liz [Saville Roberts]", "– Ramsay [MacDonald]’s government"):
    a capitalized proper noun right before, mid-sentence, that is no title, role,
    place or part of another name."""
    if first_token < 2 or s != d.doc[first_token].idx:
        return s
    prev, before = d.doc[first_token - 1], d.doc[first_token - 2]
    word = prev.text
    if (
        prev.pos_ != "PROPN"
        or prev.ent_type_
        or not (word.istitle() and word.isalpha() and len(word) > 1)
        or prev.is_sent_start
        or not (before.is_punct or before.text in ("'s", "’s"))
        or (before.text in "-‐" and not before.whitespace_)  # "Editor-in-Chief Martin Baron"
        or before.text in {".", "!", "?", "“", '"'}
        or _is_title_word(word)
        or word.lower() in DESCRIPTOR_NOUNS
        or ORG_WORDS.search(word)
        or (d.gaz is not None and d.gaz.lookup(word) and not _rare_place(d.gaz, word))
    ):
        return s
    return prev.idx


def _rare_place(gaz: Any, word: str) -> bool:
    """Only small towns are called ``word`` (so it is more likely a given name)."""
    return all(
        e.feature == "city" and (e.population or 0) < PLACE_MIN_POPULATION for e in gaz.lookup(word)
    )


_LEADING_WORD = re.compile(r"([A-Z][\w\-]*\.?)\s+(?=[A-Z])")


def _after_titles(text: str, s: int, e: int) -> int:
    """Start of a person's name past the titles the model kept ("Rep. G.K. Butterfield",
    "Mrs May", "Representative Charles Rangel")."""
    while (m := _LEADING_WORD.match(text, s, e)) and _is_title_word(m.group(1)):
        s = m.end()
    return s


def _looks_like_person(text: str, start: int, end: int, surface: str, table: AliasTable) -> bool:
    """A two- or three-word name tagged ORG, in a sentence that treats it as a person."""
    if not PERSON_SHAPE.match(surface) or ORG_WORDS.search(surface) or table.lookup(surface):
        return False
    if PERSON_AFTER.match(text[end : end + 60]):
        return True
    before = text[max(0, start - 80) : start]
    return bool(PRE_APPOS.search(before) or PRE_TITLE.search(before) or PRE_ROLE.search(before))


def _is_title_word(surface: str) -> bool:
    """'Brig', 'Gen.', 'President' alone are titles, not people."""
    word = surface.rstrip(".")
    return word.lower() in TITLE_WORDS or (word.isupper() and word.lower() in TITLE_ABBREVIATIONS)


def _is_place_name(text: str, surface: str, label: str, gaz: Any, table: AliasTable) -> bool:
    """A single word that the gazetteer knows as a country or province, or as a sizeable
    town unless the model calls it an organization and the text never uses it as a
    place ("Takeda" is a town too, but "Takeda's offer" never says "in Takeda")."""
    if gaz is None or table.lookup(surface):
        return False
    entries = gaz.lookup(surface)
    if any(e.feature in ("country", "admin1", "region") for e in entries):
        return True  # "Sri Lanka" tagged PERSON too
    if is_demonym(gaz, surface):
        return True  # "Sri Lankan" tagged PERSON
    if " " in surface.strip() or not any(
        e.feature == "city" and (e.population or 0) >= PLACE_MIN_POPULATION for e in entries
    ):
        return False
    if any(e.capital for e in entries):
        return True  # "Colombo has called it a lapse": the capital stands for the state
    return label != "ORG" or bool(
        re.search(
            rf"\b(?:{_LOCATIVE})\s+{re.escape(surface)}\b|\b{re.escape(surface)},\s+[A-Z]", text
        )
    )
