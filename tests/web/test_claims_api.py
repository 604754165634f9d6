"""The claim review API (issue #8): decisions stored, applied and undone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.web.app import create_app


@pytest.fixture
def private(web_store: str, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a private copy of the shared store (reviews are writes)."""
    source = Path(web_store.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / source.name)
    app = create_app(f"sqlite:///{tmp_path / source.name}")
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


@pytest.mark.issue(8)
def test_api_claim_review_confirm_move_and_undo(private: TestClient) -> None:
    story = private.get("/api/stories").json()["items"][0]["id"]
    claims = private.get(f"/api/stories/{story}/claims").json()
    assert all("review" in c and "sources" in c for c in claims)
    multi = next(c for c in claims if len(c["values"]) >= 2)
    url = f"/api/stories/{story}/claims/{multi['id']}/review"
    after = private.post(url, json={"action": "confirm"}).json()
    assert {c["id"]: c["review"] for c in after}[multi["id"]] == "confirmed"
    moved = private.post(url, json={"action": "move", "value_index": 0, "target": "new"}).json()
    mover = next(c for c in moved if c["values"][0].get("moved_from") == multi["id"])
    assert len(mover["values"]) == 1
    bad = private.post(url, json={"action": "move", "value_index": 99, "target": "new"})
    assert bad.status_code == 400 and bad.json()["ok"] is False
    private.post(url, json={"action": "undo"})
    restored = private.post(url, json={"action": "undo"}).json()
    assert {c["id"]: c["review"] for c in restored}[multi["id"]] is None
    assert not any(v.get("moved_from") for c in restored for v in c["values"])
