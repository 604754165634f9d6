"""Review in the browser: confirm or dismiss a conflict, move a figure, undo; merge and
split stories. Every form posts to a workflow call that stores the decision."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from ... import workflow
from ...errors import InputError
from ..context import WebDep

router = APIRouter(include_in_schema=False)


def back(story_id: str, anchor: str = "review") -> RedirectResponse:
    """Back to the story page, at the review or regroup section."""
    return RedirectResponse(f"/stories/{quote(story_id)}#{anchor}", status_code=303)


@router.post("/stories/{story_id}/claims/{claim_id}/review")
def claim_review_form(
    request: Request,
    web: WebDep,
    story_id: str,
    claim_id: str,
    csrf: str = Form(""),
    action: str = Form(...),
    value_index: int | None = Form(None),
    target: str = Form(""),
) -> RedirectResponse:
    web.check_csrf(request, csrf)
    if action == "undo":
        story = workflow.undo_claim_review(web.store, story_id, claim_id)
    else:
        story = workflow.review_claim(
            web.store, story_id, claim_id, action, value_index=value_index, target=target or None
        )
    return back(story.id)


@router.post("/stories/{story_id}/merge")
def merge_form(
    request: Request, web: WebDep, story_id: str, csrf: str = Form(""), other: str = Form("")
) -> RedirectResponse:
    web.check_csrf(request, csrf)
    if not other.strip():
        raise InputError("Give the id of the story to merge into this one.")
    story = workflow.merge_stories(web.store, story_id, other.strip())
    return back(story.id, "stories")


@router.post("/stories/{story_id}/split")
def split_form(
    request: Request,
    web: WebDep,
    story_id: str,
    csrf: str = Form(""),
    article_ids: list[str] = Form(default=[]),
) -> RedirectResponse:
    web.check_csrf(request, csrf)
    if not article_ids:
        raise InputError("Tick the articles to move out into a new story.")
    story, new = workflow.split_story(web.store, story_id, article_ids)
    return RedirectResponse(
        f"/stories/{quote(story.id)}?{urlencode({'split': new.id})}#stories", status_code=303
    )
