"""An offline map as inline SVG: country outlines, the story's places, its datelines.

Equirectangular projection (longitude scaled by the cosine of the mid latitude), zoomed
to the bounding box of the places with padding. Outlines come from
``assets/countries.json`` (Natural Earth via the npm package world-atlas).
"""

from __future__ import annotations

import json
import math
from functools import cache
from html import escape
from importlib import resources
from typing import NamedTuple

WIDTH, HEIGHT = 640, 400
PAD_DEG = 3.0  # degrees of margin around the places
MIN_SPAN_DEG = 8.0  # never zoom closer than this (a single city still shows its region)


class MapPin(NamedTuple):
    """A point to draw: a place of the story or an article's dateline."""

    name: str
    lat: float
    lon: float
    kind: str  # "place" or "dateline"
    detail: str = ""


@cache
def _outlines() -> dict[str, list[list[list[float]]]]:
    """Country rings by ISO code, loaded once."""
    text = resources.files("newsfuse.brief").joinpath("assets/countries.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def render_map(pins: list[MapPin], highlight: frozenset[str] = frozenset()) -> str:
    """SVG markup of a map showing ``pins``; countries in ``highlight`` are tinted."""
    if not pins:
        return ""
    lats = [p.lat for p in pins]
    lons = [p.lon for p in pins]
    lat0, lat1 = min(lats) - PAD_DEG, max(lats) + PAD_DEG
    lon0, lon1 = min(lons) - PAD_DEG, max(lons) + PAD_DEG
    if lat1 - lat0 < MIN_SPAN_DEG:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    span_x, span_y = (lon1 - lon0) * kx, lat1 - lat0
    if span_x / span_y < WIDTH / HEIGHT:  # widen to the frame's aspect
        extra = (span_y * WIDTH / HEIGHT / kx - (lon1 - lon0)) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (span_x * HEIGHT / WIDTH - span_y) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    sx = WIDTH / (lon1 - lon0)
    sy = HEIGHT / (lat1 - lat0)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * sx, (lat1 - lat) * sy

    paths = []
    for code, rings in _outlines().items():
        for ring in rings:
            if not any(
                lon0 - 10 <= x <= lon1 + 10 and lat0 - 10 <= y <= lat1 + 10 for x, y in ring
            ):
                continue
            d = "M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in (xy(x, y) for x, y in ring)) + "Z"
            cls = "land hl" if code in highlight else "land"
            paths.append(f'<path class="{cls}" d="{d}"><title>{escape(code)}</title></path>')
    marks = []
    for p in pins:
        x, y = xy(p.lon, p.lat)
        shape = (
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" class="dateline"/>'
            if p.kind == "dateline"
            else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="pin"/>'
        )
        tip = escape(p.name + (f" — {p.detail}" if p.detail else ""))
        marks.append(
            f'<g class="mark">{shape}<text x="{x + 8:.1f}" y="{y + 4:.1f}">{escape(p.name)}'
            f"</text><title>{tip}</title></g>"
        )
    return (
        f'<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Map of the places in this story" xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}"/>{"".join(paths)}{"".join(marks)}</svg>'
    )
