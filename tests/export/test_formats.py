"""`newsfuse export`: each format reads back typed in the tools analysts use (pandas,
pyarrow, GDAL through pyogrio, shapely), and every filter narrows the rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsfuse.errors import ConfigError, NotFound
from newsfuse.export import TABLES, Selection, export
from newsfuse.store import Store

pytestmark = pytest.mark.issue(12)

# The parts of the GeoJSON JSON Schema (geojson.org/schema, RFC 7946) a FeatureCollection
# of points uses; written out because tests cannot download it.
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"enum": ["Point"]},
        "coordinates": {"type": "array", "minItems": 2, "items": {"type": "number"}},
    },
}
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "properties", "geometry"],
                "properties": {
                    "type": {"enum": ["Feature"]},
                    "properties": {"oneOf": [{"type": "null"}, {"type": "object"}]},
                    "geometry": {"oneOf": [{"type": "null"}, POINT]},
                },
            },
        },
    },
}


def _count(store: Store, table: str) -> int:
    return int(store.execute(f"SELECT count(*) FROM {table}")[0][0])


def _text(store: Store, table: str, fmt: str, sel: Selection | None = None) -> str:
    buf = io.StringIO()
    export(store, [table], fmt, None, sel, stdout=buf)
    return buf.getvalue()


def test_csv_reads_back_in_pandas_with_numbers_dates_and_booleans(
    corpus_store: Store, tmp_path: Path
) -> None:
    import pandas as pd

    export(corpus_store, ["figures", "quotes"], "csv", tmp_path)
    figures = pd.read_csv(tmp_path / "figures.csv", parse_dates=["published"])
    assert len(figures) == _count(corpus_store, "figures")
    assert pd.api.types.is_numeric_dtype(figures["value"])
    assert figures["start_char"].dtype == "int64"
    assert pd.api.types.is_datetime64_any_dtype(figures["published"])
    quotes = pd.read_csv(tmp_path / "quotes.csv")
    assert quotes["direct"].dtype == bool
    # whole numbers are written as integers: "1500", never "1500.0"
    with open(tmp_path / "figures.csv", encoding="utf-8") as fh:
        values = [row["value"] for row in csv.DictReader(fh)]
    assert values and not [v for v in values if v.endswith(".0")]


def test_parquet_reads_back_typed(corpus_store: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = export(corpus_store, [], "parquet", tmp_path)
    assert {d["table"] for d in done} == set(TABLES)
    figures = pq.read_table(tmp_path / "figures.parquet")
    assert figures.num_rows == _count(corpus_store, "figures")
    assert figures.schema.field("value").type == pa.float64()
    assert figures.schema.field("start_char").type == pa.int64()
    assert figures.schema.field("published").type == pa.date32()
    assert pq.read_table(tmp_path / "quotes.parquet").schema.field("direct").type == pa.bool_()
    places = pq.read_table(tmp_path / "places.parquet").to_pandas()
    assert places["mentions"].dtype == "int64" and places["lat"].dtype == "float64"


def test_jsonl_has_one_object_per_row(corpus_store: Store) -> None:
    lines = _text(corpus_store, "claim_values", "jsonl").splitlines()
    assert len(lines) == _count(corpus_store, "claim_values")
    row = json.loads(lines[0])
    assert isinstance(row["value"], int | float) and row["story_id"] and row["story_title"]


def test_geojson_validates_and_opens_in_gdal_and_shapely(
    corpus_store: Store, tmp_path: Path
) -> None:
    import pyogrio
    from shapely.geometry import shape

    path = tmp_path / "places.geojson"
    export(corpus_store, [], "geojson", path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, GEOJSON_SCHEMA)
    feats = doc["features"]
    assert feats
    for f in feats:
        point = shape(f["geometry"])
        assert point.is_valid and -180 <= point.x <= 180 and -90 <= point.y <= 90
        assert f["properties"]["mentions"] >= f["properties"]["articles"] >= 1
        assert f["properties"]["stories"] and f["properties"]["sources"]
    info = pyogrio.read_info(path)
    assert info["features"] == len(feats) and info["geometry_type"] == "Point"
    _meta, _fids, geometry, fields = pyogrio.raw.read(path)
    assert len(geometry) == len(feats) and len(fields) >= 5
    mentions = sum(f["properties"]["mentions"] for f in feats)
    located = corpus_store.execute(
        "SELECT count(*) FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE e.kind = 'place' AND e.lat IS NOT NULL"
    )[0][0]
    assert mentions == located


def test_filters_narrow_every_table(corpus_store: Store) -> None:
    stories = corpus_store.list_stories()
    story = stories[0]
    rows = list(
        csv.DictReader(
            io.StringIO(_text(corpus_store, "quotes", "csv", Selection(story=story.id[:8])))
        )
    )
    assert rows and {r["story_id"] for r in rows} == {story.id}
    claims = list(
        csv.DictReader(io.StringIO(_text(corpus_store, "claims", "csv", Selection(story=story.id))))
    )
    assert {r["story_id"] for r in claims} == {story.id}
    outlet = corpus_store.list_articles(limit=1)[0].outlet
    assert outlet
    rows = list(
        csv.DictReader(
            io.StringIO(_text(corpus_store, "figures", "csv", Selection(outlet=outlet.upper())))
        )
    )
    assert rows and {r["outlet"] for r in rows} == {outlet}
    day = dt.date(2024, 6, 1)
    rows = list(
        csv.DictReader(io.StringIO(_text(corpus_store, "articles", "csv", Selection(since=day))))
    )
    assert rows and all(r["published"] >= "2024-06-01" for r in rows)
    rows = list(
        csv.DictReader(io.StringIO(_text(corpus_store, "articles", "csv", Selection(until=day))))
    )
    assert rows and all(r["published"] and r["published"] <= "2024-06-01" for r in rows)
    place = corpus_store.execute("SELECT name FROM entities WHERE kind = 'place' LIMIT 1")[0][0]
    by_place = list(
        csv.DictReader(io.StringIO(_text(corpus_store, "articles", "csv", Selection(place=place))))
    )
    assert 0 < len(by_place) < _count(corpus_store, "articles") + 1
    person = corpus_store.execute("SELECT name FROM entities WHERE kind = 'person' LIMIT 1")[0][0]
    by_person = list(
        csv.DictReader(
            io.StringIO(_text(corpus_store, "quotes", "csv", Selection(entity=person.lower())))
        )
    )
    assert by_person and len(by_person) < _count(corpus_store, "quotes")
    nothing = list(
        csv.DictReader(
            io.StringIO(_text(corpus_store, "figures", "csv", Selection(outlet="No Such Outlet")))
        )
    )
    assert nothing == []


@pytest.mark.parametrize(
    "tables, fmt, output, error, message",
    [
        (["quotes"], "xlsx", None, ConfigError, "Unknown export format 'xlsx'"),
        (["quote"], "csv", None, ConfigError, "Unknown table 'quote'"),
        (["quotes"], "geojson", None, ConfigError, "GeoJSON holds places only"),
        (["quotes"], "parquet", None, ConfigError, "give -o"),
        (["quotes", "figures"], "csv", None, ConfigError, "need a folder"),
    ],
)
def test_bad_requests_are_clear_errors(
    corpus_store: Store, tables: list[str], fmt: str, output: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        export(corpus_store, tables, fmt, output, stdout=io.StringIO())


def test_unknown_story_is_not_found(corpus_store: Store) -> None:
    with pytest.raises(NotFound):
        export(
            corpus_store,
            ["quotes"],
            "csv",
            None,
            Selection(story="nosuchstory"),
            stdout=io.StringIO(),
        )
