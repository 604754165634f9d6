"""The one data model every stage shares.

Flow: ``Article`` (ingest) -> ``AnnotatedArticle`` (annotate) -> ``Story`` (fuse) ->
``Brief`` (brief). Every extracted fact carries the :class:`Span` it came from: the
article id and ``[start, end)`` character offsets into ``Article.text``. Cross-source
facts keep the tuple of their spans.

All records are frozen, slotted dataclasses holding only plain values, tuples and other
records, so they hash, compare, pickle (for Dask) and round-trip through JSON with
:func:`to_dict` / :func:`from_dict`. Nothing outside this module defines a record type
that crosses a phase boundary.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

SCHEMA_VERSION = 2  # 2: claims carry slot, sources, over-time flag and review (#8)

EntityKind = Literal["person", "organization", "place"]
Qualifier = Literal[
    "exact", "about", "nearly", "more than", "less than", "at least", "up to", "peak"
]
ClaimStatus = Literal["corroborated", "consistent", "conflicting", "single"]
ReviewAction = Literal["confirm", "dismiss", "move"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact came from: ``[start, end)`` character offsets in one article."""

    article_id: str
    start: int
    end: int

    def text(self, article_text: str) -> str:
        """The covered text, given the article's text."""
        return article_text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Region:
    """A part of the article text that is not body prose: a photo caption, a dateline,
    a byline or a "X contributed to this report" credit. Offsets into ``Article.text``."""

    kind: Literal["caption", "dateline", "byline", "credit"]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: clean body text plus metadata.

    ``id`` is derived from ``content_hash`` (the SHA-256 of the normalized body text), so
    the same text always gets the same id and re-ingesting is idempotent.

    ``text`` is the article as published with page furniture ("Read more:", share
    buttons, navigation) removed. Captions, the dateline, the byline and credit lines stay
    in ``text`` so that every offset points at what the outlet printed, but they are
    marked in ``regions`` and recorded as metadata: the *body* is ``text`` outside those
    regions (:meth:`in_body`), and the summary, figures, dates and quotes read only it.
    """

    id: str
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    source: str | None = None  # path, URL or "file.warc.gz#record" it was read from
    published: _dt.date | None = None
    byline: tuple[str, ...] = ()  # author names
    dateline: str | None = None  # "WASHINGTON", "BEIRUT"
    credits: tuple[str, ...] = ()  # "Zakaria Zakaria in Istanbul contributed ..."
    captions: tuple[str, ...] = ()  # photo captions removed from the body
    language: str | None = None  # ISO 639-1, e.g. "en"
    flags: tuple[str, ...] = ()  # e.g. "non-english", "near-duplicate"
    duplicate_of: str | None = None  # id of the original when this is a near duplicate
    regions: tuple[Region, ...] = ()

    def in_body(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps no caption, dateline, byline or credit."""
        return all(end <= r.start or start >= r.end for r in self.regions)


@dataclass(frozen=True, slots=True)
class Mention:
    """One surface form of an entity in the text."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Entity:
    """A person or an organization/armed group, as one article names it.

    ``name`` is the fullest form used in the article; ``aliases`` are other names for the
    same actor (acronyms, names declared in the text, curated aliases). ``title`` is an
    honorific or rank ("Col.", "Prime Minister"); ``role`` the descriptive role from the
    text ("spokesman for the U.S.-led coalition"), with its span.
    """

    id: str  # unique within the article: "p1", "o3"
    kind: EntityKind
    name: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    title: str | None = None
    role: str | None = None
    role_span: Span | None = None
    affiliation: str | None = None  # organization name the role ties them to, if any


@dataclass(frozen=True, slots=True)
class Place:
    """A place mentioned in the text, resolved to a gazetteer entry."""

    id: str  # unique within the article: "l1"
    name: str  # gazetteer name ("Anbar", "Iraq")
    mentions: tuple[Mention, ...]
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # "country", "admin1", "city", "region", ...
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: the speaker, the cue that introduces it, and its content.

    ``direct`` is True for words in quotation marks, False for reported speech
    ("X said that ..."). ``speaker`` is a canonical entity name, never a pronoun;
    ``speaker_id`` the entity id in the same article.
    """

    content: str
    span: Span  # the quoted words, without the marks
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_span: Span | None = None  # the mention the speaker was resolved from
    cue: str | None = None  # "said", "told reporters"
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Figure:
    """A number that counts or measures something in the world.

    ``value`` is the number as stated (percent as 98); ``unit`` what is counted
    ("airstrikes", "troops", "people killed", "square miles", "percent", "USD").
    ``normalized`` gives a comparable value where units convert (square miles to km2).
    """

    value: float
    unit: str
    qualifier: Qualifier
    text: str  # the evidence phrase, "nearly 30,000 strikes"
    span: Span
    subject: str | None = None  # entity or thing it is about, where the sentence says so
    place: str | None = None
    date: str | None = None  # ISO value of a date in the same clause, if any
    normalized_value: float | None = None
    normalized_unit: str | None = None
    verb: str | None = None  # lemma of the clause's verb: "kill", "employ", "vote" (#8)
    tense: str | None = None  # "past", "present" or "future" (a will/would auxiliary)


@dataclass(frozen=True, slots=True)
class DateRef:
    """A time expression normalized against the publication date (ISO 8601)."""

    text: str
    value: str  # "2017-11-26", "2017-11", "2017", "2014-SU", "2017-W47", "2015/2016"
    precision: str  # "day", "month", "year", "season", "week", "range", "decade"
    span: Span
    relative: bool = False  # resolved from the publication date or another date


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened: a sentence with an event verb, dated and placed."""

    text: str  # the sentence or clause
    span: Span
    trigger: str  # the event word: "killed", "retook", "convened"
    date: str | None = None  # ISO value
    date_precision: str | None = None
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """An article (or input) that a stage could not handle; a result, not a crash."""

    article_id: str  # or the input path/URL when the failure happens before ingest
    stage: str
    error_type: str
    message: str


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with everything the annotate stage found in it."""

    article: Article
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateRef, ...] = ()
    events: tuple[Event, ...] = ()
    sentences: tuple[Span, ...] = ()
    pipeline: tuple[str, ...] = ()  # versioned names of the stages that ran
    dateline_place: Place | None = None  # the dateline resolved at annotation (#13)


# --- fuse -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """One person, group or place across the articles of a story."""

    id: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]  # every mention, each with its article span
    titles: tuple[str, ...] = ()
    roles: tuple[tuple[str, Span], ...] = ()  # (role text, where it was stated)
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """One source's figure inside a claim."""

    article_id: str
    outlet: str | None
    value: float
    qualifier: Qualifier
    text: str
    span: Span
    independent: bool = True  # False for a near-duplicate wire copy
    published: _dt.date | None = None  # the article's publication date
    moved_from: str | None = None  # claim id an analyst moved this value from (#8)
    unit: str | None = None  # the unit as this source gives it ("square miles")
    normalized_value: float | None = None  # in the claim's comparison unit (km2)
    # The article revised this value ("revised down to 250"): its current figure is
    # another value of the claim, and this one does not count towards the status.
    superseded: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """Figures from one or more articles that describe the same thing."""

    id: str
    label: str  # "troops in Iraq"
    unit: str
    status: ClaimStatus
    values: tuple[ClaimValue, ...]
    subject: str | None = None
    place: str | None = None
    explanation: str | None = None
    slot: str | None = None  # the slot key the id derives from: kind|role|of|...
    sources: int = 0  # independent sources (near-duplicate copies never count)
    changed_over_time: bool = False  # values differ between reports of different days
    review: str | None = None  # the analyst's decision: "confirmed" or "dismissed"
    # Ids of claims giving the same amount in another currency ("£46bn ($62bn)"):
    # each keeps its own values and status; currencies are never set against each other.
    equivalents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """An analyst's decision about a claim, stored and re-applied on every rebuild.

    ``confirm``/``dismiss`` mark a claim's conflict as real or not; ``move`` takes one
    value (the figure at ``article_id`` ``[start, end)``) out of ``claim_id`` into
    ``target`` (another claim id, or a new claim when no claim has that id).
    """

    claim_id: str
    action: ReviewAction
    article_id: str | None = None
    start: int | None = None
    end: int | None = None
    target: str | None = None
    story_id: str | None = None
    created: str | None = None  # ISO timestamp
    anchors: tuple[str, ...] = ()  # "article_id:start:end" of the claim's values then


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated statement or event, once, with all the sources that report it."""

    date: str  # ISO value
    precision: str
    text: str
    spans: tuple[Span, ...]
    background: bool = False  # a date mentioned in passing, not an event of the story


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the extractive summary and the article span it was taken from."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class StoryQuote:
    """A quote with its speaker, as shown in a story."""

    speaker: str | None
    content: str
    span: Span
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about the same situation, fused."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    entities: tuple[StoryEntity, ...] = ()
    claims: tuple[Claim, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    quotes: tuple[StoryQuote, ...] = ()
    first_published: _dt.date | None = None
    last_published: _dt.date | None = None
    datelines: tuple[Place, ...] = ()  # each article's resolved dateline, for the map (#13)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article as cited in a brief: a short label and its metadata."""

    label: str  # "[WP]", "[1]"
    article_id: str
    outlet: str | None
    title: str | None
    url: str | None
    published: _dt.date | None
    byline: tuple[str, ...] = ()
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything a brief shows, ready for a renderer (Markdown, HTML, JSON, web)."""

    story: Story
    sources: tuple[SourceRef, ...]
    articles: tuple[Article, ...] = ()
    version: int = SCHEMA_VERSION
    generated: str | None = None  # ISO timestamp


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text search result: the article and a snippet around the match."""

    article_id: str
    title: str | None
    outlet: str | None
    snippet: str  # matched words between search.MARK private-use characters
    rank: float = 0.0
    published: str | None = None  # ISO date
    lead: str = ""  # the first words of the text, to name an untitled hit
    story_id: str | None = None
    duplicates: tuple[str, ...] = ()  # ids of matching near-duplicates folded under this hit
    duplicate_outlets: tuple[str, ...] = ()  # their outlets, in the same order


def content_hash(text: str) -> str:
    """SHA-256 of the text after Unicode NFC and whitespace folding.

    Two copies of an article that differ only in spacing or line breaks hash alike.
    """
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


ARTICLE_ID_LENGTH = 16  # hex chars of the content hash: 64 bits, no collision below ~10^9


def new_article(text: str, **metadata: Any) -> Article:
    """Build an :class:`Article` whose id and hash derive from its text.

    >>> a = new_article("Troops arrived.", outlet="Example Times")
    >>> a.id == a.content_hash[:16]
    True
    """
    digest = content_hash(text)
    return Article(id=digest[:ARTICLE_ID_LENGTH], text=text, content_hash=digest, **metadata)


# --- JSON round-trip -------------------------------------------------------------

T = TypeVar("T")


_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The field names of a record class, cached (``dataclasses.fields`` is slow)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_dict(obj: Any) -> Any:
    """Turn a record (or a tuple of records) into JSON-ready plain values.

    >>> to_dict(Span("a1", 0, 4))
    {'article_id': 'a1', 'start': 0, 'end': 4}
    """
    cls = type(obj)
    if cls in _PLAIN:
        return obj
    if cls in _FIELD_NAMES or (dataclasses.is_dataclass(obj) and not isinstance(obj, type)):
        return {name: to_dict(getattr(obj, name)) for name in _field_names(cls)}
    if isinstance(obj, (tuple, list)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a record class, cached."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


Converter = Callable[[Any], Any]
_CONVERTERS: dict[Any, Converter] = {}
_PLANS: dict[type, dict[str, Converter]] = {}


def _same(value: Any) -> Any:
    return value


def _to_date(value: Any) -> Any:
    return _dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _to_float(value: Any) -> Any:
    return float(value) if isinstance(value, int) else value


def _converter(tp: Any) -> Converter:
    """A function converting a JSON value (never None) to the annotated type ``tp``,
    built once per type (the checks of ``typing`` are slow to repeat per value)."""
    found = _CONVERTERS.get(tp)
    if found is None:
        found = _CONVERTERS[tp] = _build_converter(tp)
    return found


def _build_converter(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _same
    if origin is tuple:
        items = typing.get_args(tp)
        if len(items) == 2 and items[1] is Ellipsis:
            one = _converter(items[0])
            return lambda value: tuple(None if v is None else one(v) for v in value)
        each = [_converter(a) for a in items]
        return lambda value: tuple(
            None if v is None else c(v) for c, v in zip(each, value, strict=True)
        )
    if origin is Literal:
        return _same
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda value: from_dict(tp, value)
    if tp is _dt.date:
        return _to_date
    if tp is float:
        return _to_float
    return _same


def _plan(cls: type) -> dict[str, Converter]:
    """Field name -> converter of a record class, cached."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = _hints(cls)
        plan = _PLANS[cls] = {name: _converter(hints[name]) for name in _field_names(cls)}
    return plan


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output.

    Unknown keys are ignored so that an older reader survives a newer writer.

    >>> from_dict(Span, {"article_id": "a1", "start": 0, "end": 4})
    Span(article_id='a1', start=0, end=4)
    """
    plan = _plan(cls)
    kwargs = {k: None if v is None else plan[k](v) for k, v in data.items() if k in plan}
    return cls(**kwargs)


__all__ = [
    "SCHEMA_VERSION",
    "AnnotatedArticle",
    "Article",
    "Brief",
    "Claim",
    "ClaimReview",
    "ClaimStatus",
    "ClaimValue",
    "DateRef",
    "Entity",
    "EntityKind",
    "Event",
    "Failure",
    "Figure",
    "Mention",
    "Place",
    "Qualifier",
    "Quote",
    "Region",
    "ReviewAction",
    "SearchHit",
    "SourceRef",
    "Span",
    "Story",
    "StoryEntity",
    "StoryQuote",
    "SummarySentence",
    "TimelineEntry",
    "content_hash",
    "from_dict",
    "new_article",
    "to_dict",
]
