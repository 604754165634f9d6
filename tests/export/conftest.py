"""A store built from the example corpus, once per backend (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse import workflow
from newsfuse.store import Store, open_store
from pg import fresh_database

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def corpus_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, resources: Any
) -> Iterator[Store]:
    """The example corpus ingested, annotated and grouped into stories."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'news.db'}"
    else:
        url = fresh_database(request.getfixturevalue("pg_server"))
    store = open_store(url)
    workflow.ingest_inputs(store, [str(CORPUS)])
    workflow.annotate_pending(store, res=resources)
    workflow.group_stories(store)
    yield store
    store.close()
