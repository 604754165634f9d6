"""Pages and API of the web app, tested in-process (FastAPI TestClient)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth, hash_secret


class _Tags(HTMLParser):
    """Collects tags with attributes, to check what a page would execute."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(html)
    return p.tags


def csrf_of(html: str) -> str:
    """The CSRF token of a page's form."""
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "the page has no CSRF field"
    return m[1]


def _quake_story(client: TestClient) -> dict[str, Any]:
    stories = client.get("/api/stories").json()["items"]
    return next(s for s in stories if "quake" in s["title"].lower())


def test_stories_page_lists_the_story_with_outlets_and_conflict_badge(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Chile quake" in page.text
    assert "Pacific Herald" in page.text and "Andes Wire" in page.text
    assert 'class="badge conflicting"' in page.text


def test_story_page_shows_conflicting_figure_linked_to_its_span(client: TestClient) -> None:
    story = _quake_story(client)
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    assert "conflicting" in page.text
    links = re.findall(r'href="(/articles/[0-9a-f]+\?hl=\d+-\d+#hl)"', page.text)
    assert links
    target = client.get(links[0].split("#")[0])
    mark = re.search(r'<mark class="hl" id="hl"[^>]*>(.*?)</mark>', target.text, re.S)
    assert mark and mark.group(1).strip()


def test_article_highlight_is_exactly_the_cited_span(client: TestClient) -> None:
    story = client.get(f"/api/stories/{_quake_story(client)['id']}").json()
    claim = next(c for c in story["claims"] if c["status"] == "conflicting")
    v = claim["values"][0]
    page = client.get(f"/articles/{v['article_id']}?hl={v['span']['start']}-{v['span']['end']}")
    mark = re.search(r'<mark class="hl" id="hl"[^>]*>(.*?)</mark>', page.text, re.S)
    assert mark is not None and mark.group(1) == v["text"]


def test_filters_by_outlet_entity_and_place(client: TestClient) -> None:
    assert "Chile quake" in client.get("/?outlet=Andes+Wire").text
    assert "Chile quake" not in client.get("/?outlet=Nobody").text
    assert "Chile quake" in client.get("/?entity=Tomas+Aravena").text
    assert "Chile quake" in client.get("/?place=Chile").text
    assert "Chile quake" not in client.get("/?since=2030-01-01").text


def test_entity_page_shows_roles_by_outlet_and_quotes(client: TestClient) -> None:
    page = client.get("/entities/Tomas%20Aravena")
    assert page.status_code == 200
    assert "Interior Minister" in page.text or "Minister" in page.text
    assert "rubble" in page.text


def test_search_with_outlet_facets(client: TestClient) -> None:
    page = client.get("/search?q=earthquake")
    assert "Andes Wire (" in page.text
    api = client.get("/api/search", params={"q": "rubble"}).json()
    assert api["items"] and "rubble" in api["items"][0]["snippet"]


@pytest.mark.parametrize(
    "fmt, needle", [("html", "<!doctype html>"), ("md", "## "), ("json", '"version"')]
)
def test_brief_exports(client: TestClient, fmt: str, needle: str) -> None:
    r = client.get(f"/stories/{_quake_story(client)['id']}/brief.{fmt}")
    assert r.status_code == 200 and needle in r.text
    assert "attachment" in r.headers["content-disposition"]


def test_csv_exports(client: TestClient) -> None:
    sid = _quake_story(client)["id"]
    figures = client.get(f"/stories/{sid}/figures.csv").text.splitlines()
    assert figures[0].startswith("claim,status,value") and len(figures) > 2
    quotes = client.get(f"/stories/{sid}/quotes.csv").text
    assert "Tomas Aravena" in quotes


def test_api_pagination(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 1}).json()
    second = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert first["total"] >= 3 and len(first["items"]) == 1  # the upload test may add one
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_api_error_shape_is_pinned(client: TestClient) -> None:
    r = client.get("/api/stories/doesnotexist")
    assert r.status_code == 404
    assert set(r.json()) == {"ok", "error", "status"}
    assert r.json()["ok"] is False and r.json()["status"] == 404
    page = client.get("/stories/doesnotexist")
    assert page.status_code == 404 and "Error 404" in page.text


def test_hostile_article_is_escaped_everywhere(client: TestClient) -> None:
    arts = client.get("/api/articles").json()["items"]
    hostile = next(a for a in arts if "Council" in (a["title"] or ""))
    pages = [
        client.get(f"/articles/{hostile['id']}").text,
        client.get("/").text,
        client.get("/search?q=council").text,
    ]
    for html in pages:
        for tag, attrs in _tags(html):
            assert tag != "script" or attrs.get("src") == "/static/app.js"
            assert not any(k.startswith("on") for k in attrs), (tag, attrs)
            assert not (attrs.get("href") or "").lower().startswith("javascript:")
        assert "&lt;script&gt;" in html or "script" not in html.lower().replace(
            'src="/static/app.js"', ""
        )


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    r = client.post("/add", data={"urls": "https://example.org/x"})
    assert r.status_code == 403 and "expired" in r.text


def test_upload_ingests_and_reports_bad_files(client: TestClient) -> None:
    token = csrf_of(client.get("/add").text)
    files = [
        (
            "files",
            (
                "note.txt",
                b"Firefighters contained a wildfire near Mendoza on Friday after "
                b"it burned 3,000 hectares of vineyards, provincial officials said.",
                "text/plain",
            ),
        ),
        ("files", ("blob.bin", b"\x00\x01\x02" * 50, "application/octet-stream")),
    ]
    r = client.post("/add", data={"csrf": token, "urls": ""}, files=files)
    assert r.status_code == 200
    assert "1 ingested" in r.text and "blob.bin" in r.text and "binary" in r.text


def test_basic_auth_and_token(web_store: str) -> None:
    auth = WebAuth("admin", hash_secret("s3cret"), hash_secret("tok"))
    with TestClient(create_app(web_store, auth=auth), base_url="http://localhost") as c:
        assert c.get("/").status_code == 401
        assert c.get("/", auth=("admin", "wrong")).status_code == 401
        assert c.get("/", auth=("admin", "s3cret")).status_code == 200
        assert c.get("/api/stories", headers={"Authorization": "Bearer tok"}).status_code == 200
        assert c.get("/api/stories", headers={"Authorization": "Bearer nope"}).status_code == 401
