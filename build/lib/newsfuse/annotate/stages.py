"""The extension point: stages registered by a versioned name.

A stage is a function ``(state, resources) -> dict`` that reads the fields it
``requires`` from ``state`` and returns the fields it ``produces``. Built-in stages are
registered in :mod:`newsfuse.annotate.registry` through this same decorator; third-party
packages register theirs by exposing a module in the ``newsfuse.stages`` entry-point group
whose import calls :func:`stage`.

Hooks (the whole plugin interface):

- :func:`stage` registers a stage under a versioned name.
- :func:`registered` lists what is registered, built-ins and plugins alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from ..errors import ConfigError

StageFunc = Callable[[Mapping[str, Any], Any], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Stage:
    """A registered annotation stage: what it needs, what it adds, and the function."""

    name: str
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    func: StageFunc


_REGISTRY: dict[str, Stage] = {}
_PLUGINS_LOADED = False


def stage(
    name: str, *, requires: tuple[str, ...] = (), produces: tuple[str, ...]
) -> Callable[[StageFunc], StageFunc]:
    """Register the decorated function as the stage ``name`` (e.g. ``"quotes.v1"``)."""

    def register(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ConfigError(f"Stage {name!r} is registered twice.")
        _REGISTRY[name] = Stage(name, tuple(requires), tuple(produces), func)
        return func

    return register


def _load_plugins() -> None:
    """Import the built-in registrations and every ``newsfuse.stages`` entry point once."""
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    from . import registry  # noqa: F401  (registers the built-in stages)

    for ep in entry_points(group="newsfuse.stages"):
        try:
            ep.load()
        except Exception as exc:  # a broken plugin must name itself, not crash import
            raise ConfigError(
                f"Stage plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
            ) from exc


def registered() -> dict[str, Stage]:
    """Every registered stage by name, built-ins and plugins."""
    _load_plugins()
    return dict(_REGISTRY)


def get_stage(name: str) -> Stage:
    """The stage called ``name``, or a :class:`ConfigError` listing the valid names."""
    stages = registered()
    if name not in stages:
        raise ConfigError(f"Unknown stage {name!r}. Available: {', '.join(sorted(stages))}")
    return stages[name]
