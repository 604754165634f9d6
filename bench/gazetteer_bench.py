"""Load time and memory of the gazetteer in a fresh process (issue #14, item 2).

Usage: ``.venv/bin/python bench/gazetteer_bench.py [--lookups 500]``

Each measurement runs in a new interpreter: import, ``load_gazetteer()`` and a first
lookup (the load), then
``--lookups`` lookups of names an article typically asks for (countries, cities,
capitalized words that are no place). Printed: CPU seconds and wall milliseconds for the
load alone and for load + lookups, and the process's memory growth, split into private
memory (``RssAnon``, paid by every process) and file-backed pages (``RssFile``, the
memory-mapped gazetteer, shared by all processes through the page cache).

To compare with another checkout, point ``PYTHONPATH`` at its ``src`` (the function
names are the same): ``PYTHONPATH=../main/src python bench/gazetteer_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

_CHILD = r"""
import json, resource, sys, time

def mem():
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, val = line.partition(":")
            if key in ("RssAnon", "RssFile"):
                out[key] = int(val.split()[0]) / 1024
    return out

NAMES = ["Iraq", "Baghdad", "Mosul", "Washington", "Paris", "Texas", "Kentucky",
         "Boone County", "London", "Richmond", "Springfield", "Syria", "Aleppo", "Gaza",
         "Monday", "Obama", "Reuters", "Police", "Congress", "Nile", "Alexandria",
         "Lancaster", "Columbus", "Ontario", "Punjab", "Kabul", "Tehran", "Moscow"]
n = int(sys.argv[1])
words = [f"{NAMES[i % len(NAMES)]}" if i % 3 else f"Word{i}" for i in range(n)]
from newsfuse.annotate.gazetteer import load_gazetteer
m0 = mem()
c0, w0 = time.process_time(), time.perf_counter()
gaz = load_gazetteer()
gaz.lookup("Iraq")  # the SQLite gazetteer opens on first lookup
c1, w1 = time.process_time(), time.perf_counter()
found = sum(bool(gaz.lookup(w)) for w in words)
c2, w2 = time.process_time(), time.perf_counter()
m1 = mem()
print(json.dumps({
    "load_cpu_s": c1 - c0, "load_wall_ms": (w1 - w0) * 1000,
    "lookups_cpu_s": c2 - c1, "lookups": n, "found": found,
    "anon_mb": m1["RssAnon"] - m0["RssAnon"], "file_mb": m1["RssFile"] - m0["RssFile"],
}))
"""


def measure(lookups: int) -> dict[str, float]:
    """One fresh-process measurement."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(lookups)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Print load time and memory, best of three runs."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lookups", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = [measure(args.lookups) for _ in range(args.runs)]
    best = min(runs, key=lambda r: r["load_cpu_s"] + r["lookups_cpu_s"])
    print(f"gazetteer load: {best['load_cpu_s']:.3f} CPU-s ({best['load_wall_ms']:.0f} ms wall)")
    print(
        f"{best['lookups']:.0f} lookups ({best['found']:.0f} found): "
        f"{best['lookups_cpu_s']:.3f} CPU-s"
    )
    print(
        f"memory growth: {best['anon_mb']:.1f} MB private (per process), "
        f"{best['file_mb']:.1f} MB file-backed (shared page cache)"
    )


if __name__ == "__main__":
    main()
