"""Annotate many articles in parallel: the same pure ``annotate`` function, any executor.

This module has no annotation logic of its own. It hands batches of articles to one
function, :func:`annotate_batch`, under the executor the user chose, and gives the
results back as each batch completes (so the caller can save them batch by batch and an
interrupted run keeps what was done):

- ``processes`` (the default with ``workers > 1``): a local process pool, one worker per
  core; each worker loads the spaCy model and the gazetteer once, at start;
- ``sync``: in this process, one batch after another (tests, debugging, ``workers=1``);
- ``threads``: a thread pool in this process, sharing one model;
- ``distributed``: a ``dask.distributed`` cluster (``address`` names its scheduler; with
  no address a local cluster of worker processes is started). Batches are submitted as
  futures and streamed back as they complete (``Client.get_executor``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from typing import Any

from .errors import ConfigError
from .model import AnnotatedArticle, Article, Failure

SCHEDULERS = ("processes", "sync", "threads", "distributed")
_RESOURCES: dict[str | None, Any] = {}  # per worker process: model name -> Resources

Result = AnnotatedArticle | Failure


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _resources(model: str | None) -> Any:
    """This process's loaded model (and lazily built tables), loaded once."""
    from .annotate import Resources

    if model not in _RESOURCES:
        _RESOURCES[model] = Resources.load(model)
    return _RESOURCES[model]


def _warm(model: str | None) -> None:
    """Process-pool initializer: load the model before the first batch arrives."""
    _resources(model)


def annotate_batch(
    articles: Sequence[Article], model: str | None, stages: tuple[str, ...] | None
) -> list[Result]:
    """Annotate one batch, loading the model once per worker process."""
    from .annotate import build_pipeline, run

    pipeline = build_pipeline(stages) if stages else build_pipeline()
    return list(run(articles, _resources(model), pipeline))


class _SyncExecutor(Executor):
    """Runs each submitted call at once, in this process."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            fut.set_exception(exc)
        return fut


def _dask_client(address: str | None, workers: int) -> Any:
    """A ``dask.distributed`` client, or an error that says how to install it."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ConfigError(
            "Annotating with Dask needs the dask extra: pip install 'newsfuse[dask]'"
        ) from exc
    if address:
        return Client(address)  # type: ignore[no-untyped-call]
    return Client(processes=True, n_workers=workers, threads_per_worker=1)  # type: ignore[no-untyped-call]


MATH_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def one_math_thread_per_worker() -> Iterator[None]:
    """Worker processes started inside run their numeric libraries on one thread each.

    With one worker per core, each worker's BLAS/OpenMP pool sized to every core
    oversubscribes the machine: measured on 2 cores and 100 articles, 2 workers took 41 CPU-s
    against 33 for 1 worker and 0.69x its wall time; with one thread each, 33 CPU-s and
    0.56x. Variables the user set are kept; the parent's own environment is restored.
    """
    saved = {k: os.environ.get(k) for k in MATH_THREAD_VARS}
    for k in MATH_THREAD_VARS:
        os.environ.setdefault(k, "1")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def executor(
    scheduler: str = "processes",
    *,
    workers: int | None = None,
    address: str | None = None,
    model: str | None = None,
) -> Iterator[tuple[Executor, int]]:
    """An executor for :func:`annotate_batch` and how many batches it runs at once.

    Raises:
        ConfigError: an unknown scheduler, or Dask not installed for ``distributed``.
    """
    if scheduler not in SCHEDULERS:
        raise ConfigError(f"Unknown scheduler {scheduler!r}. Available: {', '.join(SCHEDULERS)}")
    n = workers or default_workers()
    if scheduler == "sync" or (scheduler == "processes" and n == 1):
        yield _SyncExecutor(), 1
    elif scheduler == "threads":
        with ThreadPoolExecutor(max_workers=n) as ex:
            yield ex, n
    elif scheduler == "processes":
        ctx = multiprocessing.get_context("spawn")  # no forked SQLAlchemy pools or threads
        with (
            one_math_thread_per_worker(),
            ProcessPoolExecutor(
                max_workers=n, mp_context=ctx, initializer=_warm, initargs=(model,)
            ) as ex,
        ):
            yield ex, n
    else:
        with one_math_thread_per_worker(), _dask_client(address, n) as client:
            cores = sum(client.nthreads().values()) or n
            yield client.get_executor(pure=False), cores


def stream(
    ex: Executor,
    slots: int,
    next_batch: Callable[[int], Sequence[Article]],
    *,
    batch_size: int,
    model: str | None = None,
    stages: tuple[str, ...] | None = None,
    fn: Callable[..., list[Result]] = annotate_batch,
) -> Iterator[tuple[Sequence[Article], list[Result]]]:
    """Keep ``slots`` batches in flight; yield (batch, results) as each one completes.

    ``next_batch(n)`` returns up to ``n`` articles to annotate next (empty when there
    are none left); at most ``slots + 1`` batches are claimed but not yet returned, so
    memory stays bounded whatever the number of articles. ``fn(batch, model, stages)``
    does the work (default :func:`annotate_batch`).
    """
    inflight: dict[Future[list[Result]], Sequence[Article]] = {}
    exhausted = False
    while True:
        while not exhausted and len(inflight) <= slots:
            batch = next_batch(batch_size)
            if not batch:
                exhausted = True
                break
            inflight[ex.submit(fn, batch, model, stages)] = batch
        if not inflight:
            return
        done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
        for fut in sorted(done, key=lambda f: inflight[f][0].id):
            yield inflight.pop(fut), fut.result()


__all__ = [
    "SCHEDULERS",
    "annotate_batch",
    "default_workers",
    "executor",
    "one_math_thread_per_worker",
    "stream",
]
