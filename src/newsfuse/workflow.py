"""The library operations the CLI and the web app wrap: each runs stages over a store.

These functions are the only place where phases meet the store. They take an open
:class:`~newsfuse.store.Store` and report what they did; they never print (progress is
reported through the ``progress`` callback) and never exit.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from . import ingest as _ingest
from .errors import ConfigError, NotFound
from .model import AnnotatedArticle, Article, Claim, Failure, Story
from .store.work import new_owner

_MIN_DATE = _dt.date.min
# Signatures stored by other processes this long before our index was read are re-checked
# inside each write transaction (covers a concurrent writer's open transaction).
DEDUP_SLACK = _dt.timedelta(minutes=10)

Progress = Callable[[str, int], None]  # (event name, count so far)


def _noop(event: str, count: int) -> None:
    """Progress callback that does nothing."""


F = TypeVar("F", bound=Callable[..., Any])


def _serialized(lock: str) -> Callable[[F], F]:
    """Run the decorated ``f(store, ...)`` holding the store-wide lock ``lock``, so two
    runs that rewrite stories (two ``stories``, a ``stories`` and a merge) never
    interleave; the second waits for the first and then sees its result."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def locked(store: Any, *args: Any, **kwargs: Any) -> Any:
            with store.lock(lock):
                return func(store, *args, **kwargs)

        return locked  # type: ignore[return-value]

    return wrap


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

    since = _dt.datetime.now(_dt.UTC).replace(tzinfo=None) - DEDUP_SLACK
    index = NearDuplicateIndex()
    seen: set[str] = set()
    for article_id, sig in store.minhashes():
        index.add(article_id, sig)
        seen.add(article_id)
    report = IngestReport()
    for item in items:
        if isinstance(item, Failure):
            store.record_failure(item)
            report.failures.append(item)
            progress("failed", report.failed)
            continue
        if store.has_hash(item.content_hash):
            report.skipped += 1
            progress("skipped", report.skipped)
            continue
        sig = minhash_signature(item.text)

        def link(article: Article, fresh: list[tuple[str, bytes]], sig: bytes = sig) -> Article:
            """Mark ``article`` as a copy of the most similar stored one, if any."""
            for other_id, other_sig in fresh:
                index.add(other_id, other_sig)
                seen.add(other_id)
            original = index.query(sig)
            if original is None:
                return article
            return replace(article, duplicate_of=original, flags=(*article.flags, "near-duplicate"))

        stored = store.add_article_linked(item, sig, link, since, seen)
        if stored is None:
            report.skipped += 1
            progress("skipped", report.skipped)
            continue
        index.add(stored.id, sig)
        seen.add(stored.id)
        report.ingested.append(stored.id)
        if stored.duplicate_of:
            report.near_duplicates.append((stored.id, stored.duplicate_of))
        if "non-english" in stored.flags:
            report.non_english.append(stored.id)
        progress("ingested", len(report.ingested))
    return report


@dataclass
class AnnotateReport:
    """What an annotate run did."""

    annotated: int = 0
    failures: list[Failure] = field(default_factory=list)


ANNOTATE_BATCH = 16  # articles per claimed batch: one batch is the work lost to a kill -9


def annotate_pending(
    store: Any,
    *,
    res: Any = None,
    stages: Sequence[str] | None = None,
    scheduler: str | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = ANNOTATE_BATCH,
    progress: Progress = _noop,
) -> AnnotateReport:
    """Annotate every stored English article not yet annotated by this pipeline.

    Work is claimed from the store a batch at a time (a lease per article), handed to
    the executor of :mod:`newsfuse.batch` and saved as each batch completes, so memory
    stays bounded, an interrupted run keeps every finished batch, and two runs at once
    (or the workers of a cluster) never annotate the same article.

    Args:
        store: an open store.
        res: already loaded resources: annotate in this process with them.
        stages: stage names (default: the default pipeline).
        scheduler: ``processes`` (default), ``sync``, ``threads`` or ``distributed``.
        address: a ``dask.distributed`` scheduler address (``distributed`` only).
        workers: local workers (default: one per core); small jobs run in this process.
        batch_size: articles per claimed batch.
        progress: called with ``("total", n)`` once, then ``("annotated", count)``.
    """
    from . import batch
    from .annotate import build_pipeline

    pipeline = build_pipeline(stages) if stages else build_pipeline()
    names = tuple(pipeline.names)
    total = store.count_unannotated(names)
    progress("total", total)
    report = AnnotateReport()
    if not total:
        return report
    owner = new_owner()

    def claim(n: int) -> list[Article]:
        ids = store.claim_unannotated(names, owner, n)
        by_id = {a.id: a for a in store.iter_articles(ids)}
        return [by_id[i] for i in ids if i in by_id]

    def in_process(arts: Sequence[Article], _model: Any, _stages: Any) -> list[Any]:
        from .annotate import run

        return list(run(arts, res, pipeline))

    chosen = scheduler or "processes"
    if res is not None or (chosen == "processes" and total <= batch_size):
        chosen, workers = "sync", 1
    fn = in_process if res is not None else batch.annotate_batch
    try:
        with batch.executor(chosen, workers=workers, address=address) as (ex, slots):
            for done, results in batch.stream(
                ex, slots, claim, batch_size=batch_size, stages=names, fn=fn
            ):
                for result in results:
                    if isinstance(result, Failure):
                        store.record_failure(result)
                        report.failures.append(result)
                    else:
                        store.save_annotations(result)
                        report.annotated += 1
                store.release_leases(owner, [a.id for a in done])
                progress("annotated", report.annotated + len(report.failures))
    finally:
        store.release_leases(owner)
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


def _build(
    anns: Sequence[AnnotatedArticle], story_id: str, words: int, reviews: Sequence[Any] = ()
) -> Story:
    """Fuse the annotations of one story into a Story, analysts' claim reviews applied."""
    from .fuse import build_story
    from .fuse.claims import apply_reviews

    story = build_story(
        anns,
        story_id=story_id,
        summary=_story_summary(anns, words),
        near_duplicates=_near_duplicates(anns),
    )
    return dataclasses.replace(story, claims=apply_reviews(story.claims, reviews))


def _reviews(store: Any) -> list[Any]:
    """Every stored claim review, oldest first (#8)."""
    from .store.reviews import list_reviews

    return list_reviews(store)


DEFAULT_SUMMARY_WORDS = 250


@_serialized("stories")
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
    for n, ann in enumerate(a for a in anns if a.article.id not in known):
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
    reviews = _reviews(store)
    for sid in sorted(changed):
        story = _build([by_id[i] for i in members[sid] if i in by_id], sid, words, reviews)
        store.save_story(story)
        stories.append(story)
    return stories


@_serialized("stories")
def merge_stories(
    store: Any, first: str, second: str, *, words: int = DEFAULT_SUMMARY_WORDS
) -> Story:
    """Merge story ``second`` into ``first`` and rebuild it."""
    a, b = store.get_story(first), store.get_story(second)
    if a.id == b.id:
        raise ConfigError(f"Cannot merge story {a.id} with itself.")
    anns = _annotations(store, (*a.article_ids, *b.article_ids))
    store.delete_story(b.id)
    story = _build(anns, a.id, words, _reviews(store))
    store.save_story(story)
    return story


@_serialized("stories")
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

    reviews = _reviews(store)
    kept = _build(_annotations(store, staying), story.id, words, reviews)
    new = _build(_annotations(store, moving), story_key(sorted(moving)[0]), words, reviews)
    store.save_story(kept)
    store.save_story(new)
    return kept, new


REVIEW_ACTIONS = ("confirm", "dismiss", "move")


def _claim(story: Story, claim_id: str) -> Claim:
    """A claim of the story by id or unique id prefix."""
    hits = [c for c in story.claims if c.id == claim_id] or [
        c for c in story.claims if c.id.startswith(claim_id)
    ]
    if len(hits) != 1:
        known = ", ".join(c.id for c in story.claims[:8])
        what = "matches several claims" if hits else "is not a claim of this story"
        raise NotFound(f"{claim_id!r} {what} (story {story.id}; claims: {known} ...).")
    return hits[0]


def _refresh_claims(store: Any, story: Story) -> Story:
    """Rebuild a story's claims from its annotations, re-apply every review, save it."""
    from .fuse.claims import align_figures, apply_reviews

    anns = _annotations(store, story.article_ids)
    claims = apply_reviews(align_figures(anns, _near_duplicates(anns)), _reviews(store))
    story = dataclasses.replace(story, claims=claims)
    store.save_story(story)
    return story


def review_claim(
    store: Any,
    story_id: str,
    claim_id: str,
    action: str,
    *,
    value_index: int | None = None,
    target: str | None = None,
) -> Story:
    """Record an analyst's decision about a claim and re-apply it (issue #8).

    Args:
        store: the store.
        story_id: the story (id or unique prefix).
        claim_id: the claim (id or unique prefix).
        action: ``confirm`` or ``dismiss`` (the claim's conflict), or ``move``.
        value_index: for ``move``, the index of the value in the claim (0-based).
        target: for ``move``, the id of the claim to move it to, or ``new``.

    Returns:
        The story, saved, with the decision applied.

    Raises:
        ConfigError: an unknown action, or a move without a valid value index or target.
        NotFound: no such story or claim.
    """
    from .fuse.claims import value_anchor
    from .model import ClaimReview
    from .store.reviews import add_review

    if action not in REVIEW_ACTIONS:
        raise ConfigError(
            f"Unknown review action {action!r}. Available: {', '.join(REVIEW_ACTIONS)}"
        )
    story = store.get_story(story_id)
    claim = _claim(story, claim_id)
    anchors = tuple(value_anchor(v) for v in claim.values)
    review = ClaimReview(claim.id, action, story_id=story.id, anchors=anchors)  # type: ignore[arg-type]
    if action == "move":
        if value_index is None or not 0 <= value_index < len(claim.values):
            raise ConfigError(
                f"Give the index of the value to move: 0 to {len(claim.values) - 1} for {claim.id}."
            )
        if not target:
            raise ConfigError("Give the claim to move the value to (a claim id, or 'new').")
        value = claim.values[value_index]
        if target == "new":
            import hashlib

            target = (
                "c" + hashlib.sha1(f"{claim.id}>{value_anchor(value)}".encode()).hexdigest()[:10]
            )
        else:
            target = _claim(story, target).id
        review = dataclasses.replace(
            review,
            article_id=value.article_id,
            start=value.span.start,
            end=value.span.end,
            target=target,
        )
    add_review(store, review)
    return _refresh_claims(store, story)


def undo_claim_review(store: Any, story_id: str, claim_id: str) -> Story:
    """Remove the latest decision about a claim and rebuild the story's claims.

    Raises:
        NotFound: no such story, or no review of that claim.
    """
    from .store.reviews import undo_review

    story = store.get_story(story_id)
    undo_review(store, claim_id)
    return _refresh_claims(store, story)


def story_claims(store: Any, story_id: str) -> list[dict[str, Any]]:
    """The claims of a stored story as plain values (for ``newsfuse claims`` and the API)."""
    from .model import to_dict

    story = store.get_story(story_id)
    return [to_dict(c) for c in story.claims]


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
