"""Typed exports of the article store: Parquet, JSONL and CSV with one explicit schema.

The feed's JSON keeps `published` as printed (a time where the site shows one, else a date),
which data tools cannot read as one column. An export gives every column one type, derived
from the item dataclasses (dvcrawl/items.py), so new fields follow:

- `published`: timestamp with time zone (+07:00) where the site shows a time, else null;
- `published_date`: date, whenever any date is known;
- `crawled_at`: timestamp with time zone (UTC); a nested `date` (a document's) is a date;
- integers (`views`, `version`) as 64-bit integers (pandas: nullable Int64), `topic_score` as a double, strings as
  strings (`schema_version` "1.1" stays a string), lists and objects (`authors`, `images`,
  `documents`, `people`) as lists and structs.

Parquet (pyarrow) carries the schema itself, so DuckDB and pandas read it with these types
and no options. JSONL writes the same values (timestamps and dates in ISO 8601); CSV the
same columns, lists and objects as JSON text.
"""
import csv
import json
import types
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, get_args, get_origin, get_type_hints

import pyarrow as pa
import pyarrow.parquet as pq

from dvcrawl.items import Article
from dvcrawl.store import published_date_of

FORMATS = ("parquet", "jsonl", "csv")
BATCH = 5000  # rows per Parquet row group: memory stays flat however large the store

_TIMESTAMPS = {"published": "+07:00", "crawled_at": "UTC"}  # field -> time zone of its timestamp
_DATES = {"published_date", "date"}  # fields (top-level or nested) holding a YYYY-MM-DD date


def _arrow_type(name: str, tp: Any) -> pa.DataType:
    if name in _TIMESTAMPS:
        return pa.timestamp("us", tz=_TIMESTAMPS[name])
    if name in _DATES:
        return pa.date32()
    if get_origin(tp) is types.UnionType or str(get_origin(tp)) == "typing.Union":
        tp = next(a for a in get_args(tp) if a is not type(None))
    if get_origin(tp) is list:
        return pa.list_(_arrow_type("", get_args(tp)[0]))
    if is_dataclass(tp):
        hints = get_type_hints(tp)
        return pa.struct([pa.field(f.name, _arrow_type(f.name, hints[f.name])) for f in fields(tp)])
    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[tp]


def arrow_schema() -> pa.Schema:
    """The export's columns: the item's fields in order."""
    hints = get_type_hints(Article)
    columns = []
    for f in fields(Article):
        columns.append(pa.field(f.name, _arrow_type(f.name, hints[f.name])))
    # pandas turns integer columns with nulls into floats unless told they are its nullable
    # Int64: the metadata pandas itself writes says so, and pandas reads it back
    integers = [{"name": c.name, "field_name": c.name, "pandas_type": "int64", "numpy_type": "Int64",
                 "metadata": None} for c in columns if c.type == pa.int64()]
    pandas = {"index_columns": [], "column_indexes": [], "columns": integers}
    return pa.schema(columns, metadata={b"pandas": json.dumps(pandas).encode()})


SCHEMA = arrow_schema()


def _value(value, kind: pa.DataType):
    """A stored JSON value as the Python value of its column type."""
    if value is None or value == "":
        return [] if pa.types.is_list(kind) else None
    if pa.types.is_timestamp(kind):
        return datetime.fromisoformat(value) if "T" in value else None  # a date alone is no time
    if pa.types.is_date(kind):
        return date.fromisoformat(value[:10])
    if pa.types.is_list(kind):
        return [_value(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {f.name: _value(value.get(f.name), f.type) for f in kind}
    return value


def row(item: dict) -> dict:
    """One article as a row of the export schema (missing fields null or empty)."""
    item = {**item, "published_date": published_date_of(item)}
    return {f.name: _value(item.get(f.name), f.type) for f in SCHEMA}


def _batches(items):
    batch = []
    for item in items:
        batch.append(row(item))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _plain(value):
    """JSON for an export value: timestamps and dates in ISO 8601."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")


def write_parquet(items, path) -> int:
    count = 0
    with pq.ParquetWriter(path, SCHEMA) as writer:
        for batch in _batches(items):
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            count += len(batch)
        if not count:
            writer.write_table(SCHEMA.empty_table())
    return count


def write_jsonl(items, path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(row(item), ensure_ascii=False, default=_plain) + "\n")
            count += 1
    return count


def write_csv(items, path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(SCHEMA.names)
        for item in items:
            writer.writerow([_cell(v) for v in row(item).values()])
            count += 1
    return count


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return _plain(value) if isinstance(value, (datetime, date)) else str(value)


WRITERS = {"parquet": write_parquet, "jsonl": write_jsonl, "csv": write_csv}
