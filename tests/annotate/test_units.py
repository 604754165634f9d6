"""Unit conversions: the written-out table converts every measure exactly as pint does."""

from __future__ import annotations

import pint
import pytest

from newsfuse.annotate.units import CONVERSIONS, MEASURES, TARGETS, normalize


@pytest.fixture(scope="module")
def ureg() -> pint.UnitRegistry:
    return pint.UnitRegistry()


def test_every_measure_has_a_conversion() -> None:
    assert set(CONVERSIONS) == set(MEASURES)


@pytest.mark.parametrize("key", sorted(MEASURES))
@pytest.mark.parametrize("value", [0.0, 1.0, 2.5, 900.0, -40.0, 123456.0])
def test_conversion_matches_pint(ureg: pint.UnitRegistry, key: str, value: float) -> None:
    factor, _, name = MEASURES[key].rpartition(" * ")
    qty = ureg.Quantity(value * float(factor or 1), name)
    target, label = TARGETS[str(qty.dimensionality)]
    got = normalize(value, key)
    assert got is not None
    assert got[1] == label
    assert got[0] == pytest.approx(float(qty.to(target).magnitude), rel=1e-9, abs=1e-6)


def test_plural_and_case_variants_convert() -> None:
    assert normalize(10, "Square Miles") == normalize(10, "square mile")
    assert normalize(32, "degrees Fahrenheit") == (0.0, "degC")
    assert normalize(40, "troops") is None
