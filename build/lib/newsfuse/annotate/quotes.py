"""Direct and reported quotes, each with its speaker resolved to a named entity.

Finding quotes: straight and curly marks; a quote that runs past the end of a paragraph
(the newswire convention: no closing mark, the next paragraph opens again) is one quote.

Attributing them is a sieve in the spirit of Muzny et al. (2017), "A Two-stage Sieve
Approach for Quote Attribution" (the CoreNLP quote annotator), applied in order:

1. **Cue in the sentence**: a speech verb ("said", "told", "warned", "according to")
   outside the marks in the quote's sentence; its grammatical subject (or the name after
   an inverted "said X") is the speaker when it is, or contains, an entity mention.
2. **Pronoun**: the subject is "he"/"she" -> the most recent person mentioned before the
   quote (organizations are skipped: "it" and "they" may take one).
3. **Continuation**: a quote with no cue of its own, right after another quote in the
   same or the previous paragraph, continues that speaker.
4. **Unresolved**: a cue whose subject names no entity ("officials said") leaves the
   speaker empty rather than guessing.

Quotes of three words or fewer with no speech cue in their sentence are scare quotes or
titles, and are dropped. Reported speech ("X said that ...", no marks) becomes a quote
with ``direct=False`` when its speaker resolves to a named entity.

Limits: no coreference beyond pronouns ("the colonel said"); a quote attributed only in
a later paragraph is not linked back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Article, Entity, Quote, Span
from .entities import TITLES

_TITLE_WORDS = frozenset(w.rstrip(".") for t in TITLES for w in t.split())

SPEECH_VERBS = frozenset(
    """
    say tell add warn insist explain note claim argue declare announce state write ask
    reply respond acknowledge admit predict caution stress recall suggest urge vow
    pledge promise concede complain confirm deny contend maintain observe remark assert
    quip emphasize emphasise tweet post testify
    """.split()
)
MIN_QUOTE_WORDS = 4  # below this a quote needs a cue in its sentence (scare quotes, titles)
PRONOUN_PEOPLE = {"he", "she", "him", "her"}
PRONOUN_ANY = {"it", "they", "we", "i"}
SCARE_BEFORE = re.compile(r"(?:so-called|dubbed|termed|nicknamed|branded)\s*[“\"]?$", re.I)
OPENERS = '“"«'
CLOSERS = '”"»'


@dataclass
class _Seg:
    """One quoted stretch of text: content offsets and whether it continues."""

    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_end: bool = False  # the paragraph ended before a closing mark


def _segments(text: str) -> list[_Seg]:
    """Every quoted stretch, paragraph by paragraph."""
    segs: list[_Seg] = []
    for pm in re.finditer(r"[^\n]+", text):
        para, base = pm.group(0), pm.start()
        i, n = 0, len(para)
        while i < n:
            ch = para[i]
            if ch in OPENERS and (ch != '"' or i == 0 or not para[i - 1].isalnum()):
                closer = "”" if ch == "“" else ("»" if ch == "«" else '"')
                j = para.find(closer, i + 1)
                if ch == '"':
                    j = _straight_close(para, i + 1)
                if j == -1:
                    segs.append(_Seg(base + i + 1, base + n, open_end=True))
                    break
                if j > i + 1:
                    segs.append(_Seg(base + i + 1, base + j))
                i = j + 1
            else:
                i += 1
    return segs


def _straight_close(para: str, start: int) -> int:
    """Index of the straight quote that closes one opened before ``start``, or -1."""
    for k in range(start, len(para)):
        if para[k] == '"' and (k + 1 == len(para) or not para[k + 1].isalnum()):
            return k
    return -1


def _merge_continued(text: str, segs: list[_Seg]) -> list[tuple[int, int]]:
    """Join a quote left open at a paragraph's end with the next paragraph's quote."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(segs):
        start, end = segs[k].start, segs[k].end
        while segs[k].open_end and k + 1 < len(segs):
            nxt = segs[k + 1]
            gap = text[end : nxt.start - 1]
            if gap.strip():
                break
            end = nxt.end
            k += 1
        out.append((start, end))
        k += 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and trailing punctuation commas from a quote's content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ","):
        end -= 1
    return start, end


class _Resolver:
    """Maps character offsets to entities, and finds the last person before a point."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self.mentions = sorted(
            ((m.span.start, m.span.end, e) for e in entities for m in e.mentions),
            key=lambda x: x[0],
        )

    def at(self, start: int, end: int) -> tuple[Entity, int, int] | None:
        """The entity with a mention overlapping [start, end), people first."""
        hits = [(e, s, t) for s, t, e in self.mentions if s < end and t > start]
        hits.sort(key=lambda h: (h[0].kind != "person", h[1]))
        return hits[0] if hits else None

    def last_person(self, before: int) -> tuple[Entity, int, int] | None:
        """The person mentioned most recently before ``before``."""
        for s, t, e in reversed(self.mentions):
            if t <= before and e.kind == "person":
                return e, s, t
        return None

    def last_any(self, before: int) -> tuple[Entity, int, int] | None:
        """The entity mentioned most recently before ``before``."""
        for s, t, e in reversed(self.mentions):
            if t <= before:
                return e, s, t
        return None


def _cue_verb(sent: Any, qstart: int, qend: int, quoted: list[tuple[int, int]]) -> Any:
    """The speech verb outside any quote in the sentence, nearest the quote."""
    best, best_d = None, 10**9
    for tok in sent:
        if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if any(s <= tok.idx < e for s, e in quoted):
            continue
        d = qstart - tok.idx if tok.idx < qstart else tok.idx - qend
        if d < best_d:
            best, best_d = tok, d
    return best


def _cue_around(
    doc: Any, cs: int, ce: int, qs: int, qe: int, quoted: list[tuple[int, int]]
) -> tuple[Any, Any]:
    """The sentence and speech verb for a quote: the sentence where it opens, or where it
    closes (a multi-sentence quote followed by "said X")."""
    first = None
    for point in (cs, max(cs, ce - 1), min(len(doc.text) - 1, qe + 1)):
        span = doc.char_span(point, point + 1, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        first = first or sent
        verb = _cue_verb(sent, qs, qe, quoted)
        if verb is not None:
            return sent, verb
    return first, None


def _according_to(sent: Any, quoted: list[tuple[int, int]]) -> Any:
    """The object of 'according to' in the sentence, outside quotes."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 2 <= sent.end:
            nxt = tok.doc[tok.i + 1]
            if nxt.lower_ == "to" and not any(s <= tok.idx < e for s, e in quoted):
                objs = [c for c in nxt.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return None


def _speaker_of(
    verb: Any, res: _Resolver, quote_start: int
) -> tuple[Entity, int, int] | str | None:
    """Entity that is the subject of a speech verb; 'unnamed' when it names no entity."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        # "said Dr. Imran Sayed": the parser sometimes hangs the name elsewhere; the
        # words right after an inverted cue name the speaker.
        for tok in verb.doc[verb.i + 1 : min(verb.i + 6, verb.sent.end)]:
            hit = res.at(tok.idx, tok.idx + len(tok.text))
            if hit:
                return hit
        return "unnamed"
    low = subj.lower_
    if low in PRONOUN_PEOPLE:
        return res.last_person(min(subj.idx, quote_start))
    if low in PRONOUN_ANY:
        return res.last_any(min(subj.idx, quote_start))
    start = subj.left_edge.idx
    end = subj.right_edge.idx + len(subj.right_edge.text)
    hit = res.at(subj.idx, subj.idx + len(subj.text)) or res.at(start, end)
    if hit:
        return hit
    if subj.pos_ == "PROPN":
        # A name the entity stage missed ("Mayor Ines Calder" tagged PRODUCT): its words.
        words = [t for t in subj.subtree if t.pos_ == "PROPN" and t.text[0].isupper()]
        words = [t for t in words if t.text.rstrip(".") not in _TITLE_WORDS]
        if words:
            s0, s1 = words[0].idx, words[-1].idx + len(words[-1].text)
            name = subj.doc.text[s0:s1]
            return Entity("", "person", name, ()), s0, s1
    return "unnamed"


def extract_quotes(article: Article, doc: Any, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Direct quotes with their speakers, plus reported speech of named speakers.

    Args:
        article: the article (captions and credit lines are skipped).
        doc: its spaCy Doc (sentences, lemmas, dependency parse).
        entities: people and organizations from the entities stage.

    Returns:
        Quotes in text order; ``speaker`` is an entity name or None when the text does
        not name one.
    """
    text, aid = article.text, article.id
    res = _Resolver(entities)
    quoted = [q for q in _merge_continued(text, _segments(text)) if article.in_body(*q)]
    out: list[Quote] = []
    prev: tuple[int, Quote] | None = None  # (paragraph index, quote)
    for qs, qe in quoted:
        cs, ce = _trim(text, qs, qe)
        if ce <= cs:
            continue
        content = text[cs:ce]
        para_idx = text.count("\n\n", 0, cs)
        sent, verb = _cue_around(doc, cs, ce, qs, qe, quoted)
        speaker: tuple[Entity, int, int] | str | None = None
        cue = None
        if verb is not None:
            speaker = _speaker_of(verb, res, qs)
            cue = verb.text
        elif sent is not None and (obj := _according_to(sent, quoted)) is not None:
            speaker = res.at(obj.idx, obj.right_edge.idx + len(obj.right_edge.text)) or "unnamed"
            cue = "according to"
        if speaker is None and verb is None and prev is not None and para_idx - prev[0] <= 1:
            q0 = prev[1]
            speaker_q = Quote(
                content, Span(aid, cs, ce), q0.speaker, q0.speaker_id, q0.speaker_span, q0.cue
            )
            out.append(speaker_q)
            prev = (para_idx, speaker_q)
            continue
        short = len(content.split()) < MIN_QUOTE_WORDS
        if short and (
            not isinstance(speaker, tuple) or SCARE_BEFORE.search(text[max(0, qs - 12) : qs])
        ):
            continue  # a scare quote or a title: short, and nobody named says it
        if isinstance(speaker, tuple):
            ent, s, t = speaker
            q = Quote(content, Span(aid, cs, ce), ent.name, ent.id or None, Span(aid, s, t), cue)
        else:
            q = Quote(content, Span(aid, cs, ce), None, None, None, cue)
        out.append(q)
        prev = (para_idx, q)
    out.extend(_reported(article, doc, res, quoted))
    return tuple(sorted(out, key=lambda q: q.span.start))


def _reported(
    article: Article, doc: Any, res: _Resolver, quoted: list[tuple[int, int]]
) -> list[Quote]:
    """'X said (that) ...' without quotation marks, when X is a named entity."""
    out = []
    for sent in doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        if any(qs < s1 and qe > s0 for qs, qe in quoted) or not article.in_body(s0, s1):
            continue
        for tok in sent:
            if tok.lemma_.lower() not in SPEECH_VERBS or tok.pos_ != "VERB":
                continue
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is None:
                continue
            who = _speaker_of(tok, res, tok.idx)
            if not isinstance(who, tuple):
                continue
            left = comp.left_edge
            if left.lower_ == "that":
                left = doc[left.i + 1]
            start, end = left.idx, comp.right_edge.idx + len(comp.right_edge.text)
            if end - start < 15:
                continue
            ent, s, t = who
            out.append(
                Quote(
                    article.text[start:end],
                    Span(article.id, start, end),
                    ent.name,
                    ent.id,
                    Span(article.id, s, t),
                    tok.text,
                    direct=False,
                )
            )
            break
    return out
