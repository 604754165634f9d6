"""The normalized tables: every fact a row with its article id and offsets, on both
backends, kept in step with the JSON cache, and backfilled for stores made before them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import text

from newsfuse.model import (
    AnnotatedArticle,
    Claim,
    ClaimValue,
    DateRef,
    Entity,
    Event,
    Figure,
    Mention,
    Place,
    Quote,
    Span,
    Story,
    StoryEntity,
    StoryQuote,
    TimelineEntry,
    new_article,
    to_dict,
)
from newsfuse.store import Store, migrate, open_store
from newsfuse.store.engine import make_engine

TEXT = (
    "PORT ELLIS — Governor Ada Venn said on Monday that 5,200 people had left the "
    'flooded valley. "We will rebuild every bridge," Venn said.'
)
ART = new_article(
    TEXT, title="Valley [/] flood", outlet="Ellis Gazette", published=dt.date(2023, 5, 2)
)
AID = ART.id


def _span(word: str) -> Span:
    start = TEXT.index(word)
    return Span(AID, start, start + len(word))


ANN = AnnotatedArticle(
    ART,
    entities=(
        Entity(
            "p1",
            "person",
            "Ada Venn",
            (Mention("Ada Venn", _span("Ada Venn")), Mention("Venn", _span("Venn said."))),
            title="Governor",
            role="Governor",
            role_span=_span("Governor"),
        ),
    ),
    places=(
        Place("l1", "Port Ellis", (Mention("PORT ELLIS", _span("PORT ELLIS")),), "XE", 12.5, -3.25),
    ),
    quotes=(
        Quote(
            "We will rebuild every bridge,",
            _span("We will rebuild every bridge,"),
            "Ada Venn",
            "p1",
            _span("Venn said."),
            "said",
            True,
        ),
    ),
    figures=(Figure(5200.0, "people", "exact", "5,200 people", _span("5,200 people")),),
    dates=(DateRef("Monday", "2023-05-01", "day", _span("Monday"), relative=True),),
    events=(Event("had left the flooded valley", _span("had left"), "left", "2023-05-01", "day"),),
)
STORY = Story(
    "s0000000000a",
    "Valley flood",
    (AID,),
    entities=(
        StoryEntity(
            "e1",
            "place",
            "Port Ellis",
            (),
            (Mention("PORT ELLIS", _span("PORT ELLIS")),),
            country="XE",
            lat=12.5,
            lon=-3.25,
        ),
    ),
    claims=(
        Claim(
            "c1",
            "people displaced",
            "people",
            "single",
            (
                ClaimValue(
                    AID, "Ellis Gazette", 5200.0, "exact", "5,200 people", _span("5,200 people")
                ),
            ),
        ),
    ),
    timeline=(
        TimelineEntry("2023-05-01", "day", "Residents left the valley.", (_span("Monday"),)),
    ),
    quotes=(
        StoryQuote(
            "Ada Venn", "We will rebuild every bridge,", _span("We will rebuild every bridge,")
        ),
    ),
)


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in store.execute(sql)]


def test_every_fact_is_a_row_with_article_id_and_offsets(store: Store) -> None:
    store.add_article(ART)
    store.save_annotations(ANN)
    store.save_story(STORY)
    q = _span("We will rebuild every bridge,")
    assert _rows(
        store,
        "SELECT article_id, start_char, end_char, speaker, direct, speaker_entity_id FROM quotes",
    ) == [(AID, q.start, q.end, "Ada Venn", True, f"{AID}:p1")]
    f = _span("5,200 people")
    assert _rows(
        store, "SELECT article_id, start_char, end_char, value, unit, qualifier FROM figures"
    ) == [(AID, f.start, f.end, 5200.0, "people", "exact")]
    assert _rows(
        store,
        "SELECT e.name, e.kind, count(m.id) FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "GROUP BY e.name, e.kind ORDER BY e.name",
    ) == [("Ada Venn", "person", 2), ("Port Ellis", "place", 1)]
    assert _rows(store, "SELECT country, lat, lon FROM entities WHERE kind = 'place'") == [
        ("XE", 12.5, -3.25)
    ]
    assert _rows(store, "SELECT role, start_char FROM roles") == [
        ("Governor", _span("Governor").start)
    ]
    assert _rows(store, "SELECT value, relative FROM dates") == [("2023-05-01", True)]
    assert _rows(store, "SELECT trigger_word, date FROM events") == [("left", "2023-05-01")]
    assert _rows(
        store,
        "SELECT c.label, c.status, c.review, v.value, v.article_id, v.start_char, v.outlet "
        "FROM claims c JOIN claim_values v ON v.claim_id = c.id",
    ) == [("people displaced", "single", None, 5200.0, AID, f.start, "Ellis Gazette")]
    assert _rows(store, "SELECT story_id, date, article_id FROM timeline") == [
        (STORY.id, "2023-05-01", AID)
    ]
    assert _rows(store, "SELECT name, mention_count FROM story_entities") == [("Port Ellis", 1)]
    assert _rows(store, "SELECT outlet, byline, title FROM articles") == [
        ("Ellis Gazette", None, "Valley [/] flood")
    ]
    assert _rows(store, "SELECT article_count FROM stories") == [(1,)]


def test_re_annotating_and_re_saving_replace_rows_and_deleting_a_story_removes_them(
    store: Store,
) -> None:
    store.add_article(ART)
    store.save_annotations(ANN)
    store.save_annotations(ANN)
    store.save_story(STORY)
    store.save_story(STORY)
    assert _rows(store, "SELECT count(*) FROM quotes") == [(1,)]
    assert _rows(store, "SELECT count(*) FROM mentions") == [(3,)]
    assert _rows(store, "SELECT count(*) FROM claim_values") == [(1,)]
    store.delete_story(STORY.id)
    assert _rows(store, "SELECT count(*) FROM claims") == [(0,)]
    assert _rows(store, "SELECT count(*) FROM story_mentions") == [(0,)]
    assert _rows(store, "SELECT count(*) FROM quotes") == [(1,)]  # article facts stay


def test_a_0003_store_with_data_is_backfilled_on_upgrade(store_url: str) -> None:
    engine = make_engine(store_url)
    migrate(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, outlet, title, published, added_at, text, data) "
                "VALUES (:id, :h, :o, :t, :p, :a, :x, :d)"
            ),
            {
                "id": AID,
                "h": ART.content_hash,
                "o": ART.outlet,
                "t": ART.title,
                "p": ART.published,
                "a": dt.datetime(2023, 5, 3),
                "x": TEXT,
                "d": json.dumps(to_dict(ART)),
            },
        )
        conn.execute(
            text("INSERT INTO annotations (article_id, pipeline, data) VALUES (:a, 'x', :d)"),
            {"a": AID, "d": json.dumps(to_dict(ANN))},
        )
        conn.execute(
            text(
                "INSERT INTO stories (id, title, updated_at, last_published, data) "
                "VALUES (:i, :t, :u, :p, :d)"
            ),
            {
                "i": STORY.id,
                "t": STORY.title,
                "u": dt.datetime(2023, 5, 3),
                "p": None,
                "d": json.dumps(to_dict(STORY)),
            },
        )
        conn.execute(
            text("INSERT INTO story_articles (article_id, story_id) VALUES (:a, :s)"),
            {"a": AID, "s": STORY.id},
        )
    engine.dispose()
    with open_store(store_url) as s:
        assert _rows(s, "SELECT speaker, content FROM quotes") == [
            ("Ada Venn", "We will rebuild every bridge,")
        ]
        assert _rows(s, "SELECT value FROM figures") == [(5200.0,)]
        assert _rows(s, "SELECT name FROM entities ORDER BY name") == [
            ("Ada Venn",),
            ("Port Ellis",),
        ]
        assert _rows(s, "SELECT label, status FROM claims") == [("people displaced", "single")]
        assert _rows(s, "SELECT article_count FROM stories") == [(1,)]
        assert _rows(s, "SELECT outlet, source FROM articles") == [("Ellis Gazette", None)]
        assert s.get_annotations(AID) == ANN  # the JSON cache is untouched


@pytest.mark.parametrize("value", ["\x00bad", "ok"])
def test_text_with_nul_is_stored_on_both_backends(store: Store, value: str) -> None:
    store.add_article(ART)
    quote = Quote(value, _span("Venn said."), speaker=value)
    store.save_annotations(AnnotatedArticle(ART, quotes=(quote,)))
    assert _rows(store, "SELECT content FROM quotes") == [(value.replace("\x00", ""),)]


def test_a_nul_in_duplicate_of_is_stored_on_both_backends(store: Store) -> None:
    """Found by the round-trip property test on PostgreSQL (text cannot hold NUL)."""
    art = new_article("A copy of the ferry report.", duplicate_of="\x00")
    assert store.add_article(art)
    assert store.get_article(art.id) == art


def test_revised_values_and_currency_links_reach_the_tables(store: Store) -> None:
    at = _span("5,200 people")
    first = ClaimValue(AID, "Ellis Gazette", 5000.0, "about", "5,000", at, superseded=True)
    current = ClaimValue(AID, "Ellis Gazette", 5200.0, "exact", "5,200 people", at)
    usd = Claim("c1", "aid (USD)", "USD", "single", (current,), equivalents=("c2",))
    gbp = Claim("c2", "aid (GBP)", "GBP", "single", (first, current), equivalents=("c1",))
    store.add_article(ART)
    store.save_annotations(ANN)
    store.save_story(dataclasses.replace(STORY, claims=(usd, gbp)))
    assert _rows(store, "SELECT claim_id, equivalents FROM claims ORDER BY claim_id") == [
        ("c1", f"{STORY.id}:c2"),
        ("c2", f"{STORY.id}:c1"),
    ]
    assert _rows(
        store,
        "SELECT c.claim_id, v.value, v.superseded FROM claim_values v "
        "JOIN claims c ON c.id = v.claim_id ORDER BY c.claim_id, v.value",
    ) == [("c1", 5200.0, False), ("c2", 5000.0, True), ("c2", 5200.0, False)]
