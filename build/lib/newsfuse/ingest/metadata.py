"""Metadata that comes from beside an article, or from what it says about itself.

In order of precedence (the first that names a field wins):

1. what the user gives for a single input (``ingest --outlet/--published/--title``);
2. a sidecar ``<name>.meta.json`` (or ``<stem>.meta.json``) beside the file;
3. a folder manifest ``cluster.json`` shaped like the gold sets' (``{"docs": [{"id",
   "outlet", "url", "published", "title"}, ...]}``), matched on the file's stem;
4. what the input itself says (HTML meta, JSON fields, feed entries);
5. for the outlet only: the news agency of the dateline ("AFP, WASHINGTON",
   "WASHINGTON (Reuters) —"), else the web domain of the URL, else the file name as a
   readable label ("daily-lakeside-report.txt" -> "daily lakeside report").

Sidecars and manifests are metadata, not articles: :func:`is_metadata_file` keeps them
out of the inputs. Multi-News style records (``{"documents": [...], ...}``) become one
article per document (:func:`documents`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import Article

SIDECAR = ".meta.json"
MANIFEST = "cluster.json"
MANIFEST_MAX_BYTES = 5_000_000  # a manifest lists files; anything bigger is not one
FIELDS = ("outlet", "url", "published", "title", "byline", "language")

# Wire agencies as datelines name them -> the outlet label they stand for.
AGENCIES = {
    "AFP": "AFP",
    "AP": "AP",
    "REUTERS": "Reuters",
    "UPI": "UPI",
    "DPA": "dpa",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "XINHUA": "Xinhua",
}
_AGENCY = "|".join(AGENCIES)
# "AFP, WASHINGTON" (agency first) or "WASHINGTON (Reuters) —" / "..., Dec 3 (Reuters) -"
_LEAD_AGENCY = re.compile(rf"^\s*({_AGENCY}),\s+[A-Z]", re.I)
_PAREN_AGENCY = re.compile(rf"^[^\n]{{0,80}}?\(({_AGENCY})\)\s*(?:[—–]|-{{1,2}})", re.I)


def _meta_fields(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata fields of a JSON object, ignoring empty or mistyped values."""
    found = {k: obj.get(k) for k in FIELDS}
    names = found.get("byline")
    if isinstance(names, list):
        found["byline"] = tuple(n for n in names if isinstance(n, str))
    return {k: v for k, v in found.items() if v and isinstance(v, str | tuple)}


def _load(path: Path) -> Any:
    """A small JSON file, or None when it is missing, too big or not JSON."""
    try:
        if not path.is_file() or path.stat().st_size > MANIFEST_MAX_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None


@lru_cache(maxsize=64)
def _manifest(folder: str, mtime: float) -> dict[str, dict[str, Any]]:
    """Stem -> metadata of the files a folder's cluster.json lists (cached per mtime)."""
    doc = _load(Path(folder) / MANIFEST)
    docs = doc.get("docs") if isinstance(doc, Mapping) else None
    if not isinstance(docs, list):
        return {}
    found = {}
    for d in docs:
        if isinstance(d, Mapping) and isinstance(d.get("id"), str):
            found[d["id"]] = _meta_fields(d)
    return found


def is_manifest(path: Path) -> bool:
    """True for a ``cluster.json`` that lists documents."""
    if path.name != MANIFEST:
        return False
    doc = _load(path)
    return isinstance(doc, Mapping) and isinstance(doc.get("docs"), list)


def is_metadata_file(path: str) -> bool:
    """True for a sidecar, a folder manifest, or a gold annotation file: not articles."""
    p = Path(path)
    return p.name.endswith((SIDECAR, ".gold.json")) or is_manifest(p)


def for_file(path: str) -> dict[str, Any]:
    """Metadata for a local file from its sidecar and its folder's manifest."""
    p = Path(path)
    meta: dict[str, Any] = {}
    manifest = p.parent / MANIFEST
    try:
        if manifest.is_file():
            listed = _manifest(str(p.parent), manifest.stat().st_mtime)
            meta.update(listed.get(p.stem) or listed.get(p.name) or {})
    except OSError:
        pass
    for sidecar in (p.with_name(p.name + SIDECAR), p.with_name(p.stem + SIDECAR)):
        doc = _load(sidecar)
        if isinstance(doc, Mapping):
            meta.update(_meta_fields(doc))
            break
    return meta


def documents(obj: Any) -> list[tuple[str, dict[str, Any]]] | None:
    """(text, metadata) per document of a Multi-News style record, or None when ``obj``
    is not one (no ``documents`` list of strings or objects)."""
    if not isinstance(obj, Mapping) or not isinstance(obj.get("documents"), list):
        return None
    shared = _meta_fields(obj)
    shared.pop("title", None)  # a cluster's title is not each document's
    found = []
    for doc in obj["documents"]:
        if isinstance(doc, str):
            found.append((doc, dict(shared)))
        elif isinstance(doc, Mapping) and isinstance(doc.get("text"), str):
            found.append((doc["text"], shared | _meta_fields(doc)))
    return found


def agency(article: Article) -> str | None:
    """The news agency an article's dateline credits ("AFP, WASHINGTON" -> "AFP")."""
    head = article.text[:200]
    for region in article.regions:
        if region.kind == "dateline":
            head = article.text[region.start : region.end + 20]
            break
    m = _LEAD_AGENCY.match(head) or _PAREN_AGENCY.match(head)
    return AGENCIES[m.group(1).upper()] if m else None


def _domain(url: str | None) -> str | None:
    """'https://www.example.org/x' -> 'example.org'."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def _file_label(source: str | None) -> str | None:
    """A readable label from a file name: 'kivu-times_report.txt' -> 'kivu times report'."""
    if not source or "://" in source or "#" in source:
        return None  # records of a container file share its name: not a source label
    stem = Path(source).name.split(".")[0]
    label = " ".join(re.split(r"[-_\s]+", stem)).strip()
    return label or None


def with_source_label(article: Article) -> Article:
    """The article with an outlet when it has none: dateline agency, domain, file name."""
    if article.outlet:
        return article
    label = agency(article) or _domain(article.url) or _file_label(article.source)
    return replace(article, outlet=label) if label else article


__all__ = [
    "AGENCIES",
    "agency",
    "documents",
    "for_file",
    "is_manifest",
    "is_metadata_file",
    "with_source_label",
]
