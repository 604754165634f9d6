"""Store fixtures: one test body, run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsfuse.store import open_store
from pg import postgres_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _fresh_pg_db(server: str) -> str:
    """A new empty database on the test server; its URL."""
    name = "t" + uuid.uuid4().hex[:12]
    engine = sqlalchemy.create_engine(
        server.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_pg_db(request.getfixturevalue("pg_server"))


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    s = open_store(store_url)
    yield s
    s.close()
