"""store: every stage persisted, keyed by content hash, in SQLite or PostgreSQL.

One code path (SQLAlchemy Core) serves both backends. The schema is created and
upgraded by versioned Alembic migrations when a store is opened, so a newer release
opens an older database without loss. Each article is written in one transaction with
its search-index rows, so an interrupted ingest leaves only whole articles.

>>> import tempfile, os
>>> from newsfuse.model import new_article
>>> with open_store("sqlite:///" + os.path.join(tempfile.mkdtemp(), "x.db")) as s:
...     s.add_article(new_article("Ten ships docked.")), s.count_articles()
(True, 1)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..errors import MigrationRequired, NotFound, StoreError
from ..model import AnnotatedArticle, Article, Failure, SearchHit, Story, from_dict, to_dict
from . import search as _search
from .schema import annotations, articles, failures, stories, story_articles

MIGRATIONS = Path(__file__).parent / "migrations"
MIN_PREFIX = 6  # shortest id prefix accepted for lookups
SQLITE_BUSY_MS = 30_000  # wait this long for a writer (two CLI runs at once)


def _now() -> dt.datetime:
    """UTC now, naive (both backends store it the same way)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL for concurrent readers, foreign keys on, a busy timeout."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.close()


def _alembic_config(conn: Connection) -> Any:
    """An Alembic config that runs our migrations on ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def _revision(engine: Engine) -> str | None:
    """The database's current Alembic revision, or None when it has none."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _head() -> str:
    """The newest revision this release knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def open_store(url: str, *, upgrade: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``url``.

    Args:
        url: ``sqlite:///path.db`` or ``postgresql://...`` (see ``newsfuse.config.db_url``).
        upgrade: apply pending migrations; when False an old schema raises instead.

    Raises:
        StoreError: the database cannot be reached or created.
        MigrationRequired: the schema is older (``upgrade=False``) or newer than this release.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"Cannot open store {url}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        current = _revision(engine)
        head = _head()
        if current != head:
            known = _known_revisions()
            if current is not None and current not in known:
                raise MigrationRequired(
                    f"Store {url} has schema revision {current}, newer than this release "
                    f"({head}): upgrade newsfuse."
                )
            if not upgrade:
                raise MigrationRequired(
                    f"Store {url} is at schema revision {current}; this release needs {head}."
                )
            migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"Cannot open store {url}: {exc.orig}") from exc
    return Store(engine, url)


def _known_revisions() -> set[str]:
    """Every revision id in our migrations folder."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


class Store:
    """Articles, annotations, stories and failures in one database."""

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
        """Where the store is and what it holds."""
        with self.engine.connect() as conn:
            count = lambda t: conn.execute(select(func.count()).select_from(t)).scalar_one()  # noqa: E731
            return {
                "store": self.url,
                "backend": self.backend,
                "schema revision": _revision(self.engine),
                "articles": count(articles),
                "annotated": count(annotations),
                "stories": count(stories),
                "failures": count(failures),
            }

    # -- articles ---------------------------------------------------------------------

    def add_article(self, article: Article, minhash: bytes | None = None) -> bool:
        """Store an article (one transaction); False when its content hash is stored."""
        row = {
            "id": article.id,
            "content_hash": article.content_hash,
            "url": article.url,
            "outlet": article.outlet,
            "title": article.title,
            "published": article.published,
            "language": article.language,
            "duplicate_of": article.duplicate_of,
            "added_at": _now(),
            "text": article.text,
            "data": json.dumps(to_dict(article), ensure_ascii=False),
            "minhash": minhash,
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(articles).values(**row))
                if self.backend == "sqlite":
                    _search.index_sqlite(conn, article.id, article.title, article.text)
        except IntegrityError:
            return False
        return True

    def has_hash(self, content_hash: str) -> bool:
        """True when an article with this content hash is stored."""
        with self.engine.connect() as conn:
            q = select(articles.c.id).where(articles.c.content_hash == content_hash)
            return conn.execute(q).first() is not None

    def _resolve(self, conn: Connection, table: Any, ident: str, what: str) -> str:
        """The full id for an id or unique prefix, or NotFound naming it."""
        col = table.c.id
        if conn.execute(select(col).where(col == ident)).first():
            return ident
        if len(ident) >= MIN_PREFIX:
            found = conn.execute(select(col).where(col.like(f"{ident}%")).limit(2)).all()
            if len(found) == 1:
                return str(found[0][0])
            if len(found) > 1:
                raise NotFound(f"{what} id prefix {ident!r} is ambiguous: give more characters.")
        raise NotFound(f"No {what} {ident!r} in {self.url}.")

    def get_article(self, article_id: str) -> Article:
        """The article with this id or unique id prefix."""
        with self.engine.connect() as conn:
            full = self._resolve(conn, articles, article_id, "article")
            data = conn.execute(select(articles.c.data).where(articles.c.id == full)).scalar_one()
        return from_dict(Article, json.loads(data))

    def list_articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        story_id: str | None = None,
        outlet: str | None = None,
    ) -> list[Article]:
        """Articles, newest published first."""
        q = select(articles.c.data)
        if story_id:
            q = q.join(story_articles, story_articles.c.article_id == articles.c.id).where(
                story_articles.c.story_id == story_id
            )
        if outlet:
            q = q.where(articles.c.outlet == outlet)
        q = q.order_by(articles.c.published.desc(), articles.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [from_dict(Article, json.loads(d)) for (d,) in conn.execute(q)]

    def count_articles(self) -> int:
        """How many articles are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stored articles (all, or those with the given ids), oldest first."""
        q = select(articles.c.data).order_by(articles.c.published, articles.c.id)
        if ids is not None:
            q = q.where(articles.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        for (d,) in rows:
            yield from_dict(Article, json.loads(d))

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash signature) for every article that has one."""
        q = select(articles.c.id, articles.c.minhash).where(articles.c.minhash.is_not(None))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        for aid, sig in rows:
            yield str(aid), bytes(sig)

    # -- annotations ------------------------------------------------------------------

    def save_annotations(self, ann: AnnotatedArticle) -> None:
        """Store (or replace) an article's annotations and index its quotes."""
        aid = ann.article.id
        row = {
            "pipeline": ",".join(ann.pipeline),
            "data": json.dumps(to_dict(ann), ensure_ascii=False),
        }
        quotes = [(q.speaker or "", q.content) for q in ann.quotes]
        with self.engine.begin() as conn:
            done = conn.execute(update(annotations).where(annotations.c.article_id == aid), row)
            if not done.rowcount:
                conn.execute(insert(annotations).values(article_id=aid, **row))
            if self.backend == "sqlite":
                _search.index_quotes_sqlite(conn, aid, quotes)
            else:
                _search.index_quotes_postgres(conn, aid, quotes)

    def get_annotations(self, article_id: str) -> AnnotatedArticle | None:
        """An article's stored annotations, or None when it has none yet."""
        q = select(annotations.c.data).where(annotations.c.article_id == article_id)
        with self.engine.connect() as conn:
            data = conn.execute(q).scalar_one_or_none()
        return from_dict(AnnotatedArticle, json.loads(data)) if data else None

    def unannotated(self, pipeline: tuple[str, ...]) -> Iterator[Article]:
        """Articles with no annotations made by exactly this pipeline."""
        done = select(annotations.c.article_id).where(annotations.c.pipeline == ",".join(pipeline))
        q = (
            select(articles.c.data)
            .where(articles.c.id.not_in(done))
            .order_by(articles.c.published, articles.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        for (d,) in rows:
            yield from_dict(Article, json.loads(d))

    # -- stories ----------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        """Store (or replace) a story and its article membership."""
        row = {
            "title": story.title,
            "updated_at": _now(),
            "last_published": story.last_published,
            "data": json.dumps(to_dict(story), ensure_ascii=False),
        }
        with self.engine.begin() as conn:
            done = conn.execute(update(stories).where(stories.c.id == story.id), row)
            if not done.rowcount:
                conn.execute(insert(stories).values(id=story.id, **row))
            conn.execute(delete(story_articles).where(story_articles.c.story_id == story.id))
            conn.execute(
                delete(story_articles).where(story_articles.c.article_id.in_(story.article_ids))
            )
            for aid in story.article_ids:
                conn.execute(insert(story_articles).values(article_id=aid, story_id=story.id))

    def delete_story(self, story_id: str) -> None:
        """Remove a story (its articles stay)."""
        with self.engine.begin() as conn:
            full = self._resolve(conn, stories, story_id, "story")
            conn.execute(delete(story_articles).where(story_articles.c.story_id == full))
            conn.execute(delete(stories).where(stories.c.id == full))

    def get_story(self, story_id: str) -> Story:
        """The story with this id or unique id prefix."""
        with self.engine.connect() as conn:
            full = self._resolve(conn, stories, story_id, "story")
            data = conn.execute(select(stories.c.data).where(stories.c.id == full)).scalar_one()
        return from_dict(Story, json.loads(data))

    def list_stories(self) -> list[Story]:
        """Every story, newest activity (latest article) first."""
        q = select(stories.c.data).order_by(
            stories.c.last_published.desc(), stories.c.updated_at.desc(), stories.c.id
        )
        with self.engine.connect() as conn:
            return [from_dict(Story, json.loads(d)) for (d,) in conn.execute(q)]

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to, if any."""
        q = select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)
        with self.engine.connect() as conn:
            found = conn.execute(q).scalar_one_or_none()
        return str(found) if found else None

    # -- failures and search ----------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        """Remember an input or article that a stage could not handle."""
        with self.engine.begin() as conn:
            conn.execute(insert(failures).values(at=_now(), **to_dict(failure)))

    def failures(self) -> list[Failure]:
        """Every recorded failure, oldest first."""
        q = select(
            failures.c.article_id, failures.c.stage, failures.c.error_type, failures.c.message
        ).order_by(failures.c.id)
        with self.engine.connect() as conn:
            return [Failure(*r) for r in conn.execute(q)]

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over titles, texts and quotes; best first."""
        with self.engine.connect() as conn:
            if self.backend == "sqlite":
                return _search.search_sqlite(conn, query, limit, offset)
            return _search.search_postgres(conn, query, limit, offset)

    def execute(self, sql: str) -> list[Any]:
        """Run raw SQL (tests and maintenance)."""
        with self.engine.begin() as conn:
            return list(conn.execute(text(sql)))


__all__ = ["Store", "migrate", "open_store"]
