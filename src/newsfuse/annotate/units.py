"""Units of measure and currencies: what a figure's unit is, and a comparable value.

Measures (area, length, mass, volume, speed, temperature, duration) are converted with
`pint <https://pint.readthedocs.io>`_ to one unit per dimension, so that "some 900
square miles" and "about 2,400 square kilometres" compare (2,331 vs 2,400 km²).
Currencies are never converted (rates change by the day): an amount keeps its ISO 4217
code, and claims decide when two currencies are one deal (see ``fuse.claims``).

Only the unit words listed in :data:`MEASURES` are read as measures: pint knows
thousands of names ("cent", "point", "count", "mile" ...), and a count of "points" or
"minutes" of a match is not a length or a time to convert blindly.

The conversions themselves are the linear maps in :data:`CONVERSIONS`, taken from pint
once and written here (a test checks every one against pint): building pint's registry
costs about a second of CPU in every process that annotates, for a fixed table of ~50
units.
"""

from __future__ import annotations

import re

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
# US dollars per unit, to the nearest round figure: only to tell whether two amounts in
# different currencies can be one amount (within a factor of two), never to compare or
# convert values (money stays in the stated currency). Rates drift; the factor allows it.
ROUGH_USD = {
    "USD": 1.0,
    "AUD": 0.7,
    "CAD": 0.75,
    "HKD": 0.13,
    "NZD": 0.65,
    "SGD": 0.74,
    "EUR": 1.1,
    "GBP": 1.3,
    "JPY": 0.008,
    "INR": 0.013,
    "CNY": 0.14,
    "ZAR": 0.07,
    "AED": 0.27,
    "CHF": 1.05,
    "RUB": 0.013,
    "KRW": 0.00077,
}


def roughly_same_amount(a: float, code_a: str, b: float, code_b: str) -> bool:
    """Can ``a`` in one currency and ``b`` in another be one amount? (Rough rates,
    :data:`ROUGH_USD`, within a factor of two; unknown currencies: no.)

    >>> roughly_same_amount(46e9, "GBP", 62e9, "USD"), roughly_same_amount(46e9, "GBP", 1.4e9, "USD")
    (True, False)
    >>> roughly_same_amount(45.3e9, "GBP", 769e9, "ZAR")
    True
    """
    ra, rb = ROUGH_USD.get(code_a), ROUGH_USD.get(code_b)
    if ra is None or rb is None or a <= 0 or b <= 0:
        return False
    x, y = sorted((a * ra, b * rb))
    return y <= 2 * x


# Unit key -> (scale, offset, display unit): value * scale + offset is the value in the
# TARGETS unit of the key's dimension, as pint converts it (tests/annotate/test_units.py).
CONVERSIONS: dict[str, tuple[float, float, str]] = {
    "square mile": (2.589988110336, 0.0, "km2"),
    "sq mile": (2.589988110336, 0.0, "km2"),
    "square kilometre": (1.0, 0.0, "km2"),
    "square kilometer": (1.0, 0.0, "km2"),
    "sq km": (1.0, 0.0, "km2"),
    "km2": (1.0, 0.0, "km2"),
    "hectare": (0.01, 0.0, "km2"),
    "acre": (0.004046872609874252, 0.0, "km2"),
    "mile": (1609.344, 0.0, "m"),
    "kilometre": (1000.0, 0.0, "m"),
    "kilometer": (1000.0, 0.0, "m"),
    "km": (1000.0, 0.0, "m"),
    "metre": (1.0, 0.0, "m"),
    "meter": (1.0, 0.0, "m"),
    "foot": (0.3048, 0.0, "m"),
    "feet": (0.3048, 0.0, "m"),
    "ft": (0.3048, 0.0, "m"),
    "yard": (0.9144, 0.0, "m"),
    "inch": (0.0254, 0.0, "m"),
    "millimetre": (0.001, 0.0, "m"),
    "millimeter": (0.001, 0.0, "m"),
    "mm": (0.001, 0.0, "m"),
    "centimetre": (0.01, 0.0, "m"),
    "centimeter": (0.01, 0.0, "m"),
    "tonne": (1000.0, 0.0, "kg"),
    "ton": (1000.0, 0.0, "kg"),
    "kilogram": (1.0, 0.0, "kg"),
    "kg": (1.0, 0.0, "kg"),
    "litre": (1.0, 0.0, "litre"),
    "liter": (1.0, 0.0, "litre"),
    "gallon": (3.785411784, 0.0, "litre"),
    "barrel": (158.987294928, 0.0, "litre"),
    "mph": (1.609344, 0.0, "km/h"),
    "kph": (1.0, 0.0, "km/h"),
    "km/h": (1.0, 0.0, "km/h"),
    "degree celsius": (1.0, 0.0, "degC"),
    "degrees celsius": (1.0, 0.0, "degC"),
    "degree fahrenheit": (5 / 9, -160 / 9, "degC"),
    "degrees fahrenheit": (5 / 9, -160 / 9, "degC"),
    "second": (1 / 86400, 0.0, "days"),
    "minute": (1 / 1440, 0.0, "days"),
    "hour": (1 / 24, 0.0, "days"),
    "day": (1.0, 0.0, "days"),
    "week": (7.0, 0.0, "days"),
    "month": (30.4375, 0.0, "days"),
    "year": (365.25, 0.0, "days"),
    "decade": (3652.5, 0.0, "days"),
}


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
    """A comparable ``(value, unit)`` for a measure (pint's conversion); None otherwise.

    >>> v, u = normalize(900, "square miles"); (round(v), u)
    (2331, 'km2')
    >>> normalize(3, "weeks"), normalize(40, "troops"), normalize(212, "degrees Fahrenheit")
    ((21.0, 'days'), None, (100.0, 'degC'))
    """
    key = measure_key(unit)
    if key is None:
        return None
    scale, offset, target = CONVERSIONS[key]
    return round(value * scale + offset, 6), target


__all__ = [
    "CONVERSIONS",
    "ISO_CURRENCY",
    "MEASURES",
    "ROUGH_USD",
    "currency_code",
    "measure_key",
    "normalize",
    "roughly_same_amount",
]
