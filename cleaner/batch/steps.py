"""The work of a batch run, as steps in input order: chunks of articles, chunks of
records between the begin and end markers of their file, and outcomes known without
cleaning; the readers that turn JSONL, JSON, WARC and Parquet files into such steps; and
what a record's output is: a JSONL line, or a row of a Parquet output (``TableWriter``).

Readers never raise on bad input: a file that cannot be read, or stops short, becomes a
recorded skip. Every record read gets an output line: its cleaned record, or its fields and
why it was skipped (``skipped_record``).

A Parquet output of a file of records without a schema of its own (JSONL, JSON) loses no
field: its columns are every field of the first row group's records (``TABLE_GROUP_ROWS``),
each of the type most of its values have (objects and arrays as JSON text, their column
marked ``JSON_COLUMN``); a field a later record brings, or a value of another type than its
column's, is written in that record's ``OVERFLOW`` column, a JSON object. A null field and
a missing one both read as null.
"""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ..result import Result
from . import inputs
from .inputs import ARRAY_CHUNK, ArrayItems, Oversized, capped_lines

RECORDS_PER_CHUNK = 64
"""Records sent to a worker at once (a record is about one article)."""

Status = Literal["cleaned", "rejected", "skipped", "ignored"]


@dataclass(frozen=True, slots=True)
class Fields:
    """Which fields of a record hold what."""

    text: str = "text"
    html: str | None = None
    id: str | None = None
    url: str | None = None
    type: str | None = None
    """The field that states a record's page type (``Config.page_type``), if any."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article or record; ``reason`` says why it was skipped, or warns."""

    name: str
    status: Status
    line: int | None = None
    id: str | None = None
    reason: str = ""
    bytes_in: int = 0
    bytes_out: int = 0
    score: float | None = None
    rules: tuple[str, ...] = ()
    output: str | None = None
    """What the main process writes for it: a record's line, or an article streamed to stdout."""
    logged: tuple[tuple[int, str], ...] = ()
    """What libraries logged while it was cleaned: (level, ``"logger: message"``)."""
    page_type: str | None = None
    """What sort of page it was (``Result.page_type``), once cleaned."""
    stops: bool = False
    """Its output could not be written for a reason no later output escapes (a full disk, a
    read-only file system): the run stops."""
    result: Result | None = None
    """The article's result, when the run keeps results (``BatchOptions.results``)."""
    row: dict[str, Any] | None = None
    """What the main process writes for a record into a Parquet output (``flat_row``)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article file (or stdin's bytes, in ``data``) and where its output goes."""

    name: str
    kind: inputs.Kind
    source: Path
    target: Path
    rejected: Path
    size: int
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Articles:
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Records:
    name: str
    first_line: int
    records: tuple[Any, ...]
    """Raw records (JSONL lines, items of a ``.json`` array: bytes, or ``Oversized``), the
    parsed items of a ``.json`` file read whole or rows of a Parquet file (dicts), or WARC
    responses (``inputs.Response``)."""
    size: int
    table: bool = False
    """The records' output is a Parquet file: outcomes carry rows, not lines."""


@dataclass(frozen=True, slots=True)
class Begin:
    """A file of records starts: its output is opened."""

    target: Path
    name: str
    table: bool = False
    """Its output is a Parquet file (``TableWriter``)."""
    schema: Any = None
    """A Parquet output's schema (a ``pyarrow.Schema``, ``table_schema``), or None to infer
    it from the first rows (a JSONL file's)."""


@dataclass(frozen=True, slots=True)
class End:
    pass


@dataclass(frozen=True, slots=True)
class Ready:
    """Outcomes known without cleaning; ``files`` is 1 when they stand for a whole input."""

    outcomes: tuple[Outcome, ...]
    files: int = 0


Work = Articles | Records
Step = Work | Begin | End | Ready

HTML_FIELD = "html"
"""The field a record without a text field is cleaned from when ``--html-field`` is not set."""


def record_text(record: dict[str, Any], fields: Fields) -> tuple[str | bytes | None, str]:
    """The text to clean and its kind ('html' or 'text'), or None and why there is none. An
    HTML field may hold bytes (a Parquet binary column), which cleaner decodes. Without
    ``--html-field``, a record with no text field but an ``html`` one is cleaned from it."""
    if fields.html is not None and isinstance(record.get(fields.html), str | bytes):
        return record[fields.html], "html"
    if isinstance(record.get(fields.text), str):
        return record[fields.text], "text"
    if fields.html is None and fields.text not in record and isinstance(record.get(HTML_FIELD), str | bytes):
        return record[HTML_FIELD], "html"
    tried = (fields.html, fields.text, HTML_FIELD if fields.html is None and HTML_FIELD in record else None)
    wanted = " or ".join(repr(f) for f in tried if f is not None)
    return None, f"no string field {wanted}"


def record_id(record: dict[str, Any], fields: Fields) -> str | None:
    for name in (fields.id, fields.url):
        if name is not None and record.get(name) is not None:
            return str(record[name])
    return None


def parse_record(raw: Any, max_bytes: int) -> dict[str, Any] | str | None:
    """The record ``raw`` holds (see ``Records.records``), or why it holds none; None for a
    blank line, which is not a record."""
    if isinstance(raw, Oversized):
        return inputs.too_large(raw.size, max_bytes)
    if isinstance(raw, inputs.Response):
        return dict(raw.fields)
    if isinstance(raw, bytes):
        if not raw.strip():
            return None
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # also UnicodeDecodeError; nested too deep
            return f"malformed JSON: {exc}"
    return raw if isinstance(raw, dict) else "not a JSON object"


def skipped_record(record: dict[str, Any] | None, reason: str, line: int | None = None) -> dict[str, Any]:
    """The output record of a record that was not cleaned: its fields as read (none when it
    was not read as an object) and, under ``"cleaner"``, why and where it was (its ``line``,
    when its input has lines: not a Dask bag's)."""
    fields = record if record is not None else {}
    where = {"line": line} if line is not None else {}
    return {**fields, "cleaner": {"skipped": reason, **where}}


def as_line(record: dict[str, Any]) -> str:
    """An output record as a JSONL line; values JSON has no type for (a Parquet row's dates,
    bytes) are written as their ``str``."""
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


def jsonl_steps(item: inputs.Input, max_bytes: int, table: bool = False) -> Iterator[Step]:
    """A JSONL file in chunks, its output opened once its first line is read; a line longer
    than ``max_bytes`` is skipped unread.

    A file that cannot be opened, or is empty, gets no output; one that stops short (a
    truncated gzip stream) keeps the records read before the break, and is reported.
    """
    try:
        raw = item.path.open("rb")
    except OSError as exc:
        yield skip(item, exc)
        return
    with raw:
        lines = capped_lines(gzip.GzipFile(fileobj=raw) if inputs.compressed(item.path) else raw, max_bytes)
        try:
            first = next(lines, None)
        except inputs.READ_ERRORS as exc:
            yield skip(item, exc)
            return
        if first is None:
            yield whole(item, "skipped", "empty")
            return
        yield Begin(item.target, item.name, table)
        try:
            yield from chunks(item.name, itertools.chain([first], lines), raw.tell, table)
        except inputs.READ_ERRORS as exc:
            yield skip(item, exc, files=0)
        yield End()


def skip(item: inputs.Input, exc: Exception, files: int = 1) -> Ready:
    """The input skipped for ``exc``; ``files`` is 0 when it was begun (its end is counted)."""
    if isinstance(exc, inputs.Malformed):
        reason = str(exc)
    elif isinstance(exc, ValueError):
        reason = f"malformed {'Parquet' if item.kind == 'parquet' else 'JSON'}: {exc}"
    else:
        reason = inputs.read_reason(exc)
    return Ready((Outcome(item.name, "skipped", reason=reason),), files)


def whole(item: inputs.Input, status: Status, reason: str) -> Ready:
    return Ready((Outcome(item.name, status, reason=reason),), files=1)


def chunks(
    name: str, records: Iterable[Any], position: Callable[[], int] | None = None, table: bool = False
) -> Iterator[Step]:
    """Records in chunks, numbered from 1; each chunk's size is the input it used up (by
    ``position``, how far the input has been read, or else the records' own sizes). When
    reading breaks (a stream cut short, an array that does not end), the records read before
    the break are yielded, then the error is raised."""
    broken: list[Exception] = []
    numbered = enumerate(_until_broken(records, broken), start=1)
    done = 0
    while chunk := tuple(itertools.islice(numbered, RECORDS_PER_CHUNK)):
        part = tuple(record for _, record in chunk)
        now = position() if position is not None else done + sum(map(inputs.record_size, part))
        yield Records(name, chunk[0][0], part, now - done, table)
        done = now
    if broken:
        raise broken[0]


def _until_broken(records: Iterable[Any], broken: list[Exception]) -> Iterator[Any]:
    """``records`` up to a read error, which is kept in ``broken``."""
    try:
        yield from records
    except (*inputs.READ_ERRORS, ValueError) as exc:
        broken.append(exc)


def json_steps(item: inputs.Input, fields: Fields, max_bytes: int, table: bool = False) -> Iterator[Step]:
    """A ``.json`` file: an array of records, read one item at a time (an item longer than
    ``max_bytes`` is skipped unread), or one record (an object with the text field); other
    JSON (a sidecar of metadata, say) is not an input and is passed over.

    An array in UTF-8 is streamed; any other JSON is read whole, up to ``max_bytes``.
    """
    try:
        handle = item.path.open("rb")
    except OSError as exc:
        yield skip(item, exc)
        return
    with handle:
        try:
            start = handle.read(ARRAY_CHUNK)
        except OSError as exc:
            yield skip(item, exc)
            return
        opening = start.removeprefix(codecs.BOM_UTF8).lstrip()
        if opening.startswith(b"["):
            yield from _array_steps(item, handle, opening[1:], max_bytes, table)
        else:
            yield from _whole_json_steps(item, fields, handle, start, max_bytes, table)


def _array_steps(
    item: inputs.Input, handle: inputs.Source, start: bytes, max_bytes: int, table: bool
) -> Iterator[Step]:
    """A JSON array's items in chunks, ``start`` being what was read after its ``[``."""
    yield Begin(item.target, item.name, table)
    try:
        yield from chunks(item.name, ArrayItems(handle, max_bytes).read(start), handle.tell, table)
    except (OSError, ValueError) as exc:
        yield skip(item, exc, files=0)
    yield End()


def _whole_json_steps(
    item: inputs.Input, fields: Fields, handle: inputs.Source, start: bytes, max_bytes: int, table: bool
) -> Iterator[Step]:
    """A ``.json`` file that is not a UTF-8 array, read whole: one record, or an array in
    another encoding (UTF-16), or JSON that holds no records."""
    try:
        data = start + handle.read(max(0, max_bytes + 1 - len(start)))
        if len(data) > max_bytes:
            yield whole(item, "skipped", inputs.too_large(max(item.size, len(data)), max_bytes))
            return
        parsed = json.loads(data)
    except (OSError, ValueError) as exc:
        yield skip(item, exc) if start.strip() else whole(item, "skipped", "empty")
        return
    if isinstance(parsed, dict) and record_text(parsed, fields)[0] is not None:
        parsed = [parsed]
    if not isinstance(parsed, list):
        yield whole(item, "ignored", "JSON that holds no records")
        return
    yield Begin(item.target, item.name, table)
    yield from chunks(item.name, parsed, lambda: len(data), table)
    yield End()


def cleaned_record(record: dict[str, Any], result: Result, rejected: bool) -> dict[str, Any]:
    """One output record: the input record's fields (its text field already the cleaned
    text), and what cleaning found under ``"cleaner"``. Every record output is made here."""
    found = result.to_dict()
    del found["text"]
    return {**record, "cleaner": {**found, "rejected": rejected}}


def record_line(record: dict[str, Any], result: Result, rejected: bool) -> str:
    """``cleaned_record`` as a JSONL output line."""
    return as_line(cleaned_record(record, result, rejected))


def record_steps(item: inputs.Input, fields: Fields, max_bytes: int, texts: bool = False) -> Iterator[Step]:
    """The steps of a file of records, whatever its kind; its output is Parquet when its
    target's name says so (``inputs.table_output``)."""
    table = inputs.table_output(item) and not texts
    if item.kind == "json":
        return json_steps(item, fields, max_bytes, table)
    if item.kind == "warc":
        return warc_steps(item, fields, max_bytes, table)
    if item.kind == "parquet":
        return parquet_steps(item, fields, table)
    return jsonl_steps(item, max_bytes, table)


def warc_steps(item: inputs.Input, fields: Fields, max_bytes: int, table: bool = False) -> Iterator[Step]:
    """A WARC file (``.warc``, ``.warc.gz``) in chunks of its ``response`` records, streamed
    one record at a time. Each response gets an output record (``id``, ``url``, ``date`` and
    the cleaned text, or why it was skipped: not HTTP 200, not HTML, too large); the records
    of other types (request, metadata...) are no pages and are counted as one ignored
    outcome for the file. A stream that breaks, or ends inside a record (a ``.warc`` or
    ``.warc.gz`` cut short), keeps the whole responses read before, and is reported. What
    warcio prints is logged with the response read meanwhile, or else the file's outcome."""
    try:
        import warcio  # noqa: F401
    except ImportError:
        yield whole(item, "skipped", inputs.needs_extra("warc"))
        return
    try:
        raw = item.path.open("rb")
    except OSError as exc:
        yield skip(item, exc)
        return
    others: dict[str, int] = {}
    logged: list[tuple[int, str]] = []
    """What warcio printed that is no response's: the file's (``inputs.warc_responses``)."""
    with raw:
        # gzip here, not warcio's, so that a stream cut short raises (warcio's reader ends there)
        stream = inputs.Gunzipped(raw) if inputs.compressed(item.path) else raw
        responses = inputs.warc_responses(stream, max_bytes, others, logged)
        try:
            first = next(responses, None)
        except (*inputs.READ_ERRORS, ValueError) as exc:
            yield _told(skip(item, exc), logged)
            return
        if first is None:
            yield _told(whole(item, "skipped" if not others else "ignored", _no_responses(others)), logged)
            return
        yield Begin(item.target, item.name, table, warc_schema(fields) if table else None)
        try:
            yield from chunks(item.name, itertools.chain([first], responses), raw.tell, table)
        except (*inputs.READ_ERRORS, ValueError) as exc:
            yield _told(skip(item, exc, files=0), logged)
            logged = []
        if others:  # what warcio printed that no response took came with these records
            ignored = Outcome(item.name, "ignored", reason=_no_responses(others))
            yield _told(Ready((ignored,)), logged)
        yield End()


def _told(ready: Ready, logged: list[tuple[int, str]]) -> Ready:
    """``ready`` whose first outcome carries ``logged`` (what warcio printed of the file)."""
    first, *rest = ready.outcomes
    return Ready((replace(first, logged=(*first.logged, *logged)), *rest), ready.files)


def _no_responses(others: dict[str, int]) -> str:
    if not others:
        return "empty"
    counted = ", ".join(f"{kind} {count:,}" for kind, count in sorted(others.items()))
    return f"{sum(others.values()):,} WARC records that are not responses ({counted})"


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
