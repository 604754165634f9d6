"""The stylesheet, the script and the vendored map library, served from the package."""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from ...errors import NotFound

router = APIRouter(include_in_schema=False)

MEDIA = {
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    "LICENSE": "text/plain; charset=utf-8",  # a vendored library's licence
}
CACHE = "public, max-age=3600"


@cache
def _read(path: str) -> bytes | None:
    """A file under ``web/static`` (``vendor/...`` included), or None."""
    node = resources.files("newsfuse.web").joinpath("static")
    for part in path.split("/"):
        if part in ("", ".", "..") or part.startswith("."):
            return None
        node = node.joinpath(part)
    return node.read_bytes() if node.is_file() else None


@router.get("/static/{path:path}")
def static_file(path: str) -> Response:
    """A packaged static file; 404 for anything else."""
    name = path.rsplit("/", 1)[-1]
    suffix = name[name.rfind(".") :] if "." in name else name
    data = _read(path) if suffix in MEDIA else None
    if data is None:
        raise NotFound(f"No static file {path!r}.")
    return Response(data, media_type=MEDIA[suffix], headers={"Cache-Control": CACHE})
