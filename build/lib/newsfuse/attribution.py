"""Where the data shipped with newsfuse comes from, and under which licences.

The text lives in ``data/ATTRIBUTION.txt`` (shipped with the package, so an installed
copy carries it); ``newsfuse --version --verbose`` prints it, and ``NOTICE`` at the
repository root says the same.
"""

from __future__ import annotations

from importlib.resources import files

LICENSES = {"newsfuse": "Apache-2.0", "GeoNames": "CC BY 4.0", "Natural Earth": "public domain"}


def text() -> str:
    """The attribution notice for the bundled gazetteer and map data.

    >>> "CC BY 4.0" in text() and "Natural Earth" in text()
    True
    """
    return (files("newsfuse") / "data" / "ATTRIBUTION.txt").read_text(encoding="utf-8")


__all__ = ["LICENSES", "text"]
