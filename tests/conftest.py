"""Shared fixtures: the loaded spaCy model once per session, hermetic environment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.model import Article, new_article

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's store, aliases or model settings."""
    for var in ("NEWSFUSE_DB", "NEWSFUSE_ALIASES", "NEWSFUSE_SPACY_MODEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield


@pytest.fixture(scope="session")
def resources() -> Any:
    """The real spaCy model and lookup tables, loaded once."""
    from newsfuse.annotate import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def nlp(resources: Any) -> Any:
    return resources.nlp


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Build an article from text; publication date defaults to 2021-03-10."""

    def make(text: str, published: dt.date | str | None = "2021-03-10", **meta: Any) -> Article:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        return new_article(text, published=published, **meta)

    return make
