"""The eval quality gate: F1 floors per field, pinned to a corpus by its SHA-256.

``baseline.json`` maps a gold folder's corpus SHA-256 (see
:func:`newsfuse.eval.runner.corpus_sha256`) to the floors measured on it. The gate fails
when a field's F1 (or speaker accuracy) drops below its floor. Floors are raised with
:func:`pin_floors`; lowering one needs ``allow_lower=True`` (after trafilatura's
``eval_gate.py`` / ``eval_baseline.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .runner import EvalReport

BASELINE_FILE = Path(__file__).with_name("baseline.json")
FLOOR_SLACK = 0.02  # floors sit this far below the measured value: room for tie-breaks
GATED = ("people", "organizations", "places", "quotes", "figures", "dates")


def _load(path: Path) -> dict[str, Any]:
    """The baseline file, or an empty one."""
    if not path.is_file():
        return {"corpora": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def measured(report: EvalReport) -> dict[str, float]:
    """The gated values of a report: F1 per field and speaker accuracy."""
    values = {name: round(report.fields[name].f1, 4) for name in GATED}
    values["speaker_accuracy"] = round(report.speaker_accuracy, 4)
    return values


def check_gate(report: EvalReport, baseline_path: Path = BASELINE_FILE) -> list[str]:
    """Every field below its floor, as one message each (empty when the gate passes).

    Raises:
        ConfigError: no floors are pinned for this corpus (its SHA-256 is unknown).
    """
    corpora = _load(baseline_path)["corpora"]
    entry = corpora.get(report.corpus_sha256)
    if entry is None:
        raise ConfigError(
            f"No floors pinned for corpus {report.corpus_sha256[:12]}; known: "
            f"{', '.join(k[:12] for k in corpora) or 'none'}. Pin them with pin_floors()."
        )
    values = measured(report)
    return [
        f"{name}: {values[name]:.3f} < floor {floor:.3f}"
        for name, floor in entry["floors"].items()
        if values.get(name, 0.0) < floor
    ]


def pin_floors(
    report: EvalReport,
    name: str,
    *,
    baseline_path: Path = BASELINE_FILE,
    allow_lower: bool = False,
) -> dict[str, float]:
    """Record floors (measured value minus :data:`FLOOR_SLACK`) for the report's corpus.

    Raises:
        ConfigError: a floor would go down and ``allow_lower`` is not set.
    """
    data = _load(baseline_path)
    old = data["corpora"].get(report.corpus_sha256, {}).get("floors", {})
    floors = {k: max(0.0, round(v - FLOOR_SLACK, 3)) for k, v in measured(report).items()}
    lower = [k for k, v in floors.items() if k in old and v < old[k]]
    if lower and not allow_lower:
        raise ConfigError(
            f"Floors would go down for {', '.join(lower)}; pass allow_lower=True to accept."
        )
    data["corpora"][report.corpus_sha256] = {"name": name, "floors": floors}
    baseline_path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return floors


__all__ = ["BASELINE_FILE", "check_gate", "measured", "pin_floors"]


def main(argv: list[str] | None = None) -> int:
    """``python -m newsfuse.eval.gate GOLD_DIR [--pin NAME] [--allow-lower]``."""
    import argparse

    from .runner import evaluate

    parser = argparse.ArgumentParser(prog="python -m newsfuse.eval.gate")
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--pin", metavar="NAME", help="record floors for this corpus")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(args.gold_dir, baseline=False)
    if args.pin:
        print(json.dumps(pin_floors(report, args.pin, allow_lower=args.allow_lower)))
        return 0
    failures = check_gate(report)
    for line in failures:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
