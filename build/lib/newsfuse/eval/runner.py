"""Run ingest + annotate over a gold folder, write predictions, and score them.

A gold folder holds story clusters (``<cluster>/cluster.json`` + ``<doc>.txt`` +
``<doc>.gold.json``, see ``../shared/eval/SCHEMA.md``). Predictions are made from the
``.txt`` files and the ``docs`` metadata of ``cluster.json`` only; ``.gold.json`` files
are read afterwards, for scoring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import AnnotatedArticle, Article
from .scoring import FIELDS, Counts, score_document, score_speakers

WORDS_IN_STARTS_WITH = 6  # SCHEMA.md: starts_with is the first 3-6 words


@dataclass
class EvalReport:
    """Per-field counts micro-averaged over every article, plus speaker accuracy."""

    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    speaker_right: int = 0
    speaker_total: int = 0
    baseline_right: int | None = None  # textacy direct_quotations, same articles
    baseline_total: int | None = None
    articles: int = 0
    corpus_sha256: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        """Gold quotes with a named speaker whose matched prediction names them."""
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    @property
    def baseline_speaker_accuracy(self) -> float | None:
        """The same measure for textacy's ``direct_quotations``."""
        if self.baseline_total is None or self.baseline_right is None:
            return None
        return self.baseline_right / self.baseline_total if self.baseline_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain values for ``--json``."""
        base = self.baseline_speaker_accuracy
        return {
            "articles": self.articles,
            "corpus_sha256": self.corpus_sha256,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker": {"right": self.speaker_right, "total": self.speaker_total},
            "baseline": None
            if base is None
            else {
                "name": "textacy.extract.triples.direct_quotations",
                "speaker_accuracy": round(base, 4),
                "right": self.baseline_right,
                "total": self.baseline_total,
            },
            "failures": list(self.failures),
        }


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One article of a gold folder: where its files are and its cluster metadata."""

    cluster: str
    doc_id: str
    text_path: Path
    gold_path: Path
    meta: dict[str, Any]


def corpus_sha256(gold_dir: Path) -> str:
    """SHA-256 over every cluster.json, .txt and .gold.json (path and bytes), sorted."""
    h = hashlib.sha256()
    for path in sorted(gold_dir.rglob("*")):
        if path.is_file() and (
            path.name == "cluster.json" or path.suffix == ".txt" or path.name.endswith(".gold.json")
        ):
            h.update(path.relative_to(gold_dir).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def iter_gold(gold_dir: Path) -> Iterator[GoldDoc]:
    """Every article of every cluster folder under ``gold_dir``, in sorted order.

    Raises:
        InputError: ``gold_dir`` holds no cluster folder, or a listed text is missing.
    """
    clusters = sorted(p.parent for p in gold_dir.rglob("cluster.json"))
    if not clusters:
        raise InputError("no cluster folder (with a cluster.json) found", source=str(gold_dir))
    for folder in clusters:
        cluster = json.loads((folder / "cluster.json").read_text(encoding="utf-8"))
        for meta in cluster.get("docs", ()):
            text_path = folder / f"{meta['id']}.txt"
            if not text_path.is_file():
                raise InputError(
                    f"cluster.json lists {meta['id']!r} but it has no .txt", source=str(folder)
                )
            yield GoldDoc(
                str(folder.relative_to(gold_dir)),
                meta["id"],
                text_path,
                folder / f"{meta['id']}.gold.json",
                dict(meta),
            )


def build_article(doc: GoldDoc) -> Article:
    """The article from the text file and the cluster metadata (nothing else)."""
    text = doc.text_path.read_text(encoding="utf-8")
    published = dt.date.fromisoformat(doc.meta["published"]) if doc.meta.get("published") else None
    meta: dict[str, Any] = {
        "source": str(doc.text_path),
        "title": doc.meta.get("title"),
        "outlet": doc.meta.get("outlet"),
        "url": doc.meta.get("url"),
        "published": published,
    }
    try:
        from ..ingest import article_from_text  # type: ignore[attr-defined]
    except ImportError:
        from ..model import new_article

        return new_article(text, **meta)
    return article_from_text(text, **meta)  # type: ignore[no-any-return]


def _starts_with(content: str) -> str:
    """The first words of a quote, as gold ``starts_with`` gives them."""
    return " ".join(content.split()[:WORDS_IN_STARTS_WITH])


def prediction_dict(ann: AnnotatedArticle) -> dict[str, Any]:
    """An annotated article in the SCHEMA.md prediction format (plus offsets).

    Quotes are the direct quotes with a resolved speaker (gold lists exactly those);
    reported speech goes under the extra key ``reported_quotes``.
    """
    people, orgs = [], []
    for e in ann.entities:
        item: dict[str, Any] = {
            "name": e.name,
            "mentions": list(dict.fromkeys(m.text for m in e.mentions)),
            "spans": [[m.span.start, m.span.end] for m in e.mentions],
            "aliases": list(e.aliases),
        }
        if e.kind == "person":
            item.update(title=e.title, role=e.role)
            people.append(item)
        elif e.kind == "organization":
            orgs.append(item)
    places = [
        {
            "name": p.name,
            "mentions": list(dict.fromkeys(m.text for m in p.mentions)),
            "country": p.country,
            "lat": None if p.lat is None else round(p.lat, 2),
            "lon": None if p.lon is None else round(p.lon, 2),
            "feature": p.feature,
            "geonames_id": p.geonames_id,
            "spans": [[m.span.start, m.span.end] for m in p.mentions],
        }
        for p in ann.places
    ]

    def quote(q: Any) -> dict[str, Any]:
        return {
            "starts_with": _starts_with(q.content),
            "text": q.content,
            "speaker": q.speaker,
            "cue": q.cue,
            "start": q.span.start,
            "end": q.span.end,
        }

    quotes = [quote(q) for q in ann.quotes if q.direct and q.speaker]
    reported = [quote(q) for q in ann.quotes if not q.direct]
    figures = [
        {
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "evidence": f.text,
            "start": f.span.start,
            "end": f.span.end,
        }
        for f in ann.figures
    ]
    dates = [
        {
            "mention": d.text,
            "value": d.value,
            "precision": d.precision,
            "start": d.span.start,
            "end": d.span.end,
        }
        for d in ann.dates
    ]
    return {
        "article_id": ann.article.id,
        "people": people,
        "organizations": orgs,
        "places": places,
        "quotes": quotes,
        "reported_quotes": reported,
        "figures": figures,
        "dates": dates,
    }


def evaluate(
    gold_dir: Path,
    *,
    predictions_dir: Path | None = None,
    res: Any | None = None,
    baseline: bool = True,
) -> EvalReport:
    """Annotate every article of a gold folder and score it against the gold files.

    Args:
        gold_dir: a folder of cluster folders in the SCHEMA.md format.
        predictions_dir: where to write ``<cluster>/<doc>.pred.json``; none when omitted.
        res: loaded resources (the spaCy model); loaded from the configuration when omitted.
        baseline: also run textacy's ``direct_quotations`` and score its speakers.

    Returns:
        Precision/recall/F1 per field, micro-averaged, and speaker accuracy (ours and,
        with ``baseline``, textacy's).

    Raises:
        InputError: the folder holds no cluster, or a listed article text is missing.
    """
    from ..annotate import Resources, annotate
    from ..errors import StageError

    res = res or Resources.load()
    gold_dir = Path(gold_dir)
    docs = list(iter_gold(gold_dir))
    report = EvalReport(corpus_sha256=corpus_sha256(gold_dir))
    preds: list[tuple[GoldDoc, dict[str, Any]]] = []
    base_preds: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for gdoc in docs:
        article = build_article(gdoc)
        try:
            pred = prediction_dict(annotate(article, res))
        except StageError as exc:
            report.failures.append(f"{gdoc.cluster}/{gdoc.doc_id}: {exc}")
            pred = {"article_id": article.id}
        preds.append((gdoc, pred))
        if baseline:
            from .baseline import textacy_quotes

            base_preds[(gdoc.cluster, gdoc.doc_id)] = textacy_quotes(res.nlp(article.text))
        if predictions_dir is not None:
            out = Path(predictions_dir) / gdoc.cluster / f"{gdoc.doc_id}.pred.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(pred, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # scoring: only now are the gold files read
    golds = {(g.cluster, g.doc_id): _read_gold(g.gold_path) for g, _ in preds}
    cluster_entities: dict[str, list[dict[str, Any]]] = {}
    for (cluster, _), gold in golds.items():
        cluster_entities.setdefault(cluster, []).extend(
            list(gold.get("people") or ()) + list(gold.get("organizations") or ())
        )
    if baseline:
        report.baseline_right = report.baseline_total = 0
    for gdoc, pred in preds:
        gold = golds[(gdoc.cluster, gdoc.doc_id)]
        ents = cluster_entities[gdoc.cluster]
        score = score_document(gold, pred, ents)
        for name, counts in score.fields.items():
            report.fields[name].add(counts)
        report.speaker_right += score.speaker_right
        report.speaker_total += score.speaker_total
        report.articles += 1
        if baseline:
            right, total = score_speakers(
                list(gold.get("quotes") or ()), base_preds[(gdoc.cluster, gdoc.doc_id)], ents
            )
            report.baseline_right = (report.baseline_right or 0) + right
            report.baseline_total = (report.baseline_total or 0) + total
    return report


def _read_gold(path: Path) -> dict[str, Any]:
    """A gold file, or an empty one when the article has none."""
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def report_table(report: EvalReport) -> Any:
    """The report as a ``rich`` table: P/R/F1 and counts per field, speaker accuracy
    with the textacy baseline beside it."""
    from rich.table import Table

    table = Table(title=f"newsfuse eval: {report.articles} articles")
    for col in ("field", "precision", "recall", "F1", "pred (matched)", "gold (matched)"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, c in report.fields.items():
        table.add_row(
            name,
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
            f"{c.n_pred} ({c.tp_pred})",
            f"{c.n_gold} ({c.tp_gold})",
        )
    table.add_section()
    table.add_row(
        "speaker accuracy",
        "",
        "",
        f"{report.speaker_accuracy:.3f}",
        "",
        f"{report.speaker_total} ({report.speaker_right})",
    )
    base = report.baseline_speaker_accuracy
    if base is not None:
        table.add_row(
            "  textacy baseline",
            "",
            "",
            f"{base:.3f}",
            "",
            f"{report.baseline_total} ({report.baseline_right})",
        )
    return table


__all__ = [
    "EvalReport",
    "GoldDoc",
    "build_article",
    "corpus_sha256",
    "evaluate",
    "iter_gold",
    "prediction_dict",
    "report_table",
]
