"""kill -9 during the real ``newsfuse annotate`` (a local pool, a Dask cluster): the
re-run finishes with the annotations of an uninterrupted run and redoes no saved work
(issues 11 and 14)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from newsfuse.store import open_store
from newsfuse.store.schema import article_annotations

from .corpus import report, write_jsonl

pytestmark = [pytest.mark.issue(14), pytest.mark.issue(11)]

CLI = [sys.executable, "-c", "from newsfuse.cli import main; main()"]
ARTICLES = 48
BATCH = "4"
POLLS = 6000  # x 0.1 s: how long to wait for the first saved batch on a loaded machine


def _annotations(url: str) -> dict[str, dict[str, object]]:
    """Article id -> its stored annotations, without the run-dependent pipeline field."""
    with open_store(url) as s, s.engine.connect() as conn:
        rows = conn.execute(
            select(article_annotations.c.article_id, article_annotations.c.data)
        ).all()
    found = {str(aid): json.loads(data) for aid, data in rows}
    for ann in found.values():
        ann["article"].pop("source")  # where each store's copy of the input file was
    return found


def _saved(url: str) -> int:
    with open_store(url) as s:
        return int(s.info()["annotated"])


def _ingest(url: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "reports.jsonl", [report(i) for i in range(ARTICLES)])
    subprocess.run([*CLI, "ingest", str(path), "--db", url], check=True, timeout=300)


def _annotated_count(stderr: str) -> int:
    return int(stderr.strip().splitlines()[-1].split()[0])  # "N annotated, M failed"


def _kill_mid_run(cmd: list[str], url: str) -> int:
    """Start ``cmd`` in its own process group; SIGKILL the group once a batch is saved.
    Returns how many annotations were saved at the kill."""
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(POLLS):
            if proc.poll() is not None:
                break
            if _saved(url) > 0:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.1)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    return _saved(url)


def _check_resumed(url: str, reference: str, at_kill: int, cmd: list[str]) -> None:
    assert 0 < at_kill < ARTICLES
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    assert rerun.returncode == 0, rerun.stderr
    # Nothing that was saved before the kill is annotated again.
    assert _annotated_count(rerun.stderr) == ARTICLES - at_kill
    assert _annotations(url) == _annotations(reference)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store annotated by one uninterrupted in-process run."""
    tmp = tmp_path_factory.mktemp("reference")
    url = f"sqlite:///{tmp / 'ref.db'}"
    _ingest(url, tmp)
    subprocess.run(
        [*CLI, "annotate", "--db", url, "--scheduler", "sync"],
        check=True,
        timeout=900,
        capture_output=True,
    )
    assert _saved(url) == ARTICLES
    return url


def test_killed_pool_of_two_workers_resumes_with_identical_annotations(
    reference: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    _ingest(url, tmp_path)
    cmd = [*CLI, "annotate", "--db", url, "--workers", "2", "--batch-size", BATCH]
    at_kill = _kill_mid_run(cmd, url)
    _check_resumed(url, reference, at_kill, cmd)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A ``dask scheduler`` and one ``dask worker`` on 127.0.0.1, stopped afterwards."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    ]
    procs.append(
        subprocess.Popen(
            [
                dask,
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--host",
                "127.0.0.1",
                "--no-dashboard",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    )
    try:
        yield address
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def test_killed_distributed_run_resumes_with_identical_annotations(
    reference: str, tmp_path: Path, dask_cluster: str
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    _ingest(url, tmp_path)
    cmd = [
        *CLI,
        "annotate",
        "--db",
        url,
        "--scheduler",
        "distributed",
        "--address",
        dask_cluster,
        "--batch-size",
        BATCH,
    ]
    at_kill = _kill_mid_run(cmd, url)
    _check_resumed(url, reference, at_kill, cmd)
