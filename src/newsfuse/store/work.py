"""Coordinating writers: work leases for ``annotate``, named locks for whole runs.

Several processes may write one store at once: two ``newsfuse annotate`` runs, a pool
of annotate workers, a ``stories`` run beside the web app. Two mechanisms keep them from
doing the same work twice or interleaving:

- **Leases** (:func:`claim`, :func:`release`): a worker claims a batch of unannotated
  articles by writing one ``annotate_leases`` row per article in one write transaction
  (``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock on PostgreSQL, so two
  claims never pick the same rows). Other claims skip leased articles. A lease ends when
  the annotations are saved, when its time runs out (:data:`LEASE_SECONDS`), or when its
  owner is a process on this host that no longer exists, so the run after a ``kill -9``
  takes the work over at once.
- **Named locks** (:func:`named_lock`): a whole run that must not interleave with
  another of its kind (``stories``) holds one for its duration: a session advisory lock on
  PostgreSQL, an ``flock`` on a file beside the SQLite database. Both are released by the
  operating system or the server when the process dies.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import socket
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, or_, select, text
from sqlalchemy.engine import Connection, make_url

from .engine import writing
from .schema import annotate_leases, article_annotations, articles

if TYPE_CHECKING:
    from . import Store

LEASE_SECONDS = 15 * 60  # a batch of articles takes seconds; a lease this old is abandoned
PG_CLAIM_LOCK = 0x6E660001  # advisory lock key held while claiming leases
_EPOCH = dt.date(1, 1, 1)


def new_owner() -> str:
    """A lease owner name for this process: ``host:pid:nonce``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(owner: str) -> bool:
    """True when ``owner`` names a process on this host that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _serialize(conn: Connection, key: int) -> None:
    """On PostgreSQL, hold a transaction-scoped advisory lock (SQLite: BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _pending_query(pipeline_key: str) -> Any:
    """Articles (English or of unknown language) without this pipeline's annotations."""
    done = select(article_annotations.c.article_id).where(
        article_annotations.c.pipeline == pipeline_key
    )
    leased = select(annotate_leases.c.article_id)
    return (
        articles.c.id.not_in(done)
        & articles.c.id.not_in(leased)
        & or_(articles.c.language.is_(None), articles.c.language == "en")
    )


def count_pending(store: Store, pipeline_key: str) -> int:
    """How many articles still need this pipeline (leased ones included)."""
    done = select(article_annotations.c.article_id).where(
        article_annotations.c.pipeline == pipeline_key
    )
    q = (
        select(func.count())
        .select_from(articles)
        .where(
            articles.c.id.not_in(done),
            or_(articles.c.language.is_(None), articles.c.language == "en"),
        )
    )
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def claim(store: Store, pipeline_key: str, owner: str, limit: int) -> list[str]:
    """Lease up to ``limit`` unannotated articles to ``owner``; their ids, oldest first.

    Abandoned leases (expired, or held by a dead process on this host) are dropped first.
    """
    now = _now()
    with writing(store.engine) as conn:
        _serialize(conn, PG_CLAIM_LOCK)
        conn.execute(delete(annotate_leases).where(annotate_leases.c.expires_at < now))
        owners = conn.execute(select(annotate_leases.c.owner).distinct()).scalars().all()
        dead = [o for o in owners if _dead_here(str(o))]
        if dead:
            conn.execute(delete(annotate_leases).where(annotate_leases.c.owner.in_(dead)))
        key = func.coalesce(articles.c.published, _EPOCH)
        q = (
            select(articles.c.id)
            .where(_pending_query(pipeline_key))
            .order_by(key, articles.c.id)
            .limit(limit)
        )
        ids = [str(i) for i in conn.execute(q).scalars()]
        if ids:
            expires = now + dt.timedelta(seconds=LEASE_SECONDS)
            conn.execute(
                insert(annotate_leases),
                [{"article_id": i, "owner": owner, "expires_at": expires} for i in ids],
            )
    return ids


def release(store: Store, owner: str, ids: Sequence[str] | None = None) -> None:
    """End ``owner``'s leases on ``ids`` (all of its leases when ``ids`` is None)."""
    with writing(store.engine) as conn:
        q = delete(annotate_leases).where(annotate_leases.c.owner == owner)
        if ids is not None:
            q = q.where(annotate_leases.c.article_id.in_(list(ids)))
        conn.execute(q)


def _lock_key(name: str) -> int:
    """A stable signed 63-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") >> 1


@contextmanager
def named_lock(store: Store, name: str) -> Iterator[None]:
    """Hold the store-wide lock ``name`` for the duration of the block (waits for it).

    PostgreSQL: a session advisory lock on a connection kept open for the block. SQLite:
    an exclusive ``flock`` on ``<database>.<name>.lock``. An in-memory SQLite store has
    one process by construction and takes no lock.
    """
    if store.backend == "postgresql":
        with store.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _lock_key(name)})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _lock_key(name)})
                conn.commit()
        return
    database = make_url(store.engine.url).database
    if not database or database == ":memory:":
        yield
        return
    path = Path(database).expanduser()
    lock_path = path.with_name(f"{path.name}.{name}.lock")
    with open(lock_path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


__all__ = [
    "LEASE_SECONDS",
    "claim",
    "count_pending",
    "named_lock",
    "new_owner",
    "release",
]
