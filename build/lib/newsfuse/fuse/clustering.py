"""Group articles into stories incrementally: each new article joins the most similar
story or starts one.

**Candidates by index, not all pairs.** An inverted index maps salient keys of an
article (the canonical names of its people, organizations and places, and its top
:data:`TOP_TERMS` content words by TF-IDF) to the stories that hold them. A new article
is compared only with the stories that share keys with it: at most
:data:`MAX_POSTING` of the most recently updated stories per key (a key held by more
stories than that is read like a stopword, newest first) and at most
:data:`MAX_CANDIDATES` stories overall, those sharing the most keys. The cost of one
``add`` is therefore bounded whatever the size of the index, and clustering stays near
linear in the number of articles (``bench/cluster_bench.py`` prints articles/s at 1k and
10k articles).

**Score.** An article's similarity to a story is

    (TEXT_WEIGHT * cosine(TF-IDF of the article, TF-IDF of the story's word centroid)
     + NAME_WEIGHT * Jaccard(article names, the story's most frequent names))
    * (1 - TIME_DAMPING * distance in time)

where the distance in time is 0 inside the story's date span (or when either is
undated) and grows linearly to 1 at ``window_days`` outside it. Time only damps: two
unrelated articles of the same day score what their words and names say. The article
joins the best story scoring at least ``threshold``; stories whose dates lie more than
``window_days`` away are never candidates.

**Stable keys.** A story's key is a hash of the id of the article that started it
(:func:`story_key`), so re-running on the same input gives the same keys, and a story
keeps its key when articles join it, when another story is merged into it, or when some
of its articles are split off (the new story's key derives from the first article moved).

**Limits.** Document frequencies grow as articles arrive and a story's TF-IDF vector is
refreshed only when the story changes, so early articles are weighed with what was known
then (a known limit of one-pass clustering; order articles by publication date). A story
on a long-running topic can absorb a different, later event sharing its names and words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from ..errors import ConfigError, NotFound
from ..model import AnnotatedArticle
from .text import content_words, tfidf

# Calibrated on 212 annotated Multi-News validation documents (80 clusters, shuffled,
# undated): pair P/R 0.99/0.83 at 0.14, 0.98/0.85 at 0.12, 0.99/0.78 at 0.16, 1.00/0.60
# at 0.20; the synthetic topics of bench/cluster_bench.py (mostly background words) need
# lower. Re-run both after changing any of these.
JOIN_THRESHOLD = 0.14
TEXT_WEIGHT = 0.65
NAME_WEIGHT = 0.35
TIME_DAMPING = 0.25  # at the edge of the window a story counts three quarters
WINDOW_DAYS = 60  # a story stays open this long after its latest article: aftermath
# coverage runs for weeks (the dev cluster's two reports are 42 days apart)
TOP_TERMS = 12  # top TF-IDF words of an article used as index keys
MAX_NAME_KEYS = 20  # most mentioned names of an article used as index keys
MAX_POSTING = 200  # stories read per index key, most recently updated first
MAX_CANDIDATES = 30  # stories scored per article
CENTROID_TERMS = 400  # words kept in a story's centroid
CORE_NAMES = 20  # a story's names compared with an article: its most frequent


def story_key(first_article_id: str) -> str:
    """The stable id of a story started by an article: ``"s"`` + 11 hex characters.

    >>> story_key("0123456789abcdef")
    'sfe5567e8d76'
    """
    return "s" + hashlib.sha1(first_article_id.encode()).hexdigest()[:11]


def named_keys(ann: AnnotatedArticle) -> Counter[str]:
    """Normalized canonical names of an article's people, organizations and places,
    counted by mentions (``"e:ryan dillon"``, ``"p:iraq"``)."""
    keys: Counter[str] = Counter()
    for e in ann.entities:
        keys[f"e:{e.name.lower()}"] += max(1, len(e.mentions))
    for p in ann.places:
        keys[f"p:{p.name.lower()}"] += max(1, len(p.mentions))
    return keys


@dataclass
class _Doc:
    """What the index keeps about one article (enough to rebuild a story on split)."""

    words: Counter[str]
    names: Counter[str]
    when: dt.date | None
    keys: tuple[str, ...]


@dataclass
class _Story:
    """What the index keeps about a story."""

    key: str
    article_ids: list[str] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None
    vector: dict[str, float] | None = None  # cached TF-IDF of the centroid
    norm: float = 0.0
    core: frozenset[str] | None = None  # cached most frequent names

    def add(self, aid: str, doc: _Doc) -> None:
        """Take in one article's features."""
        self.article_ids.append(aid)
        self.centroid.update(doc.words)
        if len(self.centroid) > CENTROID_TERMS * 2:
            self.centroid = Counter(dict(self.centroid.most_common(CENTROID_TERMS)))
        self.names.update(doc.names)
        self.keys.update(doc.keys)
        if doc.when:
            self.first = min(self.first or doc.when, doc.when)
            self.last = max(self.last or doc.when, doc.when)
        self.vector = None
        self.core = None


class StoryIndex:
    """Incremental story clustering with an inverted index for candidates.

    >>> index = StoryIndex()
    >>> index.assignments()
    {}
    """

    def __init__(self, threshold: float = JOIN_THRESHOLD, window_days: int = WINDOW_DAYS) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"Story threshold must be between 0 and 1, got {threshold}.")
        if window_days < 0:
            raise ConfigError(f"Story window must be >= 0 days, got {window_days}.")
        self.threshold = threshold
        self.window_days = window_days
        self._stories: dict[str, _Story] = {}
        # key -> story keys, insertion-ordered; a story is moved to the end when updated
        self._postings: dict[str, dict[str, None]] = {}
        self._df: Counter[str] = Counter()
        self._n = 0
        self._docs: dict[str, _Doc] = {}
        self._of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._of)

    # --- scoring -------------------------------------------------------------------

    def _vector(self, words: Counter[str]) -> tuple[dict[str, float], float]:
        """TF-IDF vector and norm of a bag of words under the current document counts."""
        vec = tfidf(words.elements(), self._df, max(self._n, 1)) if words else {}
        return vec, math.sqrt(sum(v * v for v in vec.values()))

    def _story_vector(self, story: _Story) -> tuple[dict[str, float], float]:
        """The story's centroid vector, recomputed only when the story changed."""
        if story.vector is None:
            n = max(self._n, 1)
            story.vector = {
                w: (1 + math.log(c)) * math.log((1 + n) / (1 + self._df.get(w, 0)) + 1)
                for w, c in story.centroid.items()
            }
            story.norm = math.sqrt(sum(v * v for v in story.vector.values()))
        return story.vector, story.norm

    def _distance(self, story: _Story, when: dt.date | None) -> float:
        """0 inside the story's date span (or undated), 1 at ``window_days`` outside it,
        above 1 beyond the window."""
        if when is None or story.first is None or story.last is None:
            return 0.0
        gap = max((story.first - when).days, (when - story.last).days, 0)
        return gap / max(self.window_days, 1) if gap else 0.0

    def _score(
        self,
        vec: dict[str, float],
        norm: float,
        names: Counter[str],
        when: dt.date | None,
        story: _Story,
    ) -> float:
        """Similarity of an article (given by its features) to a story."""
        distance = self._distance(story, when)
        if distance > 1.0:
            return 0.0  # out of the window: never a candidate
        svec, snorm = self._story_vector(story)
        dot = sum(v * svec.get(w, 0.0) for w, v in vec.items())
        text = dot / (norm * snorm) if norm and snorm else 0.0
        if story.core is None:
            story.core = frozenset(k for k, _ in story.names.most_common(CORE_NAMES))
        core = story.core
        mine = set(names)
        union = mine | core
        shared = len(mine & core) / len(union) if union else 0.0
        return (TEXT_WEIGHT * text + NAME_WEIGHT * shared) * (1 - TIME_DAMPING * distance)

    def score(self, ann: AnnotatedArticle, key: str) -> float:
        """Similarity (0-1) of an article to the story ``key``, as ``add`` computes it."""
        story = self._get(key)
        vec, norm = self._vector(Counter(content_words(ann.article.text)))
        return self._score(vec, norm, named_keys(ann), ann.article.published, story)

    # --- building ------------------------------------------------------------------

    def _get(self, key: str) -> _Story:
        """The story ``key`` or a NotFound naming it."""
        try:
            return self._stories[key]
        except KeyError:
            raise NotFound(f"No story {key!r} in the index.") from None

    def _post(self, key: str, keys: Iterable[str]) -> None:
        """Record (or refresh, as most recent) a story under index keys."""
        for k in keys:
            posting = self._postings.setdefault(k, {})
            posting.pop(key, None)
            posting[key] = None

    def _unpost(self, key: str, keys: Iterable[str]) -> None:
        """Remove a story from index keys."""
        for k in keys:
            posting = self._postings.get(k)
            if posting is not None:
                posting.pop(key, None)
                if not posting:
                    del self._postings[k]

    def _candidates(self, keys: Iterable[str]) -> list[str]:
        """Stories sharing the most index keys with an article, bounded in number."""
        hits: Counter[str] = Counter()
        for k in keys:
            posting = self._postings.get(k)
            if posting:
                hits.update(islice(reversed(posting), MAX_POSTING))
        return [key for key, _ in hits.most_common(MAX_CANDIDATES)]

    def add(self, ann: AnnotatedArticle, key: str | None = None) -> str:
        """Add an article; return the key of the story it joined or started.

        An article already in the index stays where it is.

        Args:
            ann: the annotated article.
            key: put it in this story (replaying stored stories) instead of choosing.

        Returns:
            The story key.
        """
        aid = ann.article.id
        if aid in self._of:
            return self._of[aid]
        words = Counter(content_words(ann.article.text))
        self._n += 1
        self._df.update(words.keys())
        vec, norm = self._vector(words)
        names = named_keys(ann)
        top = sorted(vec, key=lambda w: (-vec[w], w))[:TOP_TERMS]
        index_keys = tuple(
            [f"w:{w}" for w in top] + [k for k, _ in names.most_common(MAX_NAME_KEYS)]
        )
        when = ann.article.published
        doc = _Doc(words, names, when, index_keys)
        if key is None:
            best, best_score = None, self.threshold
            for cand in self._candidates(index_keys):
                s = self._score(vec, norm, names, when, self._stories[cand])
                if s >= best_score:
                    best, best_score = cand, s
            key = best or story_key(aid)
        story = self._stories.setdefault(key, _Story(key))
        story.add(aid, doc)
        self._post(key, index_keys)
        self._docs[aid] = doc
        self._of[aid] = key
        return key

    def story_of(self, article_id: str) -> str:
        """The key of the story an article is in."""
        try:
            return self._of[article_id]
        except KeyError:
            raise NotFound(f"Article {article_id!r} is not in the index.") from None

    def assignments(self) -> dict[str, list[str]]:
        """Story key -> article ids, in the order they were added."""
        return {k: list(s.article_ids) for k, s in self._stories.items() if s.article_ids}

    # --- user edits ----------------------------------------------------------------

    def merge(self, a: str, b: str) -> str:
        """Move every article of story ``b`` into story ``a``; return ``a``.

        Raises:
            NotFound: either key is unknown.
            ConfigError: ``a`` and ``b`` are the same story.
        """
        if a == b:
            raise ConfigError(f"Cannot merge story {a!r} with itself.")
        sa, sb = self._get(a), self._get(b)
        self._unpost(b, sb.keys)
        del self._stories[b]
        for aid in sb.article_ids:
            sa.add(aid, self._docs[aid])
            self._of[aid] = a
        self._post(a, sa.keys)
        return a

    def split(self, story_key_: str, article_ids: Iterable[str]) -> str:
        """Move ``article_ids`` out of a story into a new story; return the new key.

        The new key derives from the first moved article (in the order articles were
        added); the old story keeps its key.

        Raises:
            NotFound: the story is unknown.
            ConfigError: an article is not in the story, none is given, or all are.
        """
        story = self._get(story_key_)
        wanted = list(dict.fromkeys(article_ids))
        stray = [i for i in wanted if i not in story.article_ids]
        if stray:
            raise ConfigError(f"Articles {', '.join(stray)} are not in story {story_key_}.")
        moving = [i for i in story.article_ids if i in set(wanted)]
        staying = [i for i in story.article_ids if i not in set(wanted)]
        if not moving or not staying:
            raise ConfigError(
                f"A split of story {story_key_} must move some but not all of its articles."
            )
        new_key = story_key(moving[0])
        if new_key in self._stories:  # the article once started a story that still exists
            new_key = story_key(moving[0] + ":" + story_key_)
        self._unpost(story_key_, story.keys)
        for key, ids in ((story_key_, staying), (new_key, moving)):
            rebuilt = _Story(key)
            for aid in ids:
                rebuilt.add(aid, self._docs[aid])
                self._of[aid] = key
            self._stories[key] = rebuilt
            self._post(key, rebuilt.keys)
        return new_key
