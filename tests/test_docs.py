"""Every command has help and is documented; the README keeps its two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from newsfuse.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[tuple[str, ...]]:
    group = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        out.append((name,))
        out.extend((name, sub) for sub in getattr(cmd, "commands", {}))
    return sorted(out)


@pytest.mark.parametrize("path", _commands(), ids=" ".join)
def test_command_has_help_and_is_documented(path: tuple[str, ...]) -> None:
    group = typer.main.get_command(app)
    cmd = group
    for part in path:
        cmd = cmd.commands[part]  # type: ignore[attr-defined]
    assert (cmd.help or "").strip(), f"newsfuse {' '.join(path)} has no help"
    assert f"## newsfuse {' '.join(path)}\n" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_quick_start_has_exactly_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["python3 dev.py demo", "python3 dev.py test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()
