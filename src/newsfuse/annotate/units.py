"""Units of measure and currencies: what a figure's unit is, and a comparable value.

Measures (area, length, mass, volume, speed, temperature, duration) are converted with
`pint <https://pint.readthedocs.io>`_ to one unit per dimension, so that "some 900
square miles" and "about 2,400 square kilometres" compare (2,331 vs 2,400 km²).
Currencies are never converted (rates change by the day): an amount keeps its ISO 4217
code, and claims decide when two currencies are one deal (see ``fuse.claims``).

Only the unit words listed in :data:`MEASURES` are read as measures: pint knows
thousands of names ("cent", "point", "count", "mile" ...), and a count of "points" or
"minutes" of a match is not a length or a time to convert blindly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Unit words (singular, lower case) -> pint unit; extend with care (see module doc).
MEASURES = {
    "square mile": "mile**2",
    "sq mile": "mile**2",
    "square kilometre": "km**2",
    "square kilometer": "km**2",
    "sq km": "km**2",
    "km2": "km**2",
    "hectare": "hectare",
    "acre": "acre",
    "mile": "mile",
    "kilometre": "km",
    "kilometer": "km",
    "km": "km",
    "metre": "m",
    "meter": "m",
    "foot": "foot",
    "feet": "foot",
    "ft": "foot",
    "yard": "yard",
    "inch": "inch",
    "millimetre": "mm",
    "millimeter": "mm",
    "mm": "mm",
    "centimetre": "cm",
    "centimeter": "cm",
    "tonne": "metric_ton",
    "ton": "metric_ton",  # news "tons" are mostly metric; short tons differ by 10%
    "kilogram": "kg",
    "kg": "kg",
    "litre": "liter",
    "liter": "liter",
    "gallon": "gallon",
    "barrel": "oil_barrel",
    "mph": "mile/hour",
    "kph": "km/hour",
    "km/h": "km/hour",
    "degree celsius": "degC",
    "degrees celsius": "degC",
    "degree fahrenheit": "degF",
    "degrees fahrenheit": "degF",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "10 * year",  # pint's own "decade" is logarithmic
}
# One display unit per dimension: what normalized values are given in.
TARGETS = {
    "[length] ** 2": ("km**2", "km2"),
    "[length]": ("m", "m"),  # rain in mm and bridges in feet compare in metres
    "[mass]": ("kg", "kg"),
    "[length] ** 3": ("liter", "litre"),
    "[length] / [time]": ("km/hour", "km/h"),
    "[temperature]": ("degC", "degC"),
    "[time]": ("day", "days"),
}
ISO_CURRENCY = {
    "dollars": "USD",
    "us dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "new zealand dollars": "NZD",
    "singapore dollars": "SGD",
    "euros": "EUR",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "yuan": "CNY",
    "rand": "ZAR",
    "dirhams": "AED",
    "swiss francs": "CHF",
    "francs": "CHF",
    "rubles": "RUB",
    "roubles": "RUB",
    "won": "KRW",
}
ISO_CODES = frozenset(ISO_CURRENCY.values())


@lru_cache(maxsize=1)
def _registry() -> Any:
    """The pint registry, built once (about 1.5 s) on first use."""
    import pint

    return pint.UnitRegistry()


def _singular(word: str) -> str:
    """'square miles' -> 'square mile', 'inches' -> 'inch', 'feet' stays."""
    if word.endswith("ches"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "mph", "kph")):
        return word[:-1]
    return word


def measure_key(unit: str) -> str | None:
    """The :data:`MEASURES` key a unit phrase names, or None when it is not a measure.

    >>> measure_key("square miles"), measure_key("Meters"), measure_key("troops")
    ('square mile', 'meter', None)
    """
    text = re.sub(r"\s+", " ", unit.lower().replace("²", "2")).strip()
    for cand in (text, _singular(text)):
        if cand in MEASURES:
            return cand
    return None


def currency_code(unit: str) -> str | None:
    """The ISO 4217 code of a currency unit ("pounds", "USD per share" -> "GBP", "USD").

    >>> currency_code("euros"), currency_code("GBP per share"), currency_code("votes")
    ('EUR', 'GBP', None)
    """
    head = unit.split(" per ")[0].strip()
    if head in ISO_CODES:
        return head
    return ISO_CURRENCY.get(head.lower())


def normalize(value: float, unit: str) -> tuple[float, str] | None:
    """A comparable ``(value, unit)`` for a measure, converted with pint; None otherwise.

    >>> v, u = normalize(900, "square miles"); (round(v), u)
    (2331, 'km2')
    >>> normalize(3, "weeks"), normalize(40, "troops")
    ((21.0, 'days'), None)
    """
    key = measure_key(unit)
    if key is None:
        return None
    ureg = _registry()
    spec = MEASURES[key]
    factor, _, name = spec.rpartition(" * ")
    qty = ureg.Quantity(value * float(factor or 1), name)
    target = TARGETS.get(str(qty.dimensionality))
    if target is None:
        return None
    return round(float(qty.to(target[0]).magnitude), 6), target[1]


__all__ = ["ISO_CURRENCY", "MEASURES", "currency_code", "measure_key", "normalize"]
