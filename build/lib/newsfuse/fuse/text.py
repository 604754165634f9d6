"""Small text helpers shared by the fuse modules: tokens, stopwords, similarity."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say told according would could also one two
    new year years last week month day time people government officials mr ms
    """.split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def content_words(text: str) -> list[str]:
    """Lower-cased words of three letters or more, without stopwords."""
    return [
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text))
        if len(w) > 2 and w not in STOPWORDS
    ]


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B| (0 for two empty sets)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def tfidf(words: Iterable[str], df: Counter[str], n_docs: int) -> dict[str, float]:
    """A TF-IDF vector (log-scaled tf, smoothed idf)."""
    tf = Counter(words)
    return {
        w: (1 + math.log(c)) * math.log((1 + n_docs) / (1 + df.get(w, 0)) + 1)
        for w, c in tf.items()
    }
