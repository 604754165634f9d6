"""Group articles into stories incrementally by what happened, to whom, where and when.

Each new article joins the most similar story or starts one. Articles are compared
through their :class:`~.profile.Profile`: words, actors (people, organizations), places,
event words and the years they are about.

**Candidates by index, not all pairs.** An inverted index maps an article's keys (its
top :data:`TOP_TERMS` words by TF-IDF, its most mentioned actors and places) to the
stories that hold them. A new article is scored only against stories sharing keys with
it: at most :data:`MAX_POSTING` of the most recently updated stories per key and at most
:data:`MAX_CANDIDATES` overall, those sharing the most keys. One ``add`` is therefore
bounded whatever the size of the index (``bench/cluster_bench.py``).

**Score.** An article's similarity to a story is

    (TEXT_WEIGHT * cos(words) + ACTOR_WEIGHT * cos(actors) + PLACE_WEIGHT * cos(places))
    * time factor * YEAR_PENALTY (when both state years and none agree)

halved when the words agree less than :data:`TEXT_FLOOR` (a single shared country or
agency scores a full name cosine), with TF-IDF weights for words and names alike (a
name every story holds counts little), and halved (:data:`LEAD_PENALTY`) when the
article leads with other people than the story's leads agree on and never names theirs
(:func:`_other_people`): the words of two events of one kind agree (an arrest for
drunken driving, a team, a freeway), so whom a report is about tells them apart, and
only where the article gives no sign of being about the story's people (a report that
leads with a lawyer and names the player later still joins).
The time factor damps by :data:`TIME_DAMPING` per ``window_days`` the article's date
lies outside the story's span, less so the more their actors agree: reports
of one case months apart stay one story when they name the same people, while two
events of one kind (two rehab stays, two earthquakes) with different people, places or
years score low even when their words agree.

**Stories found apart are joined.** When an article joins a story, that story is
compared (by the same measure, from the summed features of both) with the stories its
index keys reach; if one scores at least :data:`MERGE_THRESHOLD` the smaller is absorbed
into the larger (ties by key). The first reports of an event often share too little to
meet (one names the mayor, another the rescue crews); a later report that tells both
makes their stories alike. A report can also tie two stories without making them alike
as wholes: when it scores at least :data:`BRIDGE_SCORE` with a second story and at least
:data:`BRIDGE_SHARE` of its best score, it belongs to both as much, and the two are
joined the same way (otherwise two halves of one event's coverage grow side by side,
each report going to whichever half is marginally closer). A story the user merged or
split (``edited``) is never absorbed nor absorbs, so user edits survive. Bounded like
``add``: one more candidate lookup per article (bridging reuses the scores ``add``
computed).

**Stable keys.** A story's key is a hash of the id of the article that started it
(:func:`story_key`); a story keeps its key when articles join it, when another story is
merged into it, or when some of its articles are split off; a story absorbed
automatically is reported in :attr:`Changes.deleted` and its articles take the key of the
story that absorbed it.

**State outside memory.** :class:`StoryState` and the document frequencies are plain
data with JSON forms, so a store can keep them and load only the stories a batch of new
articles can reach (:meth:`StoryIndex.load`); :meth:`StoryIndex.changes` tells what to
write back.

**Limits.** One pass: document frequencies grow as articles arrive, so early articles
are weighed with what was known then, and the result of adding a batch depends on the
order within it (the store adds new articles in publication order, then by id, so any
ingest order gives the same stories). Names agree only as equal strings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from operator import mul
from typing import Any, Protocol

from ..errors import ConfigError, NotFound
from ..model import AnnotatedArticle
from .profile import Profile, profile_of

# Calibrated on the ECB+ development topics (two same-kind events per topic), tuned on
# the odd-numbered topics and checked on the even ones, each half grouped on its own
# (B-cubed F1; a TF-IDF single-pass clusterer with its best threshold in brackets):
# odd 0.918 (0.829), even 0.918-0.924 held out (0.882), all 35 topics 0.903 (0.859).
# On the odd topics: MERGE_THRESHOLD 0.25 -> 0.922, 0.4 -> 0.907, off -> 0.896;
# threshold 0.12 -> 0.901, 0.16 -> 0.887 (both with merging); weights 0.50/0.35/0.15 ->
# 0.912; YEAR_SHARE 0.75 -> 0.901 without merging; a penalty for sharing no actor
# (0.7 or 0.5) lost more recall than it gained precision. NAME_PENALTY does not move
# ECB+ (its stories always share a name) but keeps same-kind events of the fictional
# tests apart. TEXT_FLOOR does not move the odd topics; it was added for a join seen on
# all topics (a report joined another topic's story through one shared country):
# all 0.903 -> 0.915 (0.05 -> 0.908, 0.15 -> 0.909), even 0.924 -> 0.922.
# Tried from 0.918 odd / 0.922 even / 0.915 all, none kept (odd, even, all):
# event words (cosine of triggers) as a factor 0.2 -> .913/.911/.912, 0.4 -> .894/.907/.901;
# 0.7 when the trigger sets are disjoint -> .911/.917/.913 (one kind of event is told
# with many words); 0.8 for a story sharing <= 2 index keys -> .916/.922/.906 (<= 1: no
# change); 0.7 when both state >= 2 figures and none agree -> .901/.917/.906; folding a
# one-word name into the article's one longer name ending in it -> .918/.922/.912;
# TEXT_FLOOR 0.14, CORE_NAMES 15/60, YEAR_PENALTY 0.35 all lower odd. The remaining
# mixed stories join an undated report set to a dated one of the same actors and words,
# which nothing above tells apart.
# Bridging (BRIDGE_SCORE 0.25, BRIDGE_SHARE 0.8), tuned on odd, from .915 odd / .920 even /
# .912 all (topic halves grouped on their own): .932 / .922 held out / .918 (B-cubed R
# .918 -> .936 on all, P .906 -> .901); BRIDGE_SCORE 0.2 and 0.3 and BRIDGE_SHARE 0.75
# and 0.85 give the same odd and even; BRIDGE_SHARE 0.7 (score 0.2) even .910, 0.9 odd .923;
# also requiring a story-to-story score of 0.2: odd .924.
# Also tried from .915 / .920 / .912 and not kept (odd, even, all): halving the score
# when the article's lead names and the story's main names are disjoint -> .885/.879/.880
# (0.7: .887/.906/.900); places counting half when no actor agrees -> .904/.918/.907;
# a higher threshold (+0.04) to join a one-article story -> .918/.917/.916 (noisy either
# side: +0.02 .915/.917/.911, +0.06 .910/.919/.916); damping a dated article against an
# undated story as one window away -> .907/.913/.910; undated articles added after dated
# ones -> .877/.908/.893; linear or square-root counts in story vectors -> .894-.913 odd;
# weights 0.60/0.30/0.10 -> .910/.912/.918 (all up, both halves down: not kept).
# People in the lead (LEAD_PENALTY 0.5, LEAD_SHARE 0.5, LEAD_MIN 2), from .932 odd / .922
# even / .918 all: .932 / .929 held out / .930 (B-cubed P .901 -> .922 on all, R .936 ->
# .938; pair F1 .884 -> .906; the topics it parts: two Oscar hosts, two warships' pirate
# captures). LEAD_MIN 1 gives the same on ECB+ but split a dev cluster (a bridge
# collapse: two reports, one leading with a witness, then a minister's). LEAD_SHARE 0.34
# the same, 0.67 .932/.924/.918; LEAD_PENALTY 0.4 .926/.927/.925, 0.6 .932/.924/.921; the
# lead as 1 sentence (no change from .918) or 3 (.921/.925/.921) rather than 2. Full
# names rather than surnames: odd .926 (one person named "Dirk A. Kempthorne" and "Dirk
# Kempthorne"). Not kept (odd/even/all):
# also figures in the lead (numbers) .930/.927/.927; also organizations .889/.926/.907
# (one event's reports lead with different agencies); also places .932/.927/.928; the
# story's people counting as named only where the article names them in its lead or
# often .930/.929/.928; the same test between two stories before merging or bridging
# them .928/.929/.928 or no change.
# Re-run eval-stories and bench/cluster_bench.py after changing.
JOIN_THRESHOLD = 0.14
TEXT_WEIGHT = 0.55
ACTOR_WEIGHT = 0.30
PLACE_WEIGHT = 0.15
TIME_DAMPING = 0.5  # per window_days outside the span, for a story sharing no actor:
# half the score one window away, none two windows away (shared actors soften it)
YEAR_PENALTY = 0.5  # both state the years they are about, and none agree
YEAR_SHARE = 0.5  # a story's main years: stated by half as many articles as its top one
TEXT_FLOOR = 0.10  # below this word similarity, shared names alone count half:
FLOOR_PENALTY = 0.5  # one country or one agency in common does not make one story
NAME_PENALTY = 0.5
MERGE_THRESHOLD = 0.3  # story-to-story score at which one absorbs the other
BRIDGE_SCORE = 0.25  # an article scoring this with a second story as well as with the one
BRIDGE_SHARE = 0.8  # it joins (at least this share of that score) makes the two one story
LEAD_PENALTY = 0.5  # the article leads with other people than the story's leads agree on
LEAD_SHARE = 0.5  # a story's lead people: named in the lead of this share of its articles
LEAD_MIN = 2  # ... and of at least this many: one report's witness is not whom it is about
ACTOR_FLOOR = 0.0
ACTOR_PENALTY = 1.0  # both name actors and places, and share none of either
WINDOW_DAYS = 60  # aftermath coverage runs for weeks
TOP_TERMS = 12  # top TF-IDF words of an article used as index keys
MAX_NAME_KEYS = 12  # most mentioned actors and places used as index keys
MAX_POSTING = 200  # stories read per index key, most recently updated first
MAX_CANDIDATES = 30  # stories scored per article
# Stories read from the store as candidates and left unchanged are kept for reuse, the
# least recently used dropped beyond this many (read again if needed): a run's memory
# does not grow with the store (a story's state and vectors are ~70 KB: ~140 MB).
FETCHED_KEPT = 2000
CENTROID_TERMS = 400  # words kept in a story's centroid
CORE_NAMES = 30  # a story's actors/places compared with an article: its most frequent


def story_key(first_article_id: str) -> str:
    """The stable id of a story started by an article: ``"s"`` + 11 hex characters.

    >>> story_key("0123456789abcdef")
    'sfe5567e8d76'
    """
    return "s" + hashlib.sha1(first_article_id.encode()).hexdigest()[:11]


def _cap(counts: Counter[str], size: int) -> Counter[str]:
    """The ``size`` largest counts (ties by key, so the result is deterministic)."""
    if len(counts) <= size * 2:
        return counts
    return Counter(dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]))


def _top(counts: Mapping[str, int], size: int) -> list[str]:
    """Keys of the ``size`` largest counts, ties by key."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]


def _lead_people(story: StoryState) -> set[str]:
    """The people a story is about: those named in the lead of at least
    :data:`LEAD_SHARE` of its articles and at least :data:`LEAD_MIN` of them (by
    surname); a disaster's first reports each quote another witness or official."""
    n = len(story.article_ids)
    return {who for who, c in story.leads.items() if c >= max(LEAD_SHARE * n, LEAD_MIN)}


def _other_people(p: Profile, story: StoryState) -> bool:
    """Whether an article tells of the same kind of event happening to other people:
    its lead names people no lead of the story names, while the people the story's
    leads agree on appear nowhere in the article (a second player of one team
    arrested, another actress entering the same clinic).

    >>> story = StoryState("s", article_ids=["a", "b"], leads=Counter({"jackson": 2}))
    >>> def lead(*who: str) -> Profile:
    ...     return Profile("x", {}, {"williams": 3}, {}, lead=who)
    >>> _other_people(lead("williams"), story), _other_people(lead("jackson"), story)
    (True, False)
    >>> _other_people(lead(), story)  # a lead naming no one tells nothing
    False
    """
    mine = set(p.lead)
    if not mine or mine & story.leads.keys():
        return False
    theirs = _lead_people(story)
    named = {a.split()[-1] for a in p.actors if a.split()}
    return bool(theirs) and not theirs & named


def _main_years(years: Counter[int]) -> set[int]:
    """The years a story is about: those stated by at least :data:`YEAR_SHARE` as many
    of its articles as its most stated year (a year one report gives in passing is
    background)."""
    top = max(years.values(), default=0)
    return {y for y, n in years.items() if n >= YEAR_SHARE * top}


@dataclass
class StoryState:
    """What the index keeps about a story: the sum of its articles' profiles."""

    key: str
    article_ids: list[str] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    triggers: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    leads: Counter[str] = field(default_factory=Counter)  # lead person -> articles
    edited: bool = False  # made by a user's merge or split: never merged automatically
    first: dt.date | None = None
    last: dt.date | None = None
    keys: set[str] = field(default_factory=set)

    def add(self, p: Profile, keys: Iterable[str]) -> None:
        """Take in one article's profile and index keys."""
        self.article_ids.append(p.article_id)
        self.words = _cap(self.words + Counter(p.words), CENTROID_TERMS)
        self.actors.update(p.actors)
        self.places.update(p.places)
        self.triggers.update(p.triggers)
        self.years.update(p.years)
        self.leads.update(p.lead)
        if p.published:
            self.first = min(self.first or p.published, p.published)
            self.last = max(self.last or p.published, p.published)
        self.keys.update(keys)

    def absorb(self, other: StoryState) -> None:
        """Take in every article of another story (its summed features)."""
        self.article_ids.extend(other.article_ids)
        self.words = _cap(self.words + other.words, CENTROID_TERMS)
        self.actors.update(other.actors)
        self.places.update(other.places)
        self.triggers.update(other.triggers)
        self.years.update(other.years)
        self.leads.update(other.leads)
        for d in (other.first, other.last):
            if d:
                self.first = min(self.first or d, d)
                self.last = max(self.last or d, d)
        self.keys.update(other.keys)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``from_json`` reads it back)."""
        return {
            "key": self.key,
            "ids": self.article_ids,
            "w": dict(self.words),
            "a": dict(self.actors),
            "p": dict(self.places),
            "t": dict(self.triggers),
            "y": {str(y): n for y, n in self.years.items()},
            "l": dict(self.leads),
            "e": self.edited,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "keys": sorted(self.keys),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoryState:
        """The state ``to_json`` wrote."""

        def day(v: Any) -> dt.date | None:
            return dt.date.fromisoformat(v) if v else None

        return cls(
            key=str(data["key"]),
            article_ids=[str(i) for i in data.get("ids", ())],
            words=Counter(data.get("w", {})),
            actors=Counter(data.get("a", {})),
            places=Counter(data.get("p", {})),
            triggers=Counter(data.get("t", {})),
            years=Counter({int(y): int(n) for y, n in data.get("y", {}).items()}),
            leads=Counter({str(d): int(n) for d, n in data.get("l", {}).items()}),
            edited=bool(data.get("e", False)),
            first=day(data.get("first")),
            last=day(data.get("last")),
            keys=set(data.get("keys", ())),
        )


@dataclass
class Changes:
    """What an index changed since it was loaded: the rows a store writes back."""

    stories: dict[str, StoryState]  # changed or new stories
    deleted: set[str]  # stories merged away
    profiles: dict[str, Profile]  # profiles of articles added
    df: Counter[str]  # document-frequency increments
    docs: int  # articles added


class IndexSource(Protocol):
    """Where an index reads the stored stories and counts it was not given."""

    def states(self, keys: list[str]) -> Iterable[StoryState]:
        """The stored states of these stories (unknown keys left out)."""
        ...

    def doc_freqs(self, terms: list[str]) -> Mapping[str, int]:
        """Stored document frequencies of these terms (absent ones left out)."""
        ...


def _terms(words: Iterable[str], actors: Iterable[str], places: Iterable[str]) -> list[str]:
    """The document-frequency terms of words and names (names prefixed by kind)."""
    return [*words, *(f"a:{a}" for a in actors), *(f"p:{x}" for x in places)]


def possible_keys(p: Profile) -> list[str]:
    """Every key an article could be indexed under (its index keys are some of these:
    which words are top depends on document frequencies at the time it is added)."""
    return [
        *(f"w:{w}" for w in p.words),
        *(f"a:{a}" for a in p.actors),
        *(f"p:{x}" for x in p.places),
    ]


@dataclass(frozen=True)
class _Vec:
    """A sparse vector scaled to length 1."""

    values: dict[str, float]

    def dot(self, other: _Vec) -> float:
        """Sum of products over the shared terms, in the shorter vector's order (the
        same sum, bit for bit, as over every term with 0 for the missing ones).

        >>> _Vec({"a": 0.6, "b": 0.8}).dot(_Vec({"b": 1.0, "c": 0.0}))
        0.8
        """
        a, b = self.values, other.values
        if len(a) > len(b):
            a, b = b, a
        shared = list(filter(b.__contains__, a))  # loops in C: this is the hot path
        return float(sum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared))))


class StoryIndex:
    """Incremental story clustering with an inverted index for candidates.

    >>> index = StoryIndex()
    >>> index.assignments()
    {}
    """

    def __init__(
        self,
        threshold: float = JOIN_THRESHOLD,
        window_days: int = WINDOW_DAYS,
        source: IndexSource | None = None,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"Story threshold must be between 0 and 1, got {threshold}.")
        if window_days < 0:
            raise ConfigError(f"Story window must be >= 0 days, got {window_days}.")
        self.threshold = threshold
        self.window_days = window_days
        self._stories: dict[str, StoryState] = {}
        # index key -> story keys, oldest update first; a story moves to the end on update
        self._postings: dict[str, dict[str, None]] = {}
        self._df: Counter[str] = Counter()
        self._n = 0
        self._profiles: dict[str, Profile] = {}
        self._of: dict[str, str] = {}
        self._vectors: dict[str, tuple[_Vec, _Vec, _Vec]] = {}  # story key -> cached
        self._changed: dict[str, None] = {}  # least recently changed first
        self._deleted: set[str] = set()
        self._added: dict[str, Profile] = {}
        self._df_delta: Counter[str] = Counter()
        self._source = source
        self._df_known: set[str] = set()
        self._counted: set[str] = set()  # counted by ``count``, not added yet
        self._fetched: dict[str, None] = {}  # unchanged stories read as candidates, LRU first

    def __len__(self) -> int:
        return len(self._of)

    # --- loading and saving ------------------------------------------------------------

    def load(
        self,
        stories: Iterable[StoryState],
        df: Mapping[str, int],
        docs: int,
        postings: Mapping[str, list[str]] | None = None,
    ) -> None:
        """Take in stored state: stories, document frequencies and the document count.

        ``postings`` (index key -> story keys, oldest update first) orders candidates as
        the store knows them; without it each loaded story is posted under its keys.
        Loaded state is not reported by :meth:`changes`.
        """
        for st in stories:
            self._stories[st.key] = st
            for aid in st.article_ids:
                self._of[aid] = st.key
            if postings is None:
                self._post(st.key, sorted(st.keys))
        for k, keys in (postings or {}).items():
            posting = self._postings.setdefault(k, {})
            for key in keys:
                posting[key] = None  # a story not loaded yet is read from the source
        self._df.update(df)
        self._df_known.update(df)
        self._n += docs

    def count(self, profiles: Iterable[Profile]) -> None:
        """Count a batch of articles in the document frequencies before adding them, so
        that the first ones are weighed with what the whole batch says (``add`` then
        does not count them again)."""
        profiles = list(profiles)
        new = [p for p in profiles if p.article_id not in self._of]
        self._know({t for p in new for t in _terms(p.words, p.actors, p.places)})  # one read
        for p in new:
            if p.article_id in self._counted:
                continue
            terms = _terms(p.words, p.actors, p.places)
            self._n += 1
            self._df.update(terms)
            self._df_delta.update(terms)
            self._counted.add(p.article_id)

    def _know(self, terms: Iterable[str]) -> None:
        """Read the stored document frequencies of terms not seen yet."""
        if self._source is None:
            return
        missing = sorted(set(terms) - self._df_known)
        if missing:
            self._df.update(self._source.doc_freqs(missing))
            self._df_known.update(missing)

    def _fetch(self, keys: list[str]) -> None:
        """Load stories the postings name but the index does not hold yet."""
        missing = [k for k in keys if k not in self._stories and k not in self._deleted]
        if not missing or self._source is None:
            return
        states = list(self._source.states(missing))
        self._know({t for st in states for t in _terms(st.words, st.actors, st.places)})
        for st in states:
            self._stories[st.key] = st
            self._fetched[st.key] = None
            for aid in st.article_ids:
                self._of.setdefault(aid, st.key)

    def changes(self) -> Changes:
        """The stories, profiles and counts changed since construction or ``load``;
        ``stories`` is ordered least recently changed first."""
        return Changes(
            stories={k: self._stories[k] for k in self._changed if k in self._stories},
            deleted=set(self._deleted),
            profiles=dict(self._added),
            df=Counter(self._df_delta),
            docs=len(self._added),
        )

    def state(self, key: str) -> StoryState:
        """The state of story ``key``."""
        return self._get(key)

    # --- scoring -------------------------------------------------------------------

    def _idf(self, term: str) -> float:
        n = max(self._n, 1)
        return math.log((1 + n) / (1 + self._df.get(term, 0)) + 1)

    def _vec(self, counts: Mapping[str, int], prefix: str, limit: int | None = None) -> _Vec:
        """Unit TF-IDF vector of counts (names are counted in df under ``prefix``)."""
        items = counts.items() if limit is None else ((k, counts[k]) for k in _top(counts, limit))
        # ``_idf`` inlined (the hot path of grouping): the same arithmetic, in C-bound names
        docs, df, log = 1 + max(self._n, 1), self._df.get, math.log
        raw = {k: (1 + log(c)) * log(docs / (1 + df(prefix + k, 0)) + 1) for k, c in items if c > 0}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return _Vec({k: v / norm for k, v in raw.items()} if norm else {})

    def _profile_vectors(self, p: Profile) -> tuple[_Vec, _Vec, _Vec]:
        return self._vec(p.words, ""), self._vec(p.actors, "a:"), self._vec(p.places, "p:")

    def _story_vectors(self, story: StoryState) -> tuple[_Vec, _Vec, _Vec]:
        """The story's vectors, recomputed only when the story changed."""
        cached = self._vectors.get(story.key)
        if cached is None:
            cached = (
                self._vec(story.words, ""),
                self._vec(story.actors, "a:", CORE_NAMES),
                self._vec(story.places, "p:", CORE_NAMES),
            )
            self._vectors[story.key] = cached
        return cached

    def _gap(self, story: StoryState, when: dt.date | None) -> float:
        """Days outside the story's date span in windows (0 inside it, or undated)."""
        if when is None or story.first is None or story.last is None:
            return 0.0
        gap = max((story.first - when).days, (when - story.last).days, 0)
        return gap / max(self.window_days, 1) if gap else 0.0

    def _score(self, p: Profile, vecs: tuple[_Vec, _Vec, _Vec], story: StoryState) -> float:
        """Similarity of an article (its profile and vectors) to a story."""
        words, actors, places = vecs
        s_words, s_actors, s_places = self._story_vectors(story)
        text = words.dot(s_words)
        act = actors.dot(s_actors)
        plc = places.dot(s_places)
        score = TEXT_WEIGHT * text + ACTOR_WEIGHT * act + PLACE_WEIGHT * plc
        if text < TEXT_FLOOR:
            score *= FLOOR_PENALTY
        score *= 1 - min(1.0, TIME_DAMPING * self._gap(story, p.published)) * (1 - act)
        if p.years and story.years and not set(p.years) & _main_years(story.years):
            score *= YEAR_PENALTY
        named = actors.values and places.values and s_actors.values and s_places.values
        if named and act == 0.0 and plc == 0.0:
            score *= NAME_PENALTY
        if _other_people(p, story):
            score *= LEAD_PENALTY
        return score

    def score(self, ann: AnnotatedArticle, key: str) -> float:
        """Similarity (0-1) of an article to the story ``key``, as ``add`` computes it."""
        story = self._get(key)
        p = profile_of(ann)
        return self._score(p, self._profile_vectors(p), story)

    # --- building ------------------------------------------------------------------

    def _get(self, key: str) -> StoryState:
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
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        top = [key for key, _ in ranked[:MAX_CANDIDATES]]
        self._fetch(top)
        for key in top:  # most recently used last
            if self._fetched.pop(key, 0) is None:
                self._fetched[key] = None
        return [key for key in top if key in self._stories]

    def _forget_fetched(self) -> None:
        """Drop the least recently used unchanged stories beyond :data:`FETCHED_KEPT`
        (before an article is added: every story one addition reads stays while it runs)."""
        while len(self._fetched) > FETCHED_KEPT:
            key = next(iter(self._fetched))
            del self._fetched[key]
            self._stories.pop(key, None)
            self._vectors.pop(key, None)

    def index_keys(self, p: Profile) -> tuple[str, ...]:
        """The keys an article is indexed under: top words, actors and places."""
        words = self._vec(p.words, "").values
        top = sorted(words, key=lambda w: (-words[w], w))[:TOP_TERMS]
        return (
            *(f"w:{w}" for w in top),
            *(f"a:{a}" for a in _top(p.actors, MAX_NAME_KEYS)),
            *(f"p:{x}" for x in _top(p.places, MAX_NAME_KEYS)),
        )

    def _touch(self, key: str) -> None:
        """Mark a story changed (and most recently changed): it stays in memory."""
        self._fetched.pop(key, None)
        self._vectors.pop(key, None)
        self._changed.pop(key, None)
        self._changed[key] = None

    def add(self, ann: AnnotatedArticle | Profile, key: str | None = None) -> str:
        """Add an article; return the key of the story it joined or started.

        An article already in the index stays where it is.

        Args:
            ann: the annotated article, or its profile.
            key: put it in this story (replaying stored stories) instead of choosing.

        Returns:
            The story key.
        """
        p = ann if isinstance(ann, Profile) else profile_of(ann)
        aid = p.article_id
        if aid in self._of:
            return self._of[aid]
        self._forget_fetched()
        if aid in self._counted:
            self._counted.discard(aid)
        else:
            terms = _terms(p.words, p.actors, p.places)
            self._know(terms)
            self._n += 1
            self._df.update(terms)
            self._df_delta.update(terms)
        vecs = self._profile_vectors(p)
        keys = self.index_keys(p)
        bridged: str | None = None
        if key is None:
            key, bridged = self._choose(p, vecs, keys)
            key = key or story_key(aid)
        joined = key in self._stories
        story = self._stories.setdefault(key, StoryState(key))
        story.add(p, keys)
        self._post(key, keys)
        self._touch(key)
        if joined and MERGE_THRESHOLD < 1.0:
            key = self._absorb(key, keys)
        if bridged is not None:
            key = self._bridge(key, bridged)
        self._profiles[aid] = p
        self._added[aid] = p
        self._of[aid] = key
        return key

    def _choose(
        self, p: Profile, vecs: tuple[_Vec, _Vec, _Vec], keys: Iterable[str]
    ) -> tuple[str | None, str | None]:
        """The story an article joins (None: it starts one) and the story it bridges to
        it, if any: the runner-up when the article scores at least
        :data:`BRIDGE_SCORE` with it and :data:`BRIDGE_SHARE` of its best score (ties
        between equal scores go to the later candidate, as they always did)."""
        best, best_score = None, self.threshold
        second, second_score = None, 0.0
        for cand in self._candidates(keys):
            s = self._score(p, vecs, self._stories[cand])
            if s >= best_score:
                if best is not None:
                    second, second_score = best, best_score
                best, best_score = cand, s
            elif s > second_score:
                second, second_score = cand, s
        if best is None or second is None:
            return best, None
        if second_score >= max(BRIDGE_SCORE, BRIDGE_SHARE * best_score):
            return best, second
        return best, None

    def _bridge(self, key: str, other: str) -> str:
        """Join story ``other`` with story ``key`` (an article tied them) unless either
        is gone or was made by the user; return the surviving key."""
        if other == key or other not in self._stories:
            return key
        if self._stories[key].edited or self._stories[other].edited:
            return key
        return self._unite(key, other)

    def _story_score(self, a: StoryState, b: StoryState) -> float:
        """Similarity of two stories (as :meth:`_score`, from their summed features)."""
        va, vb = self._story_vectors(a), self._story_vectors(b)
        text, act, plc = (x.dot(y) for x, y in zip(va, vb, strict=True))
        score = TEXT_WEIGHT * text + ACTOR_WEIGHT * act + PLACE_WEIGHT * plc
        if a.first and a.last:
            gap = max(self._gap(b, a.first), self._gap(b, a.last)) if b.first else 0.0
            score *= 1 - min(1.0, TIME_DAMPING * gap) * (1 - act)
        ya, yb = _main_years(a.years), _main_years(b.years)
        if ya and yb and not ya & yb:
            score *= YEAR_PENALTY
        return score

    def _absorb(self, key: str, keys: Iterable[str]) -> str:
        """Merge into story ``key`` the story it has grown most similar to, if any
        reaches :data:`MERGE_THRESHOLD` (two stories of one event, started apart when
        its first reports shared too little); return the surviving key."""
        story = self._stories[key]
        if story.edited:
            return key
        best, best_score = None, MERGE_THRESHOLD
        for cand in self._candidates(keys):
            if cand == key or self._stories[cand].edited:
                continue
            s = self._story_score(story, self._stories[cand])
            if s >= best_score:
                best, best_score = cand, s
        if best is None:
            return key
        return self._unite(key, best)

    def _unite(self, key: str, other_key: str) -> str:
        """Merge two stories automatically, the smaller into the larger (ties by key);
        return the surviving key."""
        story, other = self._stories[key], self._stories[other_key]
        keep, gone = (
            (story, other)
            if ((-len(story.article_ids), story.key) <= (-len(other.article_ids), other.key))
            else (other, story)
        )
        keep.absorb(gone)
        for aid in gone.article_ids:
            self._of[aid] = keep.key
        self._unpost(gone.key, gone.keys)
        self._post(keep.key, sorted(gone.keys))
        del self._stories[gone.key]
        self._fetched.pop(gone.key, None)
        self._vectors.pop(gone.key, None)
        self._changed.pop(gone.key, None)
        self._deleted.add(gone.key)
        self._touch(keep.key)
        return keep.key

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

    def rebuild(self, key: str, profiles: Iterable[Profile]) -> StoryState:
        """Replace story ``key`` by one holding exactly these articles' profiles."""
        old = self._stories.get(key)
        if old is not None:
            self._unpost(key, old.keys)
        rebuilt = StoryState(key)
        for p in profiles:
            rebuilt.add(p, self.index_keys(p))
            self._profiles[p.article_id] = p
            self._of[p.article_id] = key
        self._stories[key] = rebuilt
        self._post(key, sorted(rebuilt.keys))
        self._touch(key)
        self._deleted.discard(key)
        return rebuilt

    def know_profiles(self, profiles: Iterable[Profile]) -> None:
        """Take in stored profiles of articles already in loaded stories (for edits)."""
        for p in profiles:
            self._profiles[p.article_id] = p

    def _profiles_of(self, story: StoryState) -> list[Profile]:
        try:
            return [self._profiles[a] for a in story.article_ids]
        except KeyError as exc:
            raise NotFound(f"No profile of article {exc.args[0]!r} in the index.") from None

    def merge(self, a: str, b: str) -> str:
        """Move every article of story ``b`` into story ``a``; return ``a``.

        Raises:
            NotFound: either key is unknown.
            ConfigError: ``a`` and ``b`` are the same story.
        """
        if a == b:
            raise ConfigError(f"Cannot merge story {a!r} with itself.")
        sa, sb = self._get(a), self._get(b)
        profiles = self._profiles_of(sa) + self._profiles_of(sb)
        self._unpost(b, sb.keys)
        del self._stories[b]
        self._fetched.pop(b, None)
        self._vectors.pop(b, None)
        self._changed.pop(b, None)
        self._deleted.add(b)
        self.rebuild(a, profiles).edited = True
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
        wanted = set(dict.fromkeys(article_ids))
        stray = sorted(wanted - set(story.article_ids))
        if stray:
            raise ConfigError(f"Articles {', '.join(stray)} are not in story {story_key_}.")
        profiles = self._profiles_of(story)
        moving = [p for p in profiles if p.article_id in wanted]
        staying = [p for p in profiles if p.article_id not in wanted]
        if not moving or not staying:
            raise ConfigError(
                f"A split of story {story_key_} must move some but not all of its articles."
            )
        new_key = story_key(moving[0].article_id)
        if new_key in self._stories:  # the article once started a story that still exists
            new_key = story_key(moving[0].article_id + ":" + story_key_)
        self.rebuild(story_key_, staying).edited = True
        self.rebuild(new_key, moving).edited = True
        return new_key


__all__ = ["Changes", "IndexSource", "StoryIndex", "StoryState", "possible_keys", "story_key"]
