"""Extractive multi-document summary within a word budget, every sentence cited.

One scoring core, :func:`select`, serves stories (:func:`summarize`, sentences from the
annotations) and raw document clusters (:func:`summarize_texts`, the ``eval-summary``
entry point, sentences from a regex splitter). It works in four steps:

1. **Cross-source terms**: every sentence is a set of terms (light-stemmed content
   words, plus the names of entities and places when annotations are given). A term
   weighs ``(documents containing it - 1) ** DOC_POWER * (1 + log count)``: what only one
   source says weighs nothing, what every source says weighs most. This is concept
   coverage in the manner of Gillick & Favre (2009), with document frequency as weight.
2. **Position**: news puts the gist first, so a sentence's gain is multiplied by
   ``1 + POSITION_WEIGHT / (1 + position)`` (position among the usable sentences of its
   document): the lead of every source scores high.
3. **Greedy coverage with redundancy removal**: the next sentence is the one that adds the
   most *not yet covered* term weight per ``sqrt(length)``; a sentence whose TF-IDF cosine
   to a chosen one exceeds :data:`REDUNDANCY` is skipped (MMR-style), so a wire story
   carried by three outlets appears once.
4. **Budget and order**: a sentence that would overflow ``words`` is skipped and a
   shorter one tried, until the budget is within :data:`FILL_SLACK` words; the chosen
   sentences are put back in reading order (document, then position).

When no term is shared by two documents (one article, or an article next to web
boilerplate), every gain is zero and the summary falls back to the lead of the first
document. Boilerplate (cookie notices, "Click here", "Sign up", "Photo:", e-mails, URLs,
all-caps lines, very short or very long sentences) is never chosen.

Limits: extractive only (no sentence compression, no pronoun repair), so a chosen
sentence may open with "He" or "But"; term weights are lexical (no synonyms).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import AnnotatedArticle, Entity, Place, Span, SummarySentence
from .text import content_words, cosine

# Calibrated on the 250 Multi-News validation clusters at 250 words (ROUGE-1 F1):
# newsfuse 46.5 vs LexRank 43.4, TextRank 41.5, round-robin lead 43.6. Re-run
# `newsfuse eval-summary ../shared/eval/mds/multi_news_validation.jsonl` after a change.
# Tried and dropped: TF-IDF centroid scoring (45.6), bigram terms (-0.2), Porter instead of
# the light stemmer (-0.05), dropping documents that share few words with the others
# (-0.3 to -0.8: near-duplicate boilerplate pages share words with each other), a flat
# weight for single-source terms (-0.2 to -0.6), other position decays (-0.2 to -0.8).
POSITION_WEIGHT = 12.0  # 4 -> -0.1, 20 or 40 -> +-0.05: flat around 12
DOC_POWER = 1.5  # 1.0 -> -0.05, 2.0 -> -0.05
LENGTH_POWER = 0.5  # gain per length ** 0.5; 0 -> -0.0, 1 -> -0.0, 0.3 -> -0.3
REDUNDANCY = 0.35  # TF-IDF cosine; 0.15 -> -0.4, 0.25 -> -0.1, 0.5 -> -0.15
FILL_SLACK = 8  # stop once within this many words of the budget
MIN_WORDS, MAX_WORDS = 6, 45  # outside this range: headlines, fragments, run-on lists
MAX_CAPS_RATIO = 0.5  # share of upper-case letters above which a line is a heading/shout

BOILERPLATE = re.compile(
    r"(?:click here|sign up|subscribe|cookie|newsletter|advertisement|all rights reserved|"
    r"follow us|share this|read more|getty images|associated press contributed|"
    r"https?://|www\.|\S@\w|@\w|\bphoto\b:|\(ap\)$|javascript|your browser|log in|"
    r"terms of (?:use|service)|privacy policy|copyright)",
    re.I,
)
_ABBREV = (
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bGen)(?<!\bCol)"
    r"(?<!\bLt)(?<!\bSgt)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bNo)(?<!\bvs)(?<!\bInc)(?<!\bCo)"
    r"(?<!\bCorp)(?<!\bU\.S)(?<!\bU\.N)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSept)(?<!\bOct)"
    r"(?<!\bNov)(?<!\bDec)(?<!\b[A-Z])"
)
SENT_END = re.compile(_ABBREV + r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_SUFFIXES = ("ing", "ed", "es", "s")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by end punctuation, line breaks and common abbreviations.

    Roughly 100 times faster than a spaCy parse, and as good for picking summary
    sentences; offsets are trimmed of surrounding whitespace.

    >>> t = "Gen. Hale arrived. He spoke.\\nNew line"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Gen. Hale arrived.', 'He spoke.', 'New line']
    """
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in SENT_END.finditer(para.group(0)):
            out.append((start, para.start() + m.start() + len(m.group(0).rstrip())))
            start = para.start() + m.end()
        out.append((start, para.end()))
    return [_trim(text, s, e) for s, e in out if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading and trailing whitespace."""
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may enter the summary (internal to the fuse stage).

    ``doc`` and ``position`` place it in reading order; ``terms`` are extra salient terms
    (entity and place names from the annotations) counted like its words.
    """

    doc: int
    position: int
    text: str
    start: int = 0
    end: int = 0
    terms: frozenset[str] = frozenset()


def usable(text: str) -> bool:
    """True unless the sentence looks like boilerplate, a heading or a fragment.

    >>> usable("Click here to sign up for our free daily newsletter today.")
    False
    >>> usable("The river rose four feet overnight and flooded the lower town.")
    True
    """
    n = len(text.split())
    if n < MIN_WORDS or n > MAX_WORDS or BOILERPLATE.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) < MAX_CAPS_RATIO


def _stem(word: str) -> str:
    """Strip one common inflection ("strikes" -> "strik", "killed" -> "kill")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _terms(cand: Candidate) -> list[str]:
    """The sentence's stemmed content words followed by its salient terms."""
    return [_stem(w) for w in content_words(cand.text)] + sorted(cand.terms)


def _tfidf(bags: Sequence[list[str]]) -> list[dict[str, float]]:
    """TF-IDF vectors of the bags, IDF over the bags."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    n = len(bags)
    return [
        {w: (1 + math.log(k)) * math.log((1 + n) / (1 + df[w]) + 1) for w, k in Counter(b).items()}
        for b in bags
    ]


def _weights(cands: Sequence[Candidate], bags: Sequence[list[str]]) -> dict[str, float]:
    """Term weights: (documents with the term - 1) ** DOC_POWER * (1 + log count)."""
    docs: dict[int, set[str]] = {}
    for cand, bag in zip(cands, bags, strict=True):
        docs.setdefault(cand.doc, set()).update(bag)
    ddf: Counter[str] = Counter()
    for terms in docs.values():
        ddf.update(terms)
    count = Counter(w for bag in bags for w in bag)
    return {w: (ddf[w] - 1) ** DOC_POWER * (1 + math.log(k)) for w, k in count.items()}


def select(candidates: Iterable[Candidate], words: int) -> list[Candidate]:
    """The summary sentences, in reading order (document, position), within ``words``.

    Args:
        candidates: sentences of all documents; unusable ones are dropped here.
        words: the word budget (whitespace-separated tokens); never exceeded.

    Returns:
        The chosen candidates sorted by ``(doc, position)``.
    """
    cands = [c for c in candidates if usable(c.text)]
    if not cands or words <= 0:
        return []
    bags = [_terms(c) for c in cands]
    sets = [set(b) for b in bags]
    weight = _weights(cands, bags)
    vecs = _tfidf(bags)
    prior = [
        (1 + POSITION_WEIGHT / (1 + c.position)) / len(c.text.split()) ** LENGTH_POWER
        for c in cands
    ]
    covered: set[str] = set()
    chosen: list[int] = []
    left = list(range(len(cands)))
    used = 0
    while left and used < words - FILL_SLACK:
        gains = [sum(weight[w] for w in sets[i] - covered) * prior[i] for i in left]
        best = max(range(len(left)), key=gains.__getitem__)  # first on ties: reading order
        i = left.pop(best)
        n = len(cands[i].text.split())
        if used + n > words or any(cosine(vecs[i], vecs[j]) > REDUNDANCY for j in chosen):
            continue
        chosen.append(i)
        covered |= sets[i]
        used += n
    return sorted((cands[i] for i in chosen), key=lambda c: (c.doc, c.position))


def _candidates(doc: int, text: str, spans: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Candidates of one document; positions count usable sentences only."""
    out: list[Candidate] = []
    for s, e in spans:
        sent = text[s:e]
        if usable(sent):
            out.append(Candidate(doc, len(out), sent, s, e))
    return out


def summarize_texts(
    documents: Sequence[str], *, words: int = 250, nlp: Any | None = None
) -> list[str]:
    """Summary sentences of a cluster of raw documents (the ``eval-summary`` entry point).

    Args:
        documents: the texts of one cluster, in the order to read them.
        words: word budget; the summary never exceeds it.
        nlp: a spaCy pipeline to split sentences with; by default a regex splitter
            (:func:`split_sentences`), far faster on long clusters and as good here.

    Returns:
        The summary sentences in reading order.

    >>> summarize_texts(["The dam broke on Monday and flooded the valley towns below it. "
    ...                  "Officials said the repairs would take many months to finish."], words=14)
    ['The dam broke on Monday and flooded the valley towns below it.']
    """
    cands: list[Candidate] = []
    for d, text in enumerate(documents):
        if nlp is not None:
            spans = [_trim(text, s.start_char, s.end_char) for s in nlp(text).sents]
        else:
            spans = split_sentences(text)
        cands.extend(_candidates(d, text, spans))
    return [c.text for c in select(cands, words)]


def summarize(anns: Sequence[AnnotatedArticle], *, words: int = 250) -> tuple[SummarySentence, ...]:
    """The extractive summary of a story's articles, each sentence with its source span.

    Only body sentences are used (captions, datelines, bylines and credits are not);
    sentences come from the annotations (``ann.sentences``), or the regex splitter when
    an article has none. Names of people, groups and places found in the sentence count
    as terms, so what several outlets name weighs more. Articles are read oldest first,
    so the summary tells the story in order.

    Args:
        anns: the annotated articles of one story.
        words: word budget; the summary never exceeds it.

    Returns:
        Summary sentences in reading order (article date, then position), each with the
        :class:`~newsfuse.model.Span` of its exact text.
    """
    anns = sorted(anns, key=lambda a: (str(a.article.published or ""), a.article.id))
    cands: list[Candidate] = []
    for d, ann in enumerate(anns):
        text, art = ann.article.text, ann.article
        raw = (
            [_trim(text, sp.start, sp.end) for sp in ann.sentences]
            if ann.sentences
            else split_sentences(text)
        )
        body = [(s, e) for s, e in raw if e > s and art.in_body(s, e)]
        named: list[Entity | Place] = [*ann.entities, *ann.places]
        names = [(m.span.start, "@" + x.name.lower()) for x in named for m in x.mentions]
        for c in _candidates(d, text, body):
            terms = frozenset(n for pos, n in names if c.start <= pos < c.end)
            cands.append(Candidate(c.doc, c.position, c.text, c.start, c.end, terms))
    return tuple(
        SummarySentence(c.text, Span(anns[c.doc].article.id, c.start, c.end))
        for c in select(cands, words)
    )


__all__ = ["Candidate", "select", "split_sentences", "summarize", "summarize_texts", "usable"]
