"""The work of a batch run, as steps in input order: chunks of articles, chunks of
records between the begin and end markers of their file, and outcomes known without
cleaning; the readers that turn JSONL and JSON files into such steps (``warc`` and
``parquet`` read the others, ``readers.record_steps`` picks the reader); and what a
record's output is: a JSONL line (``parquet.flat_row`` makes it a Parquet output's row).

Readers never raise on bad input: a file that cannot be read, or stops short, becomes a
recorded skip. Every record read gets an output line: its cleaned record, or its fields and
why it was skipped (``skipped_record``).
"""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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
    """What the main process writes for a record into a Parquet output (``parquet.flat_row``)."""


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
    """Its output is a Parquet file (``parquet.TableWriter``)."""
    schema: Any = None
    """A Parquet output's schema (a ``pyarrow.Schema``, ``parquet.table_schema``), or None
    to infer it from the first rows (a JSONL file's)."""


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
