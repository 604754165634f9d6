"""The package keeps one direction of flow, and its public API is explicit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newsfuse

SRC = Path(newsfuse.__file__).parent

# What each phase may import from newsfuse (besides itself). A phase imports only the
# shared model, errors, config and earlier phases (../shared/STYLE.md, rule 1).
ALLOWED = {
    "ingest": {"model", "errors", "config"},
    "annotate": {"model", "errors", "config", "ingest"},
    "fuse": {"model", "errors", "config", "ingest", "annotate"},
    "brief": {"model", "errors", "config", "ingest", "annotate", "fuse"},
    "store": {"model", "errors", "config"},
    "export": {"model", "errors", "config", "store"},
}


def _newsfuse_imports(path: Path, package: str) -> set[str]:
    """Top-level newsfuse modules imported by one file (absolute or relative)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(SRC).parts) - 1  # folders below newsfuse/
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level > depth:  # reaches newsfuse/ itself
                    target = (node.module or "").split(".")[0]
                    names = [target] if target else [a.name for a in node.names]
                    found.update(names)
            elif node.module and node.module.startswith("newsfuse."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("newsfuse."):
                    found.add(alias.name.split(".")[1])
    return found - {package}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_phase_imports_only_model_errors_and_earlier_phases(package: str) -> None:
    bad = {}
    for path in (SRC / package).rglob("*.py"):
        extra = _newsfuse_imports(path, package) - ALLOWED[package]
        if extra:
            bad[str(path.relative_to(SRC))] = sorted(extra)
    assert not bad, f"phase {package!r} imports later phases or shells: {bad}"


def test_public_api_is_sorted_and_complete() -> None:
    assert newsfuse.__all__ == sorted(newsfuse.__all__)
    for name in newsfuse.__all__:
        assert getattr(newsfuse, name) is not None


def test_record_types_live_only_in_model() -> None:
    """Nothing outside model.py defines a frozen record that crosses a phase boundary."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "model.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for dec in node.decorator_list:
                    text = ast.unparse(dec)
                    if "dataclass" in text and "frozen=True" in text:
                        offenders.append(f"{path.relative_to(SRC)}:{node.name}")
    # Frozen records outside model.py must be private, or one of these, each used inside
    # its own package (the pipeline's own bookkeeping, a gazetteer row, a gold document).
    allowed = {
        "annotate/stages.py:Stage",
        "annotate/pipeline.py:Pipeline",
        "annotate/gazetteer.py:GazEntry",
        "eval/runner.py:GoldDoc",
        "fuse/summary.py:Candidate",
        "fuse/profile.py:Profile",  # grouping features; the store keeps only its JSON
        "eval/stories.py:Scores",
    }
    assert set(offenders) <= allowed, sorted(set(offenders) - allowed)
