"""newsfuse: many news reports about one situation, fused into one sourced picture.

The phases are packages, used as ``newsfuse.ingest.read(...)``,
``newsfuse.annotate.annotate(...)``, ``newsfuse.fuse.fuse(...)``,
``newsfuse.brief.render_html(...)``; :func:`open_store` opens the SQLite or PostgreSQL
store, and :mod:`newsfuse.workflow` runs the phases over it. Phases are imported on
first use, so ``import newsfuse`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import NewsfuseError
from .model import Article

__version__ = "0.1.0"

__all__ = ["Article", "NewsfuseError", "annotate", "brief", "fuse", "ingest", "open_store"]

_PHASES = ("annotate", "brief", "fuse", "ingest")


def __getattr__(name: str) -> Any:
    """Import a phase package (or ``open_store``) on first access."""
    if name in _PHASES:
        return importlib.import_module(f".{name}", __name__)
    if name == "open_store":
        return importlib.import_module(".store", __name__).open_store
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
