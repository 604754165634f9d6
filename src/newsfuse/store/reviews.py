"""Claim reviews in the store: an analyst's decisions, kept apart from the stories.

Stories are rebuilt whenever articles arrive or the user merges or splits them; the
claims inside are rebuilt with them. A decision is therefore stored on its own, keyed
by the claim id (derived from the claim's slot, see ``fuse.claims``) and by *anchors*,
the spans of the values the claim held when it was reviewed, and re-applied to the
fresh claims by ``fuse.claims.apply_reviews`` (issue #8).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from ..errors import NotFound
from ..model import ClaimReview
from .engine import writing
from .schema import claim_reviews

if TYPE_CHECKING:
    from . import Store


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def add_review(store: Store, review: ClaimReview) -> int:
    """Store a decision (with its anchors); returns its row id."""
    row = {
        "claim_id": review.claim_id,
        "story_id": review.story_id,
        "action": review.action,
        "article_id": review.article_id,
        "start": review.start,
        "end": review.end,
        "target": review.target,
        "anchors": " ".join(review.anchors),
        "at": _now(),
    }
    with writing(store.engine) as conn:
        result = conn.execute(insert(claim_reviews).values(**row))
        key = result.inserted_primary_key
    return int(key[0]) if key else 0


def list_reviews(store: Store) -> list[ClaimReview]:
    """Every decision, oldest first."""
    q = select(claim_reviews).order_by(claim_reviews.c.id)
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return [
        ClaimReview(
            claim_id=r["claim_id"],
            action=r["action"],
            article_id=r["article_id"],
            start=r["start"],
            end=r["end"],
            target=r["target"],
            story_id=r["story_id"],
            created=r["at"].isoformat() if r["at"] else None,
            anchors=tuple((r["anchors"] or "").split()),
        )
        for r in rows
    ]


def undo_review(store: Store, claim_id: str) -> ClaimReview:
    """Remove the latest decision about a claim (as source or as move target).

    Raises:
        NotFound: no decision about that claim is stored.
    """
    found = [
        (n, r) for n, r in enumerate(list_reviews(store)) if claim_id in (r.claim_id, r.target)
    ]
    if not found:
        raise NotFound(f"No review of claim {claim_id!r} to undo.")
    q = select(claim_reviews.c.id).order_by(claim_reviews.c.id)
    with writing(store.engine) as conn:
        ids = [i for (i,) in conn.execute(q)]
        conn.execute(delete(claim_reviews).where(claim_reviews.c.id == ids[found[-1][0]]))
    return found[-1][1]


__all__ = ["add_review", "list_reviews", "undo_review"]
