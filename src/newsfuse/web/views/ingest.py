"""Adding articles from the browser: URLs and uploaded files, one clear line per input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from ...ingest.uploads import read_uploads
from ...intake import add_articles
from .. import security
from ..context import TooLarge, Web, WebDep

router = APIRouter(include_in_schema=False)


def ingest(web: Web, urls: list[str], files: Iterable[tuple[str, bytes]]) -> dict[str, Any]:
    """Read URLs (through the fetcher's address guard) and uploads, store, annotate, group."""
    from ...ingest import Fetcher

    fetcher = web.fetcher or Fetcher(
        allow_private=security.allow_private(), private_setting=security.ALLOW_PRIVATE_ENV
    )
    try:
        items = read_uploads(urls, files, fetcher, max_bytes=security.MAX_UPLOAD_BYTES)
        return add_articles(web.store, items, web.resources)
    finally:
        if web.fetcher is None:
            fetcher.close()


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request, web: WebDep) -> HTMLResponse:
    return web.render(request, "add.html", results=None)


@router.post("/add", response_class=HTMLResponse)
async def add_submit(
    request: Request,
    web: WebDep,
    csrf: str = Form(""),
    urls: str = Form(""),
    files: list[UploadFile] = File(default=[]),
) -> HTMLResponse:
    web.check_csrf(request, csrf)
    uploads = [f for f in files if f.filename]
    if len(uploads) > security.MAX_UPLOAD_FILES:
        raise TooLarge(f"At most {security.MAX_UPLOAD_FILES} files per upload.")
    # one file in memory at a time, read at most one byte past the cap
    datas = ((f.filename or "upload", f.file.read(security.MAX_UPLOAD_BYTES + 1)) for f in uploads)
    result = ingest(web, [u.strip() for u in urls.split() if u.strip()], datas)
    status = 422 if result["failed"] and not (result["ingested"] or result["skipped"]) else 200
    return web.render(request, "add.html", status_code=status, results=result)
