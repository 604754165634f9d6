"""kill -9 during the real ``newsfuse stories`` command, then a re-run, gives exactly the
stories of an uninterrupted run (#10)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.store import open_store

from .conftest import corpus, fill

pytestmark = pytest.mark.issue(10)

KILL_AT = (0.3, 0.6, 0.85)  # fractions of an uninterrupted run's wall time


def _stories_cmd(db: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from newsfuse.cli import main; main()",
        "stories",
        "--db",
        str(db),
        "--json",
    ]


def _grouping(db: Path) -> dict[str, list[str]]:
    with open_store(f"sqlite:///{db}") as s:
        return {st.id: sorted(st.article_ids) for st in s.list_stories()}


def _index_rows(db: Path) -> list[list[object]]:
    with open_store(f"sqlite:///{db}") as s:
        return [
            s.execute(f"SELECT * FROM {t} ORDER BY 1, 2")
            for t in ("story_postings", "story_terms", "story_profiles")
        ]


def test_killed_stories_run_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    seed = tmp_path / "seed.db"
    with open_store(f"sqlite:///{seed}") as s:
        fill(s, [a for _, a in corpus(events=12, per_event=6)])

    clean = tmp_path / "clean.db"
    shutil.copy(seed, clean)
    began = time.monotonic()
    done = subprocess.run(_stories_cmd(clean), capture_output=True, text=True, check=False)
    took = time.monotonic() - began
    assert done.returncode == 0, done.stderr
    expected = _grouping(clean)
    assert len(expected) == 12

    killed = 0
    for n, fraction in enumerate(KILL_AT):
        db = tmp_path / f"killed{n}.db"
        shutil.copy(seed, db)
        proc = subprocess.Popen(
            _stories_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(took * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        # a killed run leaves no half: either nothing or everything was written
        assert _grouping(db) in ({}, expected)
        rerun = subprocess.run(_stories_cmd(db), capture_output=True, text=True, check=False)
        assert rerun.returncode == 0, rerun.stderr
        assert _grouping(db) == expected
        assert _index_rows(db) == _index_rows(clean)
    assert killed, "every run ended before it could be killed"
