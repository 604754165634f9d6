"""Shared fixtures: the loaded spaCy model once per session, hermetic environment."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.model import Article, new_article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import fresh_database, postgres_server

# Store tests run on both backends; PostgreSQL is a real server started from Debian's
# binaries once per session (tests/pg.py), a fresh database per test.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the session's PostgreSQL server (its maintenance database)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store location: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'news.db'}"
    return fresh_database(request.getfixturevalue("pg_server"))


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's store, aliases or model settings."""
    for var in (
        "NEWSFUSE_DB",
        "NEWSFUSE_ALIASES",
        "NEWSFUSE_SPACY_MODEL",
        "NEWSFUSE_ALLOW_PRIVATE",
        "NEWSFUSE_WEB_ALLOW_PRIVATE",
        "NEWSFUSE_WEB_HOSTS",
        "NEWSFUSE_WEB_SECRET",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield


# Names tests may resolve, with addresses from documentation-style public ranges. A test
# that needs another answer sets ``fake_dns[name] = [...]``. Nothing else resolves.
FAKE_DNS = {
    "example.org": ["93.184.215.14"],
    "example.com": ["93.184.215.14"],
    "news.example": ["93.184.215.15"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Loopback only: a fake resolver, and connections to anything but loopback refused.

    Even if a URL guard under test breaks, no packet leaves the machine: names resolve
    from a table, and ``socket.connect`` to a non-loopback address raises.
    """
    import ipaddress
    import socket

    table = {k: list(v) for k, v in FAKE_DNS.items()}
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name == "localhost":
            return real_getaddrinfo(host, port, *args, **kwargs)
        try:
            ipaddress.ip_address(str(name).split("%")[0])
            return real_getaddrinfo(host, port, *args, **kwargs)
        except ValueError:
            pass
        if name not in table:
            raise socket.gaierror(socket.EAI_NONAME, f"{name} is not in the tests' fake DNS")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port or 0, 0, 0))
            if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))
            for ip in table[name]
        ]

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            ip = ipaddress.ip_address(str(address[0]).split("%")[0])
            if not ip.is_loopback:
                raise ConnectionRefusedError(f"tests connect to loopback only, not {ip}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return table


@pytest.fixture(scope="session")
def resources() -> Any:
    """The real spaCy model and lookup tables, loaded once."""
    from newsfuse.annotate import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def nlp(resources: Any) -> Any:
    return resources.nlp


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an article from text; publication date defaults to 2021-03-10."""

    def make(text: str, published: dt.date | str | None = "2021-03-10", **meta: Any) -> Article:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        return new_article(text, published=published, **meta)

    return make
