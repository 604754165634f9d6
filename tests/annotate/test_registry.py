"""The built-in stages are registered, ordered and documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.annotate import DEFAULT_STAGES, build_pipeline
from newsfuse.annotate.stages import registered
from newsfuse.errors import ConfigError

SNAPSHOT = Path(__file__).with_name("registry_snapshot.json")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "stages.md"


def _current() -> dict[str, dict[str, list[str]]]:
    return {
        name: {"requires": list(st.requires), "produces": list(st.produces)}
        for name, st in sorted(registered().items())
    }


def test_registry_matches_snapshot() -> None:
    """A stage that silently disappears or changes its contract fails here."""
    assert _current() == json.loads(SNAPSHOT.read_text())


def test_every_registered_stage_is_documented() -> None:
    text = DOCS.read_text()
    missing = [name for name in registered() if f"`{name}`" not in text]
    assert not missing


def test_default_pipeline_builds_in_order() -> None:
    assert build_pipeline().names == DEFAULT_STAGES


@pytest.mark.parametrize(
    "names, message",
    [
        (("quotes.v1",), "requires entities"),
        (("entities.v1", "quote.v1"), "Unknown stage 'quote.v1'. Available: "),
        (("figures.v1", "entities.v1"), "requires entities, places, dates"),
    ],
)
def test_bad_pipeline_is_refused_with_the_reason(names: tuple[str, ...], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_pipeline(names)
