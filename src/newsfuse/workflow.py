"""The library operations the CLI and the web app wrap: each runs stages over a store.

These functions are the only place where phases meet the store. They take an open
:class:`~newsfuse.store.Store` and report what they did; they never print (progress is
reported through the ``progress`` callback) and never exit.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import ingest as _ingest
from .errors import ConfigError
from .model import AnnotatedArticle, Article, Failure, Story

_MIN_DATE = _dt.date.min

Progress = Callable[[str, int], None]  # (event name, count so far)


def _noop(event: str, count: int) -> None:
    """Progress callback that does nothing."""


@dataclass
class IngestReport:
    """What an ingest run did: counts and the failures, one per bad input."""

    ingested: list[str] = field(default_factory=list)  # new article ids
    skipped: int = 0  # exact duplicates already stored
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)  # (id, original)
    non_english: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def ingest_inputs(
    store: Any,
    inputs: Iterable[str],
    *,
    fetcher: Any = None,
    progress: Progress = _noop,
) -> IngestReport:
    """Read inputs into the store, skipping exact duplicates and linking near ones.

    Each article is stored in its own transaction, so an interrupted run leaves only
    whole articles and a re-run picks up where it stopped.
    """
    return store_articles(store, _ingest.read(inputs, fetcher=fetcher), progress=progress)


def store_articles(
    store: Any, items: Iterable[Article | Failure], *, progress: Progress = _noop
) -> IngestReport:
    """Store ingested articles (and record failures), deduplicating as they come."""
    from .ingest.dedup import NearDuplicateIndex, minhash_signature

    index = NearDuplicateIndex()
    for article_id, sig in store.minhashes():
        index.add(article_id, sig)
    report = IngestReport()
    for item in items:
        if isinstance(item, Failure):
            store.record_failure(item)
            report.failures.append(item)
            progress("failed", report.failed)
            continue
        article = item
        if store.has_hash(article.content_hash):
            report.skipped += 1
            progress("skipped", report.skipped)
            continue
        sig = minhash_signature(article.text)
        original = index.query(sig)
        if original is not None:
            article = replace(
                article, duplicate_of=original, flags=(*article.flags, "near-duplicate")
            )
            report.near_duplicates.append((article.id, original))
        if store.add_article(article, sig):
            index.add(article.id, sig)
            report.ingested.append(article.id)
            if "non-english" in article.flags:
                report.non_english.append(article.id)
            progress("ingested", len(report.ingested))
        else:
            report.skipped += 1
            progress("skipped", report.skipped)
    return report


@dataclass
class AnnotateReport:
    """What an annotate run did."""

    annotated: int = 0
    failures: list[Failure] = field(default_factory=list)


def annotate_pending(
    store: Any,
    *,
    res: Any = None,
    stages: Sequence[str] | None = None,
    scheduler: str | None = None,
    address: str | None = None,
    progress: Progress = _noop,
) -> AnnotateReport:
    """Annotate every stored English article not yet annotated by this pipeline.

    With ``scheduler`` (``sync``, ``threads``, ``distributed``) the work is mapped over
    Dask partitions by :mod:`newsfuse.batch`; otherwise it runs in this process.
    """
    from .annotate import Resources, build_pipeline, run

    pipeline = build_pipeline(stages) if stages else build_pipeline()
    pending = [a for a in store.unannotated(pipeline.names) if "non-english" not in a.flags]
    if not pending:
        return AnnotateReport()
    results: Iterable[AnnotatedArticle | Failure]
    if scheduler:
        from .batch import annotate_many

        results = annotate_many(
            pending, scheduler=scheduler, address=address, stages=pipeline.names
        )
    else:
        results = run(pending, res or Resources.load(), pipeline)
    report = AnnotateReport()
    for result in results:
        if isinstance(result, Failure):
            store.record_failure(result)
            report.failures.append(result)
        else:
            store.save_annotations(result)
            report.annotated += 1
        progress("annotated", report.annotated)
    return report


def _annotations(store: Any, article_ids: Iterable[str]) -> list[AnnotatedArticle]:
    """Stored annotations of the given articles (read in batches), in publication order."""
    from .store import story_index as _index

    anns = list(_index.read_annotations(store, article_ids).values())
    return sorted(anns, key=lambda a: (a.article.published or _MIN_DATE, a.article.id))


def _near_duplicates(anns: Sequence[AnnotatedArticle]) -> dict[str, str]:
    """Article id -> original id, for the near duplicates among ``anns``."""
    return {a.article.id: a.article.duplicate_of for a in anns if a.article.duplicate_of}


def _story_summary(anns: Sequence[AnnotatedArticle], words: int) -> tuple[Any, ...]:
    """The extractive summary of a story's articles."""
    from .fuse.summary import summarize

    return summarize(anns, words=words)


def _build(anns: Sequence[AnnotatedArticle], story_id: str, words: int) -> Story:
    """Fuse the annotations of one story into a Story."""
    from .fuse import build_story

    return build_story(
        anns,
        story_id=story_id,
        summary=_story_summary(anns, words),
        near_duplicates=_near_duplicates(anns),
    )


DEFAULT_SUMMARY_WORDS = 250


class _StoreSource:
    """The story index's view of a store: stored states and document frequencies."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def states(self, keys: list[str]) -> list[Any]:
        from .fuse.clustering import StoryState
        from .store import story_index as _index

        return [StoryState.from_json(d) for d in _index.states(self.store, keys).values()]

    def doc_freqs(self, terms: list[str]) -> dict[str, int]:
        from .store import story_index as _index

        return _index.doc_freqs(self.store, terms)


def _open_index(store: Any, threshold: float | None, keys: Iterable[str] = ()) -> Any:
    """A story index over the store, with the postings of ``keys`` read in."""
    from .fuse.clustering import MAX_POSTING, StoryIndex
    from .store import story_index as _index

    source = _StoreSource(store)
    index = StoryIndex(source=source) if threshold is None else StoryIndex(threshold, source=source)
    keys = sorted(set(keys))
    index.load((), {}, _index.doc_count(store), _index.postings(store, keys, MAX_POSTING))
    return index


def _profiled(store: Any, index: Any, story_ids: Iterable[str]) -> dict[str, Any]:
    """Load stories into the index with their articles' profiles; stories grouped before
    the index was stored get profiles from their annotations. Returns the profiles that
    were computed (to be stored)."""
    from .fuse.clustering import StoryState
    from .fuse.profile import Profile, profile_of
    from .store import story_index as _index

    ids = sorted(set(story_ids))
    held = _index.members(store, ids)
    states = {k: StoryState.from_json(v) for k, v in _index.states(store, ids).items()}
    computed: dict[str, Any] = {}
    for sid in ids:
        aids = held.get(sid, [])
        stored = {a: Profile.from_json(d) for a, d in _index.profiles(store, aids).items()}
        missing = [a for a in aids if a not in stored]
        if missing:
            for aid, ann in _index.read_annotations(store, missing).items():
                stored[aid] = computed[aid] = profile_of(ann)
        order = states[sid].article_ids if sid in states else sorted(aids)
        if sid in states and not missing:
            index.load([states[sid]], {}, 0, None)
            index.know_profiles(stored.values())
        else:
            index.rebuild(sid, [stored[a] for a in order if a in stored])
    return computed


def _save(
    store: Any,
    index: Any,
    words: int,
    *,
    fresh: dict[str, AnnotatedArticle] | None = None,
    computed: dict[str, Any] | None = None,
) -> list[Story]:
    """Rebuild every story the index changed and write the run in one transaction."""
    from .store import story_index as _index

    changes = index.changes()
    members = {sid: st.article_ids for sid, st in changes.stories.items()}
    fresh = fresh or {}
    old = _index.read_annotations(
        store, (a for ids in members.values() for a in ids if a not in fresh)
    )
    by_id = {**old, **fresh}
    built = []
    for sid in sorted(members):
        anns = sorted(
            (by_id[a] for a in members[sid] if a in by_id),
            key=lambda a: (a.article.published or _MIN_DATE, a.article.id),
        )
        built.append(_build(anns, sid, words))
    profiles = {**(computed or {}), **changes.profiles}
    _index.save_run(
        store,
        built,
        {sid: (st.to_json(), sorted(st.keys)) for sid, st in changes.stories.items()},
        deleted=changes.deleted,
        profiles={a: p.to_json() for a, p in profiles.items()},
        df=changes.df,
    )
    return built


def group_stories(
    store: Any,
    *,
    threshold: float | None = None,
    words: int = DEFAULT_SUMMARY_WORDS,
    progress: Progress = _noop,
) -> list[Story]:
    """Put every annotated article that is in no story into one, and rebuild the
    stories that changed; return them.

    Work is in proportion to what is new: one query finds the new articles (a run with
    none ends there); their annotations are read once; only the index entries they hit
    and the stories they can join are read (:mod:`newsfuse.store.stories`). New articles
    are added in publication order, then by id, so the stories do not depend on the
    order they were ingested in. Articles already in a story stay there, so merges and
    splits made by the user survive. Everything the run changes is written in one
    transaction: a run killed midway leaves the store as it was, and the re-run gives
    the stories an uninterrupted run would have.
    """
    from .fuse.clustering import possible_keys
    from .fuse.profile import profile_of
    from .store import story_index as _index

    pending = _index.pending(store)
    legacy = _index.unprofiled_stories(store)
    if not pending and not legacy:
        return []
    fresh = _index.read_annotations(store, pending)
    profiles = [profile_of(fresh[a]) for a in pending if a in fresh]
    keys = {k for p in profiles for k in possible_keys(p)}
    index = _open_index(store, threshold, keys)
    computed = _profiled(store, index, legacy)
    index.count(profiles)
    for n, p in enumerate(profiles, start=1):
        index.add(p)
        progress("clustered", n)
    return _save(store, index, words, fresh=fresh, computed=computed)


def reset_stories(store: Any) -> None:
    """Forget every story and the story index (articles and annotations stay)."""
    from .store import story_index as _index

    _index.clear(store)


def merge_stories(
    store: Any, first: str, second: str, *, words: int = DEFAULT_SUMMARY_WORDS
) -> Story:
    """Merge story ``second`` into ``first`` and rebuild it (one transaction)."""
    a, b = store.get_story(first), store.get_story(second)
    if a.id == b.id:
        raise ConfigError(f"Cannot merge story {a.id} with itself.")
    index = _open_index(store, None)
    computed = _profiled(store, index, (a.id, b.id))
    index.merge(a.id, b.id)
    (story,) = _save(store, index, words, computed=computed)
    return story


def split_story(
    store: Any, story_id: str, article_ids: Sequence[str], *, words: int = DEFAULT_SUMMARY_WORDS
) -> tuple[Story, Story]:
    """Move ``article_ids`` out of a story into a new story; rebuild both."""
    story = store.get_story(story_id)
    moving = [store.get_article(i).id for i in article_ids]
    bad = [i for i in moving if i not in story.article_ids]
    if bad:
        raise ConfigError(f"Articles {', '.join(bad)} are not in story {story.id}.")
    if not [i for i in story.article_ids if i not in moving]:
        raise ConfigError("A split must leave at least one article in the story.")
    index = _open_index(store, None)
    computed = _profiled(store, index, (story.id,))
    new_id = index.split(story.id, moving)
    built = {s.id: s for s in _save(store, index, words, computed=computed)}
    return built[story.id], built[new_id]


def make_brief(store: Any, story_id: str, fmt: str = "md") -> str:
    """Render the brief of a stored story as ``md``, ``html`` or ``json``."""
    from .brief import make_brief as _make
    from .brief import render_html, render_json, render_markdown

    renderers: dict[str, Callable[[Any], str]] = {
        "md": render_markdown,
        "html": render_html,
        "json": render_json,
    }
    if fmt not in renderers:
        raise ConfigError(f"Unknown brief format {fmt!r}. Available: {', '.join(renderers)}")
    story = store.get_story(story_id)
    articles = list(store.iter_articles(story.article_ids))
    return renderers[fmt](_make(story, articles))


def story_row(story: Story) -> dict[str, Any]:
    """A one-line summary of a story for listings."""
    return {
        "id": story.id,
        "title": story.title,
        "articles": len(story.article_ids),
        "first": str(story.first_published or ""),
        "last": str(story.last_published or ""),
    }


@dataclass
class RunReport:
    """What the main job did, and where its output went."""

    ingest: IngestReport
    annotate: AnnotateReport
    stories: list[Story]
    outputs: list[Path]


def run_job(
    store: Any,
    inputs: Sequence[str],
    out_dir: Path,
    *,
    formats: Sequence[str] = ("md", "html", "json"),
    progress: Progress = _noop,
) -> RunReport:
    """The main job: ingest, annotate, group into stories, write a brief per story."""
    ing = ingest_inputs(store, inputs, progress=progress)
    ann = annotate_pending(store, progress=progress)
    group_stories(store, progress=progress)
    stories = store.list_stories()
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for story in stories:
        for fmt in formats:
            path = out_dir / f"{story.id}.{fmt}"
            path.write_text(make_brief(store, story.id, fmt), encoding="utf-8")
            outputs.append(path)
    return RunReport(ing, ann, stories, outputs)


__all__ = [
    "AnnotateReport",
    "IngestReport",
    "RunReport",
    "annotate_pending",
    "group_stories",
    "ingest_inputs",
    "make_brief",
    "merge_stories",
    "reset_stories",
    "run_job",
    "split_story",
    "store_articles",
    "story_row",
]
