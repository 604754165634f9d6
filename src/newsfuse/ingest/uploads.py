"""URLs and uploaded files read one at a time into articles or failures (the web app's
"Add articles" and ``POST /api/ingest``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..model import Article, Failure
from . import read_bytes


def read_uploads(
    urls: Iterable[str],
    files: Iterable[tuple[str, bytes]],
    fetcher: Any,
    *,
    max_bytes: int,
) -> Iterator[Article | Failure]:
    """Articles and failures of the URLs (fetched through ``fetcher``, which refuses
    addresses it must not reach), then of the uploaded ``(filename, data)`` files; a file
    over ``max_bytes`` is a failure, not an article."""
    for url in urls:
        try:
            data, ctype = fetcher.get(url)
        except InputError as exc:
            yield Failure(url, "ingest", type(exc).__name__, str(exc))
            continue
        yield from read_bytes(data, url, content_type=ctype, metadata={"url": url})
    for filename, data in files:
        if len(data) > max_bytes:
            message = f"{filename}: over the {max_bytes}-byte upload cap"
            yield Failure(filename, "ingest", "InputTooLarge", message)
            continue
        yield from read_bytes(data, filename)


def failure_reason(failure: Failure) -> str:
    """A failure's message without the input name it repeats (pages show the name).

    >>> failure_reason(Failure("bad.pdf", "ingest", "E", "bad.pdf: bad.pdf: pdf files are not read"))
    'pdf files are not read'
    """
    message = failure.message
    while message.startswith(f"{failure.article_id}: "):
        message = message[len(failure.article_id) + 2 :]
    return message or failure.error_type


__all__ = ["failure_reason", "read_uploads"]
