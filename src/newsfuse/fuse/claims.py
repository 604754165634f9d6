"""Figure alignment: figures from several articles that describe the same thing become
one claim, labelled corroborated, consistent, conflicting or single.

**A claim is a slot** (issue #8, :mod:`newsfuse.fuse.slots`): what is measured, of whom
or what, where and when. Two figures are never aligned when their slots differ (the
people killed vs injured, votes for vs against, cash vs stock share, a deal's terms vs
the market price, a background figure vs a current one); measures compare after pint
conversion; money compares only within one currency (never a currency-vs-currency
conflict). A claim's id derives from its slot key, so an analyst's review survives
re-grouping (:func:`apply_reviews`).

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
sentences; a shared harm role ("killed", "in critical condition") weighs
:data:`HARM_ROLE`. A figure joins the best-scoring claim (>= :data:`ALIGN_MIN`; a
placeless figure prefers a placeless claim, :data:`ONE_PLACE`) that has no figure from its
own article yet, or whose figures from its own article are the same number, what the
count was revised to (:func:`is_revision`), a rounded bound it restates, or another
estimate set against it in one sentence (:data:`CONTRAST`). An article speaks with one
value per claim, its current figure; its others are ``superseded``. Counts of different
nouns may join (:data:`CROSS_KIND`); claims of one amount in several currencies are
linked, never merged (:func:`currency_groups`).

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

import dataclasses
import datetime as dt
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..annotate.units import ROUGH_USD, currency_code, roughly_same_amount
from ..model import AnnotatedArticle, Claim, ClaimReview, ClaimStatus, ClaimValue, Figure
from .slots import (
    SINCE,
    _Slot,
    compatible,
    figure_slot,
    is_count,
    is_weak,
    kindred,
    slot_key,
    slot_label,
)
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
DATE_SLACK_DAYS = 7  # "on Friday" resolves a week apart in reports published days apart
MAX_RATIO = 3.0  # values further apart than this are not one thing, whatever the words
# Largest difference between two readings of one value on a log scale; a larger gap is
# another event (agencies differ by 0.1-0.3 on one quake's magnitude).
MAX_GAP = {"magnitude": 0.5}
SAME_ROLE = 0.15  # both name the same role ("killed", "against")
# Both say what happened to the people counted, and it is the same: "three severely
# [injured]" and "nine in critical condition" in two reports of one story are one count
# (background figures, places and dates still keep other events apart).
HARM_ROLE = 0.3
HARM_ROLES = frozenset(
    {
        "killed",
        "injured",
        "critical",
        "missing",
        "displaced",
        "evacuated",
        "arrested",
        "stranded",
        "rescued",
        "affected",
    }
)
# Only one of the two names a place: "300 cases in Sunamganj alone" is a part of "268
# cases in the division" more often than the same count; a tie goes to the placeless.
ONE_PLACE = 0.1
# Two counts of different nouns are one count only with something more: the nouns name
# one group of people (:func:`~newsfuse.fuse.slots.kindred`) and the values can both
# hold, or the same uncommon number (not a multiple of ten, at least
# :data:`SAME_NUMBER_MIN`: "94 infections" and "the first 94 trial participants to come
# down with COVID-19"). Such a link weighs :data:`CROSS_KIND` less than one of one noun.
CROSS_KIND = 0.05
SAME_NUMBER_MIN = 20
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


# "revised down to 250", "lowered the number of confirmed dead to 38", "from 359 to
# 253": the number an article's count was changed to (that article's current figure).
REVISION_BEFORE = re.compile(
    r"\b(?:revised|revising|lowered|lowering|raised|raising|reduced|reducing|cut|"
    r"increased|rose|risen|climbed|jumped|fell|fallen|dropped|corrected|updated|"
    r"brought|put|reduced|adjusted)\b(?:[ \u00a0]+[\w'’,.-]+){0,7}?[ \u00a0]+to[ \u00a0]*$",
    re.I,
)


REVISION_RATIO = 2.0  # a count revised to more than twice or half itself is another count


def _within(a: _Item, b: _Item, ratio: float) -> bool:
    lo, hi = sorted((abs(a.comparable()[0]), abs(b.comparable()[0])))
    return lo * ratio >= hi


def is_revision(text: str, start: int) -> bool:
    """Is the number at ``start`` what a count was revised to?

    >>> is_revision("The toll was revised down to 250.", 29)
    True
    >>> is_revision("They flew to 250 towns.", 13)
    False
    """
    return bool(REVISION_BEFORE.search(text[max(0, start - 70) : start]))


@dataclass
class _Item:
    ann: AnnotatedArticle
    fig: Figure
    context: set[str]
    slot: _Slot
    sentence: str = ""
    revision: bool = False  # the value a count was revised to ("revised down to 250")

    def comparable(self) -> tuple[float, str]:
        """Value and unit key to compare (normalized where the annotator converted)."""
        if self.fig.normalized_value is not None and self.fig.normalized_unit:
            return self.fig.normalized_value, self.fig.normalized_unit
        return self.fig.value, unit_key(self.fig.unit)


@dataclass
class _Draft:
    items: list[_Item] = field(default_factory=list)
    # Opened for an article's second figure of a slot it already reported elsewhere
    # (an earlier toll, another official's count): takes only values that agree.
    secondary: bool = False


def _sentence(ann: AnnotatedArticle, fig: Figure) -> tuple[str, int]:
    """The sentence a figure is in and where it starts (its phrase when no sentences)."""
    for s in ann.sentences:
        if s.start <= fig.span.start < s.end:
            return ann.article.text[s.start : s.end], s.start
    return fig.text, fig.span.start


def _item(ann: AnnotatedArticle, fig: Figure) -> _Item:
    """A figure with its sentence's content words and its slot."""
    sentence, offset = _sentence(ann, fig)
    slot = figure_slot(fig, sentence, offset, ann.article.published)
    revision = is_revision(ann.article.text, fig.span.start)
    return _Item(ann, fig, set(content_words(sentence)), slot, sentence, revision)


def _time(item: _Item) -> str | None:
    """The time a figure refers to: its date, except for a running total ("has enrolled
    43,538 participants since July 27" is a count as of now, not of July 27)."""
    return None if SINCE.search(item.sentence) else item.fig.date


def _restates(ann: AnnotatedArticle, a: Figure, b: Figure) -> bool:
    """Is ``b`` the measure ``a`` given again in another unit, right after it ("as much as
    45 meters (150 feet)", "900 square miles, or about 2,330 square kilometres")?"""
    if not a.normalized_unit or a.normalized_unit != b.normalized_unit:
        return False
    if a.normalized_value is None or b.normalized_value is None or a.unit == b.unit:
        return False
    if not 0 <= b.span.start - a.span.end <= 40:
        return False
    if not CONVERSION_GAP.match(ann.article.text[a.span.end : b.span.start]):
        return False
    lo, hi = sorted((abs(a.normalized_value), abs(b.normalized_value)))
    return hi <= lo * (1 + RESTATED_TOLERANCE)


def _article_items(ann: AnnotatedArticle) -> list[_Item]:
    """An article's figures as items. A number the article gives as an earlier figure
    ("down from 359") is an earlier figure wherever the article repeats it ("the toll of
    359 announced yesterday"): same number, same kind, one figure. A measure restated in
    another unit right after it (:func:`_restates`) is the same figure, not an item."""
    figs = sorted(ann.figures, key=lambda f: f.span.start)
    restated = {id(b) for a, b in itertools.pairwise(figs) if _restates(ann, a, b)}
    items = [_item(ann, fig) for fig in ann.figures if id(fig) not in restated]
    earlier = {(it.fig.value, it.slot.kind) for it in items if it.slot.background}
    return [
        dataclasses.replace(it, slot=dataclasses.replace(it.slot, background=True))
        if not it.slot.background and (it.fig.value, it.slot.kind) in earlier
        else it
        for it in items
    ]


def _evidence(a: _Item, b: _Item) -> float:
    """How strongly two figures look like one thing (0: they cannot be)."""
    fa, fb = a.fig, b.fig
    (va, _), (vb, _) = a.comparable(), b.comparable()
    slot_a, penalty = a.slot, 0.0
    if a.slot.kind != b.slot.kind and _cross_kind(a, b):
        slot_a, penalty = dataclasses.replace(a.slot, kind=b.slot.kind), CROSS_KIND
    if not compatible(slot_a, b.slot):
        return 0.0
    # units agree when the slots' kinds do ("lives" ~ "people killed", "GBP" ~ "GBP per
    # share", "feet" ~ "metres" once converted); the slot's role and ``of`` split the rest
    if fa.place and fb.place and _norm(fa.place) != _norm(fb.place):
        return 0.0
    if not dates_overlap(_time(a), _time(b)):
        return 0.0
    lo, hi = sorted((abs(va), abs(vb)))
    if lo * MAX_RATIO < hi:
        return 0.0  # "4 previous offers" and "40 offers" are not one count
    if a.slot.kind in MAX_GAP and hi - lo > MAX_GAP[a.slot.kind]:
        return 0.0  # a 6.1 aftershock is not the 7.5 main quake
    score = jaccard(a.context, b.context)
    score += SAME_PLACE if fa.place and fb.place else 0.0
    score += SAME_SUBJECT if fa.subject and fb.subject else 0.0
    if a.slot.role and a.slot.role == b.slot.role:
        score += HARM_ROLE if a.slot.role in HARM_ROLES else SAME_ROLE
    score += NEAR_VALUE if lo * 2 >= hi else 0.0
    score += CLOSE_VALUE if lo * 1.25 >= hi else 0.0
    score += EQUAL_VALUE if lo == hi else 0.0
    return score - penalty


def _cross_kind(a: _Item, b: _Item) -> bool:
    """May two counts of different nouns be one count? (:data:`CROSS_KIND`)"""
    if not (is_count(a.slot) and is_count(b.slot)) or a.slot.background or b.slot.background:
        return False
    ia = interval(a.fig.value, a.fig.qualifier)
    ib = interval(b.fig.value, b.fig.qualifier)
    if kindred(a.slot.kind, b.slot.kind):
        return intersects(ia, ib)
    v = a.fig.value
    if a.slot.role != b.slot.role:
        return False  # "37 people killed" and "37 vehicles" are two counts
    return v == b.fig.value and v >= SAME_NUMBER_MIN and v % 10 != 0 and intersects(ia, ib)


# Between two numbers of one sentence: the second is set against the first as another
# estimate of the same count ("killed 41 people, higher than the toll of 38 given by
# the governor's office").
# The comparison is with a noun phrase ("than the toll of"), never the next number's own
# qualifier ("killed 12 and injured more than 40").
CONTRAST = re.compile(
    r"\b(?:(?:higher|lower|more|fewer|greater|less|above|below)[ \u00a0]+than|"
    r"compared[ \u00a0]+(?:with|to)|contradict\w*|disput\w*)[ \u00a0]+"
    r"(?:the|a|an|its|their|his|her|that|those|what|[A-Z][\w.]*(?:'s|’s))\b",
)


def _contrasted(a: _Item, b: _Item) -> bool:
    """Are two figures of one sentence set against each other as two estimates of one
    count (a different speaker's figure, :data:`CONTRAST`)?"""
    if a.sentence != b.sentence or a.ann.article.id != b.ann.article.id:
        return False
    first, second = sorted((a.fig.span, b.fig.span), key=lambda sp: sp.start)
    return bool(CONTRAST.search(a.ann.article.text[first.end : second.start]))


def _refines(a: _Item, b: _Item) -> bool:
    """Does one figure of an article restate the other more precisely? A rounded bound
    ("more than 43,000 volunteers") and an exact count it allows, within 5% ("43,538
    participants"): one count, not two."""
    (va, _), (vb, _) = a.comparable(), b.comparable()
    rounded, exact = (a, b) if a.fig.qualifier != "exact" else (b, a)
    r = rounded.comparable()[0]
    if exact.fig.qualifier != "exact" or rounded.fig.qualifier == "exact" or r < 100:
        return False
    if r % 10 ** (len(str(int(r))) - 2) != 0:
        return False  # "more than 43,000" is rounded; "at least 38" is not
    near = abs(va - vb) <= 0.05 * max(abs(va), abs(vb))
    return near and intersects(interval(va, a.fig.qualifier), interval(vb, b.fig.qualifier))


def _same_value(a: _Item, b: _Item) -> bool:
    """Do two figures give the same number ("at least 253" and "253"; "a decade" and
    "10 years")? Overlap is not enough within one article: "at least 38" after "39
    had died" is a revised count, not a repeat."""
    (va, _), (vb, _) = a.comparable(), b.comparable()
    return abs(va - vb) <= 1e-9 * max(abs(va), abs(vb), 1.0)


def _fit(draft: _Draft, item: _Item) -> float:
    """How well a figure fits a claim: its weakest link to the claims's figures from
    other articles. An article's second value of a slot joins the claim holding its
    first when the slots are compatible and it is the same number ("the toll is at
    least 253" ... "253 people") or what the count was revised to ("revised down to
    250"); another value that differs opens another claim (an earlier toll, another
    official's count)."""
    own = [x for x in draft.items if x.ann.article.id == item.ann.article.id]
    if own and not all(
        (compatible(x.slot, item.slot) or _cross_kind(x, item))
        and (
            _same_value(x, item)
            or ((item.revision or x.revision) and _within(x, item, REVISION_RATIO))
            or _refines(x, item)
            or _contrasted(x, item)
            or "peak" in (x.fig.qualifier, item.fig.qualifier)  # "1,500, down from a peak of 1,800"
        )
        for x in own
    ):
        return 0.0
    others = [x for x in draft.items if x.ann.article.id != item.ann.article.id]
    scores = [_evidence(item, x) for x in others or own]
    agree_only = draft.secondary or is_weak(item.slot) or any(is_weak(x.slot) for x in draft.items)
    if agree_only and not all(
        intersects(
            interval(item.comparable()[0], item.fig.qualifier),
            interval(x.comparable()[0], x.fig.qualifier),
        )
        for x in draft.items
    ):
        return 0.0
    return 0.0 if min(scores) <= 0 else max(scores)


def _place_penalty(draft: _Draft, item: _Item) -> float:
    """:data:`ONE_PLACE` when only one side names a place (a tie-breaker between claims
    that both fit, never a reason not to join)."""
    placed = any(x.fig.place for x in draft.items)
    return ONE_PLACE if placed != bool(item.fig.place) else 0.0


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


def _current(items: Sequence[_Item]) -> dict[str, float]:
    """Article id -> its current value in a claim: the last value the article says a
    count was revised to ("revised down to 250"), else its first value. An article's
    other values in the claim (the figure before a revision) do not count as its voice."""
    out: dict[str, float] = {}
    for it in sorted(
        items, key=lambda x: (not x.revision, -x.fig.span.start if x.revision else x.fig.span.start)
    ):
        out.setdefault(it.ann.article.id, it.comparable()[0])
    return out


def _values(draft: _Draft, roots: Mapping[str, str]) -> tuple[ClaimValue, ...]:
    """The claim's values; of several copies of one original, only one is independent."""
    voice: dict[str, str] = {}  # root -> the article that speaks for it
    for it in draft.items:
        aid = it.ann.article.id
        root = roots.get(aid, aid)
        if root not in voice or aid == root:
            voice[root] = aid
    current = _current(draft.items)
    return tuple(
        ClaimValue(
            article_id=it.ann.article.id,
            outlet=it.ann.article.outlet,
            value=it.fig.value,
            qualifier=it.fig.qualifier,
            text=it.fig.text,
            span=it.fig.span,
            independent=voice[roots.get(it.ann.article.id, it.ann.article.id)] == it.ann.article.id,
            superseded=current[it.ann.article.id] != it.comparable()[0],
            published=it.ann.article.published,
            unit=it.fig.unit,
            normalized_value=it.fig.normalized_value,
        )
        for it in draft.items
    )


def outlet_name(v: ClaimValue) -> str:
    """An outlet as a reader names it: "Reuters (via eNCA)" -> "Reuters"; never a hash.

    >>> from newsfuse.model import Span
    >>> outlet_name(ClaimValue("ab12", "AP (via KMZN)", 1, "exact", "", Span("ab12", 0, 1)))
    'AP'
    """
    name = re.sub(r"\s*\(.*?\)\s*", " ", v.outlet or "").strip()
    return name or "an unnamed outlet"


def _num(v: ClaimValue) -> str:
    q = "" if v.qualifier == "exact" else f"{v.qualifier} "
    num = f"{v.value:,.0f}" if float(v.value).is_integer() else f"{v.value:,}"
    measure = v.normalized_value is not None and v.unit and not currency_code(v.unit)
    unit = f" {v.unit}" if measure else ""
    return f"{q}{num}{unit}"


def _comparable(v: ClaimValue) -> float:
    """The value in the claim's comparison unit (pint-converted measures)."""
    return v.value if v.normalized_value is None else v.normalized_value


def _value_interval(v: ClaimValue, mixed: bool = False) -> Interval:
    """The interval a value allows in the claim's comparison unit. A measure stated in a
    coarser unit than it is compared in carries that unit's rounding: "nearly three
    weeks" is not a day-exact 21 days, so it can hold with "18 days" (half a stated unit
    each way; money and counts are not converted and keep their interval). In a claim
    whose values are stated in different units (``mixed``), every measure carries its
    unit's rounding: "4 meters" and "13 feet" (3.96 m) can both hold."""
    lo, hi = interval(_comparable(v), v.qualifier)
    if v.normalized_value is not None and v.value and currency_code(v.unit or "") is None:
        step = abs(v.normalized_value / v.value)
        if step >= 2 or mixed:
            lo, hi = lo - step / 2, hi + step / 2
    return lo, hi


def _mixed_units(values: Sequence[ClaimValue]) -> bool:
    """Are a claim's converted measures stated in more than one unit?"""
    return len({_singular_unit(v.unit or "") for v in values if v.normalized_value is not None}) > 1


def _singular_unit(unit: str) -> str:
    """ "meters" and "metre" are one stated unit; "feet" another."""
    u = unit.lower().rstrip("s")
    return u.replace("metre", "meter").replace("litre", "liter")


def _says(values: Sequence[ClaimValue], with_date: bool = False) -> str:
    """ "Reuters says at least 35, AP says 38" (each outlet once, in order)."""
    parts, seen = [], set()
    for v in values:
        name = outlet_name(v)
        if (name, v.value) in seen:
            continue
        seen.add((name, v.value))
        when = f" on {v.published:%-d %b}" if with_date and v.published else ""
        parts.append(f"{name} says {_num(v)}{when}")
    return ", ".join(parts)


def independent_sources(values: Sequence[ClaimValue]) -> int:
    """How many independent outlets give a value (copies never count; one number
    everywhere: status, explanation and the brief's sources column)."""
    return len({_source_key(v) for v in values if _counts(v)})


def _counts(v: ClaimValue) -> bool:
    """Does a value count towards the status? Not a copy, not a figure its own article
    revised."""
    return v.independent and not v.superseded


def _source_key(v: ClaimValue) -> str:
    """Who speaks: the outlet, or the article itself when its outlet is unknown."""
    return outlet_name(v).lower() if v.outlet else v.article_id


def _over_time(values: Sequence[ClaimValue]) -> bool:
    """Do the values differ only between reports of different days (a moving count)?

    True when the values of each publication day agree among themselves, and the days
    differ: "35" on 14 Aug and "38" on 16 Aug is a count that changed, not a dispute.
    """
    days: dict[dt.date, list[Interval]] = {}
    for v in values:
        if v.published is None:
            return False
        days.setdefault(v.published, []).append(_value_interval(v, _mixed_units(values)))
    if len(days) < 2:
        return False
    for ivs in days.values():
        lo, hi = max(i[0] for i in ivs), min(i[1] for i in ivs)
        if lo > hi + 1e-9:
            return False
    return True


def claim_status(values: Sequence[ClaimValue]) -> tuple[ClaimStatus, str]:
    """The status of a claim's values and a one-line reason naming the outlets.

    >>> from newsfuse.model import Span
    >>> v = lambda n, q, o: ClaimValue(o, o, n, q, "", Span(o, 0, 1))
    >>> claim_status([v(5200, "peak", "A"), v(5000, "more than", "B")])
    ('consistent', 'A says peak 5,200, B says more than 5,000: the values differ but both can hold (5,000–5,200)')
    """
    independent = [v for v in values if _counts(v)]
    n = independent_sources(values)
    if n < 2:
        voices = {outlet_name(v) for v in independent}
        if {outlet_name(v) for v in values} - voices:
            copies = sorted({outlet_name(v) for v in values if not v.independent} - voices)
            return "single", f"only {outlet_name(independent[0])}; {', '.join(copies)} copies it"
        if len(values) > 1:
            return "single", f"only {outlet_name(values[0])} reports it"
        return "single", f"only {outlet_name(values[0])} reports it"
    mixed = _mixed_units(independent)
    ivs = [(v, _value_interval(v, mixed)) for v in independent]
    for i, (_va, ia) in enumerate(ivs):
        for _vb, ib in ivs[i + 1 :]:
            if not intersects(ia, ib):
                if _over_time(independent):
                    return "conflicting", (
                        f"changed over time: {_says(sorted(independent, key=_when), True)}"
                    )
                return "conflicting", f"{_says(independent)}: these cannot both be true"
    bounds = {_QUALIFIER_ORDER.get(v.qualifier, 1) for v in independent}
    quals = {v.qualifier for v in independent} - {"exact"}
    if len({_comparable(v) for v in independent}) == 1 and (bounds == {0} or len(quals) <= 1):
        return "corroborated", f"{n} independent sources agree: {_says(independent)}"
    lo = max(i[0] for _, i in ivs)
    hi = min(i[1] for _, i in ivs)
    shown = f"{lo:,.0f}" if lo == hi else f"{lo:,.0f}–{hi:,.0f}" if hi < math.inf else f"{lo:,.0f}+"
    return "consistent", f"{_says(independent)}: the values differ but both can hold ({shown})"


def _when(v: ClaimValue) -> tuple[dt.date, int]:
    return (v.published or dt.date.min, v.span.start)


def _label(draft: _Draft) -> tuple[str, str]:
    """A label a person would write ("people killed in the collapse") and the unit."""
    units = Counter(it.fig.unit for it in draft.items)
    unit = max(units, key=lambda u: (units[u], len(u), u))
    # the first figure that names what it measures ("from a height of 150 feet"), else the first
    first = max(draft.items, key=lambda it: (bool(it.slot.role), bool(it.slot.of)))
    return slot_label(first.slot, unit, first.sentence), unit


_STATUS_ORDER = {"conflicting": 0, "consistent": 1, "corroborated": 2, "single": 3}


def _claim_id(key: str, taken: set[str], anchor: str) -> str:
    """A stable id from the slot key; a second claim of one slot adds its first value."""
    cid = "c" + hashlib.sha1(key.encode()).hexdigest()[:10]
    if cid in taken:
        cid = "c" + hashlib.sha1(f"{key}#{anchor}".encode()).hexdigest()[:10]
    taken.add(cid)
    return cid


def make_claim(cid: str, items_or_values: Sequence[ClaimValue], base: Claim) -> Claim:
    """``base`` with new values: status, explanation and source count recomputed."""
    status, why = claim_status(items_or_values)
    changed = status == "conflicting" and why.startswith("changed over time")
    return dataclasses.replace(
        base,
        id=cid,
        values=tuple(items_or_values),
        status=status,
        explanation=why,
        sources=independent_sources(items_or_values),
        changed_over_time=changed,
    )


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
        for item in _article_items(ann):
            scored = [(_fit(d, item), n) for n, d in enumerate(drafts)]
            fits = [
                (s - _place_penalty(drafts[n], item), s, n) for s, n in scored if s >= ALIGN_MIN
            ]
            _, best, n = max(fits, default=(0.0, 0.0, -1))
            if best >= ALIGN_MIN:
                drafts[n].items.append(item)
            else:
                again = any(
                    x.ann.article.id == ann.article.id
                    and slot_key(x.slot) == slot_key(item.slot)
                    and _evidence(x, item) > 0
                    for d in drafts
                    for x in d.items
                )
                drafts.append(_Draft([item], secondary=again))
    claims = []
    taken: set[str] = set()
    for order, d in enumerate(drafts):
        values = _values(d, roots)
        label, unit = _label(d)
        first = d.items[0]
        skey = slot_key(first.slot)
        anchor = min(f"{v.article_id}:{v.span.start}" for v in values)
        base = Claim(
            id="",
            label=label,
            unit=unit,
            status="single",
            values=(),
            subject=first.fig.subject
            or next((i.fig.subject for i in d.items if i.fig.subject), None),
            place=next((i.fig.place for i in d.items if i.fig.place), None),
            slot=skey,
        )
        claim = make_claim(_claim_id(skey, taken, anchor), values, base)
        claims.append(((_STATUS_ORDER[claim.status], -len(values), order), claim))
    groups = currency_groups(drafts)
    ids = [c.id for _, c in claims]  # still in draft order
    claims = [
        (k, dataclasses.replace(c, equivalents=tuple(ids[j] for j in groups.get(n, ()))))
        for n, (k, c) in enumerate(claims)
    ]
    claims.sort(key=lambda x: x[0])
    return tuple(c for _, c in claims)


# A measure and its restatement in another unit differ by rounding only: 45 m is 147.6 ft,
# written "150 feet".
RESTATED_TOLERANCE = 0.05
# Between an amount and its conversion into another currency: "£46bn ($62bn)",
# "4.2 billion euros, or about $4.7 billion", "$62bn / €52.3bn".
CONVERSION_GAP = re.compile(
    r"^[ \u00a0]*(?:\(|\[|/|,?[ \u00a0]*(?:or|equivalent[ \u00a0]+to|equal[ \u00a0]+to|"
    r"roughly|about|around|some)\b|[–—-])[ \u00a0]*"
    r"(?:(?:about|around|roughly|some|nearly|almost|approximately)[ \u00a0]+)?$",
    re.I,
)


def _currency(item: _Item) -> str | None:
    return currency_code(item.fig.unit)


def _converts(a: _Item, b: _Item) -> bool:
    """Does one article give ``b`` as ``a`` converted into another currency?"""
    if a.ann.article.id != b.ann.article.id or a.sentence != b.sentence:
        return False
    ca, cb = _currency(a), _currency(b)
    if not ca or not cb or ca == cb:
        return False
    first, second = sorted((a.fig.span, b.fig.span), key=lambda sp: sp.start)
    gap = a.ann.article.text[first.end : second.start]
    if len(gap) > 25 or not CONVERSION_GAP.match(gap):
        return False
    return roughly_same_amount(a.fig.value, ca, b.fig.value, cb) or not (
        ca in ROUGH_USD and cb in ROUGH_USD
    )


def _one_deal(a: _Draft, b: _Draft) -> bool:
    """Are two claims in different currencies one deal's amount? Both are a deal's terms
    (not a market price, not an earlier figure), of the same thing (the whole deal, or
    per share), and their amounts are one amount at rough exchange rates."""
    sa, sb = a.items[0].slot, b.items[0].slot
    ca, cb = _currency(a.items[0]), _currency(b.items[0])
    if not ca or not cb or ca == cb:
        return False
    if sa.frame != "deal" or sb.frame != "deal" or sa.background or sb.background:
        return False
    if sa.of != sb.of or sa.role != sb.role or sa.modifier != sb.modifier:
        return False
    va = sorted(x.fig.value for x in a.items)[len(a.items) // 2]
    vb = sorted(x.fig.value for x in b.items)[len(b.items) // 2]
    return roughly_same_amount(va, ca, vb, cb)


def currency_groups(drafts: Sequence[_Draft]) -> dict[int, tuple[int, ...]]:
    """Draft index -> the other drafts that give the same amount in another currency:
    linked by an article's conversion ("£46bn ($62bn)") or as one deal's terms reported
    in several currencies (:func:`_one_deal`), and transitively."""
    parent = list(range(len(drafts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    money = [n for n, d in enumerate(drafts) if _currency(d.items[0])]
    codes = {n: {_currency(drafts[n].items[0])} for n in money}  # root -> its currencies
    pairs = [(i, j) for x, i in enumerate(money) for j in money[x + 1 :]]

    # conversions in the text first, then deals; a group never holds one currency twice
    # ("an earlier offer of 3.6 billion euros" is not the 4.2 billion euros agreed)
    def converts(i: int, j: int) -> bool:
        return any(_converts(a, b) for a in drafts[i].items for b in drafts[j].items)

    def one_deal(i: int, j: int) -> bool:
        return _one_deal(drafts[i], drafts[j])

    for test in (converts, one_deal):
        for i, j in pairs:
            ri, rj = root(i), root(j)
            if ri != rj and not codes[ri] & codes[rj] and test(i, j):
                parent[ri] = rj
                codes[rj] |= codes[ri]
    members: dict[int, list[int]] = {}
    for n in money:
        members.setdefault(root(n), []).append(n)
    return {
        n: tuple(m for m in group if m != n)
        for group in members.values()
        if len(group) > 1
        for n in group
    }


def _value_key(v: ClaimValue) -> tuple[str, int, int]:
    return (v.article_id, v.span.start, v.span.end)


def value_anchor(v: ClaimValue) -> str:
    """A value's place in the text, ``"article_id:start:end"``: what a review remembers."""
    return f"{v.article_id}:{v.span.start}:{v.span.end}"


def _reviewed(claim: Claim, r: ClaimReview) -> bool:
    """Is ``claim`` the one ``r`` was made about? The same slot-derived id and, when the
    review recorded them, one of the same values; or (the slot read differently after
    re-grouping) at least half of the values it had then."""
    shared = {value_anchor(v) for v in claim.values} & set(r.anchors)
    if claim.id == r.claim_id:
        return not r.anchors or bool(shared)
    return bool(r.anchors) and len(shared) * 2 >= len(r.anchors)


def apply_reviews(claims: Sequence[Claim], reviews: Sequence[ClaimReview]) -> tuple[Claim, ...]:
    """Re-apply an analyst's decisions to freshly built claims (in the order made).

    ``confirm``/``dismiss`` set :attr:`Claim.review` ("confirmed"/"dismissed"); a
    ``move`` takes the value at its span out of whichever claim holds it now into the
    target claim, or into a new claim with the target id. Decisions about claims or
    values that no longer exist are skipped, so a review never blocks a rebuild; since
    claim ids derive from slots and values are found by their spans, decisions survive
    re-grouping.

    >>> apply_reviews((), [ClaimReview("c1", "confirm")])
    ()
    """
    out = list(claims)
    for r in reviews:
        if r.action in ("confirm", "dismiss"):
            for i, c in enumerate(out):
                if _reviewed(c, r):
                    verdict = "confirmed" if r.action == "confirm" else "dismissed"
                    out[i] = dataclasses.replace(c, review=verdict)
        elif r.action == "move" and r.target and r.article_id is not None:
            key = f"{r.article_id}:{r.start}:{r.end}"
            src = next(
                (i for i, c in enumerate(out) if any(value_anchor(v) == key for v in c.values)),
                None,
            )
            if src is None or out[src].id == r.target:
                continue
            value = next(v for v in out[src].values if value_anchor(v) == key)
            moved = dataclasses.replace(value, moved_from=out[src].id)
            rest = tuple(v for v in out[src].values if value_anchor(v) != key)
            ids = [c.id for c in out]
            if r.target in ids:
                t = ids.index(r.target)
                out[t] = make_claim(out[t].id, (*out[t].values, moved), out[t])
            else:
                base = dataclasses.replace(out[src], review=None, label=f"{out[src].label} (moved)")
                out.append(make_claim(r.target, (moved,), base))
            if rest:
                out[src] = make_claim(out[src].id, rest, out[src])
            else:
                out.pop(src)
    return tuple(out)


__all__ = [
    "align_figures",
    "apply_reviews",
    "claim_status",
    "dates_overlap",
    "independent_sources",
    "intersects",
    "interval",
    "make_claim",
    "outlet_name",
    "unit_key",
    "units_compatible",
    "value_anchor",
]
