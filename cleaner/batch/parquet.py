"""Parquet in and out: a Parquet file's rows as batch records (``parquet_steps``), and a
Parquet output (``TableWriter``): its schema, and an output record as its row (``flat_row``).

A Parquet output of a file of records without a schema of its own (JSONL, JSON) loses no
field: its columns are every field of the first row group's records (``TABLE_GROUP_ROWS``),
each of the type most of its values have (objects and arrays as JSON text, their column
marked ``JSON_COLUMN``); a field a later record brings, or a value of another type than its
column's, is written in that record's ``OVERFLOW`` column, a JSON object. A null field and
a missing one both read as null.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from . import inputs
from .steps import RECORDS_PER_CHUNK, Begin, End, Fields, Step, chunks, skip, whole

PARQUET_BATCH_ROWS = RECORDS_PER_CHUNK
"""Rows read from a Parquet file at once: one row group's columns are in memory at a time
(Parquet is read by row groups), and of them only this many rows as Python values."""


def parquet_steps(item: inputs.Input, fields: Fields, table: bool) -> Iterator[Step]:
    """A Parquet file's rows in chunks, read a batch at a time; each row is a record whose
    ``--text-field`` or ``--html-field`` column is cleaned, every other column passed
    through. Its output (``table``) is a Parquet file of the same rows with cleaner's
    columns (``flat_row``), or JSONL, or a folder of texts."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield whole(item, "skipped", inputs.needs_extra("parquet"))
        return
    try:
        source = pq.ParquetFile(item.path)
    except (OSError, pa.ArrowException) as exc:
        yield whole(item, "skipped", f"not a Parquet file: {exc}")
        return
    with source:
        total = source.metadata.num_rows
        if not total:
            yield whole(item, "skipped", "empty")
            return
        schema = table_schema(source.schema_arrow, fields) if table else None
        yield Begin(item.target, item.name, table, schema)
        done = 0

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal done
            for batch in source.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                for row in batch.to_pylist():
                    done += 1
                    yield row

        try:
            yield from chunks(item.name, rows(), lambda: item.size * done // total, table)
        except (*inputs.READ_ERRORS, pa.ArrowException) as exc:
            yield skip(item, exc, files=0)
        yield End()


PREFIX = "cleaner_"
"""What goes before the names of cleaner's columns in a Parquet output (``cleaner_score``),
so they meet no column of the input's own; the integrations' rows name them the same way."""


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """An output record (``cleaned_record``, ``skipped_record``) as a Parquet output's row:
    the record's fields, then each field of its ``"cleaner"`` object as a column of its own
    (``cleaner_score``), lists and mappings as JSON strings."""
    found = record.pop("cleaner")
    for key, value in found.items():
        record[PREFIX + key] = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        )
    return record


_CLEANER_KINDS = {
    PREFIX + name: kind
    for name, kind in {
        "score": "float",
        "signals": "str",
        "issues": "str",
        "language": "str",
        "format": "str",
        "metadata": "str",
        "page_type": "str",
        "removals": "str",
        "rejected": "bool",
        "skipped": "str",
        "line": "int",
    }.items()
}
"""Cleaner's columns in a Parquet output, and their kinds (``_kind``); ``flat_row`` made the
lists and mappings among them JSON text already."""


def _cleaner_columns() -> dict[str, Any]:
    """Cleaner's columns in a Parquet output, and their types."""
    return {name: _field(name, kind).type for name, kind in _CLEANER_KINDS.items()}


def table_schema(schema: Any, fields: Fields) -> Any:
    """A Parquet output's schema (``pyarrow.Schema``) for an input's: its columns, the text
    column a string (added where the input had none), then cleaner's columns."""
    import pyarrow as pa

    ours = _cleaner_columns()
    kept = []
    for column in schema:
        if column.name == fields.text:
            text_type = column.type if pa.types.is_large_string(column.type) else pa.string()
            kept.append(pa.field(column.name, text_type))
        elif column.name not in ours:
            kept.append(column)
    if fields.text not in schema.names:
        kept.append(pa.field(fields.text, pa.string()))
    return pa.schema([*kept, *(pa.field(name, kind) for name, kind in ours.items())])


def warc_schema(fields: Fields) -> Any:
    """The Parquet output's schema of a WARC's records (``--output-format parquet``)."""
    import pyarrow as pa

    return table_schema(pa.schema([(name, pa.string()) for name in ("id", "url", "date")]), fields)


OVERFLOW = PREFIX + "overflow"
"""The column of a Parquet output inferred from its rows (a JSONL file's) that holds, as a
JSON object, each field of a record that fits none of the file's columns: a field first met
after the first row group, or a value of another type than its column's."""
JSON_COLUMN = {b"cleaner": b"json"}
"""The metadata of a column whose values are JSON text: a field whose values are objects or
arrays (or integers past 64 bits)."""
_INT64 = (-(2**63), 2**63 - 1)


def _kind(value: Any) -> str | None:
    """What sort of column holds ``value`` (a JSON value): bool, int, float, str or json."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if _INT64[0] <= value <= _INT64[1] else "json"
    if isinstance(value, float):
        return "float"
    return "str" if isinstance(value, str) else "json"


def _column_kind(values: list[Any]) -> str:
    """The kind of a column from its values in the first row group: the kind most of them
    have (the first met on a tie), numbers counted together (float if any is one); a column
    of nulls only holds strings."""
    kinds = Counter("number" if k in ("int", "float") else k for k in map(_kind, values) if k is not None)
    if not kinds:
        return "str"
    kind = kinds.most_common(1)[0][0]
    if kind == "number":
        return "float" if any(_kind(v) == "float" for v in values) else "int"
    return kind


def _fits(value: Any, kind: str) -> bool:
    """Whether ``value`` can be written in a column of ``kind`` and read back the same."""
    found = _kind(value)
    if found is None or found == kind:
        return True
    if kind == "float" and found == "int":
        return bool(float(value) == value)  # exact below 2**53
    return False


_ARROW_KINDS = {"bool": "bool_", "int": "int64", "float": "float64", "str": "string", "json": "string"}


def _field(name: str, kind: str) -> Any:
    import pyarrow as pa

    return pa.field(name, getattr(pa, _ARROW_KINDS[kind])(), metadata=JSON_COLUMN if kind == "json" else None)


def inferred_kinds(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The columns of a Parquet output inferred from its first rows (a JSONL file's), with
    their kinds: every field of any of the rows, in the order they are first met, then
    cleaner's columns, then ``OVERFLOW``."""
    names = dict.fromkeys(key for row in rows for key in row if key not in _CLEANER_KINDS and key != OVERFLOW)
    kinds = {name: _column_kind([row.get(name) for row in rows]) for name in names}
    return {**kinds, **_CLEANER_KINDS, OVERFLOW: "str"}


def inferred_schema(kinds: dict[str, str]) -> Any:
    """A Parquet output's schema (``pyarrow.Schema``) for ``inferred_kinds``."""
    import pyarrow as pa

    return pa.schema([_field(name, kind) for name, kind in kinds.items()])


def fitted(row: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    """``row`` as the columns of ``kinds`` hold it: JSON columns' values as JSON text, and
    every field that fits no column (``_fits``) in ``OVERFLOW``, so that no field is lost."""
    out: dict[str, Any] = {}
    overflow: dict[str, Any] = {}
    for name, value in row.items():
        kind = kinds.get(name) if name != OVERFLOW else None
        if kind is None or not _fits(value, kind):
            overflow[name] = value
        elif kind == "json" and value is not None:
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    out[OVERFLOW] = json.dumps(overflow, ensure_ascii=False) if overflow else None
    return out


TABLE_GROUP_ROWS = 1_000
"""Rows a Parquet output holds in memory before writing them as a row group."""


class TableWriter:
    """Rows into a Parquet file (a binary handle, ``atomic.atomic_file``'s), a row group
    every ``TABLE_GROUP_ROWS`` rows, so memory holds one group whatever the file's size.
    Without a schema, the first group's rows set it (``inferred_kinds``), and every row is
    ``fitted`` to it: a field it has no column for goes whole into ``OVERFLOW``. Rows that
    do not fit a given schema (an input's) raise OSError, which skips the file like any
    output that cannot be written."""

    def __init__(self, handle: Any, schema: Any = None) -> None:
        self.handle, self.schema = handle, schema
        self._kinds: dict[str, str] | None = None
        """The columns inferred from the first rows, when no schema was given."""
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= TABLE_GROUP_ROWS:
            self._flush()

    def close(self) -> None:
        """Write the rows held and the file's footer."""
        try:
            self._flush()
        finally:
            if self._writer is not None:
                self._writer.close()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._rows:
            return
        try:
            if self.schema is None:
                self._kinds = inferred_kinds(self._rows)
                self.schema = inferred_schema(self._kinds)
            if self._writer is None:
                self._writer = pq.ParquetWriter(self.handle, self.schema)
            kinds = self._kinds
            rows = self._rows if kinds is None else [fitted(row, kinds) for row in self._rows]
            self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))
        except pa.ArrowException as exc:
            raise OSError(f"the rows do not fit one Parquet schema: {exc}") from exc
        self._rows = []
