"""The story map as data for an interactive map (the web app's Leaflet map).

Same rules as the static map (:mod:`newsfuse.brief.mapsvg`): the frame fits the places
that matter (mentioned in two or more sentences or by two or more sources, and the
datelines); places named once that lie outside it are listed beside the map instead of
stretching it; pins are sized by mentions and sources. The country outlines are the
same bundled Natural Earth rings, as GeoJSON.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..model import Brief
from .build import view
from .mapsvg import MapPin, _bounds, _matters, _outlines, _radius, frame_pins


def story_pins(brief: Brief, places: list[Any] | None = None) -> list[MapPin]:
    """Map pins: the story's places, and the articles' datelines (resolved at annotation)."""
    places = view(brief).places if places is None else places
    pins = [
        MapPin(
            p.name,
            p.lat,
            p.lon,
            "place",
            p.country or "",
            weight=len(p.mentions),
            sources=len({m.span.article_id for m in p.mentions}),
        )
        for p in places
        if p.lat is not None and p.lon is not None
    ]
    seen: set[tuple[float, float]] = set()
    for d in brief.story.datelines:
        if d.lat is not None and d.lon is not None and (d.lat, d.lon) not in seen:
            seen.add((d.lat, d.lon))
            pins.append(MapPin(d.name, d.lat, d.lon, "dateline", "dateline"))
    return pins


def map_data(brief: Brief) -> dict[str, Any] | None:
    """What the interactive map draws, or None when no place has coordinates.

    ``bounds`` is ``[[south, west], [north, east]]`` of the places that matter; ``pins``
    are heaviest first (the order labels are placed in), each with its ``radius`` in
    pixels and whether it is ``framed``; ``others`` names the one-off places outside the
    frame; ``countries`` the ISO codes of the story's countries (tinted).
    """
    pins = story_pins(brief)
    if not pins:
        return None
    inside, outside = frame_pins(pins)
    lat0, lat1, lon0, lon1 = _bounds([p for p in inside if _matters(p)] or inside)
    order = sorted(pins, key=lambda p: (p.kind != "dateline", -(p.weight + p.sources), p.name))
    return {
        "bounds": [[round(lat0, 3), round(lon0, 3)], [round(lat1, 3), round(lon1, 3)]],
        "pins": [
            {
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "kind": p.kind,
                "detail": p.detail,
                "weight": p.weight,
                "sources": p.sources,
                "radius": round(_radius(p), 1),
                "framed": p in inside,
            }
            for p in order
        ],
        "others": sorted({p.name for p in outside}),
        "countries": sorted({p.detail for p in pins if p.kind == "place" and p.detail}),
    }


@cache
def countries_geojson() -> bytes:
    """The bundled country outlines as a GeoJSON FeatureCollection (one MultiPolygon
    per country, ``properties.code`` its ISO code), encoded once."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
        }
        for code, rings in sorted(_outlines().items())
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, separators=(",", ":")).encode("utf-8")


__all__ = ["countries_geojson", "map_data", "story_pins"]
