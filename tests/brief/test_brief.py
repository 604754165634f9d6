"""Briefs in Markdown, HTML and JSON show every section, cite sources and escape input."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from newsfuse.brief import render_html, render_json, render_markdown, source_labels
from newsfuse.model import Brief, new_article

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "brief.schema.json"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_markdown_has_every_section_with_status_and_labels(brief: Brief) -> None:
    md = render_markdown(brief)
    for heading in (
        "Summary",
        "Key figures",
        "Who's who",
        "Quotes",
        "Timeline",
        "Places",
        "Sources",
    ):
        assert f"### {heading}" in md
    assert "**conflicting**" in md and "**consistent**" in md and "single source" in md
    assert "212 people killed [PH]" in md and "300 people killed [AW]" in md
    assert "Interior Minister [PH]" in md
    assert "“We are still pulling people out” — Tomas Aravena [PH]" in md


def test_header_counts_sources_in_plain_english(brief: Brief) -> None:
    one = dataclasses.replace(brief, sources=brief.sources[:1])
    assert "\n3 sources · " in render_markdown(brief)
    assert "\n1 source · " in render_markdown(one)
    assert ">1 source ·" in render_html(one) and "1 sources" not in render_html(one)


def test_conflicting_claims_come_first(brief: Brief) -> None:
    md = render_markdown(brief)
    assert md.index("people killed") < md.index("people homeless") < md.index("| aid |")


def test_source_labels_are_short_unique_and_stable() -> None:
    arts = [
        new_article(f"text {i}", outlet=o)
        for i, o in enumerate(
            ["The Washington Post", "AFP", "Valley Herald", "Valley Herald", None]
        )
    ]
    labels = source_labels(arts)
    assert sorted(labels.values()) == sorted(["WP", "AFP", "VH", "VH2", "5"])
    assert source_labels(list(reversed(arts))) == labels


def test_html_escapes_hostile_strings_and_runs_no_script(brief: Brief) -> None:
    html = render_html(brief)
    parser = _Tags()
    parser.feed(html)
    assert not [t for t, _ in parser.tags if t == "script"]
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
        assert not (attrs.get("src") or "").startswith("http")
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Content-Security-Policy" in html


def test_every_link_in_the_html_points_at_a_highlighted_span(brief: Brief) -> None:
    html = render_html(brief)
    targets = set(re.findall(r'href="#(src-[^"]+)"', html))
    ids = set(re.findall(r'id="(src-[^"]+)"', html))
    assert targets and targets <= ids
    a = brief.articles[0]
    mark = re.search(rf'<mark id="src-{a.id}-(\d+)-(\d+)">', html)
    assert mark and a.text[int(mark[1]) : int(mark[2])]


def test_html_link_target_can_be_chosen_by_the_web_app(brief: Brief) -> None:
    html = render_html(brief, link=lambda s: f"/articles/{s.article_id}?hl={s.start}-{s.end}")
    assert f'href="/articles/{brief.articles[0].id}?hl=' in html


def test_html_is_self_contained_with_map_and_timeline(brief: Brief) -> None:
    html = render_html(brief)
    assert '<svg class="map"' in html and '<svg class="timeline-svg"' in html
    assert not re.search(r'(?:src|href)="https?://(?!example\.org/a)', html)


def test_json_validates_against_the_schema_and_keeps_ids(brief: Brief) -> None:
    data = json.loads(render_json(brief))
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["version"] == 2
    assert data["story"]["id"] == brief.story.id
    statuses = {f["claim_id"]: f["status"] for f in data["sections"]["key_figures"]}
    assert statuses == {"c1": "conflicting", "c2": "consistent", "c3": "single"}


@pytest.mark.browser
def test_html_brief_renders_in_chromium(brief: Brief, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "brief.html"
    page_file.write_text(render_html(brief), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: errors.append("dialog: " + d.message))
        page.goto(page_file.as_uri())
        assert page.locator("svg.map path.land").count() > 0
        # Two places named once each and no resolved dateline: both frame the map.
        assert page.locator("svg.map circle.pin").count() == 2
        assert page.locator("svg.timeline-svg circle").count() == 1
        page.locator("tr.claim.conflicting a.value").first.click()
        target = page.locator("mark:target")
        assert target.count() == 1 and target.is_visible()
        assert target.inner_text() == "killed 212 people"
        page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)
        browser.close()
    assert errors == []


@pytest.mark.issue(8)
def test_currency_links_and_revised_values_show_in_every_format(brief: Brief) -> None:
    """A claim linked to the same amount in another currency says so, and a value its
    own report revised is marked, in Markdown, JSON (schema-valid) and HTML."""
    by_id = {c.id: c for c in brief.story.claims}
    killed = by_id["c1"]
    revised = dataclasses.replace(
        killed,
        values=(dataclasses.replace(killed.values[0], superseded=True), *killed.values[1:]),
    )
    claims = (
        revised,
        dataclasses.replace(by_id["c2"], equivalents=("c3",)),
        dataclasses.replace(by_id["c3"], equivalents=("c2",)),
    )
    linked = dataclasses.replace(brief, story=dataclasses.replace(brief.story, claims=claims))
    md = render_markdown(linked)
    assert "same amount as: aid" in md and "(revised in this report)" in md
    data = json.loads(render_json(linked))
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    figures = {f["claim_id"]: f for f in data["sections"]["key_figures"]}
    assert figures["c2"]["equivalents"] == ["c3"]
    assert [v["superseded"] for v in figures["c1"]["values"]] == [True, False]
    html = render_html(linked)
    assert 'href="#claim-c3"' in html and "revised in this report" in html
