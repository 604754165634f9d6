"""Whether a name the entity phases meet is a place or a people: countries, regions,
sizeable towns and demonyms ("Sri Lankan") are neither persons nor organizations."""

from __future__ import annotations

from typing import Any

from ..gazetteer import norm_name
from .draft import Draft
from .patterns import PLACE_MIN_POPULATION


def is_place_or_people(d: Draft, name: str) -> bool:
    """``name`` is a country, region, sizeable town or a demonym ("Sri Lankan")."""
    if d.gaz is None or d.table.lookup(name):
        return False
    entries = d.gaz.lookup(name)
    return is_demonym(d.gaz, name) or any(
        e.feature != "city" or (e.population or 0) >= PLACE_MIN_POPULATION for e in entries
    )


_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


def is_demonym(gaz: Any, surface: str) -> bool:
    """A country's people or adjective: a known demonym, or a country name plus a
    demonym ending ("Sri Lankan", "Rwandan")."""
    if norm_name(surface) in gaz.demonyms:
        return True
    for ending in _DEMONYM_ENDINGS:
        if surface.endswith(ending) and len(surface) > len(ending) + 3:
            stem = surface[: -len(ending)]
            if any(e.feature == "country" for e in gaz.lookup(stem)):
                return True
    return False
