"""WARC and WARC.gz, read record by record in bounded memory.

The cascade for one archive:

1. a ``.warc.gz`` is split into its gzip members (one record each, as the WARC standard
   recommends) by a decompressor whose output is capped while it runs: a member past
   :data:`MAX_RECORD_BYTES` is a failure (its rest is decompressed and thrown away to
   find the next member, up to :data:`MAX_SKIP_BYTES`, past which the archive ends
   with a failure), and past :data:`MAX_WARC_BYTES` decompressed in total the rest of
   the archive is one failure;
2. each member (or an uncompressed archive) is split into records by their
   ``Content-Length``; a declared length over the record cap is a failure and the
   reader looks for the next ``WARC/1.x`` line instead of trusting it, so a record
   claiming 10¹² bytes cannot swallow the records after it; a header that is not a WARC
   header is a failure and the reader moves on the same way;
3. each record of type ``response`` with an HTML payload is parsed by warcio (HTTP
   headers, chunked and compressed bodies, the body read up to the record cap again)
   and handed to the HTML reader.

Memory is about one record (the cap) plus what the HTML reader needs for it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from ..errors import InputError, InputTooLarge, UnreadableInput

# One record, decompressed: a news page with inline scripts and styles is 0.1-3 MB.
# trafilatura needs ~30x the HTML size in memory; 5 MB keeps one record < 500 MB (the
# same as ingest.MAX_MARKUP_BYTES for a single page).
MAX_RECORD_BYTES = 5 * 1024 * 1024
# All records of one archive, decompressed (CPU time, not memory: about 1 s per GB).
MAX_WARC_BYTES = 8 * 1024 * 1024 * 1024
# Decompressed bytes thrown away past the record cap while looking for the end of an
# oversized member (zlib runs at ~100 MB/s here, so ~1.5 s). A member larger still is
# taken for a decompression bomb and ends the archive: a 3 MB upload that expands to
# 3 GiB costs 1.5 s, not 30 s. Raise it for archives holding big videos or PDFs.
MAX_SKIP_BYTES = 128 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024  # a WARC header block is < 2 kB
CHUNK = 64 * 1024  # compressed bytes read at a time
OUT_CHUNK = 1024 * 1024  # most decompressed bytes produced per step

Reader = Callable[[bytes, str, dict[str, Any]], Iterator[Any]]


class _Budget:
    """Decompressed bytes left for the whole archive."""

    def __init__(self, total: int) -> None:
        self.left = total

    def spend(self, n: int, source: str) -> None:
        self.left -= n
        if self.left < 0:
            raise InputTooLarge(
                f"over {MAX_WARC_BYTES} bytes decompressed; the rest of the archive is skipped",
                source=source,
            )


def _gzip_members(
    stream: BinaryIO, source: str, budget: _Budget, record_cap: int
) -> Iterator[tuple[int, bytes | InputError]]:
    """(member number, its decompressed content or a failure) for each gzip member."""
    pending = b""
    n = 0
    while True:
        if not pending:
            pending = stream.read(CHUNK)
            if not pending:
                return
        d = zlib.decompressobj(wbits=31)
        parts: list[bytes] = []
        size = 0
        n += 1
        while not d.eof:
            if not pending:
                pending = stream.read(CHUNK)
                if not pending:
                    yield (
                        n,
                        UnreadableInput("broken WARC: the gzip member is cut off", source=source),
                    )
                    return
            try:
                out = d.decompress(pending, OUT_CHUNK)
            except zlib.error as exc:
                yield n, UnreadableInput(f"broken WARC after {n - 1} records: {exc}", source=source)
                return
            pending = d.unconsumed_tail
            budget.spend(len(out), source)
            size += len(out)
            if size <= record_cap:
                parts.append(out)
            elif parts:  # over the cap: decompress on (throwing it away) to the member's end
                parts = []
            elif size > record_cap + MAX_SKIP_BYTES:
                yield (
                    n,
                    InputTooLarge(
                        f"expands to over {record_cap + MAX_SKIP_BYTES} bytes (a decompression "
                        "bomb?); the rest of the archive is skipped",
                        source=source,
                    ),
                )
                return
        pending = d.unused_data
        if size <= record_cap:
            yield n, b"".join(parts)
        else:
            yield (
                n,
                InputTooLarge(
                    f"expands to {size} bytes, over the {record_cap}-byte cap", source=source
                ),
            )


def _skip_to_next_header(stream: BinaryIO, budget: _Budget, source: str) -> bytes | None:
    """Read lines until one starts a WARC record; that line, or None at the end."""
    while True:
        line = stream.readline(MAX_HEADER_BYTES)
        if not line:
            return None
        budget.spend(len(line), source)
        if line.startswith(b"WARC/1."):
            return line


def _records(
    stream: BinaryIO, source: str, budget: _Budget, record_cap: int
) -> Iterator[bytes | InputError]:
    """Each WARC record (header block + content block) of an uncompressed stream."""
    line: bytes | None = stream.readline(MAX_HEADER_BYTES)
    while line is not None:
        while line is not None and line in (b"\r\n", b"\n"):
            line = stream.readline(MAX_HEADER_BYTES)
        if not line:
            return
        if not line.startswith(b"WARC/1."):
            yield UnreadableInput(
                f"malformed WARC header {line[:40]!r}: expected a WARC/1.x line", source=source
            )
            line = _skip_to_next_header(stream, budget, source)
            continue
        head = [line]
        length: int | None = None
        while True:
            h = stream.readline(MAX_HEADER_BYTES)
            head.append(h)
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.partition(b":")
            if name.strip().lower() == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    length = None
            if sum(map(len, head)) > MAX_HEADER_BYTES:
                break
        if head[-1] == b"":
            yield UnreadableInput("broken WARC: a record header is cut off", source=source)
            return
        if length is None or length < 0 or sum(map(len, head)) > MAX_HEADER_BYTES:
            yield UnreadableInput("malformed WARC header: no valid Content-Length", source=source)
            line = _skip_to_next_header(stream, budget, source)
            continue
        if length > record_cap:
            yield InputTooLarge(
                f"a record declares {length} bytes, over the {record_cap}-byte cap",
                source=source,
            )
            line = _skip_to_next_header(stream, budget, source)
            continue
        block = stream.read(length)
        budget.spend(len(block), source)
        if len(block) < length:
            yield UnreadableInput(
                f"broken WARC: a record declares {length} bytes but only {len(block)} remain",
                source=source,
            )
            return
        yield b"".join(head) + block + b"\r\n\r\n"
        line = stream.readline(MAX_HEADER_BYTES)
        if not line:
            return


def _units(
    stream: BinaryIO, source: str, budget: _Budget
) -> Iterator[tuple[str, bytes | InputError]]:
    """(label, record bytes or failure) for each record of a WARC or WARC.gz stream.

    Records are numbered in the file; in a .warc.gz, by gzip member (``record3``), with
    ``record3.2`` for a second record inside member 3.
    """
    head = stream.read(2)
    rest: BinaryIO = io.BufferedReader(_Prefixed(head, stream), CHUNK)
    if head != b"\x1f\x8b":
        for k, item in enumerate(_records(rest, source, budget, MAX_RECORD_BYTES), start=1):
            yield f"record{k}", item
        return
    for n, member in _gzip_members(rest, source, budget, MAX_RECORD_BYTES):
        if isinstance(member, InputError):
            yield f"record{n}", member
            continue
        records = _records(io.BytesIO(member), source, budget, MAX_RECORD_BYTES)
        for k, item in enumerate(records, start=1):
            yield (f"record{n}" if k == 1 else f"record{n}.{k}"), item


def _parse(record: bytes, where: str, read_html: Reader) -> Iterator[Any]:
    """The article of one response record (nothing for other records)."""
    from warcio.archiveiterator import ArchiveIterator

    for rec in ArchiveIterator(io.BytesIO(record)):
        if rec.rec_type != "response":
            continue
        url = rec.rec_headers.get_header("WARC-Target-URI") or ""
        headers = rec.http_headers
        ctype = headers.get_header("Content-Type") if headers else None
        if ctype and "html" not in ctype.lower():
            continue
        body = rec.content_stream().read(MAX_RECORD_BYTES + 1)
        if len(body) > MAX_RECORD_BYTES:
            raise InputTooLarge(f"response body over the {MAX_RECORD_BYTES}-byte cap", source=where)
        yield from read_html(body, where, {"url": url})


def read_warc(stream: BinaryIO, source: str, read_html: Reader) -> Iterator[Any]:
    """Articles (or InputErrors) from the HTML responses of a WARC or WARC.gz stream."""
    budget = _Budget(MAX_WARC_BYTES)
    n = 0
    try:
        for label, unit in _units(stream, source, budget):
            n += 1
            where = f"{source}#{label}"
            if isinstance(unit, InputError):
                yield type(unit)(str(unit).removeprefix(f"{source}: "), source=where)
                continue
            try:
                yield from _parse(unit, where, read_html)
            except InputError as exc:
                yield exc
            except Exception as exc:
                yield UnreadableInput(f"malformed WARC record ({exc!r:.120})", source=where)
    except InputError as exc:  # the total cap
        yield exc
    except OSError as exc:
        yield UnreadableInput(f"broken WARC after {n} records: {exc}", source=source)


class _Prefixed(io.RawIOBase):
    """A stream with some already-read bytes put back in front of it."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)
