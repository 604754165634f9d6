"""Property: whatever the model can hold, the store gives back equal, on both backends."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.model import (
    AnnotatedArticle,
    Article,
    DateRef,
    Entity,
    EntityKind,
    Event,
    Figure,
    Mention,
    Place,
    Qualifier,
    Quote,
    Region,
    Span,
    new_article,
)
from newsfuse.store import Store

# Each example gets a unique text: the store keys articles by content hash, and one
# store serves every example of a test.
_serial = itertools.count()

_str = st.text(max_size=30)  # any code point but surrogates, NUL included
_opt = st.none() | _str
_floats = st.floats(allow_nan=False)  # NaN != NaN; infinities do round-trip
_day = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


def _tuple(elements: st.SearchStrategy[Any], size: int = 3) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(elements, max_size=size).map(tuple)


_span = st.builds(Span, article_id=_str, start=st.integers(0, 10**6), end=st.integers(0, 10**6))
_mention = st.builds(Mention, text=_str, span=_span)

articles = st.builds(
    new_article,
    text=st.text(min_size=1, max_size=400),
    title=_opt,
    outlet=_opt,
    url=_opt,
    source=_opt,
    published=st.none() | _day,
    byline=_tuple(_str),
    dateline=_opt,
    credits=_tuple(_str),
    captions=_tuple(_str),
    language=_opt,
    flags=_tuple(st.sampled_from(["non-english", "near-duplicate", "short"])),
    duplicate_of=_opt,
    regions=_tuple(
        st.builds(
            Region,
            kind=st.sampled_from(["caption", "dateline", "byline", "credit"]),
            start=st.integers(0, 400),
            end=st.integers(0, 400),
        )
    ),
)

_entity = st.builds(
    Entity,
    id=_str,
    kind=st.sampled_from(get_args(EntityKind)),
    name=_str,
    mentions=_tuple(_mention),
    aliases=_tuple(_str),
    title=_opt,
    role=_opt,
    role_span=st.none() | _span,
    affiliation=_opt,
)
_place = st.builds(
    Place,
    id=_str,
    name=_str,
    mentions=_tuple(_mention),
    country=_opt,
    lat=st.none() | _floats,
    lon=st.none() | _floats,
    feature=_opt,
    geonames_id=st.none() | st.integers(),
)
_quote = st.builds(
    Quote,
    content=_str,
    span=_span,
    speaker=_opt,
    speaker_id=_opt,
    speaker_span=st.none() | _span,
    cue=_opt,
    direct=st.booleans(),
)
_figure = st.builds(
    Figure,
    value=_floats,
    unit=_str,
    qualifier=st.sampled_from(get_args(Qualifier)),
    text=_str,
    span=_span,
    subject=_opt,
    place=_opt,
    date=_opt,
    normalized_value=st.none() | _floats,
    normalized_unit=_opt,
)
_date = st.builds(
    DateRef, text=_str, value=_str, precision=_str, span=_span, relative=st.booleans()
)
_event = st.builds(
    Event,
    text=_str,
    span=_span,
    trigger=_str,
    date=_opt,
    date_precision=_opt,
    places=_tuple(_str),
    actors=_tuple(_str),
)


def _unique(article: Article) -> Article:
    """The same article with a text no other example has."""
    meta = {f: getattr(article, f) for f in Article.__dataclass_fields__}
    for derived in ("id", "text", "content_hash"):
        del meta[derived]
    return new_article(f"{article.text} #{next(_serial)}", **meta)


annotated = st.builds(
    AnnotatedArticle,
    article=articles.map(_unique),
    entities=_tuple(_entity),
    places=_tuple(_place),
    quotes=_tuple(_quote),
    figures=_tuple(_figure),
    dates=_tuple(_date),
    events=_tuple(_event),
    sentences=_tuple(_span),
    pipeline=_tuple(st.text(min_size=1, max_size=12)),
)

_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(article=articles.map(_unique))
def test_any_article_round_trips(store: Store, article: Article) -> None:
    assert store.add_article(article, minhash=article.content_hash.encode())
    assert store.get_article(article.id) == article
    assert next(iter(store.iter_articles([article.id]))) == article


@_SETTINGS
@given(ann=annotated)
def test_any_annotated_article_round_trips(store: Store, ann: AnnotatedArticle) -> None:
    store.add_article(ann.article)
    store.save_annotations(ann)
    assert store.get_annotations(ann.article.id) == ann
    assert store.get_article(ann.article.id) == ann.article


def test_nul_characters_in_facts_are_stored_on_both_backends(store: Store) -> None:
    """PostgreSQL text refuses NUL: the normalized rows drop it, the record keeps it."""
    from newsfuse.model import Entity, Mention, Quote, Span, new_article

    art = new_article("Mayor Ana\x00 Lopez said \u201cthe\x00 dam held\u201d on Monday.")
    aid = art.id
    ann = AnnotatedArticle(
        art,
        entities=(
            Entity("", "person", "Ana\x00 Lopez", (Mention("Ana\x00 Lopez", Span(aid, 6, 16)),)),
            Entity("\x00", "place", "", ()),  # an id that differs from the first by a NUL
        ),
        quotes=(Quote("the\x00 dam held", Span(aid, 23, 36), speaker="Ana\x00 Lopez"),),
    )
    store.add_article(art)
    store.save_annotations(ann)
    assert store.get_annotations(aid) == ann
    names = sorted(r[0] for r in store.execute("SELECT name FROM entities"))
    assert names == ["", "Ana Lopez"]
