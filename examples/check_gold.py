"""Check the example gold set against the format of ../shared/eval/SCHEMA.md.

    .venv/bin/python examples/check_gold.py [GOLD_DIR]     # default: examples/gold

For every cluster folder it checks that ``cluster.json`` has the documented keys, that
every listed document has its ``.txt`` and ``.gold.json``, that each gold file has the
six fields with the documented item shapes, and that every ``mentions`` / ``evidence`` /
``starts_with`` string is an exact substring of the article text. It also checks what
the schema implies: qualifiers from the closed list, ISO 8601 date values, ISO 3166
country codes and coordinate ranges, quote speakers that name a person or organization
of the cluster, and claim values that match a gold figure of their document.

Prints one line per problem and exits 1 if there is any, else prints a summary and
exits 0.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold"

FIELDS = ("people", "organizations", "places", "quotes", "figures", "dates")
QUALIFIERS = {"exact", "about", "nearly", "more than", "less than", "at least", "up to", "peak"}
CLAIM_STATUSES = {"corroborated", "consistent", "conflicting", "single-source"}
UNNAMED_SPEAKER = "(unnamed)"
# ISO 8601 at the precisions SCHEMA.md lists: day, month, year, season (SP/SU/FA/WI),
# ISO week, and ranges of any of these joined by "/".
_ONE_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?|-(?:SP|SU|FA|WI)|-W\d{2})?"
DATE_VALUE = re.compile(rf"^{_ONE_DATE}(?:/{_ONE_DATE})?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
MIN_QUOTE_WORDS, MAX_QUOTE_WORDS = 1, 6  # SCHEMA: 3-6 words, fewer when the quote is shorter


def _type_problems(where: str, item: Any, shape: dict[str, tuple[type, ...]]) -> list[str]:
    """Problems with one item's keys and value types against ``shape``."""
    if not isinstance(item, dict):
        return [f"{where}: item is {type(item).__name__}, not an object"]
    out = [f"{where}: missing key {k!r}" for k in shape if k not in item]
    for key, types in shape.items():
        if key in item and not isinstance(item[key], types):
            out.append(f"{where}: {key}={item[key]!r} is not {'/'.join(t.__name__ for t in types)}")
    return out


def _strings_in_text(where: str, strings: list[str], text: str) -> list[str]:
    """Problems for strings that are not exact substrings of the text."""
    return [f"{where}: {s!r} is not a substring of the text" for s in strings if s not in text]


NUMBER = (int, float)
SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "people": {
        "name": (str,),
        "mentions": (list,),
        "title": (str, type(None)),
        "role": (str, type(None)),
    },
    "organizations": {"name": (str,), "mentions": (list,)},
    "places": {
        "name": (str,),
        "mentions": (list,),
        "country": (str, type(None)),
        "lat": NUMBER,
        "lon": NUMBER,
    },
    "quotes": {"starts_with": (str,), "speaker": (str,)},
    "figures": {"value": NUMBER, "unit": (str,), "qualifier": (str,), "evidence": (str,)},
    "dates": {"mention": (str,), "value": (str,)},
}


def check_document(where: str, gold: dict[str, Any], text: str) -> list[str]:
    """Problems in one ``<doc>.gold.json`` against its article text.

    Args:
        where: a label for messages, e.g. ``"kivu/cw"``.
        gold: the parsed gold file.
        text: the article text.

    Returns:
        One message per problem; empty when the file is well formed.
    """
    out = [f"{where}: missing field {f!r}" for f in FIELDS if not isinstance(gold.get(f), list)]
    for field in FIELDS:
        for i, item in enumerate(gold.get(field) or []):
            at = f"{where}.{field}[{i}]"
            problems = _type_problems(at, item, SHAPES[field])
            out += problems
            if problems:
                continue
            if field in ("people", "organizations", "places"):
                if not item["mentions"]:
                    out.append(f"{at}: no mentions")
                out += _strings_in_text(at, item["mentions"], text)
            if field == "places":
                if item["country"] is not None and not COUNTRY.match(item["country"]):
                    out.append(f"{at}: country {item['country']!r} is not ISO 3166-1 alpha-2")
                if not (-90 <= item["lat"] <= 90 and -180 <= item["lon"] <= 180):
                    out.append(f"{at}: coordinates {item['lat']},{item['lon']} out of range")
                if round(item["lat"], 2) != item["lat"] or round(item["lon"], 2) != item["lon"]:
                    out.append(f"{at}: coordinates not rounded to 2 decimals")
            if field == "quotes":
                out += _strings_in_text(at, [item["starts_with"]], text)
                n_words = len(item["starts_with"].split())
                if not MIN_QUOTE_WORDS <= n_words <= MAX_QUOTE_WORDS:
                    out.append(f"{at}: starts_with has {n_words} words (want up to 6)")
            if field == "figures":
                out += _strings_in_text(at, [item["evidence"]], text)
                if item["qualifier"] not in QUALIFIERS:
                    out.append(f"{at}: qualifier {item['qualifier']!r} not in {sorted(QUALIFIERS)}")
            if field == "dates":
                out += _strings_in_text(at, [item["mention"]], text)
                if not DATE_VALUE.match(item["value"]):
                    out.append(
                        f"{at}: value {item['value']!r} is not ISO 8601 at a schema precision"
                    )
    names = [e["name"] for f in ("people", "organizations", "places") for e in gold.get(f) or []]
    out += [f"{where}: entity name {n!r} listed twice" for n, c in Counter(names).items() if c > 1]
    return out


def check_cluster(folder: Path) -> tuple[list[str], Counter[str]]:
    """Problems in one cluster folder, and counts of its gold items per field."""
    counts: Counter[str] = Counter()
    try:
        meta = json.loads((folder / "cluster.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{folder.name}/cluster.json: {exc}"], counts
    out = [
        f"{folder.name}: cluster.json has no {k!r}"
        for k in ("id", "topic", "docs", "claims")
        if k not in meta
    ]
    if meta.get("id") != folder.name:
        out.append(
            f"{folder.name}: cluster.json id {meta.get('id')!r} differs from the folder name"
        )
    texts: dict[str, str] = {}
    golds: dict[str, dict[str, Any]] = {}
    for doc in meta.get("docs", []):
        out += _type_problems(
            f"{folder.name}/docs/{doc.get('id')}",
            doc,
            {
                "id": (str,),
                "outlet": (str,),
                "url": (str, type(None)),
                "published": (str,),
                "title": (str, type(None)),
            },
        )
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(doc.get("published"))):
            out.append(
                f"{folder.name}/{doc.get('id')}: published {doc.get('published')!r} is not YYYY-MM-DD"
            )
        try:
            texts[doc["id"]] = (folder / f"{doc['id']}.txt").read_text(encoding="utf-8")
            golds[doc["id"]] = json.loads(
                (folder / f"{doc['id']}.gold.json").read_text(encoding="utf-8")
            )
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            out.append(f"{folder.name}/{doc.get('id')}: {exc}")
            continue
        out += check_document(f"{folder.name}/{doc['id']}", golds[doc["id"]], texts[doc["id"]])
        counts["docs"] += 1
        counts["words"] += len(texts[doc["id"]].split())
        for field in FIELDS:
            counts[field] += len(golds[doc["id"]].get(field) or [])
        counts["roles"] += sum(1 for p in golds[doc["id"]].get("people") or [] if p.get("role"))
    listed = {d.get("id") for d in meta.get("docs", [])}
    for path in folder.glob("*.txt"):
        if path.stem not in listed:
            out.append(f"{folder.name}: {path.name} is not listed in cluster.json")
    speakers: set[str] = set()
    for gold in golds.values():
        for field in ("people", "organizations"):
            for e in gold.get(field) or []:
                speakers.update([e["name"], *e["mentions"]])
    for doc_id, gold in golds.items():
        for q in gold.get("quotes") or []:
            if q.get("speaker") not in speakers | {UNNAMED_SPEAKER}:
                out.append(
                    f"{folder.name}/{doc_id}: speaker {q.get('speaker')!r} is no person/organization of the cluster"
                )
    for i, claim in enumerate(meta.get("claims", [])):
        at = f"{folder.name}/claims[{i}]"
        if claim.get("expected_status", "single-source") not in CLAIM_STATUSES:
            out.append(
                f"{at}: expected_status {claim.get('expected_status')!r} not in {sorted(CLAIM_STATUSES)}"
            )
        for value in claim.get("values", []):
            doc_id = value.get("doc")
            if doc_id not in texts:
                out.append(f"{at}: doc {doc_id!r} is not in the cluster")
                continue
            out += _strings_in_text(f"{at}/{doc_id}", [value.get("evidence", "")], texts[doc_id])
            if value.get("qualifier") not in QUALIFIERS:
                out.append(f"{at}/{doc_id}: qualifier {value.get('qualifier')!r} not allowed")
            figures = golds[doc_id].get("figures") or []
            if not any(
                f["value"] == value.get("value")
                and f["qualifier"] == value.get("qualifier")
                and (
                    f["evidence"] in value.get("evidence", "")
                    or value.get("evidence", "") in f["evidence"]
                )
                for f in figures
            ):
                out.append(
                    f"{at}/{doc_id}: value {value.get('value')!r} ({value.get('evidence')!r}) is no gold figure"
                )
    for dup in meta.get("near_duplicates", []):
        if dup.get("doc") not in texts or dup.get("original") not in texts:
            out.append(f"{folder.name}: near_duplicates entry {dup!r} names an unknown doc")
    return out, counts


def main(argv: list[str]) -> int:
    """Check every cluster under the gold folder; print problems or a summary."""
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    clusters = sorted(p for p in root.iterdir() if p.is_dir())
    problems: list[str] = []
    total: Counter[str] = Counter()
    for folder in clusters:
        found, counts = check_cluster(folder)
        problems += found
        total.update(counts)
        total["claims"] += len(
            json.loads((folder / "cluster.json").read_text(encoding="utf-8")).get("claims", [])
        )
    if problems:
        print("\n".join(problems))
        return 1
    summary = ", ".join(f"{k} {total[k]}" for k in ("docs", "words", *FIELDS, "roles", "claims"))
    print(f"gold ok: {len(clusters)} clusters, {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
