"""Places: every geographic mention resolved offline to a gazetteer entry.

The method, in order:

1. **Candidates.** spaCy's GPE/LOC/FAC entities, plus capitalized words the model missed
   that the gazetteer knows: country names and abbreviations ("US" inside "US-led",
   "Iran" inside "Iran-backed"), curated regions, all-caps datelines ("WASHINGTON"),
   admin1 names followed by "province"/"governorate"/"state", and proper-noun cities that
   are large or introduced by "the city of", "in", "near" ... Compass words are folded
   away ("northern Iraq" -> Iraq); "Anbar province" keeps its suffix and prefers the
   admin1 entry.
2. **Filters.** A span inside a person's mention is never a place; inside an
   organization's mention only a country counts ("US" in "US Army"). Demonyms
   ("Iraqi") are context, never mentions.
3. **Resolution.** Each candidate's entries are scored by a population prior plus the
   article's context: countries named or implied by demonyms and the dateline, other
   admin1 regions and cities of the same country, the candidate's own admin1 being
   mentioned, and neighbouring countries. Two passes: the first uses the prior and the
   demonyms, the second the countries the first pass found.
4. **Regions without a name.** "the western desert" with a country in context becomes a
   region point offset from that country's centre toward the compass direction (the
   country's city bounding box, 15% in from the edge). Only deserts are handled; other
   "<compass> <noun>" phrases are left out.

Limits: no coreference ("the country"), no fine-grained features (neighbourhoods,
buildings), and a place whose only mention the statistical model labels as a person is
lost, because the entity stage's typing wins.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Entity, Mention, Place, Span
from .gazetteer import GazEntry, Gazetteer, haversine_km, load_gazetteer, norm_name

# Prior and context weights, tuned on fictional cases in tests/annotate/test_places.py
# (Paris FR vs TX, Georgia country vs state) and checked on the dev set; re-run
# `newsfuse eval` on ../shared/eval/dev after changing them.
COUNTRY_PRIOR_BONUS = 1.0  # a bare name that is a country is usually the country
CAPITAL_BONUS = 1.0  # "Washington" in the news is the US capital before any other town
ADMIN1_PRIOR_PENALTY = 1.5  # "Washington" is the city before the state
REGION_PRIOR = 6.5  # curated regions are the well-known reading of their name
CONTEXT_COUNTRY_BONUS = 1.0  # the candidate's country is named/implied in the article
SUBNATIONAL_BONUS = 1.0  # other admin1/cities of the same country are mentioned
OWN_ADMIN1_BONUS = 2.0  # "Paris" with "Texas" in the article
NEIGHBOUR_BONUS = 1.0  # a country whose neighbour is in the article
GAZ_ONLY_CITY_MIN_POP = 100_000  # a proper noun the model missed: only big cities count
CUED_CITY_MIN_POP = 500  # ... or any city after "the city of", "in", "near" (cities500)
PROXIMITY_KM = 120.0  # "local lexicon": towns of a local story lie within this of each other
PROXIMITY_BONUS = 1.0  # per other place name with a reading that near (LGL even half)
PROXIMITY_CAP = 3  # ... counted up to this many
OUTLET_COUNTRY_BONUS = 1  # the outlet's country-code domain (".co.uk" -> GB)
HOME_TOWN_SUPPORT = 2  # the outlet's own town, for a mention of its name (proximity units)
HOME_STATE_SUPPORT = 1  # a home-town reading whose state the article names (proximity units)
DESERT_EDGE_FRACTION = 0.15  # "western desert": 15% in from the country's western edge

# Regions of the text whose words are names of people, not places: a byline. Datelines
# and credit lines ("reported from Beirut") do name places, and the dev gold (SCHEMA)
# counts them; the dateline is also resolved on its own (resolve_dateline).
NON_BODY_REGIONS = frozenset({"byline"})
# A photo credit: "(Jane Doe/Agency/Getty Images)": the names in it are no places.
PHOTO_CREDIT = re.compile(r"\([^()\n]{0,80}/[^()\n]{0,80}\)")
# "Bush administration", "the Obama era": a person's name before these words is no town.
NOT_AFTER_PLACE = re.compile(
    r"^[ \u00a0]+(?:administration|presidency|doctrine|era|campaign|family)\b", re.IGNORECASE
)
# A written state or province abbreviation: "Ky.", "W.Va.", "N.C.", "Calif.".
ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]?\.){1,2}[A-Z][a-z]?\.|\b[A-Z][a-z]{1,4}\.")
# ... read only where a press style puts one: after "Town, " or after "in"/"of"/"from".
ABBREVIATION_CUE = re.compile(r"(?:[A-Za-z.]+,|\b(?:in|of|from|near))[ \u00a0]+$")
# A town's name followed by one of these is the name of a street, a building or an
# institution ("Tully Road", "Reid Hospital", "Springfield City Schools"), not a mention
# of the town (SCHEMA); it still counts as evidence, like a name inside an organization.
FACILITY_WORD = re.compile(
    r"^[ \u00a0]+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Drive|"
    r"Highway|Parkway|Pike|Way|Field|Hospital|Clinic|School|Schools|High|Middle|Elementary|"
    r"College|University|Conference|Restaurant|Cafe|Hall|Center|Centre|Church|Cathedral|"
    r"Park|Square|Airport|Mall|Hotel|Stadium|Club|Company|Corp\.?|Inc\.?|Bank|Library|"
    r"Museum|Theatre|Theater|City[ \u00a0]+(?:Schools|Council|Commission|Hall))\b"
)
# Words the gazetteer knows as some town but that name no place on Earth in news prose.
NOT_PLACE_WORDS = frozenset({"earth", "sun", "moon", "heaven", "north", "south", "east", "west"})
# SCHEMA: a place inside an organization's name ("the Nebraska State Baseball
# Association") is not a place mention of its own; it still counts as evidence for
# resolving the article's other names (Columbus near Nebraska). LGL's gold counts them:
# set True to follow LGL (lgl-dev even half: see the report in issue #9).
ORG_PLACES_ARE_MENTIONS = False
# ... but a place that opens the name of its own local public body ("Nebraska Department
# of Roads", "Shreveport Police Department") is named as the body's jurisdiction: a
# place mention, like the attributive country the dev gold counts ("US Food and Drug
# Administration"). Governments of regions stay organizations only ("Kurdistan Regional
# Government"); companies named after a place too ("Elbe Container Group").
PUBLIC_BODY = re.compile(
    r"\b(?:Police|Sheriff|Department|Council|Board|Commission|Court|Schools?|Office|"
    r"Authority|Agency|Fire|Health|Transportation|Commissioners)\b"
)
# "a Glen Allen woman", "Paris residents": a name before these words is a place, even
# when the model or the entities stage read it as a person.
RESIDENT_WORD = re.compile(
    r"^[ \u00a0]+(?:man|woman|men|women|resident|residents|teen|teenager|boy|girl|couple|"
    r"family|families|native|natives|home|homes|police|officials|officers|voters|area|"
    r"council|schools?|firefighters)\b"
)
# A dateline run into the text, as some feeds print it: "... headline. XENIA — The ...",
# "CARTHAGE, N.C. (AP) - ...".
INLINE_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\n]) +)(?P<name>[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,3})"
    r"(?=(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?(?: \((?:AP|Reuters|AFP|UPI)\))? *(?:—|–|--|-|\x97) )"
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "DATE", "TIME", "MONEY", "CARDINAL", "WORK_OF_ART"})
COMPASS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower)(?:ern)?|"
    r"(?:north|south)-?(?:east|west)(?:ern)?)\s+",
    re.IGNORECASE,
)
ADMIN_SUFFIX = re.compile(
    r"^[ \u00a0]+(province|governorate|state|region|district|oblast|county|prefecture)\b",
    re.IGNORECASE,
)
CITY_CUE = re.compile(
    r"(?:\b(?:city|town|village|capital|port|outskirts) of|\b(?:in|near|outside|from|at)"
    r")[ \u00a0]+$",
    re.IGNORECASE,
)
# Words that name times, not places, though some town somewhere bears the name.
NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday spring summer autumn fall winter".split()
)
CAPITALIZED = re.compile(
    r"[A-Z][\w'’.]*(?:(?:[ \u00a0]|[ \u00a0]of[ \u00a0]|[ \u00a0]de[ \u00a0])[A-Z][\w'’.]*)*"
)
# A named water body or landform: "James River", "Lake Harriet", "Boston Harbor".
_NAME = r"[A-Z][\w'’-]+(?:[ \u00a0][A-Z][\w'’-]+)?"
NATURAL_FEATURE = re.compile(
    rf"\b(?:(?:Lake|River|Gulf[ \u00a0]of)[ \u00a0]{_NAME}|"
    rf"{_NAME}[ \u00a0](?:River|Lake|Bay|Harbor|Harbour|Creek|Reservoir|Sound|Mountains?|"
    r"[Rr]iver))\b"
)
DESERT = re.compile(r"\b(north|south|east|west)(?:ern)?[ \u00a0]+desert\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_THE = re.compile(r"(?i)the\s+")
_LIST_SEP = re.compile(r", ?|,? (?:and|or) ")  # "Homs, Hama and Aleppo"
MAX_NGRAM = 4


@dataclass
class _Cand:
    """A place mention before resolution."""

    start: int
    end: int
    surface: str
    entries: list[GazEntry]
    chosen: GazEntry | None = None
    scores: dict[int, float] = field(default_factory=dict)
    context_only: bool = False  # inside an organization's name: evidence, not a mention


def _clean_span(text: str, start: int, end: int, gaz: Gazetteer | None = None) -> tuple[int, int]:
    """Trim "the", compass words, a possessive and sentence dots from a span.

    A compass word stays when the whole name is in the gazetteer ("North Kivu").
    """
    s = text[start:end]
    m = _THE.match(s)
    if m:
        start += m.end()
        s = s[m.end() :]
    m = COMPASS.match(s)
    # The gazetteer is asked only when its answer can change the span.
    if m and len(s) > m.end() and not (gaz is not None and gaz.lookup(POSSESSIVE.sub("", s))):
        start += m.end()
        s = s[m.end() :]
    m = POSSESSIVE.search(s)
    if m:
        end -= len(m.group())
        s = s[: -len(m.group())]
    if s.endswith(".") and s.count(".") == 1 and gaz is not None and gaz.abbreviation(s):
        return start, end  # "Fla.", "Calif.": the dot is the name
    while s.endswith(".") and s.count(".") == 1:  # "Syria." but not "U.S."
        end -= 1
        s = s[:-1]
    return start, end


def _misread_person(person: Entity, doc: Any) -> bool:
    """A "person" whose fullest name starts with a word that is no name: a headline such
    as "Rethinking Egypt-US relations" read as a person would otherwise swallow every
    later "Egypt" (the places stage decides what is a place; #9)."""
    full = max(person.mentions, key=lambda m: len(m.text))
    span = doc.char_span(full.span.start, full.span.end, alignment_mode="expand")
    return span is not None and len(span) > 1 and span[0].pos_ in ("VERB", "NOUN", "ADJ")


def _blocked(
    start: int,
    end: int,
    people: list[tuple[int, int]],
    orgs: list[tuple[int, int]],
    text: str | None = None,
) -> str | None:
    """ "person" or "org" when the span lies inside such a mention; "org-lead" when it
    opens an organization's name (an attributive place, as in "US Food and Drug
    Administration", which SCHEMA counts as a place)."""
    for s, e in people:
        if s <= start and end <= e:
            return "person"
    for s, e in orgs:
        if s == start and end < e and text is not None and PUBLIC_BODY.search(text, end, e):
            return "org-lead"  # "Nebraska Department of Roads": the name leads an org's
        if s <= start and end <= e:
            return "org"
    return None


def _entries_for(gaz: Gazetteer, surface: str, text: str, end: int) -> tuple[list[GazEntry], int]:
    """Candidate entries for ``surface``; a following admin word extends the span."""
    key = norm_name(surface)
    if not surface[:1].isupper():
        return [], end
    if surface.endswith(".") and (abbr := gaz.abbreviation(surface)):
        return abbr, end  # "Fla.", "Calif.": the state, not a town spelled alike
    short = surface.replace(".", "")
    if short.isupper() and len(short) <= 4:  # "US", "UK": capitals only, countries only
        if short not in gaz.acronyms:
            return [], end
        return [e for e in gaz.lookup(surface) if e.feature == "country"], end
    entries = list(gaz.lookup_key(key))
    m = ADMIN_SUFFIX.match(text[end : end + 20]) if entries else None
    if m:
        admin = [e for e in entries if e.feature == "admin1"]
        if admin:
            return admin, end + m.end()
    return entries, end


def _primary(entries: list[GazEntry], key: str) -> list[GazEntry]:
    """Towns whose own name is ``key`` when there are any: a town's alternate name
    ("Islamabad" is also an old name of Chittagong) loses to a town of that name."""
    own = [e for e in entries if e.feature not in ("city", "admin2") or norm_name(e.name) == key]
    return own if any(e.feature in ("city", "admin2") for e in own) else entries


def _alias_only(entries: list[GazEntry], key: str) -> bool:
    """Every reading is a town known under ``key`` only by an alternate name."""
    return all(e.feature == "city" and norm_name(e.name) != key for e in entries)


def _gaz_only_ok(entries: list[GazEntry], tokens: Any, cued: bool, extended: bool) -> bool:
    """Whether a span the model did not tag is a place: strong names only."""
    if extended or any(e.feature in ("country", "region") for e in entries):
        return True
    if tokens is None or not all(t.pos_ == "PROPN" for t in tokens):
        return False
    if len(tokens) >= 2 and any(e.feature in ("admin1", "admin2") for e in entries):
        return True  # "North Kivu", "Anbar Province": a multi-word province name
    # A PERSON/ORG tag from the model does not block: the entities stage already
    # claimed the names it believes are people or groups (their spans are blocked).
    best = max((e.population for e in entries if e.feature == "city"), default=0)
    return best >= GAZ_ONLY_CITY_MIN_POP or (cued and best >= CUED_CITY_MIN_POP)


def _candidates(
    article: Article, doc: Any, entities: tuple[Entity, ...], gaz: Gazetteer
) -> list[_Cand]:
    """Every place mention in the text, with its gazetteer entries."""
    text = article.text
    people = [
        (m.span.start, m.span.end)
        for e in entities
        if e.kind == "person" and not _misread_person(e, doc)
        for m in e.mentions
    ]
    orgs = [
        (m.span.start, m.span.end) for e in entities if e.kind == "organization" for m in e.mentions
    ]
    cands: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    occupied = bytearray(len(text))  # 1 on every character of a taken span

    def take(start: int, end: int) -> None:
        taken.append((start, end))
        occupied[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        """No taken span overlaps the non-empty span ``start:end``."""
        return occupied.find(1, start, end) < 0

    skip = [(r.start, r.end) for r in article.regions if r.kind in NON_BODY_REGIONS]
    skip += [(m.start(), m.end()) for m in PHOTO_CREDIT.finditer(text)]

    def add(start: int, end: int, from_model: bool, dateline: bool = False) -> bool:
        start, end = _clean_span(text, start, end, gaz)
        word = text[start:end].lower().rstrip(".")
        if word in NOT_PLACES or word in NOT_PLACE_WORDS:
            return False  # "March", "May", "Monday": dates, whatever the model says
        if end <= start or not free(start, end):
            return False
        if any(s < end and start < e for s, e in skip):
            return False
        surface = text[start:end]
        entries, new_end = _entries_for(gaz, surface, text, end)
        if not entries:
            return False
        extended = new_end != end
        if NOT_AFTER_PLACE.match(text[new_end : new_end + 20]):
            entries = [e for e in entries if e.feature in ("country", "admin1", "region")]
            if not entries:
                return False
        entries = _primary(entries, norm_name(surface))
        span = doc.char_span(start, end, alignment_mode="expand")
        if _alias_only(entries, norm_name(surface)) and (
            span is None or not any(t.ent_type_ in ("GPE", "LOC") for t in span)
        ):
            return False  # "Abbas" is also a name of Fort Abbas: only when the model agrees
        resident = bool(RESIDENT_WORD.match(text[new_end : new_end + 20]))
        listed = any(0 < start - e <= 6 and _LIST_SEP.fullmatch(text, e, start) for _, e in taken)
        cued = (
            dateline
            or resident
            or listed
            or bool(CITY_CUE.search(text[max(0, start - 20) : start]))
        )
        if not from_model and not _gaz_only_ok(entries, span, cued, extended):
            return False
        strong = [e for e in entries if e.feature in _WELL_KNOWN]
        if not strong and not cued and span is not None:
            if any(t.ent_type_ == "PERSON" for t in span):
                return False  # "his daughter Elizabeth": a town's name the model calls a person
            if not from_model and len(span) == 1 and span[0].is_sent_start:
                return False  # "Man arrested ...": a capitalized first word
        blocked = _blocked(start, end, people, orgs, text)
        if blocked == "person" and not (resident or dateline):
            return False
        context_only = False
        if blocked == "org":
            countries = [e for e in entries if e.feature == "country"]
            context_only = not countries and not ORG_PLACES_ARE_MENTIONS
            entries = countries or entries
        elif not strong and FACILITY_WORD.match(text[new_end : new_end + 30]):
            context_only = not ORG_PLACES_ARE_MENTIONS
        cands.append(_Cand(start, new_end, text[start:new_end], entries, None, {}, context_only))
        take(start, new_end)
        return True

    for m in INLINE_DATELINE.finditer(text):
        add(m.start("name"), m.end("name"), False, dateline=True)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            # The model often tags only "North" of "North Kivu": try one more word first.
            nxt = re.match(r"[ \u00a0][A-Z][\w'\-]+", text[ent.end_char : ent.end_char + 30])
            if nxt and add(ent.start_char, ent.end_char + nxt.end(), True):
                continue
            add(ent.start_char, ent.end_char, True)
    for m in CAPITALIZED.finditer(text):
        words = [
            (w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"\S+", m.group())
        ]
        i = 0
        while i < len(words):
            for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
                if add(words[i][0], words[i + n - 1][1], False):
                    i += n - 1
                    break
            i += 1
    for m in ABBREVIATION.finditer(text):
        entries = gaz.abbreviation(m.group())
        cue = m.group().count(".") > 1 or ABBREVIATION_CUE.search(
            text[max(0, m.start() - 30) : m.start()]
        )
        if not entries or not cue:
            continue
        if not free(m.start(), m.end()):
            continue
        if any(s < m.end() and m.start() < e for s, e in skip):
            continue
        cands.append(_Cand(m.start(), m.end(), m.group(), entries))
        take(m.start(), m.end())
    cands.sort(key=lambda c: c.start)
    _qualify(cands, text)
    return cands


def _qualify(cands: list[_Cand], text: str) -> None:
    """ "Paris, Texas", "Richmond, Ky.": a town followed by its region keeps only the
    entries in that region (when it has any)."""
    for a, b in itertools.pairwise(cands):
        if not re.fullmatch(r",[ \u00a0]*", text[a.end : b.start]):
            continue
        regions = {(e.cc, e.admin1) for e in b.entries if e.feature == "admin1"}
        regions |= {(e.cc, "") for e in b.entries if e.feature == "country"}
        inside = [
            e
            for e in a.entries
            if e.feature in ("city", "admin2")
            and ((e.cc, e.admin1) in regions or (e.cc, "") in regions)
        ]
        if inside:
            a.entries = inside
            b.entries = [e for e in b.entries if e.feature in ("admin1", "country")] or b.entries


def _context(article: Article, doc: Any, gaz: Gazetteer) -> Counter[str]:
    """Country codes implied by demonyms ("Iraqi") and the dateline."""
    from spacy.attrs import ORTH

    ctx: Counter[str] = Counter()
    demonyms, strings = gaz.demonyms, doc.vocab.strings
    seen: dict[int, str | None] = {}  # a token's text (by its orth id) -> its country
    for orth in doc.to_array(ORTH).tolist():  # no Token objects: ints from one array
        if orth not in seen:
            word = strings[orth]
            seen[orth] = demonyms.get(norm_name(word)) if word[:1].isupper() else None
        cc = seen[orth]
        if cc:
            ctx[cc] += 1
    if article.dateline:
        entries = gaz.lookup(article.dateline.split(",")[0])
        if entries:
            best = max(entries, key=_prior)
            if best.cc:
                ctx[best.cc] += 1
    return ctx


# Country-code domains that are not used as countries by news sites.
_VANITY_TLDS = frozenset({"co", "io", "tv", "fm", "me", "ly", "ai", "am", "cc", "ws", "to"})
# Generic domains: a local paper on one of these named after a town is, far most often,
# a US paper (LGL even half: 21 of 23 such outlets); its town is read in the US.
_GENERIC_TLDS = {"com": "US", "net": "US", "org": "US", "us": "US"}
_DOMAIN_WORDS = re.compile(r"^(?:www\d?|news|m|the|thisis|my)(?=.)")


@dataclass(frozen=True, slots=True)
class _Home:
    """What an outlet's domain says about where it is: its country, its town."""

    cc: str | None = None
    key: str = ""  # normalized town name the domain starts with
    towns: tuple[GazEntry, ...] = ()


def _domain(article: Article) -> str:
    """The outlet's domain: the outlet when it is one, else the URL's host."""
    outlet = (article.outlet or "").lower().strip().rstrip("/")
    if re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", outlet):
        return outlet
    m = re.match(r"https?://([^/:]+)", article.url or "")
    return m.group(1).lower() if m else ""


def _home(article: Article, gaz: Gazetteer) -> _Home:
    """The outlet's country (country-code domain: "independent.ie" -> IE) and the town
    its domain starts with ("columbusledger.com" -> Columbus): a local paper writes
    about places near home."""
    domain = _domain(article)
    if not domain:
        return _Home()
    labels = [x for x in domain.split(".") if x not in ("www", "news", "m")]
    tld = labels[-1] if labels else ""
    cc = {"uk": "GB"}.get(tld, tld.upper())
    cc_known = tld not in _VANITY_TLDS and cc in gaz.countries
    label = labels[0] if len(labels) > 1 else ""
    while m := _DOMAIN_WORDS.match(label):
        label = label[m.end() :]
    label = label.replace("-", "")
    town_cc = cc if cc_known else _GENERIC_TLDS.get(tld)
    for n in range(min(len(label), 20), 3, -1):
        towns = [
            e
            for e in gaz.lookup_key(label[:n])
            if e.feature == "city" and e.population >= 1000 and e.cc == town_cc
        ]
        if towns:
            return _Home(town_cc, label[:n], tuple(towns))
    return _Home(cc if cc_known else None)


def _prior(e: GazEntry) -> float:
    """Population prior by feature type; a national capital is the capital first."""
    if e.feature == "region":
        return REGION_PRIOR
    base = math.log10(e.population + 10)
    if e.capital:
        base += CAPITAL_BONUS
    if e.feature == "country":
        return base + COUNTRY_PRIOR_BONUS
    if e.feature in ("admin1", "admin2"):
        return base - ADMIN1_PRIOR_PENALTY
    return base


_LOCAL = ("city", "admin2")
# A name that is also a country, state or curated region is read as that, not helped to
# a same-named town by nearby names ("California", "Middle East").
_WELL_KNOWN = ("country", "admin1", "region")
_CELL_DEG = 1.5  # grid cell (degrees) >= PROXIMITY_KM, so neighbours are in adjacent cells


def _proximity(groups: list[tuple[str, list[GazEntry]]]) -> dict[GazEntry, int]:
    """For each town or county reading, how many *other* names in the article have a
    reading within ``PROXIMITY_KM``: the places of a local story cluster together
    (after Lieberman et al., ICDE 2010, "local lexicons")."""
    cells: dict[tuple[int, int], list[tuple[str, GazEntry]]] = {}
    for key, entries in groups:
        for e in entries:
            if e.feature in _LOCAL:
                cell = (int(e.lat // _CELL_DEG), int(e.lon // _CELL_DEG))
                cells.setdefault(cell, []).append((key, e))
    support: dict[GazEntry, int] = {}
    for key, entries in groups:
        for e in entries:
            if e.feature not in _LOCAL or e in support:
                continue
            cy, cx = int(e.lat // _CELL_DEG), int(e.lon // _CELL_DEG)
            near = {
                k
                for dy in (-1, 0, 1)
                for dx in (-1, 0, 1)
                for k, o in cells.get((cy + dy, cx + dx), ())
                if k != key and haversine_km(e.lat, e.lon, o.lat, o.lon) <= PROXIMITY_KM
            }
            support[e] = len(near)
    return support


def _home_town(
    home: _Home,
    groups: dict[str, list[GazEntry]],
    states: frozenset[tuple[str | None, str]] = frozenset(),
) -> GazEntry | None:
    """Which of the towns the outlet's domain names is home: the one the article's
    other names lie near or whose state (``states``: (country, admin1) of the states and
    provinces the article names, in organization names too) it names, else the most
    populous ("richmondregister.com" with "Kentucky" in the text: Richmond, Kentucky)."""
    if not home.towns:
        return None
    others = {k: v for k, v in groups.items() if k != home.key}
    support = _proximity([*others.items(), (home.key, list(home.towns))])

    def rank(e: GazEntry) -> tuple[int, int]:
        named = HOME_STATE_SUPPORT if (e.cc, e.admin1) in states else 0
        return support.get(e, 0) + named, e.population

    return max(home.towns, key=rank)


def _named_states(cands: list[_Cand]) -> frozenset[tuple[str | None, str]]:
    """(country, admin1) of every state or province some candidate can be read as."""
    return frozenset(
        (e.cc, e.admin1) for c in cands for e in c.entries if e.feature == "admin1" and e.admin1
    )


def _score(
    e: GazEntry,
    countries: Counter[str],
    subnational: Counter[str],
    admin1s: set[tuple[str | None, str]],
    support: dict[GazEntry, int] | None = None,
) -> float:
    """Prior plus context bonuses for one entry."""
    score = _prior(e)
    if support:
        score += PROXIMITY_BONUS * min(support.get(e, 0), PROXIMITY_CAP)
    if e.cc and countries[e.cc]:
        score += CONTEXT_COUNTRY_BONUS
    if e.feature == "country":
        if any(countries[n] for n in e.neighbours):
            score += NEIGHBOUR_BONUS
    elif e.cc and subnational[e.cc]:
        score += SUBNATIONAL_BONUS
    if e.feature in ("city", "admin1", "admin2") and (e.cc, e.admin1) in admin1s:
        score += OWN_ADMIN1_BONUS
    return score


def _resolve(cands: list[_Cand], ctx: Counter[str], home: _Home) -> None:
    """Choose an entry per candidate: prior, demonyms and nearby names, then with the
    first pass's countries and regions. ``home``: the outlet's country and town."""
    groups: dict[str, list[GazEntry]] = {}
    for c in cands:
        if not any(e.feature in _WELL_KNOWN for e in c.entries):
            groups.setdefault(norm_name(c.surface), c.entries)
    town = _home_town(home, groups, _named_states(cands))
    if town is not None:
        groups.setdefault("\0home", [town])
    support = _proximity(list(groups.items()))
    for c in cands:
        if town is not None and town in c.entries:
            # the paper's own town is the reading of its name
            support[town] = support.get(town, 0) + HOME_TOWN_SUPPORT
    for c in cands:
        c.chosen = max(c.entries, key=lambda e: _score(e, ctx, Counter(), set(), support))
    for _ in range(2):
        countries = Counter(ctx)
        subnational: Counter[str] = Counter()
        admin1s: dict[tuple[str | None, str], int] = Counter()
        for c in cands:
            ch = c.chosen
            assert ch is not None
            if ch.cc:
                countries[ch.cc] += 1
                if ch.feature in ("admin1", "city"):
                    subnational[ch.cc] += 1
                if ch.admin1:
                    admin1s[(ch.cc, ch.admin1)] += 1
        for c in cands:
            ch = c.chosen
            assert ch is not None
            # the candidate's own vote does not count for itself
            own_c = Counter({ch.cc: 1}) if ch.cc else Counter()
            own_s = Counter({ch.cc: 1}) if ch.cc and ch.feature != "country" else Counter()
            cs = countries - own_c
            ss = subnational - own_s
            own_a = {k for k, v in admin1s.items() if v > (1 if k == (ch.cc, ch.admin1) else 0)}
            c.chosen = max(c.entries, key=lambda e: _score(e, cs, ss, own_a, support))


def _deserts(
    article: Article, gaz: Gazetteer, cands: list[_Cand], taken: list[tuple[int, int]]
) -> list[_Cand]:
    """ "the western desert" -> a region point inside the country in context."""
    text = article.text
    out: list[_Cand] = []
    countries = [c for c in cands if c.chosen is not None and c.chosen.feature == "country"]
    if not countries:
        return out
    main = Counter(c.chosen.cc for c in countries if c.chosen).most_common(1)[0][0]
    for m in DESERT.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        before = [c for c in countries if c.end <= m.start() and m.start() - c.end <= 40]
        cc = before[-1].chosen.cc if before and before[-1].chosen else main
        if not cc or cc not in gaz.bbox:
            continue
        lat0, lat1, lon0, lon1 = gaz.bbox[cc]
        lat, lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
        d = m.group(1).lower()
        f = DESERT_EDGE_FRACTION
        if d == "west":
            lon = lon0 + f * (lon1 - lon0)
        elif d == "east":
            lon = lon1 - f * (lon1 - lon0)
        elif d == "north":
            lat = lat1 - f * (lat1 - lat0)
        else:
            lat = lat0 + f * (lat1 - lat0)
        name = f"{d}ern desert"
        entry = GazEntry(name=name, feature="region", cc=cc, lat=round(lat, 2), lon=round(lon, 2))
        out.append(_Cand(m.start(), m.end(), m.group(), [entry], entry))
    return out


def _natural_features(article: Article, cands: list[_Cand], home: _Home) -> list[_Cand]:
    """Rivers, lakes, bays and mountains GeoNames extracts here do not list.

    "Boston Harbor" takes the point of the town it is named for; a feature whose name is
    no place ("Catawba River", "Lake Harriet") is placed at the article's focus (its
    most-mentioned town, county or state, else the outlet's home): a local story's
    river is near its towns. The point is approximate, and said to be (feature "water").
    """
    text = article.text
    local = [c.chosen for c in cands if c.chosen and c.chosen.feature in (*_LOCAL, "admin1")]
    focus = Counter(local).most_common(1)[0][0] if local else (home.towns[:1] or [None])[0]
    out: list[_Cand] = []
    for m in NATURAL_FEATURE.finditer(text):
        if FACILITY_WORD.match(text[m.end() : m.end() + 30]):
            continue  # "River Road", "Lake Park"
        inside = [c for c in cands if m.start() <= c.start and c.end <= m.end()]
        if any(c.start < m.end() and m.start() < c.end for c in cands if c not in inside):
            continue
        if any(c.chosen and c.chosen.feature in ("region", "country") for c in inside):
            continue  # a curated feature ("Red Sea") or "Gulf of Mexico" is already known
        anchor = inside[0].chosen if inside else focus
        if anchor is None:
            continue
        entry = GazEntry(
            name=m.group(), feature="water", cc=anchor.cc, lat=anchor.lat, lon=anchor.lon
        )
        for c in inside:
            cands.remove(c)
        out.append(_Cand(m.start(), m.end(), m.group(), [entry], entry))
    return out


def extract_places(
    article: Article, doc: Any, entities: tuple[Entity, ...], res: Any
) -> tuple[Place, ...]:
    """Every geographic location in the article, resolved to a gazetteer entry.

    Args:
        article: the article (its ``text`` and ``dateline`` are read).
        doc: the spaCy ``Doc`` of ``article.text``.
        entities: people and organizations from the entities stage; their mentions are
            never places, except a country named inside an organization ("US Army").
        res: resources; the gazetteer is loaded once through ``res.get("gazetteer", ...)``.

    Returns:
        One :class:`Place` per resolved location, in order of first mention, each with
        every mention's span.

    >>> from newsfuse.annotate import Resources
    >>> from newsfuse.model import new_article
    >>> res = Resources.load()
    >>> art = new_article("Troops left Mosul for Baghdad.")
    >>> [p.name for p in extract_places(art, res.nlp(art.text), (), res)]
    ['Mosul', 'Baghdad']
    """
    gaz: Gazetteer = res.get("gazetteer", load_gazetteer)
    cands = _candidates(article, doc, entities, gaz)
    ctx = _context(article, doc, gaz)
    home = _home(article, gaz)
    if home.cc:
        ctx[home.cc] += OUTLET_COUNTRY_BONUS
    _resolve(cands, ctx, home)
    cands += _natural_features(article, cands, home)
    cands += _deserts(article, gaz, cands, [(c.start, c.end) for c in cands])
    cands.sort(key=lambda c: c.start)
    groups: dict[tuple[str, str | None, str, float, float], list[_Cand]] = {}
    for c in cands:
        if c.context_only:
            continue
        e = c.chosen
        assert e is not None
        groups.setdefault((e.name, e.cc, e.feature, e.lat, e.lon), []).append(c)
    places = []
    for i, cs in enumerate(groups.values(), start=1):
        e = cs[0].chosen
        assert e is not None
        places.append(
            Place(
                id=f"l{i}",
                name=e.name,
                mentions=tuple(Mention(c.surface, Span(article.id, c.start, c.end)) for c in cs),
                country=e.cc,
                lat=round(e.lat, 4),
                lon=round(e.lon, 4),
                feature=e.feature,
                geonames_id=e.geonames_id,
            )
        )
    return tuple(places)


def resolve_dateline(article: Article, places: tuple[Place, ...], res: Any) -> Place | None:
    """The place of the article's dateline ("WASHINGTON" -> Washington, D.C.).

    A dateline names a city, so cities come first and, among several of the same name,
    the one the article itself resolved, then the one in the region the dateline names
    ("RICHMOND, Ky."), then the most populous: the capital sense ("WASHINGTON" is the
    US capital, not the town in England or the state). Resolved here, at annotation, so
    that rendering a brief never needs the gazetteer (#13).

    Args:
        article: the article; its ``dateline`` and dateline region are read.
        places: the places found in the article.
        res: resources holding the gazetteer.

    Returns:
        A :class:`Place` with id ``"dateline"`` and the dateline's span as its mention,
        or None when there is no dateline or the gazetteer does not know it.
    """
    if not article.dateline:
        return None
    gaz: Gazetteer = res.get("gazetteer", load_gazetteer)
    entries = gaz.lookup(article.dateline)
    if not entries:
        return None
    cities = [e for e in entries if e.feature == "city"] or entries
    region = next((r for r in article.regions if r.kind == "dateline"), None)
    if region is not None:
        tail = article.text[region.start : region.end + 20]
        m = re.search(r",[ \u00a0]*([A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?)", tail)
        if m:
            qual = gaz.abbreviation(m.group(1)) or gaz.lookup(m.group(1).rstrip("."))
            keys = {(e.cc, e.admin1) for e in qual if e.feature == "admin1"}
            ccs = {e.cc for e in qual if e.feature == "country"}
            cities = [e for e in cities if (e.cc, e.admin1) in keys or e.cc in ccs] or cities
    named = {(p.name, p.country) for p in places}
    best = max(cities, key=lambda e: ((e.name, e.cc) in named, e.capital, e.population))
    span = (region.start, region.end) if region else (0, 0)
    return Place(
        id="dateline",
        name=best.name,
        mentions=(Mention(article.text[span[0] : span[1]], Span(article.id, *span)),),
        country=best.cc,
        lat=round(best.lat, 4),
        lon=round(best.lon, 4),
        feature=best.feature,
        geonames_id=best.geonames_id,
    )


__all__ = ["extract_places", "resolve_dateline"]
