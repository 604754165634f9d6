"""kill -9 during the real ``newsfuse stories`` command, then a re-run, gives exactly the
stories of an uninterrupted run (#10).

The kill is placed deterministically, not by the clock: the command runs under a small
wrapper that SIGKILLs its own process at a chosen point — while clustering (before any
write), in the middle of the run's one write transaction, or right after it committed.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsfuse.store import open_store

from .conftest import corpus, fill

pytestmark = pytest.mark.issue(10)

# The real CLI, with the process killing itself at (point, n): the n-th article added to
# the story index, the n-th statement of the write transaction, or once it committed.
KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy.engine import Connection
    import newsfuse.fuse.clustering as clustering
    import newsfuse.store.story_index as story_index

    point, n = sys.argv[1], int(sys.argv[2])
    seen = {"on": point != "writing", "count": 0}

    def tick():
        seen["count"] += 1
        if seen["count"] == n:
            os.kill(os.getpid(), signal.SIGKILL)

    if point == "clustering":
        add = clustering.StoryIndex.add
        def counted_add(self, *a, **k):
            tick()
            return add(self, *a, **k)
        clustering.StoryIndex.add = counted_add
    save_run = story_index.save_run
    execute = Connection.execute
    def counted_execute(self, *a, **k):
        if point == "writing" and seen["on"]:
            tick()
        return execute(self, *a, **k)
    Connection.execute = counted_execute
    def watched_save_run(*a, **k):
        seen["on"] = True
        save_run(*a, **k)
        if point == "committed":
            tick()
    story_index.save_run = watched_save_run

    from newsfuse.cli import main
    sys.argv = ["newsfuse", *sys.argv[3:]]
    main()
    """
)
# (where, n, what the store holds after the kill)
KILLS = [("clustering", 30, "nothing"), ("writing", 20, "nothing"), ("committed", 1, "all")]


def _stories_args(db: Path) -> list[str]:
    return ["stories", "--db", str(db), "--json"]


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
    cli = [sys.executable, "-c", "from newsfuse.cli import main; main()"]

    clean = tmp_path / "clean.db"
    shutil.copy(seed, clean)
    done = subprocess.run([*cli, *_stories_args(clean)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = _grouping(clean)
    assert len(expected) == 12

    for n, (point, at, left) in enumerate(KILLS):
        db = tmp_path / f"killed{n}.db"
        shutil.copy(seed, db)
        killed = subprocess.run(
            [sys.executable, "-c", KILLER, point, str(at), *_stories_args(db)],
            capture_output=True,
            text=True,
        )
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        # one transaction per run: a killed run leaves nothing or everything, never half
        assert _grouping(db) == ({} if left == "nothing" else expected), point
        rerun = subprocess.run([*cli, *_stories_args(db)], capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        assert _grouping(db) == expected, point
        assert _index_rows(db) == _index_rows(clean), point
