"""One entity across outlets: the same person, group or place in several articles.

- **People** merge when their full names match after normalization, or fuzzily
  (rapidfuzz ratio >= :data:`NAME_RATIO`: "Qassim" ~ "Qasim"), or when one is a surname
  mention ("Dillon") of exactly one full name. Two full names with the same surname and
  different first names stay apart.
- **Organizations** merge when any of their names or aliases are equal ("IS", "ISIS",
  "Islamic State").
- **Places** merge by gazetteer id, else by name and country.

Every mention keeps its article span; titles and roles are kept with the span they were
stated in, so the brief can show "spokesman for the coalition [WP]".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import AnnotatedArticle, Mention, Span, StoryEntity

NAME_RATIO = 90  # rapidfuzz ratio for spelling variants of one full name
FIRST_NAME_RATIO = 80  # first names at least this alike may be one person


def _key(name: str) -> str:
    """Comparison form of a name."""
    s = name.replace("’", "'").lower()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return re.sub(r"[^\w\s-]", "", s).strip()


def _surname(name: str) -> str:
    """Last word, without an Arabic article: 'Haider al-Abadi' -> 'abadi'."""
    last = _key(name).split()[-1] if _key(name) else ""
    return re.sub(r"^(?:al|el|ad|as)-", "", last)


@dataclass
class _Group:
    kind: str
    names: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[tuple[str, Span]] = field(default_factory=list)
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_id: int | None = None


def _same_person(a: str, b: str) -> bool:
    """Two full names for one person?"""
    ka, kb = _key(a), _key(b)
    if ka == kb or fuzz.ratio(ka, kb) >= NAME_RATIO:
        return True
    pa, pb = ka.split(), kb.split()
    if len(pa) < 2 or len(pb) < 2 or _surname(a) != _surname(b):
        return False
    return fuzz.ratio(pa[0], pb[0]) >= FIRST_NAME_RATIO


def resolve_entities(anns: Sequence[AnnotatedArticle]) -> tuple[StoryEntity, ...]:
    """People, organizations and places of a story, each once with every mention.

    Args:
        anns: the story's annotated articles.

    Returns:
        StoryEntities, people first, then organizations and places, most mentioned first
        within each kind.
    """
    people: list[_Group] = []
    short: list[tuple[str, object]] = []  # single-word person names, attached later
    orgs: list[_Group] = []
    places: list[_Group] = []
    for ann in anns:
        for e in ann.entities:
            if e.kind == "person":
                if len(e.name.split()) < 2:
                    short.append((e.name, e))
                    continue
                g = next((p for p in people if any(_same_person(e.name, n) for n in p.names)), None)
                if g is None:
                    g = _Group("person")
                    people.append(g)
                g.names.append(e.name)
                g.mentions += e.mentions
                if e.title:
                    g.titles.append(e.title)
                if e.role and e.role_span:
                    g.roles.append((e.role, e.role_span))
            else:
                keys = {_key(e.name), *(_key(a) for a in e.aliases)}
                g = next((o for o in orgs if keys & o.aliases), None)
                if g is None:
                    g = _Group("organization")
                    orgs.append(g)
                g.names.append(e.name)
                g.aliases |= keys
                g.mentions += e.mentions
        for p in ann.places:
            g = next(
                (
                    x
                    for x in places
                    if (p.geonames_id and x.geo_id == p.geonames_id)
                    or (_key(p.name) in {_key(n) for n in x.names} and x.country == p.country)
                ),
                None,
            )
            if g is None:
                g = _Group("place", country=p.country, lat=p.lat, lon=p.lon, geo_id=p.geonames_id)
                places.append(g)
            g.names.append(p.name)
            g.mentions += p.mentions
    for name, ent in short:
        matches = [p for p in people if _surname(p.names[0]) == _surname(name)]
        if len(matches) == 1:
            matches[0].mentions += ent.mentions  # type: ignore[attr-defined]
            continue
        g = _Group("person", names=[name], mentions=list(ent.mentions))  # type: ignore[attr-defined]
        if ent.role and ent.role_span:  # type: ignore[attr-defined]
            g.roles.append((ent.role, ent.role_span))  # type: ignore[attr-defined]
        people.append(g)
    out: list[StoryEntity] = []
    for kind, groups in (("person", people), ("organization", orgs), ("place", places)):
        groups.sort(key=lambda g: -len(g.mentions))
        for g in groups:
            name = max(
                g.names, key=lambda n: (g.names.count(n) if kind == "place" else len(n), len(n))
            )
            surfaces = {m.text for m in g.mentions}
            aliases = sorted({*g.names, *surfaces} - {name})
            out.append(
                StoryEntity(
                    id=f"{kind[0]}{len([x for x in out if x.kind == kind]) + 1}",
                    kind=kind,  # type: ignore[arg-type]
                    name=name,
                    aliases=tuple(aliases),
                    mentions=tuple(
                        sorted(g.mentions, key=lambda m: (m.span.article_id, m.span.start))
                    ),
                    titles=tuple(dict.fromkeys(g.titles)),
                    roles=tuple(dict.fromkeys(g.roles)),
                    country=g.country,
                    lat=g.lat,
                    lon=g.lon,
                )
            )
    return tuple(out)
