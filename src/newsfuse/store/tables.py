"""The normalized write path: records -> one row per fact in the tables of :mod:`.schema`.

The row builders are pure (a record in, plain dicts out); :func:`write_annotations` and
:func:`write_story` replace an article's or a story's rows on an open connection, inside
the caller's transaction, so the tables and the JSON cache are always written together.
The 0005 migration uses the same builders to backfill stores made before the tables.

Every text value goes through :func:`.search.clean` (PostgreSQL text cannot hold NUL).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, delete, insert
from sqlalchemy.engine import Connection

from ..model import AnnotatedArticle, Article, Span, Story
from . import schema
from .search import clean

JOIN = "; "  # separator of list values kept in one column (aliases, byline, actors)

Rows = dict[str, list[dict[str, Any]]]  # table name -> rows


def _text(value: str | None) -> str | None:
    """Text safe for both backends; None stays None."""
    return None if value is None else clean(value)


def _joined(values: Iterable[str]) -> str | None:
    """Several names as one column value, or None when there are none."""
    items = [clean(v) for v in values if v]
    return JOIN.join(items) if items else None


def _at(span: Span | None) -> dict[str, Any]:
    """The article id and offsets columns of a span."""
    if span is None:
        return {"start_char": None, "end_char": None}
    return {"article_id": span.article_id, "start_char": span.start, "end_char": span.end}


def _int32(value: int | None) -> int | None:
    """An id that fits an INTEGER column on both backends, else None (GeoNames ids are
    below 2**31; anything else is not one)."""
    return value if value is not None and -(2**31) <= value < 2**31 else None


def _unique(seen: set[str], key: str) -> str:
    """``key``, or ``key~2``, ``key~3``... when a record repeats an id (ids are unique in
    what the pipeline makes, but a stored record is not checked)."""
    n, found = 1, key
    while found in seen:
        n += 1
        found = f"{key}~{n}"
    seen.add(found)
    return found


def article_columns(article: Article) -> dict[str, Any]:
    """The 0005 metadata columns of an ``articles`` row."""
    return {
        "source": _text(article.source),
        "dateline": _text(article.dateline),
        "byline": _joined(article.byline),
        "flags": _joined(article.flags),
    }


def annotation_rows(ann: AnnotatedArticle) -> Rows:
    """One row per entity, mention, role, quote, figure, date and event of an article."""
    aid = ann.article.id
    rows: Rows = {t.name: [] for t in schema.ARTICLE_FACTS}
    seen: set[str] = set()

    def at(span: Span | None) -> dict[str, Any]:
        # an article's facts are in that article, whatever id a hand-made span names
        return _at(span) | {"article_id": aid}

    def add_entity(local: str, kind: str, name: str, mentions: Any, **extra: Any) -> str:
        local = clean(local)  # PostgreSQL text cannot hold NUL, ids included
        eid = _unique(seen, f"{aid}:{local}")
        first = mentions[0].span if mentions else None
        rows["entities"].append(
            {"id": eid, "local_id": local, "kind": kind, "name": clean(name)} | at(first) | extra
        )
        rows["mentions"] += [
            {"entity_id": eid, "text": clean(m.text)} | at(m.span) for m in mentions
        ]
        return eid

    for e in ann.entities:
        eid = add_entity(
            e.id,
            e.kind,
            e.name,
            e.mentions,
            aliases=_joined(e.aliases),
            title=_text(e.title),
            affiliation=_text(e.affiliation),
        )
        if e.role and e.role_span is not None:
            rows["roles"].append({"entity_id": eid, "role": clean(e.role)} | at(e.role_span))
    for p in ann.places:
        add_entity(
            p.id,
            "place",
            p.name,
            p.mentions,
            country=_text(p.country),
            lat=p.lat,
            lon=p.lon,
            feature=_text(p.feature),
            geonames_id=_int32(p.geonames_id),
        )
    for q in ann.quotes:
        speaker = q.speaker_span
        rows["quotes"].append(
            {
                "content": clean(q.content),
                "direct": q.direct,
                "speaker": _text(q.speaker),
                "speaker_entity_id": f"{aid}:{q.speaker_id}" if q.speaker_id else None,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "cue": _text(q.cue),
            }
            | at(q.span)
        )
    for f in ann.figures:
        rows["figures"].append(
            {
                "value": f.value,
                "unit": clean(f.unit),
                "qualifier": f.qualifier,
                "text": clean(f.text),
                "subject": _text(f.subject),
                "place": _text(f.place),
                "date": _text(f.date),
                "normalized_value": f.normalized_value,
                "normalized_unit": _text(f.normalized_unit),
            }
            | at(f.span)
        )
    for d in ann.dates:
        rows["dates"].append(
            {
                "text": clean(d.text),
                "value": clean(d.value),
                "precision": d.precision,
                "relative": d.relative,
            }
            | at(d.span)
        )
    for ev in ann.events:
        rows["events"].append(
            {
                "trigger_word": clean(ev.trigger),
                "text": clean(ev.text),
                "date": _text(ev.date),
                "date_precision": _text(ev.date_precision),
                "places": _joined(ev.places),
                "actors": _joined(ev.actors),
            }
            | at(ev.span)
        )
    return rows


def story_rows(story: Story) -> Rows:
    """One row per story entity, story mention, claim, claim value, story quote (each
    quote once across outlets) and timeline source."""
    sid = story.id
    rows: Rows = {t.name: [] for t in schema.STORY_FACTS}
    seen: set[str] = set()
    for e in story.entities:
        eid = _unique(seen, f"{sid}:{e.id}")
        rows["story_entities"].append(
            {
                "id": eid,
                "story_id": sid,
                "kind": e.kind,
                "name": clean(e.name),
                "aliases": _joined(e.aliases),
                "titles": _joined(e.titles),
                "country": _text(e.country),
                "lat": e.lat,
                "lon": e.lon,
                "mention_count": len(e.mentions),
                "article_count": len({m.span.article_id for m in e.mentions}),
            }
        )
        rows["story_mentions"] += [
            {"story_entity_id": eid, "story_id": sid, "text": clean(m.text)} | _at(m.span)
            for m in e.mentions
        ]
    for c in story.claims:
        cid = _unique(seen, f"{sid}:{c.id}")
        rows["claims"].append(
            {
                "id": cid,
                "story_id": sid,
                "claim_id": c.id,
                "label": clean(c.label),
                "unit": clean(c.unit),
                "status": c.status,
                # added by the claim-review work (issue 13); absent on older records
                "review": getattr(c, "review", None),
                "subject": _text(c.subject),
                "place": _text(c.place),
                "explanation": _text(c.explanation),
                "equivalents": _joined(f"{sid}:{e}" for e in c.equivalents),
            }
        )
        rows["claim_values"] += [
            {
                "claim_id": cid,
                "story_id": sid,
                "outlet": _text(v.outlet),
                "value": v.value,
                "qualifier": v.qualifier,
                "text": clean(v.text),
                "independent": v.independent,
                "superseded": v.superseded,
            }
            | _at(v.span)
            for v in c.values
        ]
    rows["story_quotes"] += [
        {
            "story_id": sid,
            "speaker": _text(q.speaker),
            "content": clean(q.content),
            "direct": q.direct,
        }
        | _at(q.span)
        for q in story.quotes
    ]
    for n, entry in enumerate(story.timeline):
        rows["timeline"] += [
            {
                "story_id": sid,
                "entry": n,
                "date": clean(entry.date),
                "precision": entry.precision,
                "text": clean(entry.text),
            }
            | _at(span)
            for span in entry.spans
        ]
    members = set(story.article_ids) | {sid}
    for name, table_rows in rows.items():  # a cited article outside the story gets no row
        rows[name] = [r for r in table_rows if r.get("article_id", sid) in members]
    return rows


def uniform(columns: Iterable[str], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the same keys (the given columns that any row sets; others NULL), as
    one ``executemany`` needs."""
    used = {k for r in rows for k in r}
    keys = [c for c in columns if c in used]
    return [{k: r.get(k) for k in keys} for r in rows]


def _insert(conn: Connection, tables: Iterable[Table], rows: Mapping[str, list[Any]]) -> None:
    """Insert the rows of each table (parents first), one executemany per table."""
    for table in tables:
        if rows.get(table.name):
            clean = [
                {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in r.items()}
                for r in uniform(table.columns.keys(), rows[table.name])
            ]  # PostgreSQL text cannot hold NUL; the JSON cache keeps the exact text
            conn.execute(insert(table), clean)


def write_annotations(conn: Connection, ann: AnnotatedArticle, *, replace: bool = True) -> None:
    """Write (``replace``: replace) an article's fact rows, inside the caller's
    transaction; a first annotation has no rows to delete."""
    aid = ann.article.id
    if replace:
        for table in reversed(schema.ARTICLE_FACTS):  # children before their entities
            conn.execute(delete(table).where(table.c.article_id == aid))
    _insert(conn, schema.ARTICLE_FACTS, annotation_rows(ann))


def write_annotations_many(
    conn: Connection, anns: Iterable[AnnotatedArticle], replace: Iterable[str] = ()
) -> None:
    """Write the fact rows of several articles, one executemany per table, inside the
    caller's transaction; the rows of the articles in ``replace`` are deleted first."""
    for chunk in _id_chunks(sorted(set(replace))):
        for table in reversed(schema.ARTICLE_FACTS):  # children before their entities
            conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
    merged: Rows = {t.name: [] for t in schema.ARTICLE_FACTS}
    for ann in anns:
        for name, table_rows in annotation_rows(ann).items():
            merged[name] += table_rows
    _insert(conn, schema.ARTICLE_FACTS, merged)


def _id_chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    """Ids in lists small enough for one ``IN (...)`` on either backend."""
    return (ids[i : i + size] for i in range(0, len(ids), size))


def delete_story_rows(conn: Connection, story_id: str) -> None:
    """Remove a story's fact rows (inside the caller's transaction)."""
    for table in reversed(schema.STORY_FACTS):
        conn.execute(delete(table).where(table.c.story_id == story_id))


def write_story(conn: Connection, story: Story) -> None:
    """Replace a story's fact rows (inside the caller's transaction)."""
    delete_story_rows(conn, story.id)
    _insert(conn, schema.STORY_FACTS, story_rows(story))


__all__ = [
    "JOIN",
    "annotation_rows",
    "article_columns",
    "delete_story_rows",
    "story_rows",
    "uniform",
    "write_annotations",
    "write_annotations_many",
    "write_story",
]
