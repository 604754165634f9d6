"""``kill -9`` of the real ``newsfuse ingest`` command, then a re-run (issue 11).

The first run is killed once it has stored some articles; the re-run must leave every
input stored exactly once, with no failure and no half-written article.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.issue(11)

FILES = 80  # enough that the kill lands mid-run (ingest stores ~10-50 articles/s here)
KILL_AFTER = 5  # stored articles before the kill
MAX_POLLS = 3000  # readiness waits count attempts, never read the clock
WORDS = (
    "harbour council bridge ferry river valley market school clinic road village bus "
    "station storm flood drought harvest festival strike union mayor engineer nurse "
    "teacher farmer driver crossing tunnel dam reservoir pier lighthouse orchard mill"
).split()


def _article(i: int) -> str:
    """A fictional article, different enough from every other to be no near duplicate."""
    rng = random.Random(i)
    sentences = [
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + f" number {i}-{n}."
        for n in range(8)
    ]
    return " ".join(sentences)


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or mid-migration
        return 0


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from newsfuse.cli import main; main()", "ingest"]
    return subprocess.Popen(
        [*cmd, str(folder), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_during_ingest_then_rerun_stores_each_input_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {_article(i) for i in range(FILES)}
    for i, text in enumerate(sorted(texts)):
        (folder / f"a{i:04d}.txt").write_text(text)
    db = tmp_path / "store.db"

    first = _ingest(folder, db)
    for _ in range(MAX_POLLS):
        if _count(db) >= KILL_AFTER or first.poll() is not None:
            break
        time.sleep(0.01)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    interrupted = _count(db)
    assert 0 < interrupted < FILES

    second = _ingest(folder, db)
    assert second.wait(timeout=600) == 0
    with sqlite3.connect(db) as conn:
        stored = [row[0] for row in conn.execute("select text from articles")]
        hashes = [row[0] for row in conn.execute("select content_hash from articles")]
        failures = conn.execute("select count(*) from failures").fetchone()[0]
    assert len(stored) == FILES and set(stored) == texts
    assert len(set(hashes)) == FILES and failures == 0
