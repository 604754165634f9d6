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
    metadata: dict[str, Any] | None = None,
) -> IngestReport:
    """Read inputs into the store, skipping exact duplicates and linking near ones.

    Each article is stored in its own transaction, so an interrupted run leaves only
    whole articles and a re-run picks up where it stopped. ``metadata`` (outlet,
    published, title) applies to every article read, over what the inputs say.
    Progress reports a ``total`` of input files, then ``inputs`` as each one starts.
    """
    files = [f for item in inputs for f in _ingest.expand(item)]
    progress("total", len(files))
    seen = iter(range(1, len(files) + 1))
    items = _ingest.read(
        files,
        fetcher=fetcher,
        metadata=metadata,
        progress=lambda _path: progress("inputs", next(seen, len(files))),
    )
    return store_articles(store, items, progress=progress)


def input_metadata(
    inputs: Sequence[str],
    *,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> dict[str, Any] | None:
    """Metadata given for a single input (``ingest --outlet/--published/--title``).

    Raises:
        ConfigError: given for several inputs, or a date that cannot be read.
    """
    given: dict[str, Any] = {"outlet": outlet, "published": published, "title": title}
    if not any(given.values()):
        return None
    if len(inputs) != 1:
        raise ConfigError("--outlet, --published and --title apply to a single input.")
    given["published"] = _date(published, "--published")
    return {k: v for k, v in given.items() if v}


def _date(value: str | None, option: str) -> _dt.date | None:
    """An ISO date from an option, or ConfigError naming the option."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a date (YYYY-MM-DD).") from None


def selection(
    story: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    place: str | None = None,
) -> Any:
    """An export :class:`~newsfuse.export.Selection` from option values.

    Raises:
        ConfigError: a date that is not YYYY-MM-DD.
    """
    from .export import Selection

    return Selection(story, _date(since, "--since"), _date(until, "--until"), outlet, entity, place)


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
    progress("total", len(pending))
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
    """Stored annotations of the given articles, in publication order."""
    anns = [a for a in (store.get_annotations(i) for i in article_ids) if a is not None]
    return sorted(anns, key=lambda a: (a.article.published or _MIN_DATE, a.article.id))


def _all_annotations(store: Any) -> list[AnnotatedArticle]:
    """Every stored annotation, in publication order."""
    return _annotations(store, (a.id for a in store.iter_articles()))


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


def group_stories(
    store: Any,
    *,
    threshold: float | None = None,
    words: int = DEFAULT_SUMMARY_WORDS,
    progress: Progress = _noop,
) -> list[Story]:
    """Put every annotated article into a story, incrementally, and rebuild changed ones.

    Articles already in a story stay there (so merges and splits made by the user
    survive); each new article joins the most similar existing story or starts one.
    """
    from .fuse import StoryIndex

    index = StoryIndex(threshold=threshold) if threshold is not None else StoryIndex()
    anns = _all_annotations(store)
    known: dict[str, str] = {}  # article id -> stored story id
    for story in store.list_stories():
        for aid in story.article_ids:
            known[aid] = story.id
    # Replay stored stories first so that the index knows them, then add new articles.
    key_to_story: dict[str, str] = {}
    changed: set[str] = set()
    for ann in anns:
        if ann.article.id in known:
            key = index.add(ann)
            key_to_story.setdefault(key, known[ann.article.id])
    new = [a for a in anns if a.article.id not in known]
    progress("total", len(new))
    for n, ann in enumerate(new):
        key = index.add(ann)
        story_id = key_to_story.setdefault(key, key)
        known[ann.article.id] = story_id
        changed.add(story_id)
        progress("clustered", n + 1)
    members: dict[str, list[str]] = {}
    for aid, sid in known.items():
        members.setdefault(sid, []).append(aid)
    by_id = {a.article.id: a for a in anns}
    stories = []
    for sid in sorted(changed):
        story = _build([by_id[i] for i in members[sid] if i in by_id], sid, words)
        store.save_story(story)
        stories.append(story)
    return stories


def merge_stories(
    store: Any, first: str, second: str, *, words: int = DEFAULT_SUMMARY_WORDS
) -> Story:
    """Merge story ``second`` into ``first`` and rebuild it."""
    a, b = store.get_story(first), store.get_story(second)
    if a.id == b.id:
        raise ConfigError(f"Cannot merge story {a.id} with itself.")
    anns = _annotations(store, (*a.article_ids, *b.article_ids))
    store.delete_story(b.id)
    story = _build(anns, a.id, words)
    store.save_story(story)
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
    staying = [i for i in story.article_ids if i not in moving]
    if not staying:
        raise ConfigError("A split must leave at least one article in the story.")
    from .fuse.clustering import story_key

    kept = _build(_annotations(store, staying), story.id, words)
    new = _build(_annotations(store, moving), story_key(sorted(moving)[0]), words)
    store.save_story(kept)
    store.save_story(new)
    return kept, new


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
    "run_job",
    "split_story",
    "store_articles",
    "story_row",
]
