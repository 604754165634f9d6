"""The web app: server-rendered pages and a JSON API over the same library calls.

:func:`create_app` opens the store, puts what the views share on ``app.state.web``
(:class:`~newsfuse.web.context.Web`), adds the request guard (host, body size, auth,
security headers) and the error handler, and includes one router per view module
(:mod:`newsfuse.web.views`). One exception handler maps ``NewsfuseError.status`` to an
HTML error page or to JSON ``{"ok": false, "error": ..., "status": ...}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware

from ..errors import InputError, NewsfuseError
from ..ingest.formats import check_json_depth
from . import security
from .context import Web, templates
from .views import ROUTERS
from .views.search import SEARCH_PAGE
from .views.stories import FRONT_PAGE

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
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
    app = FastAPI(
        title="newsfuse",
        version="0.1.0",
        description="Stories, briefs, articles, entities, claims and search over a newsfuse store.",
    )
    app.state.store = store
    app.state.resources = None  # the spaCy model etc., loaded on the first ingest and kept
    web = Web(store, templates(), security.app_secret(), app.state, fetcher)
    app.state.web = web
    app.add_middleware(
        _guard(
            security.Authenticator(auth or security.auth_from_env()), security.allowed_hosts(hosts)
        )
    )
    app.add_exception_handler(NewsfuseError, _error_handler(web))  # type: ignore[arg-type]
    for router in ROUTERS:
        app.include_router(router)
    app.router.on_shutdown.append(store.close)
    return app


def _guard(authorized: security.Authenticator, allowed: frozenset[str]) -> type[BaseHTTPMiddleware]:
    """Middleware: refuse unknown hosts, oversized or too deep bodies and unauthenticated
    requests; add the security headers to every response."""

    class Guard(BaseHTTPMiddleware):
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
                response.headers.setdefault("Content-Security-Policy", CSP)
            return response

    return Guard


def _error_handler(web: Web) -> Callable[[Request, NewsfuseError], Response]:
    """A ``NewsfuseError`` as the JSON error shape under /api/, else as an error page."""
    store_url = web.store.url

    def handle(request: Request, exc: NewsfuseError) -> Response:
        # The store's location is the server's business, not the client's.
        message = str(exc).replace(f" in {store_url}", "").replace(store_url, "the store")
        if request.url.path.startswith("/api/"):
            return _error_json(message, exc.status)
        return web.templates.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status, "message": message},
            status_code=exc.status,
        )

    return handle


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


__all__ = ["FRONT_PAGE", "SEARCH_PAGE", "create_app"]
