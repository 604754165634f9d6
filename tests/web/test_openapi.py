"""The JSON API against its own OpenAPI document, with schemathesis, in-process.

Every ``GET /api/*`` operation and ``POST /api/ingest`` get generated requests; the checks
are schemathesis' defaults (no 5xx; status codes, content types, headers and bodies as
documented). URL ingest goes through a fetcher with a mock transport and a fake resolver,
so nothing leaves the process.

The operations are listed by hand and a test pins the list to the document, because
schemathesis' ``from_fixture`` loader (needed for a schema built over a fixture's store)
does not run under pytest 9; each operation runs its own Hypothesis test from
``operation.as_strategy()`` instead.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from newsfuse.ingest import Fetcher
from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth

MAX_EXAMPLES = 25  # enough to reach each parameter's edge cases; the file runs in ~15 s
PUBLIC_IP = "93.184.215.14"  # what the fake resolver answers for every host
OPERATIONS = [
    ("GET", "/api/stories"),
    ("GET", "/api/stories/{story_id}"),
    ("GET", "/api/stories/{story_id}/brief"),
    ("GET", "/api/stories/{story_id}/claims"),
    ("POST", "/api/stories/{story_id}/claims/{claim_id}/review"),
    ("GET", "/api/articles"),
    ("GET", "/api/articles/{article_id}"),
    ("GET", "/api/entities/{name}"),
    ("GET", "/api/search"),
    ("POST", "/api/ingest"),
]
FETCHED_PAGE = b"""<html><head><title>Harbour bridge reopens</title></head><body><article>
<h1>Harbour bridge reopens</h1><p>The fictional harbour bridge of Port Ellery reopened on
Thursday after eight months of repairs costing $12 million, the city council said.</p>
<p>"Traffic should be back to normal by Monday," said council engineer Priya Salgado.</p>
</article></body></html>"""


def _store_copy(web_store: str, folder: Path) -> str:
    """A private copy of the shared SQLite store, so ingests here do not leak elsewhere."""
    source = Path(web_store.removeprefix("sqlite:///"))
    target = folder / source.name
    shutil.copy(source, target)
    return f"sqlite:///{target}"


def _fake_resolver(host: str, port: int) -> list[str]:
    return [PUBLIC_IP]


def _fetched(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=FETCHED_PAGE, headers={"content-type": "text/html"})


@pytest.fixture(scope="module")
def api_schema(
    web_store: str, resources: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The app's OpenAPI document, loaded from the app itself, over a copy of the store."""
    url = _store_copy(web_store, tmp_path_factory.mktemp("openapi"))
    fetcher = Fetcher(transport=httpx.MockTransport(_fetched), resolver=_fake_resolver)
    app = create_app(url, auth=WebAuth(None, None, None), fetcher=fetcher, hosts=("testserver",))
    app.state.resources = resources
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    fetcher.close()


def test_operation_list_covers_the_whole_api(api_schema: Any) -> None:
    documented = {
        (op.ok().method.upper(), op.ok().path)
        for op in api_schema.get_all_operations()
        if op.ok().path.startswith("/api/")
    }
    assert documented == set(OPERATIONS)


def test_ingest_of_a_fetched_page_conforms_and_then_is_found(api_schema: Any) -> None:
    # runs before the generated cases, which could otherwise fetch (and store) the page first
    ingest = api_schema["/api/ingest"]["POST"]
    urls = ["https://news.example.net/bridge", "ftp://news.example.net/bridge"]
    response = ingest.Case(body={"urls": urls}, media_type="application/json").call_and_validate()
    result = response.json()
    assert len(result["ingested"]) == 1
    assert [f["input"] for f in result["failed"]] == [urls[1]]
    search = api_schema["/api/search"]["GET"]
    hits = search.Case(query={"q": "harbour bridge"}).call_and_validate().json()
    assert any("Harbour bridge" in (h["title"] or "") for h in hits["items"])


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_operation_conforms_to_its_openapi_document(
    api_schema: Any, method: str, path: str
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate()

    check()
