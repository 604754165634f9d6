"""The front page: stories, most recently updated first, filtered and paged."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ...export.queries import Selection
from ...export.story_rows import SORTS, outlet_choices, story_rows
from ..context import WebDep

router = APIRouter(include_in_schema=False)

FRONT_PAGE = 25  # stories per front page
MAX_PAGE = 10**6


def date_or_none(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD filter value, or None when empty or not a date (the form ignores it).

    >>> date_or_none("2024-03-06"), date_or_none("March"), date_or_none("")
    (datetime.date(2024, 3, 6), None, None)
    """
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    web: WebDep,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    place: str | None = None,
    sort: str = "recent",
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> HTMLResponse:
    filters = {
        "since": since or None,
        "until": until or None,
        "outlet": outlet or None,
        "entity": entity or None,
        "place": place or None,
    }
    sel = Selection(
        since=date_or_none(since),
        until=date_or_none(until),
        outlet=filters["outlet"],
        entity=filters["entity"],
        place=filters["place"],
    )
    sort = sort if sort in SORTS else "recent"
    rows, total = story_rows(
        web.store, sel, sort=sort, limit=FRONT_PAGE, offset=(page - 1) * FRONT_PAGE
    )
    kept = {k: v for k, v in filters.items() if v}
    return web.render(
        request,
        "stories.html",
        stories=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // FRONT_PAGE)),
        sort=sort,
        sorts=SORTS,
        query=lambda **kw: urlencode({**kept, "sort": sort, **kw}),
        outlets=outlet_choices(web.store),
        filters=filters,
    )
