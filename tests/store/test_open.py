"""Opening a store: where it goes, what it turns on, and errors that name the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from newsfuse.config import db_url
from newsfuse.errors import StoreError
from newsfuse.store import open_store
from newsfuse.store.engine import display_url, normalize_url


def test_sqlite_store_creates_its_folder_and_turns_on_wal_and_foreign_keys(
    tmp_path: Path,
) -> None:
    url = db_url(str(tmp_path / "deep" / "er" / "news.db"))
    with open_store(url) as s, s.engine.connect() as conn:
        assert (tmp_path / "deep" / "er" / "news.db").exists()
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
        assert s.info()["backend"] == "sqlite"


@pytest.mark.parametrize(
    "url, reason",
    [
        (
            "postgresql://ana:secret@127.0.0.1:1/none",
            r"postgresql://ana:\*\*\*@127\.0\.0\.1:1/none: ",
        ),
        ("postgresql+psycopg://127.0.0.1:1/none", r"Cannot open store postgresql\+psycopg://127"),
        ("nosuchdb://x/y", r"Cannot open store nosuchdb://x/y: "),
    ],
)
def test_unreachable_or_unknown_store_is_a_store_error_naming_the_url(
    url: str, reason: str
) -> None:
    with pytest.raises(StoreError, match="Cannot open store") as err:
        open_store(url)
    assert "secret" not in str(err.value)
    assert err.match(reason)


def test_sqlite_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is a text file, not a database\n" * 200)
    with pytest.raises(StoreError, match=rf"Cannot open store sqlite:///{bad}: .*not a database"):
        open_store(f"sqlite:///{bad}")


def test_sqlite_folder_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match=r"Cannot open store sqlite:///.*file/sub/news\.db"):
        open_store(f"sqlite:///{blocker}/sub/news.db")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/a.db", "sqlite:////tmp/a.db"),
    ],
)
def test_postgres_urls_use_psycopg_3(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_display_url_masks_only_the_password() -> None:
    assert display_url("postgresql://ana:pw@db:5432/news") == "postgresql://ana:***@db:5432/news"
    assert display_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


@pytest.mark.postgres
def test_postgres_sessions_plan_statements_with_current_table_sizes(pg_server: str) -> None:
    """A first `stories` run writes thousands of stories in one transaction; a generic plan
    made while the tables were small would scan them whole for every statement."""
    from pg import fresh_database

    with open_store(fresh_database(pg_server)) as s:
        assert s.execute("SHOW plan_cache_mode")[0][0] == "force_custom_plan"
