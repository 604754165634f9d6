"""An article's page: its text with what was extracted marked, a cited span highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...brief.annotated import annotated_html, annotation_marks, parse_span
from ..context import WebDep

router = APIRouter(include_in_schema=False)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, web: WebDep, article_id: str, hl: str | None = None
) -> HTMLResponse:
    article = web.store.get_article(article_id)
    ann = web.store.get_annotations(article.id)
    return web.render(
        request,
        "article.html",
        article=article,
        ann=ann,
        text_html=annotated_html(
            article.text, annotation_marks(ann), parse_span(hl, len(article.text))
        ),
        story_id=web.store.story_of(article.id),
    )
