"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per session from Debian's binaries (``tests/pg.py``)
or taken from ``NEWSFUSE_TEST_PG_URL``; each test gets a fresh database on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsfuse.store import Store, open_store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, migrated store, closed after the test."""
    s = open_store(store_url)
    yield s
    s.close()
