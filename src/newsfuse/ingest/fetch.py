"""Fetch URLs safely: http(s) only, a size cap, an overall deadline, and an SSRF guard.

How one URL is fetched:

1. the URL is parsed (a malformed one such as ``http://[::1`` is a clear failure);
2. its host is resolved **once** by :attr:`Fetcher.resolver`; every address must be
   globally routable (:attr:`ipaddress.IPv4Address.is_global`, so loopback, private,
   link-local, shared 100.64.0.0/10, reserved and multicast are refused) unless private
   addresses are allowed (``allow_private=True`` or ``NEWSFUSE_ALLOW_PRIVATE=1``);
3. the connection is **pinned** to the address that was checked: the transport's network
   backend connects to that IP and never resolves the name again, so a DNS answer that
   changes between check and connect (rebinding) cannot reach another address; TLS still
   verifies the certificate against the host name (SNI is the original name);
4. redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and every hop goes
   through steps 1-3;
5. the whole fetch, all hops and every read, must end within ``deadline`` seconds
   (each read's timeout is the time left), and the body within ``max_bytes``.

Proxies from the environment are ignored on purpose: a proxy would resolve the name
itself, out of reach of the guard.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..errors import InputError, InputTooLarge, UnreadableInput, UnsupportedFormat

MAX_BYTES = 50 * 1024 * 1024  # largest input read, file or URL (a long article is < 1 MB)
TIMEOUT_S = 20.0  # longest wait for one connect or read; news sites answer well within this
# Whole fetch of one URL, redirects included: a slow-drip server (one byte every 10 s)
# is cut off here instead of never. A 5 MB page at 100 kB/s takes 50 s.
DEADLINE_S = 60.0
MAX_REDIRECTS = 5  # news sites use 1-2 (http -> https -> canonical)
USER_AGENT = "newsfuse/0.1 (+https://example.org/newsfuse)"
ALLOW_PRIVATE_ENV = "NEWSFUSE_ALLOW_PRIVATE"
REDIRECT_CODES = (301, 302, 303, 307, 308)

Resolver = Callable[[str, int], list[str]]  # (host, port) -> IP address strings
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of ``host`` from the operating system's resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(ip: Address) -> bool:
    """Is ``ip`` globally routable (an IPv4-mapped IPv6 address is judged as IPv4)?"""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def private_allowed_by_env() -> bool:
    """Has the user allowed fetching from private and local addresses?"""
    return os.environ.get(ALLOW_PRIVATE_ENV) == "1"


def check_url(url: str) -> tuple[str, int]:
    """The host and port of an http(s) URL.

    Raises:
        UnsupportedFormat: not an http(s) URL with a host, or not a well-formed URL.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise UnsupportedFormat(f"not a well-formed URL ({exc})", source=url) from None
    if parts.scheme not in ("http", "https") or not host:
        raise UnsupportedFormat(
            f"only http and https URLs are fetched, not {parts.scheme or 'no'} scheme",
            source=url,
        )
    return host, port or (443 if parts.scheme == "https" else 80)


def _wire_host(url: str, host: str) -> str:
    """The host name as httpx sends it: lower case, IDNA-encoded if not ASCII."""
    try:
        return httpx.URL(url).raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError):
        return host.lower()


class _PinnedBackend(httpcore.SyncBackend):
    """Connects to the address the guard checked for a host, never resolving again."""

    def __init__(self) -> None:
        self.pins: dict[str, str] = {}

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        ip = self.pins.get(host.strip("[]").lower())
        if ip is None:  # the guard did not check this host: refuse rather than resolve
            raise httpcore.ConnectError(f"{host} was not checked by the address guard")
        return super().connect_tcp(ip, port, timeout, local_address, socket_options)


class PinnedTransport(httpx.HTTPTransport):
    """An httpx transport whose connections go to pinned, checked addresses only."""

    def __init__(self) -> None:
        context = ssl.create_default_context()
        super().__init__(verify=context, trust_env=False)
        self.backend = _PinnedBackend()
        self._pool = httpcore.ConnectionPool(ssl_context=context, network_backend=self.backend)


class Fetcher:
    """Downloads URLs for ingest through the address guard.

    Args:
        transport: an httpx transport; tests pass ``httpx.MockTransport`` (default: a
            :class:`PinnedTransport`).
        timeout: longest wait for one connect or read.
        max_bytes: size cap of a body.
        resolver: host name to addresses (default: the system resolver; tests pass a fake).
        allow_private: fetch from private and local addresses too (default: the
            ``NEWSFUSE_ALLOW_PRIVATE=1`` environment setting).
        allowed: which addresses may be fetched from (default: :func:`is_public`, or
            any address when private ones are allowed); tests use it to let one
            loopback address stand for the internet.
        deadline: seconds one URL may take, redirects included.
        private_setting: the setting a refusal message tells the user about.
        clock: monotonic seconds (tests pass a fake clock).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_S,
        max_bytes: int = MAX_BYTES,
        *,
        resolver: Resolver | None = None,
        allow_private: bool | None = None,
        allowed: Callable[[Address], bool] | None = None,
        deadline: float = DEADLINE_S,
        clock: Callable[[], float] = time.monotonic,
        private_setting: str = ALLOW_PRIVATE_ENV,
    ) -> None:
        self.private_setting = private_setting
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.deadline = deadline
        self.clock = clock
        self.resolver = resolver or system_resolver
        private = private_allowed_by_env() if allow_private is None else allow_private
        self.allowed = allowed or ((lambda ip: True) if private else is_public)
        self._transport = transport
        self._http: httpx.Client | None = None

    @property
    def _client(self) -> httpx.Client:
        """The HTTP client, made on first use (loading CA certificates takes a while)."""
        if self._http is None:
            self._transport = self._transport or PinnedTransport()
            self._http = httpx.Client(
                transport=self._transport,
                timeout=self.timeout,
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": USER_AGENT},
            )
        return self._http

    def check(self, url: str) -> str:
        """Resolve the host of ``url`` once, check every address, and pin the first.

        Returns:
            the address the connection will use.

        Raises:
            UnsupportedFormat: not a well-formed http(s) URL.
            UnreadableInput: the host does not resolve.
            InputError: an address is not globally routable (and private is not allowed).
        """
        host, port = check_url(url)
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            try:
                addresses = [
                    ipaddress.ip_address(a.split("%")[0]) for a in self.resolver(host, port)
                ]
            except (OSError, UnicodeError, ValueError) as exc:
                raise UnreadableInput(f"cannot resolve {host}", source=url) from exc
        if not addresses:
            raise UnreadableInput(f"cannot resolve {host}", source=url)
        for ip in addresses:
            if not self.allowed(ip):
                raise InputError(
                    f"refusing to fetch from {ip} (not a public address); allow private "
                    f"and local addresses with {self.private_setting}=1",
                    source=url,
                )
        if self._client and isinstance(self._transport, PinnedTransport):
            # keyed by the name the connection pool will ask for (IDNA for non-ASCII hosts)
            self._transport.backend.pins[_wire_host(url, host)] = str(addresses[0])
        return str(addresses[0])

    def get(self, url: str) -> tuple[bytes, str | None]:
        """The body and content type of ``url``, following checked redirects.

        Raises:
            UnsupportedFormat: not an http(s) URL.
            InputError: an address of the URL or of a redirect is not public.
            InputTooLarge: the body is larger than ``max_bytes``.
            UnreadableInput: timeout, deadline, connection error, too many redirects or
                an HTTP error status.
        """
        end = self.clock() + self.deadline
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self.check(current)
            try:
                result = self._get_one(current, end)
            except InputError as exc:
                if exc.source != url:  # name what the user asked for, and the hop
                    raise type(exc)(f"{exc} (redirected from {url})", source=url) from None
                raise
            if isinstance(result, str):
                current = urljoin(current, result)
                continue
            return result
        raise UnreadableInput(f"more than {MAX_REDIRECTS} redirects", source=url)

    def _left(self, end: float, url: str) -> float:
        """Seconds left before the deadline, or an error once it has passed."""
        left = end - self.clock()
        if left <= 0:
            raise UnreadableInput(f"took longer than the {self.deadline:g} s deadline", source=url)
        return min(left, self.timeout)

    def _get_one(self, url: str, end: float) -> tuple[bytes, str | None] | str:
        """One request: the body and content type, or the Location of a redirect."""
        try:
            with self._client.stream("GET", url, timeout=self._left(end, url)) as resp:
                if resp.status_code in REDIRECT_CODES and resp.headers.get("location"):
                    return str(resp.headers["location"])
                if resp.status_code >= 400:
                    raise UnreadableInput(f"HTTP {resp.status_code}", source=url)
                try:
                    declared = int(resp.headers.get("content-length") or 0)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    raise InputTooLarge(
                        f"{declared} bytes, over the {self.max_bytes}-byte cap", source=url
                    )
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise InputTooLarge(f"over the {self.max_bytes}-byte cap", source=url)
                    chunks.append(chunk)
                    self._left(end, url)
                return b"".join(chunks), resp.headers.get("content-type")
        except httpx.TimeoutException as exc:
            raise UnreadableInput("timed out", source=url) from exc
        except httpx.HTTPError as exc:
            raise UnreadableInput(f"cannot fetch: {exc}", source=url) from exc

    def close(self) -> None:
        """Close the connection pool."""
        if self._http is not None:
            self._http.close()
