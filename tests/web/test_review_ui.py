"""Review from the web (issue #13): forms over claim review, merge, split; failures page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsfuse.web.app import create_app

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def store_url(web_store: str, tmp_path: Path) -> str:
    """A private copy of the shared store (reviews are writes)."""
    source = Path(web_store.removeprefix("sqlite:///"))
    shutil.copy(source, tmp_path / source.name)
    return f"sqlite:///{tmp_path / source.name}"


@pytest.fixture
def web(store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_url), base_url=BASE) as c:
        yield c


def _story(c: TestClient) -> dict[str, Any]:
    """The story with the most articles (the fictional quake)."""
    items = c.get("/api/stories", params={"sort": "size"}).json()["items"]
    return dict(items[0])


def _csrf(c: TestClient, story_id: str) -> str:
    page = c.get(f"/stories/{story_id}")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, "the story page carries a CSRF token"
    return found.group(1)


def _claims(c: TestClient, story_id: str) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in c.get(f"/api/stories/{story_id}/claims").json()}


def _review(c: TestClient, story_id: str, claim_id: str, **form: Any) -> Any:
    form.setdefault("csrf", _csrf(c, story_id))
    return c.post(
        f"/stories/{story_id}/claims/{claim_id}/review", data=form, follow_redirects=False
    )


def _badge(c: TestClient) -> int:
    """The open-conflict count of the quake story as the front page shows it."""
    page = c.get("/", params={"sort": "size"}).text
    first = page.split('class="badge conflicting"', 1)
    return int(re.match(r"[^>]*>(\d+) conflicting", first[1]).group(1)) if len(first) > 1 else 0  # type: ignore[union-attr]


def _conflict(c: TestClient, story_id: str) -> str:
    claims = _claims(c, story_id)
    return next(i for i, x in claims.items() if x["status"] == "conflicting" and not x["review"])


@pytest.mark.issue(13)
def test_dismiss_drops_the_badge_and_survives_a_restart(web: TestClient, store_url: str) -> None:
    story = _story(web)["id"]
    page = web.get(f"/stories/{story}").text
    assert "Confirm conflict" in page and ">Dismiss<" in page
    before = _badge(web)
    assert before >= 1
    claim = _conflict(web, story)
    r = _review(web, story, claim, action="dismiss")
    assert r.status_code == 303 and r.headers["location"].startswith(f"/stories/{story}")
    assert _badge(web) == before - 1
    assert _story(web)["conflicts"] == before - 1
    assert ">Undo<" in web.get(f"/stories/{story}").text
    with TestClient(create_app(store_url), base_url=BASE) as again:
        assert _claims(again, story)[claim]["review"] == "dismissed"
        assert _badge(again) == before - 1


@pytest.mark.issue(13)
def test_confirm_then_undo_from_the_story_page(web: TestClient) -> None:
    story = _story(web)["id"]
    claim = _conflict(web, story)
    before = _badge(web)
    assert _review(web, story, claim, action="confirm").status_code == 303
    assert _claims(web, story)[claim]["review"] == "confirmed"
    assert _badge(web) == before  # a confirmed conflict is still open
    assert _review(web, story, claim, action="undo").status_code == 303
    assert _claims(web, story)[claim]["review"] is None


@pytest.mark.issue(13)
def test_move_a_value_to_a_new_claim_and_undo(web: TestClient) -> None:
    story = _story(web)["id"]
    claims = _claims(web, story)
    claim = next(i for i, x in claims.items() if len(x["values"]) >= 2)
    n = len(claims[claim]["values"])
    assert 'value="new"' in web.get(f"/stories/{story}").text
    r = _review(web, story, claim, action="move", value_index=0, target="new")
    assert r.status_code == 303
    after = _claims(web, story)
    assert len(after[claim]["values"]) == n - 1
    assert any(v.get("moved_from") == claim for x in after.values() for v in x["values"])
    page = web.get(f"/stories/{story}").text
    assert f'action="/stories/{story}/claims/{claim}/review"' in page.split("Undo move")[0][-400:]
    assert _review(web, story, claim, action="undo").status_code == 303
    assert len(_claims(web, story)[claim]["values"]) == n
    assert "Undo move" not in web.get(f"/stories/{story}").text


@pytest.mark.issue(13)
def test_each_claim_has_one_move_form_offering_each_of_its_figures(web: TestClient) -> None:
    """One figure picker per claim: the page grows with figures + claims, not their product."""
    story = _story(web)["id"]
    claims = _claims(web, story)
    page = web.get(f"/stories/{story}").text
    pickers = re.findall(r'<select name="value_index">(.*?)</select>', page, re.S)
    movable = [c for c in claims.values() if len(claims) > 1 or len(c["values"]) > 1]
    assert len(pickers) == len(movable)
    offered = sorted(len(re.findall(r"<option ", p)) for p in pickers)
    assert offered == sorted(len(c["values"]) for c in movable)


@pytest.mark.issue(13)
def test_review_form_without_csrf_token_is_refused(web: TestClient) -> None:
    story = _story(web)["id"]
    claim = _conflict(web, story)
    web.get(f"/stories/{story}")  # a session cookie, but no token in the form
    for token in ("", "forged"):
        r = _review(web, story, claim, action="dismiss", csrf=token)
        assert r.status_code == 403
    assert _claims(web, story)[claim]["review"] is None
    r = web.post(f"/stories/{story}/merge", data={"other": story}, follow_redirects=False)
    assert r.status_code == 403


@pytest.mark.issue(13)
def test_split_then_undo_by_merging_back(web: TestClient) -> None:
    sid, total = _story(web)["id"], web.get("/api/stories").json()["total"]
    articles = web.get(f"/api/stories/{sid}").json()["article_ids"]
    assert len(articles) >= 2
    r = web.post(
        f"/stories/{sid}/split",
        data={"csrf": _csrf(web, sid), "article_ids": [articles[-1]]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    new = re.search(r"split=(\w+)", r.headers["location"]).group(1)  # type: ignore[union-attr]
    assert web.get("/api/stories").json()["total"] == total + 1
    assert web.get(f"/api/stories/{new}").json()["article_ids"] == [articles[-1]]
    assert articles[-1] not in web.get(f"/api/stories/{sid}").json()["article_ids"]
    page = web.get(r.headers["location"]).text
    assert "Undo: merge it back" in page and f'name="other" value="{new}"' in page
    r = web.post(
        f"/stories/{sid}/merge",
        data={"csrf": _csrf(web, sid), "other": new},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert web.get("/api/stories").json()["total"] == total
    merged = r.headers["location"].split("#")[0].replace("/stories/", "/api/stories/")
    assert set(web.get(merged).json()["article_ids"]) == set(articles)


@pytest.mark.issue(13)
def test_split_refuses_to_empty_a_story(web: TestClient) -> None:
    story = _story(web)
    sid = story["id"]
    articles = web.get(f"/api/stories/{sid}").json()["article_ids"]
    r = web.post(f"/stories/{sid}/split", data={"csrf": _csrf(web, sid), "article_ids": articles})
    assert r.status_code == 400 and "at least one article" in r.text


@pytest.mark.issue(13)
def test_failures_page_lists_an_upload_failure_once_with_one_message(web: TestClient) -> None:
    page = web.get("/add")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = web.post(
        "/add",
        data={"csrf": token},
        files=[("files", ("bad.pdf", b"%PDF-1.4 not an article", "application/pdf"))],
    )
    assert r.status_code == 422
    assert r.text.count("bad.pdf") == 1
    assert "bad.pdf: bad.pdf" not in r.text
    failures = web.get("/failures")
    assert failures.status_code == 200
    assert failures.text.count("bad.pdf") == 1
    item = re.search(r"<li><strong>bad.pdf</strong>.*?</li>", failures.text)
    assert item and "bad.pdf" not in item.group(0).split("</strong>", 1)[1]


def _add(c: TestClient, name: str, data: bytes, ctype: str) -> Any:
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/add").text).group(1)  # type: ignore[union-attr]
    return c.post("/add", data={"csrf": token}, files=[("files", (name, data, ctype))])


@pytest.mark.issue(13)
def test_failures_page_lists_newest_first(web: TestClient) -> None:
    _add(web, "first.pdf", b"%PDF-1.4 one", "application/pdf")
    _add(web, "second.pdf", b"%PDF-1.4 two", "application/pdf")
    text = web.get("/failures").text
    assert 0 < text.index("second.pdf") < text.index("first.pdf")


FRENCH = (
    "Le conseil municipal de Valbrune s'est réuni lundi soir pour voter le budget de "
    "l'année prochaine. Les élus ont décidé de rénover la bibliothèque et de planter "
    "deux cents arbres le long de la rivière, a déclaré la maire à la presse locale."
)


@pytest.mark.issue(13)
def test_non_english_upload_is_shown_as_not_analysed(web: TestClient) -> None:
    r = _add(web, "conseil.txt", FRENCH.encode(), "text/plain")
    assert r.status_code == 200
    section = r.text.split("Not analysed", 1)
    assert len(section) == 2, "a non-English article is listed as not analysed"
    assert (
        "language detected: fr" in section[1]
        and "conseil.txt" in section[1]
        and "English articles only" in section[1]
    )
    english = _add(
        web,
        "note.txt",
        b"The town council met on Monday to vote on the budget "
        b"for next year and agreed to plant two hundred trees.",
        "text/plain",
    )
    assert "Not analysed" not in english.text


@pytest.mark.browser
@pytest.mark.issue(13)
def test_dismiss_in_chromium_drops_the_badge(
    store_url: str, resources: Any, artifacts: Path
) -> None:
    """Click Dismiss in the real browser; the front page badge drops, also after a restart."""
    import threading

    import uvicorn
    from playwright import sync_api
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, _wait_for_port

    def serve() -> tuple[uvicorn.Server, threading.Thread, str]:
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(store_url), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        _wait_for_port(port, thread)
        return server, thread, f"http://127.0.0.1:{port}"

    def badge(page: Any, url: str) -> int:
        page.goto(url + "/?sort=size")
        shown = page.locator(".badge.conflicting")
        return int(shown.first.inner_text().split()[0]) if shown.count() else 0

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        server, thread, url = serve()
        before = badge(page, url)
        page.get_by_role("link", name=re.compile("Chile quake")).first.click()
        page.get_by_role("button", name="Dismiss").first.click()
        page.wait_for_load_state("load")
        assert "/stories/" in page.url and "Undo" in page.content()
        page.screenshot(path=str(artifacts / "review_after_dismiss.png"), full_page=True)
        after = badge(page, url)
        server.should_exit = True
        thread.join(timeout=10)
        server, thread, url = serve()  # a new app on the same store
        restarted = badge(page, url)
        server.should_exit = True
        thread.join(timeout=10)
        browser.close()
    assert before >= 1
    assert after == before - 1
    assert restarted == after
