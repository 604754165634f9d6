"""The eval gate: floors pinned per corpus SHA-256, and the run on the bundled gold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsfuse.errors import ConfigError
from newsfuse.eval.gate import BASELINE_FILE, check_gate, pin_floors
from newsfuse.eval.runner import EvalReport, corpus_sha256, evaluate
from newsfuse.eval.scoring import Counts

ROOT = Path(__file__).resolve().parents[2]
# The bundled example corpus; the shared dev set when the examples are not there yet.
GOLD_DIRS = [ROOT / "examples" / "gold", ROOT.parent / "shared" / "eval" / "dev"]


def _report(f1s: dict[str, int], sha: str = "abc") -> EvalReport:
    report = EvalReport(corpus_sha256=sha, speaker_right=9, speaker_total=10)
    for name, matched in f1s.items():
        report.fields[name] = Counts(matched, 10, matched, 10)
    return report


def test_gate_passes_at_floor_and_fails_below(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    pin_floors(_report({"places": 9, "quotes": 9}), "toy", baseline_path=path)
    assert check_gate(_report({"places": 9, "quotes": 9}), path) == []
    failures = check_gate(_report({"places": 5, "quotes": 9}), path)
    assert len(failures) == 1 and failures[0].startswith("places: 0.500 < floor")


def test_pin_floors_refuses_to_lower_without_flag(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    pin_floors(_report({"figures": 9}), "toy", baseline_path=path)
    with pytest.raises(ConfigError, match="figures"):
        pin_floors(_report({"figures": 4}), "toy", baseline_path=path)
    floors = pin_floors(_report({"figures": 4}), "toy", baseline_path=path, allow_lower=True)
    assert floors["figures"] == pytest.approx(0.38)


def test_gate_names_unknown_corpus(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No floors pinned for corpus"):
        check_gate(_report({}, sha="deadbeef"), tmp_path / "none.json")


def test_corpus_sha_changes_with_gold_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "c1").mkdir()
    (tmp_path / "c1" / "cluster.json").write_text("{}")
    (tmp_path / "c1" / "a.txt").write_text("text")
    first = corpus_sha256(tmp_path)
    (tmp_path / "c1" / "a.pred.json").write_text("{}")
    assert corpus_sha256(tmp_path) == first
    (tmp_path / "c1" / "a.gold.json").write_text("{}")
    assert corpus_sha256(tmp_path) != first


def test_eval_gate_on_bundled_gold(resources: Any, tmp_path: Path) -> None:
    gold_dir = next(d for d in GOLD_DIRS if d.is_dir())
    report = evaluate(gold_dir, predictions_dir=tmp_path, res=resources, baseline=False)
    assert report.failures == []
    assert list(tmp_path.rglob("*.pred.json"))
    assert check_gate(report, BASELINE_FILE) == []
