"""A story's title: a headline, never a list of names.

:func:`story_title` picks the article most central to the story (the highest TF-IDF
cosine to the story's word centroid). When articles have titles, it returns the title
of the most central *titled* article, cleaned (one line, no "- Outlet" suffix); a title
that is not :func:`headline_like` (a list of names, a shout, one or two words) is passed
over. When no article has a usable title, it compresses the lead sentence of the most
central article to a headline (:func:`headline`): no dateline, no trailing attribution
("…, officials said"), no parenthesis; with spaCy's dependency parse
(:func:`core_clause`), no opening adverbial ("With the group all but beaten, …") and no
relative clause or apposition inside the subject ("the coalition that has fought the
militants for three years is …" -> "The coalition is …"); then the first clause, at most
:data:`HEADLINE_WORDS` words, no full stop.

"Untitled story" is only returned when no article has any text.

Limits: when the spaCy model cannot be loaded, the compression is by clause boundaries
only, and a lead that opens with a long adverbial keeps it unless it starts with a
subordinator ("After weeks of talks in …, the …"). Only the subject is trimmed: a long
object is cut at a clause boundary or after :data:`HEADLINE_WORDS` words.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..errors import ConfigError
from ..model import AnnotatedArticle
from .text import content_words, cosine

HEADLINE_WORDS = 14  # a news headline is 6-14 words; longer leads are cut at a clause
MIN_CLAUSE_WORDS = 5  # a first clause shorter than this is kept with the next one
MIN_TITLE_WORDS = 3  # "Flood" or "Orvella dam" is a label, not a headline
MAX_TITLE_CAPS = 0.5  # share of capital letters above which a title is a shout or a speaker
UNTITLED = "Untitled story"

# "GOMA, Congo (AP) — ", "LONDON (Reuters) - ", "BEIRUT — ": an all-caps place first.
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]+(?:,\s*[A-Z][\w .]+)?\s*(?:\([^)]*\))?\s*[—–-]+\s*")
_ATTRIBUTION = re.compile(
    r",\s*(?:[\w.'\- ]{1,60}\s)?(?:said|says|reported|reports|told \w+|announced|"
    r"according to [^,]+)(?:\s+on\s+\w+)?\s*[.!]?[\"”’]?$",
    re.I,
)
_PAREN = re.compile(r"\s*\([^)]*\)")
# Suffixes that name the outlet: "Flood hits Orvella - The Ledger", "… | Courier News".
_OUTLET_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")
_CLAUSE = re.compile(r",\s+|\s+[—–]\s+|;\s+|:\s+")


def clean_title(title: str) -> str:
    """One line, single spaces, without an outlet suffix.

    >>> clean_title("Dam fails above Orvella\\n - The Ledger")
    'Dam fails above Orvella'
    """
    one = " ".join(title.split())
    stripped = _OUTLET_SUFFIX.sub("", one)
    return stripped if len(stripped.split()) >= 3 else one


def headline_like(title: str) -> bool:
    """True when a cleaned title reads as a headline, not a list of names or a shout.

    Rejected: fewer than :data:`MIN_TITLE_WORDS` words, mostly capital letters (a
    transcript speaker line, a kicker), or three or more comma-separated parts that are
    all short runs of capitalized words (an entity list).

    >>> headline_like("Dam fails above Orvella, flooding the valley")
    True
    >>> [headline_like(t) for t in ("Orvella, Tamsin, Valley Water Board", "DAM FAILS: LIVE", "Flood")]
    [False, False, False]
    """
    words = title.split()
    if len(words) < MIN_TITLE_WORDS:
        return False
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > MAX_TITLE_CAPS:
        return False
    parts = [
        [w for w in p.split() if w.lower() != "the"]
        for p in re.split(r",|;|\s&\s|\sand\s", title)
        if p.strip()
    ]
    names = [p for p in parts if len(p) <= 3 and all(w[:1].isupper() for w in p)]
    return not (len(parts) >= 3 and len(names) == len(parts))


# Dependents that a headline leaves out: inside the subject, relative clauses, clauses
# modifying a noun and appositions; before the subject, the sentence's adverbials.
_SUBJECT_ASIDES = frozenset({"relcl", "acl", "appos"})
_OPENING_ADVERBIALS = frozenset({"advcl", "prep", "advmod", "npadvmod", "punct", "mark", "cc"})
# Dependents of the main verb a too-long headline can do without, longest first.
_OPTIONAL = frozenset({"prep", "advcl", "advmod", "npadvmod"})


def core_clause(text: str, nlp: Any) -> str:
    """``text`` trimmed by its dependency parse to a headline's core.

    Dropped: an opening adverbial ("With the group all but beaten, …"); relative
    clauses, noun-modifying clauses and appositions inside the subject; then, while the
    sentence is longer than :data:`HEADLINE_WORDS`, the longest optional dependent
    (prepositional phrase, adverbial clause or adverb) of the main verb or of a verb it
    governs directly ("agreed to buy …"). Returned unchanged when the parse has no verb
    root with a subject before it.
    """
    sent: Any = next(iter(nlp(text).sents), None)
    if sent is None or sent.root.pos_ not in ("VERB", "AUX"):
        return text
    root = sent.root
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i > root.i:
        return text
    drop: set[int] = set()

    def cut(t: Any) -> None:
        drop.update(x.i for x in t.subtree)
        for side in (t.left_edge.i - 1, t.right_edge.i + 1):  # its commas or dashes
            if sent.start <= side < sent.end and sent.doc[side].dep_ == "punct":
                drop.add(side)

    opening = [t for t in root.children if t.i < subj.left_edge.i]
    if opening and all(t.dep_ in _OPENING_ADVERBIALS for t in opening):
        drop.update(range(sent.start, subj.left_edge.i))
    for t in subj.subtree:
        if t.dep_ in _SUBJECT_ASIDES and t is not subj:
            cut(t)
    verbs = [root, *(t for t in root.children if t.dep_ == "xcomp")]
    while sum(not (t.is_punct or t.i in drop) for t in sent) > HEADLINE_WORDS:
        optional = [
            t
            for v in verbs
            for t in v.children
            if t.dep_ in _OPTIONAL and t.i > subj.i and t.i not in drop
        ]
        if not optional:
            break
        cut(max(optional, key=lambda t: (len(list(t.subtree)), t.i)))
    words: list[str] = []
    for t in sent:
        if t.i in drop:
            continue
        glue = words and t.i - 1 not in drop and not sent.doc[t.i - 1].whitespace_
        words.append(t.text if glue or not words else " " + t.text)
    kept = re.sub(r"\s+([,;:.])", r"\1", "".join(words)).strip(" ,;:")
    if len(kept.split()) < MIN_CLAUSE_WORDS:
        return text
    return kept[:1].upper() + kept[1:]


@functools.cache
def _parser() -> Any | None:
    """The configured spaCy model, loaded once, or None when it is not installed."""
    from ..annotate.resources import load_nlp

    try:
        return load_nlp()
    except ConfigError:
        return None


def headline(sentence: str, nlp: Any | None = None) -> str:
    """A lead sentence compressed to a headline.

    With ``nlp`` (a spaCy pipeline), an opening adverbial and the subject's relative
    clauses and appositions are dropped first (:func:`core_clause`). A leading
    subordinate clause ("After 18 days of talks, …") is dropped; a sentence longer than
    :data:`HEADLINE_WORDS` is cut at its last clause boundary past
    :data:`MIN_CLAUSE_WORDS` words, else after the limit with an ellipsis.

    >>> headline("ORVELLA (Wire) — The Tamsin Dam failed early on Tuesday, sending a wall "
    ...          "of water through the valley, officials said.")
    'The Tamsin Dam failed early on Tuesday'
    >>> headline("After nine days of talks, the two sides agreed to a truce in Goma.")
    'The two sides agreed to a truce in Goma'
    """
    text = " ".join(sentence.split())
    text = _DATELINE.sub("", text)
    text = _ATTRIBUTION.sub("", text)
    text = _PAREN.sub("", text).strip().strip('"“”').rstrip(".!?")
    if nlp is not None and len(text.split()) > HEADLINE_WORDS:
        text = core_clause(text, nlp)
    first = _CLAUSE.search(text)
    if first and text.split(" ", 1)[0].lower() in _SUBORDINATORS:
        rest = text[first.end() :]
        if len(rest.split()) >= MIN_CLAUSE_WORDS:
            text = rest[:1].upper() + rest[1:]
    words = text.split()
    if len(words) <= HEADLINE_WORDS:
        return " ".join(words).rstrip(",;:")
    cuts = [
        len(text[: m.start()].split())
        for m in _CLAUSE.finditer(text)
        if MIN_CLAUSE_WORDS <= len(text[: m.start()].split()) <= HEADLINE_WORDS
    ]
    if cuts:
        return " ".join(words[: cuts[-1]]).rstrip(",;:")
    words = words[:HEADLINE_WORDS]
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


_SUBORDINATORS = frozenset(
    "after as although amid before despite during following following in on since when "
    "while with without".split()
)
_DANGLING = frozenset(
    "a an the and or but of in on at to for from by with as that which who than its their "
    "his her".split()
)


def _centrality(anns: Sequence[AnnotatedArticle]) -> list[float]:
    """Each article's TF-IDF cosine to the story's word centroid."""
    bags = [Counter(content_words(a.article.text)) for a in anns]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(anns)
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    centroid: Counter[str] = Counter()
    for bag in bags:
        centroid.update(bag)
    cvec = {w: c * idf[w] for w, c in centroid.items()}
    return [cosine({w: c * idf[w] for w, c in bag.items()}, cvec) for bag in bags]


def _lead(ann: AnnotatedArticle) -> str:
    """The first body sentence that reads as a sentence, else the first body line."""
    from .summary import complete, trim

    art = ann.article
    parts = [p for sp in ann.sentences for p in trim(art.text, sp.start, sp.end)]
    body = [art.text[s:e] for s, e in parts if art.in_body(s, e)]
    for sent in body:
        if complete(sent) and len(sent.split()) >= MIN_CLAUSE_WORDS:
            return sent
    lines = [ln.strip() for ln in art.text.splitlines() if ln.strip()]
    return body[0] if body else (lines[0] if lines else "")


def story_title(anns: Sequence[AnnotatedArticle]) -> str:
    """The headline of a story (see the module docstring).

    >>> from newsfuse.model import new_article
    >>> story_title([AnnotatedArticle(new_article("Hi.", title="Quake\\nhits coast"))])
    'Quake hits coast'
    """
    if not anns:
        return UNTITLED
    score = _centrality(anns)
    order = sorted(range(len(anns)), key=lambda i: -score[i])  # stable: earliest on ties
    for i in order:
        title = anns[i].article.title
        if title and headline_like(clean_title(title)):
            return clean_title(title)
    for i in order:
        lead = headline(_lead(anns[i]), _parser())
        if lead:
            return lead
    return UNTITLED


__all__ = ["clean_title", "headline", "headline_like", "story_title"]
