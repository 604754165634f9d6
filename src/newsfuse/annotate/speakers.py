"""Who said it: the subject of a speech cue resolved to a named person or organization.

A sieve over the entities of the article, in the spirit of Muzny et al. (2017), "A
Two-stage Sieve Approach for Quote Attribution":

1. **Named**: the subject is, or contains, a mention of an entity ("Cruz said" -> the
   entity's fullest name, "Ted Cruz", with the middle initials the article gives it
   elsewhere: "Loretta E. Lynch"); a one-word "group" that is a named person's surname
   is that person; a capitalized name the entity stage missed keeps its words.
2. **Pronoun**: "he"/"she" -> the speaker of the previous quote when the quotes run on
   (same or previous paragraph) and the gender agrees; otherwise the nearest person of
   agreeing gender mentioned before, outside quotation marks. Gender comes from
   honorifics ("Mrs", "Mr") and from the pronouns that follow a person's mentions.
   "it"/"we"/"they" -> the nearest organization.
3. **Nominal**: "the spokesman", "the prime minister" -> the nearest person whose title
   or role holds that noun (for a head of state or government with nobody so titled,
   the person the article names most often, by a margin); "the ministry", "the
   company" -> the nearest organization whose name holds it (or, for "the company",
   any organization).
4. **Unnamed**: anything else keeps the words of the source ("an eyewitness",
   "officials") with no entity id, so the quote is still reported.

Limits: no cataphora ("Before he spoke, Smith ..."), no plural people ("they" is an
organization or nobody); gender from pronouns is a vote, and a person never followed by
a pronoun agrees with both.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from ..model import Entity, Span
from .entities.patterns import PERSON_AFTER, PRE_TITLE, TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Token

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
ORG_PRONOUNS = frozenset({"it", "we", "they"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "king", "prince", "lord", "congressman"})
FEMALE_TITLES = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "queen", "princess", "congresswoman"}
)
SUBJECT_LOOKBACK = 3  # agreeing mentions searched for a subject before the nearest wins
GENDER_WINDOW = 200  # chars after a mention in which the next pronoun votes its gender
# Heads of a nominal subject that stand for an organization ("the company said").
ANY_ORG_HEADS = frozenset({"company", "firm", "group", "organization", "organisation"})
# "the prime minister said" with no titled person: the protagonist, if named this often.
LEADER_HEADS = frozenset({"minister", "president", "premier", "chancellor", "governor", "mayor"})
MIN_LEADER_MENTIONS = 3
# surname particles the text may write lowercase after a given name ("Bill de Blasio")
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "du", "la", "le"}
)
_INITIAL = re.compile(r"\s+[A-Z]\.")  # " E." of "Loretta E. Lynch"
_PRONOUN_RE = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)


class Source(NamedTuple):
    """A resolved speaker: the name to show, its entity (if any) and the words it came
    from (a named tuple, like textacy's ``DQTriple``; it never leaves annotate)."""

    name: str
    entity_id: str | None
    span: Span | None
    # "person" or "organization" for a named entity, "name" for a name the entity stage
    # missed; None for a description ("an eyewitness")
    kind: str | None = None


class Speakers:
    """Entity mentions of one article, indexed for speaker resolution."""

    def __init__(
        self,
        article_id: str,
        text: str,
        entities: tuple[Entity, ...],
        quoted: list[tuple[int, int]],
        subjects: frozenset[int] = frozenset(),
    ) -> None:
        self.aid = article_id
        self.text = text
        self.subjects = subjects  # start offsets of mentions that are a clause's subject
        self.entities = entities
        self.mentions = sorted(
            ((m.span.start, m.span.end, e) for e in entities for m in e.mentions),
            key=lambda x: x[0],
        )
        self.starts = [m[0] for m in self.mentions]
        qstarts = [q[0] for q in quoted]
        self._quoted = quoted
        self._qstarts = qstarts
        self.gender = _genders(text, entities, self.mentions)
        self._lower_words = set(re.findall(r"\b[a-z]+\b", text))
        self._by_surname: dict[str, list[Entity]] = {}
        for e in entities:
            words = e.name.split()
            for k in range(1, min(len(words), 3)) if e.kind == "person" else ():
                # "Dalen", "van Dalen" (and "Van Dalen") for "Pieter van Dalen"
                tail = " ".join(words[-k:])
                for key in {tail, tail[:1].upper() + tail[1:]}:
                    self._by_surname.setdefault(key, []).append(e)

    def inside_quote(self, pos: int) -> bool:
        """True when ``pos`` lies between quotation marks."""
        i = bisect_left(self._qstarts, pos + 1) - 1
        return i >= 0 and self._quoted[i][0] <= pos < self._quoted[i][1]

    def source(self, ent: Entity, start: int, end: int) -> Source:
        """The source for a mention of ``ent`` at [start, end), under its fullest name."""
        if ent.kind == "organization" and " " not in ent.name:
            # "Scott" read as a group where the article names "Bobby Scott": the person
            person = self.fullest(ent.name)
            if person is not None and (person.id or self.written_as_person(person.name)):
                return self.source(person, start, end)
        if ent.kind == "person" and len(ent.name.split()) <= 2:
            full = self.fullest(ent.name)
            if full is not None and full.name != ent.name:
                return self.source(full, start, end)
            given = self.with_given_name(ent.name)
            if given != ent.name:
                return Source(given, ent.id or None, Span(self.aid, start, end), ent.kind)
        name = self.with_initials(ent.name) if ent.kind == "person" else ent.name
        return Source(name, ent.id or None, Span(self.aid, start, end), ent.kind)

    def with_initials(self, name: str) -> str:
        """The name with the middle initials the article gives it elsewhere ("Loretta
        Lynch" -> "Loretta E. Lynch"): the fullest form of the name in the text."""
        words = name.split()
        if len(words) < 2 or any(w.endswith(".") for w in words[1:-1]):
            return name
        if not self._initials_follow(words[0]):
            return name  # the cheap test: no "<first> X." anywhere, so no match below
        first, rest = re.escape(words[0]), r"\s+".join(map(re.escape, words[1:]))
        for m in re.finditer(rf"\b{first}((?:\s+[A-Z]\.)+)\s+{rest}\b", self.text):
            if not self.inside_quote(m.start()):  # a name quoted from elsewhere is not his
                return " ".join([words[0], *m.group(1).split(), *words[1:]])
        return name

    def _initials_follow(self, first: str) -> bool:
        """Whether some occurrence of ``first`` is followed by an initial (" X.")."""
        pos = 0
        while (at := self.text.find(first, pos)) >= 0:
            if _INITIAL.match(self.text, at + len(first)):
                return True
            pos = at + 1
        return False

    def with_given_name(self, name: str) -> str:
        """A surname with a particle ("De Blasio", "Van Dalen") as the text writes it
        after a given name ("Bill de Blasio"), when the entity stage kept only the surname;
        the name unchanged when the text never does."""
        words = name.split()
        if len(words) != 2 or words[0].lower() not in NAME_PARTICLES:
            return name
        found: dict[str, int] = {}
        pattern = rf"\b([A-Z][a-z]+) ({re.escape(words[0])}) {re.escape(words[1])}\b"
        for m in re.finditer(pattern, self.text, re.I):
            first = m.group(1)
            if (
                first[:1].isupper()
                and first.lower() not in TITLE_WORDS
                and not self.inside_quote(m.start())
            ):
                found[m.group(0)] = found.get(m.group(0), 0) + 1
        return max(found, key=lambda k: found[k]) if found else name

    def fullest(self, surname: str) -> Entity | None:
        """The person a bare surname stands for: of the people whose name ends with it,
        the one named most often ("Cruz" -> "Ted Cruz"); else the most frequent
        "<First> <Surname>" the text writes, when the model missed it as a name."""
        if surname in self._by_surname:
            return max(self._by_surname[surname], key=lambda e: len(e.mentions))
        if " " in surname or not surname[:1].isupper():
            return None
        found: dict[str, int] = {}
        for m in re.finditer(rf"\b([A-Z][a-z]+(?: [A-Z]\.)?) {re.escape(surname)}\b", self.text):
            first = m.group(1).split()[0]
            if first.lower() not in TITLE_WORDS and first.lower() not in self._lower_words:
                found[m.group(0)] = found.get(m.group(0), 0) + 1
        if not found:
            return None
        name = max(found, key=lambda k: found[k])
        return Entity("", "person", name, ())

    def written_as_person(self, name: str) -> bool:
        """Is ``name`` written with a title before it or a role after it somewhere
        ("Phoenix Mayor Greg Stanton", "Kendal Unruh, a delegate")?"""
        for m in re.finditer(rf"\b{re.escape(name)}\b", self.text):
            before = self.text[max(0, m.start() - 60) : m.start()]
            if PRE_TITLE.search(before) or PERSON_AFTER.match(self.text[m.end() : m.end() + 60]):
                return True
        return False

    def at(self, start: int, end: int) -> Source | None:
        """The entity with a mention overlapping [start, end), people first."""
        lo = bisect_left(self.starts, start - 200)
        hits = [(s, t, e) for s, t, e in self.mentions[lo:] if s < end and t > start]
        if not hits:
            return None
        s, t, e = min(hits, key=lambda h: (h[2].kind != "person", h[0]))
        return self.source(e, s, t)

    def last_person(self, start: int, end: int) -> Source | None:
        """The last person named within [start, end)."""
        lo = bisect_left(self.starts, start)
        found = [(s, t, e) for s, t, e in self.mentions[lo:] if t <= end and e.kind == "person"]
        return self.source(found[-1][2], found[-1][0], found[-1][1]) if found else None

    def person_after_rank(self, end: int, rank: bool) -> Source | None:
        """A person named right after ``end`` behind a rank ("[Army] Capt. Christian
        Pardo", "[Air Force] 1st Lt. Tyler Livingston"); ``rank``: the text before ``end``
        ends with one ("[Army Capt]. Christian Pardo")."""
        lo = bisect_left(self.starts, end)
        for s, t, e in self.mentions[lo:]:
            if s > end + 24:
                break
            gap = self.text[end:s]
            if e.kind == "person" and (
                _RANK_GAP.fullmatch(gap) or (rank and re.fullmatch(r"\.\s+", gap))
            ):
                return self.source(e, s, t)
        return None

    def _before(self, pos: int, kinds: tuple[str, ...]) -> list[tuple[int, int, Entity]]:
        """Mentions of ``kinds`` before ``pos`` outside quotes, nearest first."""
        i = bisect_left(self.starts, pos)
        return [
            m
            for m in reversed(self.mentions[:i])
            if m[1] <= pos and m[2].kind in kinds and not self.inside_quote(m[0])
        ]

    def pronoun(self, word: str, pos: int, previous: Source | None, since: int) -> Source | None:
        """The antecedent of a subject pronoun at ``pos``: the previous quote's speaker
        (its quote ended at ``since``) unless another person of the right gender was
        named after it, else the nearest person of the right gender."""
        if word in ORG_PRONOUNS:
            hit = next(iter(self._before(pos, ("organization",))), None)
            return self.source(hit[2], hit[0], hit[1]) if hit else None
        want = "m" if word in MALE else "f"
        agreeing = [
            m
            for m in self._before(pos, ("person",))[:SUBJECT_LOOKBACK]
            if self.gender.get(m[2].id) in (None, want)
        ]
        # the nearest person who is a grammatical subject, else the nearest one
        nearest = next((m for m in agreeing if m[0] in self.subjects), None) or next(
            iter(agreeing or self._before(pos, ("person",))[:1]), None
        )  # with no one of that gender, the nearest person: the vote may be wrong
        if (
            previous is not None
            and previous.kind == "person"
            and self.gender.get(str(previous.entity_id)) in (None, want)
            and (nearest is None or nearest[0] < since or nearest[2].id == previous.entity_id)
        ):
            return previous
        return self.source(nearest[2], nearest[0], nearest[1]) if nearest else None

    def nominal(self, words: set[str], head: str, pos: int) -> Source | None:
        """The entity a definite description stands for ("the spokesman", "the prime
        minister", "the ministry"): the nearest one whose title or role holds its words;
        for a head of state or government, else the person named most often."""
        for s, t, e in self._before(pos, ("person", "organization")):
            if e.kind == "person" and words <= _words(e.title) | _words(e.role):
                return self.source(e, s, t)
            if e.kind == "organization" and (head in _words(e.name) or head in ANY_ORG_HEADS):
                return self.source(e, s, t)
        if head in LEADER_HEADS:
            # the protagonist: the person the whole article names most often, by a margin
            people = [m for m in self.mentions if m[2].kind == "person"]
            counts: dict[str, int] = {}
            for m in people:
                counts[m[2].id] = counts.get(m[2].id, 0) + 1
            ranked = sorted(counts.values(), reverse=True)
            before = self._before(pos, ("person",))
            best = max(before, key=lambda m: counts[m[2].id], default=None)
            if (
                best is not None
                and counts[best[2].id] == ranked[0] >= MIN_LEADER_MENTIONS
                and (len(ranked) == 1 or ranked[0] > ranked[1])
            ):
                return self.source(best[2], best[0], best[1])
        return None

    def resolve(self, subj: Token, previous: Source | None, since: int = 0) -> Source:
        """The source for the subject token of a speech cue; ``previous`` is the speaker
        of the quote before, which ended at ``since``."""
        low = subj.lower_
        text = self.text
        if low in ("who", "that") and subj.head.dep_ == "relcl" and subj.head.head is not subj:
            subj = subj.head.head  # "a surrogate who said": the noun the clause is about
            low = subj.lower_
        if low in MALE or low in FEMALE or low in ORG_PRONOUNS:
            hit = self.pronoun(low, subj.idx, previous, since)
            if hit is not None:
                return hit
            return Source(subj.text, None, None)
        start = subj.left_edge.idx
        end = subj.right_edge.idx + len(subj.right_edge.text)
        # the subject's own name ("Flynn, a top Trump surrogate, said": Flynn, not Trump)
        own = _name_tokens(subj)
        hit = self.at(own[0].idx, subj.idx + len(subj.text)) if own else None
        if hit is None or hit.kind != "person":
            # a name in apposition ("Center for ... fellow Nicholas Heras", "the minister,
            # Danilo Toninelli,"); a name that only modifies a word ("a top Trump
            # surrogate") is not the speaker
            for tok in subj.subtree:
                names = _name_tokens(tok) if tok.dep_ == "appos" else []
                found = self.at(names[0].idx, tok.idx + len(tok.text)) if names else None
                if found is not None and found.kind == "person":
                    hit = found
                    break
        if hit is None and not own:
            hit = self.at(start, end)
        if hit is None or hit.kind != "person":
            # "said Army Capt. Christian Pardo": the parse may stop at the rank's full stop
            ranked = self.person_after_rank(
                subj.idx + len(subj.text), subj.text.rstrip(".").lower() in TITLE_WORDS
            )
            hit = ranked or hit
        if hit is not None:
            return hit
        if subj.pos_ in ("NOUN", "PROPN") and any(c.lower_ == "the" for c in subj.children):
            nom = self.nominal(_words(text[start:end]) - {"the"}, subj.lemma_.lower(), subj.idx)
            if nom is not None:
                return nom
        if subj.pos_ == "PROPN":
            # A name the entity stage missed ("Mayor Ines Calder" tagged PRODUCT): its words.
            names = own
            if names:
                s0, s1 = names[0].idx, names[-1].idx + len(names[-1].text)
                full = self.fullest(text[s0:s1]) if len(names) == 1 else None
                if full is not None:
                    return self.source(full, s0, s1)
                return Source(text[s0:s1], None, Span(self.aid, s0, s1), "name")
        return Source(text[start:end], None, Span(self.aid, start, end))


# Between a group and the person it qualifies: a rank, perhaps with an ordinal.
_RANK_GAP = re.compile(r"\.?\s+(?:\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][a-z]{1,4}\.\s+){1,2}")


def _name_tokens(subj: Token) -> list[Token]:
    """The run of capitalized proper nouns ending at ``subj``, titles left out ("campaign
    manager Robby Mook" -> Robby Mook); empty when ``subj`` is not such a word."""
    out: list[Token] = []
    tok: Token | None = subj
    while (
        tok is not None
        and tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.text.rstrip(".").lower() not in TITLE_WORDS
    ):
        out.insert(0, tok)
        tok = tok.nbor(-1) if tok.i > tok.sent.start else None
    return out


def _words(text: str | None) -> set[str]:
    """Lower-case words of a title or role."""
    return set(re.findall(r"[a-z]+", (text or "").lower()))


def _genders(
    text: str, entities: tuple[Entity, ...], mentions: list[tuple[int, int, Entity]]
) -> dict[str, str | None]:
    """Gender of each person: its honorific, else a vote of the pronouns that follow its
    mentions (each pronoun counted for the nearest person before it only)."""
    out: dict[str, str | None] = {}
    votes: dict[str, list[int]] = {}
    people = [m for m in mentions if m[2].kind == "person"]
    for k, (_, end, ent) in enumerate(people):
        nxt = people[k + 1][0] if k + 1 < len(people) else len(text)
        window_end = min(nxt, end + GENDER_WINDOW)
        m = _PRONOUN_RE.search(text, end, window_end)
        if m:
            v = votes.setdefault(ent.id, [0, 0])
            v[0 if m.group(0).lower() in MALE else 1] += 1
    for ent in entities:
        if ent.kind != "person":
            continue
        title = (ent.title or "").lower()
        if title in MALE_TITLES:
            out[ent.id] = "m"
        elif title in FEMALE_TITLES:
            out[ent.id] = "f"
        elif ent.id in votes and votes[ent.id][0] != votes[ent.id][1]:
            out[ent.id] = "m" if votes[ent.id][0] > votes[ent.id][1] else "f"
        else:
            out[ent.id] = None
    return out
