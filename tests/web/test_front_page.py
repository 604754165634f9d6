"""The front page an analyst starts the day with: counts, sorts, pages, badges (#13, #14).

The store is built without a model: fictional articles and hand-made stories, saved
through the store (which fills the normalized tables the page reads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.model import Claim, ClaimValue, Span, Story, StoryEntity, new_article
from newsfuse.store import open_store
from newsfuse.web.app import FRONT_PAGE, create_app
from newsfuse.web.security import WebAuth

pytestmark = [pytest.mark.issue(13), pytest.mark.issue(14)]

STORIES = FRONT_PAGE + 5  # two pages


def _claim(cid: str, status: str, aid: str) -> Claim:
    value = ClaimValue(aid, "Harbour Times", 12.0, "exact", "12 ships", Span(aid, 0, 8))
    return Claim(cid, "ships in the harbour", "ships", status, (value,))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def front_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('front') / 'news.db'}"
    with open_store(url) as store:
        for i in range(STORIES):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=i)
            outlets = ["Harbour Times"] + (["Coast Wire", "Delta Post"] if i % 7 == 0 else [])
            ids = []
            for k, outlet in enumerate(outlets):
                art = new_article(
                    f"Twelve ships waited outside Port Amsel {i} on day {k}, officials said.",
                    outlet=outlet,
                    published=day,
                    title=f"Ships wait at Port Amsel {i}",
                )
                store.add_article(art)
                ids.append(art.id)
            conflicts = 3 if i == 4 else 0
            claims = tuple(_claim(f"c{n}", "conflicting", ids[0]) for n in range(conflicts))
            claims += (_claim("ok", "corroborated", ids[0]),)
            place = StoryEntity(
                "l1", "place", f"Port Amsel {i}", (), (), country="XX", lat=1.0, lon=2.0
            )
            store.save_story(
                Story(
                    id=f"s{i:011d}",
                    title=f"Ships wait at Port Amsel {i}",
                    article_ids=tuple(ids),
                    claims=claims,
                    entities=(place,),
                    first_published=day,
                    last_published=day,
                )
            )
    return url


@pytest.fixture
def front(front_store: str) -> Iterator[TestClient]:
    app = create_app(front_store, auth=WebAuth(None, None, None))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def _titles(html: str) -> list[str]:
    return re.findall(r'class="story-title"[^>]*>([^<]+)<', html)


def test_newest_first_with_a_count_and_pages(front: TestClient) -> None:
    first = front.get("/").text
    assert f'<span class="count">{STORIES}</span>' in first
    titles = _titles(first)
    assert len(titles) == FRONT_PAGE
    assert titles[0] == f"Ships wait at Port Amsel {STORIES - 1}"  # latest article first
    assert "page 1 of 2" in first
    second = _titles(front.get("/?page=2").text)
    assert len(second) == STORIES - FRONT_PAGE and not set(second) & set(titles)


def test_sort_by_conflicts_and_sources_and_badges(front: TestClient) -> None:
    html = front.get("/?sort=conflicts").text
    assert _titles(html)[0] == "Ships wait at Port Amsel 4"
    assert "3 conflicting</span>" in html and "1 agreeing</span>" in html
    by_sources = _titles(front.get("/?sort=sources").text)
    assert by_sources[0].endswith((" 0", " 7", " 14", " 21", " 28"))  # three outlets


def test_filters_keep_their_state_in_the_pager_links(front: TestClient) -> None:
    html = front.get("/?outlet=Harbour+Times&sort=size").text
    assert "outlet=Harbour+Times" in html and "sort=size" in html
    assert re.search(r'href="/\?[^"]*outlet=Harbour\+Times[^"]*page=2', html)
    none = front.get("/?place=Nowhere").text
    assert "No story matches these filters." in none and "1 articles" not in none


def test_undated_rows_have_no_empty_separators(front: TestClient) -> None:
    html = front.get("/").text
    assert "· ·" not in html and "1 articles" not in html


def test_api_stories_pages_sorts_and_rejects_unknown_sorts(front: TestClient) -> None:
    page = front.get("/api/stories?limit=5&sort=conflicts").json()
    assert page["total"] == STORIES and len(page["items"]) == 5
    assert page["items"][0]["conflicts"] == 3
    assert front.get("/api/stories?sort=loudest").status_code == 422


def test_front_page_reads_no_story_json(front_store: str, tmp_path: Path) -> None:
    """Rows come from the tables: corrupting every story's JSON cache leaves the page whole."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(front_store.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    with open_store(url) as s:
        s.execute("UPDATE stories SET data = '{broken'")
    with TestClient(
        create_app(url, auth=WebAuth(None, None, None)), base_url="http://127.0.0.1:8000"
    ) as c:
        r = c.get("/")
        assert r.status_code == 200 and len(_titles(r.text)) == FRONT_PAGE
        assert c.get("/api/stories").status_code == 200
