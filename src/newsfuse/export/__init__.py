"""export: the store's tables as CSV, JSON Lines, Parquet or GeoJSON, for analysts.

Every table of facts (:data:`TABLES`) can be written for the whole store, one story, or
a :class:`Selection` (date range, outlet, entity, place). Rows are streamed from the
database (``yield_per``) straight into the writer, so memory stays flat on a large
store. ``places`` is the place entities folded into one row per place with mention
counts, stories and sources; as GeoJSON it is a FeatureCollection of points.

>>> import tempfile, os, io
>>> from newsfuse.store import open_store
>>> with open_store("sqlite:///" + os.path.join(tempfile.mkdtemp(), "x.db")) as s:
...     [r["rows"] for r in export(s, ["quotes"], "csv", None, stdout=io.StringIO())]
[0]
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Select

from ..errors import ConfigError
from . import geojson, queries, writers
from .queries import Selection

FORMATS = ("csv", "jsonl", "parquet", "geojson")
TABLES = (*queries.TABLES, "places")
YIELD_PER = 2000  # rows fetched per round trip (server-side cursor on PostgreSQL)


def _kind(sql_type: Any) -> str:
    """The writer kind of a SQLAlchemy column type."""
    for cls, kind in (
        (Boolean, "bool"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Integer, "int"),
        (Float, "float"),
    ):
        if isinstance(sql_type, cls):
            return kind
    return "str"


def columns(q: Select[Any]) -> list[tuple[str, str]]:
    """(name, kind) of each column a query returns."""
    return [(c.key or c.name, _kind(c.type)) for c in q.selected_columns]


def _rows(store: Any, q: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, streamed."""
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=YIELD_PER).execute(q)
        for row in result:
            yield tuple(row)


def _check(tables: Sequence[str], fmt: str) -> list[str]:
    """The tables to write, or ConfigError naming the bad table or format."""
    if fmt not in FORMATS:
        raise ConfigError(f"Unknown export format {fmt!r}. Available: {', '.join(FORMATS)}.")
    chosen = list(tables) or (["places"] if fmt == "geojson" else list(TABLES))
    for t in chosen:
        if t not in TABLES:
            raise ConfigError(f"Unknown table {t!r}. Available: {', '.join(TABLES)}.")
    if fmt == "geojson" and chosen != ["places"]:
        raise ConfigError("GeoJSON holds places only: export 'places' (the default).")
    return chosen


def _write(store: Any, table: str, fmt: str, sel: Selection, dest: str | IO[str]) -> int:
    """Write one table to a path or an open text stream; returns the row count."""
    if table == "places":
        raw = _rows(store, queries.places(sel))
        cols: Sequence[tuple[str, str]] = geojson.PLACE_COLUMNS
        rows: Any = raw if fmt == "geojson" else geojson.place_rows(raw)
    else:
        q = queries.TABLES[table](sel)
        cols, rows = columns(q), _rows(store, q)
    if fmt == "parquet":
        if not isinstance(dest, str):
            raise ConfigError("Parquet is a binary file: give -o/--output.")
        return writers.write_parquet(cols, rows, dest)
    if isinstance(dest, str):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            return _write_text(fmt, cols, rows, fh)
    return _write_text(fmt, cols, rows, dest)


def _write_text(fmt: str, cols: Sequence[tuple[str, str]], rows: Any, out: IO[str]) -> int:
    if fmt == "geojson":
        return geojson.write_geojson(rows, out)
    if fmt == "csv":
        return writers.write_csv(cols, rows, out)
    return writers.write_jsonl(cols, rows, out)


def export(
    store: Any,
    tables: Sequence[str],
    fmt: str,
    output: str | Path | None,
    selection: Selection | None = None,
    *,
    stdout: IO[str] | None = None,
) -> list[dict[str, Any]]:
    """Write tables of the store in a format.

    Args:
        store: an open :class:`~newsfuse.store.Store`.
        tables: names from :data:`TABLES`; empty for all of them (``places`` for GeoJSON).
        fmt: one of :data:`FORMATS`.
        output: a file for one table (None: standard output, except Parquet), or a
            folder (created) that gets ``<table>.<format>`` per table.
        selection: which rows; default everything. ``story`` may be an id prefix.
        stdout: where "standard output" writes (tests).

    Returns:
        One ``{"table", "path", "rows"}`` per table written.

    Raises:
        ConfigError: unknown table or format, Parquet without a file, several tables
            without a folder.
        NotFound: the selected story does not exist.
    """
    chosen = _check(tables, fmt)
    sel = selection or Selection()
    if sel.story:
        sel = dataclasses.replace(sel, story=store.get_story(sel.story).id)
    out = Path(output) if output is not None else None
    folder = out is not None and (out.is_dir() or len(chosen) > 1 or str(output).endswith("/"))
    if len(chosen) > 1 and out is None:
        raise ConfigError("Several tables need a folder: give -o/--output DIR.")
    done = []
    for table in chosen:
        if folder and out is not None:
            out.mkdir(parents=True, exist_ok=True)
            dest: str | IO[str] = str(out / f"{table}.{fmt}")
        else:
            dest = str(out) if out is not None else (stdout or sys.stdout)
        n = _write(store, table, fmt, sel, dest)
        done.append({"table": table, "path": dest if isinstance(dest, str) else "-", "rows": n})
    return done


__all__ = ["FORMATS", "TABLES", "Selection", "columns", "export"]
