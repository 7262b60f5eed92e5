"""Files in and out of a batch: finding inputs, naming outputs, reading them.

Reading is bounded by ``--max-bytes`` whatever a file holds: an article file is read up to
one byte past it, a JSONL line is cut there before it is parsed (the rest of the line is
skipped unread), and a ``.json`` array is read one item at a time, each cut the same way.
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from ..atomic import NAME_BYTES, fit_name

Kind = Literal["text", "html", "jsonl", "json", "warc", "parquet"]

SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".txt.gz": "text",
    ".html": "html",
    ".html.gz": "html",
    ".htm": "html",
    ".htm.gz": "html",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".parquet": "parquet",
}
"""What each file name ending holds (``.gz``: gzip-compressed); other files in a folder are
not inputs, and are listed in the report and the summary (``hint``)."""
RECORD_KINDS: frozenset[Kind] = frozenset({"jsonl", "json", "warc", "parquet"})
"""Kinds whose files hold records (an output record each) rather than one article."""
EXTRAS: dict[Kind, str] = {"warc": "warc", "parquet": "parquet"}
"""The extra of ``page-cleaner`` that reading (and writing) each kind needs."""

STDIO = Path("-")


@dataclass(frozen=True, slots=True)
class Input:
    """One input file (``path`` is ``-`` for stdin) and where its output goes (``-``: stdout)."""

    path: Path
    name: str
    kind: Kind
    target: Path
    size: int = 0
    changed_ns: int = 0
    """When the file was last modified (``st_mtime_ns``): an older output is out of date."""

    @property
    def records(self) -> bool:
        """Whether the input holds records (JSON, WARC responses, Parquet rows) rather than
        one article."""
        return self.kind in RECORD_KINDS


@dataclass(slots=True)
class Found:
    """What a folder holds: the inputs, the entries that cannot be read, the other files."""

    inputs: list[Input] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _suffix(name: str) -> str | None:
    lowered = name.lower()
    return next((suffix for suffix in SUFFIXES if lowered.endswith(suffix)), None)


def kind_of(path: Path) -> Kind | None:
    """The input kind a file name says, or None."""
    suffix = _suffix(path.name)
    return None if suffix is None else SUFFIXES[suffix]


def compressed(path: Path) -> bool:
    """Whether the input is gzip-compressed (its name ends in ``.gz``)."""
    return path.name.lower().endswith(".gz")


def output_name(name: str, kind: Kind, records: bool, texts: bool = False, table: bool = False) -> str:
    """The output's name for an input's name: ``.txt`` for articles, ``.jsonl`` for records
    (``.jsonl.gz`` for a ``.warc.gz``), ``.parquet`` for a Parquet file's records or with
    ``table`` any file's, and with ``texts`` a folder (the name without its ending) for a
    file of records."""
    if kind == "jsonl" and not texts and not table:
        return name
    suffix = _suffix(name)
    stem = name[: -len(suffix)] if suffix is not None else name.rsplit(".", 1)[0]
    if texts and kind in RECORD_KINDS:
        return stem
    if kind in RECORD_KINDS and (table or (kind == "parquet" and not records)):
        return stem + ".parquet"
    if kind == "warc" and compressed(Path(name)):
        return stem + ".jsonl.gz"
    return stem + (".jsonl" if records or kind in RECORD_KINDS else ".txt")


def table_output(item: Input) -> bool:
    """Whether ``item``'s output is a Parquet file (its name says so)."""
    return item.records and item.target.name.lower().endswith(".parquet")


def hint(name: str) -> str:
    """Why a file in a folder is not an input, and what would make it one."""
    lowered = name.lower()
    if lowered.endswith((".arc", ".arc.gz")):
        return "not an input: ARC is not read; `warcio recompress` turns it into a WARC"
    if lowered.endswith(".gz"):
        gzipped = " ".join(suffix for suffix in SUFFIXES if suffix.endswith(".gz"))
        return f"not an input: of gzipped files only {gzipped} are read"
    ending = Path(name).suffix or "no ending"
    return (
        f"not an input ({ending}): inputs end in {READ_NAMES}; a text or HTML page named otherwise needs one"
    )


READ_NAMES = " ".join(SUFFIXES)
"""Every file name ending a folder's inputs may have, as hints list them."""


def record_file_name(line: int | None, found_id: str | None) -> str:
    """A record's text file in its folder: its line (or place) in the input, then its id
    made safe for a file name and cut to fit one, so names are unique and sort in input order."""
    safe = _UNSAFE.sub("_", found_id).strip("._")[:RECORD_ID_CHARS] if found_id else ""
    return f"{line or 0:07d}" + (f"-{fit_name(safe, RECORD_ID_BYTES)}" if safe else "") + ".txt"


_UNSAFE = re.compile(r"[^\w.-]+")
RECORD_ID_CHARS = 80
"""Most characters of a record's id kept in its file name."""
RECORD_ID_BYTES = NAME_BYTES - 40
"""Most bytes of a record's id kept in its file name (80 characters outside the BMP take
320): room is left for the line number, the dash and ``.txt`` within a file name's 255 bytes."""


def find_inputs(source: Path, target: Path, records: bool, texts: bool = False, table: bool = False) -> Found:
    """Every input below ``source`` (or ``source`` itself), sorted, each given its output path.

    Folder symlinks are followed once: a folder seen before is a symlink loop, reported.
    ``target`` is never read as input, so cleaning a folder into itself does not recurse.
    """
    found = Found()
    if source == STDIO:
        found.inputs.append(Input(STDIO, "<stdin>", "text", target))
        return found
    if not source.is_dir():
        named = kind_of(source) or "text"
        single = (
            target / output_name(source.name, named, records, texts, table) if target.is_dir() else target
        )
        _add(found, source, source.name, named, single)
        return found
    seen: set[tuple[int, int] | None] = set()
    skip = _identity(target)
    for folder, folders, files in os.walk(source, followlinks=True, onerror=lambda e: _unreadable(found, e)):
        here = Path(folder)
        identity = _identity(here)
        if identity is not None and identity in seen:
            found.problems.append((here.relative_to(source).as_posix(), _seen_again(here, source, identity)))
            folders.clear()
            continue
        seen.add(identity)
        folders[:] = sorted(f for f in folders if skip is None or _identity(here / f) != skip)
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(source).as_posix()
            kind = kind_of(path)
            if kind is None:
                found.ignored.append(relative)
            else:
                written = (
                    target if target == STDIO else target / output_name(relative, kind, records, texts, table)
                )
                _add(found, path, relative, kind, written)
    found.inputs.sort(key=lambda item: item.name)
    _drop_collisions(found, texts)
    return found


def _add(found: Found, path: Path, name: str, kind: Kind, target: Path) -> None:
    try:
        status = path.stat()
    except OSError as exc:
        found.problems.append((name, read_reason(exc)))
        return
    if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
        found.problems.append((name, "not a regular file"))
        return
    found.inputs.append(Input(path, name, kind, target, status.st_size, status.st_mtime_ns))


def _drop_collisions(found: Found, texts: bool) -> None:
    """Two inputs that would write one output (``a.txt``, ``a.html``), or, with ``texts``, an
    output inside the folder of a file of records (``a/b.txt`` in ``a/``, the folder
    ``a.jsonl`` becomes), which a re-run of that file would replace whole: the first in
    name order wins (``a.jsonl`` sorts before ``a/b.txt``) and the other is reported."""
    owners: dict[Path, str] = {}
    folders: dict[Path, str] = {}
    kept = []
    for item in found.inputs:
        folder = next((folders[p] for p in item.target.parents if p in folders), None)
        if item.target == STDIO:
            kept.append(item)
        elif item.target in owners:
            found.problems.append((item.name, f"same output as {owners[item.target]}"))
        elif folder is not None:
            found.problems.append((item.name, f"its output would be inside the output folder of {folder}"))
        else:
            owners[item.target] = item.name
            if texts and item.records:
                folders[item.target] = item.name
            kept.append(item)
    found.inputs = kept


def _seen_again(here: Path, source: Path, identity: tuple[int, int]) -> str:
    """Why a folder met a second time is not read again: a link to a folder above it
    would never end; a second link to a folder is a duplicate."""
    ancestors = (folder for folder in here.parents if folder.is_relative_to(source))
    if any(_identity(folder) == identity for folder in ancestors):
        return "symlink loop"
    return "same folder as another path (symlink)"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _unreadable(found: Found, error: OSError) -> None:
    found.problems.append((str(error.filename), read_reason(error)))


READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a file can raise: a gzip stream cut short raises EOFError, a corrupt one
``zlib.error``."""


def read_reason(error: Exception) -> str:
    """A short reason for a read that failed, as reports say it (a gzip stream cut short
    raises EOFError)."""
    if isinstance(error, OSError) and error.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(error, OSError) and error.errno == errno.ENOENT:
        return "broken symlink or missing file"
    return f"cannot read: {getattr(error, 'strerror', None) or error}"


STOPPING_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Write errors that no later output escapes (the disk or quota is full, the file system is
read-only): the run stops instead of skipping every output that follows."""


def write_reason(path: Path, error: OSError) -> str:
    """A short reason for a write that failed, as reports say it."""
    return f"cannot write {path}: {error.strerror or error}"


def stops_run(error: OSError) -> bool:
    """Whether a write error stops the run (see ``STOPPING_ERRORS``)."""
    return error.errno in STOPPING_ERRORS


def rejected_path(target: Path, root: Path) -> Path:
    """Where an output below ``root`` goes when its score is under ``--min-score``."""
    return target if target == STDIO else root / "rejected" / target.relative_to(root)


def written(item: Input, root: Path) -> bool:
    """Whether an earlier run finished this input's output (under ``rejected/`` too) since
    the input last changed: an input edited, or copied in again, after its output was
    written is cleaned again."""
    if item.target == STDIO:
        return False
    places = [item.target] if item.records else [item.target, rejected_path(item.target, root)]
    for place in places:
        try:
            return place.stat().st_mtime_ns >= item.changed_ns
        except OSError:
            continue
    return False


def read_article(path: Path, size: int, max_bytes: int) -> tuple[bytes, int]:
    """The start of an article file (one byte past ``max_bytes`` is enough to refuse it), and
    the size to judge it by: its size on disk (``size``), or for gzip what it unpacks to."""
    if compressed(path):
        with gzip.open(path, "rb") as unpacked:
            data = unpacked.read(max_bytes + 1)
        return data, len(data)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return data, max(len(data), size)


def too_large(size: int, max_bytes: int) -> str:
    """The reason an input (an article, a record) larger than ``--max-bytes`` is skipped."""
    return f"larger than --max-bytes ({size:,} > {max_bytes:,} bytes)"


def article_problem(data: bytes, size: int, max_bytes: int) -> str | None:
    """Why ``data`` (the start of a file of ``size`` bytes) is not an article to clean
    (too large, empty, binary), or None."""
    if size > max_bytes:
        return too_large(size, max_bytes)
    if not data.strip():
        return "empty"
    if b"\0" in data[:BINARY_SNIFF_BYTES] and not data.startswith(UTF16_BOMS):
        return "binary (NUL bytes)"
    return None


BINARY_SNIFF_BYTES = 8_000
"""A NUL byte in this many leading bytes marks a file as binary (git's rule)."""
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class Source(Protocol):
    """A binary stream records are read from: a file, a gzip stream, stdin."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...

    def tell(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Oversized:
    """A record (a JSONL line, an item of a ``.json`` array) larger than ``--max-bytes``:
    skipped unread, only its size is known."""

    size: int


Record = bytes | Oversized
"""A record as read: its raw bytes (parsed by a worker), or that it was too large."""


@dataclass(frozen=True, slots=True)
class Response:
    """A WARC ``response`` record as a batch record: the fields its output record keeps
    (``id``: WARC-Record-ID, ``url``: WARC-Target-URI, ``date``: WARC-Date), the page's bytes
    (its HTTP body, decoded by cleaner as HTML bytes), or why it is not a page to clean."""

    fields: dict[str, str | None]
    body: bytes = b""
    problem: str = ""
    logged: tuple[tuple[int, str], ...] = ()
    """What warcio printed while the record was read (``warc_responses``), as a page's log."""


class Malformed(ValueError):
    """An input that is not what its name says (a WARC stream that breaks, a file that is
    not Parquet): its message is the reason reports give."""


def record_size(raw: object) -> int:
    """How many bytes a record took in its input (0 for one parsed from a whole file)."""
    if isinstance(raw, Oversized):
        return raw.size
    if isinstance(raw, Response):
        return len(raw.body)
    return len(raw) if isinstance(raw, bytes) else 0


def needs_extra(kind: Kind) -> str:
    """The reason an input of ``kind`` is skipped when its extra is not installed."""
    return f"reading .{kind} needs the extra: pip install 'page-cleaner[{EXTRAS[kind]}]'"


SKIP_BYTES = 1 << 20
"""The rest of a line that is too long is read and dropped this many bytes at a time."""


def capped_lines(handle: Source, max_bytes: int) -> Iterator[Record]:
    """The lines of ``handle``; a line longer than ``max_bytes`` is never held whole."""
    while line := handle.readline(max_bytes + 1):
        yield capped(handle, line, max_bytes)


def capped(handle: Source, line: bytes, max_bytes: int) -> Record:
    """``line`` (read with a limit of ``max_bytes + 1``), or, when it was cut there, the size
    of the whole line, whose rest is read from ``handle`` and dropped."""
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line
    size = len(line)
    while rest := handle.readline(SKIP_BYTES):
        size += len(rest)
        if rest.endswith(b"\n"):
            break
    return Oversized(size)


ARRAY_CHUNK = 1 << 20
"""A ``.json`` array is read this many bytes at a time."""
_STRUCTURE = re.compile(rb'["\[\]{},]')
"""What matters outside a JSON string when finding where an array's items end."""
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
"""The rest of a JSON string up to its closing quote (or the end of what was read); possessive,
so that a string of many escapes costs the regex engine no memory."""


class ArrayItems:
    """The items of a JSON array, as the raw bytes of each, read in chunks: a file holding one
    huge array is never held whole, and an item over ``max_bytes`` is skipped unread.

    Items are found by their commas and the array's closing bracket, outside strings and
    nested brackets; their JSON is parsed later, one item at a time, like a JSONL line. A
    syntax error inside an item is that item's; an array cut short raises ``ValueError``.
    """

    def __init__(self, handle: Source, max_bytes: int) -> None:
        self.handle, self.max_bytes = handle, max_bytes
        self._depth = 0
        self._in_string = self._escaped = self._ended = False
        self._parts: list[bytes] = []
        self._size = 0
        self._count = 0

    def read(self, start: bytes) -> Iterator[Record]:
        """The items, ``start`` being what was read after the array's opening bracket."""
        chunk = start
        while chunk:
            yield from self._scan(chunk)
            if self._ended:
                return
            chunk = self.handle.read(ARRAY_CHUNK)
        raise ValueError("the array is cut short (no closing bracket)")

    def rest(self, chunk: bytes) -> None:
        """What follows the closing bracket must be blank."""
        while chunk:
            if chunk.strip():
                raise ValueError("extra data after the array")
            chunk = self.handle.read(ARRAY_CHUNK)

    def _scan(self, chunk: bytes) -> Iterator[Record]:
        start = position = 0
        while position < len(chunk):
            if self._in_string:
                position = self._skip_string(chunk, position)
                continue
            found = _STRUCTURE.search(chunk, position)
            if found is None:
                break
            position = found.end()
            mark = chunk[found.start()]
            if mark == ord('"'):
                self._in_string = True
            elif mark in b"[{":
                self._depth += 1
            elif mark in b"]}" and self._depth:
                self._depth -= 1
            elif mark == ord("]") or (mark == ord(",") and not self._depth):
                self._hold(chunk[start : found.start()])
                start = position
                yield from self._item(last=mark == ord("]"))
                if mark == ord("]"):
                    self._ended = True
                    self.rest(chunk[position:])
                    return
        self._hold(chunk[start:])

    def _skip_string(self, chunk: bytes, position: int) -> int:
        """Past the end of the string ``chunk`` is inside at ``position``, or to the chunk's end."""
        if self._escaped:
            self._escaped = False
            return position + 1
        rest = _STRING_REST.match(chunk, position)
        end = rest.end() if rest is not None else position  # it always matches
        if end == len(chunk):
            return end
        if chunk[end] == ord("\\"):  # an escape whose character is in the next chunk
            self._escaped = True
        else:
            self._in_string = False
        return end + 1

    def _hold(self, part: bytes) -> None:
        self._size += len(part)
        if self._size <= self.max_bytes:
            self._parts.append(part)
        else:
            self._parts.clear()

    def _item(self, last: bool) -> Iterator[Record]:
        raw = b"".join(self._parts) if self._size <= self.max_bytes else None
        size, self._parts, self._size = self._size, [], 0
        if raw is not None and not raw.strip():
            if last and not self._count:
                return  # []
            raise ValueError(f"an empty item after item {self._count} of the array")
        self._count += 1
        yield raw if raw is not None else Oversized(size)
