"""Claim scoring: do the predicted claims put the same gold slot's values together?

Gold: ``cluster.json`` -> ``claims``, a list of slots, each with values
``{doc, value, qualifier, evidence}``. Predicted: a story's claims, each a list of
values ``{doc, value, start, end}`` and a status (see :func:`claims_prediction`).

A gold value is *found* when a predicted value in the same article has the same value
and its span overlaps an occurrence of the gold ``evidence`` in the article text; each
predicted value stands for at most one gold value (greedy, gold in order). Then, after
issue #8 item 7:

- **slot recall**: gold slots with values from at least two documents (multi-source)
  whose values from at least two documents sit in one predicted claim;
- **pair recall**: cross-document pairs of values of one gold slot that sit in one
  predicted claim / all such pairs;
- **pair precision**: cross-document pairs of found gold values that sit in one
  predicted claim and belong to one gold slot / all found cross-document pairs that sit
  in one predicted claim;
- **status accuracy**, on recovered slots whose gold status is defined: all values equal
  -> corroborated or consistent is right; two ``exact`` values that differ ->
  conflicting is right (other slots, e.g. "at least 35" vs "39", are not scored);
- **false-conflict rate**: predicted claims flagged conflicting whose values show no
  disagreement within one gold slot (two found values of one slot that differ) / all
  predicted conflicting claims.

Limits: an evidence string found several times in an article matches at any of its
occurrences; a predicted value that no gold value matches counts only in the
false-conflict rate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

VALUE_TOLERANCE = 1e-6  # relative; gold values are as printed ("48.17")

_NAMES = ("slot_recall", "pair_recall", "pair_precision", "status_accuracy", "false_conflict")


@dataclass
class ClaimCounts:
    """Numerators and denominators of the five claim measures (sum over clusters)."""

    slots_hit: int = 0
    slots: int = 0
    pairs_hit: int = 0
    pairs: int = 0
    pred_pairs_right: int = 0
    pred_pairs: int = 0
    status_right: int = 0
    status_scored: int = 0
    false_conflicts: int = 0
    conflicts: int = 0
    misses: list[str] = field(default_factory=list)  # human-readable failures

    def add(self, other: ClaimCounts) -> None:
        """Add another cluster's counts (micro-averaging)."""
        for name in (
            "slots_hit",
            "slots",
            "pairs_hit",
            "pairs",
            "pred_pairs_right",
            "pred_pairs",
            "status_right",
            "status_scored",
            "false_conflicts",
            "conflicts",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    def rates(self) -> dict[str, float | None]:
        """The five measures (None where nothing was there to measure)."""

        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return dict(
            zip(
                _NAMES,
                (
                    ratio(self.slots_hit, self.slots),
                    ratio(self.pairs_hit, self.pairs),
                    ratio(self.pred_pairs_right, self.pred_pairs),
                    ratio(self.status_right, self.status_scored),
                    ratio(self.false_conflicts, self.conflicts),
                ),
                strict=True,
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """Rates plus the counts behind them, for ``--json``."""
        counts = {
            "slots": [self.slots_hit, self.slots],
            "pairs": [self.pairs_hit, self.pairs],
            "pred_pairs": [self.pred_pairs_right, self.pred_pairs],
            "status": [self.status_right, self.status_scored],
            "conflicts": [self.false_conflicts, self.conflicts],
        }
        return {**self.rates(), "counts": counts, "misses": list(self.misses)}


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b), 1.0)


def _occurrences(text: str, evidence: str) -> list[tuple[int, int]]:
    """Every ``[start, end)`` where ``evidence`` occurs in ``text``."""
    out, i = [], text.find(evidence)
    while i >= 0 and evidence:
        out.append((i, i + len(evidence)))
        i = text.find(evidence, i + 1)
    return out


# A gold value: (slot index, doc, value, qualifier, evidence)
_Gold = tuple[int, str, float, str, str]


def _gold_values(gold_claims: Sequence[Mapping[str, Any]]) -> list[_Gold]:
    return [
        (
            n,
            str(v["doc"]),
            float(v["value"]),
            str(v.get("qualifier") or "exact"),
            str(v["evidence"]),
        )
        for n, slot in enumerate(gold_claims)
        for v in slot.get("values") or ()
    ]


def _find(
    golds: Sequence[_Gold], pred: Sequence[Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[int, int]:
    """Gold value index -> index of the predicted claim holding it (found values only)."""
    flat = [
        (ci, str(v["doc"]), float(v["value"]), int(v["start"]), int(v["end"]))
        for ci, claim in enumerate(pred)
        for v in claim.get("values") or ()
    ]
    used: set[int] = set()
    out: dict[int, int] = {}
    for gi, (_, doc, value, _, evidence) in enumerate(golds):
        spans = _occurrences(texts.get(doc, ""), evidence)
        for fi, (ci, pdoc, pvalue, s, e) in enumerate(flat):
            if fi in used or pdoc != doc or not _same(pvalue, value):
                continue
            if any(s < b and e > a for a, b in spans):
                used.add(fi)
                out[gi] = ci
                break
    return out


def _gold_status(values: Sequence[_Gold]) -> set[str] | None:
    """The statuses that are right for a gold slot, or None when it is not scored."""
    if len({round(v[2], 6) for v in values}) == 1:
        return {"corroborated", "consistent"}
    exact = {round(v[2], 6) for v in values if v[3] == "exact"}
    return {"conflicting"} if len(exact) >= 2 else None


def score_claims(
    gold_claims: Sequence[Mapping[str, Any]],
    pred_claims: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str],
    *,
    cluster: str = "",
) -> ClaimCounts:
    """Score one cluster's predicted claims against its gold slots (module docstring).

    Args:
        gold_claims: ``cluster.json`` -> ``claims``.
        pred_claims: predicted claims, ``{"id", "label", "status", "values": [{"doc",
            "value", "start", "end"}]}``; ``doc`` is the gold document id.
        texts: gold document id -> article text (to locate gold evidence).
        cluster: the cluster name, used in the failure notes.

    Returns:
        The counts behind the five measures, with one line per miss.

    >>> gold = [{"slot": "people killed", "values": [
    ...     {"doc": "a", "value": 5, "evidence": "5 died"},
    ...     {"doc": "b", "value": 5, "evidence": "five died"}]}]
    >>> pred = [{"status": "corroborated", "values": [
    ...     {"doc": "a", "value": 5, "start": 0, "end": 1},
    ...     {"doc": "b", "value": 5, "start": 0, "end": 4}]}]
    >>> score_claims(gold, pred, {"a": "5 died", "b": "five died"}).rates()["slot_recall"]
    1.0
    """
    golds = _gold_values(gold_claims)
    where = _find(golds, pred_claims, texts)
    out = ClaimCounts()
    by_slot: dict[int, list[int]] = {}
    for gi, g in enumerate(golds):
        by_slot.setdefault(g[0], []).append(gi)
    for slot, idx in by_slot.items():
        name = str(gold_claims[slot].get("slot", slot))
        if len({golds[i][1] for i in idx}) < 2:
            continue
        out.slots += 1
        claims: dict[int, set[str]] = {}
        for i in idx:
            if i in where:
                claims.setdefault(where[i], set()).add(golds[i][1])
        best = max(claims, key=lambda c: len(claims[c]), default=None)
        hit = best is not None and len(claims[best]) >= 2
        out.slots_hit += hit
        for i, j in combinations(idx, 2):
            if golds[i][1] != golds[j][1]:
                out.pairs += 1
                out.pairs_hit += i in where and j in where and where[i] == where[j]
        if not hit:
            found = sorted({f"{golds[i][1]}={golds[i][2]:g}" for i in idx if i in where})
            out.misses.append(f"{cluster}: slot not joined: {name!r} (found {found})")
            continue
        right = _gold_status([golds[i] for i in idx])
        if right is not None and best is not None:
            status = str(pred_claims[best].get("status"))
            out.status_scored += 1
            out.status_right += status in right
            if status not in right:
                out.misses.append(f"{cluster}: status {status} for {name!r}, want {sorted(right)}")
    for i, j in combinations(sorted(where), 2):
        if where[i] == where[j] and golds[i][1] != golds[j][1]:
            out.pred_pairs += 1
            same = golds[i][0] == golds[j][0]
            out.pred_pairs_right += same
            if not same:
                out.misses.append(
                    f"{cluster}: wrong pair in {pred_claims[where[i]].get('label')!r}: "
                    f"{golds[i][1]}={golds[i][2]:g} ({gold_claims[golds[i][0]].get('slot')}) + "
                    f"{golds[j][1]}={golds[j][2]:g} ({gold_claims[golds[j][0]].get('slot')})"
                )
    for ci, claim in enumerate(pred_claims):
        if claim.get("status") != "conflicting":
            continue
        out.conflicts += 1
        inside = [golds[i] for i in where if where[i] == ci]
        real = any(a[0] == b[0] and not _same(a[2], b[2]) for a, b in combinations(inside, 2))
        if not real:
            out.false_conflicts += 1
            vals = [f"{v['doc']}={float(v['value']):g}" for v in claim.get("values") or ()]
            out.misses.append(f"{cluster}: false conflict {claim.get('label')!r}: {vals}")
    return out


def claims_prediction(claims: Sequence[Any], doc_of: Mapping[str, str]) -> list[dict[str, Any]]:
    """Claims (``model.Claim``) in the scoring format, article ids mapped to gold doc ids."""
    return [
        {
            "id": c.id,
            "label": c.label,
            "status": c.status,
            "values": [
                {
                    "doc": doc_of.get(v.article_id, v.article_id),
                    "value": v.value,
                    "qualifier": v.qualifier,
                    "evidence": v.text,
                    "start": v.span.start,
                    "end": v.span.end,
                }
                for v in c.values
            ],
        }
        for c in claims
    ]


def _near_duplicates(anns: Sequence[Any]) -> dict[str, str]:
    """Article id -> the earlier article it nearly copies, as ingest would link them."""
    from ..ingest.dedup import NearDuplicateIndex, minhash_signature

    index, out = NearDuplicateIndex(), {}
    for ann in anns:
        sig = minhash_signature(ann.article.text)
        original = index.query(sig)
        if original is not None:
            out[ann.article.id] = original
        index.add(ann.article.id, sig)
    return out


def evaluate_claims(
    gold_dir: Any,
    anns: Mapping[str, Sequence[tuple[str, Any]]],
    predictions_dir: Any | None = None,
) -> dict[str, ClaimCounts]:
    """Fuse each cluster's annotated articles into claims and score them.

    Args:
        gold_dir: the gold folder (``<cluster>/cluster.json`` is read for its claims).
        anns: cluster name -> ``(gold doc id, AnnotatedArticle)`` in any order.
        predictions_dir: where to write ``<cluster>/claims.pred.json``, if given.

    Returns:
        Cluster name -> its counts, for clusters whose ``cluster.json`` lists claims.
    """
    import json
    from pathlib import Path

    from ..fuse.claims import align_figures

    out: dict[str, ClaimCounts] = {}
    for cluster, docs in sorted(anns.items()):
        meta = json.loads((Path(gold_dir) / cluster / "cluster.json").read_text(encoding="utf-8"))
        ordered = sorted(
            (a for _, a in docs), key=lambda a: (str(a.article.published), a.article.id)
        )
        doc_of = {a.article.id: d for d, a in docs}
        story_claims = align_figures(ordered, _near_duplicates(ordered))
        pred = claims_prediction(story_claims, doc_of)
        if predictions_dir is not None:
            path = Path(predictions_dir) / cluster / "claims.pred.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(pred, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if meta.get("claims"):
            texts = {d: a.article.text for d, a in docs}
            out[cluster] = score_claims(meta["claims"], pred, texts, cluster=cluster)
    return out


def claims_table(per_cluster: Mapping[str, ClaimCounts]) -> Any:
    """The claim measures per cluster and in total, as a ``rich`` table."""
    from rich.table import Table

    table = Table(title="claims (cluster.json -> claims)")
    for col in ("cluster", "slot R", "pair R", "pair P", "status acc", "false conflict"):
        table.add_column(col, justify="left" if col == "cluster" else "right")
    total = ClaimCounts()
    rows = list(per_cluster.items())
    for _, c in rows:
        total.add(c)

    def cells(c: ClaimCounts) -> list[str]:
        d = c.to_dict()
        keys = ("slots", "pairs", "pred_pairs", "status", "conflicts")
        return [
            "-" if d[n] is None else f"{d[n]:.3f} ({d['counts'][k][0]}/{d['counts'][k][1]})"
            for n, k in zip(_NAMES, keys, strict=True)
        ]

    for name, c in rows:
        table.add_row(name, *cells(c))
    table.add_section()
    table.add_row("all", *cells(total))
    return table


def claims_summary(per_cluster: Mapping[str, ClaimCounts]) -> dict[str, Any]:
    """Per-cluster and total measures, for ``--json``."""
    total = ClaimCounts()
    for c in per_cluster.values():
        total.add(c)
    return {"all": total.to_dict(), "clusters": {k: v.to_dict() for k, v in per_cluster.items()}}


__all__ = [
    "ClaimCounts",
    "claims_prediction",
    "claims_summary",
    "claims_table",
    "evaluate_claims",
    "score_claims",
]
