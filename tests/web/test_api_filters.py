"""API list endpoints: every documented filter works or is refused with 422, pages carry
totals, and entity responses reference stories by id (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.issue(12)


def _stories(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/stories", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _titles(page: dict[str, Any]) -> list[str]:
    return [s["title"] for s in page["items"]]


@pytest.mark.parametrize(
    "params, quake, council",
    [
        ({}, True, True),
        ({"outlet": "Pacific Herald"}, True, False),
        ({"outlet": "pacific herald"}, True, False),
        ({"outlet": "No Such Outlet"}, False, False),
        ({"since": "2024-03-06"}, True, False),
        ({"until": "2024-03-05"}, False, True),
        ({"since": "2024-03-08"}, False, False),
        ({"entity": "Tomas Aravena"}, True, False),
        ({"place": "Chile"}, True, False),
        ({"place": "Tomas Aravena"}, False, False),  # a person is not a place
    ],
)
def test_story_filters_are_honoured(
    client: TestClient, params: dict[str, str], quake: bool, council: bool
) -> None:
    page = _stories(client, **params)
    titles = " ".join(_titles(page))
    assert ("quake" in titles.lower()) is quake
    assert ("Council" in titles) is council
    assert page["total"] == len(page["items"])


def test_story_pages_carry_the_total(client: TestClient) -> None:
    everything = _stories(client)
    first = _stories(client, limit=1)
    second = _stories(client, limit=1, offset=1)
    assert first["total"] == second["total"] == everything["total"] >= 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/stories", {"since": "last week"}),
        ("/api/stories", {"sinse": "2024-03-01"}),
        ("/api/stories", {"limit": "0"}),
        ("/api/articles", {"outlet": "Pacific Herald"}),
        ("/api/search", {"q": "quake", "outlet": "x"}),
        ("/api/entities/Tomas Aravena", {"story": "x"}),
    ],
)
def test_unknown_or_bad_filters_are_refused_with_422(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text


def test_entity_references_stories_by_id_with_paged_quotes(client: TestClient) -> None:
    r = client.get("/api/entities/tomas aravena")
    assert r.status_code == 200
    data = r.json()
    quake = next(s for s in _stories(client)["items"] if "quake" in s["title"].lower())
    assert data["stories"] == [{"id": quake["id"], "title": quake["title"]}]
    assert data["kind"] == "person" and "Tomas Aravena" in data["names"]
    assert data["quotes"]["total"] >= 2 and data["quotes"]["items"]
    assert all(
        q["story_id"] == quake["id"] and q["span"]["article_id"] for q in data["quotes"]["items"]
    )
    one = client.get("/api/entities/Tomas Aravena", params={"limit": 1}).json()["quotes"]
    assert len(one["items"]) == 1 and one["total"] == data["quotes"]["total"]
    assert data["roles"] and all(r["outlet"] for r in data["roles"])
    assert "entities" not in r.text  # no story embedded
    assert client.get("/api/entities/Nobody At All").status_code == 404


@pytest.mark.issue(12)
def test_search_total_counts_every_match_not_the_page(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "earthquake", "limit": 1}).json()
    assert len(first["items"]) == 1
    assert first["total"] == 2  # both quake reports, whatever the page size
    rest = client.get("/api/search", params={"q": "earthquake", "limit": 1, "offset": 1}).json()
    assert rest["total"] == 2 and rest["items"][0]["article_id"] != first["items"][0]["article_id"]
