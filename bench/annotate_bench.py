"""Time ``newsfuse.annotate.run`` against bare ``nlp.pipe`` of the same model, same texts.

Usage: ``.venv/bin/python bench/annotate_bench.py [--n 300] [--profile] [--cli|--cli-only]
[--repeat R]``

Prints, side by side in one run, CPU seconds (``time.process_time``, so a busy machine
does not skew the ratio) of bare ``nlp.pipe`` and of ``annotate.run``, the ratio, and a
per-stage table (CPU per stage, share of the annotate run) so that a slow stage shows.
With ``--cli`` it also runs the real command path in subprocesses on a fresh store:
``newsfuse annotate --workers 1`` and ``--workers 2`` (model and gazetteer load
included), against a subprocess doing bare ``nlp.pipe`` with its model load, and prints
their CPU (children's user+sys) and wall times; ``--repeat R`` runs R rounds of the three
commands back to back and prints the median of the per-round ratios (a shared machine's
busy spells then fall on both sides of a ratio). Targets (issue 14): annotate CPU at most
1.10x bare, the CLI path at most 1.20x, 2 workers at most 0.6x the wall time of 1.

Articles come from ``../shared/eval/mds/multi_news_validation.jsonl`` (its ``documents``
list, or ``document`` split on "|||||"), or, when that file is absent, from the example
corpus repeated with small variations. Target: annotate costs at most 1.25x bare ``nlp.pipe``.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsfuse.annotate import Resources, build_pipeline, run
from newsfuse.annotate.pipeline import Pipeline
from newsfuse.model import Article, Failure, new_article

ROOT = Path(__file__).resolve().parent.parent
# ../shared from a checkout in /work/main, ../../shared from a worktree in /work/wt/<name>.
MDS = next(
    (
        p
        for p in (
            base / "shared" / "eval" / "mds" / "multi_news_validation.jsonl"
            for base in (ROOT.parent, ROOT.parent.parent)
        )
        if p.is_file()
    ),
    ROOT.parent / "shared" / "eval" / "mds" / "multi_news_validation.jsonl",
)
EXAMPLES = ROOT / "examples"
TARGET_RATIO = 1.10
TARGET_CLI_RATIO = 1.20
TARGET_WORKERS = 0.6
MIN_CHARS = 400  # skip stubs and furniture-only documents


def _texts(n: int) -> list[str]:
    """``n`` article texts from Multi-News, else the example corpus with variations."""
    texts: list[str] = []
    if MDS.is_file():
        with MDS.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                docs = row.get("documents") or row.get("document", "").split("|||||")
                texts += [t.strip() for t in docs if len(t.strip()) >= MIN_CHARS]
                if len(texts) >= n:
                    break
    else:
        base = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt"))]
        if not base:
            raise SystemExit(f"no texts: neither {MDS} nor {EXAMPLES}/**/*.txt exists")
        i = 0
        while len(texts) < n:
            texts.append(f"{base[i % len(base)]}\n\n(Variant {i}.)")
            i += 1
    return texts[:n]


def _timed_pipeline(cpu: dict[str, float]) -> Pipeline:
    """The default pipeline with each stage's CPU time added to ``cpu[name]``."""

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(state: Any, res: Any) -> Any:
            t0 = time.process_time()
            try:
                return func(state, res)
            finally:
                cpu[name] += time.process_time() - t0

        return wrapper

    base = build_pipeline()
    return Pipeline(
        tuple(dataclasses.replace(st, func=timed(st.name, st.func)) for st in base.stages)
    )


BARE = """
import json, sys, spacy
from newsfuse.annotate.resources import load_nlp
nlp = load_nlp()
texts = json.load(open(sys.argv[1]))
for _ in nlp.pipe(texts, batch_size=32):
    pass
"""


def _child(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; its (CPU seconds incl. its children, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _cli_path(texts: list[str], repeat: int) -> None:
    """The real command path in subprocesses, against bare nlp.pipe with its model load.

    Each round runs the three commands one after the other (bare, 1 worker, 2 workers)
    on fresh copies of one ingested store, so a busy spell of the machine falls on all
    three; the ratios are taken per round and their median printed.
    """
    cli = [sys.executable, "-c", "from newsfuse.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        texts_json = Path(tmp, "texts.json")
        texts_json.write_text(json.dumps(texts))
        jsonl = Path(tmp, "in.jsonl")
        jsonl.write_text(
            "".join(
                json.dumps({"text": t, "published": "2020-01-01", "title": f"Doc {i}"}) + "\n"
                for i, t in enumerate(texts)
            )
        )
        fresh = Path(tmp, "fresh.db")
        subprocess.run(
            [*cli, "ingest", str(jsonl), "--db", f"sqlite:///{fresh}"],
            check=True,
            capture_output=True,
        )
        rounds = []
        for r in range(repeat):
            bare_cpu, bare_wall = _child([sys.executable, "-c", BARE, str(texts_json)])
            row = [(bare_cpu, bare_wall)]
            for workers in (1, 2):
                db = Path(tmp, f"r{r}w{workers}.db")
                shutil.copyfile(fresh, db)
                row.append(
                    _child([*cli, "annotate", "--db", f"sqlite:///{db}", "--workers", str(workers)])
                )
                db.unlink()
            rounds.append(row)
    print(f"\nCLI path, {len(texts)} articles, fresh store (model + gazetteer load included):")
    for r, ((bc, bw), (c1, w1), (c2, w2)) in enumerate(rounds, 1):
        print(
            f"  round {r}: bare CPU {bc:7.2f} s wall {bw:7.2f} s | -w 1 CPU {c1:7.2f} s "
            f"wall {w1:7.2f} s | -w 2 CPU {c2:7.2f} s wall {w2:7.2f} s | "
            f"CPU ratio {c1 / bc:.2f}  wall 2/1 {w2 / w1:.2f}"
        )
    cpu_ratio = statistics.median(row[1][0] / row[0][0] for row in rounds)
    wall_ratio = statistics.median(row[2][1] / row[1][1] for row in rounds)
    print(
        f"  CLI CPU ratio (1 worker), median of rounds: {cpu_ratio:.2f} (target <= {TARGET_CLI_RATIO})"
    )
    print(
        f"  wall 2 workers / 1 worker, median of rounds: {wall_ratio:.2f} "
        f"(target <= {TARGET_WORKERS} on an idle 2-core machine; cores here: {os.cpu_count()})"
    )


def main() -> None:
    """Run the benchmark and print both timings, the ratio and the per-stage table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="cProfile the annotate run")
    parser.add_argument("--cli", action="store_true", help="also time the real CLI path")
    parser.add_argument("--cli-only", action="store_true", help="time only the CLI path")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the CLI path")
    args = parser.parse_args()
    if args.cli_only:
        _cli_path(_texts(args.n), args.repeat)
        return
    res = Resources.load()
    texts = _texts(args.n)
    print(f"texts from: {MDS if MDS.is_file() else EXAMPLES}")
    articles: list[Article] = [new_article(t, published=dt.date(2020, 1, 1)) for t in texts]
    list(run(articles[:5], res))  # warm-up: loads the gazetteer and lazy tables
    t0 = time.process_time()
    for _ in res.nlp.pipe(texts, batch_size=32):
        pass
    bare = time.process_time() - t0
    stage_cpu: dict[str, float] = defaultdict(float)
    pipeline = _timed_pipeline(stage_cpu)
    prof = cProfile.Profile() if args.profile else None
    t0 = time.process_time()
    if prof:
        prof.enable()
    results = list(run(articles, res, pipeline))
    if prof:
        prof.disable()
    full = time.process_time() - t0
    failed = [r for r in results if isinstance(r, Failure)]
    chars = sum(len(t) for t in texts)
    print(f"articles: {len(texts)} ({chars / 1e6:.2f} M chars), failures: {len(failed)}")
    print(f"bare nlp.pipe CPU:         {bare:7.2f} s")
    print(f"newsfuse.annotate.run CPU: {full:7.2f} s")
    print(f"ratio: {full / bare:.2f} (target <= {TARGET_RATIO})")
    print("\nstage          CPU s   ms/article  share of run")
    for name, sec in sorted(stage_cpu.items(), key=lambda kv: -kv[1]):
        print(f"{name:<14}{sec:6.2f}   {1000 * sec / len(texts):8.2f}   {100 * sec / full:5.1f}%")
    print(f"{'spaCy parse':<14}{full - sum(stage_cpu.values()):6.2f}")
    if failed:
        print("first failure:", failed[0].stage, failed[0].message[:200])
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    if args.cli:
        _cli_path(texts, args.repeat)


if __name__ == "__main__":
    main()
