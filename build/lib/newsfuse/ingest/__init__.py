"""ingest: turn files, folders, globs, URLs, feeds, JSON(L) and WARC into Articles.

The cascade for one input:

1. expand it: a folder recursively, a glob, a URL (fetched with a timeout and size cap);
2. refuse what is too large before reading it, and what is empty or binary;
3. sniff the format (:func:`.formats.sniff`) and read it into raw text + metadata;
4. clean the text (:func:`.furniture.clean`): drop page furniture, mark the dateline,
   byline, credits and captions as regions;
5. identify the language (non-English articles are kept and flagged);
6. build the :class:`~newsfuse.model.Article`, whose id is its content hash.

A bad input never stops the batch: it becomes a :class:`~newsfuse.model.Failure` whose
message names the input and the reason.
"""

from __future__ import annotations

import glob as _glob
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, InputTooLarge, UnreadableInput
from ..model import Article, Failure, new_article
from . import formats
from . import metadata as _metadata
from .fetch import MAX_BYTES, Fetcher
from .furniture import clean
from .language import detect_language

SKIP_NAMES = (".", "_")  # hidden files and folders are not inputs
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


def _failure(exc: InputError, fallback: str) -> Failure:
    """A Failure for an input error."""
    return Failure(exc.source or fallback, "ingest", type(exc).__name__, str(exc))


def _to_article(raw: formats.Raw) -> Article | Failure:
    """Clean a raw record into an Article, or a Failure if nothing is left."""
    if len(raw.text.strip()) < 1:
        return _failure(UnreadableInput("no text", source=raw.source), raw.source)
    return _metadata.with_source_label(article_from_text(raw.text, source=raw.source, **raw.meta))


def read_bytes(
    data: bytes,
    source: str,
    *,
    content_type: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    fetch: Callable[[str], tuple[bytes, str | None]] | None = None,
) -> Iterator[Article | Failure]:
    """Articles from the bytes of one input (a file's content, an upload, a response)."""
    meta = dict(metadata or {})
    try:
        kind = formats.sniff(data, source, content_type)
        if kind == "warc":
            import io

            raws: Iterable[formats.Raw | InputError] = formats.read_warc(io.BytesIO(data), source)
        elif kind == "feed":
            raws = formats.read_feed(data, source, meta, fetch)
        else:
            readers = {
                "html": formats.read_html,
                "json": formats.read_json,
                "jsonl": formats.read_jsonl,
                "multinews": formats.read_multinews,
                "text": formats.read_text,
            }
            raws = readers[kind](data, source, meta)
        for raw in raws:
            if isinstance(raw, InputError):
                yield _failure(raw, source)
            else:
                yield _to_article(raw)
    except InputError as exc:
        yield _failure(exc, source)


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


def _read_file(
    path: str, max_bytes: int, fetch: Any, meta: Mapping[str, Any] | None = None
) -> Iterator[Article | Failure]:
    """Articles from one local file; WARC files are streamed, never read whole."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        yield _failure(UnreadableInput(f"cannot read: {exc.strerror}", source=path), path)
        return
    if size > max_bytes and not p.name.lower().endswith((".warc", ".warc.gz")):
        yield _failure(
            InputTooLarge(f"{size} bytes, over the {max_bytes}-byte cap", source=path), path
        )
        return
    if p.name.lower().endswith((".warc", ".warc.gz")):
        with p.open("rb") as stream:
            for raw in formats.read_warc(stream, path):
                yield _failure(raw, path) if isinstance(raw, InputError) else _to_article(raw)
        return
    yield from read_bytes(p.read_bytes(), path, fetch=fetch, metadata=meta)


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
            for path in _expand(item):
                if progress:
                    progress(path)
                if _URL_LIKE.match(path) and not Path(path).exists():
                    try:
                        data, ctype = fetcher.get(path)
                    except InputError as exc:
                        yield _failure(exc, path)
                        continue
                    for found in read_bytes(
                        data, path, content_type=ctype, metadata={"url": path}, fetch=fetcher.get
                    ):
                        yield _given(found, metadata)
                elif not _metadata.is_metadata_file(path):
                    meta = _metadata.for_file(path)
                    for found in _read_file(path, max_bytes, fetcher.get, meta):
                        yield _given(found, metadata)
    finally:
        if own:
            fetcher.close()


expand = _expand  # the files behind one input (used to count inputs for progress)

__all__ = ["MAX_BYTES", "Fetcher", "article_from_text", "expand", "read", "read_bytes"]
