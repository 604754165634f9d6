"""The URL fetcher's address guard, against real servers on loopback and a fake resolver.

127.0.0.1 stands for "the internet" (the tests' ``allowed`` policy lets only it through)
and 127.0.0.2 for "an internal service" that must never be reached: it counts its hits.
Names resolve from fakes only (``fake_dns`` refuses everything else and non-loopback
connections), so nothing leaves the machine even when a guard is broken.
"""

from __future__ import annotations

import http.server
import ipaddress
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from newsfuse.errors import InputError, UnsupportedFormat
from newsfuse.ingest import formats
from newsfuse.ingest.fetch import Fetcher

PAGE = (
    b"<html><body><article><p>The ferry to Port Ellery resumed service.</p></article></body></html>"
)
INTERNAL = b"internal admin secret"


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def log_message(self, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith("/to?"):
            self.send_response(302)
            self.send_header("Location", self.path.split("?", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip":  # one byte every 50 ms, 200 bytes: 10 s in all
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "200")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        else:
            body = INTERNAL if self.server.server_address[0] == "127.0.0.2" else PAGE
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


def _serve(host: str, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    server.hits = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[http.server.ThreadingHTTPServer, http.server.ThreadingHTTPServer]]:
    """A 'public' server on 127.0.0.1 and an 'internal' one on 127.0.0.2, same port."""
    public = _serve("127.0.0.1", 0)
    internal = _serve("127.0.0.2", public.server_address[1])
    yield public, internal
    public.shutdown()
    internal.shutdown()


@pytest.fixture
def port(servers: Any) -> int:
    for s in servers:
        s.hits.clear()
    return int(servers[0].server_address[1])


def _only_public(ip: Any) -> bool:
    return str(ip) == "127.0.0.1"


def _fetcher(answers: dict[str, list[list[str]]], **kw: Any) -> tuple[Fetcher, list[str]]:
    """A fetcher whose resolver gives each name its answers in turn, and the lookups."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        seq = answers[host]
        return seq[min(asked.count(host), len(seq)) - 1]

    kw.setdefault("allowed", _only_public)
    return Fetcher(resolver=resolve, **kw), asked


def test_a_checked_name_is_fetched_from_the_checked_address(port: int) -> None:
    fetcher, asked = _fetcher({"news.test": [["127.0.0.1"]]})
    body, _ = fetcher.get(f"http://news.test:{port}/story")
    assert body == PAGE and asked == ["news.test"]


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/secret",  # an address literal
        "http://internal.test:{port}/secret",  # a name that resolves inside
    ],
)
def test_redirect_to_an_internal_address_is_refused_and_never_reached(
    servers: Any, port: int, target: str
) -> None:
    fetcher, _ = _fetcher({"news.test": [["127.0.0.1"]], "internal.test": [["127.0.0.2"]]})
    with pytest.raises(InputError, match=re.escape("refusing to fetch from 127.0.0.2")):
        fetcher.get(f"http://news.test:{port}/to?{target.format(port=port)}")
    assert servers[1].hits == []


@pytest.mark.issue(11)
def test_dns_rebinding_cannot_move_the_connection(
    servers: Any, port: int, fake_dns: dict[str, list[str]]
) -> None:
    # the guard's lookup says 127.0.0.1; any later lookup (by httpx, the OS) says 127.0.0.2
    fake_dns["news.test"] = ["127.0.0.2"]
    fetcher, asked = _fetcher({"news.test": [["127.0.0.1"], ["127.0.0.2"]]})
    body, _ = fetcher.get(f"http://news.test:{port}/story")
    assert body == PAGE and asked == ["news.test"]
    assert servers[1].hits == [] and servers[0].hits == ["/story"]


def test_redirect_chains_are_bounded(port: int) -> None:
    fetcher, _ = _fetcher({"news.test": [["127.0.0.1"]]})
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetcher.get(f"http://news.test:{port}/loop")


@pytest.mark.issue(11)
def test_a_slow_drip_server_is_cut_off_by_the_overall_deadline(port: int) -> None:
    # each byte arrives well within the per-read timeout; only an overall deadline stops it
    fetcher, _ = _fetcher({"news.test": [["127.0.0.1"]]}, timeout=5.0, deadline=0.5)
    with pytest.raises(InputError, match="deadline"):
        fetcher.get(f"http://news.test:{port}/drip")


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (carrier NAT, some cloud metadata)
        "169.254.169.254",  # link-local cloud metadata
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
    ],
)
def test_only_globally_routable_addresses_are_fetched_by_default(address: str) -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, content=PAGE))
    fetcher = Fetcher(transport, resolver=lambda h, p: [address], allow_private=False)
    with pytest.raises(
        InputError, match=re.escape(f"refusing to fetch from {ipaddress.ip_address(address)}")
    ):
        fetcher.get("https://news.example/story")
    assert seen == []


def test_a_public_address_is_fetched_and_private_ones_when_allowed() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=PAGE))
    assert Fetcher(transport, resolver=lambda h, p: ["93.184.215.14"]).get("https://x.example/")
    local = Fetcher(transport, resolver=lambda h, p: ["10.0.0.5"], allow_private=True)
    assert local.get("http://intranet.example/")[0] == PAGE


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1", "not a well-formed URL"),
        ("http://example.org:99999/", "not a well-formed URL"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.org/", "only http and https"),
    ],
)
def test_malformed_and_non_http_urls_are_clear_failures(url: str, message: str) -> None:
    with pytest.raises(UnsupportedFormat, match=message):
        Fetcher(httpx.MockTransport(lambda r: httpx.Response(200))).get(url)


FEED = (
    "<rss><channel><title>Wire</title>"
    + "".join(
        f"<item><title>Item {i}</title><link>https://example.org/{i}</link></item>"
        for i in range(10)
    )
    + "</channel></rss>"
).encode()


@pytest.mark.issue(11)
def test_a_feed_stops_fetching_links_when_its_time_budget_is_used_up() -> None:
    now = [0.0]
    fetched: list[str] = []

    def slow_fetch(url: str) -> tuple[bytes, str | None]:
        fetched.append(url)
        now[0] += 100.0  # each linked page takes 100 s (a hanging server)
        raise InputError("timed out", source=url)

    items = list(
        formats.read_feed(FEED, "wire.xml", {}, slow_fetch, budget=250, clock=lambda: now[0])
    )
    assert len(fetched) == 3
    budget = [i for i in items if "time budget" in str(i)]
    assert len(budget) == 1 and "7 entries not read" in str(budget[0])


def test_a_non_ascii_host_name_is_pinned_under_its_idna_name(port: int) -> None:
    fetcher, asked = _fetcher({"bücher.test": [["127.0.0.1"]]})
    body, _ = fetcher.get(f"http://bücher.test:{port}/story")
    assert body == PAGE and asked == ["bücher.test"]
