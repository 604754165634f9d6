"""The interactive map's files come from the app itself: the vendored Leaflet with its
licence, and the country outlines as GeoJSON; nothing on the story page points elsewhere."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient


def _story_id(client: TestClient) -> str:
    items = client.get("/api/stories").json()["items"]
    return str(next(s["id"] for s in items if "Chile" in s["title"]))


def test_story_page_loads_the_map_only_from_the_app(client: TestClient) -> None:
    page = client.get(f"/stories/{_story_id(client)}").text
    assert 'id="story-map"' in page
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assets = [s for s in sources if s.endswith((".js", ".css"))]
    assert "/static/vendor/leaflet/leaflet.js" in assets and "/static/map.js" in assets
    assert all(s.startswith("/") for s in assets), assets
    found = re.search(r'data-map="([^"]+)"', page)
    assert found is not None
    data = json.loads(html.unescape(found.group(1)))
    assert any(p["name"] == "Chile" or "Valpara" in p["name"] for p in data["pins"]), data


def test_leaflet_is_served_with_its_licence(client: TestClient) -> None:
    js = client.get("/static/vendor/leaflet/leaflet.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    licence = client.get("/static/vendor/leaflet/LICENSE")
    assert licence.status_code == 200 and "BSD 2-Clause" in licence.text
    outside = "/static/vendor/..%2F..%2F..%2Fbrief%2Fassets%2Fcountries.json"
    assert client.get(outside).status_code == 404  # nothing outside web/static


def test_country_outlines_are_geojson_and_gzipped_when_asked(client: TestClient) -> None:
    plain = client.get("/map/countries.geojson", headers={"Accept-Encoding": "identity"})
    doc = json.loads(plain.content)
    codes = {f["properties"]["code"] for f in doc["features"]}
    assert {"CL", "CD", "BD"} <= codes
    packed = client.get("/map/countries.geojson", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.content == plain.content  # the client unpacked it
