"""Run ingest + annotate over a gold folder, write predictions, and score them.

A gold folder holds story clusters (``<cluster>/cluster.json`` + ``<doc>.txt`` +
``<doc>.gold.json``, see ``../shared/eval/SCHEMA.md``). Predictions are made from the
``.txt`` files and the ``docs`` metadata of ``cluster.json`` only; ``.gold.json`` files
are read afterwards, for scoring. Before that, only their keys are looked at: a gold
file may omit a field (an omitted field is not scored), so the stages whose output no
gold file of the set scores are not run (TimeBank gold has only ``dates``: spaCy and the
dates stage are enough).

A folder of gold folders (``../shared/eval/`` with ``dev/`` and ``public/*/``) is
evaluated set by set with :func:`evaluate_tree`.
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
from ..model import AnnotatedArticle, Article, Failure
from .scoring import FIELDS, Counts, score_document, score_speakers

WORDS_IN_STARTS_WITH = 6  # SCHEMA.md: starts_with is the first 3-6 words
# The annotate output each gold field is scored on.
FIELD_OUTPUTS = {
    "people": "entities",
    "organizations": "entities",
    "places": "places",
    "quotes": "quotes",
    "figures": "figures",
    "dates": "dates",
}
NO_TEXTACY = "textacy baseline skipped: it is in the eval extra (pip install 'newsfuse[eval]')"


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
    name: str = ""  # the gold set, relative to the folder given to evaluate_tree
    notes: list[str] = field(default_factory=list)  # one line each, for stderr
    claims: dict[str, Any] = field(default_factory=dict)  # cluster -> ClaimCounts (#8)

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
            "name": self.name,
            "scored_fields": self.scored_fields,
            **_claims_json(self.claims),
        }

    @property
    def scored_fields(self) -> list[str]:
        """Fields that some gold file of the set annotates."""
        return [k for k, v in self.fields.items() if v.articles]


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
        from ..ingest import article_from_text
    except ImportError:
        from ..model import new_article

        return new_article(text, **meta)
    return article_from_text(text, **meta)


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


def gold_sets(root: Path) -> list[Path]:
    """The gold folders under ``root``: ``root`` itself when it holds cluster folders,
    else every folder below it that does, in sorted order.

    Raises:
        InputError: no cluster folder (with a cluster.json) anywhere under ``root``.
    """
    found = _sets_below(Path(root))
    if not found:
        raise InputError("no cluster folder (with a cluster.json) found", source=str(root))
    return found


def _sets_below(folder: Path) -> list[Path]:
    if (folder / "cluster.json").is_file() or any(folder.glob("*/cluster.json")):
        return [folder]
    subs = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return [s for sub in subs for s in _sets_below(sub)]


def stages_for(fields: set[str]) -> tuple[str, ...]:
    """The default stages needed to produce ``fields``, with what they require."""
    from ..annotate import DEFAULT_STAGES
    from ..annotate.stages import get_stage

    need = {FIELD_OUTPUTS[f] for f in fields if f in FIELD_OUTPUTS}
    chosen: set[str] = set()
    for name in reversed(DEFAULT_STAGES):
        st = get_stage(name)
        if need & set(st.produces):
            chosen.add(name)
            need |= set(st.requires)
    return tuple(n for n in DEFAULT_STAGES if n in chosen)


def _scored_fields(docs: list[GoldDoc]) -> set[str]:
    """The fields some gold file annotates (its keys only; contents are read later)."""
    out: set[str] = set()
    for gdoc in docs:
        out |= set(_read_gold(gdoc.gold_path)) & set(FIELD_OUTPUTS)
    return out


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
        baseline: also run textacy's ``direct_quotations`` and score its speakers (skipped,
            with a note, when textacy is not installed).

    Returns:
        Precision/recall/F1 per field, micro-averaged, and speaker accuracy (ours and,
        with ``baseline``, textacy's). Fields no gold file annotates are not scored.

    Raises:
        InputError: the folder holds no cluster, or a listed article text is missing.
    """
    from ..annotate import Resources, build_pipeline, run

    gold_dir = Path(gold_dir)
    docs = list(iter_gold(gold_dir))
    report = EvalReport(corpus_sha256=corpus_sha256(gold_dir), name=gold_dir.name)
    fields = _scored_fields(docs)
    textacy_quotes = _baseline(report) if baseline and "quotes" in fields else None
    preds: list[tuple[GoldDoc, dict[str, Any]]] = []
    base_preds: dict[tuple[str, str], list[dict[str, Any]]] = {}
    stages = stages_for(fields)
    articles = [build_article(g) for g in docs]
    if stages:
        res = res or Resources.load()
        results: list[AnnotatedArticle | Failure] = list(run(articles, res, build_pipeline(stages)))
    else:
        results = [AnnotatedArticle(article=a) for a in articles]
    fused: dict[str, list[tuple[str, AnnotatedArticle]]] = {}  # cluster -> (doc, ann)
    for gdoc, article, result in zip(docs, articles, results, strict=True):
        if isinstance(result, Failure):
            report.failures.append(f"{gdoc.cluster}/{gdoc.doc_id}: {result.message}")
            pred: dict[str, Any] = {"article_id": article.id}
        else:
            pred = prediction_dict(result)
            fused.setdefault(gdoc.cluster, []).append((gdoc.doc_id, result))
        preds.append((gdoc, pred))
        if textacy_quotes is not None and res is not None:
            base_preds[(gdoc.cluster, gdoc.doc_id)] = textacy_quotes(res.nlp(article.text))
        if predictions_dir is not None:
            out = Path(predictions_dir) / gdoc.cluster / f"{gdoc.doc_id}.pred.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(pred, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _score(report, preds, base_preds if textacy_quotes is not None else None)
    if "figures" in fields:  # claim scoring (issue #8): fuse each cluster, score its claims
        from .claims import evaluate_claims

        report.claims = evaluate_claims(gold_dir, fused, predictions_dir)
    return report


def _baseline(report: EvalReport) -> Any:
    """textacy's quote extractor, or None (and a note) when the eval extra is missing."""
    try:
        from .baseline import textacy_quotes
    except ImportError:
        report.notes.append(NO_TEXTACY)
        return None
    return textacy_quotes


def _score(
    report: EvalReport,
    preds: list[tuple[GoldDoc, dict[str, Any]]],
    base_preds: dict[tuple[str, str], list[dict[str, Any]]] | None,
) -> None:
    """Read the gold files and add every article's counts to the report."""
    golds = {(g.cluster, g.doc_id): _read_gold(g.gold_path) for g, _ in preds}
    cluster_entities: dict[str, list[dict[str, Any]]] = {}
    for (cluster, _), gold in golds.items():
        cluster_entities.setdefault(cluster, []).extend(
            list(gold.get("people") or ()) + list(gold.get("organizations") or ())
        )
    if base_preds is not None:
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
        if base_preds is not None and "quotes" in gold:
            right, total = score_speakers(
                list(gold.get("quotes") or ()), base_preds[(gdoc.cluster, gdoc.doc_id)], ents
            )
            report.baseline_right = (report.baseline_right or 0) + right
            report.baseline_total = (report.baseline_total or 0) + total


def evaluate_tree(
    root: Path,
    *,
    predictions_dir: Path | None = None,
    res: Any | None = None,
    baseline: bool = True,
) -> dict[str, EvalReport]:
    """:func:`evaluate` on every gold set under ``root`` (see :func:`gold_sets`).

    Returns:
        One report per set, keyed by its path relative to ``root`` (the folder's own
        name when ``root`` is a set).
    """
    root = Path(root)
    reports: dict[str, EvalReport] = {}
    for folder in gold_sets(root):
        name = folder.relative_to(root).as_posix() if folder != root else root.name
        out = None if predictions_dir is None else Path(predictions_dir) / name
        if folder == root:
            out = predictions_dir
        report = evaluate(folder, predictions_dir=out, res=res, baseline=baseline)
        report.name = name
        reports[name] = report
    return reports


def _claims_json(per_cluster: dict[str, Any]) -> dict[str, Any]:
    """The ``claims`` key of ``--json`` (issue #8), absent when no cluster lists claims."""
    from .claims import claims_summary

    return {"claims": claims_summary(per_cluster)} if per_cluster else {}


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
        if not c.articles:
            continue  # no gold file of the set annotates it
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


# Columns of the per-set table: (header, field or "speaker", which measure).
SET_COLUMNS = (
    ("people F1", "people", "f1"),
    ("orgs F1", "organizations", "f1"),
    ("roles R", "roles", "recall"),
    ("places F1", "places", "f1"),
    ("place names F1", "place_names", "f1"),
    ("place acc@161", "place_acc161", "recall"),
    ("quotes F1", "quotes", "f1"),
    ("speaker acc", "speaker", ""),
    ("figures F1", "figures", "f1"),
    ("dates F1", "dates", "f1"),
)


def sets_table(reports: dict[str, EvalReport]) -> Any:
    """One column per gold set, one row per measure; "-" where the set does not annotate
    the field (a gold set is narrow: TimeBank scores dates only)."""
    from rich.table import Table

    table = Table(title=f"newsfuse eval: {len(reports)} gold sets")
    table.add_column("measure", no_wrap=True)
    for name in reports:
        table.add_column(name.replace("/", "/\n"), justify="right")
    table.add_row("articles", *(str(r.articles) for r in reports.values()))
    for header, fld, measure in SET_COLUMNS:
        cells = []
        for rep in reports.values():
            if fld == "speaker":
                cells.append(f"{rep.speaker_accuracy:.3f}" if rep.speaker_total else "-")
                continue
            c = rep.fields[fld]
            shown = c.articles and (c.n_gold or c.n_pred)
            cells.append(f"{getattr(c, measure):.3f}" if shown else "-")
        table.add_row(header, *cells)
    return table


__all__ = [
    "EvalReport",
    "GoldDoc",
    "build_article",
    "corpus_sha256",
    "evaluate",
    "evaluate_tree",
    "gold_sets",
    "iter_gold",
    "prediction_dict",
    "report_table",
    "sets_table",
    "stages_for",
]
