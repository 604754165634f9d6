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
                good = [r for r in results if not isinstance(r, Failure)]
                store.save_annotations_many(good)  # one transaction per batch
                report.annotated += len(good)
                for result in results:
                    if isinstance(result, Failure):
                        store.record_failure(result)
                        report.failures.append(result)
                store.release_leases(owner, [a.id for a in done])
                progress("annotated", report.annotated + len(report.failures))
    finally:
        store.release_leases(owner)
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
    reviews = _reviews(store)
    built = []
    for sid in sorted(members):
        anns = sorted(
            (by_id[a] for a in members[sid] if a in by_id),
            key=lambda a: (a.article.published or _MIN_DATE, a.article.id),
        )
        built.append(_build(anns, sid, words, reviews))
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


GROUP_CHUNK = 1000  # new articles grouped and saved per transaction: bounds a run's memory


@_serialized("stories")
def group_stories(
    store: Any,
    *,
    threshold: float | None = None,
    words: int = DEFAULT_SUMMARY_WORDS,
    progress: Progress = _noop,
) -> list[str]:
    """Put every annotated article that is in no story into one, rebuild the stories
    that changed, and return their ids.

    Work is in proportion to what is new: one query finds the new articles (a run with
    none ends there); their annotations are read once; only the index entries they hit
    and the stories they can join are read (:mod:`newsfuse.store.stories`). New articles
    are added in publication order, then by id, so the stories do not depend on the
    order they were ingested in. Articles already in a story stay there, so merges and
    splits made by the user survive.

    New articles are taken :data:`GROUP_CHUNK` at a time, and each chunk is written in
    one transaction, so a first run over a large store holds one chunk's annotations,
    not the store's. A run killed midway keeps the chunks it finished and leaves the
    store as it was before the chunk it was in; the re-run takes the same chunks from
    there and gives the stories an uninterrupted run would have.
    """
    from .store import story_index as _index

    pending = _index.pending(store)
    legacy = _index.unprofiled_stories(store)
    if not pending and not legacy:
        return []
    progress("total", len(pending))
    changed: dict[str, None] = {}
    for start in range(0, max(len(pending), 1), GROUP_CHUNK):
        chunk = pending[start : start + GROUP_CHUNK]
        built, deleted = _group_chunk(
            store, chunk, legacy if start == 0 else (), threshold, words, progress, start
        )
        for sid in deleted:
            changed.pop(sid, None)
        changed.update(dict.fromkeys(built))
    return sorted(changed)


def _group_chunk(
    store: Any,
    chunk: list[str],
    legacy: Iterable[str],
    threshold: float | None,
    words: int,
    progress: Progress,
    done: int,
) -> tuple[list[str], set[str]]:
    """Group one chunk of new articles and write it in one transaction; return the ids
    of the stories built and of the stories merged away."""
    from .fuse.clustering import possible_keys
    from .fuse.profile import profile_of
    from .store import story_index as _index

    fresh = _index.read_annotations(store, chunk)
    profiles = [profile_of(fresh[a]) for a in chunk if a in fresh]
    keys = {k for p in profiles for k in possible_keys(p)}
    index = _open_index(store, threshold, keys)
    computed = _profiled(store, index, legacy)
    index.count(profiles)
    for n, p in enumerate(profiles, start=done + 1):
        index.add(p)
        progress("clustered", n)
    deleted = set(index.changes().deleted)
    built = _save(store, index, words, fresh=fresh, computed=computed)
    return [s.id for s in built], deleted


def reset_stories(store: Any) -> None:
    """Forget every story and the story index (articles and annotations stay)."""
    from .store import story_index as _index

    _index.clear(store)


@_serialized("stories")
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
    if not [i for i in story.article_ids if i not in moving]:
        raise ConfigError("A split must leave at least one article in the story.")
    index = _open_index(store, None)
    computed = _profiled(store, index, (story.id,))
    new_id = index.split(story.id, moving)
    built = {s.id: s for s in _save(store, index, words, computed=computed)}
    return built[story.id], built[new_id]


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
    "reset_stories",
    "run_job",
    "split_story",
    "store_articles",
    "story_row",
]
