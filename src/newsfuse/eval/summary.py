"""``newsfuse eval-summary``: ROUGE of the summarizer beside LexRank, TextRank and lead.

Each JSONL line is ``{"documents": [str, ...], "summary": str}`` (a Multi-News
``"document"`` string split on ``|||||`` is accepted too). Every system gets the same
word budget and the same sentences: each cluster is parsed once with spaCy (the
boundaries the annotate stage stores), and every system picks among those sentences
(newsfuse rejoins a sentence spaCy cut after a title such as "Gen." and shows its chosen
sentences without wire datelines, opening connectives and bracketed asides).
ROUGE-1/2/L F1 come from the ``rouge-score`` package with stemming, reported as means
×100. sumy's LexRank and TextRank get a word tokenizer of ours, because sumy's default
one needs NLTK data that cannot be downloaded offline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..fuse.summary import sentence_spans, summarize_texts, trim

SYSTEMS = ("newsfuse", "lexrank", "textrank", "lead")
METRICS = ("rouge1", "rouge2", "rougeL")


Sentences = list[list[str]]  # per document, its sentences in order


class OfflineTokenizer:
    """sumy word tokenizer that needs no NLTK data (sentences come split by spaCy)."""

    language = "english"

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(re.findall(r"[\w'’-]+", sentence))


def _budget(sentences: Iterator[str] | list[str], words: int) -> list[str]:
    """Sentences in order until the next would pass the word budget."""
    out, used = [], 0
    for s in sentences:
        n = len(s.split())
        if used + n > words:
            if used < words * 0.8:
                continue
            break
        out.append(s)
        used += n
    return out


def _sumy(name: str, sentences: Sentences, words: int) -> list[str]:
    """LexRank or TextRank (sumy, English stemmer and stop words): best-rated sentences
    first, then the budget, as the published baselines do."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = OfflineTokenizer()
    doc = ObjectDocumentModel(
        [Paragraph([Sentence(" ".join(x.split()), tok) for x in sents]) for sents in sentences]
    )
    if not doc.sentences:
        return []
    summarizer: Any = (LexRankSummarizer if name == "lexrank" else TextRankSummarizer)(
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")
    if name == "lexrank":
        words_sets = [summarizer._to_words_set(s) for s in doc.sentences]
        tf = summarizer._compute_tf(words_sets)
        idf = summarizer._compute_idf(words_sets)
        matrix = summarizer._create_matrix(words_sets, summarizer.threshold, tf, idf)
        scores = summarizer.power_method(matrix, summarizer.epsilon)
        rating = dict(zip(doc.sentences, scores, strict=True))
    else:
        rating = summarizer.rate_sentences(doc)
    order = sorted(doc.sentences, key=lambda s: -rating[s])
    return _budget([str(s) for s in order], words)


def _lead(sents: Sentences, words: int) -> list[str]:
    """Round-robin lead: first sentence of each document, then the second, ..."""
    order = [
        ss[i] for i in range(max((len(x) for x in sents), default=0)) for ss in sents if i < len(ss)
    ]
    return _budget(order, words)


@dataclass
class SummaryReport:
    """Mean ROUGE F1 (×100) per system and metric over the clusters."""

    clusters: int = 0
    words: int = 250
    scores: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"clusters": self.clusters, "words": self.words, "rouge_f1": self.scores}


def _clusters(path: Path, limit: int | None) -> Iterator[tuple[list[str], str]]:
    """(documents, reference summary) per JSONL line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    n = 0
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {i} is not JSON: {exc.msg}", source=str(path)) from exc
        docs = row.get("documents")
        if docs is None and isinstance(row.get("document"), str):
            docs = row["document"].split("|||||")
        if not isinstance(docs, list) or "summary" not in row:
            raise InputError(f'line {i} needs "documents" and "summary"', source=str(path))
        docs = [d.strip() for d in docs if isinstance(d, str) and d.strip()]
        if docs:
            yield docs, row["summary"]
            n += 1
        if limit and n >= limit:
            return


def evaluate_summaries(
    path: Path,
    *,
    words: int = 250,
    limit: int | None = None,
    baselines: bool = True,
    progress: Callable[[str, int], None] | None = None,
) -> SummaryReport:
    """ROUGE-1/2/L F1 of newsfuse (and baselines) on a JSONL file of clusters.

    Raises:
        ConfigError: rouge-score (or, with ``baselines``, sumy) is not installed.
    """
    try:
        from rouge_score import rouge_scorer

        if baselines:
            import sumy  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            f"eval-summary needs the eval extra ({exc.name} is missing): "
            "pip install 'newsfuse[eval]'"
        ) from exc

    from ..annotate.resources import load_nlp

    nlp = load_nlp()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    System = Callable[[list[str], list[list[tuple[int, int]]], Sentences], list[str]]
    systems: dict[str, System] = {
        "newsfuse": lambda d, spans, _: summarize_texts(d, words=words, sentences=spans)
    }
    if baselines:
        systems["lexrank"] = lambda _d, _s, sents: _sumy("lexrank", sents, words)
        systems["textrank"] = lambda _d, _s, sents: _sumy("textrank", sents, words)
        systems["lead"] = lambda _d, _s, sents: _lead(sents, words)
    sums = {s: dict.fromkeys(METRICS, 0.0) for s in systems}
    report = SummaryReport(words=words)
    for docs, ref in _clusters(path, limit):
        spans = sentence_spans(docs, nlp)
        sents = [
            [d[a:b] for s, e in sp for a, b in trim(d, s, e)]
            for d, sp in zip(docs, spans, strict=True)
        ]
        for name, fn in systems.items():
            pred = "\n".join(fn(docs, spans, sents))
            result = scorer.score(ref, pred)
            for m in METRICS:
                sums[name][m] += result[m].fmeasure
        report.clusters += 1
        if progress:
            progress("clusters", report.clusters)
    n = max(report.clusters, 1)
    report.scores = {s: {m: round(100 * v / n, 2) for m, v in ms.items()} for s, ms in sums.items()}
    return report


def report_table(report: SummaryReport) -> Any:
    """The report as a rich table."""
    from rich.table import Table

    table = Table(title=f"ROUGE F1 ×100, {report.clusters} clusters, {report.words} words")
    table.add_column("system")
    for m in METRICS:
        table.add_column(m.upper().replace("ROUGE", "ROUGE-"), justify="right")
    for name, ms in report.scores.items():
        table.add_row(name, *(f"{ms[m]:.2f}" for m in METRICS))
    return table
