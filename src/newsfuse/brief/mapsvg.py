"""An offline map as inline SVG: country outlines, the story's places, its datelines.

What the map frames is where the story happens, not every place named once:

1. **Frame**: the bounding box of the places that matter: mentioned in two or more
   sentences or by two or more sources (:data:`MIN_WEIGHT`), and the datelines. Places
   named once that lie outside that frame are not allowed to stretch it; they are listed
   under the map ("Also mentioned: ..."). When no place matters more than another, all
   of them frame the map.
2. **Projection**: equirectangular, longitude scaled by the cosine of the mid latitude,
   with padding, never closer than :data:`MIN_SPAN_DEG` (a single city still shows its
   region), widened to the frame's aspect.
3. **Outlines** (``assets/countries.json``: Natural Earth via the npm package
   world-atlas) are clipped to the frame (Sutherland-Hodgman) and simplified to the
   display resolution (points closer than :data:`SIMPLIFY_PX` dropped, islets under
   :data:`MIN_RING_PX` left out), so a brief carries only the coastline it shows.
4. **Pins** are sized by weight (mentions and sources); **labels** are placed greedily,
   heaviest first, at the first of four positions around the pin whose box overlaps no
   other label or pin; a label that fits nowhere is dropped (its pin keeps a tooltip).
   Labels are placed twice: at :data:`FONT_PX` for wide screens and at
   :data:`NARROW_FONT_PX` (class ``narrow``) for phones, where the whole map shrinks to
   the screen; the page's CSS shows one set or the other, so a phone shows fewer labels,
   each readable.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable
from functools import cache
from html import escape
from importlib import resources
from typing import NamedTuple

from .build import counted

WIDTH, HEIGHT = 640, 400
PAD_DEG = 1.5  # degrees of margin around the framing places
MIN_SPAN_DEG = 6.0  # never zoom closer than this
MIN_WEIGHT = 2  # mentions (sentences) or sources that make a place frame the map
SIMPLIFY_PX = 2.0  # outline points closer than this to the last kept one are dropped
MIN_RING_PX = 3.0  # rings smaller than this across (islets at this scale) are left out
FONT_PX = 15  # label size in map units on a wide screen (15 px at 640 px wide)
NARROW_FONT_PX = 20  # on a phone, where the map is ~360 px wide: ~11 px on screen
CHAR_EM = 0.66  # glyph width of system-ui, in ems, with room to spare (label boxes)
MAX_OTHERS = 12  # one-off places listed under the map


class MapPin(NamedTuple):
    """A point to draw: a place of the story or an article's dateline."""

    name: str
    lat: float
    lon: float
    kind: str  # "place" or "dateline"
    detail: str = ""
    weight: int = 1  # how many sentences mention it
    sources: int = 1  # how many articles mention it


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@cache
def _outlines() -> dict[str, list[list[list[float]]]]:
    """Country rings by ISO code, loaded once."""
    text = resources.files("newsfuse.brief").joinpath("assets/countries.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


Ring = tuple[Box, list[list[float]]]  # (lon0, lat0, lon1, lat1) bounds, points


@cache
def _rings() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Every country's rings with their bounds, computed once: a map skips a ring whose
    bounds miss its frame without reading its points."""

    def bounds(ring: list[list[float]]) -> Box:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return min(xs), min(ys), max(xs), max(ys)

    return tuple(
        (code, tuple((bounds(r), r) for r in rings if r)) for code, rings in _outlines().items()
    )


def _matters(p: MapPin) -> bool:
    return p.kind == "dateline" or p.weight >= MIN_WEIGHT or p.sources >= MIN_WEIGHT


def frame_pins(pins: list[MapPin]) -> tuple[list[MapPin], list[MapPin]]:
    """Split pins into those drawn (inside the frame) and one-off places outside it.

    >>> a = MapPin("Goma", -1.68, 29.22, "place", weight=3)
    >>> b = MapPin("Luxembourg", 49.6, 6.1, "place")
    >>> [p.name for p in frame_pins([a, b])[0]], [p.name for p in frame_pins([a, b])[1]]
    (['Goma'], ['Luxembourg'])
    """
    core = [p for p in pins if _matters(p)] or list(pins)
    lat0, lat1, lon0, lon1 = _bounds(core)
    inside = [p for p in pins if lat0 <= p.lat <= lat1 and lon0 <= p.lon <= lon1]
    outside = [p for p in pins if p not in inside]
    return inside, outside


def _bounds(pins: Iterable[MapPin]) -> tuple[float, float, float, float]:
    """Latitude and longitude bounds of the framing pins, padded and at least MIN_SPAN."""
    pins = list(pins)
    lat0, lat1 = min(p.lat for p in pins) - PAD_DEG, max(p.lat for p in pins) + PAD_DEG
    lon0, lon1 = min(p.lon for p in pins) - PAD_DEG, max(p.lon for p in pins) + PAD_DEG
    if lat1 - lat0 < MIN_SPAN_DEG:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2
    if lon1 - lon0 < MIN_SPAN_DEG:
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2
    return lat0, lat1, lon0, lon1


def _clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a polygon inside [0, WIDTH] x [0, HEIGHT]."""
    out = ring
    for axis, bound, low in ((0, 0.0, True), (0, WIDTH, False), (1, 0.0, True), (1, HEIGHT, False)):
        src, out = out, []
        if not src:
            break

        def inside(
            p: tuple[float, float], axis: int = axis, bound: float = bound, low: bool = low
        ) -> bool:
            return p[axis] >= bound if low else p[axis] <= bound

        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(_cut(prev, cur, axis, bound))
                out.append(cur)
            elif inside(prev):
                out.append(_cut(prev, cur, axis, bound))
            prev = cur
    return out


def _cut(
    a: tuple[float, float], b: tuple[float, float], axis: int, bound: float
) -> tuple[float, float]:
    """Where segment a-b crosses the line ``coordinate[axis] == bound``."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    val = a[other] + t * (b[other] - a[other])
    return (bound, val) if axis == 0 else (val, bound)


def _simplify(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop points closer than SIMPLIFY_PX to the last kept point."""
    kept: list[tuple[float, float]] = []
    for x, y in ring:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= SIMPLIFY_PX:
            kept.append((x, y))
    return kept


def _relative_path(pts: list[tuple[float, float]]) -> str:
    """A closed SVG subpath in whole map units with relative moves (short markup)."""
    ints = [(round(x), round(y)) for x, y in pts]
    out = [f"M{ints[0][0]} {ints[0][1]}"]
    steps = []
    for (x0, y0), (x1, y1) in itertools.pairwise(ints):
        if (x1, y1) != (x0, y0):
            steps.append(f"{x1 - x0} {y1 - y0}")
    if steps:
        out.append("l" + " ".join(steps))
    return "".join(out) + "z"


def _tiny(pts: list[tuple[float, float]]) -> bool:
    """True for a ring smaller than MIN_RING_PX across: an islet at this scale."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return max(xs) - min(xs) < MIN_RING_PX and max(ys) - min(ys) < MIN_RING_PX


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(
    x: float, y: float, r: float, text: str, where: str, font: float = FONT_PX
) -> tuple[Box, float, float]:
    """The label's box and text anchor (start x, baseline y) at one side of the pin."""
    w, h = len(text) * CHAR_EM * font, font
    if where == "right":
        x0, y0 = x + r + 3, y - h / 2
    elif where == "left":
        x0, y0 = x - r - 3 - w, y - h / 2
    elif where == "above":
        x0, y0 = x - w / 2, y - r - 3 - h
    else:
        x0, y0 = x - w / 2, y + r + 3
    return (x0, y0, x0 + w, y0 + h), x0, y0 + h * 0.8


def _radius(p: MapPin) -> float:
    return min(4.0 + 2.0 * math.log2(max(1, p.weight) + max(1, p.sources) - 1), 11.0)


def render_map(pins: list[MapPin], highlight: frozenset[str] = frozenset()) -> str:
    """SVG markup of a map showing ``pins``; countries in ``highlight`` are tinted."""
    if not pins:
        return ""
    inside, outside = frame_pins(pins)
    lat0, lat1, lon0, lon1 = _bounds([p for p in inside if _matters(p)] or inside)
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
    near = (lon0 - 1, lat0 - 1, lon1 + 1, lat1 + 1)
    for code, rings in _rings():
        parts = []
        for box, ring in rings:
            if not (
                box[0] <= near[2] and near[0] <= box[2] and box[1] <= near[3] and near[1] <= box[3]
            ):
                continue  # the ring's bounds miss the frame: none of its points is in it
            if not any(near[0] <= x <= near[2] and near[1] <= y <= near[3] for x, y in ring):
                continue
            pts = _simplify(_clip([xy(x, y) for x, y in ring]))
            if len(pts) >= 3 and not _tiny(pts):
                parts.append(_relative_path(pts))
        if parts:
            cls = "land hl" if code in highlight else "land"
            d = "".join(parts)
            paths.append(f'<path class="{cls}" d="{d}"><title>{escape(code)}</title></path>')
    drawn = [p for p in inside if lat0 <= p.lat <= lat1 and lon0 <= p.lon <= lon1]
    outside += [p for p in inside if p not in drawn]
    marks, labels = _marks(drawn, xy)
    others = sorted({p.name for p in outside})
    note = ""
    if others:
        note = (
            f'<text class="others wide" x="6" y="{HEIGHT - 8}">'
            f"Also mentioned: {escape(_listed(others, MAX_OTHERS, 100))}</text>"
            f'<text class="others narrow" x="6" y="{HEIGHT - 8}">'
            f"Also: {escape(_listed(others, MAX_OTHERS, 50))}</text>"
        )
    return (
        f'<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Map of the places in this story" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT_PX}">'
        f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}"/>{"".join(paths)}'
        f"{''.join(marks)}{''.join(labels)}{note}</svg>"
    )


def _listed(names: list[str], most: int, chars: int) -> str:
    """Names joined by commas, as many as fit in ``chars`` (at least one), "…" if cut.

    >>> _listed(["Aleppo", "Luxembourg", "Tromsø"], 12, 20)
    'Aleppo, Luxembourg …'
    """
    shown: list[str] = []
    for name in names[:most]:
        if shown and len(", ".join([*shown, name])) > chars:
            break
        shown.append(name)
    return ", ".join(shown) + (" …" if len(shown) < len(names) else "")


def _marks(
    pins: list[MapPin], project: Callable[[float, float], tuple[float, float]]
) -> tuple[list[str], list[str]]:
    """Pin shapes and collision-free labels, heaviest pins first."""
    order = sorted(pins, key=lambda p: (p.kind != "dateline", -(p.weight + p.sources), p.name))
    placed: list[Box] = []
    spots = []
    for p in order:
        x, y = project(p.lon, p.lat)
        r = _radius(p)
        placed.append((x - r, y - r, x + r, y + r))
        spots.append((p, x, y, r))
    marks = []
    for p, x, y, r in spots:
        tip = escape(
            p.name
            + (f" — {p.detail}" if p.detail else "")
            + (
                f" · {counted(p.weight, 'mention')}, {counted(p.sources, 'source')}"
                if p.kind == "place"
                else ""
            )
        )
        shape = (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.0f}" height="{2 * r:.0f}" '
            f'class="dateline"/>'
            if p.kind == "dateline"
            else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="pin"/>'
        )
        marks.append(f'<g class="mark">{shape}<title>{tip}</title></g>')
    labels = _labels(spots, placed, FONT_PX, "label wide")
    labels += _labels(spots, placed, NARROW_FONT_PX, "label narrow")
    return marks, labels


def _labels(
    spots: list[tuple[MapPin, float, float, float]], pins: list[Box], font: float, cls: str
) -> list[str]:
    """Labels at ``font`` size that overlap no pin and no other label, heaviest first."""
    placed = list(pins)
    labels = []
    for p, x, y, r in spots:
        own = (x - r, y - r, x + r, y + r)
        for where in ("right", "left", "above", "below"):
            box, tx, ty = _label_box(x, y, r, p.name, where, font)
            if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > HEIGHT - 18:
                continue
            if any(_overlaps(box, other) for other in placed if other != own):
                continue
            placed.append(box)
            size = "" if font == FONT_PX else f' font-size="{font}"'
            labels.append(
                f'<text class="{cls}" x="{tx:.1f}" y="{ty:.1f}"{size} '
                f'data-box="{box[0]:.1f} {box[1]:.1f} {box[2]:.1f} {box[3]:.1f}">'
                f"{escape(p.name)}</text>"
            )
            break
    return labels


__all__ = ["MapPin", "frame_pins", "render_map"]
