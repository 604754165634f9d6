"""A larger, generated corpus for the page tests: many small stories across many places.

Fictional reports built from templates (deterministic: one seed), so a store holds more
stories than one front page shows, stories whose maps span several towns, and long
outlet and place lists. Each event is told by three outlets on consecutive days.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

TOWNS = [
    ("Boise", "Idaho"),
    ("Spokane", "Washington"),
    ("Tulsa", "Oklahoma"),
    ("Wichita", "Kansas"),
    ("Omaha", "Nebraska"),
    ("Fresno", "California"),
    ("Tucson", "Arizona"),
    ("Albuquerque", "New Mexico"),
    ("Des Moines", "Iowa"),
    ("Little Rock", "Arkansas"),
    ("Knoxville", "Tennessee"),
    ("Savannah", "Georgia"),
    ("Duluth", "Minnesota"),
    ("Billings", "Montana"),
    ("Lubbock", "Texas"),
    ("Fargo", "North Dakota"),
    ("Bangor", "Maine"),
    ("Erie", "Pennsylvania"),
]
EVENTS = [
    ("warehouse fire", "A fire destroyed a {n}-square-foot warehouse", "firefighters"),
    ("bridge closure", "Engineers closed a {n}-foot bridge after cracks were found", "drivers"),
    ("water main break", "A water main break left {n} homes without water", "residents"),
    ("school bus crash", "A school bus crash injured {n} children", "parents"),
    ("factory layoffs", "A parts factory announced it would cut {n} jobs", "workers"),
    ("grain silo collapse", "A grain silo collapsed, spilling {n} tons of corn", "farmers"),
]
NEAR = [
    ("Nampa", "Idaho"),
    ("Yakima", "Washington"),
    ("Norman", "Oklahoma"),
    ("Topeka", "Kansas"),
    ("Lincoln", "Nebraska"),
    ("Modesto", "California"),
    ("Flagstaff", "Arizona"),
    ("Santa Fe", "New Mexico"),
    ("Ames", "Iowa"),
    ("Conway", "Arkansas"),
    ("Chattanooga", "Tennessee"),
    ("Macon", "Georgia"),
    ("Rochester", "Minnesota"),
    ("Bozeman", "Montana"),
    ("Amarillo", "Texas"),
    ("Bismarck", "North Dakota"),
    ("Augusta", "Maine"),
    ("Altoona", "Pennsylvania"),
]
FIRST = ["Maria", "James", "Aisha", "Tomas", "Grace", "Daniel", "Leila", "Owen", "Nadia"]
LAST = ["Hollister", "Okafor", "Brennan", "Lindqvist", "Duarte", "Whitcomb", "Saldana"]
OUTLETS = ["Prairie Ledger", "Valley Courier", "Northern Dispatch", "Harbor Times"]


def generated_corpus(folder: Path, events: int = 18, seed: int = 7) -> Path:
    """Write ``events`` x 3 fictional reports to ``folder/generated.jsonl`` and return it."""
    rng = random.Random(seed)
    lines = []
    start = date(2024, 3, 1)
    for i in range(events):
        town, state = TOWNS[i % len(TOWNS)]
        near, near_state = NEAR[i % len(NEAR)]
        kind, lead, who = EVENTS[i % len(EVENTS)]
        official = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"  # one per event
        n = rng.randrange(12, 900)
        day = start + timedelta(days=4 * i)
        for k in range(3):
            outlet = OUTLETS[(i + k) % len(OUTLETS)]
            published = day + timedelta(days=k)
            text = (
                f"{town.upper()}, {state} — {lead.format(n=n)} in {town} on "
                f"{day.strftime('%A')}, officials said. "
                f'"We have never seen anything like this in {town}," said {official}, '
                f"the city's emergency manager. Crews from {near}, {near_state}, were sent "
                f"to help, and {who} were told to stay away from the area.\n\n"
                f"{official} said {rng.randrange(2, 9)} agencies were working on the "
                f"{kind}. The county expects a report by {published + timedelta(days=10):%B %d}."
            )
            lines.append(
                {
                    "id": f"gen-{i:02d}-{k}",
                    "title": f"{kind.capitalize()} in {town}: {who} told to stay away"
                    + ("" if k == 0 else f" ({outlet})"),
                    "text": text,
                    "outlet": outlet,
                    "published": published.isoformat(),
                }
            )
    path = folder / "generated.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path
