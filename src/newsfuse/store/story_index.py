"""The story index in the store: read only what new articles can reach, write one run
in one transaction.

Tables (migration ``0007``): ``story_profiles`` (article -> grouping features),
``story_states`` (story -> summed features, sequence of its last change),
``story_postings`` (index key -> story) and ``story_terms`` (document frequencies).

:func:`pending` finds annotated articles in no story with one query, so a run with nothing
new costs that query alone. :func:`postings`, :func:`states` and :func:`doc_freqs` read the
index entries a batch touches. :func:`save_run` writes the stories a run changed (their
records and memberships), the index rows and the new profiles in one transaction: a run
killed before it commits leaves the store as it was, and the re-run does the whole batch
again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import ForeignKey as _FK

from ..model import Story
from .schema import article_annotations, articles, metadata, stories, story_articles

if TYPE_CHECKING:
    from . import Store

story_profiles = Table(
    "story_profiles",
    metadata,
    Column("article_id", String(32), _FK("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("data", Text, nullable=False),
)
story_states = Table(
    "story_states",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, index=True),
    Column("data", Text, nullable=False),
)
story_postings = Table(
    "story_postings",
    metadata,
    Column("index_key", Text, primary_key=True),
    Column("story_id", String(32), primary_key=True, index=True),
)
story_terms = Table(
    "story_terms",
    metadata,
    Column("term", Text, primary_key=True),
    Column("df", Integer, nullable=False),
)


def _chunks(items: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    """Items in lists small enough for one ``IN (...)`` on either backend."""
    batch: list[str] = []
    for i in items:
        batch.append(i)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def pending(store: Store) -> list[str]:
    """Annotated articles in no story, oldest published first (undated first), then id."""
    from . import _EPOCH

    # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join with or without
    # statistics (NOT IN took 2.9 s at 10k articles before ANALYZE; bench/scale_bench.py)
    grouped = select(story_articles.c.article_id).where(
        story_articles.c.article_id == articles.c.id
    )
    q = (
        select(articles.c.id)
        .join(article_annotations, article_annotations.c.article_id == articles.c.id)
        .where(~grouped.exists())
        .order_by(func.coalesce(articles.c.published, _EPOCH), articles.c.id)
    )
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(q)]


def unprofiled_stories(store: Store) -> list[str]:
    """Stories holding an article without a stored profile (made before the index was
    stored, or by hand): their state is rebuilt from annotations."""
    profiled = select(story_profiles.c.article_id).where(
        story_profiles.c.article_id == story_articles.c.article_id
    )
    q = (
        select(story_articles.c.story_id)
        .where(~profiled.exists())
        .distinct()
        .order_by(story_articles.c.story_id)
    )
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(q)]


def read_annotations(store: Store, ids: Iterable[str]) -> dict[str, Any]:
    """Article id -> stored AnnotatedArticle, read in batches (one query per 500)."""
    from ..model import AnnotatedArticle, from_dict

    out: dict[str, Any] = {}
    for batch in _chunks(dict.fromkeys(ids)):
        q = select(article_annotations.c.article_id, article_annotations.c.data).where(
            article_annotations.c.article_id.in_(batch)
        )
        with store.engine.connect() as conn:
            for aid, data in conn.execute(q):
                out[str(aid)] = from_dict(AnnotatedArticle, json.loads(data))
    return out


def members(store: Store, story_ids: Iterable[str]) -> dict[str, list[str]]:
    """Story id -> its article ids (sorted), as stored."""
    out: dict[str, list[str]] = {}
    for batch in _chunks(dict.fromkeys(story_ids)):
        q = select(story_articles.c.story_id, story_articles.c.article_id).where(
            story_articles.c.story_id.in_(batch)
        )
        with store.engine.connect() as conn:
            for sid, aid in conn.execute(q):
                out.setdefault(str(sid), []).append(str(aid))
    return {k: sorted(v) for k, v in out.items()}


def profiles(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Article id -> its stored grouping profile (the JSON ``fuse.profile`` wrote)."""
    out: dict[str, dict[str, Any]] = {}
    for batch in _chunks(dict.fromkeys(ids)):
        q = select(story_profiles.c.article_id, story_profiles.c.data).where(
            story_profiles.c.article_id.in_(batch)
        )
        with store.engine.connect() as conn:
            out.update({str(a): json.loads(d) for a, d in conn.execute(q)})
    return out


def states(store: Store, story_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Story id -> its stored state (the JSON ``fuse.clustering`` wrote), in id order;
    unknown ids are left out."""
    out: dict[str, dict[str, Any]] = {}
    for batch in _chunks(sorted(set(story_ids))):
        q = select(story_states.c.story_id, story_states.c.data).where(
            story_states.c.story_id.in_(batch)
        )
        with store.engine.connect() as conn:
            out.update({str(s): json.loads(d) for s, d in conn.execute(q)})
    return dict(sorted(out.items()))


def postings(store: Store, keys: Iterable[str], limit: int) -> dict[str, list[str]]:
    """Index key -> up to ``limit`` story ids, oldest change first (newest last)."""
    rank = (
        func.row_number()
        .over(
            partition_by=story_postings.c.index_key,
            order_by=(story_states.c.seq.desc(), story_postings.c.story_id.desc()),
        )
        .label("rank")
    )
    out: dict[str, list[str]] = {}
    for batch in _chunks(sorted(set(keys))):
        inner = (
            select(story_postings.c.index_key, story_postings.c.story_id, story_states.c.seq, rank)
            .join(story_states, story_states.c.story_id == story_postings.c.story_id)
            .where(story_postings.c.index_key.in_(batch))
            .subquery()
        )
        q = (
            select(inner.c.index_key, inner.c.story_id)
            .where(inner.c.rank <= limit)
            .order_by(inner.c.index_key, inner.c.seq, inner.c.story_id)
        )
        with store.engine.connect() as conn:
            for key, sid in conn.execute(q):
                out.setdefault(str(key), []).append(str(sid))
    return out


def doc_freqs(store: Store, terms: Iterable[str]) -> dict[str, int]:
    """Document frequencies of these terms (absent terms are left out)."""
    out: dict[str, int] = {}
    for batch in _chunks(sorted(set(terms))):
        q = select(story_terms.c.term, story_terms.c.df).where(story_terms.c.term.in_(batch))
        with store.engine.connect() as conn:
            out.update({str(t): int(n) for t, n in conn.execute(q)})
    return out


def doc_count(store: Store) -> int:
    """How many articles the index has counted."""
    with store.engine.connect() as conn:
        q = select(func.count()).select_from(story_profiles)
        return int(conn.execute(q).scalar_one())


def _story_row(story: Story) -> dict[str, Any]:
    from . import _dumps, _now
    from . import _search as search

    return {
        "title": search.clean(story.title),
        "updated_at": _now(),
        "last_published": story.last_published,
        "first_published": story.first_published,
        "article_count": len(story.article_ids),
        "data": _dumps(story),
    }


def save_run(
    store: Store,
    built: Sequence[Story],
    states: Mapping[str, tuple[dict[str, Any], Sequence[str]]],
    *,
    deleted: Iterable[str] = (),
    profiles: Mapping[str, dict[str, Any]] | None = None,
    df: Mapping[str, int] | None = None,
) -> None:
    """Write one grouping run in one transaction.

    Args:
        store: the store.
        built: the rebuilt records of every changed story.
        states: story id -> (its state JSON, its index keys) for every changed story,
            least recently changed first (which sets their sequence numbers).
        deleted: stories merged away.
        profiles: article id -> profile JSON of articles newly profiled.
        df: document-frequency increments.
    """
    from . import tables as _tables
    from .engine import writing

    deleted = set(deleted)
    with writing(store.engine) as conn:
        base = int(conn.execute(select(func.coalesce(func.max(story_states.c.seq), 0))).scalar())
        seq = {sid: base + n for n, sid in enumerate(states, start=1)}
        gone = sorted(deleted | set(states))
        for batch in _chunks(gone):
            conn.execute(delete(story_postings).where(story_postings.c.story_id.in_(batch)))
            conn.execute(delete(story_states).where(story_states.c.story_id.in_(batch)))
        for batch in _chunks(sorted(deleted)):
            conn.execute(delete(story_articles).where(story_articles.c.story_id.in_(batch)))
            conn.execute(delete(stories).where(stories.c.id.in_(batch)))
        for sid, (state, keys) in states.items():
            conn.execute(
                insert(story_states).values(story_id=sid, seq=seq[sid], data=json.dumps(state))
            )
            if keys:
                conn.execute(
                    insert(story_postings),
                    [{"index_key": k, "story_id": sid} for k in sorted(set(keys))],
                )
        for story in built:
            row = _story_row(story)
            if not conn.execute(update(stories).where(stories.c.id == story.id), row).rowcount:
                conn.execute(insert(stories).values(id=story.id, **row))
            ids = list(dict.fromkeys(story.article_ids))
            conn.execute(delete(story_articles).where(story_articles.c.story_id == story.id))
            for batch in _chunks(ids):
                conn.execute(delete(story_articles).where(story_articles.c.article_id.in_(batch)))
            if ids:
                conn.execute(
                    insert(story_articles), [{"article_id": a, "story_id": story.id} for a in ids]
                )
            _tables.write_story(conn, story)  # the normalized rows, in the same transaction
        new = profiles or {}
        for batch in _chunks(sorted(new)):
            conn.execute(delete(story_profiles).where(story_profiles.c.article_id.in_(batch)))
            conn.execute(
                insert(story_profiles),
                [{"article_id": a, "data": json.dumps(new[a])} for a in batch],
            )
        _add_df(conn, df or {})


def _add_df(conn: Any, df: Mapping[str, int]) -> None:
    """Add document-frequency increments (update the known terms, insert the rest)."""
    if not df:
        return
    known: set[str] = set()
    for batch in _chunks(sorted(df)):
        q = select(story_terms.c.term).where(story_terms.c.term.in_(batch))
        known.update(str(t) for (t,) in conn.execute(q))
    fresh = [{"term": t, "df": n} for t, n in sorted(df.items()) if t not in known]
    if fresh:
        conn.execute(insert(story_terms), fresh)
    if known:
        conn.execute(
            update(story_terms)
            .where(story_terms.c.term == bindparam("t"))
            .values(df=story_terms.c.df + bindparam("n")),
            [{"t": t, "n": df[t]} for t in sorted(known)],
        )


def clear(store: Store) -> None:
    """Forget every story and the whole story index (articles and annotations stay)."""
    from .engine import writing

    with writing(store.engine) as conn:
        for t in (story_terms, story_postings, story_states, story_profiles, story_articles):
            conn.execute(delete(t))
        conn.execute(delete(stories))


__all__ = [
    "clear",
    "doc_count",
    "doc_freqs",
    "members",
    "pending",
    "postings",
    "profiles",
    "read_annotations",
    "save_run",
    "states",
    "story_postings",
    "story_profiles",
    "story_states",
    "story_terms",
]
