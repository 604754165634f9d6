"""store: every stage persisted, keyed by content hash, in SQLite or PostgreSQL.

One code path (SQLAlchemy Core) serves both backends. Records are kept whole as JSON
(``model.to_dict``) beside the columns queries filter and sort on (:mod:`.schema`). The
schema is created and upgraded by versioned Alembic migrations when a store is opened
(:mod:`.engine`), so a newer release opens an older database without loss. Each article
is written in one transaction with its search-index row, so an interrupted ingest
(kill -9) leaves only whole articles and re-running it adds just the missing ones.

>>> import tempfile, os
>>> from newsfuse.model import new_article
>>> with open_store("sqlite:///" + os.path.join(tempfile.mkdtemp(), "x.db")) as s:
...     s.add_article(new_article("Ten ships docked.")), s.count_articles()
(True, 1)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, text, tuple_, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from ..errors import NotFound, StoreError
from ..model import AnnotatedArticle, Article, Failure, SearchHit, Story, from_dict, to_dict
from . import search as _search
from . import story_index as _story_index  # noqa: F401  (registers its tables)
from . import tables as _tables
from . import work as _work
from .engine import (
    check_revision,
    current_revision,
    display_url,
    make_engine,
    migrate,
    normalize_url,
    writing,
)
from .schema import article_annotations, articles, failures, stories, story_articles

INGEST_LOCK = 0x6E660002  # PostgreSQL advisory lock key held while checking + storing one article
MIN_PREFIX = 6  # shortest id prefix accepted for lookups: 16M hex values, rarely ambiguous
MAX_ID = 32  # longest article/story id the schema holds (ids are 12-16 characters)
PAGE = 500  # rows fetched per round trip when iterating, and ids per IN (...) list
_EPOCH = dt.date(1, 1, 1)  # sorts undated articles first, the same on both backends


def _now() -> dt.datetime:
    """UTC now, naive (both backends store it the same way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def open_store(url: str, *, upgrade: bool = True, create: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``url``.

    Args:
        url: ``sqlite:///path.db`` (the parent folder is created) or ``postgresql://...``
            (also ``postgresql+psycopg://``), as made by ``newsfuse.config.db_url``.
        upgrade: apply pending migrations; when False an older schema raises instead.
        create: make a new store when there is none; when False a missing SQLite file
            or an empty database raises NotFound (and nothing is created).

    Returns:
        An open :class:`Store`; close it, or use it as a context manager.

    Raises:
        StoreError: the database cannot be reached, read or created
            ("Cannot open store <url>: <reason>").
        MigrationRequired: the schema is newer than this release knows, or older while
            ``upgrade`` is False.
        NotFound: no store there and ``create`` is False.
    """
    if not create:
        _must_exist(url)
    engine = make_engine(url)
    try:
        if not create:
            with engine.connect() as conn:
                if current_revision(conn) is None:
                    raise NotFound(f"No newsfuse store in {display_url(url)}: {_CREATE_HINT}")
        check_revision(engine, url, upgrade=upgrade)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
        raise StoreError(f"Cannot open store {display_url(url)}: {reason}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, url)


_CREATE_HINT = "check --db, or create one with `newsfuse ingest` or --create."


def _must_exist(url: str) -> None:
    """NotFound when ``url`` names a SQLite file that does not exist (nothing is created)."""
    parsed = make_url(normalize_url(url))
    path = parsed.database
    local = parsed.get_backend_name() == "sqlite" and path and path != ":memory:"
    if local and not Path(str(path)).expanduser().is_file():
        raise NotFound(f"No store at {path}: {_CREATE_HINT}")


def _article_row(article: Article, minhash: bytes | None) -> dict[str, Any]:
    """The row that holds an article: indexed columns plus the whole record as JSON."""
    return {
        "id": article.id,
        "content_hash": article.content_hash,
        "url": _search.clean(article.url) or None,
        "outlet": _search.clean(article.outlet) or None,
        "title": _search.clean(article.title) or None,
        "published": article.published,
        "language": _search.clean(article.language) or None,
        "duplicate_of": _search.clean(article.duplicate_of) or None,
        "added_at": _now(),
        "text": _search.clean(article.text),
        "data": _dumps(article),
        "minhash": minhash,
        **_tables.article_columns(article),
    }


def _dumps(record: Any) -> str:
    """A record as JSON text (NULs escaped by json, so any backend stores it)."""
    return json.dumps(to_dict(record), ensure_ascii=False)


def _article(data: str) -> Article:
    return from_dict(Article, json.loads(data))


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """Ids in lists small enough for one ``IN (...)`` on either backend."""
    batch: list[str] = []
    for i in ids:
        batch.append(i)
        if len(batch) == PAGE:
            yield batch
            batch = []
    if batch:
        yield batch


def _pipeline_key(names: tuple[str, ...]) -> str:
    """The stage names as one column value (PostgreSQL text cannot hold NUL)."""
    return ",".join(names).replace("\x00", "")


class Store:
    """Articles, annotations, stories and failures in one database.

    Every method opens its own short connection (or transaction), so a Store can be
    shared by threads and the web app; iterators fetch :data:`PAGE` rows at a time and
    hold no connection between pages.
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.backend = engine.dialect.name

    # -- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def info(self) -> dict[str, Any]:
        """Where the store is (password masked), its schema revision and what it holds."""
        with self.engine.connect() as conn:

            def count(t: Table) -> int:
                return int(conn.execute(select(func.count()).select_from(t)).scalar_one())

            return {
                "url": display_url(self.url),
                "backend": self.backend,
                "schema revision": current_revision(conn),
                "articles": count(articles),
                "annotated": count(article_annotations),
                "stories": count(stories),
                "failures": count(failures),
            }

    # -- articles ---------------------------------------------------------------------

    def add_article(self, article: Article, minhash: bytes | None = None) -> bool:
        """Store an article and its search-index row in one transaction.

        Args:
            article: the article; its ``content_hash`` keys it.
            minhash: its near-duplicate signature (``ingest.dedup``), if any.

        Returns:
            True when stored; False when an article with this content hash (or id) is
            already stored, which makes re-ingesting idempotent.

        Raises:
            StoreError: the id is longer than the schema holds.
        """
        if len(article.id) > MAX_ID:
            raise StoreError(f"Article id {article.id!r} is longer than {MAX_ID} characters.")
        if self.has_hash(article.content_hash):
            return False
        row = _article_row(article, minhash)
        try:
            with writing(self.engine) as conn:
                conn.execute(insert(articles).values(**row))
                if self.backend == "sqlite":  # PostgreSQL indexes the row by expression
                    _search.index_article_sqlite(conn, article.id, row["title"], row["text"])
        except IntegrityError:  # stored meanwhile by another process
            return False
        return True

    def add_article_linked(
        self,
        article: Article,
        minhash: bytes,
        link: Callable[[Article, list[tuple[str, bytes]]], Article],
        since: dt.datetime,
        seen: Container[str] = (),
    ) -> Article | None:
        """Store an article after a near-duplicate check made inside the write transaction.

        Concurrent ingests serialize here (``BEGIN IMMEDIATE`` on SQLite, an advisory
        lock on PostgreSQL), and ``link`` sees every signature stored since ``since`` by
        any process, so near duplicates ingested at the same time are linked exactly as a
        sequential run links them.

        Args:
            article: the article to store.
            minhash: its signature (``ingest.dedup.minhash_signature``).
            link: given the article and the (id, signature) pairs stored since
                ``since``, returns the article to store (marked as a near duplicate or not).
            since: when the caller's own view of the signatures was taken.
            seen: ids whose signatures the caller already has (not fetched again).

        Returns:
            The stored article, or None when its content hash was already stored.
        """
        if len(article.id) > MAX_ID:
            raise StoreError(f"Article id {article.id!r} is longer than {MAX_ID} characters.")
        try:
            with writing(self.engine) as conn:
                if self.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": INGEST_LOCK})
                q = select(articles.c.id).where(articles.c.content_hash == article.content_hash)
                if conn.execute(q).first() is not None:
                    return None
                recent = conn.execute(
                    select(articles.c.id).where(
                        articles.c.added_at >= since, articles.c.minhash.is_not(None)
                    )
                ).scalars()
                unseen = [str(i) for i in recent if i not in seen]
                fresh = []
                for batch in _chunks(unseen):
                    q = select(articles.c.id, articles.c.minhash).where(articles.c.id.in_(batch))
                    fresh += [(str(i), bytes(m)) for i, m in conn.execute(q)]
                article = link(article, fresh)
                row = _article_row(article, minhash)
                conn.execute(insert(articles).values(**row))
                if self.backend == "sqlite":
                    _search.index_article_sqlite(conn, article.id, row["title"], row["text"])
        except IntegrityError:  # the same id stored meanwhile (PostgreSQL race)
            return None
        return article

    def has_hash(self, content_hash: str) -> bool:
        """True when an article with this content hash is stored."""
        with self.engine.connect() as conn:
            q = select(articles.c.id).where(articles.c.content_hash == content_hash)
            return conn.execute(q).first() is not None

    def _resolve(self, conn: Connection, table: Table, ident: str, what: str) -> str:
        """The full id for an id or unique prefix, or NotFound naming it."""
        col = table.c.id
        if conn.execute(select(col).where(col == ident)).first():
            return ident
        if len(ident) >= MIN_PREFIX:
            q = select(col).where(col.startswith(ident, autoescape=True)).limit(2)
            found = conn.execute(q).all()
            if len(found) == 1:
                return str(found[0][0])
            if len(found) > 1:
                raise NotFound(
                    f"{what.capitalize()} id prefix {ident!r} is ambiguous: give more characters."
                )
        hint = "" if len(ident) >= MIN_PREFIX else f" (prefixes need {MIN_PREFIX}+ characters)"
        raise NotFound(f"No {what} {ident!r} in {display_url(self.url)}{hint}.")

    def get_article(self, article_id: str) -> Article:
        """The article with this id or unique id prefix (at least 6 characters).

        Raises:
            NotFound: no such article, or the prefix is ambiguous; the message names it.
        """
        with self.engine.connect() as conn:
            full = self._resolve(conn, articles, article_id, "article")
            data = conn.execute(select(articles.c.data).where(articles.c.id == full)).scalar_one()
        return _article(data)

    def list_articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        story_id: str | None = None,
        outlet: str | None = None,
    ) -> list[Article]:
        """A page of articles, newest published first (undated last), then by id."""
        q = select(articles.c.data)
        if story_id:
            q = q.join(story_articles, story_articles.c.article_id == articles.c.id).where(
                story_articles.c.story_id == story_id
            )
        if outlet:
            q = q.where(articles.c.outlet == outlet)
        q = q.order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        with self.engine.connect() as conn:
            return [_article(d) for (d,) in conn.execute(q.limit(limit).offset(offset))]

    def count_articles(self) -> int:
        """How many articles are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def _pages(self, where: Any = None) -> Iterator[str]:
        """Article JSON, oldest published first (then by id), fetched a page at a time."""
        key = func.coalesce(articles.c.published, _EPOCH)
        last: tuple[Any, str] | None = None
        while True:
            q = select(key, articles.c.id, articles.c.data)
            if where is not None:
                q = q.where(where)
            if last is not None:
                q = q.where(tuple_(key, articles.c.id) > tuple_(*last))
            with self.engine.connect() as conn:
                rows = conn.execute(q.order_by(key, articles.c.id).limit(PAGE)).all()
            for row in rows:
                yield str(row[2])
            if len(rows) < PAGE:
                return
            last = (rows[-1][0], rows[-1][1])

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stored articles, all (oldest published first) or those with the given full ids
        (in storage order; unknown ids are left out)."""
        if ids is None:
            for data in self._pages():
                yield _article(data)
            return
        for batch in _chunks(dict.fromkeys(ids)):
            q = select(articles.c.data).where(articles.c.id.in_(batch))
            with self.engine.connect() as conn:
                rows = conn.execute(q).all()
            for (d,) in rows:
                yield _article(d)

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash signature) for every article that has one."""
        q = select(articles.c.id, articles.c.minhash).where(articles.c.minhash.is_not(None))
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(articles.c.id)).all()
        for aid, sig in rows:
            yield str(aid), bytes(sig)

    # -- annotations ------------------------------------------------------------------

    def save_annotations(self, ann: AnnotatedArticle) -> None:
        """Store (or replace) an article's annotations and index its quotes, in one
        transaction.

        Raises:
            NotFound: the article is not stored.
        """
        aid = ann.article.id
        row = {"pipeline": _pipeline_key(ann.pipeline), "data": _dumps(ann)}
        quotes = [(q.speaker or "", q.content) for q in ann.quotes]
        try:
            with writing(self.engine) as conn:
                done = conn.execute(
                    update(article_annotations).where(article_annotations.c.article_id == aid), row
                )
                if not done.rowcount:
                    conn.execute(insert(article_annotations).values(article_id=aid, **row))
                if done.rowcount or quotes:
                    _search.index_quotes(
                        conn, self.backend, aid, quotes, replace=bool(done.rowcount)
                    )
                _tables.write_annotations(conn, ann, replace=bool(done.rowcount))
        except IntegrityError as exc:
            raise NotFound(
                f"Cannot annotate article {aid!r}: it is not in {display_url(self.url)}."
            ) from exc

    def save_annotations_many(self, anns: Iterable[AnnotatedArticle]) -> None:
        """Store (or replace) the annotations of several articles in one transaction,
        one statement per table: what :meth:`save_annotations` does for each.

        Raises:
            NotFound: an article is not stored (the ones before it are saved).
        """
        by_id = {ann.article.id: ann for ann in anns}  # the last one of an id wins
        if not by_id:
            return
        ids = sorted(by_id)
        key = article_annotations.c.article_id
        try:
            with writing(self.engine) as conn:
                stored: set[str] = set()
                for batch in _chunks(ids):
                    stored.update(conn.execute(select(key).where(key.in_(batch))).scalars())
                rows = [
                    {"aid": aid, "pipeline": _pipeline_key(a.pipeline), "data": _dumps(a)}
                    for aid, a in by_id.items()
                ]
                new = [r for r in rows if r["aid"] not in stored]
                old = [r for r in rows if r["aid"] in stored]
                if old:
                    conn.execute(
                        update(article_annotations).where(key == bindparam("aid")),
                        [
                            {"pipeline": r["pipeline"], "data": r["data"], "aid": r["aid"]}
                            for r in old
                        ],
                    )
                if new:
                    conn.execute(
                        insert(article_annotations),
                        [
                            {"article_id": r["aid"], "pipeline": r["pipeline"], "data": r["data"]}
                            for r in new
                        ],
                    )
                quotes = {
                    aid: [(q.speaker or "", q.content) for q in a.quotes]
                    for aid, a in by_id.items()
                }
                _search.index_quotes_many(conn, self.backend, quotes, replace=stored)
                _tables.write_annotations_many(conn, by_id.values(), replace=stored)
        except IntegrityError:
            for ann in by_id.values():  # one at a time: saves the good ones, names the bad
                self.save_annotations(ann)

    def get_annotations(self, article_id: str) -> AnnotatedArticle | None:
        """An article's stored annotations (full id), or None when it has none yet."""
        q = select(article_annotations.c.data).where(article_annotations.c.article_id == article_id)
        with self.engine.connect() as conn:
            data = conn.execute(q).scalar_one_or_none()
        return from_dict(AnnotatedArticle, json.loads(data)) if data else None

    def unannotated(self, pipeline: tuple[str, ...]) -> Iterator[Article]:
        """Articles with no annotations made by exactly this pipeline, oldest first.

        Fetched a page at a time, so annotating while iterating is safe.
        """
        done = select(article_annotations.c.article_id).where(
            article_annotations.c.pipeline == _pipeline_key(pipeline)
        )
        for data in self._pages(articles.c.id.not_in(done)):
            yield _article(data)

    # -- stories ----------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        """Store (or replace) a story; its articles leave any story they were in.

        Raises:
            NotFound: the story names an article that is not stored.
            StoreError: the story id is longer than the schema holds.
        """
        if len(story.id) > MAX_ID:
            raise StoreError(f"Story id {story.id!r} is longer than {MAX_ID} characters.")
        row = {
            "title": _search.clean(story.title),
            "updated_at": _now(),
            "last_published": story.last_published,
            "first_published": story.first_published,
            "article_count": len(story.article_ids),
            "data": _dumps(story),
        }
        members = list(dict.fromkeys(story.article_ids))
        try:
            with writing(self.engine) as conn:
                done = conn.execute(update(stories).where(stories.c.id == story.id), row)
                if not done.rowcount:
                    conn.execute(insert(stories).values(id=story.id, **row))
                conn.execute(delete(story_articles).where(story_articles.c.story_id == story.id))
                for batch in _chunks(members):
                    conn.execute(
                        delete(story_articles).where(story_articles.c.article_id.in_(batch))
                    )
                if members:
                    conn.execute(
                        insert(story_articles),
                        [{"article_id": a, "story_id": story.id} for a in members],
                    )
                _tables.write_story(conn, story)
        except IntegrityError as exc:
            missing = sorted(set(members) - {a.id for a in self.iter_articles(members)})
            raise NotFound(
                f"Story {story.id!r} names articles not in the store: {', '.join(missing)}."
            ) from exc

    def delete_story(self, story_id: str) -> None:
        """Remove a story (id or unique prefix); its articles stay.

        Raises:
            NotFound: no such story.
        """
        with writing(self.engine) as conn:
            full = self._resolve(conn, stories, story_id, "story")
            conn.execute(delete(story_articles).where(story_articles.c.story_id == full))
            _tables.delete_story_rows(conn, full)
            conn.execute(delete(stories).where(stories.c.id == full))

    def get_story(self, story_id: str) -> Story:
        """The story with this id or unique id prefix.

        Raises:
            NotFound: no such story, or the prefix is ambiguous.
        """
        with self.engine.connect() as conn:
            full = self._resolve(conn, stories, story_id, "story")
            data = conn.execute(select(stories.c.data).where(stories.c.id == full)).scalar_one()
        return from_dict(Story, json.loads(data))

    def list_stories(self) -> list[Story]:
        """Every story, newest activity (latest article) first; undated stories last."""
        q = select(stories.c.data).order_by(
            stories.c.last_published.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id
        )
        with self.engine.connect() as conn:
            return [from_dict(Story, json.loads(d)) for (d,) in conn.execute(q)]

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article (full id) belongs to, if any."""
        q = select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)
        with self.engine.connect() as conn:
            found = conn.execute(q).scalar_one_or_none()
        return str(found) if found else None

    # -- failures and search ----------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        """Remember an input or article that a stage could not handle."""
        row = {k: _search.clean(v) for k, v in to_dict(failure).items()}
        with writing(self.engine) as conn:
            conn.execute(insert(failures).values(at=_now(), **row))

    def failures(self) -> list[Failure]:
        """Every recorded failure, oldest first."""
        q = select(
            failures.c.article_id, failures.c.stage, failures.c.error_type, failures.c.message
        ).order_by(failures.c.id)
        with self.engine.connect() as conn:
            return [Failure(*r) for r in conn.execute(q)]

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "rank",
        outlet: str | None = None,
    ) -> list[SearchHit]:
        """Full-text search over titles, texts and quotes.

        Args:
            query: words (all must match, English stemming); punctuation is ignored.
            limit: hits per page.
            offset: hits to skip.
            sort: ``"rank"`` (best first) or ``"date"`` (newest first, undated last).
            outlet: only articles from this outlet (``""``: those without one).

        Returns:
            One hit per original article, its matching near-duplicates folded under it,
            with a snippet that marks the matched words between the
            :data:`search.MARK` characters (a quote hit shows the quote).
        """
        try:
            with self.engine.connect() as conn:
                return _search.search(
                    conn, self.backend, query, limit, offset, sort=sort, outlet=outlet
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"Search for {query!r} failed: {exc}") from exc

    def outlets(self, limit: int = 1000) -> list[str]:
        """The distinct outlets of the stored articles, sorted (at most ``limit``).

        A skip scan of the ``articles_outlet`` index (one index seek per outlet), so it
        costs the number of outlets, not of articles.
        """
        sql = text(
            "WITH RECURSIVE o(x) AS (SELECT min(outlet) FROM articles UNION ALL "
            "SELECT (SELECT min(outlet) FROM articles WHERE outlet > o.x) FROM o "
            "WHERE o.x IS NOT NULL) SELECT x FROM o WHERE x IS NOT NULL LIMIT :n"
        )
        with self.engine.connect() as conn:
            return sorted(str(x) for x in conn.execute(sql, {"n": limit}).scalars())

    def search_outlets(self, query: str) -> list[tuple[str | None, int]]:
        """Hits of :meth:`search` per outlet, most first (facets)."""
        try:
            with self.engine.connect() as conn:
                return _search.outlets(conn, self.backend, query)
        except SQLAlchemyError as exc:
            raise StoreError(f"Search for {query!r} failed: {exc}") from exc

    # -- coordination between processes (store.work) ---------------------------------

    def claim_unannotated(self, pipeline: tuple[str, ...], owner: str, limit: int) -> list[str]:
        """Lease up to ``limit`` articles this pipeline has not annotated (see ``work``)."""
        return _work.claim(self, _pipeline_key(pipeline), owner, limit)

    def release_leases(self, owner: str, ids: Iterable[str] | None = None) -> None:
        """End ``owner``'s leases (on ``ids``, or all of them)."""
        _work.release(self, owner, None if ids is None else list(ids))

    def count_unannotated(self, pipeline: tuple[str, ...]) -> int:
        """How many English articles this pipeline has not annotated yet."""
        return _work.count_pending(self, _pipeline_key(pipeline))

    def lock(self, name: str) -> AbstractContextManager[None]:
        """A store-wide lock held for a whole run (``with store.lock("stories"):``)."""
        return _work.named_lock(self, name)

    def search_count(self, query: str, *, outlet: str | None = None) -> int:
        """How many hits :meth:`search` finds for ``query`` in all (page totals)."""
        try:
            with self.engine.connect() as conn:
                return _search.count(conn, self.backend, query, outlet=outlet)
        except SQLAlchemyError as exc:
            raise StoreError(f"Search for {query!r} failed: {exc}") from exc

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Run raw SQL in a write transaction (tests and maintenance)."""
        with writing(self.engine) as conn:
            result = conn.execute(text(sql), params or {})
            return list(result.all()) if result.returns_rows else []


__all__ = ["Store", "migrate", "open_store"]
