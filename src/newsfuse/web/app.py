"""The web app: server-rendered pages and a JSON API over the same library calls.

Routes only pick data through :mod:`newsfuse.workflow`, the store and the brief
renderers, then choose a template. One exception handler maps ``NewsfuseError.status``
to an HTML error page or to JSON ``{"ok": false, "error": ..., "status": ...}``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel
from starlette.middleware.base import BaseHTTPMiddleware

from .. import workflow
from ..brief import make_brief, render_html, render_json, render_markdown
from ..errors import InputError, NewsfuseError, NotFound
from ..export.queries import Selection
from ..export.story_rows import SORTS, story_rows
from ..ingest import read_bytes
from ..ingest.formats import check_json_depth
from ..model import Article, Failure, SearchHit, Span, to_dict
from ..store.facts import entity_facts
from ..store.search import SORTS as SEARCH_SORTS
from ..store.search import split_marked
from . import security

SESSION_COOKIE = "nf_session"
PAGE_SIZE = 50
FRONT_PAGE = 25  # stories per front page
MAX_PAGE = 10**6
SEARCH_PAGE = 20  # search hits per page: one screen of title, meta and snippet each
MAX_OFFSET = 2**31 - 1  # far past any store; keeps offsets inside SQLite's 64-bit integers
KIND_CLASSES = {
    "person": "k-person",
    "organization": "k-org",
    "place": "k-place",
    "quote": "k-quote",
    "figure": "k-figure",
    "date": "k-date",
}


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


def _templates() -> Jinja2Templates:
    path = resources.files("newsfuse.web").joinpath("templates")
    return Jinja2Templates(directory=str(path))


def _static(name: str) -> str:
    return resources.files("newsfuse.web").joinpath("static", name).read_text(encoding="utf-8")


def article_link(span: Span) -> str:
    """Link to the article page, scrolled to and highlighting a span."""
    return f"/articles/{span.article_id}?hl={span.start}-{span.end}#hl"


def _date_or_none(text: str | None) -> dt.date | None:
    """A YYYY-MM-DD filter value, or None when empty or not a date (the form ignores it)."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _outlets(store: Any) -> list[str]:
    """The outlets a filter can choose from."""
    from sqlalchemy import select

    from ..store.schema import articles

    q = select(articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()
    with store.engine.connect() as conn:
        return sorted(str(o) for (o,) in conn.execute(q.limit(1000)))


def _annotated_html(
    text: str, marks: list[tuple[int, int, str, str]], hl: tuple[int, int] | None
) -> str:
    """Escaped article text with non-overlapping spans wrapped by kind."""
    from html import escape

    events: list[tuple[int, int, str, str]] = sorted(marks, key=lambda m: (m[0], -m[1]))
    if hl:
        events = [(hl[0], hl[1], "hl", "cited")] + [
            m for m in events if m[1] <= hl[0] or m[0] >= hl[1]
        ]
        events.sort(key=lambda m: (m[0], -m[1]))
    out, pos = [], 0
    for s, e, cls, title in events:
        if s < pos or e > len(text):
            continue
        out.append(escape(text[pos:s]))
        ident = ' id="hl"' if cls == "hl" else ""
        out.append(f'<mark class="{cls}"{ident} title="{escape(title)}">{escape(text[s:e])}</mark>')
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def _snippet_html(snippet: str) -> Markup:
    """A search snippet as HTML: every run escaped, the matched words in ``<mark>``."""
    return Markup("").join(
        Markup('<mark class="q">{}</mark>').format(t) if hit else Markup.escape(t)
        for t, hit in split_marked(snippet)
    )


def create_app(
    db_url: str,
    *,
    auth: security.WebAuth | None = None,
    fetcher: Any = None,
    hosts: tuple[str, ...] = (),
) -> FastAPI:
    """The FastAPI application over the store at ``db_url``.

    Args:
        db_url: store URL.
        auth: authentication settings (default: from the environment).
        fetcher: URL fetcher for ingest (tests pass one with a mock transport).
        hosts: Host names to answer besides loopback and ``NEWSFUSE_WEB_HOSTS``.
    """
    from ..store import open_store

    store = open_store(db_url)
    auth = auth or security.auth_from_env()
    authorized = security.Authenticator(auth)
    allowed = security.allowed_hosts(hosts)
    secret = security.app_secret()
    templates = _templates()
    app = FastAPI(
        title="newsfuse",
        version="0.1.0",
        description="Stories, briefs, articles, entities, claims and search over a newsfuse store.",
    )
    app.state.store = store
    app.state.resources = None  # the spaCy model etc., loaded on the first ingest and kept

    def resources() -> Any:
        from ..annotate import Resources

        if app.state.resources is None:
            app.state.resources = Resources.load()
        return app.state.resources

    class _Guard(BaseHTTPMiddleware):
        async def dispatch(self, request: Request, call_next: Callable[[Request], Any]) -> Any:
            refused = _refuse_host(request, allowed) or await _refuse_body(request)
            if refused is not None:
                return refused
            if not authorized(request.headers.get("authorization")):
                return Response(
                    "Authentication required",
                    status_code=401,
                    headers={"WWW-Authenticate": 'Basic realm="newsfuse"'},
                )
            response = await call_next(request)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Frame-Options", "DENY")
            if response.headers.get("content-type", "").startswith("text/html"):
                response.headers.setdefault(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'",
                )
            return response

    app.add_middleware(_Guard)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(NewsfuseError)
    async def _error(request: Request, exc: NewsfuseError) -> Response:
        # The store's location is the server's business, not the client's.
        message = str(exc).replace(f" in {store.url}", "").replace(store.url, "the store")
        if wants_json(request):
            return JSONResponse({"ok": False, "error": message, "status": exc.status}, exc.status)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status, "message": message},
            status_code=exc.status,
        )

    def render(request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        session = request.cookies.get(SESSION_COOKIE) or secrets.token_urlsafe(32)
        token = security.csrf_token(secret, session)
        resp = templates.TemplateResponse(
            request, template, {"csrf": token, **ctx}, status_code=status_code
        )
        resp.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return resp

    def check_csrf(request: Request, token: str) -> None:
        if not security.csrf_valid(secret, request.cookies.get(SESSION_COOKIE), token):
            raise _Forbidden(
                "The form expired or came from another site: reload the page and try again."
            )

    # -- static ---------------------------------------------------------------------

    @app.get("/static/app.css", include_in_schema=False)
    def css() -> Response:
        return Response(_static("app.css"), media_type="text/css")

    @app.get("/static/app.js", include_in_schema=False)
    def js() -> Response:
        return Response(_static("app.js"), media_type="application/javascript")

    # -- pages ----------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
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
            since=_date_or_none(since),
            until=_date_or_none(until),
            outlet=filters["outlet"],
            entity=filters["entity"],
            place=filters["place"],
        )
        sort = sort if sort in SORTS else "recent"
        rows, total = story_rows(
            store, sel, sort=sort, limit=FRONT_PAGE, offset=(page - 1) * FRONT_PAGE
        )
        kept = {k: v for k, v in filters.items() if v}
        return render(
            request,
            "stories.html",
            stories=rows,
            total=total,
            page=page,
            pages=max(1, -(-total // FRONT_PAGE)),
            sort=sort,
            sorts=SORTS,
            query=lambda **kw: urlencode({**kept, "sort": sort, **kw}),
            outlets=_outlets(store),
            filters=filters,
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        story = store.get_story(story_id)
        arts = list(store.iter_articles(story.article_ids))
        body = render_html(make_brief(story, arts), link=article_link)
        return render(request, "story.html", story=story, brief_html=_body_of(body), articles=arts)

    @app.get("/stories/{story_id}/brief.{fmt}", include_in_schema=False)
    def story_export(story_id: str, fmt: str) -> Response:
        story = store.get_story(story_id)
        brief = make_brief(story, list(store.iter_articles(story.article_ids)))
        renderers = {
            "html": (render_html, "text/html"),
            "md": (render_markdown, "text/markdown"),
            "json": (render_json, "application/json"),
        }
        if fmt not in renderers:
            raise NotFound(f"No brief format {fmt!r}. Available: html, md, json.")
        fn, media = renderers[fmt]
        return Response(
            fn(brief),
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{story.id}.{fmt}"'},
        )

    @app.get("/stories/{story_id}/{what}.csv", include_in_schema=False)
    def story_csv(story_id: str, what: str) -> Response:
        story = store.get_story(story_id)
        arts = {a.id: a for a in store.iter_articles(story.article_ids)}
        buf = io.StringIO()
        w = csv.writer(buf)
        if what == "figures":
            w.writerow(
                [
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
            )
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
            w.writerow(["speaker", "quote", "outlet", "article_id", "start", "end"])
            for q in story.quotes:
                a = arts.get(q.span.article_id)
                w.writerow(
                    [
                        q.speaker,
                        q.content,
                        a.outlet if a else "",
                        q.span.article_id,
                        q.span.start,
                        q.span.end,
                    ]
                )
        else:
            raise NotFound(f"No export {what!r}. Available: figures.csv, quotes.csv.")
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{story.id}-{what}.csv"'},
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, hl: str | None = None) -> HTMLResponse:
        article = store.get_article(article_id)
        ann = store.get_annotations(article.id)
        marks: list[tuple[int, int, str, str]] = []
        if ann:
            for e in ann.entities:
                for m in e.mentions:
                    marks.append(
                        (m.span.start, m.span.end, KIND_CLASSES[e.kind], f"{e.kind}: {e.name}")
                    )
            for p in ann.places:
                for m in p.mentions:
                    marks.append(
                        (m.span.start, m.span.end, "k-place", f"place: {p.name} ({p.country})")
                    )
            for f in ann.figures:
                marks.append(
                    (f.span.start, f.span.end, "k-figure", f"{f.qualifier} {f.value:g} {f.unit}")
                )
            for d in ann.dates:
                marks.append((d.span.start, d.span.end, "k-date", f"date: {d.value}"))
            for q in ann.quotes:
                if q.direct:
                    marks.append(
                        (q.span.start, q.span.end, "k-quote", f"quote: {q.speaker or 'unnamed'}")
                    )
        span = None
        if hl:
            try:
                a, b = (int(x) for x in hl.split("-", 1))
                if 0 <= a < b <= len(article.text):
                    span = (a, b)
            except ValueError:
                span = None
        return render(
            request,
            "article.html",
            article=article,
            ann=ann,
            text_html=_annotated_html(article.text, marks, span),
            story_id=store.story_of(article.id),
        )

    @app.get("/entities/{name}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, name: str) -> HTMLResponse:
        data = _entity(store, name)
        return render(request, "entity.html", **data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
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
            hits = store.search(q, limit=SEARCH_PAGE, offset=offset, sort=sort, outlet=outlet)
            total = store.search_count(q, outlet=outlet)
            facets = store.search_outlets(q)
        kept = {"q": q, "outlet": outlet or "", "sort": "" if sort == "rank" else sort}
        return render(
            request,
            "search.html",
            q=q,
            hits=[
                (h, _snippet_html(h.snippet), zip(h.duplicates, h.duplicate_outlets, strict=False))
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

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        return render(request, "add.html", results=None)

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_submit(
        request: Request,
        csrf: str = Form(""),
        urls: str = Form(""),
        files: list[UploadFile] = File(default=[]),
    ) -> HTMLResponse:
        check_csrf(request, csrf)
        uploads = [f for f in files if f.filename]
        if len(uploads) > security.MAX_UPLOAD_FILES:
            raise _TooLarge(f"At most {security.MAX_UPLOAD_FILES} files per upload.")
        # one file in memory at a time, read at most one byte past the cap
        datas = (
            (f.filename or "upload", f.file.read(security.MAX_UPLOAD_BYTES + 1)) for f in uploads
        )
        result = _ingest(
            store, [u.strip() for u in urls.split() if u.strip()], datas, fetcher, resources
        )
        status = 422 if result["failed"] and not (result["ingested"] or result["skipped"]) else 200
        return render(request, "add.html", status_code=status, results=result)

    # -- review (issue #13): forms over the workflow's review, merge and split ---------

    def back(story_id: str, anchor: str = "review") -> RedirectResponse:
        return RedirectResponse(f"/stories/{quote(story_id)}#{anchor}", status_code=303)

    @app.post("/stories/{story_id}/claims/{claim_id}/review", include_in_schema=False)
    def claim_review_form(
        request: Request,
        story_id: str,
        claim_id: str,
        csrf: str = Form(""),
        action: str = Form(...),
        value_index: int | None = Form(None),
        target: str = Form(""),
    ) -> RedirectResponse:
        check_csrf(request, csrf)
        if action == "undo":
            story = workflow.undo_claim_review(store, story_id, claim_id)
        else:
            story = workflow.review_claim(
                store, story_id, claim_id, action, value_index=value_index, target=target or None
            )
        return back(story.id)

    @app.post("/stories/{story_id}/merge", include_in_schema=False)
    def merge_form(
        request: Request, story_id: str, csrf: str = Form(""), other: str = Form("")
    ) -> RedirectResponse:
        check_csrf(request, csrf)
        if not other.strip():
            raise InputError("Give the id of the story to merge into this one.")
        story = workflow.merge_stories(store, story_id, other.strip())
        return back(story.id, "stories")

    @app.post("/stories/{story_id}/split", include_in_schema=False)
    def split_form(
        request: Request,
        story_id: str,
        csrf: str = Form(""),
        article_ids: list[str] = Form(default=[]),
    ) -> RedirectResponse:
        check_csrf(request, csrf)
        if not article_ids:
            raise InputError("Tick the articles to move out into a new story.")
        story, new = workflow.split_story(store, story_id, article_ids)
        return RedirectResponse(
            f"/stories/{quote(story.id)}?{urlencode({'split': new.id})}#stories", status_code=303
        )

    @app.get("/failures", response_class=HTMLResponse, include_in_schema=False)
    def failures_page(request: Request) -> HTMLResponse:
        return render(
            request,
            "failures.html",
            failures=[(f, failure_reason(f)) for f in reversed(store.failures())],
        )

    # -- API ------------------------------------------------------------------------

    @app.get(
        "/api/stories",
        response_model=Page,
        tags=["stories"],
        dependencies=[
            _only("limit", "offset", "since", "until", "outlet", "entity", "place", "sort")
        ],
    )
    def api_stories(
        limit: int = Query(PAGE_SIZE, ge=1, le=500),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
        since: dt.date | None = Query(None, description="Has an article published on or after"),
        until: dt.date | None = Query(None, description="Has an article published on or before"),
        outlet: str | None = Query(
            None, max_length=200, description="Has an article of this outlet"
        ),
        entity: str | None = Query(
            None, max_length=200, description="Names this person, group or place"
        ),
        place: str | None = Query(None, max_length=200, description="Names this place"),
        sort: Literal["recent", "size", "sources", "conflicts"] = Query(
            "recent", description="recent, size (articles), sources (outlets) or conflicts"
        ),
    ) -> Page:
        sel = Selection(since=since, until=until, outlet=outlet, entity=entity, place=place)
        items, total = story_rows(store, sel, sort=sort, limit=limit, offset=offset)
        return Page(items=items, total=total, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}", tags=["stories"], responses=NOT_FOUND)
    def api_story(story_id: str) -> dict[str, Any]:
        return to_dict(store.get_story(story_id))  # type: ignore[no-any-return]

    @app.get("/api/stories/{story_id}/brief", tags=["stories"], responses=NOT_FOUND)
    def api_brief(story_id: str) -> Response:
        story = store.get_story(story_id)
        brief = make_brief(story, list(store.iter_articles(story.article_ids)))
        return Response(render_json(brief), media_type="application/json")

    @app.get("/api/stories/{story_id}/claims", tags=["claims"], responses=NOT_FOUND)
    def api_claims(story_id: str) -> list[dict[str, Any]]:
        return to_dict(store.get_story(story_id).claims)  # type: ignore[no-any-return]

    @app.post(
        "/api/stories/{story_id}/claims/{claim_id}/review", tags=["claims"], responses=REVIEW_ERRORS
    )
    def api_claim_review(
        story_id: str, claim_id: str, body: ClaimReviewRequest
    ) -> list[dict[str, Any]]:
        """Confirm or dismiss a claim's conflict, move a value, or undo; returns the claims."""
        if body.action == "undo":
            story = workflow.undo_claim_review(store, story_id, claim_id)
        else:
            story = workflow.review_claim(
                store,
                story_id,
                claim_id,
                body.action,
                value_index=body.value_index,
                target=body.target,
            )
        return to_dict(story.claims)  # type: ignore[no-any-return]

    @app.get(
        "/api/articles",
        response_model=Page,
        tags=["articles"],
        dependencies=[_only("limit", "offset")],
    )
    def api_articles(
        limit: int = Query(PAGE_SIZE, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)
    ) -> Page:
        rows = store.list_articles(limit=limit, offset=offset)
        items = [{k: v for k, v in to_dict(a).items() if k != "text"} for a in rows]
        return Page(items=items, total=store.count_articles(), limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
    def api_article(article_id: str) -> dict[str, Any]:
        article = store.get_article(article_id)
        ann = store.get_annotations(article.id)
        return to_dict(ann) if ann else {"article": to_dict(article)}

    @app.get(
        "/api/entities/{name}",
        tags=["entities"],
        responses=NOT_FOUND,
        dependencies=[_only("limit", "offset")],
    )
    def api_entity(
        name: str,
        limit: int = Query(PAGE_SIZE, ge=1, le=500, description="Quotes per page"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Quotes to skip"),
    ) -> dict[str, Any]:
        """One person, group or place across stories; stories are referenced by id."""
        with store.engine.connect() as conn:
            return entity_facts(conn, name, limit=limit, offset=offset)

    @app.get(
        "/api/search",
        response_model=Page,
        tags=["search"],
        dependencies=[_only("q", "limit", "offset")],
    )
    def api_search(
        q: str = Query(..., min_length=1, max_length=200),
        limit: int = Query(20, ge=1, le=100),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> Page:
        hits = store.search(q, limit=limit, offset=offset)
        total = store.search_count(q)
        return Page(items=to_dict(hits), total=total, limit=limit, offset=offset)

    @app.post("/api/ingest", response_model=IngestResult, tags=["ingest"], responses=TOO_LARGE)
    def api_ingest(body: IngestRequest) -> IngestResult:
        if len(body.urls) > security.MAX_URLS:
            raise _TooLarge(f"At most {security.MAX_URLS} URLs per request.")
        r = _ingest(store, body.urls, [], fetcher, resources)
        return IngestResult(ingested=r["ingested"], skipped=r["skipped"], failed=r["failed"])

    @app.on_event("shutdown")
    def _close() -> None:
        store.close()

    return app


def _only(*names: str) -> Any:
    """A dependency that rejects query parameters other than ``names`` with a 422, so a
    filter the endpoint does not know is never silently ignored."""
    from fastapi import Depends
    from fastapi.exceptions import RequestValidationError

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


class _Forbidden(NewsfuseError):
    """The request was refused."""

    status = 403


class _TooLarge(NewsfuseError):
    """The upload is too large."""

    status = 413


def _body_of(html: str) -> str:
    """The inside of a full HTML page's <main> (the brief without its own page chrome)."""
    start = html.find("<main>")
    end = html.rfind("</main>")
    inner = html[start + 6 : end] if start != -1 and end != -1 else html
    style_start, style_end = html.find("<style>"), html.find("</style>")
    style = html[style_start : style_end + 8] if style_start != -1 else ""
    return style + inner


def _entity(store: Any, name: str) -> dict[str, Any]:
    """Everything about one entity across stories: roles by outlet, quotes, figures, mentions."""
    key = name.lower()
    stories, roles, quotes, figures, mentions = [], [], [], [], []
    titles: list[str] = []
    kind = None
    for story in store.list_stories():
        ents = [
            e
            for e in story.entities
            if e.name.lower() == key or key in (a.lower() for a in e.aliases)
        ]
        if not ents:
            continue
        stories.append(story)
        for e in ents:
            kind = kind or e.kind
            names = {e.name, *e.aliases}
            roles += [(r, sp) for r, sp in e.roles]
            titles += [t for t in e.titles if t not in titles]
            mentions += list(e.mentions)
            quotes += [q for q in story.quotes if q.speaker in names]
            figures += [c for c in story.claims if c.subject in names or c.place in names]
    if not stories:
        raise NotFound(f"No person, group or place called {name!r} in any story.")
    arts = {
        a.id: a
        for a in store.iter_articles(
            {m.span.article_id for m in mentions} | {sp.article_id for _, sp in roles}
        )
    }
    by_date = Counter(
        str(arts[m.span.article_id].published or "undated")
        for m in mentions
        if m.span.article_id in arts
    )
    return {
        "name": name,
        "kind": kind,
        "titles": titles,
        "stories": stories,
        "roles": [
            (r, sp, arts[sp.article_id].outlet if sp.article_id in arts else None)
            for r, sp in roles
        ],
        "quotes": quotes,
        "claims": figures,
        "mention_dates": sorted(by_date.items()),
    }


def _refuse_host(request: Request, allowed: frozenset[str]) -> Response | None:
    """A 400 for a Host header the app does not answer to (DNS rebinding), else None."""
    if security.host_allowed(request.headers.get("host"), allowed):
        return None
    return _error_json("Unknown Host header: add the name to NEWSFUSE_WEB_HOSTS to serve it.", 400)


async def _refuse_body(request: Request) -> Response | None:
    """A 413 or 400 for a body over the caps or JSON nested too deep, before parsing."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > security.MAX_REQUEST_BYTES:
        return _error_json(f"Request body over {security.MAX_REQUEST_BYTES} bytes.", 413)
    if "json" not in request.headers.get("content-type", "").lower():
        return None
    body = await request.body()
    if len(body) > security.MAX_JSON_BODY_BYTES:
        return _error_json(f"JSON body over {security.MAX_JSON_BODY_BYTES} bytes.", 413)
    try:
        check_json_depth(body.decode("utf-8", "replace"), "request body")
    except InputError as exc:
        return _error_json(str(exc), 400)
    return None


def _error_json(message: str, status: int) -> JSONResponse:
    """The pinned JSON error shape."""
    return JSONResponse({"ok": False, "error": message, "status": status}, status)


def _ingest(
    store: Any,
    urls: list[str],
    files: Iterable[tuple[str, bytes]],
    fetcher: Any,
    resources: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Ingest URLs (through the fetcher's address guard) and uploads; annotate and group.

    Articles are stored as they are read (one transaction each, as on the command
    line), so memory holds one input at a time; failures are stored too. ``resources``
    gives the loaded NLP resources (the app keeps one copy, so the spaCy model is not
    reloaded on every upload).
    """
    from ..ingest import Fetcher

    own = fetcher is None
    fetcher = fetcher or Fetcher(
        allow_private=security.allow_private(), private_setting=security.ALLOW_PRIVATE_ENV
    )
    try:
        report = workflow.store_articles(store, _read_all(urls, files, fetcher))
    finally:
        if own:
            fetcher.close()
    if report.ingested:
        workflow.annotate_pending(store, res=resources() if resources else None)
        workflow.group_stories(store)
    failed = [{"input": f.article_id, "reason": failure_reason(f)} for f in report.failures]
    not_analysed = [
        {
            "id": a.id,
            "title": a.title or a.source or a.id,
            "language": a.language,
            "reason": f"language detected: {a.language} — stored and searchable, "
            "but newsfuse analyses English articles only",
        }
        for a in store.iter_articles(report.non_english)
    ]
    return {
        "ingested": report.ingested,
        "skipped": report.skipped,
        "failed": failed,
        "not_analysed": not_analysed,
    }


def failure_reason(failure: Failure) -> str:
    """A failure's message without the input name it repeats (the page shows the name).

    >>> failure_reason(Failure("bad.pdf", "ingest", "E", "bad.pdf: bad.pdf: pdf files are not read"))
    'pdf files are not read'
    """
    message = failure.message
    while message.startswith(f"{failure.article_id}: "):
        message = message[len(failure.article_id) + 2 :]
    return message or failure.error_type


def _read_all(
    urls: list[str], files: Iterable[tuple[str, bytes]], fetcher: Any
) -> Iterator[Article | Failure]:
    """Articles and failures of the URLs, then of the uploaded files, one at a time."""
    for url in urls:
        try:
            data, ctype = fetcher.get(url)
        except InputError as exc:
            yield Failure(url, "ingest", type(exc).__name__, str(exc))
            continue
        yield from read_bytes(data, url, content_type=ctype, metadata={"url": url})
    for filename, data in files:
        if len(data) > security.MAX_UPLOAD_BYTES:
            message = f"{filename}: over the {security.MAX_UPLOAD_BYTES}-byte upload cap"
            yield Failure(filename, "ingest", "InputTooLarge", message)
            continue
        yield from read_bytes(data, filename)
