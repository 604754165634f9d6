#!/usr/bin/env python3
"""One entry point for the dev loop; needs only Python 3.11+ to start.

    python3 dev.py demo    set up .venv, then run the main job on examples/corpus
    python3 dev.py test    set up .venv (+ PostgreSQL and Chromium), then run the tests
    python3 dev.py lint    ruff check, ruff format --check, mypy (strict), the CLI docs check
    python3 dev.py setup   only set up .venv

The virtual environment lives in ``.venv`` and is reinstalled when pyproject.toml
changes. CI (`.ci/run`) calls ``python3 dev.py test`` and ``python3 dev.py lint``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".newsfuse-installed"
SYSTEM_PACKAGES = {"postgresql": "initdb", "chromium": "chromium"}


def sh(*cmd: str | Path, **kw: object) -> None:
    """Run a command, echoing it; stop with its exit code if it fails."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)  # type: ignore[call-overload]
    if code:
        sys.exit(code)


def setup() -> None:
    """Create .venv and install newsfuse with its dev group, if pyproject changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"newsfuse needs Python 3.11+, this is {sys.version.split()[0]}")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        print(f"Creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    sh(PY, "-m", "pip", "install", "-q", "--upgrade", "pip>=25.1")
    sh(PY, "-m", "pip", "install", "-q", "-e", ".", "--group", "dev")
    STAMP.write_text(digest)


def _find_initdb() -> bool:
    """True when PostgreSQL's server binaries are installed."""
    return bool(shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")))


def system_packages() -> None:
    """Install PostgreSQL and Chromium from Debian when missing and we are root."""
    missing = [
        pkg
        for pkg, binary in SYSTEM_PACKAGES.items()
        if not (_find_initdb() if pkg == "postgresql" else shutil.which(binary))
    ]
    if not missing:
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", *missing, env=env)
    else:
        print(
            f"warning: {', '.join(missing)} not installed; the PostgreSQL/browser tests will "
            f"fail. Install with: sudo apt-get install {' '.join(missing)}",
            file=sys.stderr,
        )


def demo() -> None:
    """Run the main job on the bundled example corpus."""
    setup()
    db = ROOT / "newsfuse-out" / "demo.db"
    sh(BIN / "newsfuse", "run", "examples/corpus", "--db", db, "--out", ROOT / "newsfuse-out")


def test(*args: str) -> None:
    """Run the whole test suite (doctests included)."""
    setup()
    system_packages()
    sh(PY, "-m", "pytest", "--doctest-modules", "src", "tests", *args)


def lint() -> None:
    """Static checks and the extraction quality gate."""
    setup()
    sh(PY, "-m", "ruff", "check", "src", "tests", "bench", "examples")
    sh(PY, "-m", "ruff", "format", "--check", "src", "tests", "bench", "examples")
    sh(PY, "-m", "mypy", "src")
    sh(PY, "-m", "cogapp", "--check", "docs/cli.md")


COMMANDS = {"setup": setup, "demo": demo, "test": test, "lint": lint}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [pytest args]")
    name, rest = sys.argv[1], sys.argv[2:]
    COMMANDS[name](*rest) if name == "test" else COMMANDS[name]()
