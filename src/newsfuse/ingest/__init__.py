"""ingest: turn files, folders, globs, URLs, feeds, JSON(L) and WARC into Articles.

The cascade for one input:

1. expand it: a folder recursively, a glob, a URL (fetched through the address guard,
   with a deadline and a size cap: :mod:`.fetch`);
2. refuse what is not a regular file (FIFO, device), what cannot be opened, what is too
   large (read at most the cap + 1 byte, never trusting the reported size), and what is
   empty or binary;
3. sniff the format (:func:`.formats.sniff`) and read it into raw text + metadata, with
   per-format guards: JSON nesting depth and field types, the HTML and feed size cap,
   WARC record and decompression caps (:mod:`.warc`);
4. refuse text shorter than :data:`.formats.MIN_DOCUMENT_CHARS` or longer than
   :data:`MAX_ARTICLE_CHARS`, and replace what cannot be stored (lone surrogates);
5. clean the text (:func:`.furniture.clean`): drop page furniture, mark the dateline,
   byline, credits and captions as regions;
6. identify the language (non-English articles are kept and flagged);
7. build the :class:`~newsfuse.model.Article`, whose id is its content hash.

A bad input never stops the batch: it becomes a :class:`~newsfuse.model.Failure` whose
message names the input and the reason. That holds for every exception raised while
reading one input, not only :class:`~newsfuse.errors.InputError`: an unexpected one is
reported as "could not be read (TypeError: ...)" and the batch goes on. File names are
shown with undecodable bytes and control characters escaped (``\\xff``).
"""

from __future__ import annotations

import glob as _glob
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, InputTooLarge, NotAnArticle, UnreadableInput
from ..model import Article, Failure, new_article
from . import formats
from . import metadata as _metadata
from .fetch import MAX_BYTES, Fetcher
from .furniture import clean
from .language import detect_language

SKIP_NAMES = (".", "_")  # hidden files and folders are not inputs
# Longest article text: a 10,000-word longread is ~60,000 characters. Annotating costs
# memory in proportion (spaCy ~ 1 kB per character), so this keeps one article < 500 MB.
MAX_ARTICLE_CHARS = 200_000
# HTML pages and feeds are parsed into a tree (~30x their size in memory, and a minute
# of trafilatura for 9 MB here). A news page with inline scripts is 0.1-3 MB.
MAX_MARKUP_BYTES = 5 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")  # any scheme; the fetcher refuses non-http


def article_from_text(text: str, *, source: str | None = None, **metadata: Any) -> Article:
    """Build an Article from text and known metadata, cleaning and flagging it.

    >>> a = article_from_text("BEIRUT — Talks resumed on Monday after a long pause "
    ...                       "in the north.", outlet="Example Wire", published="2021-03-01")
    >>> a.dateline, a.published.isoformat(), a.language
    ('BEIRUT', '2021-03-01', 'en')
    """
    cleaned = clean(text)
    meta = {k: v for k, v in metadata.items() if v is not None}
    if "published" in meta:
        meta["published"] = formats.parse_date(meta["published"])
    if isinstance(meta.get("byline"), list):
        meta["byline"] = tuple(meta["byline"])
    meta.setdefault("byline", tuple(cleaned.byline))
    if not meta["byline"]:
        meta["byline"] = tuple(cleaned.byline)
    lang = meta.pop("language", None) or detect_language(cleaned.text)
    flags = tuple(meta.pop("flags", ()))
    if lang and lang != "en":
        flags = (*flags, "non-english")
    return new_article(
        cleaned.text,
        source=source,
        dateline=meta.pop("dateline", None) or cleaned.dateline,
        credits=tuple(cleaned.credits),
        captions=tuple(cleaned.captions),
        regions=tuple(cleaned.regions),
        language=lang,
        flags=flags,
        **meta,
    )


def display_name(path: str) -> str:
    """A file name safe to show and store: undecodable bytes and controls escaped.

    >>> display_name("news\\udcff\\n.txt")
    'news\\\\xff\\\\x0a.txt'
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def _storable(value: Any) -> Any:
    """A string every store accepts: lone surrogates (valid as JSON escapes, not in
    UTF-8) replaced, NUL characters (refused by PostgreSQL) dropped."""
    if isinstance(value, str):
        value = value.replace("\x00", "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
    elif isinstance(value, tuple):
        return tuple(_storable(v) for v in value)
    return value


def _failure(exc: InputError, fallback: str) -> Failure:
    """A Failure for an input error."""
    return Failure(exc.source or fallback, "ingest", type(exc).__name__, str(exc))


def _unexpected(exc: Exception, source: str) -> Failure:
    """A Failure for an exception no reader anticipated (a bug, reported per input)."""
    message = f"{source}: could not be read ({type(exc).__name__}: {exc})"
    return Failure(source, "ingest", type(exc).__name__, message[:500])


def _to_article(raw: formats.Raw) -> Article | Failure:
    """Clean a raw record into an Article, or a Failure if it is too short or too long."""
    size = len(raw.text.strip())
    if size < formats.MIN_DOCUMENT_CHARS:
        msg = f"only {size} characters of text, under {formats.MIN_DOCUMENT_CHARS}"
        return _failure(NotAnArticle(msg, source=raw.source), raw.source)
    if size > MAX_ARTICLE_CHARS:
        msg = f"{size} characters of text, over the {MAX_ARTICLE_CHARS}-character article cap"
        return _failure(InputTooLarge(msg, source=raw.source), raw.source)
    meta = {k: _storable(v) for k, v in raw.meta.items()}
    return _metadata.with_source_label(
        article_from_text(_storable(raw.text), source=_storable(raw.source), **meta)
    )


def _guarded(items: Iterable[Any], source: str) -> Iterator[Article | Failure]:
    """Articles and Failures of one input; any exception ends the input as one Failure."""
    try:
        for raw in items:
            if isinstance(raw, InputError):
                yield _failure(raw, source)
            elif isinstance(raw, (Article, Failure)):
                yield raw
            else:
                yield _to_article(raw)
    except InputError as exc:
        yield _failure(exc, source)
    except Exception as exc:  # RecursionError, TypeError...: one input never stops a batch
        yield _unexpected(exc, source)


def _raws(
    data: bytes,
    source: str,
    content_type: str | None,
    meta: dict[str, Any],
    fetch: Callable[[str], tuple[bytes, str | None]] | None,
) -> Iterator[formats.Raw | InputError]:
    """Raw records of one input's bytes, by sniffed format."""
    kind = formats.sniff(data, source, content_type)
    if kind in ("html", "feed") and len(data) > MAX_MARKUP_BYTES:
        raise InputTooLarge(
            f"{len(data)} bytes of {kind.upper()}, over the {MAX_MARKUP_BYTES}-byte cap",
            source=source,
        )
    if kind == "warc":
        import io

        yield from formats.read_warc(io.BytesIO(data), source)
    elif kind == "feed":
        yield from formats.read_feed(data, source, meta, fetch)
    else:
        readers = {
            "html": formats.read_html,
            "json": formats.read_json,
            "jsonl": formats.read_jsonl,
            "multinews": formats.read_multinews,
            "text": formats.read_text,
        }
        yield from readers[kind](data, source, meta)


def read_bytes(
    data: bytes,
    source: str,
    *,
    content_type: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    fetch: Callable[[str], tuple[bytes, str | None]] | None = None,
) -> Iterator[Article | Failure]:
    """Articles from the bytes of one input (a file's content, an upload, a response).

    Never raises for a bad input: every problem is a Failure naming ``source``.
    """
    shown = display_name(source)
    yield from _guarded(_raws(data, shown, content_type, dict(metadata or {}), fetch), shown)


def _expand(item: str) -> Iterator[str]:
    """Files behind one input: itself, a folder's files (recursive), or a glob's matches."""
    path = Path(item).expanduser()
    if _URL_LIKE.match(item) and not path.exists():
        yield item
        return
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(SKIP_NAMES))
            for name in sorted(files):
                if not name.startswith(SKIP_NAMES):
                    yield str(Path(root) / name)
        return
    if any(c in item for c in "*?[") and not path.exists():
        matches = sorted(_glob.glob(str(path), recursive=True))
        yield from (m for m in matches if Path(m).is_file())
        if not matches:
            yield item  # reported as not found below
        return
    yield item


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder that could not be listed"),
)


def _open_regular(path: str) -> int:
    """A file descriptor of a regular file, opened without blocking (a FIFO would hang).

    Raises:
        UnreadableInput: missing, unreadable, or not a regular file.
    """
    shown = display_name(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror}", source=shown) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
        raise UnreadableInput(f"not a regular file: {what}", source=shown)
    return fd


def _read_file(
    path: str, max_bytes: int, fetch: Any, meta: Mapping[str, Any] | None = None
) -> Iterator[Article | Failure]:
    """Articles from one local file; WARC files are streamed, never read whole."""
    shown = display_name(path)
    try:
        fd = _open_regular(path)
    except InputError as exc:
        yield _failure(exc, shown)
        return
    with os.fdopen(fd, "rb") as stream:
        if path.lower().endswith((".warc", ".warc.gz")):
            yield from _guarded(formats.read_warc(stream, shown), shown)
            return
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            yield _failure(UnreadableInput(f"cannot read: {exc.strerror}", source=shown), shown)
            return
    if len(data) > max_bytes:
        yield _failure(InputTooLarge(f"over the {max_bytes}-byte cap", source=shown), shown)
        return
    yield from read_bytes(data, path, fetch=fetch, metadata=meta)


def _read_one(path: str, fetcher: Fetcher, max_bytes: int) -> Iterator[Article | Failure]:
    """Articles from one expanded input: a URL or a local file."""
    if _URL_LIKE.match(path) and not os.path.lexists(path):
        try:
            data, ctype = fetcher.get(path)
        except InputError as exc:
            yield _failure(exc, display_name(path))
            return
        yield from read_bytes(
            data, path, content_type=ctype, metadata={"url": path}, fetch=fetcher.get
        )
    elif not _metadata.is_metadata_file(path):  # a manifest or sidecar is not an article
        yield from _read_file(path, max_bytes, fetcher.get, _metadata.for_file(path))


def _given(item: Article | Failure, metadata: Mapping[str, Any] | None) -> Article | Failure:
    """An article with the metadata the user gave for its input, over what it says."""
    if not metadata or isinstance(item, Failure):
        return item
    from dataclasses import replace

    return replace(item, **metadata)


def read(
    inputs: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[str], None] | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> Iterator[Article | Failure]:
    """Articles (or Failures) from files, folders, globs and http(s) URLs.

    Args:
        inputs: paths, folders, glob patterns or URLs.
        fetcher: downloads URLs and feed links (default: a new :class:`Fetcher`).
        max_bytes: size cap per input.
        progress: called with each input as it starts.
        metadata: outlet/published/title for every article read (over what the input,
            its sidecar or its folder manifest says; see :mod:`.metadata`).
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    try:
        for item in inputs:
            try:
                paths = list(_expand(item))
            except OSError as exc:
                shown = display_name(item)
                yield _failure(UnreadableInput(f"cannot read: {exc.strerror}", source=shown), shown)
                continue
            for path in paths:
                if progress:
                    progress(path)
                for found in _guarded(_read_one(path, fetcher, max_bytes), display_name(path)):
                    yield _given(found, metadata)
    finally:
        if own:
            fetcher.close()


expand = _expand  # the files behind one input (used to count inputs for progress)

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_BYTES",
    "Fetcher",
    "article_from_text",
    "display_name",
    "expand",
    "read",
    "read_bytes",
]
