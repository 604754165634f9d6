"""Figure alignment: figures from several articles that describe the same thing become
one claim, labelled corroborated, consistent, conflicting or single.

**Which figures align.** Two figures from different articles align when their units are
compatible (:func:`units_compatible`: "strikes" ~ "airstrikes", "people killed" ~
"killed"), they are not about different places, and they describe the same thing: the
words of their sentences overlap (Jaccard >= :data:`MIN_CONTEXT`), or they share a place
and are within a factor of two, or their values are within 25% of each other. Each figure joins the best-scoring claim that has no
figure from its own article yet, so one article contributes at most one value per claim.

**How a claim is labelled.** Each value becomes an interval by its qualifier::

    exact [v, v]      about [0.9v, 1.1v]   nearly [0.9v, v]    peak [0, v]
    more than (v, ∞)  at least [v, ∞)      less than [0, v)    up to [0, v]

(a peak bounds the current level from above). With two or more *independent* sources
(a near-duplicate wire copy is not independent of its original):

- **corroborated**: the same value, intervals that agree;
- **consistent**: intervals that all intersect ("peak of 5,200" and "more than 5,000");
- **conflicting**: two intervals that do not ("212 killed" vs "300 killed").

Otherwise the claim is **single**. Limits: "about" is a ±10% band, a convention; the
time a figure refers to is used only through the sentence context, so a figure that
rose between reports ("at least 212" on Monday, "more than 300" on Wednesday) reads as
consistent, and two exact counts at different times as conflicting.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import AnnotatedArticle, Claim, ClaimValue, Figure
from .text import content_words, jaccard

MIN_CONTEXT = 0.12  # sentence-word Jaccard for "same thing"; calibrated on the dev set and examples
ABOUT = 0.1  # "about v" is read as v ± 10%
CLOSE_RATIO = 1.25  # values this close, same unit, no conflicting place: likely one thing
HARM_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "deaths": "killed",
    "died": "killed",
    "injured": "injured",
    "wounded": "injured",
    "displaced": "displaced",
}


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ses") or w.endswith("xes"):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def unit_key(unit: str) -> str:
    """Comparison form of a unit: harm participle if any, else the singular head word."""
    words = unit.lower().split()
    for w in words:
        if w in HARM_WORDS:
            return HARM_WORDS[w]
    return _singular(words[-1]) if words else ""


def units_compatible(a: str, b: str) -> bool:
    """Do two units count the same kind of thing?

    >>> units_compatible("strikes", "airstrikes"), units_compatible("troops", "people")
    (True, False)
    """
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return False
    return ka == kb or (len(kb) >= 4 and ka.endswith(kb)) or (len(ka) >= 4 and kb.endswith(ka))


Interval = tuple[float, float, bool, bool]  # (low, high, low inclusive, high inclusive)


def interval(value: float, qualifier: str) -> Interval:
    """(low, high, low inclusive, high inclusive) that a qualified value allows."""
    v = value
    return {
        "exact": (v, v, True, True),
        "about": (v * (1 - ABOUT), v * (1 + ABOUT), True, True),
        "nearly": (v * (1 - ABOUT), v, True, True),
        "more than": (v, math.inf, False, True),
        "at least": (v, math.inf, True, True),
        "less than": (0.0, v, True, False),
        "up to": (0.0, v, True, True),
        "peak": (0.0, v, True, True),
    }.get(qualifier, (v, v, True, True))


def _contains(iv: Interval, x: float) -> bool:
    """Does an interval include the point x?"""
    lo, hi, lo_inc, hi_inc = iv
    return (lo < x or (lo == x and lo_inc)) and (x < hi or (x == hi and hi_inc))


def intersects(a: Interval, b: Interval) -> bool:
    """Do two intervals share a point?

    >>> intersects(interval(5200, "peak"), interval(5000, "more than"))
    True
    >>> intersects(interval(212, "exact"), interval(300, "exact"))
    False
    """
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo != hi:
        return lo < hi
    return _contains(a, lo) and _contains(b, lo)


@dataclass
class _Draft:
    unit: str
    items: list[tuple[AnnotatedArticle, Figure, set[str]]] = field(default_factory=list)


def _context(ann: AnnotatedArticle, fig: Figure) -> set[str]:
    """Content words of the sentence a figure is in."""
    for s in ann.sentences:
        if s.start <= fig.span.start < s.end:
            return set(content_words(ann.article.text[s.start : s.end]))
    return set(content_words(fig.text))


def _fits(draft: _Draft, ann: AnnotatedArticle, fig: Figure, ctx: set[str]) -> float:
    """How well a figure fits a claim (0 = not at all)."""
    if any(a.article.id == ann.article.id for a, _, _ in draft.items):
        return 0.0
    best = 0.0
    for _, other, octx in draft.items:
        if not units_compatible(fig.unit, other.unit):
            return 0.0
        if fig.place and other.place and fig.place != other.place:
            return 0.0
        sim = jaccard(ctx, octx)
        same_place = bool(fig.place and fig.place == other.place)
        near = min(fig.value, other.value) * 2 >= max(fig.value, other.value) > 0
        close = min(fig.value, other.value) * CLOSE_RATIO >= max(fig.value, other.value) > 0
        if (
            sim >= MIN_CONTEXT
            or (same_place and near)
            or close
            or (fig.value == other.value and sim > 0.05)
        ):
            best = max(best, sim + (0.2 if same_place else 0) + (0.1 if near else 0))
    return best


def _status(values: Sequence[ClaimValue]) -> tuple[str, str]:
    """The claim's status and a one-line reason."""
    independent = [v for v in values if v.independent]
    outlets = {v.article_id for v in independent}
    if len(outlets) < 2:
        if len(values) > 1:
            return "single", "one independent source (the others are copies of it)"
        return "single", "reported by one source"
    ivs = [interval(v.value, v.qualifier) for v in independent]
    if all(intersects(a, b) for i, a in enumerate(ivs) for b in ivs[i + 1 :]):
        if len({v.value for v in independent}) == 1:
            return "corroborated", f"{len(outlets)} independent sources give the same value"
        return "consistent", "the values differ but their qualifiers allow them all"
    return "conflicting", "the values cannot all be true as stated"


def _label(draft: _Draft) -> str:
    """A readable name for what a claim counts: unit plus a place if they share one."""
    unit = max((f.unit for _, f, _ in draft.items), key=len)
    places = {f.place for _, f, _ in draft.items if f.place}
    return f"{unit} in {places.pop()}" if len(places) == 1 else unit


def align_figures(
    anns: Sequence[AnnotatedArticle], near_duplicates: Mapping[str, str] | None = None
) -> tuple[Claim, ...]:
    """Claims of a story: aligned figures with their status, multi-source first.

    Args:
        anns: the story's annotated articles.
        near_duplicates: article id -> id of the article it copies.
    """
    dup = dict(near_duplicates or {})
    drafts: list[_Draft] = []
    for ann in anns:
        for fig in ann.figures:
            ctx = _context(ann, fig)
            scored = [(d, _fits(d, ann, fig, ctx)) for d in drafts]
            best = max(scored, key=lambda x: x[1], default=(None, 0.0))
            if best[0] is not None and best[1] > 0:
                best[0].items.append((ann, fig, ctx))
            else:
                drafts.append(_Draft(fig.unit, [(ann, fig, ctx)]))
    ids = {a.article.id for a in anns}
    claims = []
    for d in drafts:
        values = tuple(
            ClaimValue(
                article_id=a.article.id,
                outlet=a.article.outlet,
                value=f.value,
                qualifier=f.qualifier,
                text=f.text,
                span=f.span,
                independent=dup.get(a.article.id) not in ids,
            )
            for a, f, _ in d.items
        )
        status, why = _status(values)
        digest = hashlib.sha1(
            "|".join(f"{v.span.article_id}:{v.span.start}" for v in values).encode()
        )
        first = d.items[0][1]
        claims.append(
            Claim(
                id="c" + digest.hexdigest()[:10],
                label=_label(d),
                unit=first.unit,
                status=status,  # type: ignore[arg-type]
                values=values,
                subject=first.subject,
                place=first.place,
                explanation=why,
            )
        )
    order = {"conflicting": 0, "consistent": 1, "corroborated": 2, "single": 3}
    claims.sort(key=lambda c: (order[c.status], -len(c.values)))
    return tuple(claims)
