"""The search page: highlighted, escaped snippets; hits named, dated and linked to their
story; near-duplicates folded; sorting and pages that keep the query in the URL."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from newsfuse.model import Story, new_article
from newsfuse.store import open_store
from newsfuse.web.app import SEARCH_PAGE, create_app
from newsfuse.web.security import WebAuth

HOSTILE = 'The <script>alert("x")</script> lamplighter <b onmouseover=alert(1)>guild</b> met.'
UNTITLED = (
    "Lamplighters of the old quarter voted on Tuesday to keep the gas lamps burning through "
    "the winter festival, the guild secretary said."
)
ORIGINAL = "The lamplighter guild elected Mira Voss as its first woman warden on Saturday."


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A store of fictional lamplighter news: 24 dated bulletins, an untitled article in a
    story, a near-duplicate of an original, and an article with markup in its text."""
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'news.db'}"
    with open_store(url) as store:
        for i in range(24):
            day = dt.date(2023, 1, 1) + dt.timedelta(days=i * 7)
            store.add_article(
                new_article(
                    f"Bulletin {i}: a lamplighter trimmed {i + 3} wicks on Canal Row.",
                    title=f"Lamplighter bulletin {i}",
                    outlet="Gaslight Gazette" if i % 2 else "Wick Weekly",
                    published=day,
                )
            )
        untitled = new_article(UNTITLED, outlet="Quarter Courier", published=dt.date(2023, 3, 3))
        store.add_article(untitled)
        store.save_story(Story("s0000000000aa", "Festival lamps", (untitled.id,)))
        original = new_article(ORIGINAL, title="Guild elects warden", outlet="Wick Weekly")
        copy = new_article(ORIGINAL + " (updated)", title="Guild elects a warden")
        store.add_article(original)
        store.add_article(replace(copy, outlet="Canal Times", duplicate_of=original.id))
        store.add_article(new_article(HOSTILE, title="<i>Guild</i> <script>x()</script>"))
    app = create_app(url, auth=WebAuth(None, None, None))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def _hits(page: str) -> list[str]:
    """The hit blocks of a search page, in order."""
    return re.findall(r'<li class="hit">(.*?)</li>\n?(?=<li class="hit">|</ol>)', page, re.S)


def _titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="hit-title"[^>]*>(.*?)</a>', page)]


def test_matches_are_marked_and_hostile_text_is_escaped(client: TestClient) -> None:
    page = client.get("/search", params={"q": "guild"}).text
    assert re.search(r'<mark class="q">guild</mark>', page, re.I)
    assert "<script>" not in page.split("<main", 1)[1]  # neither from the title nor the text
    assert "<b onmouseover" not in page
    assert "&lt;script&gt;" in page and "&lt;b onmouseover=alert(1)&gt;" in page
    assert "\ue000" not in page and "\ue001" not in page and "[guild]" not in page


def test_untitled_hit_shows_its_lead_date_outlet_and_story_link(client: TestClient) -> None:
    page = client.get("/search", params={"q": "festival"}).text
    (hit,) = _hits(page)
    assert _titles(page) == [
        "Lamplighters of the old quarter voted on Tuesday to keep the gas lamps burning through the winter…"
    ]
    assert not re.search(r">[0-9a-f]{16}<", hit)  # never a hex id for a name
    assert "2023-03-03" in hit and "Quarter Courier" in hit
    assert 'href="/stories/s0000000000aa"' in hit


def test_near_duplicate_is_folded_under_its_original(client: TestClient) -> None:
    page = client.get("/search", params={"q": "warden"}).text
    assert _titles(page) == ["Guild elects warden"]
    assert "1 near-duplicate folded" in page and ">Canal Times</a>" in page
    assert page.count("first woman") == 1  # the snippet is not listed twice


def test_pages_keep_the_query_and_differ(client: TestClient) -> None:
    first = client.get("/search", params={"q": "lamplighter", "sort": "date"}).text
    total = 24 + 3  # bulletins, untitled, hostile and the original (its copy folded)
    assert f"{total} results" in first
    assert len(_hits(first)) == SEARCH_PAGE
    nxt = re.search(r'rel="next" href="([^"]+)"', first)
    assert nxt and "q=lamplighter" in nxt[1] and "sort=date" in nxt[1] and "page=2" in nxt[1]
    second = client.get(html.unescape(nxt[1])).text
    assert len(_hits(second)) == total - SEARCH_PAGE
    assert not set(_titles(first)) & set(_titles(second))
    prev = re.search(r'rel="prev" href="([^"]+)"', second)
    assert prev and "sort=date" in prev[1] and "page=1" in prev[1]
    assert 'rel="next"' not in second


def test_date_sort_lists_newest_first_and_relevance_is_the_default(client: TestClient) -> None:
    by_date = client.get("/search", params={"q": "wicks", "sort": "date"}).text
    dates = re.findall(r"<time>([\d-]+)</time>", by_date)
    assert len(dates) == SEARCH_PAGE and dates == sorted(dates, reverse=True)
    assert _titles(by_date)[0] == "Lamplighter bulletin 23"
    by_rank = client.get("/search", params={"q": "wicks"}).text
    assert _titles(by_rank) != _titles(by_date)
    assert (
        "<strong>relevance</strong>" in by_rank
        and 'href="/search?q=wicks&amp;sort=date"' in by_rank
    )


def test_outlet_facet_filters_and_keeps_the_sort(client: TestClient) -> None:
    page = client.get("/search", params={"q": "wicks", "sort": "date"}).text
    link = re.search(r'href="([^"]*outlet=Gaslight\+Gazette[^"]*)"', page)
    assert link and "sort=date" in link[1]
    filtered = client.get(html.unescape(link[1])).text
    assert "12 results" in filtered
    assert all(int(t.rsplit(" ", 1)[1]) % 2 for t in _titles(filtered))
