"""The web app driven like a user: Debian's Chromium through Playwright, over a live server.

The app runs under uvicorn in a background thread on a free loopback port; Chromium is
started headless with the no-network flags. Each test saves a full-page screenshot to
``tests/artifacts/<test>.png`` so the pages can be looked at after a run.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from playwright import sync_api as playwright_sync

from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_ATTEMPTS = (
    300  # x 0.05 s sleep (+0.2 s connect timeout): uvicorn answers in well under a second
)
VIEWPORT = {"width": 1200, "height": 800}
UPLOAD_TEXT = (
    "Firefighters in the fictional valley of Ostrava Verde contained a grass fire on "
    "Sunday after it burned 1,250 hectares of pasture, regional officials said. "
    '"The wind turned just in time," said fire chief Marta Quillen.'
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, thread: threading.Thread) -> None:
    for _ in range(STARTUP_ATTEMPTS):
        if not thread.is_alive():
            raise RuntimeError("uvicorn exited before it started answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"uvicorn did not answer on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def live_url(
    web_store: str, resources: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app over a copy of the fictional store, served by uvicorn on a free loopback port.

    A copy, because the upload test adds an article the in-process page tests do not expect.
    """
    source = Path(web_store.removeprefix("sqlite:///"))
    copy = tmp_path_factory.mktemp("browser") / source.name
    shutil.copy(source, copy)
    app = create_app(f"sqlite:///{copy}", auth=WebAuth(None, None, None))
    app.state.resources = resources  # uploads reuse the session's loaded spaCy model
    with serve(app) as url:
        yield url


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app under uvicorn in a background thread on a free loopback port; its address."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _wait_for_port(port, thread)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, with the no-network flags."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


class _Watch:
    """What a page did that a user would not want: console errors, dialogs, page errors."""

    def __init__(self, page: Any) -> None:
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on(
            "response",
            lambda r: (
                self.console_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
            ),
        )
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, artifacts: Path) -> Iterator[Any]:
    """A fresh browser tab; a full-page screenshot is saved when the test ends."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.watch = _Watch(tab)
    yield tab
    name = re.sub(r"\W+", "_", request.node.name).strip("_")
    tab.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    context.close()


def _open_quake_story(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    page.get_by_role("link", name=re.compile("Chile quake")).first.click()
    page.wait_for_load_state("load")


def test_stories_page_lists_the_story_without_console_errors(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    rows = page.locator("li.story-row")
    assert rows.count() >= 1
    quake = rows.filter(has_text="Chile quake")
    assert quake.count() == 1
    assert quake.locator(".badge.conflicting").is_visible()
    assert "Pacific Herald" in quake.inner_text()
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_conflicting_figure_opens_the_article_at_the_highlighted_evidence(
    page: Any, live_url: str, artifacts: Path
) -> None:
    _open_quake_story(page, live_url)
    assert page.watch.console_errors == []
    page.screenshot(path=str(artifacts / "story_page.png"), full_page=True)
    value = page.locator("tr.claim.conflicting a.value").first
    href = value.get_attribute("href")
    assert href is not None
    parts = urlsplit(href)
    article_id = parts.path.rsplit("/", 1)[-1]
    start, end = (int(x) for x in parse_qs(parts.query)["hl"][0].split("-"))
    story_id = urlsplit(page.url).path.rsplit("/", 1)[-1]
    claims = page.request.get(f"{live_url}/api/stories/{story_id}/claims").json()
    evidence = next(
        v["text"]
        for c in claims
        if c["status"] == "conflicting"
        for v in c["values"]
        if v["article_id"] == article_id and (v["span"]["start"], v["span"]["end"]) == (start, end)
    )

    value.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+\?hl=\d+-\d+#hl$"))
    mark = page.locator("mark#hl")
    assert mark.inner_text() == evidence
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
    assert page.watch.console_errors == []


def test_top_search_box_finds_rubble(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    page.fill("#q-top", "rubble")
    page.press("#q-top", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=rubble"))
    hits = page.locator("ol.hits li")
    assert hits.count() >= 1
    assert "rubble" in hits.first.locator(".snippet").inner_text().lower()
    assert page.locator("#q").input_value() == "rubble"


def test_file_upload_through_the_form_reports_ingested(
    page: Any, live_url: str, tmp_path: Path
) -> None:
    note = tmp_path / "grass-fire.txt"
    note.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.goto(live_url + "/add")
    page.set_input_files("#files", str(note))
    page.click("#add-form button[type=submit]")
    page.locator("#results").wait_for(timeout=30_000)
    assert re.search(r"\b1 ingested\b", page.locator("#results").inner_text())
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_hostile_article_runs_no_script_anywhere(page: Any, live_url: str) -> None:
    articles = page.request.get(f"{live_url}/api/articles?limit=500").json()["items"]
    hostile = next(a for a in articles if "Council" in (a["title"] or ""))
    for path in (f"/articles/{hostile['id']}", "/", "/search?q=council"):
        page.goto(live_url + path)
        for text in ("Lopez", "here", "Council"):
            target = page.get_by_text(text, exact=False).first
            if target.count() and target.is_visible():
                target.hover()
        assert page.evaluate("() => typeof window.__xss") == "undefined"
        assert (
            page.evaluate("() => document.querySelectorAll('img[onerror], [onmouseover]').length")
            == 0
        )
    # the hostile markup is shown as text, not run or rendered
    page.goto(live_url + f"/articles/{hostile['id']}")
    body = page.locator(".article-text").inner_text()
    assert "<script>alert('x')</script>" in body and 'onerror="alert(1)"' in body
    assert page.locator("h1").inner_text().startswith("<script>")
    assert page.watch.dialogs == []
    assert page.watch.page_errors == []
