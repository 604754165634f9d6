"""A person, group or place across stories."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...store.entity_profile import entity_profile
from ..context import WebDep

router = APIRouter(include_in_schema=False)


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity_page(request: Request, web: WebDep, name: str) -> HTMLResponse:
    return web.render(request, "entity.html", **entity_profile(web.store, name))
