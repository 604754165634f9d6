"""Build brief/assets/countries.json from Natural Earth boundaries in the npm package
``world-atlas`` (TopoJSON, public domain data, ISC-licensed package).

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_boundaries.py /tmp/package/countries-50m.json

Output: {"XX": [[[lon, lat], ...], ...]} — rings per ISO 3166-1 alpha-2 country,
coordinates rounded to 0.1° and consecutive duplicates dropped (about 0.8 MB).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/newsfuse/brief/assets/countries.json"
PRECISION = 10  # 1/10 degree: about 11 km, finer than a brief map shows


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (TopoJSON delta + transform decoding)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[list[float]]:
    """One polygon ring from arc indexes (negative = reversed)."""
    pts: list[tuple[float, float]] = []
    for i in indexes:
        seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(seg[1:] if pts else seg)
    out: list[list[float]] = []
    for lon, lat in pts:
        p = [round(lon * PRECISION) / PRECISION, round(lat * PRECISION) / PRECISION]
        if not out or out[-1] != p:
            out.append(p)
    return out


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text())
    arcs = decode_arcs(topo)
    result: dict[str, list] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=str(geom.get("id", "")).zfill(3))
        code = country.alpha_2 if country else geom["properties"]["name"][:12]
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        rings = [ring(arcs, r) for poly in polys for r in poly[:1]]  # outer rings only
        result.setdefault(code, []).extend(r for r in rings if len(r) >= 4)
    OUT.write_text(json.dumps(result, separators=(",", ":")))
    print(f"{len(result)} countries, {OUT.stat().st_size // 1024} KB -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
