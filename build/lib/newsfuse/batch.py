"""Annotate many articles with Dask: the same pure ``annotate`` function, any scheduler.

This module has no logic of its own. It splits the articles into partitions, maps
:func:`newsfuse.annotate.run` over each with ``Bag.map_partitions``, and lets Dask's
scheduler decide where that runs:

- ``sync``: in this process, one partition after another (tests, debugging);
- ``threads``: a thread pool in this process;
- ``distributed``: a ``dask.distributed`` cluster (``address`` names its scheduler; with
  no address a local cluster of worker processes is started).

Each worker loads the spaCy model once (the first partition it sees) and keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from .errors import ConfigError
from .model import AnnotatedArticle, Article, Failure

SCHEDULERS = ("sync", "threads", "distributed")
_RESOURCES: dict[str | None, Any] = {}  # per worker process: model name -> Resources


def _dask() -> Any:
    """Import dask.bag, or say how to install it."""
    try:
        import dask.bag
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ConfigError(
            "Annotating with Dask needs the dask extra: pip install 'newsfuse[dask]'"
        ) from exc
    return dask.bag


def _annotate_partition(
    articles: Sequence[Article], model: str | None, stages: tuple[str, ...] | None
) -> list[AnnotatedArticle | Failure]:
    """Annotate one partition, loading the model once per worker process."""
    from .annotate import Resources, build_pipeline, run

    if model not in _RESOURCES:
        _RESOURCES[model] = Resources.load(model)
    pipeline = build_pipeline(stages) if stages else build_pipeline()
    return list(run(articles, _RESOURCES[model], pipeline))


def annotate_many(
    articles: Sequence[Article],
    *,
    scheduler: str = "threads",
    partitions: int | None = None,
    address: str | None = None,
    model: str | None = None,
    stages: tuple[str, ...] | None = None,
) -> Iterator[AnnotatedArticle | Failure]:
    """Annotate ``articles`` under a Dask scheduler; results come back in input order.

    Args:
        articles: the articles to annotate.
        scheduler: ``sync``, ``threads`` or ``distributed``.
        partitions: how many partitions (default: about 50 articles each).
        address: a ``dask.distributed`` scheduler address (``distributed`` only).
        model: spaCy model name (default: the configured one).
        stages: stage names (default: the default pipeline).

    Raises:
        ConfigError: an unknown scheduler, or Dask not installed.
    """
    if scheduler not in SCHEDULERS:
        raise ConfigError(f"Unknown scheduler {scheduler!r}. Available: {', '.join(SCHEDULERS)}")
    if not articles:
        return iter(())
    bag_mod = _dask()
    npart = partitions or max(1, len(articles) // 50)
    bag = bag_mod.from_sequence(list(articles), npartitions=min(npart, len(articles)))
    results = bag.map_partitions(_annotate_partition, model, stages)
    if scheduler != "distributed":
        return iter(results.compute(scheduler=scheduler))
    from distributed import Client

    with Client(address) if address else Client(processes=True, n_workers=2) as client:
        return iter(client.compute(results).result())
