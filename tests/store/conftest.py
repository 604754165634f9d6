"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per session from Debian's binaries (``tests/pg.py``)
or taken from ``NEWSFUSE_TEST_PG_URL``; each test gets a fresh database on it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsfuse.store import Store, open_store
from pg import fresh_database, postgres_server

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the session's PostgreSQL server (its maintenance database)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store location: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'news.db'}"
    return fresh_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, migrated store, closed after the test."""
    s = open_store(store_url)
    yield s
    s.close()
