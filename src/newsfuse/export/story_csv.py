"""One story's figures or quotes as CSV: the spreadsheet an analyst opens beside a brief."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..errors import NotFound
from ..model import Article, Story

STORY_CSVS = ("figures", "quotes")
FIGURE_COLUMNS = [
    "claim",
    "status",
    "value",
    "qualifier",
    "unit",
    "outlet",
    "article_id",
    "start",
    "end",
    "evidence",
]
QUOTE_COLUMNS = ["speaker", "quote", "outlet", "article_id", "start", "end"]


def story_csv(story: Story, articles: Iterable[Article], what: str) -> str:
    """The story's ``figures`` (one row per sourced value) or ``quotes`` as CSV text.

    Raises:
        NotFound: ``what`` is neither.
    """
    buf = io.StringIO()
    w = csv.writer(buf)
    if what == "figures":
        w.writerow(FIGURE_COLUMNS)
        for c in story.claims:
            for v in c.values:
                w.writerow(
                    [
                        c.label,
                        c.status,
                        v.value,
                        v.qualifier,
                        c.unit,
                        v.outlet,
                        v.article_id,
                        v.span.start,
                        v.span.end,
                        v.text,
                    ]
                )
    elif what == "quotes":
        outlets = {a.id: a.outlet for a in articles}
        w.writerow(QUOTE_COLUMNS)
        for q in story.quotes:
            w.writerow(
                [
                    q.speaker,
                    q.content,
                    outlets.get(q.span.article_id) or "",
                    q.span.article_id,
                    q.span.start,
                    q.span.end,
                ]
            )
    else:
        raise NotFound(f"No export {what!r}. Available: figures.csv, quotes.csv.")
    return buf.getvalue()


__all__ = ["STORY_CSVS", "story_csv"]
