"""Adding articles while a user waits: read, store, annotate and group in one call.

What the web app's upload form and ingest API do, as a library call: articles are
stored as they are read (one transaction each, as on the command line) so memory holds
one input at a time, failures are recorded like the command line's (``newsfuse
failures``), and articles in another language are reported as stored but not analysed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import workflow
from .ingest.uploads import failure_reason
from .model import Article, Failure

NOT_ANALYSED = (
    "language detected: {language} — stored and searchable, "
    "but newsfuse analyses English articles only"
)


def add_articles(
    store: Any,
    items: Iterable[Article | Failure],
    resources: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Store ``items``, then annotate and regroup when anything new was stored.

    Args:
        store: the store.
        items: articles and failures, read lazily.
        resources: gives the loaded NLP resources (a caller that keeps one copy spares
            reloading the spaCy model on every call); default: load them.

    Returns:
        ``ingested`` (ids), ``skipped`` (count), ``failed`` (input, reason) and
        ``not_analysed`` (id, title, language, reason).
    """
    report = workflow.store_articles(store, items)
    if report.ingested:
        workflow.annotate_pending(store, res=resources() if resources else None)
        workflow.group_stories(store)
    failed = [{"input": f.article_id, "reason": failure_reason(f)} for f in report.failures]
    not_analysed = [
        {
            "id": a.id,
            "title": a.title or a.source or a.id,
            "language": a.language,
            "reason": NOT_ANALYSED.format(language=a.language),
        }
        for a in store.iter_articles(report.non_english)
    ]
    return {
        "ingested": report.ingested,
        "skipped": report.skipped,
        "failed": failed,
        "not_analysed": not_analysed,
    }


__all__ = ["add_articles"]
