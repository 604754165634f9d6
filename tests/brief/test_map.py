"""The static map frames where the story happens, labels never overlap, and it is lean."""

from __future__ import annotations

import re

import pytest

from newsfuse.brief.mapsvg import HEIGHT, WIDTH, MapPin, frame_pins, render_map

pytestmark = pytest.mark.issue(13)

# A fictional flood story: the places it happens in are named often; one simile names a
# faraway country once ("an area larger than Luxembourg").
STORY = [
    MapPin("Sylhet", 24.9, 91.87, "place", weight=6, sources=3),
    MapPin("Sunamganj", 25.07, 91.4, "place", weight=3, sources=2),
    MapPin("Dhaka", 23.71, 90.41, "place", weight=2, sources=2),
    MapPin("Meghalaya", 25.5, 91.37, "place", weight=2, sources=1),
    MapPin("Bangladesh", 24.0, 90.0, "place", weight=5, sources=3),
    MapPin("Luxembourg", 49.75, 6.17, "place", weight=1, sources=1),
]


def _boxes(svg: str, size: str = "wide") -> list[tuple[float, ...]]:
    """The label boxes of one label set: ``wide`` (desktop) or ``narrow`` (phone)."""
    found = re.findall(rf'class="label {size}"[^>]*data-box="([^"]+)"', svg)
    return [tuple(map(float, b.split())) for b in found]


def test_a_one_off_far_place_does_not_stretch_the_frame_and_is_listed() -> None:
    _inside, outside = frame_pins(STORY)
    assert [p.name for p in outside] == ["Luxembourg"]
    svg = render_map(STORY)
    assert "Also mentioned: Luxembourg" in svg
    labelled = re.findall(r'class="label wide"[^>]*>([^<]+)<', svg)
    assert {"Sylhet", "Dhaka", "Bangladesh"} <= set(labelled)


def test_places_named_in_two_or_more_sentences_are_all_inside_the_frame() -> None:
    svg = render_map(STORY)
    drawn = re.findall(r"<title>([^<—·]+?)(?: —| ·|</title>)", svg)
    for p in STORY:
        if p.weight >= 2:
            assert p.name in drawn


def test_labels_never_overlap_each_other_and_stay_in_the_frame() -> None:
    crowded = [
        MapPin(name, 33.0 + i * 0.15, 43.0 + i * 0.1, "place", weight=3, sources=2)
        for i, name in enumerate(["Mosul", "Tikrit", "Baghdad", "Anbar", "Ramadi", "Falluja"])
    ]
    svg = render_map(crowded)
    for size in ("wide", "narrow"):
        boxes = _boxes(svg, size)
        assert boxes
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[2] <= WIDTH and a[1] >= 0 and a[3] <= HEIGHT
            for b in boxes[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    # the phone's labels are larger, so fewer fit: never more than on a desktop
    assert len(_boxes(svg, "narrow")) <= len(_boxes(svg, "wide"))


def test_outlines_are_clipped_to_the_frame() -> None:
    svg = render_map(STORY)
    numbers = [int(n) for n in re.findall(r"M(-?\d+) (-?\d+)", svg) for n in n]
    assert all(-1 <= n <= WIDTH + 1 for n in numbers)
    assert len(svg) < 40_000  # a regional map carries only the coastline it shows
