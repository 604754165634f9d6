"""What every view needs: the store, the templates, the CSRF secret, the URL fetcher and
the NLP resources, kept on ``app.state.web`` and handed to routes as a dependency."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources as package_files
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..errors import NewsfuseError
from . import security

SESSION_COOKIE = "nf_session"


class Forbidden(NewsfuseError):
    """The request was refused."""

    status = 403


class TooLarge(NewsfuseError):
    """The upload is too large."""

    status = 413


def templates() -> Jinja2Templates:
    """The page templates shipped in the package (``lead`` names an untitled article,
    ``quote_shown`` shows a quotation as the brief does)."""
    from ..brief.build import quote_shown
    from ..store.search import lead

    path = package_files.files("newsfuse.web").joinpath("templates")
    found = Jinja2Templates(directory=str(path))
    found.env.globals["lead"] = lead
    found.env.globals["quote_shown"] = quote_shown
    return found


def _load_resources() -> Any:
    from ..annotate import Resources

    return Resources.load()


@dataclass
class Web:
    """The app's shared state."""

    store: Any
    templates: Jinja2Templates
    secret: bytes
    state: Any  # the app's state: ``state.resources`` keeps the loaded NLP resources
    fetcher: Any = None  # the URL fetcher for ingest (tests pass one with a mock transport)
    loader: Callable[[], Any] = field(default=_load_resources, repr=False)

    def resources(self) -> Any:
        """The spaCy model etc., loaded on the first ingest and kept (on the app's state,
        where a caller that already holds them can put them)."""
        if getattr(self.state, "resources", None) is None:
            self.state.resources = self.loader()
        return self.state.resources

    def render(
        self, request: Request, template: str, status_code: int = 200, **ctx: Any
    ) -> HTMLResponse:
        """A page, with a CSRF token for its forms tied to the session cookie."""
        session = request.cookies.get(SESSION_COOKIE) or secrets.token_urlsafe(32)
        token = security.csrf_token(self.secret, session)
        resp = self.templates.TemplateResponse(
            request, template, {"csrf": token, **ctx}, status_code=status_code
        )
        resp.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return resp

    def check_csrf(self, request: Request, token: str) -> None:
        """Refuse a form post whose token does not match the session (403)."""
        if not security.csrf_valid(self.secret, request.cookies.get(SESSION_COOKIE), token):
            raise Forbidden(
                "The form expired or came from another site: reload the page and try again."
            )


def _web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


WebDep = Annotated[Web, Depends(_web)]
