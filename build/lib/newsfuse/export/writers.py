"""Row writers: CSV, JSON Lines and Parquet, each fed one row at a time.

Every writer takes the column names with their kinds (``int``, ``float``, ``bool``,
``date``, ``datetime``, ``str``) and an iterator of row tuples, and writes as the rows
come, so memory stays flat however large the store (Parquet buffers one row group of
:data:`PARQUET_BATCH` rows).

- CSV: UTF-8, a header row, ISO dates, numbers as numbers (``5200``, not ``5200.0``),
  booleans as ``true``/``false``, NULL as an empty field.
- JSON Lines: one object per row, same values as JSON types.
- Parquet (pyarrow, the ``newsfuse[parquet]`` extra): typed columns (int64, float64,
  bool, date32, timestamp, string).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

from ..errors import ConfigError

PARQUET_BATCH = 10_000  # rows per Parquet row group: ~ a few MB for the widest table
INSTALL_PARQUET = "pip install 'newsfuse[parquet]'"

Columns = Sequence[tuple[str, str]]  # (name, kind)


def number(value: float) -> int | float:
    """A float that holds a whole number as an int (5200.0 -> 5200).

    >>> number(5200.0), number(2.5)
    (5200, 2.5)
    """
    return int(value) if value.is_integer() else value


def _plain(value: Any) -> Any:
    """A value as JSON data."""
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_plain(value))


def write_csv(columns: Columns, rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    """Write rows as CSV; returns how many."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow([name for name, _ in columns])
    n = 0
    for row in rows:
        w.writerow([_cell(v) for v in row])
        n += 1
    return n


def write_jsonl(columns: Columns, rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    """Write rows as JSON Lines; returns how many."""
    names = [name for name, _ in columns]
    n = 0
    for row in rows:
        record = {k: _plain(v) for k, v in zip(names, row, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _arrow_schema(columns: Columns) -> Any:
    """The pyarrow schema for typed columns."""
    import pyarrow as pa

    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us"),
        "str": pa.string(),
    }
    return pa.schema([(name, types[kind]) for name, kind in columns])


def write_parquet(columns: Columns, rows: Iterable[Sequence[Any]], path: str) -> int:
    """Write rows as a Parquet file, a row group at a time; returns how many.

    Raises:
        ConfigError: pyarrow is not installed (the message has the install line).
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError(f"Parquet export needs pyarrow: {INSTALL_PARQUET}") from exc
    schema = _arrow_schema(columns)
    names = [name for name, _ in columns]
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(dict(zip(names, row, strict=True)))
            if len(batch) == PARQUET_BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


__all__ = ["INSTALL_PARQUET", "number", "write_csv", "write_jsonl", "write_parquet"]
