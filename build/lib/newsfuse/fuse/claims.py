"""Figure alignment: figures from several articles that describe the same thing become
one claim, labelled corroborated, consistent, conflicting or single.

**Which figures align.** Two figures from different articles may describe the same thing
only when nothing says otherwise:

- their units are compatible (:func:`units_compatible`: "strikes" ~ "airstrikes",
  "people killed" ~ "killed" ~ "dead", "troops" ~ "soldiers"; where both carry a
  normalized unit, "square miles" and "km2" compare by it);
- they are not about different places or different subjects, when both name one;
- their dates overlap, when both are dated (:data:`DATE_SLACK_DAYS` of slack, as one
  "Monday" resolves to different days in reports published days apart).

Among such pairs, evidence that they are one thing is scored: the same place
(+:data:`SAME_PLACE`), the same subject (+:data:`SAME_SUBJECT`), values within a factor
of two (+:data:`NEAR_VALUE`), within 25% (+:data:`CLOSE_VALUE`), equal
(+:data:`EQUAL_VALUE`), plus the Jaccard overlap of the content words of the two
sentences. A figure joins the best-scoring claim (>= :data:`ALIGN_MIN`) that has no
figure from its own article yet; an article's repeat of its own figure is folded away.

**How a claim is labelled.** Each value becomes an interval by its qualifier::

    exact     [v, v]          about     [0.9v, 1.1v]     nearly  [0.9v, v]
    more than [v, inf)        at least  [v, inf)         peak    [0, v]
    less than [0, v]          up to     [0, v]

("peak" bounds the current level from above). Bounds are closed: "more than 5,000" and a
flat "5,000" are read as compatible, since outlets round. Then, over the values of
*independent* sources:

- **single**: fewer than two independent sources (different outlets; a near-duplicate
  wire copy is not independent of its original or of another copy of it, so a value
  repeated only by wire copies is not corroborated);
- **conflicting**: some two intervals are disjoint ("212 killed" vs "300 killed");
- **corroborated**: every source gives the same value with the same (or no) bound;
- **consistent**: the values differ but all intervals intersect ("peak of 5,200" and
  "more than 5,000"; "about 2,000" and "2,100"; "at least 212" and "more than 300").

Limits: "about" as a ±10% band is a convention; the time a figure refers to is known only
when its clause is dated, so a count that rose between reports ("212" on Monday, "300"
on Wednesday, both undated) reads as conflicting, and lower bounds given days apart read
as consistent. Context words decide between two same-unit figures of one article
("5,200 troops in Iraq" and "2,000 in Syria" need a place or distinct words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import AnnotatedArticle, Claim, ClaimStatus, ClaimValue, Figure
from .text import content_words, jaccard

# Evidence weights for "same thing", calibrated on the example corpus and the dev set
# (iraq-syria-2017-12); re-run `newsfuse brief` on both after changing them.
ALIGN_MIN = 0.3
SAME_PLACE = 0.3
SAME_SUBJECT = 0.3
NEAR_VALUE = 0.15  # within a factor of two
CLOSE_VALUE = 0.15  # within 25%: same unit, close values, nothing contrary -> one thing
EQUAL_VALUE = 0.15
ABOUT = 0.1  # "about v" is read as v ± 10%
DATE_SLACK_DAYS = 3
# Words that name the same count; keys are compared after singularization.
UNIT_SYNONYMS = {
    "dead": "killed",
    "death": "killed",
    "died": "killed",
    "fatality": "killed",
    "casualty": "killed",
    "killing": "killed",
    "wounded": "injured",
    "injury": "injured",
    "hurt": "injured",
    "soldier": "troop",
    "servicemember": "troop",
    "force": "troop",
    "airstrike": "strike",
    "air strike": "strike",
    "refugee": "displaced",
    "fighter": "militant",
    "dollar": "usd",
    "$": "usd",
}
_QUALIFIER_ORDER: dict[str, int] = {"exact": 0, "about": 0}  # "same or no bound"


def _singular(word: str) -> str:
    """'strikes' -> 'strike', 'casualties' -> 'casualty' (a plain English rule)."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def unit_key(unit: str) -> str:
    """Comparison form of a unit: a harm word if any, else the singular head word.

    >>> unit_key("people killed"), unit_key("airstrikes"), unit_key("square miles")
    ('killed', 'strike', 'square mile')
    """
    text = unit.lower().strip()
    if text in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[text]
    words = [_singular(w) for w in re.findall(r"[\w$%]+", text)]
    for w in words:
        if UNIT_SYNONYMS.get(w) in {"killed", "injured"} or w in {"killed", "injured"}:
            return UNIT_SYNONYMS.get(w, w)
    if not words:
        return ""
    head = UNIT_SYNONYMS.get(words[-1], words[-1])
    if words[-1] in {"mile", "meter", "metre", "kilometer", "foot", "acre"} and len(words) > 1:
        return f"{words[-2]} {head}"
    return head


def units_compatible(a: str, b: str) -> bool:
    """Do two units count the same kind of thing?

    >>> units_compatible("strikes", "airstrikes"), units_compatible("people killed", "killed")
    (True, True)
    >>> units_compatible("troops", "people"), units_compatible("people killed", "injured")
    (False, False)
    """
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 5 and long_.endswith(short)  # "airstrike" ~ "strike"


Interval = tuple[float, float]


def interval(value: float, qualifier: str) -> Interval:
    """The closed interval ``(low, high)`` a qualified value allows.

    >>> interval(5200, "peak"), interval(5000, "more than")
    ((0.0, 5200), (5000, inf))
    """
    v = value
    table: dict[str, Interval] = {
        "exact": (v, v),
        "about": (v * (1 - ABOUT), v * (1 + ABOUT)),
        "nearly": (v * (1 - ABOUT), v),
        "more than": (v, math.inf),
        "at least": (v, math.inf),
        "less than": (0.0, v),
        "up to": (0.0, v),
        "peak": (0.0, v),
    }
    return table.get(qualifier, (v, v))


def intersects(a: Interval, b: Interval) -> bool:
    """Do two closed intervals share a point?

    >>> intersects(interval(5200, "peak"), interval(5000, "more than"))
    True
    >>> intersects(interval(212, "exact"), interval(300, "exact"))
    False
    """
    return max(a[0], b[0]) <= min(a[1], b[1]) + 1e-9


def _date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value (day, month or year) covers."""
    start = value.split("/")[0]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
            d = dt.date.fromisoformat(start)
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", start):
            y, mo = int(m[1]), int(m[2])
            nxt = dt.date(y + mo // 12, mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})", start):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def dates_overlap(a: str | None, b: str | None) -> bool:
    """Could two figure dates refer to the same time? (Undated: yes.)

    >>> dates_overlap("2017-11", "2017-11-14"), dates_overlap("2017-11-01", "2017-11-14")
    (True, False)
    """
    if not a or not b:
        return True
    ra, rb = _date_range(a), _date_range(b)
    if ra is None or rb is None:
        return a[:4] == b[:4]
    days = ra[0] == ra[1] and rb[0] == rb[1]  # slack only between two day-precise dates
    slack = dt.timedelta(days=DATE_SLACK_DAYS if days else 0)
    return ra[0] - slack <= rb[1] and rb[0] - slack <= ra[1]


def _norm(text: str | None) -> str:
    return re.sub(r"[^\w\s]", "", (text or "").lower()).strip()


@dataclass
class _Item:
    ann: AnnotatedArticle
    fig: Figure
    context: set[str]

    def comparable(self) -> tuple[float, str]:
        """Value and unit key to compare (normalized where the annotator converted)."""
        if self.fig.normalized_value is not None and self.fig.normalized_unit:
            return self.fig.normalized_value, self.fig.normalized_unit
        return self.fig.value, unit_key(self.fig.unit)


@dataclass
class _Draft:
    items: list[_Item] = field(default_factory=list)


def _context(ann: AnnotatedArticle, fig: Figure) -> set[str]:
    """Content words of the sentence a figure is in (its phrase when no sentences)."""
    for s in ann.sentences:
        if s.start <= fig.span.start < s.end:
            return set(content_words(ann.article.text[s.start : s.end]))
    return set(content_words(fig.text))


def _evidence(a: _Item, b: _Item) -> float:
    """How strongly two figures look like one thing (0: they cannot be)."""
    fa, fb = a.fig, b.fig
    (va, ua), (vb, ub) = a.comparable(), b.comparable()
    if not (ua == ub or units_compatible(fa.unit, fb.unit)):
        return 0.0
    if fa.place and fb.place and _norm(fa.place) != _norm(fb.place):
        return 0.0
    if fa.subject and fb.subject and _norm(fa.subject) != _norm(fb.subject):
        return 0.0
    if not dates_overlap(fa.date, fb.date):
        return 0.0
    lo, hi = sorted((abs(va), abs(vb)))
    score = jaccard(a.context, b.context)
    score += SAME_PLACE if fa.place and fb.place else 0.0
    score += SAME_SUBJECT if fa.subject and fb.subject else 0.0
    score += NEAR_VALUE if lo * 2 >= hi else 0.0
    score += CLOSE_VALUE if lo * 1.25 >= hi else 0.0
    score += EQUAL_VALUE if lo == hi else 0.0
    return score


def _fit(draft: _Draft, item: _Item) -> float:
    """How well a figure fits a claim: its weakest link to the claim's figures."""
    if any(x.ann.article.id == item.ann.article.id for x in draft.items):
        return 0.0
    scores = [_evidence(item, x) for x in draft.items]
    return 0.0 if min(scores) <= 0 else max(scores)


def _roots(anns: Sequence[AnnotatedArticle], dup: Mapping[str, str]) -> dict[str, str]:
    """Article id -> the original it copies, following chains (itself if none)."""
    out = {}
    for ann in anns:
        aid, seen = ann.article.id, set()
        while aid in dup and aid not in seen:
            seen.add(aid)
            aid = dup[aid]
        out[ann.article.id] = aid
    return out


def _values(draft: _Draft, roots: Mapping[str, str]) -> tuple[ClaimValue, ...]:
    """The claim's values; of several copies of one original, only one is independent."""
    voice: dict[str, str] = {}  # root -> the article that speaks for it
    for it in draft.items:
        aid = it.ann.article.id
        root = roots.get(aid, aid)
        if root not in voice or aid == root:
            voice[root] = aid
    return tuple(
        ClaimValue(
            article_id=it.ann.article.id,
            outlet=it.ann.article.outlet,
            value=it.fig.value,
            qualifier=it.fig.qualifier,
            text=it.fig.text,
            span=it.fig.span,
            independent=voice[roots.get(it.ann.article.id, it.ann.article.id)] == it.ann.article.id,
        )
        for it in draft.items
    )


def _fmt(v: ClaimValue) -> str:
    q = "" if v.qualifier == "exact" else f"{v.qualifier} "
    num = f"{v.value:,.0f}" if float(v.value).is_integer() else f"{v.value:,}"
    return f"{q}{num} ({v.outlet or v.article_id})"


def claim_status(values: Sequence[ClaimValue]) -> tuple[ClaimStatus, str]:
    """The status of a claim's values and a one-line reason (see the module docstring).

    >>> from newsfuse.model import Span
    >>> v = lambda n, q, o: ClaimValue(o, o, n, q, "", Span(o, 0, 1))
    >>> claim_status([v(5200, "peak", "A"), v(5000, "more than", "B")])[0]
    'consistent'
    """
    independent = [v for v in values if v.independent]
    sources = {(v.outlet or v.article_id).lower() for v in independent}
    if len(sources) < 2:
        if len(values) > len(independent):
            return "single", "one independent source; the others are copies of it"
        if len(values) > 1:
            return "single", "reported by one outlet only"
        return "single", "reported by one source"
    ivs = [(v, interval(v.value, v.qualifier)) for v in independent]
    for i, (va, ia) in enumerate(ivs):
        for vb, ib in ivs[i + 1 :]:
            if not intersects(ia, ib):
                return "conflicting", f"{_fmt(va)} and {_fmt(vb)} cannot both be true"
    bounds = {_QUALIFIER_ORDER.get(v.qualifier, 1) for v in independent}
    quals = {v.qualifier for v in independent} - {"exact"}
    if len({v.value for v in independent}) == 1 and (bounds == {0} or len(quals) <= 1):
        return "corroborated", f"{len(sources)} independent sources give the same value"
    lo = max(i[0] for _, i in ivs)
    hi = min(i[1] for _, i in ivs)
    shown = f"{lo:,.0f}" if lo == hi else f"{lo:,.0f}–{hi:,.0f}" if hi < math.inf else f"{lo:,.0f}+"
    return "consistent", f"the values differ but their qualifiers all allow {shown}"


def _label(draft: _Draft) -> tuple[str, str]:
    """A readable slot name ("troops in Iraq") and the claim's unit."""
    units = Counter(it.fig.unit for it in draft.items)
    unit = max(units, key=lambda u: (units[u], len(u), u))
    places = Counter(it.fig.place for it in draft.items if it.fig.place)
    subjects = Counter(it.fig.subject for it in draft.items if it.fig.subject)
    label = unit
    if places:
        label = f"{unit} in {places.most_common(1)[0][0]}"
    elif subjects:
        label = f"{unit} ({subjects.most_common(1)[0][0]})"
    return label, unit


_STATUS_ORDER = {"conflicting": 0, "consistent": 1, "corroborated": 2, "single": 3}


def align_figures(
    anns: Sequence[AnnotatedArticle], near_duplicates: Mapping[str, str] | None = None
) -> tuple[Claim, ...]:
    """Claims of a story: figures aligned across articles, each claim with its status.

    Args:
        anns: the story's annotated articles (in publication order, ideally).
        near_duplicates: article id -> id of the article it copies; articles' own
            ``duplicate_of`` is used too.

    Returns:
        Claims, multi-source first (conflicting, consistent, corroborated), then single,
        more values first; every figure of every article is in exactly one claim except
        an article's repeats of its own figure.

    >>> align_figures([])
    ()
    """
    dup = {a.article.id: a.article.duplicate_of for a in anns if a.article.duplicate_of}
    dup.update(near_duplicates or {})
    roots = _roots(anns, dup)
    drafts: list[_Draft] = []
    for ann in anns:
        own: set[tuple[float, str, str]] = set()
        for fig in ann.figures:
            key = (fig.value, unit_key(fig.unit), fig.qualifier)
            if key in own:
                continue  # the article repeats its own figure
            own.add(key)
            item = _Item(ann, fig, _context(ann, fig))
            scored = [(_fit(d, item), n) for n, d in enumerate(drafts)]
            best, n = max(scored, default=(0.0, -1))
            if best >= ALIGN_MIN:
                drafts[n].items.append(item)
            else:
                drafts.append(_Draft([item]))
    claims = []
    for order, d in enumerate(drafts):
        values = _values(d, roots)
        status, why = claim_status(values)
        digest = hashlib.sha1(
            "|".join(f"{v.span.article_id}:{v.span.start}:{v.span.end}" for v in values).encode()
        ).hexdigest()
        label, unit = _label(d)
        first = d.items[0].fig
        claims.append(
            (
                (_STATUS_ORDER[status], -len(values), order),
                Claim(
                    id="c" + digest[:10],
                    label=label,
                    unit=unit,
                    status=status,
                    values=values,
                    subject=first.subject
                    or next((i.fig.subject for i in d.items if i.fig.subject), None),
                    place=next((i.fig.place for i in d.items if i.fig.place), None),
                    explanation=why,
                ),
            )
        )
    claims.sort(key=lambda x: x[0])
    return tuple(c for _, c in claims)


__all__ = [
    "align_figures",
    "claim_status",
    "dates_overlap",
    "intersects",
    "interval",
    "unit_key",
    "units_compatible",
]
