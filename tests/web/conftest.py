"""A store with a small fictional story, annotated and grouped, shared by web tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsfuse import workflow
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth

QUAKE_A = """By Lena Ortiz

VALPARAISO, Chile — A magnitude 7.1 earthquake struck the coast of central Chile on Tuesday, killing 212 people and leaving more than 4,000 homeless, the national emergency agency said.

"We are still pulling people out of the rubble," said Interior Minister Tomas Aravena, who toured the worst-hit districts on Wednesday. "This will take weeks."

The quake collapsed 18 apartment blocks in the port city, according to the agency.
"""
QUAKE_B = """SANTIAGO — The earthquake that struck the coast of central Chile on Tuesday killed 300 people, officials said on Wednesday, making it the deadliest in the country in more than a decade.

Interior Minister Tomas Aravena said rescue teams from Argentina and Peru had arrived. "We are grateful for every pair of hands," he said.

About 4,000 people were left homeless, Aravena said, and the government released $50 million in emergency aid.
"""
HOSTILE = """<script>alert('x')</script> The council met on Monday <img src=x onerror="alert(1)"> to discuss the budget.

Click <a href="javascript:alert(2)">here</a> for the full agenda, said Mayor Ana <b onmouseover=alert(3)>Lopez</b>, who chaired the meeting of 12 members.
"""


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, resources: Any) -> str:
    """A SQLite store holding the fictional quake story and a hostile article."""
    folder = tmp_path_factory.mktemp("web")
    rows = [
        {
            "text": QUAKE_A,
            "title": "Chile quake kills at least 212",
            "outlet": "Pacific Herald",
            "published": "2024-03-06",
            "url": "https://example.org/quake-a",
        },
        {
            "text": QUAKE_B,
            "title": "Chile quake toll rises to 300",
            "outlet": "Andes Wire",
            "published": "2024-03-07",
            "url": "https://example.com/quake-b",
        },
        {
            "text": HOSTILE,
            "title": "<script>alert('title')</script>Council meets on the harbour plan",
            "outlet": "Town <i>Crier</i>",
            "published": "2024-03-05",
            "url": "javascript:alert(4)",
        },
    ]
    src = folder / "articles.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows))
    url = f"sqlite:///{folder / 'web.db'}"
    with open_store(url) as store:
        workflow.ingest_inputs(store, [str(src)])
        workflow.annotate_pending(store, res=resources)
        workflow.group_stories(store)
    return url


@pytest.fixture
def client(web_store: str) -> Iterator[TestClient]:
    app = create_app(web_store, auth=WebAuth(None, None, None))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(__file__).resolve().parents[1] / "artifacts"
    path.mkdir(exist_ok=True)
    return path
