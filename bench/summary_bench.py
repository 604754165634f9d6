"""The summary's cost: spaCy sentence parsing vs selection, and ROUGE, per cluster.

Usage: ``python bench/summary_bench.py CLUSTERS.jsonl [N]`` (e.g. the Multi-News
validation clusters in ../shared/eval/mds). Prints the seconds spent parsing sentences
with spaCy (NER and lemmatizer off), the seconds spent choosing sentences, and ROUGE-1/2/L
F1 of ``summarize_texts`` on the first N clusters (default 40).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from newsfuse.annotate import Resources
from newsfuse.fuse.summary import sentence_spans, summarize_texts


def main(path: Path, n: int) -> None:
    """Parse, summarize and score the first ``n`` clusters; print one line."""
    rows = [json.loads(line) for line in path.read_text().splitlines()[:n] if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    nlp = Resources.load().nlp
    parse = select = 0.0
    totals = [0.0, 0.0, 0.0]
    words = 0
    for row in rows:
        docs = [d for d in row["documents"] if d.strip()]
        words += sum(len(d.split()) for d in docs)
        t0 = time.perf_counter()
        spans = sentence_spans(docs, nlp)
        t1 = time.perf_counter()
        out = summarize_texts(docs, words=250, sentences=spans)
        t2 = time.perf_counter()
        parse, select = parse + t1 - t0, select + t2 - t1
        score = scorer.score(row["summary"], "\n".join(out))
        for i, m in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[i] += score[m].fmeasure
    means = " ".join(f"{100 * t / len(rows):.2f}" for t in totals)
    print(
        f"{len(rows)} clusters, {words} words: spaCy sentences {parse:.1f}s "
        f"({words / max(parse, 1e-9):.0f} words/s), selection {select:.1f}s; "
        f"ROUGE-1/2/L {means}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
