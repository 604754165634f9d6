"""Sentence splitting for the summary: regex splitter vs spaCy, speed and ROUGE.

Usage: ``python bench/summary_bench.py CLUSTERS.jsonl [N]`` (e.g. the Multi-News
validation clusters in ../shared/eval/mds). Prints seconds and ROUGE-1/2/L F1 of
``summarize_texts`` with each splitter on the first N clusters (default 40).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from newsfuse.annotate import Resources
from newsfuse.fuse.summary import summarize_texts


def main(path: Path, n: int) -> None:
    """Run both splitters on the first ``n`` clusters and print a line each."""
    rows = [json.loads(line) for line in path.read_text().splitlines()[:n] if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    nlp = Resources.load().nlp
    for name, splitter in (("regex", None), ("spacy", nlp)):
        start, totals = time.perf_counter(), [0.0, 0.0, 0.0]
        for row in rows:
            out = summarize_texts(row["documents"], words=250, nlp=splitter)
            score = scorer.score(row["summary"], "\n".join(out))
            for i, m in enumerate(("rouge1", "rouge2", "rougeL")):
                totals[i] += score[m].fmeasure
        secs = time.perf_counter() - start
        means = " ".join(f"{100 * t / len(rows):.2f}" for t in totals)
        print(f"{name:6} {len(rows)} clusters {secs:6.1f}s  ROUGE-1/2/L {means}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
