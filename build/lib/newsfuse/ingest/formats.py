"""Readers for each input format: bytes in, (text, metadata) records out.

Every reader is a generator of :class:`Raw` records or raises an
:class:`~newsfuse.errors.InputError` naming the input. A reader of a container format
(feed, JSONL, WARC) yields an ``InputError`` *instance* for a bad entry and goes on
with the next one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, NotAnArticle, UnreadableInput, UnsupportedFormat

MIN_ARTICLE_CHARS = 200  # shorter extracted text is a teaser or a page with no article
MULTI_NEWS_SEPARATOR = "|||||"

# JSON / JSONL field names, first match wins (documented in docs/formats.md).
TEXT_FIELDS = ("text", "body", "content", "article", "maintext")
TITLE_FIELDS = ("title", "headline")
OUTLET_FIELDS = ("outlet", "source", "site", "site_name", "publisher")
URL_FIELDS = ("url", "link")
DATE_FIELDS = ("published", "date", "date_publish", "pubdate", "published_at")
AUTHOR_FIELDS = ("author", "authors", "byline")


@dataclass
class Raw:
    """Text plus what the container said about it, before cleanup."""

    text: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)


def parse_date(value: Any) -> dt.date | None:
    """A date from ISO strings, RFC 822 feed dates, or date objects; None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError):
        pass
    import dateparser

    parsed = dateparser.parse(s, languages=["en"])
    return parsed.date() if parsed else None


def _authors(value: Any) -> tuple[str, ...]:
    """Author names from a string ('A and B'), a list, or feed author dicts."""
    if not value:
        return ()
    if isinstance(value, str):
        value = re.split(r"\s*(?:;|,|\band\b|&)\s*", re.sub(r"^[Bb]y\s+", "", value))
    names = [v.get("name", "") if isinstance(v, Mapping) else str(v) for v in value]
    return tuple(n.strip() for n in names if n.strip())


def decode(data: bytes, source: str) -> str:
    """Bytes to text: BOM, UTF-8, a declared HTML charset, then cp1252 if it fits.

    Raises:
        UnreadableInput: empty, binary (NUL bytes), or undecodable.
    """
    if not data.strip():
        raise UnreadableInput("empty file", source=source)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput("binary file, not text", source=source)
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""charset=["']?([\w-]+)""", data[:4096], re.I)
    for enc in ([m.group(1).decode("ascii", "ignore")] if m else []) + ["cp1252"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableInput("cannot decode: not UTF-8, no usable charset", source=source)


def sniff(data: bytes, source: str, content_type: str | None = None) -> str:
    """The format of an input: warc, feed, html, json, jsonl, multinews or text."""
    name = source.lower().split("?")[0].split("#")[0]
    ctype = (content_type or "").lower()
    if (
        name.endswith((".warc", ".warc.gz"))
        or data[:4] == b"WARC"
        or (data[:2] == b"\x1f\x8b" and ".warc" in name)
    ):
        return "warc"
    if data[:2] == b"\x1f\x8b":
        raise UnsupportedFormat("gzip file that is not a WARC archive", source=source)
    head = data[:2048].lstrip().lower()
    if (
        b"<rss" in head
        or b"<feed" in head
        or b"<rdf:rdf" in head
        or "rss" in ctype
        or "atom" in ctype
    ):
        return "feed"
    if (
        name.endswith((".html", ".htm"))
        or "html" in ctype
        or head.startswith((b"<!doctype html", b"<html"))
    ):
        return "html"
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"
    if name.endswith(".json") or "json" in ctype:
        return "json"
    if head.startswith((b"{", b"[")):
        return "jsonl" if b"\n{" in data[:65536].strip() else "json"
    if b"<?xml" in head[:100]:
        raise UnsupportedFormat("XML that is neither RSS nor Atom", source=source)
    if name.endswith((".pdf", ".docx", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".mp4")):
        raise UnsupportedFormat(f"{name.rsplit('.', 1)[-1]} files are not read", source=source)
    if MULTI_NEWS_SEPARATOR.encode() in data:
        return "multinews"
    return "text"


def read_text(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw]:
    """A plain-text article."""
    yield Raw(decode(data, source), source, dict(meta))


def read_multinews(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw]:
    """Several documents in one text, separated by ``|||||`` (the Multi-News style)."""
    parts = decode(data, source).split(MULTI_NEWS_SEPARATOR)
    for i, part in enumerate(parts):
        if part.strip():
            yield Raw(part.strip(), f"{source}#doc{i + 1}", dict(meta))


def read_html(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw]:
    """An HTML page: main text and metadata through trafilatura."""
    import trafilatura

    html = decode(data, source)
    extracted = trafilatura.extract(
        html,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        url=meta.get("url"),
    )
    if not extracted:
        raise NotAnArticle("no article text found in the HTML", source=source)
    doc = json.loads(extracted)
    text = (doc.get("text") or "").strip()
    title = doc.get("title")
    if title and text.startswith(title + "\n"):  # the page's <h1> repeats the headline
        text = text[len(title) + 1 :].lstrip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise NotAnArticle(
            f"no article text in the page (only {len(text)} characters)", source=source
        )
    found = {
        "title": title,
        "outlet": doc.get("sitename") or doc.get("source-hostname") or doc.get("hostname"),
        "url": doc.get("source") or doc.get("url"),
        "published": parse_date(doc.get("date")),
        "byline": _authors(doc.get("author")),
    }
    merged = {k: v for k, v in found.items() if v}
    merged.update({k: v for k, v in meta.items() if v})
    yield Raw(text, source, merged)


def _record(obj: Any, source: str) -> Raw:
    """One JSON object -> Raw, or an InputError when it has no text field."""
    if not isinstance(obj, Mapping):
        raise UnsupportedFormat("JSON value is not an object", source=source)

    def first(names: tuple[str, ...]) -> Any:
        return next((obj[n] for n in names if obj.get(n)), None)

    text = first(TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise NotAnArticle(f"no text field (one of {', '.join(TEXT_FIELDS)})", source=source)
    meta = {
        "title": first(TITLE_FIELDS),
        "outlet": first(OUTLET_FIELDS),
        "url": first(URL_FIELDS),
        "published": parse_date(first(DATE_FIELDS)),
        "byline": _authors(first(AUTHOR_FIELDS)),
        "language": obj.get("language"),
    }
    return Raw(text, source, {k: v for k, v in meta.items() if v})


def _records(obj: Any, source: str) -> Iterator[Raw]:
    """One JSON value -> its article, or one per document of a Multi-News style record."""
    from .metadata import documents

    docs = documents(obj)
    if docs is None:
        yield _record(obj, source)
        return
    for i, (text, meta) in enumerate(docs, start=1):
        if text.strip():
            yield Raw(text, f"{source}#doc{i}", meta)


def read_json(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw | InputError]:
    """A JSON object, or a list of objects, one article each."""
    try:
        doc = json.loads(decode(data, source))
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"malformed JSON: {exc}", source=source) from exc
    items = doc if isinstance(doc, list) else [doc]
    for i, obj in enumerate(items):
        where = f"{source}#{i + 1}" if isinstance(doc, list) else source
        try:
            yield from _records(obj, where)
        except InputError as exc:
            yield exc


def read_jsonl(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw | InputError]:
    """One JSON object per line; a bad line is reported and skipped."""
    for n, line in enumerate(decode(data, source).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#line{n}"
        try:
            yield from _records(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield UnreadableInput(f"malformed JSON: {exc.msg}", source=where)
        except InputError as exc:
            yield exc


def read_feed(
    data: bytes,
    source: str,
    meta: Mapping[str, Any],
    fetch: Callable[[str], tuple[bytes, str | None]] | None = None,
) -> Iterator[Raw | InputError]:
    """An RSS or Atom feed: each entry's full content, else its linked page."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        raise NotAnArticle("feed has no entries", source=source)
    outlet = feed.feed.get("title")
    for i, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        where = f"{source}#entry{i}"
        item_source = entry.get("source") or {}
        entry_meta = {
            "title": entry.get("title"),
            # an aggregator feed names each item's outlet in <source>
            "outlet": item_source.get("title") or item_source.get("value") or outlet,
            "url": link,
            "published": parse_date(entry.get("published") or entry.get("updated")),
            "byline": _authors(entry.get("authors") or entry.get("author")),
        }
        entry_meta = {k: v for k, v in entry_meta.items() if v}
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        try:
            if html and len(_strip_tags(html)) >= MIN_ARTICLE_CHARS:
                page = f"<html><body><article>{html}</article></body></html>".encode()
                yield from read_html(page, where, entry_meta)
            elif link and fetch is not None:
                try:
                    body, _ctype = fetch(link)
                except InputError as exc:
                    yield type(exc)(f"linked page: {exc}", source=where)
                    continue
                yield from read_html(body, where, {"url": link, **entry_meta})
            else:
                yield NotAnArticle("entry has no full text and no link to fetch", source=where)
        except InputError as exc:
            yield exc


def _strip_tags(html: str) -> str:
    """Text of an HTML fragment, roughly (only to measure its length)."""
    return re.sub(r"<[^>]+>", " ", html).strip()


def read_warc(stream: io.BufferedIOBase, source: str) -> Iterator[Raw | InputError]:
    """HTML responses in a WARC or WARC.gz, streamed record by record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{source}#record{n}"
            headers = record.http_headers
            ctype = headers.get_header("Content-Type") if headers else None
            if ctype and "html" not in ctype.lower():
                continue
            try:
                body = record.content_stream().read()
                yield from read_html(body, where, {"url": url})
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as exc:
        # warcio raises AttributeError on a record whose headers are cut off
        yield UnreadableInput(f"broken WARC after {n} records: {exc}", source=source)
