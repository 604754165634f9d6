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

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Entity, Mention, Place, Span
from .gazetteer import GazEntry, Gazetteer, load_gazetteer, norm_name

# Prior and context weights, tuned on fictional cases in tests/annotate/test_places.py
# (Paris FR vs TX, Georgia country vs state) and checked on the dev set; re-run
# `newsfuse eval` on ../shared/eval/dev after changing them.
COUNTRY_PRIOR_BONUS = 1.0  # a bare name that is a country is usually the country
ADMIN1_PRIOR_PENALTY = 1.5  # "Washington" is the city before the state
REGION_PRIOR = 6.5  # curated regions are the well-known reading of their name
CONTEXT_COUNTRY_BONUS = 1.0  # the candidate's country is named/implied in the article
SUBNATIONAL_BONUS = 1.0  # other admin1/cities of the same country are mentioned
OWN_ADMIN1_BONUS = 2.0  # "Paris" with "Texas" in the article
NEIGHBOUR_BONUS = 1.0  # a country whose neighbour is in the article
GAZ_ONLY_CITY_MIN_POP = 100_000  # a proper noun the model missed: only big cities count
CUED_CITY_MIN_POP = 1_000  # ... or any city after "the city of", "in", "near"
DESERT_EDGE_FRACTION = 0.15  # "western desert": 15% in from the country's western edge

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
DESERT = re.compile(r"\b(north|south|east|west)(?:ern)?[ \u00a0]+desert\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"(?:'s|’s|')$")
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


def _clean_span(text: str, start: int, end: int, gaz: Gazetteer | None = None) -> tuple[int, int]:
    """Trim "the", compass words, a possessive and sentence dots from a span.

    A compass word stays when the whole name is in the gazetteer ("North Kivu").
    """
    s = text[start:end]
    m = re.match(r"(?i)the\s+", s)
    if m:
        start += m.end()
        s = s[m.end() :]
    m = COMPASS.match(s)
    known = gaz is not None and bool(gaz.by_name.get(norm_name(POSSESSIVE.sub("", s))))
    if m and len(s) > m.end() and not known:
        start += m.end()
        s = s[m.end() :]
    m = POSSESSIVE.search(s)
    if m:
        end -= len(m.group())
        s = s[: -len(m.group())]
    while s.endswith(".") and s.count(".") == 1:  # "Syria." but not "U.S."
        end -= 1
        s = s[:-1]
    return start, end


def _blocked(
    start: int, end: int, people: list[tuple[int, int]], orgs: list[tuple[int, int]]
) -> str | None:
    """ "person" or "org" when the span lies inside such a mention."""
    for s, e in people:
        if s <= start and end <= e:
            return "person"
    for s, e in orgs:
        if s <= start and end <= e:
            return "org"
    return None


def _entries_for(gaz: Gazetteer, surface: str, text: str, end: int) -> tuple[list[GazEntry], int]:
    """Candidate entries for ``surface``; a following admin word extends the span."""
    key = norm_name(surface)
    if not surface[:1].isupper():
        return [], end
    short = surface.replace(".", "")
    if short.isupper() and len(short) <= 4:  # "US", "UK": capitals only, countries only
        if short not in gaz.acronyms:
            return [], end
        return [e for e in gaz.lookup(surface) if e.feature == "country"], end
    entries = list(gaz.by_name.get(key, []))
    m = ADMIN_SUFFIX.match(text[end : end + 20])
    if m and entries:
        admin = [e for e in entries if e.feature == "admin1"]
        if admin:
            return admin, end + m.end()
    return entries, end


def _gaz_only_ok(entries: list[GazEntry], tokens: Any, cued: bool, extended: bool) -> bool:
    """Whether a span the model did not tag is a place: strong names only."""
    if extended or any(e.feature in ("country", "region") for e in entries):
        return True
    if tokens is None or not all(t.pos_ == "PROPN" for t in tokens):
        return False
    if len(tokens) >= 2 and any(e.feature == "admin1" for e in entries):
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
        (m.span.start, m.span.end) for e in entities if e.kind == "person" for m in e.mentions
    ]
    orgs = [
        (m.span.start, m.span.end) for e in entities if e.kind == "organization" for m in e.mentions
    ]
    cands: list[_Cand] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, from_model: bool) -> bool:
        start, end = _clean_span(text, start, end, gaz)
        if text[start:end].lower().rstrip(".") in NOT_PLACES:
            return False  # "March", "May", "Monday": dates, whatever the model says
        if end <= start or any(s < end and start < e for s, e in taken):
            return False
        surface = text[start:end]
        entries, new_end = _entries_for(gaz, surface, text, end)
        if not entries:
            return False
        extended = new_end != end
        if not from_model:
            span = doc.char_span(start, end, alignment_mode="expand")
            cued = bool(CITY_CUE.search(text[max(0, start - 20) : start]))
            if not _gaz_only_ok(entries, span, cued, extended):
                return False
        blocked = _blocked(start, end, people, orgs)
        if blocked == "person":
            return False
        if blocked == "org":
            entries = [e for e in entries if e.feature == "country"]
            if not entries:
                return False
        cands.append(_Cand(start, new_end, text[start:new_end], entries))
        taken.append((start, new_end))
        return True

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
    cands.sort(key=lambda c: c.start)
    return cands


def _context(article: Article, doc: Any, gaz: Gazetteer) -> Counter[str]:
    """Country codes implied by demonyms ("Iraqi") and the dateline."""
    ctx: Counter[str] = Counter()
    for tok in doc:
        if tok.text[:1].isupper():
            cc = gaz.demonyms.get(norm_name(tok.text))
            if cc:
                ctx[cc] += 1
    if article.dateline:
        entries = gaz.lookup(article.dateline.split(",")[0])
        if entries:
            best = max(entries, key=_prior)
            if best.cc:
                ctx[best.cc] += 1
    return ctx


def _prior(e: GazEntry) -> float:
    """Population prior by feature type."""
    if e.feature == "region":
        return REGION_PRIOR
    base = math.log10(e.population + 10)
    if e.feature == "country":
        return base + COUNTRY_PRIOR_BONUS
    if e.feature == "admin1":
        return base - ADMIN1_PRIOR_PENALTY
    return base


def _score(
    e: GazEntry,
    countries: Counter[str],
    subnational: Counter[str],
    admin1s: set[tuple[str | None, str]],
) -> float:
    """Prior plus context bonuses for one entry."""
    score = _prior(e)
    if e.cc and countries[e.cc]:
        score += CONTEXT_COUNTRY_BONUS
    if e.feature == "country":
        if any(countries[n] for n in e.neighbours):
            score += NEIGHBOUR_BONUS
    elif e.cc and subnational[e.cc]:
        score += SUBNATIONAL_BONUS
    if e.feature == "city" and (e.cc, e.admin1) in admin1s:
        score += OWN_ADMIN1_BONUS
    if e.feature == "admin1" and (e.cc, e.admin1) in admin1s:
        score += OWN_ADMIN1_BONUS
    return score


def _resolve(cands: list[_Cand], ctx: Counter[str]) -> None:
    """Choose an entry per candidate: prior + demonyms, then with the first pass's context."""
    for c in cands:
        c.chosen = max(c.entries, key=lambda e: _score(e, ctx, Counter(), set()))
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
            c.chosen = max(c.entries, key=lambda e: _score(e, cs, ss, own_a))


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
    _resolve(cands, _context(article, doc, gaz))
    cands += _deserts(article, gaz, cands, [(c.start, c.end) for c in cands])
    cands.sort(key=lambda c: c.start)
    groups: dict[tuple[str, str | None, str, float, float], list[_Cand]] = {}
    for c in cands:
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


__all__ = ["extract_places"]
