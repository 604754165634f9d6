"""Claim scoring (issue #8 item 7) on hand-made gold and predictions."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.eval.claims import score_claims

TEXTS = {
    "a": "The blast killed 35 people. Officials said 12 were hurt.",
    "b": "A blast killed 39 people on Monday. It hurt 12 others.",
    "c": "At least 35 people died in the blast.",
}
GOLD = [
    {
        "slot": "people killed in the blast",
        "values": [
            {"doc": "a", "value": 35, "evidence": "35 people"},
            {"doc": "b", "value": 39, "evidence": "39 people"},
            {"doc": "c", "value": 35, "qualifier": "at least", "evidence": "At least 35 people"},
        ],
    },
    {
        "slot": "people injured",
        "values": [
            {"doc": "a", "value": 12, "evidence": "12 were hurt"},
            {"doc": "b", "value": 12, "evidence": "12 others"},
        ],
    },
]


def _v(doc: str, value: float, phrase: str) -> dict[str, Any]:
    start = TEXTS[doc].index(phrase)
    return {"doc": doc, "value": value, "start": start, "end": start + len(phrase)}


KILLED = [_v("a", 35, "35 people"), _v("b", 39, "39 people"), _v("c", 35, "35 people")]
HURT = [_v("a", 12, "12"), _v("b", 12, "12 others")]


@pytest.mark.issue(8)
@pytest.mark.parametrize(
    "pred, expected",
    [
        (  # perfect: both slots joined, right statuses
            [
                {"label": "killed", "status": "conflicting", "values": KILLED},
                {"label": "hurt", "status": "corroborated", "values": HURT},
            ],
            {
                "slot_recall": 1.0,
                "pair_recall": 1.0,
                "pair_precision": 1.0,
                "status_accuracy": 1.0,
                "false_conflict": 0.0,
            },
        ),
        (  # everything in one claim flagged conflicting: pairs across slots are wrong
            [{"label": "people", "status": "conflicting", "values": KILLED + HURT}],
            {
                "slot_recall": 1.0,
                "pair_recall": 1.0,
                "pair_precision": 4 / 8,
                "status_accuracy": 0.5,
                "false_conflict": 0.0,
            },
        ),
        (  # nothing joined: every value single
            [{"label": "x", "status": "single", "values": [v]} for v in KILLED + HURT],
            {
                "slot_recall": 0.0,
                "pair_recall": 0.0,
                "pair_precision": None,
                "status_accuracy": None,
                "false_conflict": None,
            },
        ),
        (  # the injured flagged conflicting although they agree: a false conflict
            [
                {"label": "killed", "status": "conflicting", "values": KILLED},
                {"label": "hurt", "status": "conflicting", "values": HURT},
            ],
            {
                "slot_recall": 1.0,
                "pair_recall": 1.0,
                "pair_precision": 1.0,
                "status_accuracy": 0.5,
                "false_conflict": 0.5,
            },
        ),
    ],
)
def test_claim_scores(pred: list[dict[str, Any]], expected: dict[str, float | None]) -> None:
    rates = score_claims(GOLD, pred, TEXTS).rates()
    for name, want in expected.items():
        assert rates[name] == (None if want is None else pytest.approx(want, abs=1e-3)), name


@pytest.mark.issue(8)
def test_claim_value_found_only_with_overlapping_evidence_and_equal_value() -> None:
    wrong_span = [{"doc": "a", "value": 35, "start": 0, "end": 3}]  # "The", not the evidence
    wrong_value = [_v("a", 36, "35 people"), _v("b", 39, "39 people")]
    for values in (wrong_span, wrong_value):
        counts = score_claims(GOLD, [{"status": "single", "values": values}], TEXTS)
        assert counts.pairs_hit == 0
