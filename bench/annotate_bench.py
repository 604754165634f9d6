"""Time ``newsfuse.annotate.run`` against bare ``nlp.pipe`` of the same model, same texts.

Usage: ``.venv/bin/python bench/annotate_bench.py [--n 300] [--profile]``

Articles come from ``../shared/eval/mds/multi_news_validation.jsonl`` (its ``documents``
list, or ``document`` split on "|||||"), or, when that file is absent, from the example
corpus repeated with small variations. Target: annotate costs at most 1.25x bare ``nlp.pipe``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import time
from pathlib import Path

from newsfuse.annotate import Resources, run
from newsfuse.model import Article, Failure, new_article

ROOT = Path(__file__).resolve().parent.parent
MDS = ROOT.parent / "shared" / "eval" / "mds" / "multi_news_validation.jsonl"
EXAMPLES = ROOT / "examples"
TARGET_RATIO = 1.25
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


def main() -> None:
    """Run the benchmark and print both timings and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="cProfile the annotate run")
    args = parser.parse_args()
    res = Resources.load()
    texts = _texts(args.n)
    articles: list[Article] = [new_article(t, published=dt.date(2020, 1, 1)) for t in texts]
    list(run(articles[:5], res))  # warm-up: loads the gazetteer and lazy tables
    t0 = time.perf_counter()
    for _ in res.nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - t0
    prof = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    results = list(run(articles, res))
    if prof:
        prof.disable()
    full = time.perf_counter() - t0
    failed = [r for r in results if isinstance(r, Failure)]
    chars = sum(len(t) for t in texts)
    print(f"articles: {len(texts)} ({chars / 1e6:.2f} M chars), failures: {len(failed)}")
    print(f"bare nlp.pipe:        {bare:7.2f} s")
    print(f"newsfuse.annotate.run: {full:7.2f} s")
    ratio = full / bare
    print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO})")
    if failed:
        print("first failure:", failed[0].stage, failed[0].message[:200])
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
