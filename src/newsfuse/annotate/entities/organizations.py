"""Phases for organizations: declared aliases join their organization; short forms and
acronyms merge into the full name."""

from __future__ import annotations

import re

from ...model import Mention, Span
from ..aliases import is_acronym, norm
from ..occurrences import WORD, name_spans
from .candidates import after_country
from .draft import Draft, EntityDraft
from .patterns import (
    AND_ITS,
    ANOTHER_NAME,
    CALENDAR_WORDS,
    ITS_PARTNER,
    LEADING_FUNCTION_WORD,
    LIST_SPLIT,
    MEDIA_CUE,
    ORG_DESCRIPTOR,
    ORG_HEADS,
    ORG_LIST,
    ORG_PHRASE,
    ORG_WORDS,
    POSSESSIVE_OFFICE,
    TITLE_WORDS,
)
from .placenames import is_place_or_people

# Lower-case institutions ("the health ministry", "parliament"), with the country word
# before them when there is one ("Italy's interior ministry"); issue #9.
INSTITUTION = re.compile(
    r"(?<![\w-])(?:(?P<adj>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)(?:'s|’s)?\s+)?"
    r"(?P<inst>(?:health|interior|foreign|defen[cs]e|finance|justice|education|transport|"
    r"economy|environment|agriculture|trade|energy|information|culture|labou?r|home|"
    r"intelligence|industry|communications)\s+ministry|ministry\s+of\s+(?!the\b)[a-z]+|"
    r"[Pp]arliament)(?![\w-])"
)
# "The newspaper", "If newspapers": a function word capitalized at a sentence start.
_DETERMINERS = frozenset(
    "the a an this that these those its his her their our my your another each every one "
    "some such if when while but and as after before because since although though so then "
    "now yet still".split()
)
_HEAD_ONLY = re.compile(ORG_HEADS)
_NAME_GOES_ON = re.compile(r"[ \u00a0][A-Z]")
_QUOTED_SHORT = re.compile(r"“([^”]{2,20})”|\"([^\"]{2,20})\"")
ANOTHER_NAME_WINDOW = 300  # chars before "another name for X" where the quoted alias sits


def join_declared(d: Draft) -> None:
    """ "X (Y)" and "X, also known as Y": Y becomes a name of organization X, and every
    occurrence of Y a mention of it."""
    for name, alias in d.declared:
        target = d.find_org(name)
        if target is None and (ORG_WORDS.search(alias) or ORG_WORDS.search(name)):
            # "Hashd al-Watani (National Guard units)": the text itself says it is a group.
            at = d.text.find(name)
            if at != -1 and " " in name:
                # the model's pieces of it ("International Federation of Red Cross",
                # "Red Crescent Societies") give way to the declared whole
                _release_inside(d, at, at + len(name), any_size=True)
            target = (
                d.add_org(after_country(d, at, at + len(name)), at + len(name))
                if at != -1
                else None
            )
        if target is not None:
            _absorb_alias(d, target, alias)
    for m in ANOTHER_NAME.finditer(d.text):
        target = d.find_org(m.group("target").strip())
        if target is None:
            continue
        window = d.text[max(0, m.start() - ANOTHER_NAME_WINDOW) : m.start()]
        for q in _QUOTED_SHORT.findall(window)[-1:]:
            alias = (q[0] or q[1]).split()[0]
            if is_acronym(alias):
                target.aliases.add(alias)


def _absorb_alias(d: Draft, target: EntityDraft, alias: str) -> None:
    """``alias`` names ``target``: merge an organization found under it, claim its mentions."""
    other_key = norm(d.table.lookup(alias) or alias)
    other = d.orgs.get(other_key)
    if other is not None and other is not target:  # the alias was found on its own
        target.mentions += other.mentions
        target.aliases |= other.aliases
        del d.orgs[other_key]
    target.aliases.add(alias)
    for s, e in name_spans(d.text, alias, after=WORD):
        for key in [k for k, o in d.orgs.items() if o is not target]:
            if any(x.span.start < e and s < x.span.end for x in d.orgs[key].mentions):
                # the model tagged part of the alias ("National Guard") as its own group
                stray = d.orgs.pop(key)
                d.release({(x.span.start, x.span.end) for x in stray.mentions})
        if d.free(s, e):
            target.mentions.append(Mention(alias, Span(d.aid, s, e)))
            d.taken.append((s, e))


def institutions(d: Draft) -> None:
    """Lower-case institutions, named with their country where the text gives it."""
    countries = [(e.start_char, e.end_char) for e in d.ents if e.label_ in ("NORP", "GPE")]
    for m in INSTITUTION.finditer(d.text):
        s, e = m.span("inst")
        if not d.free(s, e) or d.in_furniture(s, e) or _NAME_GOES_ON.match(d.text, e):
            continue  # "Fixed Terms Parliament Act": part of a longer name
        inst = m.group("inst")
        key = norm(inst)
        org = d.orgs.get(key)
        if org is None:
            org = d.orgs[key] = EntityDraft("organization", inst)
        org.mentions.append(Mention(inst, Span(d.aid, s, e)))
        d.taken.append((s, e))
        if m.group("adj"):
            a0, a1 = m.span("adj")
            country = next((a for a, b in countries if a < a1 and b > a0), None)
            if country is not None:
                org.aliases.add(f"{d.text[max(a0, country) : a1]} {inst}")


def merge_short_forms(d: Draft) -> None:
    """A one-word organization that begins or ends exactly one longer one is its short
    form ("Nordhavn" for "Nordhavn Lines"); an acronym of another's initials joins it."""
    orgs = d.orgs
    for key in list(orgs):
        org = orgs[key]
        if " " in org.name or is_acronym(org.name):
            continue
        longer = [
            o
            for o in orgs.values()
            if o is not org
            and len(o.name.split()) > 1
            and org.name in (o.name.split()[0], o.name.split()[-1])
        ]
        if len(longer) == 1:
            longer[0].mentions += org.mentions
            longer[0].aliases.add(org.name)
            del orgs[key]
    for key in list(orgs):
        org = orgs[key]
        if not is_acronym(org.name):
            continue
        full = next(
            (
                o
                for o in orgs.values()
                if o is not org and initials(o.name) == org.name.replace(".", "")
            ),
            None,
        )
        if full is not None:
            full.mentions.extend(org.mentions)
            full.aliases.add(org.name)
            del orgs[key]


def initials(name: str) -> str:
    """'Syrian Democratic Forces' -> 'SDF'."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'\-]*", name) if w[0].isupper())


def cued_organizations(d: Draft) -> None:
    """Names the words around them make organizations, whatever the model said:
    "company Pfizer", "La7 television", "Pfizer’s senior vice president", "Pfizer and
    its partner", "two groups, X and Y", and capitalized names ending in an
    organization word ("5-Star Movement", "Center for a New American Security").
    Every occurrence of such a name becomes a mention of the organization."""
    text = d.text
    names: dict[str, None] = {}
    weak: dict[str, None] = {}
    for pat, groups in (
        (ORG_DESCRIPTOR, ("name",)),
        (MEDIA_CUE, ("a", "b", "c", "d")),
        (POSSESSIVE_OFFICE, ("name",)),
        (AND_ITS, ("name",)),
        (ITS_PARTNER, ("name",)),
    ):
        for m in pat.finditer(text):
            for g in groups:
                if m.group(g):
                    weak[_trim(m.group(g))] = None
    for m in ORG_LIST.finditer(text):
        for part in LIST_SPLIT.split(m.group("list")):
            names[_trim(part)] = None
    # A full name the model read as a person stays one on a weak cue ("rival Tom Ek");
    # "two groups, X and Y" is strong enough to overrule it.
    names.update({n: None for n in weak if not (" " in n and norm(n) in d.people)})
    for name in names:
        if _can_be_org(d, name):
            claim_org(d, name)
    for m in ORG_PHRASE.finditer(text):
        lead = LEADING_FUNCTION_WORD.match(m.group("name"))
        s = m.start("name") + (lead.end() if lead else 0)
        name = text[s : m.end("name")]
        if _NAME_GOES_ON.match(text, m.end("name")):
            continue  # "Fixed Terms Parliament [Act]": the name is longer
        first = name.split()[0]
        if first.endswith("s") and _HEAD_ONLY.fullmatch(first):
            continue  # "Militias of the Hashd": a plural common noun, not a name
        if " " in name.strip() and _can_be_org(d, name):
            _release_inside(d, s, m.end("name"))
            d.add_org(s, m.end("name"))


def _release_inside(d: Draft, start: int, end: int, any_size: bool = False) -> None:
    """Drop one-word mentions (or, with ``any_size``, any shorter ones) the model found
    inside [start, end) ("Harborton" in "Children's Hospital of Harborton"): the longer
    name wins."""
    for group in (d.people, d.orgs):
        for key in list(group):
            ent = group[key]
            inside = {
                (m.span.start, m.span.end)
                for m in ent.mentions
                if start <= m.span.start
                and m.span.end <= end
                and (m.span.start, m.span.end) != (start, end)
                and (any_size or " " not in m.text)
            }
            if inside:
                ent.mentions = [m for m in ent.mentions if (m.span.start, m.span.end) not in inside]
                d.release(inside)
                if not ent.mentions:
                    del group[key]


def _trim(name: str) -> str:
    """A cued name without a leading function word ("The", "In")."""
    lead = LEADING_FUNCTION_WORD.match(name)
    return name[lead.end() :] if lead else name


def _can_be_org(d: Draft, name: str) -> bool:
    """Not a place, demonym, date word, title or person the article names."""
    low = name.lower()
    if not name or low in CALENDAR_WORDS or low in _DETERMINERS or low.rstrip(".") in TITLE_WORDS:
        return False
    key = norm(name)
    if any(key != k and f" {key} " in f" {k} " for k in d.people if " " in k):
        return False  # part of a person's name
    return not is_place_or_people(d, name)


def claim_org(d: Draft, name: str) -> None:
    """Every free occurrence of ``name`` becomes a mention of the organization; a
    "person" of that name (the model's reading) is dropped."""
    person = d.people.pop(norm(name), None)
    if person is not None:
        d.release({(m.span.start, m.span.end) for m in person.mentions})
    for s, e in name_spans(d.text, name):
        d.add_org(s, e)
