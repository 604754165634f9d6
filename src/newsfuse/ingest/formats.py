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
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, NotAnArticle, UnreadableInput, UnsupportedFormat

MIN_ARTICLE_CHARS = 200  # shorter extracted text is a teaser or a page with no article
# Shortest text stored as an article from any input: one short news sentence. Below it
# nothing can be extracted (hostile inputs split into thousands of 9-character bits).
MIN_DOCUMENT_CHARS = 40
MULTI_NEWS_SEPARATOR = "|||||"
# Time for one feed's linked pages (each fetch also has its own deadline): 1,000 entries
# linking to a hanging page took 5.5 hours before.
FEED_BUDGET_S = 300.0
MAX_JSON_DEPTH = 32  # an article object is 2-3 levels deep; json.loads recurses per level

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


# A run of separators (and the space around them) splits once. Character classes only:
# a repeated group would grow re's backtracking stack with the run (1.4 GB for 50 MB).
_SEPARATORS = re.compile(r"[\s|]*\|\|\|\|\|[\s|]*")


def _between_separators(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between runs of separators, without a list of them."""
    start = 0
    for m in _SEPARATORS.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def read_multinews(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw | InputError]:
    """Several documents in one text, separated by ``|||||`` (the Multi-News style).

    Fragments shorter than :data:`MIN_DOCUMENT_CHARS` are not articles; they are
    reported together as one failure, however many there are.
    """
    text = decode(data, source)
    short = found = 0
    for i, m in enumerate(_between_separators(text)):
        part = text[m[0] : m[1]].strip()
        if len(part) >= MIN_DOCUMENT_CHARS:
            found += 1
            yield Raw(part, f"{source}#doc{i + 1}", dict(meta))
        elif part:
            short += 1
    if short:
        yield NotAnArticle(
            f"{short} fragment(s) between {MULTI_NEWS_SEPARATOR} separators are too short to "
            f"be articles (under {MIN_DOCUMENT_CHARS} characters)",
            source=source,
        )
    elif not found:
        yield NotAnArticle(f"only {MULTI_NEWS_SEPARATOR} separators, no text", source=source)


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


_KINDS = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}


def _kind(value: Any) -> str:
    """How a JSON value is named in an error message."""
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def _text_field(obj: Mapping[str, Any], names: tuple[str, ...], bad: list[str]) -> str | None:
    """The first of ``names`` present in ``obj``, which must be a string."""
    for n in names:
        value = obj.get(n)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            return value
        bad.append(f"field {n!r} must be text, not {_kind(value)}")
        return None
    return None


def _date_field(obj: Mapping[str, Any], bad: list[str]) -> dt.date | None:
    """The publication date from text, or from a number of seconds since 1970 (UTC)."""
    for n in DATE_FIELDS:
        value = obj.get(n)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if value > 1e11 else value  # milliseconds, as in JS
            if 0 < seconds < 4e9:
                return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
            bad.append(f"field {n!r} is a number but not a plausible Unix time")
            return None
        if value is not None and value != "":
            return parse_date(_text_field({n: value}, (n,), bad))
    return None


def _author_field(obj: Mapping[str, Any], bad: list[str]) -> tuple[str, ...]:
    """Author names from a string, a list of strings or a list of ``{"name": ...}``."""
    for n in AUTHOR_FIELDS:
        value = obj.get(n)
        if not value:
            continue
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(
            isinstance(v, str) or (isinstance(v, Mapping) and isinstance(v.get("name", ""), str))
            for v in items
        ):
            bad.append(f'field {n!r} must be text, a list of names or of {{"name": text}}')
            return ()
        return _authors(value)
    return ()


def _record(obj: Any, source: str) -> Raw:
    """One JSON object -> Raw; an InputError naming every field of the wrong type."""
    if not isinstance(obj, Mapping):
        raise UnsupportedFormat(f"JSON value is {_kind(obj)}, not an object", source=source)
    bad: list[str] = []
    text = _text_field(obj, TEXT_FIELDS, bad)
    meta = {
        "title": _text_field(obj, TITLE_FIELDS, bad),
        "outlet": _text_field(obj, OUTLET_FIELDS, bad),
        "url": _text_field(obj, URL_FIELDS, bad),
        "published": _date_field(obj, bad),
        "byline": _author_field(obj, bad),
        "language": _text_field(obj, ("language",), bad),
    }
    if bad:
        raise UnsupportedFormat("; ".join(bad), source=source)
    if not text or not text.strip():
        raise NotAnArticle(f"no text field (one of {', '.join(TEXT_FIELDS)})", source=source)
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


_JSON_TOKEN = re.compile(r'\\.|[\[\]{}"]')  # an escape pair, a bracket or a quote


def check_json_depth(text: str, source: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` before parsing it (no RecursionError).

    Raises:
        UnsupportedFormat: nested too deep.
    """
    if text.count("[") + text.count("{") <= limit:
        return  # the common case: one article object
    depth, in_string = 0, False
    for m in _JSON_TOKEN.finditer(text):  # linear, no backtracking: safe on 50 MB strings
        token = m[0]
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
        else:
            depth -= 1
        if depth > limit:
            raise UnsupportedFormat(
                f"JSON nested more than {limit} levels deep; an article is 2-3 levels",
                source=source,
            )


def _loads(text: str, source: str) -> Any:
    """Parse JSON text after the depth check; UnreadableInput when malformed."""
    check_json_depth(text, source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"malformed JSON: {exc.msg} (line {exc.lineno})", source=source
        ) from None


def read_json(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw | InputError]:
    """A JSON object, or a list of objects, one article each."""
    doc = _loads(decode(data, source), source)
    items = doc if isinstance(doc, list) else [doc]
    for i, obj in enumerate(items):
        where = f"{source}#{i + 1}" if isinstance(doc, list) else source
        try:
            yield from _records(obj, where)
        except InputError as exc:
            yield exc


def read_jsonl(data: bytes, source: str, meta: Mapping[str, Any]) -> Iterator[Raw | InputError]:
    """One JSON object per line; a bad line is reported and skipped.

    Lines end at ``\\n`` only: U+2028, U+0085 and other Unicode line breaks are valid
    inside JSON strings (``str.splitlines`` would cut records in two).
    """
    for n, line in enumerate(decode(data, source).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}#line{n}"
        try:
            yield from _records(_loads(line, where), where)
        except InputError as exc:
            yield exc


def read_feed(
    data: bytes,
    source: str,
    meta: Mapping[str, Any],
    fetch: Callable[[str], tuple[bytes, str | None]] | None = None,
    *,
    budget: float = FEED_BUDGET_S,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Raw | InputError]:
    """An RSS or Atom feed: each entry's full content, else its linked page.

    Fetching linked pages stops once ``budget`` seconds have gone by; the entries left
    are one failure.
    """
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        raise NotAnArticle("feed has no entries", source=source)
    outlet = feed.feed.get("title")
    end = clock() + budget
    for i, entry in enumerate(feed.entries, start=1):
        if fetch is not None and clock() > end:
            left = len(feed.entries) - i + 1
            yield UnreadableInput(
                f"the feed's {budget:g} s time budget is used up; {left} entries not read",
                source=source,
            )
            return
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
    """HTML responses in a WARC or WARC.gz, streamed record by record (see :mod:`.warc`)."""
    from .warc import read_warc as _read

    yield from _read(stream, source, read_html)  # type: ignore[arg-type]
