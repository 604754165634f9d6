"""Every page read on a laptop (1366x900) and on a phone (390x844), in Debian's Chromium.

Two stores, each ingested, annotated and grouped: the example corpus, and the example
corpus plus a larger generated one (:mod:`generated`: 18 more stories across 18 towns,
each told by three outlets). For each page the
test checks what a reader on a phone notices first: the page does not scroll sideways
(``document.documentElement.scrollWidth`` is at most the viewport width). On the story
page and the self-contained HTML brief it also checks that the timeline markers run left
to right in date order and that no two map labels overlap on screen. A full-page
screenshot of every page at both sizes is written to ``tests/artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from generated import generated_corpus
from test_browser import chromium, serve

from newsfuse import workflow
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = ["front", "story", "article", "entity", "search", "add", "failures", "brief"]


@pytest.fixture(scope="module", params=["examples", "larger"])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def shots(artifacts: Path, store_kind: str) -> Path:
    """Where this store's screenshots go: tests/artifacts/, and larger/ under it."""
    folder = artifacts if store_kind == "examples" else artifacts / store_kind
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def corpus_url(store_kind: str, tmp_path_factory: pytest.TempPathFactory, resources: Any) -> str:
    """A SQLite store holding the example corpus (and, for "larger", the generated one),
    annotated and grouped into stories."""
    folder = tmp_path_factory.mktemp("responsive")
    url = f"sqlite:///{folder / 'news.db'}"
    bad = folder / "quarterly-shipping-report-for-the-harbour-authority-2024.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a report")
    inputs = [str(CORPUS), str(bad)]
    if store_kind == "larger":
        inputs.append(str(generated_corpus(folder)))
    with open_store(url) as store:
        workflow.ingest_inputs(store, inputs)
        workflow.annotate_pending(store, res=resources)
        workflow.group_stories(store)
    return url


@pytest.fixture(scope="module")
def corpus_live(corpus_url: str) -> Iterator[str]:
    with serve(create_app(corpus_url, auth=WebAuth(None, None, None))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def addresses(
    corpus_live: str, browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """One address per page kind; the brief is saved to a file and opened from disk."""
    ctx = browser.new_context()
    api = ctx.request
    stories = api.get(corpus_live + "/api/stories?sort=size").json()["items"]
    story = stories[0]["id"]
    full = api.get(f"{corpus_live}/api/stories/{story}").json()
    article = full["article_ids"][0]
    entity = next(e["name"] for e in full["entities"] if e.get("kind") == "person")
    brief = tmp_path_factory.mktemp("brief") / "brief.html"
    brief.write_bytes(api.get(f"{corpus_live}/stories/{story}/brief.html").body())
    ctx.close()
    return {
        "front": corpus_live + "/",
        "story": f"{corpus_live}/stories/{story}",
        "article": f"{corpus_live}/articles/{article}",
        "entity": f"{corpus_live}/entities/{quote(entity)}",
        "search": corpus_live + "/search?q=flood",
        "add": corpus_live + "/add",
        "failures": corpus_live + "/failures",
        "brief": brief.as_uri(),
    }


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    ctx = browser.new_context(viewport=SIZES[request.param])
    tab = ctx.new_page()
    tab.set_default_timeout(10_000)
    yield request.param, tab
    ctx.close()


def _open(tab: Any, url: str, shot: Path) -> None:
    tab.goto(url)
    tab.wait_for_load_state("load")
    tab.screenshot(path=str(shot), full_page=True)


@pytest.mark.parametrize("kind", PAGES)
def test_page_does_not_scroll_sideways(
    kind: str, sized_page: tuple[str, Any], addresses: dict[str, str], shots: Path
) -> None:
    size, tab = sized_page
    _open(tab, addresses[kind], shots / f"responsive_{kind}_{size}.png")
    width = SIZES[size]["width"]
    scroll = tab.evaluate("document.documentElement.scrollWidth")
    wide = tab.evaluate(
        """(w) => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > w + 1)
             .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
                              Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    assert scroll <= width, f"{kind} is {scroll} px wide at {width} px: {wide}"


def test_failures_page_lists_a_bad_input_once_from_the_navigation(
    sized_page: tuple[str, Any], addresses: dict[str, str]
) -> None:
    _, tab = sized_page
    tab.goto(addresses["front"])
    tab.locator("nav.top").get_by_role("link", name="Failures", exact=True).click()
    tab.wait_for_url("**/failures")
    items = tab.locator("ul.failures li").all_inner_texts()
    assert len(items) == 1 and "quarterly-shipping-report" in items[0], items
    name = "quarterly-shipping-report-for-the-harbour-authority-2024.pdf"
    assert items[0].count(name) == 1, items  # one clear line: the name is not repeated


def test_top_navigation_stays_usable_on_a_phone(
    sized_page: tuple[str, Any], addresses: dict[str, str]
) -> None:
    size, tab = sized_page
    tab.goto(addresses["front"])
    for name in ("Stories", "Search", "Add articles", "Failures"):
        link = tab.locator("nav.top").get_by_role("link", name=name, exact=True)
        assert link.is_visible()
    box = tab.locator("#q-top").bounding_box()
    width = SIZES[size]["width"]
    assert box is not None and box["x"] + box["width"] <= width
    if size == "phone":  # its own row, the width of the screen less the margins
        assert box["width"] >= 0.85 * width
    tab.fill("#q-top", "flood")
    tab.press("#q-top", "Enter")
    tab.wait_for_url("**/search?q=flood")


@pytest.mark.parametrize("kind", ["story", "brief"])
def test_timeline_markers_run_in_date_order(
    kind: str, sized_page: tuple[str, Any], addresses: dict[str, str]
) -> None:
    _, tab = sized_page
    tab.goto(addresses[kind])
    # Where each entry starts on screen: a day's marker centre, or the left end of the bar
    # drawn for a longer stretch (its marker sits at the bar's middle; same tooltip).
    marks = tab.evaluate(
        """() => [...document.querySelectorAll('svg.timeline-svg circle[data-date]')].map(c => {
             const tip = c.querySelector('title')?.textContent;
             const bar = [...c.parentNode.querySelectorAll('rect.stretch')]
               .find(r => r.querySelector('title')?.textContent === tip);
             const r = (bar || c).getBoundingClientRect();
             return [c.dataset.date, bar ? r.left : (r.left + r.right) / 2]; })"""
    )
    assert len(marks) >= 2
    xs = [x for _, x in sorted(marks)]
    assert xs == sorted(xs), marks
    box = tab.evaluate(
        """() => { const s = document.querySelector('svg.timeline-svg');
                   const r = s.getBoundingClientRect(); return [r.left, r.right]; }"""
    )
    assert all(box[0] <= x <= box[1] for x in xs)
    label = tab.locator("svg.timeline-svg text.event-label").first.bounding_box()
    assert label is not None and label["height"] >= 8, f"timeline text is {label} tall"


def test_brief_map_labels_do_not_overlap_and_fit_the_screen(
    sized_page: tuple[str, Any], addresses: dict[str, str], shots: Path
) -> None:
    """No two map labels overlap on screen, and each is on screen and legible.

    A label's extent is its drawn width (``getBoundingClientRect``) by the height of the
    box the map placed it in (``data-box``, map units mapped to the screen): the drawn
    rectangle's height is the font's whole line box, taller than the letters.
    """
    size, tab = sized_page
    tab.goto(addresses["brief"])
    tab.locator("svg.map").screenshot(path=str(shots / f"brief_map_{size}.png"))
    labels = tab.evaluate(
        """() => [...document.querySelectorAll('svg.map text.label')]
             .filter(t => getComputedStyle(t).display !== 'none').map(t => {
             const m = t.ownerSVGElement.getScreenCTM();
             const [x0, y0, x1, y1] = t.dataset.box.split(' ').map(Number);
             const a = new DOMPoint(x0, y0).matrixTransform(m);
             const b = new DOMPoint(x1, y1).matrixTransform(m);
             const r = t.getBoundingClientRect();
             return {name: t.textContent, box: [a.x, a.y, b.x, b.y],
                     drawn: [r.left, r.top, r.right, r.bottom]}; })"""
    )
    assert labels
    for one in labels:
        one["rect"] = [one["drawn"][0], one["box"][1], one["drawn"][2], one["box"][3]]
    for i, one in enumerate(labels):
        x0, y0, x1, y1 = one["rect"]
        assert x0 >= 0 and x1 <= SIZES[size]["width"], one
        for other in labels[i + 1 :]:
            ox0, oy0, ox1, oy1 = other["rect"]
            apart = x1 <= ox0 or ox1 <= x0 or y1 <= oy0 or oy1 <= y0
            assert apart, f"{one['name']} overlaps {other['name']}: {one} {other}"
    heights = [one["box"][3] - one["box"][1] for one in labels]
    assert min(heights) >= 10, f"map labels are {min(heights):.1f} px tall"
    glyphs = tab.evaluate(
        """() => [...document.querySelectorAll('svg.map text.label')]
             .filter(t => getComputedStyle(t).display !== 'none').map(t =>
             parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)"""
    )
    assert min(glyphs) >= 10, f"map label letters are {min(glyphs):.1f} px on screen"


def _live_map(tab: Any) -> None:
    """Wait until the story page's map has drawn its outlines and placed its labels."""
    tab.wait_for_selector("#story-map[data-ready]")
    tab.wait_for_timeout(300)  # the end of the fit animation, then the label pass


def _shown_labels(tab: Any) -> list[dict[str, Any]]:
    return tab.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelectorAll('#story-map .leaflet-tooltip.map-label')]
             .filter(t => getComputedStyle(t).visibility !== 'hidden')
             .map(t => { const r = t.getBoundingClientRect();
                         return {name: t.textContent, rect: [r.left, r.top, r.right, r.bottom],
                                 font: parseFloat(getComputedStyle(t).fontSize)}; })"""
    )


def test_story_map_frames_the_places_that_matter_with_readable_labels(
    sized_page: tuple[str, Any], addresses: dict[str, str], shots: Path
) -> None:
    """The web map frames every place named in two or more sentences or sources and every
    dateline; the labels it shows do not overlap, stay inside the map and are legible."""
    size, tab = sized_page
    tab.goto(addresses["story"])
    _live_map(tab)
    tab.locator("#story-map").screenshot(path=str(shots / f"story_map_{size}.png"))
    outside = tab.evaluate(
        """() => { const el = document.getElementById('story-map');
                   const m = el.leafletMap, data = JSON.parse(el.dataset.map);
                   const matter = data.pins.filter(p => p.kind === 'dateline' ||
                                                  p.weight >= 2 || p.sources >= 2);
                   return [matter.length,
                           matter.filter(p => !m.getBounds().contains([p.lat, p.lon]))
                                 .map(p => p.name)]; }"""
    )
    assert outside[0] >= 1 and outside[1] == [], outside
    labels = _shown_labels(tab)
    assert labels
    frame = tab.locator("#story-map").bounding_box()
    assert frame is not None and frame["x"] + frame["width"] <= SIZES[size]["width"]
    for i, one in enumerate(labels):
        x0, y0, x1, y1 = one["rect"]
        assert frame["x"] <= x0 and x1 <= frame["x"] + frame["width"], one
        assert y1 - y0 >= 10 and one["font"] >= 12, one
        for other in labels[i + 1 :]:
            ox0, oy0, ox1, oy1 = other["rect"]
            assert x1 <= ox0 or ox1 <= x0 or y1 <= oy0 or oy1 <= y0, (one, other)


def test_story_map_pans_and_zooms_without_leaving_loopback(
    browser: Any, addresses: dict[str, str], shots: Path
) -> None:
    """The + button zooms in and a drag pans (the pins move on screen); every request the
    page makes, map library and outlines included, goes to the app on 127.0.0.1."""
    ctx = browser.new_context(viewport=SIZES["desktop"])
    tab = ctx.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(addresses["story"])
    _live_map(tab)
    state = (
        "() => { const m = document.getElementById('story-map').leafletMap; "
        "const c = m.getCenter(); return [m.getZoom(), c.lat, c.lng]; }"
    )
    zoom0, lat0, lon0 = tab.evaluate(state)
    tab.click("#story-map .leaflet-control-zoom-in")
    tab.wait_for_timeout(500)
    zoom1, _, _ = tab.evaluate(state)
    assert zoom1 > zoom0
    box = tab.locator("#story-map").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(cx, cy)
    tab.mouse.down()
    tab.mouse.move(cx - 150, cy - 80, steps=8)
    tab.mouse.up()
    tab.wait_for_timeout(300)
    _, lat2, lon2 = tab.evaluate(state)
    assert (lat2, lon2) != (lat0, lon0)
    tab.screenshot(path=str(shots / "story_map_zoomed_desktop.png"))
    ctx.close()
    assert any(u.endswith("/static/vendor/leaflet/leaflet.js") for u in requests)
    assert any(u.endswith("/map/countries.geojson") for u in requests)
    away = [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:"))]
    assert away == [], away
