"""Fetch URLs with timeouts, a size cap and http(s) only."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ..errors import InputTooLarge, UnreadableInput, UnsupportedFormat

MAX_BYTES = 50 * 1024 * 1024  # largest input read, file or URL (a long article is < 1 MB)
TIMEOUT_S = 20.0  # per request phase (connect, read); news sites answer well within this
USER_AGENT = "newsfuse/0.1 (+https://example.org/newsfuse)"


def check_url(url: str) -> None:
    """Refuse anything but http(s) URLs with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UnsupportedFormat(
            f"only http and https URLs are fetched, not {parts.scheme or 'no'} scheme",
            source=url,
        )


class Fetcher:
    """Downloads URLs for ingest. Tests pass an ``httpx.MockTransport``."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_S,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )

    def get(self, url: str) -> tuple[bytes, str | None]:
        """The body and content type of ``url``.

        Raises:
            UnsupportedFormat: not an http(s) URL.
            InputTooLarge: the body is larger than ``max_bytes``.
            UnreadableInput: timeout, connection error or an HTTP error status.
        """
        check_url(url)
        try:
            with self._client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise UnreadableInput(f"HTTP {resp.status_code}", source=url)
                declared = int(resp.headers.get("content-length") or 0)
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
                return b"".join(chunks), resp.headers.get("content-type")
        except httpx.TimeoutException as exc:
            raise UnreadableInput("timed out", source=url) from exc
        except httpx.HTTPError as exc:
            raise UnreadableInput(f"cannot fetch: {exc}", source=url) from exc

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()
