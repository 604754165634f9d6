"""Done-when for issue 12: on SQLite and PostgreSQL, plain SQL over the normalized tables
shows the same quotes, figures, claims and places as the JSON briefs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsfuse import workflow
from newsfuse.store import Store

pytestmark = pytest.mark.issue(12)


def _sql(store: Store, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(r) for r in store.execute(sql, params)), key=repr)


def _same(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def _briefs(store: Store) -> list[dict[str, Any]]:
    ids = [s.id for s in store.list_stories()]
    return [json.loads(workflow.make_brief(store, i, "json")) for i in ids]


def test_the_corpus_makes_stories_with_facts(corpus_store: Store) -> None:
    briefs = _briefs(corpus_store)
    assert len(briefs) >= 3
    assert all(b["story"]["claims"] and b["story"]["quotes"] for b in briefs)


def test_claims_and_claim_values_equal_the_briefs(corpus_store: Store) -> None:
    for brief in _briefs(corpus_store):
        story = brief["story"]
        claims = [(c["id"], c["label"], c["unit"], c["status"]) for c in story["claims"]]
        assert _sql(
            corpus_store,
            "SELECT claim_id, label, unit, status FROM claims WHERE story_id = :s",
            s=story["id"],
        ) == _same(claims)
        values = [
            (c["id"], v["span"]["article_id"], v["span"]["start"], v["span"]["end"], v["value"])
            for c in story["claims"]
            for v in c["values"]
        ]
        assert _sql(
            corpus_store,
            "SELECT c.claim_id, v.article_id, v.start_char, v.end_char, v.value "
            "FROM claim_values v JOIN claims c ON c.id = v.claim_id WHERE v.story_id = :s",
            s=story["id"],
        ) == _same(values)


def test_quotes_equal_the_briefs(corpus_store: Store) -> None:
    for brief in _briefs(corpus_store):
        story = brief["story"]
        quotes = [
            (
                q["span"]["article_id"],
                q["span"]["start"],
                q["span"]["end"],
                q["speaker"],
                q["content"],
            )
            for q in story["quotes"]
        ]
        assert _sql(
            corpus_store,
            "SELECT article_id, start_char, end_char, speaker, content FROM story_quotes "
            "WHERE story_id = :s",
            s=story["id"],
        ) == _same(quotes)
        # and each story quote is one of its article's quotes in the quotes table
        for row in quotes:
            found = _sql(
                corpus_store,
                "SELECT speaker, content FROM quotes WHERE article_id = :a AND start_char = :b "
                "AND end_char = :e",
                a=row[0],
                b=row[1],
                e=row[2],
            )
            assert found == [(row[3], row[4])]


def test_places_equal_the_briefs(corpus_store: Store) -> None:
    for brief in _briefs(corpus_store):
        story = brief["story"]
        places = [
            (e["name"], e["country"], e["lat"], e["lon"], len(e["mentions"]))
            for e in story["entities"]
            if e["kind"] == "place"
        ]
        assert places
        assert _sql(
            corpus_store,
            "SELECT name, country, lat, lon, mention_count FROM story_entities "
            "WHERE story_id = :s AND kind = 'place'",
            s=story["id"],
        ) == _same(places)
        shown = {(p["name"], p["lat"], p["lon"]) for p in brief["sections"]["places"]}
        assert shown <= {(n, la, lo) for n, _, la, lo, _ in places}


def test_figures_equal_the_annotations_and_back_every_claim_value(corpus_store: Store) -> None:
    for brief in _briefs(corpus_store):
        for aid in brief["story"]["article_ids"]:
            ann = corpus_store.get_annotations(aid)
            assert ann is not None
            figures = [
                (f.span.start, f.span.end, f.value, f.unit, f.qualifier) for f in ann.figures
            ]
            assert _sql(
                corpus_store,
                "SELECT start_char, end_char, value, unit, qualifier FROM figures "
                "WHERE article_id = :a",
                a=aid,
            ) == _same(figures)
        orphans = _sql(
            corpus_store,
            "SELECT v.id FROM claim_values v LEFT JOIN figures f ON f.article_id = v.article_id "
            "AND f.start_char = v.start_char AND f.end_char = v.end_char WHERE f.id IS NULL",
        )
        assert orphans == []


def test_article_places_have_coordinates_country_and_mentions(corpus_store: Store) -> None:
    rows = _sql(
        corpus_store,
        "SELECT e.name, e.country, e.lat, e.lon, count(m.id) FROM entities e "
        "JOIN mentions m ON m.entity_id = e.id WHERE e.kind = 'place' "
        "GROUP BY e.id, e.name, e.country, e.lat, e.lon",
    )
    assert rows and all(n >= 1 for *_, n in rows)
    assert any(country and lat is not None for _, country, lat, _, _ in rows)
