"""The JSON API: stories, briefs, claims and their review, articles, entities, search,
ingest. Errors have one shape, :class:`ApiError`; unknown query parameters are a 422."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel

from ... import workflow
from ...brief import make_brief, render_json
from ...export.queries import Selection
from ...export.story_rows import story_rows
from ...model import to_dict
from ...store.facts import entity_facts
from .. import security
from ..context import TooLarge, WebDep
from .ingest import ingest

router = APIRouter(prefix="/api")

PAGE_SIZE = 50
MAX_OFFSET = 2**31 - 1  # far past any store; keeps offsets inside SQLite's 64-bit integers


class Page(BaseModel):
    """A page of results."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ApiError(BaseModel):
    """The pinned JSON error shape of every API error."""

    ok: bool
    error: str
    status: int


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ApiError, "description": "No such story, article or entity"}
}
REVIEW_ERRORS: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    400: {"model": ApiError, "description": "A move without a valid value index or target"},
}
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ApiError, "description": "Too many URLs in one request"}
}


class IngestRequest(BaseModel):
    """URLs to fetch and ingest."""

    urls: list[str]


class ClaimReviewRequest(BaseModel):
    """An analyst's decision about a claim (issue #8)."""

    action: Literal["confirm", "dismiss", "move", "undo"]
    value_index: int | None = None  # for "move": the value's index in the claim
    target: str | None = None  # for "move": a claim id of the story, or "new"


class IngestResult(BaseModel):
    """What an ingest did."""

    ingested: list[str]
    skipped: int
    failed: list[dict[str, str]]


def only(*names: str) -> Any:
    """A dependency that rejects query parameters other than ``names`` with a 422, so a
    filter the endpoint does not know is never silently ignored."""

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - set(names))
        if unknown:
            raise RequestValidationError(
                [
                    {
                        "type": "extra_forbidden",
                        "loc": ("query", u),
                        "msg": f"Unknown parameter {u!r}. Available: {', '.join(names)}.",
                        "input": request.query_params[u],
                    }
                    for u in unknown
                ]
            )

    return Depends(check)


@router.get(
    "/stories",
    response_model=Page,
    tags=["stories"],
    dependencies=[only("limit", "offset", "since", "until", "outlet", "entity", "place", "sort")],
)
def api_stories(
    web: WebDep,
    limit: int = Query(PAGE_SIZE, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    since: dt.date | None = Query(None, description="Has an article published on or after"),
    until: dt.date | None = Query(None, description="Has an article published on or before"),
    outlet: str | None = Query(None, max_length=200, description="Has an article of this outlet"),
    entity: str | None = Query(
        None, max_length=200, description="Names this person, group or place"
    ),
    place: str | None = Query(None, max_length=200, description="Names this place"),
    sort: Literal["recent", "size", "sources", "conflicts"] = Query(
        "recent", description="recent, size (articles), sources (outlets) or conflicts"
    ),
) -> Page:
    sel = Selection(since=since, until=until, outlet=outlet, entity=entity, place=place)
    items, total = story_rows(web.store, sel, sort=sort, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/stories/{story_id}", tags=["stories"], responses=NOT_FOUND)
def api_story(web: WebDep, story_id: str) -> dict[str, Any]:
    return to_dict(web.store.get_story(story_id))  # type: ignore[no-any-return]


@router.get("/stories/{story_id}/brief", tags=["stories"], responses=NOT_FOUND)
def api_brief(web: WebDep, story_id: str) -> Response:
    story = web.store.get_story(story_id)
    brief = make_brief(story, list(web.store.iter_articles(story.article_ids)))
    return Response(render_json(brief), media_type="application/json")


@router.get("/stories/{story_id}/claims", tags=["claims"], responses=NOT_FOUND)
def api_claims(web: WebDep, story_id: str) -> list[dict[str, Any]]:
    return workflow.story_claims(web.store, story_id)


@router.post(
    "/stories/{story_id}/claims/{claim_id}/review", tags=["claims"], responses=REVIEW_ERRORS
)
def api_claim_review(
    web: WebDep, story_id: str, claim_id: str, body: ClaimReviewRequest
) -> list[dict[str, Any]]:
    """Confirm or dismiss a claim's conflict, move a value, or undo; returns the claims."""
    if body.action == "undo":
        story = workflow.undo_claim_review(web.store, story_id, claim_id)
    else:
        story = workflow.review_claim(
            web.store,
            story_id,
            claim_id,
            body.action,
            value_index=body.value_index,
            target=body.target,
        )
    return to_dict(story.claims)  # type: ignore[no-any-return]


@router.get(
    "/articles", response_model=Page, tags=["articles"], dependencies=[only("limit", "offset")]
)
def api_articles(
    web: WebDep,
    limit: int = Query(PAGE_SIZE, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Page:
    rows = web.store.list_articles(limit=limit, offset=offset)
    items = [{k: v for k, v in to_dict(a).items() if k != "text"} for a in rows]
    return Page(items=items, total=web.store.count_articles(), limit=limit, offset=offset)


@router.get("/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
def api_article(web: WebDep, article_id: str) -> dict[str, Any]:
    article = web.store.get_article(article_id)
    ann = web.store.get_annotations(article.id)
    return to_dict(ann) if ann else {"article": to_dict(article)}


@router.get(
    "/entities/{name}",
    tags=["entities"],
    responses=NOT_FOUND,
    dependencies=[only("limit", "offset")],
)
def api_entity(
    web: WebDep,
    name: str,
    limit: int = Query(PAGE_SIZE, ge=1, le=500, description="Quotes per page"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Quotes to skip"),
) -> dict[str, Any]:
    """One person, group or place across stories; stories are referenced by id."""
    with web.store.engine.connect() as conn:
        return entity_facts(conn, name, limit=limit, offset=offset)


@router.get(
    "/search", response_model=Page, tags=["search"], dependencies=[only("q", "limit", "offset")]
)
def api_search(
    web: WebDep,
    q: str = Query(..., min_length=1, max_length=200),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Page:
    hits = web.store.search(q, limit=limit, offset=offset)
    total = web.store.search_count(q)
    return Page(items=to_dict(hits), total=total, limit=limit, offset=offset)


@router.post("/ingest", response_model=IngestResult, tags=["ingest"], responses=TOO_LARGE)
def api_ingest(web: WebDep, body: IngestRequest) -> IngestResult:
    if len(body.urls) > security.MAX_URLS:
        raise TooLarge(f"At most {security.MAX_URLS} URLs per request.")
    r = ingest(web, body.urls, [])
    return IngestResult(ingested=r["ingested"], skipped=r["skipped"], failed=r["failed"])
