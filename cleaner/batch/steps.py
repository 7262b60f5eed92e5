"""The work of a batch run, as steps in input order: chunks of articles, chunks of
records between the begin and end markers of their file, and outcomes known without
cleaning; and the readers that turn JSONL and JSON files into such steps.

Readers never raise on bad input: a file that cannot be read, or stops short, becomes a
recorded skip.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..result import Result
from . import inputs

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
    """Raw JSONL lines (bytes), or the parsed items of a ``.json`` array."""
    size: int


@dataclass(frozen=True, slots=True)
class Begin:
    target: Path


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


def record_text(record: dict[str, Any], fields: Fields) -> tuple[str | None, str]:
    """The text to clean and its kind ('html' or 'text'), or None and why there is none."""
    if fields.html is not None and isinstance(record.get(fields.html), str):
        return record[fields.html], "html"
    if isinstance(record.get(fields.text), str):
        return record[fields.text], "text"
    wanted = " or ".join(repr(f) for f in (fields.html, fields.text) if f is not None)
    return None, f"no string field {wanted}"


def record_id(record: dict[str, Any], fields: Fields) -> str | None:
    for name in (fields.id, fields.url):
        if name is not None and record.get(name) is not None:
            return str(record[name])
    return None


def jsonl_steps(item: inputs.Input) -> Iterator[Step]:
    """A JSONL file in chunks, its output opened once its first line is read.

    A file that cannot be opened, or is empty, gets no output; one that stops short (a
    truncated gzip stream) keeps the records read before the break, and is reported.
    """
    try:
        raw = item.path.open("rb")
    except OSError as exc:
        yield skip(item, exc)
        return
    with raw:
        lines: Iterator[bytes] = iter(gzip.GzipFile(fileobj=raw) if item.path.suffix == ".gz" else raw)
        try:
            first = next(lines, None)
        except (OSError, EOFError) as exc:
            yield skip(item, exc)
            return
        if first is None:
            yield whole(item, "skipped", "empty")
            return
        yield Begin(item.target)
        try:
            yield from chunks(item.name, itertools.chain([first], lines), raw.tell)
        except (OSError, EOFError) as exc:
            yield skip(item, exc, files=0)
        yield End()


def skip(item: inputs.Input, exc: OSError | EOFError | ValueError, files: int = 1) -> Ready:
    """The input skipped for ``exc``; ``files`` is 0 when it was begun (its end is counted)."""
    if isinstance(exc, OSError) and exc.errno:
        reason = inputs.read_reason(exc)
    else:
        reason = f"malformed JSON: {exc}" if isinstance(exc, ValueError) else f"cannot read: {exc}"
    return Ready((Outcome(item.name, "skipped", reason=reason),), files)


def whole(item: inputs.Input, status: Status, reason: str) -> Ready:
    return Ready((Outcome(item.name, status, reason=reason),), files=1)


def chunks(name: str, lines: Iterable[bytes], position: Callable[[], int] | None = None) -> Iterator[Step]:
    """Lines in chunks, numbered from 1; each chunk's size is the input it used up."""
    numbered = enumerate(lines, start=1)
    done = 0
    while chunk := tuple(itertools.islice(numbered, RECORDS_PER_CHUNK)):
        records = tuple(line for _, line in chunk)
        now = position() if position is not None else done + sum(map(len, records))
        yield Records(name, chunk[0][0], records, now - done)
        done = now


def json_steps(item: inputs.Input, fields: Fields) -> Iterator[Step]:
    """A ``.json`` file: an array of records, or one record (an object with the text field);
    other JSON (a sidecar of metadata, say) is not an input and is passed over."""
    data = b""
    try:
        data = item.path.read_bytes()
        parsed = json.loads(data)
    except (OSError, ValueError) as exc:
        yield skip(item, exc) if data.strip() else whole(item, "skipped", "empty")
        return
    if isinstance(parsed, dict) and record_text(parsed, fields)[0] is not None:
        parsed = [parsed]
    if not isinstance(parsed, list):
        yield whole(item, "ignored", "JSON that holds no records")
        return
    yield Begin(item.target)
    for start in range(0, len(parsed), RECORDS_PER_CHUNK):
        part = tuple(parsed[start : start + RECORDS_PER_CHUNK])
        yield Records(item.name, start + 1, part, len(data) * len(part) // len(parsed))
    yield End()


def record_line(record: dict[str, Any], result: Result, rejected: bool) -> str:
    """One JSONL output line: the input record's fields (its text field already the cleaned
    text), and what cleaning found under ``"cleaner"``. Every record output is made here."""
    found = result.to_dict()
    del found["text"]
    return json.dumps({**record, "cleaner": {**found, "rejected": rejected}}, ensure_ascii=False) + "\n"
