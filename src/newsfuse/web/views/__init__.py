"""The web app's routes, one module per kind of page (after datasette's ``views/``).

Each module holds an ``APIRouter`` whose routes pick data through library calls
(:mod:`newsfuse.workflow`, :mod:`newsfuse.intake`, the store, :mod:`newsfuse.brief`,
:mod:`newsfuse.export`) and choose a template; :func:`newsfuse.web.app.create_app`
only assembles them.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import api, article, entity, exports, failures, ingest, review, search, static, stories
from . import story as story_view

ROUTERS: tuple[APIRouter, ...] = (
    static.router,
    stories.router,
    exports.router,  # before the story page: /stories/{id}/brief.html is an export
    story_view.router,
    review.router,
    article.router,
    entity.router,
    search.router,
    ingest.router,
    failures.router,
    api.router,
)

__all__ = ["ROUTERS"]
