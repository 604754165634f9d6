"""The store keeps whole records, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import MigrationRequired, NotFound, StoreError
from newsfuse.model import (
    AnnotatedArticle,
    Article,
    Entity,
    Failure,
    Figure,
    Mention,
    Quote,
    Region,
    Span,
    Story,
    new_article,
    to_dict,
)
from newsfuse.store import migrate, open_store


def _article(text: str, **meta: Any) -> Article:
    return new_article(text, published=dt.date(2022, 5, 1), outlet="Harbor Post", **meta)


def test_add_is_idempotent_by_content_hash(store: Any) -> None:
    a = _article("Three ferries resumed service on the northern route on Monday.")
    assert store.add_article(a) is True
    assert store.add_article(a) is False
    assert store.count_articles() == 1
    assert store.has_hash(a.content_hash)


def test_article_round_trip_and_prefix_lookup(store: Any) -> None:
    a = _article(
        "BEIRUT — Talks resumed.\nPhoto caption (A. Writer/Agency)",
        title="Talks resume",
        byline=("Lina Haddad",),
        regions=(Region("dateline", 0, 6),),
        flags=("near-duplicate",),
        duplicate_of="abc123abc123abcd",
    )
    store.add_article(a, b"\x01\x02")
    assert store.get_article(a.id) == a
    assert store.get_article(a.id[:8]) == a
    assert list(store.minhashes()) == [(a.id, b"\x01\x02")]


def test_missing_article_is_not_found_naming_the_id(store: Any) -> None:
    with pytest.raises(NotFound, match="nosuch"):
        store.get_article("nosuch")


def test_annotations_replace_and_unannotated(store: Any) -> None:
    a = _article("The minister said the port would reopen within two weeks.")
    b = _article("Flooding closed 14 roads in the valley, officials said.")
    store.add_article(a)
    store.add_article(b)
    ann = AnnotatedArticle(
        a,
        entities=(Entity("p1", "person", "Ana Ruiz", (Mention("Ana Ruiz", Span(a.id, 0, 8)),)),),
        figures=(Figure(2.0, "weeks", "exact", "two weeks", Span(a.id, 43, 52)),),
        pipeline=("entities.v1",),
    )
    store.save_annotations(ann)
    store.save_annotations(ann)
    assert store.get_annotations(a.id) == ann
    assert [x.id for x in store.unannotated(("entities.v1",))] == [b.id]
    assert {x.id for x in store.unannotated(("entities.v2",))} == {a.id, b.id}


def test_search_finds_text_and_quotes_with_snippets(store: Any) -> None:
    a = _article(
        "Engineers inspected the damaged viaduct near the river crossing.", title="Viaduct"
    )
    b = _article("Residents gathered in the square.", title="Square")
    store.add_article(a)
    store.add_article(b)
    store.save_annotations(
        AnnotatedArticle(b, quotes=(Quote("we will rebuild together", Span(b.id, 0, 5), "Ana"),))
    )
    hits = store.search("viaduct")
    assert [h.article_id for h in hits] == [a.id]
    assert "viaduct" in hits[0].snippet.lower()
    quote_hits = store.search("rebuild")
    assert [h.article_id for h in quote_hits] == [b.id]
    assert "rebuild" in quote_hits[0].snippet
    assert store.search('"; DROP TABLE articles; --') == []


def test_stories_upsert_list_and_membership(store: Any) -> None:
    arts = [_article(f"Storm report number {i} from the coast.") for i in range(3)]
    for a in arts:
        store.add_article(a)
    s1 = Story(
        "s000000000001", "Storm", (arts[0].id, arts[1].id), last_published=dt.date(2022, 5, 1)
    )
    store.save_story(s1)
    s1b = Story(
        "s000000000001", "Storm hits coast", (arts[0].id,), last_published=dt.date(2022, 5, 2)
    )
    store.save_story(s1b)
    s2 = Story("s000000000002", "Other", (arts[2].id,), last_published=dt.date(2022, 4, 1))
    store.save_story(s2)
    assert store.list_stories() == [s1b, s2]
    assert store.story_of(arts[0].id) == s1b.id
    assert store.story_of(arts[1].id) is None
    assert store.get_story("s000000000002") == s2
    with pytest.raises(NotFound, match="ambiguous"):
        store.get_story("s0000000")
    store.delete_story(s2.id)
    with pytest.raises(NotFound):
        store.get_story(s2.id)


def test_failures_are_kept_in_order(store: Any) -> None:
    store.record_failure(Failure("a.txt", "ingest", "UnreadableInput", "a.txt: empty"))
    store.record_failure(Failure("b.bin", "ingest", "UnreadableInput", "b.bin: binary"))
    assert [f.article_id for f in store.failures()] == ["a.txt", "b.bin"]
    assert store.info()["failures"] == 2


text_st = st.text(min_size=1, max_size=200).filter(lambda t: t.strip())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=text_st, title=st.none() | st.text(max_size=40), n=st.integers(0, 3))
def test_any_article_round_trips(
    tmp_path_factory: Any, text: str, title: str | None, n: int
) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('h') / 's.db'}"
    with open_store(url) as s:
        a = new_article(text, title=title, byline=tuple(f"W{i}" for i in range(n)))
        s.add_article(a)
        assert s.get_article(a.id) == a


def test_old_database_is_upgraded_without_loss(tmp_path: Path) -> None:
    """A database made by the first release (revision 0001) opens and gains search."""
    import sqlalchemy

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sqlalchemy.create_engine(url)
    migrate(engine, "0001")
    a = _article("Old article about the bridge repairs.", title="Bridge")
    with engine.begin() as conn:
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO articles (id, content_hash, title, published, added_at, text, data)"
                " VALUES (:i, :h, :t, '2022-05-01', '2022-05-01 00:00:00', :x, :d)"
            ),
            {
                "i": a.id,
                "h": a.content_hash,
                "t": a.title,
                "x": a.text,
                "d": json.dumps(to_dict(a)),
            },
        )
    engine.dispose()
    with pytest.raises(MigrationRequired, match="0001"):
        open_store(url, upgrade=False)
    with open_store(url) as s:
        assert s.info()["schema revision"] == "0002"
        assert s.get_article(a.id) == a
        assert [h.article_id for h in s.search("bridge")] == [a.id]


def test_unreachable_postgres_is_a_store_error_naming_the_url() -> None:
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


WRITER = textwrap.dedent(
    """
    import sys, datetime
    from newsfuse.store import open_store
    from newsfuse.model import new_article
    s = open_store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        s.add_article(new_article(f"Dispatch {i}: crews cleared debris " * 20,
                                  published=datetime.date(2022, 1, 1)), b"sig")
        print(i, flush=True)
    """
)


def test_killed_ingest_leaves_only_whole_articles_and_resumes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    open_store(url).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen(
        [sys.executable, str(script), url, "400"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for _ in range(40):  # let it write some articles, then kill it mid-run
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(url) as s:
        n = s.count_articles()
        assert 40 <= n < 400
        fts = s.execute("SELECT count(*) FROM articles_fts")[0][0]
        assert fts == n
        assert all(a.text.startswith("Dispatch") for a in s.iter_articles())
    done = subprocess.run([sys.executable, str(script), url, "400"], capture_output=True)
    assert done.returncode == 0
    with open_store(url) as s:
        assert s.count_articles() == 400
