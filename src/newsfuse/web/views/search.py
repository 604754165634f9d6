"""Full-text search over articles and quotes: highlighted snippets, near-duplicates folded
under their original, outlet facets, sort by relevance or date, pages."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ...model import SearchHit
from ...store.search import SORTS as SEARCH_SORTS
from ...store.search import snippet_html
from ..context import WebDep
from .stories import MAX_PAGE

router = APIRouter(include_in_schema=False)

SEARCH_PAGE = 20  # search hits per page: one screen of title, meta and snippet each


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    web: WebDep,
    q: str = Query("", max_length=200),
    outlet: str | None = None,
    sort: str = "rank",
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> HTMLResponse:
    sort = sort if sort in SEARCH_SORTS else "rank"
    outlet = outlet or None
    hits: list[SearchHit] = []
    total, facets = 0, []
    if q.strip():
        offset = (page - 1) * SEARCH_PAGE
        hits = web.store.search(q, limit=SEARCH_PAGE, offset=offset, sort=sort, outlet=outlet)
        total = web.store.search_count(q, outlet=outlet)
        facets = web.store.search_outlets(q)
    kept = {"q": q, "outlet": outlet or "", "sort": "" if sort == "rank" else sort}
    return web.render(
        request,
        "search.html",
        q=q,
        hits=[
            (h, snippet_html(h.snippet), zip(h.duplicates, h.duplicate_outlets, strict=False))
            for h in hits
        ],
        total=total,
        page=page,
        pages=max(1, -(-total // SEARCH_PAGE)),
        first=(page - 1) * SEARCH_PAGE + 1,
        facets=facets,
        outlet=outlet,
        sort=sort,
        query=lambda **kw: urlencode({k: v for k, v in {**kept, **kw}.items() if v}),
    )
