"""Group articles into stories incrementally: each new article joins the most similar
story or starts one.

Candidate search is by index, not over all pairs: an inverted index maps salient keys
(named people, organizations and places, and the article's top TF-IDF words) to the
stories that contain them, so each new article is compared only with stories sharing a
key, and only with those whose dates fall within ``window_days``. Cost per article is
bounded by the number of candidates (``MAX_CANDIDATES``), so clustering stays near
linear in the number of articles (bench/cluster_bench.py).

Similarity of an article to a story mixes the cosine of their TF-IDF vectors (text)
with the Jaccard overlap of their named keys (entities and places), weighted by
:data:`TEXT_WEIGHT`. Document frequencies grow as articles arrive, so early articles
are weighted with what was known then: a documented limit of one-pass clustering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import AnnotatedArticle
from .text import content_words, cosine, jaccard, tfidf

# Calibrated on Multi-News validation clusters shuffled together (bench/cluster_bench.py)
# and the example corpus; re-run both after changing any of these.
JOIN_THRESHOLD = 0.22
TEXT_WEIGHT = 0.6
WINDOW_DAYS = 60  # a story stays open this long after its latest article
TOP_TERMS = 12  # top TF-IDF words of an article used as index keys
MAX_CANDIDATES = 50
CENTROID_TERMS = 400  # words kept in a story's centroid


def story_key(first_article_id: str) -> str:
    """The stable id of a story started by an article."""
    return "s" + hashlib.sha1(first_article_id.encode()).hexdigest()[:11]


def named_keys(ann: AnnotatedArticle) -> set[str]:
    """Normalized names of the people, organizations and places in an article."""
    keys = {f"e:{e.name.lower()}" for e in ann.entities}
    keys |= {f"e:{a.lower()}" for e in ann.entities for a in e.aliases}
    keys |= {f"p:{p.name.lower()}" for p in ann.places}
    return keys


@dataclass
class _Story:
    """What the index keeps about a story."""

    key: str
    article_ids: list[str] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None


class StoryIndex:
    """Incremental story clustering with an inverted index for candidates."""

    def __init__(self, threshold: float = JOIN_THRESHOLD, window_days: int = WINDOW_DAYS) -> None:
        self.threshold = threshold
        self.window = dt.timedelta(days=window_days)
        self._stories: dict[str, _Story] = {}
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._df: Counter[str] = Counter()
        self._n = 0
        self._of: dict[str, str] = {}

    def _within_window(self, story: _Story, when: dt.date | None) -> bool:
        if when is None or story.first is None or story.last is None:
            return True
        return story.first - self.window <= when <= story.last + self.window

    def score(self, ann: AnnotatedArticle, key: str) -> float:
        """Similarity of an article to a story (0-1)."""
        words = content_words(ann.article.text)
        vec = tfidf(words, self._df, max(self._n, 1))
        story = self._stories[key]
        cent = tfidf_from_counts(story.centroid, self._df, max(self._n, 1))
        names = named_keys(ann)
        return TEXT_WEIGHT * cosine(vec, cent) + (1 - TEXT_WEIGHT) * jaccard(names, story.names)

    def add(self, ann: AnnotatedArticle, key: str | None = None) -> str:
        """Add an article; return the key of the story it joined or started.

        Args:
            ann: the annotated article.
            key: put it in this story (replaying stored stories) instead of choosing.
        """
        aid = ann.article.id
        if aid in self._of:
            return self._of[aid]
        words = content_words(ann.article.text)
        self._n += 1
        self._df.update(set(words))
        vec = tfidf(words, self._df, self._n)
        names = named_keys(ann)
        top = [w for w, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:TOP_TERMS]]
        index_keys = [f"w:{w}" for w in top] + sorted(names)
        when = ann.article.published
        if key is None:
            hits: Counter[str] = Counter()
            for k in index_keys:
                hits.update(self._postings.get(k, ()))
            best, best_score = None, self.threshold
            for cand, _ in hits.most_common(MAX_CANDIDATES):
                story = self._stories[cand]
                if not self._within_window(story, when):
                    continue
                cent = tfidf_from_counts(story.centroid, self._df, self._n)
                s = TEXT_WEIGHT * cosine(vec, cent) + (1 - TEXT_WEIGHT) * jaccard(
                    names, story.names
                )
                if s >= best_score:
                    best, best_score = cand, s
            key = best or story_key(aid)
        story = self._stories.setdefault(key, _Story(key))
        story.article_ids.append(aid)
        story.centroid.update(words)
        if len(story.centroid) > CENTROID_TERMS * 2:
            story.centroid = Counter(dict(story.centroid.most_common(CENTROID_TERMS)))
        story.names.update(names)
        if when:
            story.first = min(story.first or when, when)
            story.last = max(story.last or when, when)
        for k in index_keys:
            self._postings[k].add(key)
        self._of[aid] = key
        return key

    def assignments(self) -> dict[str, list[str]]:
        """Story key -> article ids, in the order they were added."""
        return {k: list(s.article_ids) for k, s in self._stories.items() if s.article_ids}

    def merge(self, a: str, b: str) -> None:
        """Move every article of story ``b`` into story ``a``."""
        sa, sb = self._stories[a], self._stories.pop(b)
        sa.article_ids += sb.article_ids
        sa.centroid.update(sb.centroid)
        sa.names.update(sb.names)
        for aid in sb.article_ids:
            self._of[aid] = a
        for keys in self._postings.values():
            if b in keys:
                keys.discard(b)
                keys.add(a)

    def split(self, key: str, article_ids: list[str]) -> str:
        """Move ``article_ids`` out of story ``key`` into a new story; its key."""
        story = self._stories[key]
        moving = [a for a in story.article_ids if a in set(article_ids)]
        new_key = story_key(moving[0])
        story.article_ids = [a for a in story.article_ids if a not in set(moving)]
        self._stories[new_key] = _Story(new_key, moving)
        for aid in moving:
            self._of[aid] = new_key
        return new_key


def tfidf_from_counts(counts: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    """TF-IDF of a story centroid given as word counts (same weighting as ``tfidf``)."""
    return {
        w: (1 + math.log(c)) * math.log((1 + n) / (1 + df.get(w, 0)) + 1) for w, c in counts.items()
    }
