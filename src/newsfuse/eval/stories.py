"""``newsfuse eval-stories``: story grouping scored against gold story labels.

Each JSONL line is an article as ``newsfuse ingest`` reads it (``text``, ``title``,
``outlet``, ``published``, ...) plus ``story``, its gold story label. The label is taken
off before the article is ingested, so the grouping never sees it. The articles then go
through the real path of ``newsfuse stories``: ingested into a store, annotated, grouped
by :func:`newsfuse.workflow.group_stories`.

Scores (Bagga & Baldwin 1998 for B-cubed; pairwise as in Miranda et al. 2018,
"Multilingual Clustering of Streaming News"):

- **B-cubed**: per article, precision is the share of its predicted story that shares its
  gold story, recall the share of its gold story that lands in its predicted story; both
  averaged over articles.
- **Pairwise**: precision/recall over the pairs of articles put in one story.

The baseline, run on the same articles in the same run, is a TF-IDF single-pass
clusterer: articles in publication order (undated first, then by id) each join the story
whose centroid is most cosine-similar if that reaches a threshold, else start one. Its
threshold is the best of :data:`BASELINE_THRESHOLDS` on the file itself (an oracle
choice, so the baseline is as strong as one threshold can make it).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fuse.text import content_words, tfidf
from ..model import Article

# A grid around the best single threshold on news (0.14-0.20 on ECB+ and Multi-News):
# 0.08 to 0.32 by 0.02.
BASELINE_THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(4, 17))


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of one measure."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _groups(labels: Mapping[str, str]) -> dict[str, set[str]]:
    """Label -> the items that carry it."""
    out: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return out


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """B-cubed precision and recall of ``pred`` (item -> cluster) against ``gold``.

    >>> s = bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    >>> round(s.precision, 3), round(s.recall, 3)
    (0.667, 0.667)
    """
    items = [i for i in gold if i in pred]
    if not items:
        return Scores(0.0, 0.0)
    by_pred, by_gold = _groups({i: pred[i] for i in items}), _groups({i: gold[i] for i in items})
    p = r = 0.0
    for i in items:
        mine, truth = by_pred[pred[i]], by_gold[gold[i]]
        both = len(mine & truth)
        p += both / len(mine)
        r += both / len(truth)
    return Scores(p / len(items), r / len(items))


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Precision and recall over pairs of items put in one cluster.

    >>> s = pairwise({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    >>> s.precision, round(s.recall, 3)
    (1.0, 0.333)
    """
    items = [i for i in gold if i in pred]

    def pairs(labels: Mapping[str, str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels[i] for i in items).values())

    joint = Counter((pred[i], gold[i]) for i in items)
    both = sum(n * (n - 1) // 2 for n in joint.values())
    n_pred, n_gold = pairs(pred), pairs(gold)
    return Scores(both / n_pred if n_pred else 1.0, both / n_gold if n_gold else 1.0)


def tfidf_single_pass(articles: Iterable[Article], threshold: float) -> dict[str, str]:
    """The baseline: article id -> cluster number, one pass in publication order."""
    ordered = sorted(articles, key=lambda a: (a.published is not None, a.published, a.id))
    bags = {a.id: content_words(a.text) for a in ordered}
    df: Counter[str] = Counter()
    for words in bags.values():
        df.update(set(words))
    n = len(ordered)
    centroids: list[Counter[str]] = []
    vectors: list[dict[str, float]] = []
    out: dict[str, str] = {}
    for a in ordered:
        vec = _unit(tfidf(bags[a.id], df, n))
        best, best_sim = -1, threshold
        for k, cvec in enumerate(vectors):
            sim = sum(v * cvec.get(w, 0.0) for w, v in vec.items())
            if sim >= best_sim:
                best, best_sim = k, sim
        if best < 0:
            centroids.append(Counter())
            vectors.append({})
            best = len(centroids) - 1
        centroids[best].update(bags[a.id])
        vectors[best] = _unit(tfidf(centroids[best].elements(), df, n))
        out[a.id] = str(best)
    return out


def _unit(vec: dict[str, float]) -> dict[str, float]:
    """A vector scaled to length 1 (so a dot product is the cosine)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else vec


@dataclass
class StoryReport:
    """Scores of newsfuse's grouping and the baseline on one gold file."""

    articles: int = 0
    gold_stories: int = 0
    predicted_stories: int = 0
    scores: dict[str, dict[str, Scores]] = field(default_factory=dict)  # system -> measure
    baseline_threshold: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)  # worst predicted stories

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
            "baseline_threshold": self.baseline_threshold,
            "scores": {s: {m: v.to_dict() for m, v in ms.items()} for s, ms in self.scores.items()},
            "errors": self.errors,
        }


def read_gold(path: Path) -> tuple[list[Article], dict[str, str]]:
    """Articles of a gold JSONL file and their gold labels (article id -> story).

    The ``story`` field is removed before the line is ingested.

    Raises:
        InputError: the file cannot be read, or a line is not JSON or has no ``story``.
    """
    from ..ingest import read_bytes

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {n} is not JSON: {exc.msg}", source=str(path)) from exc
        label = row.pop("story", None) if isinstance(row, dict) else None
        if label is None:
            raise InputError(f'line {n} has no "story" label', source=str(path))
        for item in read_bytes(json.dumps(row).encode(), f"{path.name}#line{n}.jsonl"):
            if isinstance(item, Article) and item.id not in gold:
                articles.append(item)
                gold[item.id] = str(label)
    return articles, gold


def group_with_newsfuse(
    articles: list[Article],
    db: Path | None = None,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, str]:
    """Article id -> story id from the real ``stories`` path on a fresh (or reused) store.

    Args:
        articles: the articles (without gold labels).
        db: a SQLite file to keep the store in, so a second run reuses its annotations;
            its stories are regrouped from scratch. A temporary store when None.
        progress: workflow progress callback.
    """
    from .. import workflow
    from ..store import open_store

    def run(path: Path) -> dict[str, str]:
        report = progress or workflow._noop
        with open_store(f"sqlite:///{path}") as store:
            workflow.store_articles(store, articles, progress=report)
            workflow.annotate_pending(store, progress=report)
            workflow.reset_stories(store)
            workflow.group_stories(store, progress=report)
            return {a: s.id for s in store.list_stories() for a in s.article_ids}

    if db is not None:
        return run(db)
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp) / "eval.db")


def _mixed(pred: Mapping[str, str], gold: Mapping[str, str], top: int) -> list[dict[str, Any]]:
    """The predicted stories that mix most gold stories, and the gold stories split most."""
    rows: list[dict[str, Any]] = []
    for sid, members in sorted(_groups(pred).items()):
        labels = Counter(gold[i] for i in members if i in gold)
        if len(labels) > 1:
            rows.append({"predicted": sid, "gold": dict(labels.most_common())})
    rows.sort(key=lambda r: (-sum(r["gold"].values()) + max(r["gold"].values()), r["predicted"]))
    return rows[:top]


def evaluate_stories(
    path: Path,
    *,
    db: Path | None = None,
    progress: Callable[[str, int], None] | None = None,
    group: Callable[[list[Article]], dict[str, str]] | None = None,
) -> StoryReport:
    """B-cubed and pairwise P/R/F1 of newsfuse's stories and of the baseline.

    Args:
        path: JSONL of articles with a gold ``story`` field.
        db: keep the evaluation store here (see :func:`group_with_newsfuse`).
        progress: workflow progress callback.
        group: replaces the grouping (tests); the real ``stories`` path when None.
    """
    articles, gold = read_gold(path)
    pred = group(articles) if group else group_with_newsfuse(articles, db, progress=progress)
    report = StoryReport(
        articles=len(articles),
        gold_stories=len(set(gold.values())),
        predicted_stories=len(set(pred.values())),
    )
    report.scores["newsfuse"] = {"bcubed": bcubed(pred, gold), "pairwise": pairwise(pred, gold)}
    best: tuple[float, float, dict[str, str]] | None = None
    for t in BASELINE_THRESHOLDS:
        base = tfidf_single_pass(articles, t)
        f1 = bcubed(base, gold).f1
        if best is None or f1 > best[0]:
            best = (f1, t, base)
    if best is not None:
        _, report.baseline_threshold, base = best
        report.scores["tfidf-single-pass"] = {
            "bcubed": bcubed(base, gold),
            "pairwise": pairwise(base, gold),
        }
    report.errors = _mixed(pred, gold, top=10)
    return report


def report_table(report: StoryReport) -> Any:
    """The report as a rich table."""
    from rich.table import Table

    table = Table(
        title=f"Story grouping: {report.articles} articles, {report.gold_stories} gold "
        f"stories, {report.predicted_stories} predicted (baseline threshold "
        f"{report.baseline_threshold})"
    )
    table.add_column("system")
    for m in ("B³ P", "B³ R", "B³ F1", "pair P", "pair R", "pair F1"):
        table.add_column(m, justify="right")
    for name, ms in report.scores.items():
        b, p = ms["bcubed"], ms["pairwise"]
        cells = (b.precision, b.recall, b.f1, p.precision, p.recall, p.f1)
        table.add_row(name, *(f"{v:.3f}" for v in cells))
    return table


__all__ = [
    "BASELINE_THRESHOLDS",
    "Scores",
    "StoryReport",
    "bcubed",
    "evaluate_stories",
    "group_with_newsfuse",
    "pairwise",
    "read_gold",
    "report_table",
    "tfidf_single_pass",
]
