"""A database made by an older release opens in this one without loss, on both backends."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from newsfuse.errors import MigrationRequired
from newsfuse.model import AnnotatedArticle, Failure, Quote, Span, Story, new_article, to_dict
from newsfuse.store import migrate, open_store
from newsfuse.store.engine import head, make_engine

OLD = new_article(
    "Crews began repairing the old stone bridge over the Vell river on Monday.",
    title="Bridge repairs begin",
    outlet="Valley News",
    published=dt.date(2021, 4, 12),
    language="en",
)
OLD_ANN = AnnotatedArticle(
    OLD,
    quotes=(Quote("the bridge will carry traffic by winter", Span(OLD.id, 0, 5), "Mara Olsen"),),
    pipeline=("quotes.v1",),
)
OLD_STORY = Story("s0ld00000001", "Bridge", (OLD.id,), last_published=OLD.published)


def _write_release_one_database(url: str) -> None:
    """What the first release (schema 0001) left on disk: every table with a row."""
    engine = make_engine(url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, url, outlet, title, published, "
                "language, added_at, text, data, minhash) VALUES (:i, :h, NULL, :o, :t, :p, "
                ":l, :at, :x, :d, :m)"
            ),
            {
                "i": OLD.id,
                "h": OLD.content_hash,
                "o": OLD.outlet,
                "t": OLD.title,
                "p": OLD.published,
                "l": OLD.language,
                "at": dt.datetime(2021, 4, 12, 9, 0),
                "x": OLD.text,
                "d": json.dumps(to_dict(OLD)),
                "m": b"sig",
            },
        )
        conn.execute(
            text("INSERT INTO annotations (article_id, pipeline, data) VALUES (:i, :p, :d)"),
            {"i": OLD.id, "p": "quotes.v1", "d": json.dumps(to_dict(OLD_ANN))},
        )
        conn.execute(
            text(
                "INSERT INTO stories (id, title, updated_at, last_published, data) "
                "VALUES (:i, :t, :u, :p, :d)"
            ),
            {
                "i": OLD_STORY.id,
                "t": OLD_STORY.title,
                "u": dt.datetime(2021, 4, 12, 10, 0),
                "p": OLD.published,
                "d": json.dumps(to_dict(OLD_STORY)),
            },
        )
        conn.execute(
            text("INSERT INTO story_articles (article_id, story_id) VALUES (:a, :s)"),
            {"a": OLD.id, "s": OLD_STORY.id},
        )
        conn.execute(
            text(
                "INSERT INTO failures (article_id, stage, error_type, message, at) "
                "VALUES ('x.bin', 'ingest', 'UnreadableInput', 'x.bin: binary', :at)"
            ),
            {"at": dt.datetime(2021, 4, 12, 9, 0)},
        )
    engine.dispose()


def test_release_one_database_upgrades_to_head_without_loss(store_url: str) -> None:
    _write_release_one_database(store_url)
    with pytest.raises(MigrationRequired, match=r"'0001'.*needs '0004'"):
        open_store(store_url, upgrade=False)
    with open_store(store_url) as s:
        info = s.info()
        assert info["schema revision"] == head() == "0004"
        assert (info["articles"], info["annotated"], info["stories"], info["failures"]) == (
            1,
            1,
            1,
            1,
        )
        assert s.get_article(OLD.id[:8]) == OLD
        assert s.get_annotations(OLD.id) == OLD_ANN
        assert s.get_story(OLD_STORY.id) == OLD_STORY
        assert s.story_of(OLD.id) == OLD_STORY.id
        assert s.failures() == [Failure("x.bin", "ingest", "UnreadableInput", "x.bin: binary")]
        assert list(s.minhashes()) == [(OLD.id, b"sig")]
        # 0002 indexed the old article and its old quote; 0003 widened the columns.
        assert [h.article_id for h in s.search("bridges")] == [OLD.id]
        assert s.search("winter")[0].snippet.startswith("Mara Olsen: ")
        assert s.add_article(new_article("A new article.", language="x-much-longer-than-8"))
    with open_store(store_url, upgrade=False) as s:  # now current: no upgrade needed
        assert s.count_articles() == 2


def test_each_revision_upgrades_to_the_next(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        for rev in ("0001", "0002", "0003", "0004"):
            migrate(engine, rev)
            with engine.connect() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert found == rev
    finally:
        engine.dispose()


def test_database_from_a_newer_release_is_refused(store_url: str) -> None:
    open_store(store_url).close()
    engine = make_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(MigrationRequired, match=r"'0099'.*upgrade newsfuse"):
        open_store(store_url)


OPENER = textwrap.dedent(
    """
    import sys
    from newsfuse.store import open_store
    with open_store(sys.argv[1]) as s:
        print(s.info()["schema revision"])
    """
)


def test_processes_opening_a_fresh_store_at_once_all_succeed(store_url: str) -> None:
    """Migrations are serialized (SQLite write lock, PostgreSQL advisory lock)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, store_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    assert [out.strip() for out, _ in results] == ["0004"] * 3
