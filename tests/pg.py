"""A throwaway PostgreSQL server for tests, started from Debian's binaries.

``postgres_server()`` runs ``initdb`` into a temporary folder (as the ``postgres`` OS
user when the tests run as root: initdb refuses root), starts the server on a free
loopback port with its socket in that folder, yields its URL and stops it. Set
``NEWSFUSE_TEST_PG_URL`` (e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``) to use
an existing server instead; the tests create their own databases on it.

When the binaries are missing the fixture fails (it never skips) with the install line.
Import it from a test package's conftest after putting ``tests/`` on ``sys.path``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_ATTEMPTS = 300  # x 0.2 s sleep: initdb + start take ~2 s here; loaded CI machines take longer
ENV_URL = "NEWSFUSE_TEST_PG_URL"
INSTALL_HINT = "apt-get install postgresql"


def _bin(name: str) -> str:
    """Path of a PostgreSQL server binary, or an error that says what to install."""
    found = next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)),
        None,
    ) or shutil.which(name)
    if not found:
        raise RuntimeError(
            f"PostgreSQL's {name} was not found under /usr/lib/postgresql/*/bin or on PATH: "
            f"{INSTALL_HINT} (or set {ENV_URL} to an existing server)."
        )
    return found


def _free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str]) -> None:
    """Run a server command; on failure raise with its output."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a private server on a free loopback port; yield its URL; stop it."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    tmp = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    data, port, log = tmp / "data", _free_port(), tmp / "server.log"
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(tmp, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    try:
        _run([*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run([*prefix, pg_ctl, "-D", str(data), "-o", opts, "-l", str(log), "-w", "start"])
        for attempt in range(START_ATTEMPTS):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as exc:
                if attempt == START_ATTEMPTS - 1:
                    raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text()}") from exc
                time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if data.exists():
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """Create a new empty database on the server; its URL."""
    import sqlalchemy

    name = "t" + uuid.uuid4().hex[:12]
    engine = sqlalchemy.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    finally:
        engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
