"""Connecting to a store and bringing its schema to this release's revision.

One SQLAlchemy engine per store. On SQLite the engine turns on WAL, foreign keys and a
busy timeout for every connection, and takes transaction control away from the
``sqlite3`` module (which otherwise opens transactions lazily and never around DDL) so
that every ``engine.begin()`` is one real SQLite transaction: migrations are atomic, and
writers start with ``BEGIN IMMEDIATE`` so a second process waits for the lock (up to the
busy timeout) instead of failing on a lock upgrade. On PostgreSQL, migrations hold a
transaction-scoped advisory lock so two processes opening a fresh database do not both
create it.

The Alembic scripts live in ``migrations/`` inside the package and run on the
connection handed over here; no ``alembic.ini`` is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import MigrationRequired, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_MS = 30_000  # a writer waits this long for another (e.g. the web app + a CLI run)
PG_MIGRATION_LOCK = 0x6E657773  # advisory lock key ("news") held while migrating
PG_CONNECT_TIMEOUT_S = 10  # an unreachable server fails fast instead of hanging the CLI

_WRITE = "newsfuse_write"  # execution option: begin the SQLite transaction IMMEDIATE


def normalize_url(url: str) -> str:
    """Map ``postgres://`` and ``postgresql://`` to the psycopg 3 driver.

    >>> normalize_url("postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> normalize_url("sqlite:////tmp/x.db")
    'sqlite:////tmp/x.db'
    """
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def display_url(url: str) -> str:
    """The URL with any password masked, for messages and ``info``.

    >>> display_url("postgresql://ana:secret@db.example/news")
    'postgresql://ana:***@db.example/news'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    """WAL for concurrent readers (fsync at checkpoints), foreign keys on, a busy timeout;
    we drive transactions."""
    dbapi_conn.isolation_level = None  # the sqlite3 module must not BEGIN on its own
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL: a commit survives any crash of the process (kill -9) and the file is
    # never corrupted; only an OS crash or power loss may drop the last commits. FULL
    # would fsync every commit (one per article written).
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _postgres_connect(dbapi_conn: Any, _record: Any) -> None:
    """Plan every statement with the tables' current sizes.

    PostgreSQL otherwise switches a repeated statement (and the foreign-key checks behind
    every insert) to a generic plan after five runs, planned while the story tables were
    still small; a first ``stories`` run writes all its stories in one transaction, the
    tables grow under that plan, and each statement ends up scanning them whole.
    """
    cur = dbapi_conn.cursor()
    cur.execute("SET plan_cache_mode = force_custom_plan")
    cur.close()
    dbapi_conn.commit()


def _sqlite_begin(conn: Connection) -> None:
    """Open the real SQLite transaction: IMMEDIATE for writers, deferred for readers."""
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite parent folder created), or StoreError naming it.

    Raises:
        StoreError: the URL is malformed, its driver is missing, or the folder of the
            SQLite file cannot be created.
    """
    full = normalize_url(url)
    try:
        parsed = make_url(full)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql":
            args["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        engine = create_engine(parsed, **args)
    except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
        raise StoreError(f"Cannot open store {display_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_connect)
    return engine


def writing(engine: Engine) -> Any:
    """A write transaction (``with writing(engine) as conn``), IMMEDIATE on SQLite."""
    return engine.execution_options(**{_WRITE: True}).begin()


def _alembic_config(conn: Connection) -> Any:
    """An Alembic config that runs our migrations on ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def _scripts() -> Any:
    """The migration scripts shipped with this release."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """The newest schema revision this release knows."""
    return str(_scripts().get_current_head())


def known_revisions() -> set[str]:
    """Every revision id in the migrations folder."""
    return {s.revision for s in _scripts().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    """The database's schema revision, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    rev = MigrationContext.configure(conn).get_current_revision()
    return str(rev) if rev is not None else None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest) in one transaction.

    Safe when several processes open a fresh database at once: the second waits for the
    first (SQLite write lock, PostgreSQL advisory lock) and then finds nothing to do.
    """
    from alembic import command

    with writing(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        command.upgrade(_alembic_config(conn), revision)


def check_revision(engine: Engine, url: str, *, upgrade: bool) -> None:
    """Bring the schema to head, or explain why it cannot be.

    Raises:
        MigrationRequired: the database is at a revision newer than (unknown to) this
            release, or older while ``upgrade`` is False.
    """
    with engine.connect() as conn:
        current = current_revision(conn)
    newest = head()
    if current == newest:
        return
    if current is not None and current not in known_revisions():
        raise MigrationRequired(
            f"Store {display_url(url)} has schema revision {current!r}, which this release "
            f"does not know (newest: {newest!r}): upgrade newsfuse to open it."
        )
    if not upgrade:
        raise MigrationRequired(
            f"Store {display_url(url)} is at schema revision {current!r}; this release "
            f"needs {newest!r}: open it with upgrade=True to migrate it."
        )
    migrate(engine)


__all__ = [
    "MIGRATIONS",
    "check_revision",
    "current_revision",
    "display_url",
    "head",
    "known_revisions",
    "make_engine",
    "migrate",
    "normalize_url",
    "writing",
]
