"""People with titles and roles; organizations and armed groups with their aliases.

Method, in order:

1. **Candidates**: spaCy's PERSON and ORG entities; every occurrence of a curated alias
   (``data/aliases.yaml`` plus user files); names that introduce an alias in the text
   ("X (Y)", "X, also known as Y", "using another name for X"); "<Name>-led coalition"
   and "<Name> administration" phrases.
2. **Typing**: a PERSON whose words say organization ("Brigade", "Forces", "Ministry")
   is an organization; a photo credit "(Name/AFP/Getty Images)" is nothing.
3. **People**: the title before the name ("Col.", "Iraqi Prime Minister", "retired US
   Army colonel") and the role after it (an apposition ", the spokesman for ...", a
   relative clause ", who was ...", "of the Center for ...") or before it ("Center for a
   New American Security fellow X"). Later surname-only mentions ("Dillon") are found by
   string match and join the person whatever spaCy labelled them.
4. **Organizations**: merged when they share a canonical alias, when one is the acronym
   of the other, or when the text declares one as the other's alias.

Limits: no pronoun or nominal coreference ("the colonel"); two people sharing a
surname make surname-only mentions ambiguous, and those are left unattached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Entity, Mention, Span
from .aliases import AliasTable, is_acronym, load_aliases, norm
from .gazetteer import load_gazetteer

# Titles, ranks and offices, longest first so "Lt. Gen." wins over "Gen.".
TITLES = sorted(
    [
        "Gen.",
        "Lt. Gen.",
        "Maj. Gen.",
        "Brig. Gen.",
        "Lt. Col.",
        "Col.",
        "Maj.",
        "Capt.",
        "Lt.",
        "Sgt.",
        "Adm.",
        "Vice Adm.",
        "Rear Adm.",
        "Cmdr.",
        "Cpl.",
        "Pvt.",
        "General",
        "Lieutenant General",
        "Major General",
        "Brigadier General",
        "Lieutenant Colonel",
        "Colonel",
        "Major",
        "Captain",
        "Lieutenant",
        "Sergeant",
        "Admiral",
        "Commander",
        "Field Marshal",
        "Marshal",
        "Brigadier",
        "President",
        "Vice President",
        "Prime Minister",
        "Deputy Prime Minister",
        "Minister",
        "Foreign Minister",
        "Defense Minister",
        "Defence Minister",
        "Interior Minister",
        "Finance Minister",
        "Health Minister",
        "Energy Minister",
        "Secretary",
        "Secretary of State",
        "Secretary of Defense",
        "Defense Secretary",
        "Foreign Secretary",
        "Home Secretary",
        "Secretary-General",
        "Secretary General",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Crown Prince",
        "Sheikh",
        "Emir",
        "Ayatollah",
        "Governor",
        "Gov.",
        "Mayor",
        "Senator",
        "Sen.",
        "Rep.",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Ambassador",
        "Judge",
        "Justice",
        "Chief Justice",
        "Speaker",
        "Chairman",
        "Chairwoman",
        "Chief Executive",
        "CEO",
        "Director",
        "Commissioner",
        "Spokesman",
        "Spokeswoman",
        "Spokesperson",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Prof.",
        "Professor",
        "Pope",
        "Cardinal",
        "Archbishop",
        "Bishop",
        "Rev.",
        "Imam",
        "Rabbi",
        "Detective",
        "Inspector",
        "Chief",
        "Police Chief",
        "Mayor-elect",
        "President-elect",
        "opposition leader",
    ],
    key=len,
    reverse=True,
)
# Ranks also appear in lower case after a modifier: "retired US Army colonel".
_LOWER_RANKS = [
    "general",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "admiral",
    "commander",
    "brigadier",
    "lieutenant colonel",
    "lieutenant general",
    "major general",
    "brigadier general",
]
_TITLE_RE = "|".join(re.escape(t) for t in sorted([*TITLES, *_LOWER_RANKS], key=len, reverse=True))
# Up to four capitalised/adjectival modifiers before a title: "Iraqi", "US Army",
# "retired US Army". Lower-case "retired", "former", "acting" are kept.
_MOD = r"(?:(?:[Rr]etired|[Ff]ormer|[Aa]cting|[Ii]nterim|[Dd]eputy|then-|[Vv]eteran|top)\s+|[A-Z][\w.'\-]*\s+){0,4}?"
PRE_TITLE = re.compile(rf"(?<![\w.])(?P<role>{_MOD}(?P<title>{_TITLE_RE}))\s+$")
# "<Org words> fellow|analyst|... Name": a role noun right before the name.
ROLE_NOUNS = (
    "fellow|analyst|researcher|expert|spokesman|spokeswoman|spokesperson|official|director|"
    "economist|professor|scholar|strategist|adviser|advisor|negotiator|envoy|lawyer|"
    "commander|leader|chief|founder|president|chairman|executive|editor|correspondent"
)
PRE_ROLE = re.compile(
    rf"(?<![\w.])(?P<role>(?:[A-Z][\w.'\-]*\s+(?:(?:for|of|on|and|the|a|an|de)\s+){{0,2}}){{1,7}}"
    rf"(?:[a-z]+\s+){{0,2}}(?:{ROLE_NOUNS}))\s+$"
)
# "Its political leader, Bertrand Kazadi," / "Kenya's foreign minister, Grace Wambui,":
# a role phrase and a comma right before the name (or before its title).
PRE_APPOS = re.compile(
    r"(?:^|(?<=[\s(“\"]))(?P<role>(?:(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+|"
    r"[A-Z][\w.\-]*(?:'s|’s)\s+)(?:[a-z][\w\-]*\s+){0,4}[a-z][\w\-]*),\s+$"
)
# ", the spokesman for ..." / ", an official with ..." / ", who was top spokesman ..."
_STOP = r"(?=\s*(?:[,;:()“”\"]|\.(?:\s|$)|\s+(?:said|says|told|added|warned)\b)|$)"
POST_ROLE = re.compile(
    r"^,\s+(?P<role>(?:the|a|an|one of the|who (?:is|was|has been|had been|served as|"
    r"[a-z]+s|[a-z]+ed))\s.{3,160}?)" + _STOP
)
POST_OF = re.compile(r"^\s+(?P<role>(?:of|from|at|with)\s+(?:the\s+)?[A-Z].{2,120}?)" + _STOP)
TRAILING_DATES = re.compile(r"\s+(?:between|from|since|in|until)\s+\d{4}.*$")
ORG_WORDS = re.compile(
    r"\b(?:Brigade|Brigades|Forces|Force|Front|Army|Party|Ministry|Department|Council|Agency|"
    r"Group|Movement|Organi[sz]ation|Union|Bank|Company|Corp|Corporation|Inc|Ltd|Center|"
    r"Centre|Institute|University|Committee|Commission|Government|Administration|Coalition|"
    r"Militia|Militias|Guard|Guards|Police|Court|Parliament|Congress|Senate|Units|Battalion|"
    r"Regiment|Division|Corps|Office|Service|Services|Authority|Federation|League|Association|"
    r"Foundation|Fund|Network|Alliance|Command|Navy|Air Force|Times|Post|News|Press)\b"
)
PHOTO_CREDIT = re.compile(r"\b[\w.'\- ]+(?:/[\w.'\- ]+)+\)")
LED_COALITION = re.compile(r"\b(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)-led coalition\b")
ADMINISTRATION = re.compile(r"\b[A-Z][a-z]+ administration\b")
# "X (Y)" declares Y as another name of X (or the reverse for an acronym first).
PAREN_ALIAS = re.compile(r"\s*\((?P<alias>[A-Z][^()]{0,60}?)\)")
ALSO_KNOWN = re.compile(
    r",?\s+(?:also known as|known as|formerly|a\.k\.a\.?|(?:which |who )?(?:also )?calls? itself)\s+(?:the\s+)?(?P<alias>[A-Z][\w'\- ]{1,60}?)(?=[,.;)]|$)"
)
ANOTHER_NAME = re.compile(
    r"(?:using|with) (?:another|an alternate|an alternative|a different) (?:name|acronym) "
    r"for (?:the )?(?P<target>[A-Z][\w'\- ]{1,60}?)(?=[,.;]|$)"
)
TITLE_AFTER = re.compile(
    r"^[ \u00a0]+(?:Minister|Secretary|Ministry|Department|Commissioner|Director|Chief)\b"
)
CREDIT_NAME = re.compile(
    r"(?:^|(?<=[.;,]\s)|(?<=\bby\s)|(?<=\band\s))(?P<name>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){0,2})"
    r"(?=\s+(?:in\s+[A-Z]\w+\s+)?(?:reported|contributed)|\s*(?:,|and|$))",
    re.M,
)
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i", "you"}
MAX_NAME_TOKENS = 6


@dataclass
class _Draft:
    """An entity while it is being assembled."""

    kind: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    title: str | None = None
    role: str | None = None
    role_span: Span | None = None


def _strip_the(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the ' and a trailing possessive from a span."""
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    s = text[start:end]
    for suffix in ("’s", "'s"):
        if s.endswith(suffix):
            end -= 2
    return start, end


def _in_photo_credit(text: str, start: int, end: int) -> bool:
    """True for names inside '(Name/AFP/Getty Images)'."""
    open_ = text.rfind("(", max(0, start - 80), start + 1)
    close = text.find(")", end - 1, end + 80)
    return (
        open_ != -1 and close != -1 and "/" in text[open_:close] and "\n" not in text[open_:close]
    )


def _person_title_and_role(
    text: str, start: int, end: int, aid: str
) -> tuple[str | None, str | None, Span | None]:
    """Title and role of the person named at [start, end), from the words around it."""
    before = text[max(0, start - 120) : start]
    before = before.split("\n")[-1]
    title = role = None
    role_span = None
    m = PRE_TITLE.search(before)
    if m:
        title = m.group("title")
        pre = m.group("role").strip()
        if pre != title:
            role = pre
            role_span = Span(
                aid, start - len(before) + m.start("role"), start - len(before) + m.end("role")
            )
    else:
        m2 = PRE_ROLE.search(before)
        if m2:
            role = m2.group("role").strip()
            role_span = Span(
                aid, start - len(before) + m2.start("role"), start - len(before) + m2.end("role")
            )
    if role is None:
        # The apposition may sit before the title: "its commander, Brig. Gen. X".
        head = before[: m.start("role")] if m else before
        m4 = PRE_APPOS.search(head)
        if m4:
            role = re.sub(r"^(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+", "", m4.group("role"))
            off = start - len(before) + m4.end("role") - len(role)
            role_span = Span(aid, off, off + len(role))
    if role is None and m is not None and title not in HONORIFICS and " " in title:
        role = title  # "Interior Minister", "Prime Minister": the office is the role
        off = start - len(before) + m.start("title")
        role_span = Span(aid, off, off + len(title))
    after = text[end : end + 220]
    for pat in (POST_ROLE, POST_OF) if role_span is None or m is not None else ():
        m3 = pat.match(after)
        if m3:
            raw = m3.group("role")
            clean = TRAILING_DATES.sub("", raw)
            clean = re.sub(r"^who (?:is|was|has been|had been|served as)\s+", "", clean)
            clean = re.sub(r"^who\s+", "", clean)
            if len(clean.split()) >= 2:
                role = clean.strip()
                off = (
                    end + m3.start("role") + raw.find(clean[:10])
                    if clean[:10] in raw
                    else end + m3.start("role")
                )
                role_span = Span(aid, off, off + len(role))
                break
    return title, role, role_span


def _credit_role(text: str, end: int, aid: str) -> tuple[str | None, Span | None]:
    """Role of a person named in a credit line: the rest of its clause."""
    tail = text[end : end + 120]
    m = re.match(r"\s*(?P<r>[^.]{3,100})", tail)
    if not m:
        return None, None
    role = m.group("r").strip()
    off = end + m.start("r")
    return role, Span(aid, off, off + len(role))


def _region_kind(article: Article, start: int, end: int) -> str | None:
    """Kind of the region ([caption, credit, ...]) that contains [start, end), if any."""
    for r in article.regions:
        if r.start <= start and end <= r.end:
            return r.kind
    return None


def _surname_keys(name: str) -> list[str]:
    """Short forms by which a full name is referred to later: 'al-Abadi', 'Abadi'."""
    parts = name.split()
    if len(parts) < 2:
        return []
    last = parts[-1]
    keys = [last]
    m = re.match(r"^(?:al|el|ad|as|bin|ibn|abu|van|von|de|du|da)-(.+)$", last, re.I)
    if m:
        keys.append(m.group(1))
    return keys


def _aliases_in_text(text: str) -> list[tuple[int, int, int, int]]:
    """(name start, name end, alias start, alias end) declared by 'X (Y)' patterns."""
    found = []
    for m in re.finditer(
        r"\b([A-Z][\w'\-]*(?:\s+(?:al-|el-|of |for |the |and )?[A-Z][\w'\-]*){0,6})\s*\(([^()\n]{2,60})\)",
        text,
    ):
        alias = m.group(2).strip()
        if not alias[0].isupper() or re.search(r"\d{4}|/|said|photo", alias, re.I):
            continue
        found.append((m.start(1), m.end(1), m.start(2), m.start(2) + len(alias)))
    return found


def extract_entities(article: Article, doc: Any, res: Any) -> tuple[Entity, ...]:
    """People and organizations named in the article, with titles, roles and aliases.

    Args:
        article: the article.
        doc: its spaCy Doc.
        res: resources; the alias table is built once through ``res.get("aliases", ...)``.

    Returns:
        Entities: ``kind`` "person" (title, role) or "organization" (aliases), each with
        every mention's span.
    """
    table: AliasTable = res.get("aliases", load_aliases) if res is not None else load_aliases(())
    text, aid = article.text, article.id
    gaz = res.get("gazetteer", load_gazetteer) if res is not None else None
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    people: dict[str, _Draft] = {}
    orgs: dict[str, _Draft] = {}

    def add_org(s: int, e: int, canonical: str | None = None) -> _Draft | None:
        s, e = _strip_the(text, s, e)
        cut = text.find(" (", s, e)
        if cut != -1 and ")" not in text[cut:e]:
            e = cut  # "World Health Organization (WHO": the model ran into the acronym
        surface = text[s:e].strip()
        if not surface or not free(s, e) or surface.lower() in PRONOUNS:
            return None
        if _in_photo_credit(text, s, e):
            return None
        canon = canonical or table.lookup(surface) or surface
        key = norm(canon)
        draft = orgs.get(key)
        if draft is None:
            draft = orgs[key] = _Draft("organization", canon)
            if canonical:
                draft.aliases.update(table.names.get(canonical, []))
        draft.mentions.append(Mention(surface, Span(aid, s, e)))
        taken.append((s, e))
        return draft

    # 1. Declared aliases "X (Y)", "X, also known as Y", "using another name for X".
    declared: list[tuple[str, str]] = []
    for ns, ne, als, ale in _aliases_in_text(text):
        declared.append((text[ns:ne], text[als:ale]))
    for m in ALSO_KNOWN.finditer(text):
        prev = re.search(r"([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,5})\s*$", text[: m.start()])
        if prev:
            declared.append((prev.group(1), m.group("alias").strip()))

    # 2. Curated aliases and structural org phrases.
    # A curated alias inside a longer organization name ("Red Cross" in "International
    # Federation of Red Cross and Red Crescent Societies") is part of that name.
    long_orgs = [
        (ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ == "ORG" and len(ent.text.split()) > 2
    ]
    for s, e, canon in table.find(text):
        if any(a <= s and e <= b and (b - a) > (e - s) + 2 for a, b in long_orgs):
            continue
        add_org(s, e, canon)
    for pat in (LED_COALITION, ADMINISTRATION):
        for m in pat.finditer(text):
            add_org(m.start(), m.end())

    # 3. spaCy entities.
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "FAC", "NORP"):
            continue
        s, e = _strip_the(text, ent.start_char, ent.end_char)
        surface = text[s:e]
        if not surface or not surface[0].isupper() or len(surface.split()) > MAX_NAME_TOKENS:
            continue
        if _in_photo_credit(text, s, e) or "/" in surface:
            continue
        if _is_place_name(surface, gaz, table) or _is_title_word(surface):
            continue  # "Goma" tagged PERSON, "Meghalaya" tagged ORG, "Brig" of "Brig. Gen."
        if _region_kind(article, s, e) == "dateline":
            continue  # "VALPARAISO, Chile —" is a place, however it was tagged
        if TITLE_AFTER.match(text[e : e + 40]):
            continue  # "Interior" in "Interior Minister": part of a title, not a group
        # NORP only when the words or a declared alias say it is a group.
        if (
            ent.label_ == "NORP"
            and not ORG_WORDS.search(surface)
            and not any(surface == d[0] for d in declared)
        ):
            continue
        is_org = ent.label_ in ("ORG", "FAC", "NORP") or bool(ORG_WORDS.search(surface))
        if is_org and ent.label_ == "ORG" and _looks_like_person(text, s, e, surface, table):
            is_org = False  # "Uwe Seidel" tagged ORG but written as a person
        if ent.label_ == "PERSON" and not ORG_WORDS.search(surface):
            is_org = any(norm(surface) == norm(d[0]) for d in declared) and not re.match(
                r"^[A-Z][a-z]+ [A-Z][a-z]+$", surface
            )
        if ent.label_ == "FAC" and not any(norm(surface) == norm(d[0]) for d in declared):
            continue
        if is_org:
            if ent.label_ == "ORG" and len(surface.split()) == 1 and surface in people:
                continue
            add_org(s, e)
        elif free(s, e):
            key = norm(surface)
            draft = people.get(key)
            if draft is None:
                draft = people[key] = _Draft("person", surface)
            draft.mentions.append(Mention(surface, Span(aid, s, e)))
            taken.append((s, e))

    # Credit lines name reporters spaCy often misses: "Loveluck reported from Beirut."
    for r in article.regions:
        if r.kind not in ("credit", "byline"):
            continue
        for m in CREDIT_NAME.finditer(text, r.start, r.end):
            s, e = m.start("name"), m.end("name")
            if free(s, e):
                key = norm(m.group("name"))
                draft = people.setdefault(key, _Draft("person", m.group("name")))
                draft.mentions.append(Mention(m.group("name"), Span(aid, s, e)))
                taken.append((s, e))

    # 4. Declared aliases join their organization (found by any name it goes by).
    def find_org(name: str) -> _Draft | None:
        key = norm(table.lookup(name) or name)
        if key in orgs:
            return orgs[key]
        return next(
            (
                o
                for o in orgs.values()
                if key in {norm(a) for a in o.aliases} | {norm(m.text) for m in o.mentions}
            ),
            None,
        )

    for name, alias in declared:
        target = find_org(name)
        if target is None and (ORG_WORDS.search(alias) or ORG_WORDS.search(name)):
            # "Hashd al-Watani (National Guard units)": the text itself says it is a group.
            at = text.find(name)
            target = add_org(at, at + len(name)) if at != -1 else None
        if target is None:
            continue
        other_key = norm(table.lookup(alias) or alias)
        other = orgs.get(other_key)
        if other is not None and other is not target:  # the alias was found on its own
            target.mentions += other.mentions
            target.aliases |= other.aliases
            del orgs[other_key]
        target.aliases.add(alias)
        for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w])", text):
            for key in [k for k, o in orgs.items() if o is not target]:
                if any(
                    x.span.start < m.end() and m.start() < x.span.end for x in orgs[key].mentions
                ):
                    # the model tagged part of the alias ("National Guard") as its own group
                    stray = orgs.pop(key)
                    spans = {(x.span.start, x.span.end) for x in stray.mentions}
                    taken[:] = [t for t in taken if t not in spans]
            if free(m.start(), m.end()):
                target.mentions.append(Mention(alias, Span(aid, m.start(), m.end())))
                taken.append((m.start(), m.end()))
    for m in ANOTHER_NAME.finditer(text):
        target = find_org(m.group("target").strip())
        if target is not None:
            quoted = re.findall(
                r"“([^”]{2,20})”|\"([^\"]{2,20})\"", text[max(0, m.start() - 300) : m.start()]
            )
            for q in quoted[-1:]:
                alias = (q[0] or q[1]).split()[0]
                if is_acronym(alias):
                    target.aliases.add(alias)

    # 5. Merge single-word "people" that are really surnames of a full person, and find
    #    every surname-only mention in the text.
    full = [p for p in people.values() if len(p.name.split()) >= 2]
    surname_of: dict[str, _Draft | None] = {}
    for p in full:
        for key in _surname_keys(p.name):
            surname_of[key] = None if key in surname_of and surname_of[key] is not p else p
    for key in list(people):
        p = people[key]
        if len(p.name.split()) == 1 and surname_of.get(p.name):
            target = surname_of[p.name]
            assert target is not None
            target.mentions.extend(p.mentions)
            del people[key]
    for key, person in surname_of.items():
        if person is None:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text):
            s, e = m.start(), m.end()
            if any(mm.span.start <= s < mm.span.end for mm in person.mentions):
                continue
            # An organization mention from spaCy that is really this surname moves over.
            for org in list(orgs.values()):
                org.mentions = [
                    mm for mm in org.mentions if not (mm.span.start == s and mm.span.end == e)
                ]
            taken[:] = [(a, b) for a, b in taken if not (a == s and b == e)]
            if free(s, e):
                person.mentions.append(Mention(key, Span(aid, s, e)))
                taken.append((s, e))
    orgs = {k: o for k, o in orgs.items() if o.mentions}
    # A lone one-word "person" is kept only where the text treats it as one: a speaker
    # ("Muhindo said"), a credit line ("Loveluck reported"). "Nordhavn chief executive"
    # is a company name used as a modifier.
    for key in list(people):
        p = people[key]
        if len(p.name.split()) == 1 and not any(
            _SPEAKS_AFTER.match(text[m.span.end : m.span.end + 20])
            or _region_kind(article, m.span.start, m.span.end) in ("credit", "byline")
            or _SPEAKS_BEFORE.search(text[max(0, m.span.start - 25) : m.span.start])
            for m in p.mentions
        ):
            del people[key]

    # 6. Titles and roles of people.
    for p in people.values():
        p.mentions.sort(key=lambda m: m.span.start)
        for m in p.mentions:
            kind = _region_kind(article, m.span.start, m.span.end)
            if kind == "credit" and p.role is None:
                p.role, p.role_span = _credit_role(text, m.span.end, aid)
                continue
            title, role, span = _person_title_and_role(text, m.span.start, m.span.end, aid)
            if title and not p.title:
                p.title = title
            if role and not p.role:
                p.role, p.role_span = role, span

    # 7a. A one-word organization that begins or ends a longer one is its short form:
    #     "Nordhavn" for "Nordhavn Lines", "Commission" for "European Commission".
    for key in list(orgs):
        org = orgs[key]
        if " " in org.name or is_acronym(org.name):
            continue
        longer = [
            o
            for o in orgs.values()
            if o is not org
            and len(o.name.split()) > 1
            and (o.name.split()[0] == org.name or o.name.split()[-1] == org.name)
        ]
        if len(longer) == 1:
            longer[0].mentions += org.mentions
            longer[0].aliases.add(org.name)
            del orgs[key]

    # 7. Acronyms that are the initials of another organization join it.
    for key in list(orgs):
        org = orgs[key]
        if is_acronym(org.name) and len(orgs) > 1:
            for other in orgs.values():
                if other is not org and _initials(other.name) == org.name.replace(".", ""):
                    other.mentions.extend(org.mentions)
                    other.aliases.add(org.name)
                    del orgs[key]
                    break

    return _finish(aid, people.values(), orgs.values(), text)


_SPEAKS_AFTER = re.compile(r"^,?\s+(?:said|says|told|added|reported|wrote|warned|asked)\b")
_SPEAKS_BEFORE = re.compile(r"\b(?:said|says|told|added|warned|as)\s+$")
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Rev."})
_TITLE_WORDS = frozenset(
    w.lower().rstrip(".") for t in TITLES for w in t.split() if w[0].isupper() and len(w) > 1
) - {"chief", "state", "defense", "defence", "health", "energy", "home"}
PLACE_MIN_POPULATION = 10_000  # a one-word name of a town this size is read as the town


_PERSON_SHAPE = re.compile(
    r"^[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)?(?: (?:van |de |al-)?[A-Z][a-zà-ÿ'\-]+){1,2}$"
)
_PERSON_AFTER = re.compile(
    rf"^(?:,\s+(?:the|a|an)\s+(?:[a-z]+\s+){{0,2}}(?:{ROLE_NOUNS}|minister|mayor|secretary|governor)"
    r"|,?\s+(?:said|says|told|added|warned|who)\b)"
)


def _looks_like_person(text: str, start: int, end: int, surface: str, table: AliasTable) -> bool:
    """A two- or three-word name tagged ORG, in a sentence that treats it as a person."""
    if not _PERSON_SHAPE.match(surface) or ORG_WORDS.search(surface) or table.lookup(surface):
        return False
    if _PERSON_AFTER.match(text[end : end + 60]):
        return True
    before = text[max(0, start - 80) : start]
    return bool(PRE_APPOS.search(before) or PRE_TITLE.search(before))


def _is_title_word(surface: str) -> bool:
    """'Brig', 'Gen.', 'President' alone are titles, not people."""
    return surface.lower().rstrip(".") in _TITLE_WORDS


def _is_place_name(surface: str, gaz: Any, table: AliasTable) -> bool:
    """A single word that the gazetteer knows as a country, province or sizeable town."""
    if gaz is None or " " in surface.strip() or table.lookup(surface):
        return False
    return any(
        e.feature in ("country", "admin1", "region")
        or (e.feature == "city" and (e.population or 0) >= PLACE_MIN_POPULATION)
        for e in gaz.lookup(surface)
    )


def _initials(name: str) -> str:
    """'Syrian Democratic Forces' -> 'SDF'."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'\-]*", name) if w[0].isupper())


def _finish(
    aid: str, people: Iterable[_Draft], orgs: Iterable[_Draft], text: str
) -> tuple[Entity, ...]:
    """Number the drafts into Entities, in order of first mention."""
    drafts = sorted(
        [d for d in [*people, *orgs] if d.mentions],
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
