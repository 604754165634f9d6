"""A throwaway PostgreSQL server for tests, started from Debian's binaries.

Set NEWSFUSE_TEST_PG_URL to use an existing server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 60


def _bin(name: str) -> str:
    """Path of a PostgreSQL server binary, or a failure that says what to install."""
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: apt-get install postgresql "
            "(or set NEWSFUSE_TEST_PG_URL to an existing server)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a private server on a free loopback port; yield its URL; stop it."""
    if os.environ.get("NEWSFUSE_TEST_PG_URL"):
        yield os.environ["NEWSFUSE_TEST_PG_URL"]
        return
    tmp = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    data, port = tmp / "data", _free_port()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(tmp, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*prefix, _bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, _bin("pg_ctl"), "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "start"],
        check=True,
        capture_output=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as exc:
                if time.monotonic() > deadline:
                    log = (tmp / "log").read_text()
                    raise RuntimeError(f"PostgreSQL did not start: {log}") from exc
                time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, _bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)
