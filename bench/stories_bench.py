"""``stories`` time on a 1,000-article store: first full run, nothing new, one new article.

The store is filled with the synthetic annotated articles of ``bench/cluster_bench.py``
(300 topics, each with its own people, organizations, places and vocabulary over a
shared background vocabulary and a shared pool of common names; dated within ten days
of the topic's date), saved as if annotated by the default pipeline, so no spaCy model is
loaded. Times are wall seconds of :func:`newsfuse.workflow.group_stories` (the library
call under ``newsfuse stories``; CPU seconds beside them: on a shared machine wall time
is mostly waiting), and of the real command run as a subprocess with nothing new
(interpreter start, imports and the story listing included).

Run: ``.venv/bin/python bench/stories_bench.py [--articles 1000] [--db PATH]``
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cluster_bench import synthetic

from newsfuse import workflow
from newsfuse.annotate import build_pipeline
from newsfuse.store import open_store


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, CPU s, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _child_cpu() -> float:
    """CPU seconds used by finished child processes."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run(n: int, db: Path) -> None:
    anns, _ = synthetic(n + 1)
    names = build_pipeline().names
    anns = [dataclasses.replace(a, pipeline=names) for a in anns]
    *first, late = anns
    url = f"sqlite:///{db}"
    with open_store(url) as store:
        workflow.store_articles(store, [a.article for a in first])
        for ann in first:
            store.save_annotations(ann)
        rows = []
        wall, cpu, built = _timed(lambda: workflow.group_stories(store))
        rows.append((f"first run ({n} articles)", wall, cpu, len(built)))
        wall, cpu, built = _timed(lambda: workflow.group_stories(store))
        rows.append(("nothing new", wall, cpu, len(built)))
        workflow.store_articles(store, [late.article])
        store.save_annotations(late)
        wall, cpu, built = _timed(lambda: workflow.group_stories(store))
        rows.append(("1 new article", wall, cpu, len(built)))
    cmd = [sys.executable, "-c", "from newsfuse.cli import main; main()", "stories"]
    began, child = time.perf_counter(), _child_cpu()
    subprocess.run([*cmd, "--db", str(db), "--json"], check=True, capture_output=True)
    wall = time.perf_counter() - began
    rows.append(("`newsfuse stories`, nothing new", wall, _child_cpu() - child, 0))
    print(
        f"{'stories on a store of ' + str(n) + ' articles':<40} {'wall s':>8} {'CPU s':>8}"
        f" {'stories rebuilt':>16}"
    )
    for label, wall, cpu, count in rows:
        print(f"{label:<40} {wall:8.3f} {cpu:8.3f} {count:>16}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default: temp)")
    args = parser.parse_args()
    if args.db:
        run(args.articles, args.db)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(args.articles, Path(tmp) / "bench.db")


if __name__ == "__main__":
    main()
