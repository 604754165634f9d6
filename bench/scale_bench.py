"""Cost curve of the store-wide phases and the web pages at 1k, 10k (and 100k) articles.

For each size (and each backend: SQLite always, PostgreSQL with ``--postgres``) a store
is filled with the synthetic annotated articles of ``bench/cluster_bench.py`` (topics
with their own people, organizations, places and words over a shared vocabulary; one
topic per ``--per-topic`` articles, default 10, so the number of stories grows with
the store as in a news stream), saved through the normal write path as if annotated by the default pipeline: no
spaCy model is loaded, so a 10k store builds in about a minute. One article is held
back. Then, each in a fresh child process whose peak RSS (``getrusage``) is reported:

- ``stories``: :func:`newsfuse.workflow.group_stories` first run; then, each in its own
  process, a run with nothing new and a run after the held-back article is stored
  (``store_articles``), so the peak memory of an incremental run shows;
- ``export``: every table as CSV;
- ``serve``: the app in-process (FastAPI TestClient, base URL ``http://127.0.0.1:8000``)
  and the median of ``--repeat`` warm requests of ``/``, ``/api/stories``, the page of
  the largest story on the first ``/api/stories`` page, and ``/search`` for a person's
  name.

Times are wall seconds/milliseconds (the machine is shared: compare sizes measured in
the same run). 100k takes a while: ``--sizes 1000 10000 100000`` (see docs/scaling.md).

The ``stories`` phases also report CPU seconds (``time.process_time``): on a shared
machine compare those. ``--keep DIR`` keeps each SQLite store as grouped by its first
``stories`` run and reuses it in later runs of the same size (the first run is then not
timed), so a change to the pages or to incremental grouping is re-measured in minutes;
``--no-sqlite`` with ``--postgres`` measures PostgreSQL only.

Run: ``.venv/bin/python bench/scale_bench.py [--sizes 1000 10000] [--postgres [--no-sqlite]]
[--repeat 20] [--keep DIR] [--quiet LOAD]``
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cluster_bench
from sqlalchemy import event

from newsfuse import workflow
from newsfuse.model import AnnotatedArticle
from newsfuse.store import open_store

PER_TOPIC = 10  # articles per synthetic topic: stories of ~3-10 articles, stories ~ store/10
BASE = "http://127.0.0.1:8000"
BUILD_BATCH = 500  # annotations saved per transaction while building


def _no_sync(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")


def synthetic(n: int, per_topic: int = PER_TOPIC) -> list[AnnotatedArticle]:
    """``n`` synthetic annotated articles in publication order, stamped with the pipeline."""
    from newsfuse.annotate import build_pipeline

    cluster_bench.TOPICS = max(1, n // per_topic)
    anns, _ = cluster_bench.synthetic(n)
    names = build_pipeline().names
    return [dataclasses.replace(a, pipeline=names) for a in anns]


def build(url: str, anns: list[AnnotatedArticle]) -> None:
    """Save articles and annotations through the store (no grouping)."""
    with open_store(url) as store:
        if url.startswith("sqlite"):
            # building only: no fsync per transaction (the phases run on the normal engine)
            event.listen(store.engine, "connect", _no_sync)
            store.engine.dispose()
        for i in range(0, len(anns), BUILD_BATCH):
            chunk = anns[i : i + BUILD_BATCH]
            for ann in chunk:
                store.add_article(ann.article)
            store.save_annotations_many(chunk)  # as `annotate` saves a batch
            done = i + len(chunk)
            if done % (20 * BUILD_BATCH) == 0 or done == len(anns):
                _say(f"built {done:,} of {len(anns):,} articles")


def _say(message: str) -> None:
    """A progress line on stderr with the time (a 100k build and first run take a while)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak_mb() -> float:
    """Peak resident memory of this process alone.

    ``ru_maxrss`` survives ``exec`` on Linux, so a child started by a parent holding 100k
    synthetic articles would report the parent's peak; the kernel's ``VmHWM`` starts
    afresh with the new program."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wall(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _cpu_wall(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, CPU s of this process, result) of ``fn()``."""
    cpu = time.process_time()
    wall, out = _wall(fn)
    return wall, time.process_time() - cpu, out


def child_stories(url: str) -> dict[str, Any]:
    """group_stories first run (skipped: a store already grouped)."""
    from newsfuse.store import story_index

    with open_store(url) as store:
        out: dict[str, Any] = {"first": float("nan"), "first_cpu": float("nan")}
        if not story_index.doc_count(store):
            out["first"], out["first_cpu"], _ = _cpu_wall(lambda: workflow.group_stories(store))
        out["stories"] = int(store.execute("SELECT count(*) FROM stories")[0][0])
    return out


def child_again(url: str) -> dict[str, Any]:
    """group_stories with nothing new (its own process, after the first run)."""
    with open_store(url) as store:
        again, again_cpu, _ = _cpu_wall(lambda: workflow.group_stories(store))
    return {"again": again, "again_cpu": again_cpu}


def child_one(url: str, late: Path) -> dict[str, Any]:
    """Store one new article and group it (its own process: the incremental peak memory)."""
    ann: AnnotatedArticle = pickle.loads(late.read_bytes())
    with open_store(url) as store:
        workflow.store_articles(store, [ann.article])
        store.save_annotations(ann)
        one, one_cpu, _ = _cpu_wall(lambda: workflow.group_stories(store))
    return {"one": one, "one_cpu": one_cpu}


def child_export(url: str, out: Path) -> dict[str, Any]:
    """Every table as CSV."""
    from newsfuse.export import export

    with open_store(url) as store:
        seconds, done = _wall(lambda: export(store, [], "csv", out))
    return {"export": seconds, "rows": sum(d["rows"] for d in done)}


def child_serve(url: str, query: str, repeat: int) -> dict[str, Any]:
    """Median seconds (wall and CPU) of warm requests of the list, story and search pages."""
    from fastapi.testclient import TestClient

    from newsfuse.web.app import create_app
    from newsfuse.web.security import WebAuth

    out: dict[str, Any] = {}
    app = create_app(url, auth=WebAuth(None, None, None))
    with TestClient(app, base_url=BASE) as client:
        items = client.get("/api/stories").json()["items"]
        story = max(items, key=lambda s: s["articles"])
        out["story_articles"] = story["articles"]
        for key, path in [
            ("front", "/"),
            ("api", "/api/stories"),
            ("story", f"/stories/{story['id']}"),
            ("search", f"/search?q={query}"),
        ]:
            out[key + "_first"], _ = _wall(lambda p=path: client.get(p))  # type: ignore[misc]
            times, cpus = [], []
            for _ in range(repeat):
                cpu = time.process_time()
                t, response = _wall(lambda p=path: client.get(p))  # type: ignore[misc]
                cpus.append(time.process_time() - cpu)
                assert response.status_code == 200, (path, response.status_code)
                times.append(t)
            out[key] = statistics.median(times)
            out[key + "_cpu"] = statistics.median(cpus)
    return out


def wait_quiet(limit: float | None, patience: float = 1800.0) -> None:
    """Wait until the machine's 1-minute load average is below ``limit`` (at most
    ``patience`` seconds): the wall-time phases then measure the code, not a neighbour."""
    import os

    if limit is None:
        return
    end = time.monotonic() + patience
    while os.getloadavg()[0] >= limit and time.monotonic() < end:
        time.sleep(10)
    _say(f"load average {os.getloadavg()[0]:.2f}; measuring")


def _child(args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", json.dumps(args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"child {args[0]} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_child(spec: list[str]) -> None:
    kind, url, *rest = spec
    if kind == "stories":
        res = child_stories(url)
    elif kind == "again":
        res = child_again(url)
    elif kind == "one":
        res = child_one(url, Path(rest[0]))
    elif kind == "export":
        res = child_export(url, Path(rest[0]))
    else:
        res = child_serve(url, rest[0], int(rest[1]))
    res["peak_mb"] = _peak_mb()
    print(json.dumps(res))


@contextmanager
def _postgres() -> Iterator[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pg import postgres_server

    with postgres_server() as url:
        yield url


def _pg_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


def measure(
    url: str,
    size: int,
    tmp: Path,
    repeat: int,
    per_topic: int,
    keep: Path | None = None,
    quiet: float | None = None,
) -> dict[str, Any]:
    """Build a store of ``size`` articles at ``url`` and run the children.

    With ``keep`` (SQLite only) the store grouped by the first ``stories`` run is kept
    there and reused by the next run of the same size (the first run is then not timed).
    With ``quiet``, each timed phase after the first run waits for the load average to
    drop below it (:func:`wait_quiet`).
    """
    t0 = time.perf_counter()
    *anns, late = synthetic(size + 1, per_topic)
    cached = keep / f"{size}-{per_topic}.grouped.db" if keep and url.startswith("sqlite") else None
    row: dict[str, Any] = {"size": size}
    if cached and cached.exists():
        shutil.copyfile(cached, url.removeprefix("sqlite:///"))
        row["build"] = float("nan")
    else:
        build(url, anns)
        row["build"] = time.perf_counter() - t0
    pkl = tmp / f"late-{size}.pkl"
    pkl.write_bytes(pickle.dumps(late))
    _say(f"{size:,} articles stored; grouping them (first `stories` run)")
    stories = _child(["stories", url])
    _say(f"grouped in {stories['first']:.1f} s; measuring the pages, one new article, export")
    if cached and not cached.exists():
        shutil.copyfile(url.removeprefix("sqlite:///"), cached)
    wait_quiet(quiet)
    again = _child(["again", url])
    wait_quiet(quiet)
    serve = _child(["serve", url, anns[0].entities[0].name, str(repeat)])
    wait_quiet(quiet)
    one = _child(["one", url, str(pkl)])
    export = _child(["export", url, str(tmp / f"export-{size}-{abs(hash(url))}")])
    row.update(stories)
    row["stories_mb"] = stories["peak_mb"]
    row["again"], row["again_cpu"] = again["again"], again["again_cpu"]
    row["one"], row["one_cpu"], row["one_mb"] = one["one"], one["one_cpu"], one["peak_mb"]
    row.update(export)
    row["export_mb"] = export["peak_mb"]
    row.update(serve)
    row["serve_mb"] = serve["peak_mb"]
    row["kb_per_article"] = _store_bytes(url) / 1024 / (size + 1)
    return row


def _store_bytes(url: str) -> int:
    """Size of the database on disk (SQLite file, or PostgreSQL's pg_database_size)."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    return size


COLUMNS = [
    ("backend", "{backend:>8}"),
    ("articles", "{size:>8}"),
    ("build s", "{build:>8.1f}"),
    ("stories", "{stories:>7}"),
    ("first ms/art (CPU)", "{first_per:>8.2f} ({first_cpu_per:.2f})"),
    ("nothing new s (CPU)", "{again:>9.2f} ({again_cpu:.2f})"),
    ("1 new s (CPU)", "{one:>5.2f} ({one_cpu:.2f})"),
    ("export s", "{export:>8.1f}"),
    ("/ ms (CPU)", "{front_ms:>5.1f} ({front_cpu:>4.1f})"),
    ("/api/stories ms (CPU)", "{api_ms:>9.1f} ({api_cpu:>4.1f})"),
    ("story ms (CPU, arts)", "{story_ms:>5.1f} ({story_cpu:>4.1f}, {story_articles:>3})"),
    ("/search ms (CPU)", "{search_ms:>9.1f} ({search_cpu:>4.1f})"),
    ("KB/article", "{kb_per_article:>10.1f}"),
    (
        "MB stories/1 new/export/serve",
        "{stories_mb:>7.0f}/{one_mb:.0f}/{export_mb:.0f}/{serve_mb:.0f}",
    ),
]


def print_row(backend: str, row: dict[str, Any]) -> None:
    pages = ("front", "api", "story", "search")
    ms = {k + "_ms": row[k] * 1000 for k in pages} | {
        k + "_cpu": row[k + "_cpu"] * 1000 for k in pages
    }
    values = {
        **row,
        **ms,
        "backend": backend,
        "first_per": row["first"] * 1000 / row["size"],
        "first_cpu_per": row["first_cpu"] * 1000 / row["size"],
    }
    print("  ".join(fmt.format(**values) for _, fmt in COLUMNS), flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL")
    p.add_argument("--repeat", type=int, default=20, help="warm requests per page")
    p.add_argument("--per-topic", type=int, default=PER_TOPIC, help="articles per topic")
    p.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    p.add_argument("--keep", type=Path, help="keep grouped SQLite stores here and reuse them")
    p.add_argument(
        "--quiet",
        type=float,
        metavar="LOAD",
        help="before each timed phase after the first run, wait (up to 30 min) until the "
        "1-minute load average is below LOAD",
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        run_child(json.loads(args.child))
        return
    tmp = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    print("  ".join(name for name, _ in COLUMNS), flush=True)
    for size in [] if args.no_sqlite else args.sizes:
        print_row(
            "sqlite",
            measure(
                f"sqlite:///{tmp}/{size}.db",
                size,
                tmp,
                args.repeat,
                args.per_topic,
                args.keep,
                args.quiet,
            ),
        )
    if args.postgres:
        with _postgres() as server:
            for size in args.sizes:
                url = _pg_database(server, f"scale_{size}")
                row = measure(url, size, tmp, args.repeat, args.per_topic, quiet=args.quiet)
                print_row("postgres", row)


if __name__ == "__main__":
    main()
