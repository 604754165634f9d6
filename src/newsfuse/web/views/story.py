"""A story's page: its brief, with citations linking to the article pages, an
interactive map, and the review and regrouping forms."""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ...brief import make_brief, render_html
from ...brief.mapdata import countries_geojson, map_data
from ...model import Span
from ..context import WebDep

router = APIRouter(include_in_schema=False)


def article_link(span: Span) -> str:
    """Link to the article page, scrolled to and highlighting a span."""
    return f"/articles/{span.article_id}?hl={span.start}-{span.end}#hl"


def body_of(html: str) -> str:
    """The inside of a full HTML page's <main> (the brief without its own page chrome),
    with the page's own <style>."""
    start = html.find("<main>")
    end = html.rfind("</main>")
    inner = html[start + 6 : end] if start != -1 and end != -1 else html
    style_start, style_end = html.find("<style>"), html.find("</style>")
    style = html[style_start : style_end + 8] if style_start != -1 else ""
    return style + inner


def live_map(data: dict[str, Any] | None) -> Markup | None:
    """The interactive map's element: its data as a JSON attribute (``static/map.js``
    draws it with the vendored Leaflet), and the one-off places outside its frame."""
    if data is None:
        return None
    others = ""
    if data["others"]:
        others = Markup(
            '<p class="map-others">Also mentioned once, outside the map: {}</p>'
        ).format(", ".join(data["others"]))
    return Markup(
        '<div class="live-map" id="story-map" data-map="{}" role="region" '
        'aria-label="Map of the places in this story: drag to pan, use + and − to zoom">'
        "<noscript>The map needs JavaScript; the HTML brief export has a static map.</noscript>"
        "</div>{}"
    ).format(json.dumps(data, separators=(",", ":")), others)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, web: WebDep, story_id: str) -> HTMLResponse:
    story = web.store.get_story(story_id)
    arts = list(web.store.iter_articles(story.article_ids))
    brief = make_brief(story, arts)
    body = render_html(brief, link=article_link, map_html=live_map(map_data(brief)))
    return web.render(
        request, "story.html", story=story, brief_html=body_of(body), articles=arts, live_map=True
    )


@cache
def _gzipped_countries() -> bytes:
    return gzip.compress(countries_geojson(), 6)


@router.get("/map/countries.geojson")
def countries(request: Request) -> Response:
    """The country outlines the interactive map draws (about 1 MB, 0.3 MB gzipped;
    cached by the browser)."""
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(_gzipped_countries(), media_type="application/geo+json", headers=headers)
    return Response(countries_geojson(), media_type="application/geo+json", headers=headers)
