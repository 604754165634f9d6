"""What the web views call is library code a script or the CLI can call too: these tests
use the store directly, without the web app."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from newsfuse.brief import make_brief
from newsfuse.brief.annotated import annotated_html, annotation_marks, parse_span
from newsfuse.brief.mapdata import countries_geojson, map_data
from newsfuse.errors import NotFound
from newsfuse.export.story_csv import story_csv
from newsfuse.ingest.uploads import read_uploads
from newsfuse.intake import add_articles
from newsfuse.model import Failure
from newsfuse.store import open_store
from newsfuse.store.entity_profile import entity_profile


@pytest.fixture
def quake(web_store: str) -> Any:
    with open_store(web_store) as store:
        story = next(s for s in store.list_stories() if "Chile" in s.title)
        yield store, story


def test_figures_csv_has_one_row_per_sourced_value(quake: Any) -> None:
    store, story = quake
    rows = list(csv.DictReader(io.StringIO(story_csv(story, [], "figures"))))
    killed = {float(r["value"]) for r in rows if "212" in r["evidence"] or "300" in r["evidence"]}
    assert killed == {212.0, 300.0}, rows
    assert {r["outlet"] for r in rows} >= {"Pacific Herald", "Andes Wire"}
    arts = list(store.iter_articles(story.article_ids))
    quotes = list(csv.DictReader(io.StringIO(story_csv(story, arts, "quotes"))))
    rubble = next(q for q in quotes if "rubble" in q["quote"])
    assert rubble["outlet"] == "Pacific Herald" and rubble["speaker"]
    with pytest.raises(NotFound):
        story_csv(story, [], "people")


def test_entity_profile_finds_the_minister_by_surname_across_outlets(quake: Any) -> None:
    store, _ = quake
    profile = entity_profile(store, "Tomas Aravena")
    assert profile["kind"] == "person"
    assert {o for _, _, o in profile["roles"]} <= {"Pacific Herald", "Andes Wire", None}
    assert any("rubble" in q.content for q in profile["quotes"])
    with pytest.raises(NotFound):
        entity_profile(store, "Nobody Atall")


def test_article_marks_wrap_the_cited_span_and_escape_the_text(quake: Any) -> None:
    store, story = quake
    article = store.get_article(story.article_ids[0])
    ann = store.get_annotations(article.id)
    start = article.text.index("earthquake")
    span = parse_span(f"{start}-{start + 10}", len(article.text))
    html = str(annotated_html(article.text, annotation_marks(ann), span))
    assert '<mark class="hl" id="hl" title="cited">earthquake</mark>' in html
    assert 'class="k-place"' in html and "<script" not in html


def test_map_data_frames_the_story_and_the_outlines_are_geojson(quake: Any) -> None:
    store, story = quake
    brief = make_brief(story, list(store.iter_articles(story.article_ids)))
    data = map_data(brief)
    assert data is not None
    (south, west), (north, east) = data["bounds"]
    chile = [p for p in data["pins"] if p["weight"] >= 2 or p["kind"] == "dateline"]
    assert chile and all(south <= p["lat"] <= north and west <= p["lon"] <= east for p in chile)
    assert countries_geojson().startswith(b'{"type":"FeatureCollection"')


def test_add_articles_records_failures_like_the_command_line(tmp_path: Any) -> None:
    class NoNetwork:
        def get(self, url: str) -> tuple[bytes, str]:
            raise AssertionError("no URL was given")

    files = [("minutes.pdf", b"%PDF-1.4 not a news article"), ("big.txt", b"x" * 50)]
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        result = add_articles(store, read_uploads([], files, NoNetwork(), max_bytes=10))
        assert result["ingested"] == []
        assert [f["input"] for f in result["failed"]] == ["minutes.pdf", "big.txt"]
        assert not any(f["reason"].startswith("minutes.pdf") for f in result["failed"])
        recorded = store.failures()
        assert [f.article_id for f in recorded] == ["minutes.pdf", "big.txt"]
        assert all(isinstance(f, Failure) for f in recorded)
