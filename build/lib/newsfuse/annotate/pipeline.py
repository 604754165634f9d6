"""Build and run the annotation pipeline: ``Article -> AnnotatedArticle``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, StageError
from ..model import AnnotatedArticle, Article, Failure
from .resources import Resources
from .stages import Stage, get_stage

DEFAULT_STAGES = (
    "entities.v1",
    "places.v1",
    "dates.v1",
    "figures.v1",
    "quotes.v1",
    "events.v1",
)
# What the pipeline itself provides before the first stage runs.
_BASE_FIELDS = ("article", "doc")
# Fields copied from the state into AnnotatedArticle.
_OUTPUT_FIELDS = ("entities", "places", "quotes", "figures", "dates", "events", "sentences")
NLP_BATCH_SIZE = 32  # spaCy's default; larger gained nothing on 2 cores (bench/annotate)


@dataclass(frozen=True, slots=True)
class Pipeline:
    """An ordered, checked list of stages."""

    stages: tuple[Stage, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The versioned names of the stages, in order."""
        return tuple(s.name for s in self.stages)


def build_pipeline(names: Sequence[str] = DEFAULT_STAGES) -> Pipeline:
    """Resolve stage names and check that each stage's requirements come before it.

    Raises:
        ConfigError: an unknown stage, or a stage whose input no earlier stage produces.
    """
    available = set(_BASE_FIELDS)
    stages = []
    for name in names:
        st = get_stage(name)
        missing = [r for r in st.requires if r not in available]
        if missing:
            raise ConfigError(
                f"Stage {name!r} requires {', '.join(missing)}, which no earlier stage "
                f"produces. Order given: {', '.join(names)}"
            )
        available.update(st.produces)
        stages.append(st)
    return Pipeline(tuple(stages))


def _finish(article: Article, doc: Any, pipeline: Pipeline, res: Resources) -> AnnotatedArticle:
    """Run every stage over one parsed article and assemble the result."""
    state: dict[str, Any] = {"article": article, "doc": doc}
    for st in pipeline.stages:
        try:
            out = st.func(state, res)
        except StageError:
            raise
        except Exception as exc:
            raise StageError(
                f"{type(exc).__name__}: {exc}", article_id=article.id, stage=st.name
            ) from exc
        state.update(out)
    if "sentences" not in state:
        from ..model import Span

        state["sentences"] = tuple(Span(article.id, s.start_char, s.end_char) for s in doc.sents)
    fields = {k: tuple(state.get(k, ())) for k in _OUTPUT_FIELDS}
    return AnnotatedArticle(article=article, pipeline=pipeline.names, **fields)


def run(
    articles: Iterable[Article],
    res: Resources,
    pipeline: Pipeline | None = None,
) -> Iterator[AnnotatedArticle | Failure]:
    """Annotate articles, yielding one result per article, in order.

    The cascade (each stage adds fields the later ones may use):

    1. ``doc``: spaCy parses the text in batches (``nlp.pipe``): tokens, sentences,
       dependency parse, named entities.
    2. ``entities.v1``: people with titles and roles, organizations and armed groups with
       their aliases; short mentions ("Dillon") merged into the full person.
    3. ``places.v1``: place mentions resolved to gazetteer entries, disambiguated by the
       countries and demonyms in the article.
    4. ``dates.v1``: time expressions normalized against the publication date.
    5. ``figures.v1``: counts and measures with value, unit, qualifier, subject.
    6. ``quotes.v1``: direct and reported quotes with the speaker resolved to an entity.
    7. ``events.v1``: dated, placed event sentences for the timeline.

    When a stage under-delivers (finds nothing) the later stages run with what there
    is. When a stage raises, that article becomes a :class:`Failure` naming the stage and
    the batch goes on.
    """
    pipeline = pipeline or build_pipeline()
    pairs = ((a.text, a) for a in articles)
    for doc, article in res.nlp.pipe(pairs, as_tuples=True, batch_size=NLP_BATCH_SIZE):
        try:
            yield _finish(article, doc, pipeline, res)
        except StageError as exc:
            yield Failure(article.id, exc.stage, type(exc.__cause__ or exc).__name__, str(exc))


def annotate(
    article: Article, res: Resources | None = None, pipeline: Pipeline | None = None
) -> AnnotatedArticle:
    """Annotate one article. A pure function of the article and the loaded resources.

    Args:
        article: the article to read.
        res: loaded resources; loaded from the configuration when omitted.
        pipeline: the stages to run; the default pipeline when omitted.

    Returns:
        The article with its entities, places, quotes, figures, dates and events.

    Raises:
        StageError: a stage failed on this article.
    """
    res = res or Resources.load()
    pipeline = pipeline or build_pipeline()
    return _finish(article, res.nlp(article.text), pipeline, res)
