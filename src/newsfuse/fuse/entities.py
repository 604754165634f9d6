"""One entity across outlets: the same person, group or place in several articles.

Each article's entities are already resolved within the article (the annotate stage);
here the article-level records are joined across articles with a union-find:

- **People** with a full name (two words or more) are one person when their surnames
  match (after dropping an Arabic article, "al-Abadi" ~ "Abadi"; or, for spelling
  variants, rapidfuzz ratio >= :data:`SURNAME_RATIO`: "Qassim" ~ "Qasim") *and* their
  first names are compatible: equal, one an initial of the other, or alike (ratio >=
  :data:`FIRST_NAME_RATIO`). "John Smith" and "Jane Smith" stay two people.
  A one-word name ("Dillon") joins the one full-named person with that surname; when
  the story has several (two Smiths), it joins the one named in its own article, else it
  stays apart. One-word names with no full-named match group by name.
- **Organizations** are one group when any of their names or aliases match after
  normalization ("IS" / "ISIS" / "Islamic State" once an article lists them as aliases),
  when one is the acronym of the other's name ("ISF" ~ "Iraqi Security Forces"), or
  when long names are spelling variants (ratio >= :data:`ORG_RATIO`).
- **Places** are one place when their gazetteer ids are equal, or (no id) their names
  and countries, or their coordinates within :data:`SAME_PLACE_DEGREES`.

Every mention keeps its article span; every title, and every role with the span it was
stated in, so a brief can show "Col." [WP] and "spokesman for the coalition" [AP].

Limits: two people with one surname and alike first names ("Ryan" / "Bryan") merge; a
surname-only mention in an article that names neither of two namesakes stays apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..annotate.entities.people import SURNAME_PARTICLES
from ..model import AnnotatedArticle, Entity, EntityKind, Mention, Place, Span, StoryEntity

SURNAME_RATIO = 85  # "qassim"/"qasim" 91, "dillon"/"dillan" 83: spelling variants only
FIRST_NAME_RATIO = 80  # "jon"/"john" 86, "john"/"jane" 50, "mark"/"mike" 50
ORG_RATIO = 92  # "kurdistan workers party" vs "kurdistan worker party"; names >= 8 chars
SAME_PLACE_DEGREES = 0.05  # about 5 km: two gazetteer entries for one town
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|ar|az|an)-")
_ACRONYM_SKIP = {"of", "and", "the", "for", "in", "on", "de", "al"}


def name_key(name: str) -> str:
    """Comparison form of a name: no accents, case, possessive, leading "the" or dots.

    >>> name_key("The Islamic State's")
    'islamic state'
    """
    s = unicodedata.normalize("NFKD", name.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[^\w\s-]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _tokens(name: str) -> list[str]:
    return name_key(name).split()


def has_given_name(name: str) -> bool:
    """True for a full name: a word before the surname that is not a particle.

    >>> has_given_name("Pieter van Dalen"), has_given_name("Van Dalen"), has_given_name("Dillon")
    (True, False, False)
    """
    return any(t not in SURNAME_PARTICLES for t in _tokens(name)[:-1])


def surname(name: str) -> str:
    """The last word of a name without an Arabic article: 'Haider al-Abadi' -> 'abadi'."""
    toks = _tokens(name)
    return _ARTICLE.sub("", toks[-1]) if toks else ""


def _first_compatible(a: str, b: str) -> bool:
    """Could two first names be one person's?"""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= FIRST_NAME_RATIO


def _surname_compatible(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= SURNAME_RATIO)


def same_person(a: str, b: str) -> bool:
    """Are two full names (two words or more) one person's?

    >>> same_person("Haider al-Abadi", "Haider Abadi"), same_person("John Smith", "Jane Smith")
    (True, False)
    """
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    if " ".join(ta) == " ".join(tb):
        return True
    return _surname_compatible(surname(a), surname(b)) and _first_compatible(ta[0], tb[0])


def acronym(name: str) -> str:
    """Initials of a multi-word name, skipping short function words ('ISF')."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()


@dataclass
class _Item:
    """One article-level entity or place, before joining."""

    article_id: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    title: str | None = None
    role: str | None = None
    role_span: Span | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_id: int | None = None


@dataclass
class _UnionFind:
    parent: list[int] = field(default_factory=list)

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _from_entity(aid: str, e: Entity) -> _Item:
    return _Item(aid, e.kind, e.name, e.aliases, e.mentions, e.title, e.role, e.role_span)


def _from_place(aid: str, p: Place) -> _Item:
    return _Item(
        aid,
        "place",
        p.name,
        (),
        p.mentions,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        geo_id=p.geonames_id,
    )


def _join_people(items: list[_Item], idx: list[int], uf: _UnionFind) -> None:
    """Union person records: full names pairwise (by distinct name), then one-word names."""
    full = [i for i in idx if has_given_name(items[i].name)]
    short = [i for i in idx if not has_given_name(items[i].name)]
    by_name: dict[str, list[int]] = {}
    for i in full:
        by_name.setdefault(name_key(items[i].name), []).append(i)
    names = list(by_name)
    for group in by_name.values():
        for i in group[1:]:
            uf.union(group[0], i)
    for x, a in enumerate(names):
        for b in names[x + 1 :]:
            if same_person(a, b):
                uf.union(by_name[a][0], by_name[b][0])
    short_groups: dict[str, int] = {}
    for i in short:
        key = surname(items[i].name)
        roots = {uf.find(j) for j in full if _surname_compatible(surname(items[j].name), key)}
        if len(roots) > 1:  # namesakes: prefer the one named in the same article
            local = {
                uf.find(j)
                for j in full
                if items[j].article_id == items[i].article_id
                and _surname_compatible(surname(items[j].name), key)
            }
            roots = local
        if len(roots) == 1:
            uf.union(roots.pop(), i)
        elif key in short_groups:
            uf.union(short_groups[key], i)
        else:
            short_groups[key] = i


def _join_orgs(items: list[_Item], idx: list[int], uf: _UnionFind) -> None:
    """Union organization records sharing a name, alias, acronym or spelling variant."""
    owner: dict[str, int] = {}
    for i in idx:
        it = items[i]
        keys = {name_key(it.name), *(name_key(a) for a in it.aliases)}
        for k in keys - {""}:
            if k in owner:
                uf.union(owner[k], i)
            else:
                owner[k] = i
    longs = [k for k in owner if len(k) >= 8]
    for x, a in enumerate(longs):
        for b in longs[x + 1 :]:
            if a[0] == b[0] and fuzz.ratio(a, b) >= ORG_RATIO:
                uf.union(owner[a], owner[b])
    acronyms: dict[str, int] = {}
    for i in idx:
        for n in (items[i].name, *items[i].aliases):
            if ac := acronym(n):
                acronyms.setdefault(ac, i)
    for i in idx:
        for n in (items[i].name, *items[i].aliases):
            if _is_acronym(n) and (j := acronyms.get(n.replace(".", ""))) is not None:
                uf.union(i, j)


def _join_places(items: list[_Item], idx: list[int], uf: _UnionFind) -> None:
    """Union place records by gazetteer id, name and country, or coordinates."""
    owner: dict[object, int] = {}
    for i in idx:
        it = items[i]
        keys: list[object] = [("name", name_key(it.name), it.country)]
        if it.geo_id is not None:
            keys.append(("id", it.geo_id))
        if it.lat is not None and it.lon is not None:
            cell = SAME_PLACE_DEGREES
            keys.append(("xy", round(it.lat / cell), round(it.lon / cell), name_key(it.name)))
        for k in keys:
            if k in owner:
                uf.union(owner[k], i)
            else:
                owner[k] = i


def _canonical(group: list[_Item]) -> str:
    """The name most mentioned across the group (full names first), longest on ties."""
    weight: Counter[str] = Counter()
    for it in group:
        weight[it.name] += len(it.mentions) or 1
    multi = [n for n in weight if len(_tokens(n)) >= 2] or list(weight)
    return max(multi, key=lambda n: (weight[n], len(n), n))


def _story_entity(kind: EntityKind, number: int, group: list[_Item]) -> StoryEntity:
    """Assemble one joined group into a StoryEntity."""
    name = _canonical(group)
    mentions = sorted(
        {m for it in group for m in it.mentions}, key=lambda m: (m.span.article_id, m.span.start)
    )
    surfaces = [it.name for it in group] + [a for it in group for a in it.aliases]
    surfaces += [m.text for m in mentions]
    seen = {name_key(name)}
    aliases = []
    for s in surfaces:
        if name_key(s) not in seen:
            seen.add(name_key(s))
            aliases.append(s)
    titles = tuple(dict.fromkeys(it.title for it in group if it.title))
    roles = tuple(
        dict.fromkeys((it.role, it.role_span) for it in group if it.role and it.role_span)
    )
    located = next((it for it in group if it.lat is not None), group[0])
    prefix = {"person": "p", "organization": "o", "place": "l"}[kind]
    return StoryEntity(
        id=f"{prefix}{number}",
        kind=kind,
        name=name,
        aliases=tuple(aliases),
        mentions=tuple(mentions),
        titles=titles,
        roles=roles,
        country=next((it.country for it in group if it.country), None),
        lat=located.lat,
        lon=located.lon,
    )


def resolve_entities(anns: Sequence[AnnotatedArticle]) -> tuple[StoryEntity, ...]:
    """People, organizations and places of a story, each once with every mention.

    Args:
        anns: the story's annotated articles.

    Returns:
        StoryEntities with ids ``p1``.. (people), ``o1``.. (organizations), ``l1``..
        (places); people first, then organizations, then places, and within a kind the
        most mentioned first.

    >>> from newsfuse.model import new_article
    >>> resolve_entities([AnnotatedArticle(new_article("Nothing here."))])
    ()
    """
    items: list[_Item] = []
    for ann in anns:
        aid = ann.article.id
        items += [_from_entity(aid, e) for e in ann.entities]
        items += [_from_place(aid, p) for p in ann.places]
    uf = _UnionFind()
    for _ in items:
        uf.add()
    by_kind: dict[str, list[int]] = {"person": [], "organization": [], "place": []}
    for i, it in enumerate(items):
        by_kind[it.kind].append(i)
    _join_people(items, by_kind["person"], uf)
    _join_orgs(items, by_kind["organization"], uf)
    _join_places(items, by_kind["place"], uf)
    out: list[StoryEntity] = []
    kinds: tuple[EntityKind, ...] = ("person", "organization", "place")
    for kind in kinds:
        groups: dict[int, list[_Item]] = {}
        for i in by_kind[kind]:
            groups.setdefault(uf.find(i), []).append(items[i])
        ordered = sorted(
            groups.items(), key=lambda kv: (-sum(len(it.mentions) for it in kv[1]), kv[0])
        )
        out += [_story_entity(kind, n, g) for n, (_, g) in enumerate(ordered, start=1)]
    return tuple(out)
