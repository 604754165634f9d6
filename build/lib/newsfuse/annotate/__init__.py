"""annotate: a pure function ``Article -> AnnotatedArticle`` (see :mod:`.pipeline`)."""

from .pipeline import DEFAULT_STAGES, annotate, build_pipeline, run
from .resources import Resources

__all__ = ["DEFAULT_STAGES", "Resources", "annotate", "build_pipeline", "run"]
