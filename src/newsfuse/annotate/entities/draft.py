"""The draft every entity phase reads and extends, and its conversion to Entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...model import Article, Entity, Mention, Span
from ..aliases import AliasTable, is_acronym, norm
from .patterns import PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class EntityDraft:
    """One person or organization while the phases assemble it."""

    kind: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    title: str | None = None
    role: str | None = None
    role_span: Span | None = None


@dataclass
class Draft:
    """Everything the phases share for one article: inputs, found entities, used spans."""

    article: Article
    doc: Doc
    table: AliasTable
    gaz: Any = None  # the gazetteer, when resources are given
    people: dict[str, EntityDraft] = field(default_factory=dict)
    orgs: dict[str, EntityDraft] = field(default_factory=dict)
    taken: list[tuple[int, int]] = field(default_factory=list)
    declared: list[tuple[str, str]] = field(default_factory=list)  # (name, alias) in the text

    @property
    def text(self) -> str:
        """The article text."""
        return self.article.text

    @cached_property
    def ents(self) -> tuple[Any, ...]:
        """The model's entities, read once (``doc.ents`` builds new spans on every read)."""
        return tuple(self.doc.ents)

    @property
    def aid(self) -> str:
        """The article id."""
        return self.article.id

    def free(self, s: int, e: int) -> bool:
        """No entity mention overlaps [s, e) yet."""
        return all(e <= a or s >= b for a, b in self.taken)

    def region_kind(self, start: int, end: int) -> str | None:
        """Kind of the page-furniture region (caption, credit, ...) holding [start, end)."""
        for r in self.article.regions:
            if r.start <= start and end <= r.end:
                return r.kind
        return None

    def in_furniture(self, start: int, end: int) -> bool:
        """[start, end) overlaps a byline, credit line, photo credit or dateline."""
        return any(
            r.kind != "caption" and r.start < end and start < r.end for r in self.article.regions
        ) or in_photo_credit(self.text, start, end)

    def add_org(self, s: int, e: int, canonical: str | None = None) -> EntityDraft | None:
        """Record an organization mention at [s, e) (None when the span is unusable)."""
        text = self.text
        s, e = strip_the(text, s, e)
        cut = text.find(" (", s, e)
        if cut != -1 and ")" not in text[cut:e]:
            e = cut  # "World Health Organization (WHO": the model ran into the acronym
        surface = text[s:e].strip()
        if not surface or not self.free(s, e) or surface.lower() in PRONOUNS:
            return None
        if self.in_furniture(s, e):
            return None
        canon = canonical or self.table.lookup(surface) or surface
        key = norm(canon)
        draft = self.orgs.get(key)
        if draft is None:
            draft = self.orgs[key] = EntityDraft("organization", canon)
            if canonical:
                draft.aliases.update(self.table.names.get(canonical, []))
        draft.mentions.append(Mention(surface, Span(self.aid, s, e)))
        self.taken.append((s, e))
        return draft

    def add_person(self, s: int, e: int) -> EntityDraft | None:
        """Record a person mention at [s, e) (None when it is taken or furniture)."""
        text = self.text
        while s < e and text[s].isspace():  # "Billionaire  Donald Trump" less its title
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s > 0 and text[s - 1] == "[" and "]" in text[s:e] and "[" not in text[s:e]:
            s -= 1  # "[Edoardo] Rixi": the bracket opened before the model's span
        if s == e or not self.free(s, e) or self.in_furniture(s, e):
            return None
        surface = text[s:e]
        draft = self.people.setdefault(norm(surface), EntityDraft("person", surface))
        draft.mentions.append(Mention(surface, Span(self.aid, s, e)))
        self.taken.append((s, e))
        return draft

    def find_org(self, name: str) -> EntityDraft | None:
        """The organization known by ``name``, as its name, an alias or a mention."""
        key = norm(self.table.lookup(name) or name)
        if key in self.orgs:
            return self.orgs[key]
        return next(
            (
                o
                for o in self.orgs.values()
                if key in {norm(a) for a in o.aliases} | {norm(m.text) for m in o.mentions}
            ),
            None,
        )

    def release(self, spans: set[tuple[int, int]]) -> None:
        """Forget that ``spans`` are taken (their mention moved or was dropped)."""
        self.taken[:] = [t for t in self.taken if t not in spans]


def strip_the(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the ' and a trailing possessive from a span."""
    if text[start:end].lower().startswith("the "):
        start += 4
    if text[start:end].endswith(("’s", "'s")):
        end -= 2
    return start, end


def in_photo_credit(text: str, start: int, end: int) -> bool:
    """True for names inside '(Name/AFP/Getty Images)'."""
    open_ = text.rfind("(", max(0, start - 80), start + 1)
    close = text.find(")", end - 1, end + 80)
    return (
        open_ != -1 and close != -1 and "/" in text[open_:close] and "\n" not in text[open_:close]
    )


def finish(draft: Draft) -> tuple[Entity, ...]:
    """Number the drafts into Entities, in order of first mention."""
    drafts = sorted(
        [d for d in [*draft.people.values(), *draft.orgs.values()] if d.mentions],
        key=lambda d: min(m.span.start for m in d.mentions),
    )
    out = []
    counters = {"person": 0, "organization": 0}
    for d in drafts:
        counters[d.kind] += 1
        mentions = tuple(sorted(set(d.mentions), key=lambda m: m.span.start))
        surfaces = [m.text for m in mentions]
        name = d.name
        if d.kind == "organization" and name not in surfaces:
            # The first full name the article uses; an acronym only if it has nothing else.
            name = next((x for x in surfaces if not is_acronym(x)), surfaces[0])
        if d.kind == "person":
            name = max(surfaces, key=lambda s: (len(s.split()), len(s)))
            # "vice-minister [Edoardo] Rixi": a name an editor completed in brackets
            name = " ".join(re.sub(r"[\[\]]", "", name).split()) or name
        aliases = tuple(sorted({*d.aliases, *surfaces} - {name}))
        out.append(
            Entity(
                id=f"{d.kind[0]}{counters[d.kind]}",
                kind=d.kind,  # type: ignore[arg-type]
                name=name,
                mentions=mentions,
                aliases=aliases,
                title=d.title,
                role=d.role,
                role_span=d.role_span,
            )
        )
    return tuple(out)
