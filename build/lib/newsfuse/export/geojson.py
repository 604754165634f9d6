"""Places as GeoJSON (RFC 7946) for QGIS and friends, and as a flat ``places`` table.

One Point feature per gazetteer place (name, country and coordinates), with how often it
is mentioned, in how many articles, the ids of the stories and the outlets (sources)
that mention it, and the first and last publication date. Coordinates are WGS 84
``[longitude, latitude]`` as the RFC requires. Rows arrive ordered by place
(:func:`.queries.places`), so folding them holds one place at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

JOIN = "; "

PLACE_COLUMNS = (
    ("name", "str"),
    ("country", "str"),
    ("lat", "float"),
    ("lon", "float"),
    ("feature", "str"),
    ("geonames_id", "int"),
    ("mentions", "int"),
    ("articles", "int"),
    ("stories", "str"),
    ("sources", "str"),
    ("first_published", "date"),
    ("last_published", "date"),
)


@dataclass
class _Place:
    """One place, as its rows are folded."""

    name: str
    country: str | None
    lat: float
    lon: float
    feature: str | None
    geonames_id: int | None
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    dates: list[dt.date] = field(default_factory=list)

    def properties(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "feature": self.feature,
            "geonames_id": self.geonames_id,
            "mentions": self.mentions,
            "articles": len(self.articles),
            "stories": sorted(self.stories),
            "sources": sorted(self.sources),
            "first_published": min(self.dates).isoformat() if self.dates else None,
            "last_published": max(self.dates).isoformat() if self.dates else None,
        }


def fold_places(rows: Iterable[Sequence[Any]]) -> Iterator[_Place]:
    """Places from the ordered rows of :func:`.queries.places`."""
    current: _Place | None = None
    for name, country, lat, lon, feature, gid, article_id, outlet, published, story, n in rows:
        key = (name, country, lat, lon)
        if current is None or key != (current.name, current.country, current.lat, current.lon):
            if current is not None:
                yield current
            current = _Place(name, country, lat, lon, feature, gid)
        if article_id not in current.articles:
            current.articles.add(article_id)
            current.mentions += int(n or 0)
            if published is not None:
                current.dates = [min([published, *current.dates]), max([published, *current.dates])]
        if story:
            current.stories.add(story)
        if outlet:
            current.sources.add(outlet)
    if current is not None:
        yield current


def place_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """The flat ``places`` table: :data:`PLACE_COLUMNS` per place, lists joined by "; "."""
    for p in fold_places(rows):
        props = p.properties()
        yield (
            p.name,
            p.country,
            p.lat,
            p.lon,
            p.feature,
            p.geonames_id,
            p.mentions,
            len(p.articles),
            JOIN.join(props["stories"]),
            JOIN.join(props["sources"]),
            min(p.dates) if p.dates else None,
            max(p.dates) if p.dates else None,
        )


def write_geojson(rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    """Write a FeatureCollection of places, a feature at a time; returns how many."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for p in fold_places(rows):
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": p.properties(),
        }
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


__all__ = ["PLACE_COLUMNS", "fold_places", "place_rows", "write_geojson"]
