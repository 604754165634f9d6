"""A story's brief as a file (HTML, Markdown, JSON) and its figures or quotes as CSV."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ... import workflow
from ...errors import NotFound
from ...export.story_csv import story_csv
from ..context import WebDep

router = APIRouter(include_in_schema=False)

BRIEF_MEDIA = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/stories/{story_id}/brief.{fmt}")
def story_export(web: WebDep, story_id: str, fmt: str) -> Response:
    if fmt not in BRIEF_MEDIA:
        raise NotFound(f"No brief format {fmt!r}. Available: html, md, json.")
    story = web.store.get_story(story_id)
    return Response(
        workflow.make_brief(web.store, story.id, fmt),
        media_type=f"{BRIEF_MEDIA[fmt]}; charset=utf-8",
        headers=_attachment(f"{story.id}.{fmt}"),
    )


@router.get("/stories/{story_id}/{what}.csv")
def story_csv_export(web: WebDep, story_id: str, what: str) -> Response:
    story = web.store.get_story(story_id)
    text = story_csv(story, web.store.iter_articles(story.article_ids), what)
    return Response(
        text, media_type="text/csv; charset=utf-8", headers=_attachment(f"{story.id}-{what}.csv")
    )
