"""Inputs and articles a stage could not handle, newest first (``newsfuse failures``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...ingest.uploads import failure_reason
from ..context import WebDep

router = APIRouter(include_in_schema=False)


@router.get("/failures", response_class=HTMLResponse)
def failures_page(request: Request, web: WebDep) -> HTMLResponse:
    failures = [(f, failure_reason(f)) for f in reversed(web.store.failures())]
    return web.render(request, "failures.html", failures=failures)
