"""Phases 2 and 3 for people: surname-only mentions join the full name; titles and roles
from the words around every mention."""

from __future__ import annotations

import re

from ...model import Mention, Span
from ..aliases import norm
from ..occurrences import name_spans
from .draft import Draft, EntityDraft
from .organizations import claim_org
from .patterns import (
    AGE_APPOSITION,
    HONORIFICS,
    NAMED_ONLY_AS,
    ORG_WORDS,
    OWNER_BEFORE,
    POST_OF,
    POST_ROLE,
    POST_ROLE_OWNER,
    PRE_APPOS,
    PRE_ROLE,
    PRE_ROLE_LOWER,
    PRE_ROLE_OF,
    PRE_TITLE,
    SPEAKS_AFTER,
    SPEAKS_BEFORE,
    TITLE_FORMS,
    TITLE_WORDS,
    TRAILING_DATES,
)
from .placenames import is_place_or_people

_PARTICLE = re.compile(r"^(?:al|el|ad|as|bin|ibn|abu|van|von|de|du|da)-(.+)$", re.I)
_DETERMINER = re.compile(r"^(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
# Words that start a surname, not a given name: "van Dalen" is a surname, so "Pieter van
# Dalen" is not "van Dalen" with one word too many in front.
SURNAME_PARTICLES = frozenset(
    "van von de der den da di du le la del della dos das ter ten bin ibn al el".split()
)
_WHO = re.compile(r"^who (?:is|was|has been|had been|served as)\s+|^who\s+")
# Words before a title that make it another office: "deputy Prime Minister", "former
# President" (a retired colonel is still a colonel).
OFFICE_QUALIFIER = re.compile(
    r"(?<![\w-])(?:[Dd]eputy|[Vv]ice|[Aa]cting|[Ii]nterim|[Ff]ormer|then)(?=[\s-])"
)
ROLE_CONTEXT_CHARS = 120  # how far before a name a title or role phrase may start
ROLE_AFTER_CHARS = 220  # how far after a name an apposition may run


def surname_keys(name: str) -> list[str]:
    """Short forms by which a full name is referred to later: 'al-Abadi', 'Abadi'.

    >>> surname_keys("Haider al-Abadi"), surname_keys("Pieter van Dalen")
    (['al-Abadi', 'Abadi'], ['Dalen', 'van Dalen'])
    """
    parts = name.split()
    if len(parts) < 2:
        return []
    keys = [parts[-1]]
    m = _PARTICLE.match(parts[-1])
    if m:
        keys.append(m.group(1))
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in SURNAME_PARTICLES:
        i -= 1
    if i < len(parts) - 1:  # "Pieter van Dalen" is also "van Dalen" (and "Van Dalen")
        keys.append(" ".join(parts[i:]))
    return keys


def join_surnames(d: Draft) -> None:
    """One-word people that are a full person's surname join them, and every other
    occurrence of a unique surname becomes a mention of that person. A name with one
    word too many in front ("Billionaire Donald Trump" at a sentence start) joins the
    shorter name it ends with. A longer name written mid-sentence before any mention of
    the shorter one has a double surname: the shorter joins it ("Lily Eskelsen García" ...
    "Eskelsen García"), while "... than working Crooked Hillary Clinton" after "Hillary
    Clinton" does not."""
    for key in list(d.people):
        if key not in d.people:
            continue  # joined below as the double surname of a longer name
        p = d.people[key]
        head, _, rest = p.name.partition(" ")
        full_rest = len(rest.split()) >= 2 and rest.split()[0].lower() not in SURNAME_PARTICLES
        shorter = d.people.get(norm(rest)) if full_rest else None
        if shorter is None or shorter is p:  # never join a name to itself
            continue
        first = min(m.span.start for m in p.mentions)
        double = first < min(m.span.start for m in shorter.mentions) and not any(
            _opens_sentence(d.text, m.span.start) for m in p.mentions
        )
        if not double:
            for m in p.mentions:
                s = m.span.start + len(head) + 1
                shorter.mentions.append(Mention(rest, Span(d.aid, s, m.span.end)))
            del d.people[key]
        else:  # "Debbie Wasserman Schultz" ... "Wasserman Schultz": a double surname
            p.mentions.extend(shorter.mentions)
            del d.people[norm(rest)]
    surname_of: dict[str, EntityDraft | None] = {}
    for p in [p for p in d.people.values() if len(p.name.split()) >= 2]:
        for key in surname_keys(p.name):
            surname_of[key] = None if surname_of.get(key, p) is not p else p
    for key in list(d.people):
        p = d.people[key]
        words = p.name.split()
        particle = len(words) >= 2 and all(w.lower() in SURNAME_PARTICLES for w in words[:-1])
        full = surname_of.get(p.name[:1].lower() + p.name[1:] if particle else p.name)
        if (len(words) == 1 or particle) and full is not None:
            full.mentions.extend(p.mentions)
            del d.people[key]
    for key, person in surname_of.items():
        if person is not None:
            _claim_surname(d, key, person)
    d.orgs = {k: o for k, o in d.orgs.items() if o.mentions}


def _opens_sentence(text: str, start: int) -> bool:
    """Does the name at ``start`` open a sentence, a line or a quotation, or stand in a
    headline in title case (where a word in front of it is capitalized anyway)?"""
    before = text[:start].rstrip(" \t")
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    if word.endswith(".") and (word[:-1].lower() in TITLE_WORDS or len(word) == 2):
        return False  # "Florida Rep. Debbie Wasserman Schultz", "Robert F. Kennedy"
    if not before or before[-1] in "\n.!?\"“”‘’'(:":
        return True
    line = text[text.rfind("\n", 0, start) + 1 : (text.find("\n", start) + 1 or len(text) + 1) - 1]
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _claim_surname(d: Draft, key: str, person: EntityDraft) -> None:
    """Every free occurrence of ``key`` becomes a mention of ``person``."""
    for s, e in name_spans(d.text, key):
        if any(mm.span.start <= s < mm.span.end for mm in person.mentions):
            continue
        # An organization mention from spaCy that is really this surname moves over.
        for org in d.orgs.values():
            org.mentions = [x for x in org.mentions if (x.span.start, x.span.end) != (s, e)]
        d.release({(s, e)})
        if d.free(s, e) and not d.in_furniture(s, e):
            person.mentions.append(Mention(key, Span(d.aid, s, e)))
            d.taken.append((s, e))


def people_over_model_orgs(d: Draft) -> None:
    """A full name the article gives a person is that person everywhere: an
    "organization" with the very same name and no organization word in it (the model's
    reading of "Nadia Okafor said ..." at a paragraph start) joins the person."""
    for key, org in list(d.orgs.items()):
        person = d.people.get(key)
        if person is None or len(org.name.split()) < 2 or org.aliases or ORG_WORDS.search(org.name):
            continue
        person.mentions.extend(org.mentions)
        del d.orgs[key]


def drop_lone_words(d: Draft) -> None:
    """A one-word "person" stays only where the text treats it as one: a speaker
    ("Muhindo said") or a titled name ("President Obama"), and then every occurrence of
    the word is theirs. "Nordhavn chief executive" is a company used as a modifier."""
    text = d.text
    for key in list(d.people):
        p = d.people[key]
        if len(p.name.split()) == 1 and not any(
            SPEAKS_AFTER.match(text[m.span.end : m.span.end + 20])
            or SPEAKS_BEFORE.search(text[max(0, m.span.start - 25) : m.span.start])
            or PRE_TITLE.search(text, max(0, m.span.start - 60), m.span.start)
            for m in p.mentions
        ):
            del d.people[key]
            d.release({(m.span.start, m.span.end) for m in p.mentions})
        elif len(p.name.split()) == 1 and p.name[:1].isupper():
            _claim_surname(d, p.name, p)  # "Obama spoke": every other occurrence too


def titles_and_roles(d: Draft) -> None:
    """The first title found around any mention of each person, and its most telling
    role: a stated role phrase beats an office used as a title; first one wins a tie."""
    for p in d.people.values():
        p.mentions.sort(key=lambda m: m.span.start)
        best = 0
        for m in p.mentions:
            title, role, span, rank = person_title_and_role(d.text, m.span.start, m.span.end, d.aid)
            if title and not p.title:
                p.title = normalize_title(title)
            if role and rank > best:
                p.role, p.role_span, best = role, span, rank


def normalize_title(title: str) -> str:
    """One capitalized form per title: "colonel", "Col." -> "Colonel"."""
    return TITLE_FORMS.get(title.lower(), title[0].upper() + title[1:])


def person_title_and_role(
    text: str, start: int, end: int, aid: str
) -> tuple[str | None, str | None, Span | None, int]:
    """Title and role of the person named at [start, end), from the words around it, and
    the role's rank (0 none, 1 an office used as title, 2 a role phrase, 3 a role before
    and one after the name, joined by "; ")."""
    before = text[max(0, start - ROLE_CONTEXT_CHARS) : start].split("\n")[-1]
    base = start - len(before)
    title: str | None = None
    shown: str | None = None  # the title as given: "deputy Prime Minister"
    pre: tuple[str, int, int] | None = None  # role text and its offsets
    rank = 0
    m = PRE_TITLE.search(before)
    if m:
        title = shown = m.group("title")
        if q := OFFICE_QUALIFIER.search(m.group("role")):  # a deputy PM is no PM
            shown = m.group("role")[q.start() :].strip()
        if m.group("role").strip() != title:
            pre = (m.group("role").strip(), base + m.start("role"), base + m.end("role"))
    for pat in (PRE_ROLE, PRE_ROLE_OF, PRE_ROLE_LOWER) if pre is None and m is None else ():
        if m2 := pat.search(before):
            pre = (m2.group("role").strip(), base + m2.start("role"), base + m2.end("role"))
            break
    if pre is None:
        # The apposition may sit before the title: "its commander, Brig. Gen. X".
        m4 = PRE_APPOS.search(before[: m.start("role")] if m else before)
        if m4:
            role = _DETERMINER.sub("", m4.group("role"))
            pre = (role, base + m4.end("role") - len(role), base + m4.end("role"))
    if pre is not None:
        rank = 2
    elif m is not None and title and title not in HONORIFICS and not title.endswith("."):
        # "Interior Minister", "President": the office is the role ("Sen.", "Col.": a rank)
        pre = (m.group("title"), base + m.start("title"), base + m.end("title"))
        rank = 1
    post = _role_after(text, end, aid) if rank < 2 or m is not None else None
    if post is None:
        return shown, pre[0] if pre else None, Span(aid, pre[1], pre[2]) if pre else None, rank
    if pre is None or (
        rank == 1 and (pre[0].endswith(".") or post[0].lower().startswith(pre[0].lower()))
    ):  # "Col." before "the spokesman for ...": the title is no part of the role
        return shown, post[0], post[1], 2
    joined = f"{pre[0]}; {post[0]}"
    return shown, joined, Span(aid, pre[1], post[1].end), 3


# ", the details were discussed": a noun and its verb after the comma start a clause; an
# apposition has no verb of its own ("the spokesman who was ..." keeps its relative).
_CLAUSE_NOT_ROLE = re.compile(
    r"^(?:the|a|an)\s+(?:(?!who\b|that\b|which\b)[\w\-]+\s+){1,3}?"
    r"(?:is|are|was|were|has|have|had|will|would|could|can|may|might|did|does|do)\b"
)


def _role_after(text: str, end: int, aid: str) -> tuple[str, Span] | None:
    """ ", the spokesman for ...", ", who heads ...", " of the Center for ..." after a name."""
    if age := AGE_APPOSITION.match(text, end):
        end = age.end()
    after = text[end : end + ROLE_AFTER_CHARS]
    for pat in (POST_ROLE_OWNER, POST_ROLE, POST_OF):
        m = pat.match(after)
        if not m:
            continue
        raw = m.group("role")
        if _CLAUSE_NOT_ROLE.match(raw):
            continue  # "Martin Baron, the details were discussed": a new clause, no role
        clean = _ARTICLE.sub("", _WHO.sub("", TRAILING_DATES.sub("", raw))).strip()
        if len(clean.split()) >= 2:
            at = raw.find(clean[:10])
            off = end + m.start("role") + max(at, 0)
            return clean, Span(aid, off, off + len(clean))
    return None


def owners_before(d: Draft) -> None:
    """ "Green party’s Caroline Lucas", "Nordhavn's Signe Holmgaard": the owner named
    before a person is an organization (unless it is a place or a person), and the
    person's role when nothing else states one."""
    text = d.text
    for p in list(d.people.values()):
        for m in sorted(p.mentions, key=lambda x: x.span.start):
            start = m.span.start
            owner = OWNER_BEFORE.search(text, max(0, start - 60), start)
            if owner is None:
                continue
            name = owner.group("owner")
            if (
                norm(name) in d.people
                or any(norm(name) in k.split() for k in d.people)
                or is_place_or_people(d, name)
                or name.split()[0].lower() in ("the", "a", "an")
            ):
                continue
            claim_org(d, name)
            if not p.role:
                p.role, p.role_span = name, Span(d.aid, owner.start("owner"), owner.end("owner"))
            break


def named_only_as(d: Draft) -> None:
    """ "a KLF commander who gave his name only as Muhindo", "identified only as Rosa":
    a person who goes by one name, with the description before as the role."""
    if "name" not in d.text and "only" not in d.text:
        return  # every match has one of them: skip the scan
    for m in NAMED_ONLY_AS.finditer(d.text):
        group = "name" if m.group("name") else "name2"
        s, e = m.span(group)
        for org in list(d.orgs.values()):  # the model's reading of the lone name
            org.mentions = [x for x in org.mentions if (x.span.start, x.span.end) != (s, e)]
        d.orgs = {k: o for k, o in d.orgs.items() if o.mentions}
        d.release({(s, e)})
        person = d.add_person(s, e) or d.people.get(norm(m.group(group)))
        if person is not None and m.group("role") and not person.role:
            person.role = m.group("role").strip()
            person.role_span = Span(d.aid, m.start("role"), m.end("role"))
