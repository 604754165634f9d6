"""A fictional corpus written for these tests: many distinct short reports, and wire copies.

Every article is made from templates with invented towns, people and numbers, so the
texts are distinct (no two are near duplicates) unless :func:`wire_copy` makes one.
"""

from __future__ import annotations

import json
from pathlib import Path

TOWNS = ["Varnholt", "Esselby", "Mordain", "Quillstead", "Tarrow", "Halvik", "Brennet", "Oskar Bay"]
PEOPLE = ["Ilse Varga", "Tomas Krell", "Amina Oduya", "Pieter Lund", "Rosa Navarro", "Kofi Mensah"]
EVENTS = [
    ("flood", "Flood waters rose along the {river} river and {n} families left their homes"),
    ("fire", "A fire spread through the timber yards and {n} firefighters worked overnight"),
    ("strike", "Dock workers walked out and {n} ships waited outside the harbour"),
    ("quake", "A shallow earthquake cracked roads and {n} buildings were inspected"),
    ("vote", "The town council voted {n} to 4 to rebuild the old market hall"),
]
RIVERS = ["Aller", "Brisk", "Corran", "Dunmere"]


def report(i: int) -> dict[str, str]:
    """Article ``i``: a distinct fictional report as a JSON-lines record."""
    town = TOWNS[i % len(TOWNS)]
    who = PEOPLE[(i // 3) % len(PEOPLE)]
    kind, lead = EVENTS[(i // 2) % len(EVENTS)]
    n = 11 + (i * 37) % 400
    sentences = [
        lead.format(river=RIVERS[i % len(RIVERS)], n=n) + f" in {town} on Tuesday.",
        f"“We are doing everything we can for the people of {town},” said {who}, "
        f"the regional coordinator, in report number {i}.",
        f"Officials counted {n + 3} volunteers and {i % 9 + 2} emergency vehicles by noon.",
        f"Residents of the {['north', 'south', 'east', 'west'][i % 4]} quarter said the "
        f"{kind} was the worst since {1950 + i % 60}.",
        f"{who.split()[-1]} said a full assessment, item {i * 7}, would follow within "
        f"{i % 5 + 2} days.",
    ]
    return {
        "title": f"{kind.capitalize()} in {town} ({i})",
        "outlet": f"The {town} Courier",
        "published": f"2024-03-{1 + i % 28:02d}",
        "text": " ".join(sentences),
    }


def wire_copy(record: dict[str, str], outlet: str) -> dict[str, str]:
    """The same story as republished elsewhere: new headline, outlet and last line."""
    return {
        **record,
        "title": "Reprint: " + record["title"],
        "outlet": outlet,
        "text": record["text"] + " This report was republished with permission.",
    }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    """Write ``records`` as one JSON-lines file."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
