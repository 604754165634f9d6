"""The Markdown brief shows every field as text: no link, image or HTML from a source."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from newsfuse.brief import make_brief, render_markdown
from newsfuse.model import Brief, Story, new_article

pytestmark = pytest.mark.issue(11)

TEXT = "The fictional council of Port Ellery met on Monday to discuss the harbour budget."
HOSTILE = {
    "byline": ("[Click me](javascript:alert(1))", "<img src=x onerror=alert(2)>", "**Bold** _Al_"),
    "url": "https://example.org/a> [x](javascript:alert(3)) <b",
    "title": "![pic](https://tracker.example/p.gif) `code` | cell",
    "outlet": "Town [Crier](javascript:alert(4))",
    "dateline": "PORT ELLERY <script>",
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile_brief() -> Brief:
    article = new_article(TEXT, published=dt.date(2024, 3, 4), **HOSTILE)  # type: ignore[arg-type]
    story = Story(id="s1", title=HOSTILE["title"], article_ids=(article.id,))  # type: ignore[arg-type]
    return make_brief(story, [article], generated="2024-03-08T00:00:00+00:00")


def test_markdown_brief_renders_no_link_image_or_html_from_a_field(hostile_brief: Brief) -> None:
    md = render_markdown(hostile_brief)
    parser = _Tags()
    parser.feed(MarkdownIt("commonmark").render(md))
    tags = [t for t, _ in parser.tags]
    assert "img" not in tags and "script" not in tags and "b" not in tags
    assert "strong" not in tags and "em" not in tags and "code" not in tags
    links = [a.get("href") or "" for t, a in parser.tags if t == "a"]
    assert links == ["https://example.org/a%3E%20%5Bx%5D(javascript:alert(3))%20%3Cb"]


def test_markdown_brief_keeps_the_words_of_every_field(hostile_brief: Brief) -> None:
    html = MarkdownIt("commonmark").render(render_markdown(hostile_brief))
    for needle in ("[Click me](javascript:alert(1))", "**Bold** _Al_", "`code` | cell"):
        assert needle.replace("&", "&amp;") in html.replace("&amp;", "&")
