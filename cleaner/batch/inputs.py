"""Files in and out of a batch: finding inputs, naming outputs, reading them."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["text", "html", "jsonl", "json"]

SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".json": "json",
}
"""What each file name ending holds; other files in a folder are not inputs."""

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
        """Whether the input holds JSON records rather than one article."""
        return self.kind in ("jsonl", "json")


@dataclass(slots=True)
class Found:
    """What a folder holds: the inputs, the entries that cannot be read, the other files."""

    inputs: list[Input] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def kind_of(path: Path) -> Kind | None:
    """The input kind a file name says, or None."""
    name = path.name.lower()
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def output_name(name: str, kind: Kind, records: bool, texts: bool = False) -> str:
    """The output's name for an input's name: ``.txt`` for articles, ``.jsonl`` for records,
    and with ``texts`` a folder (the name without its ending) for a file of records."""
    if texts and kind in ("jsonl", "json"):
        return name.removesuffix(".gz").removesuffix(".jsonl").removesuffix(".json")
    if kind == "jsonl":
        return name
    stem = name[: -len(".json")] if kind == "json" else name.rsplit(".", 1)[0]
    return stem + (".jsonl" if records or kind == "json" else ".txt")


def record_file_name(line: int | None, found_id: str | None) -> str:
    """A record's text file in its folder: its line (or place) in the input, then its id
    made safe for a file name, so names are unique and sort in input order."""
    safe = _UNSAFE.sub("_", found_id).strip("._")[:RECORD_ID_CHARS] if found_id else ""
    return f"{line or 0:07d}" + (f"-{safe}" if safe else "") + ".txt"


_UNSAFE = re.compile(r"[^\w.-]+")
RECORD_ID_CHARS = 80
"""Most characters of a record's id kept in its file name."""


def find_inputs(source: Path, target: Path, records: bool, texts: bool = False) -> Found:
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
        single = target / output_name(source.name, named, records, texts) if target.is_dir() else target
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
                written = target if target == STDIO else target / output_name(relative, kind, records, texts)
                _add(found, path, relative, kind, written)
    found.inputs.sort(key=lambda item: item.name)
    _drop_collisions(found)
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


def _drop_collisions(found: Found) -> None:
    """Two inputs that would write one output (``a.txt``, ``a.html``): the first wins."""
    owners: dict[Path, str] = {}
    kept = []
    for item in found.inputs:
        if item.target in owners and item.target != STDIO:
            found.problems.append((item.name, f"same output as {owners[item.target]}"))
        else:
            owners[item.target] = item.name
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


def read_reason(error: OSError) -> str:
    """A short reason for a read that failed, as reports say it."""
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT:
        return "broken symlink or missing file"
    return f"cannot read: {error.strerror or error}"


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


def article_problem(data: bytes, size: int, max_bytes: int) -> str | None:
    """Why ``data`` (the start of a file of ``size`` bytes) is not an article to clean
    (too large, empty, binary), or None."""
    if size > max_bytes:
        return f"larger than --max-bytes ({size:,} > {max_bytes:,} bytes)"
    if not data.strip():
        return "empty"
    if b"\0" in data[:BINARY_SNIFF_BYTES] and not data.startswith(UTF16_BOMS):
        return "binary (NUL bytes)"
    return None


BINARY_SNIFF_BYTES = 8_000
"""A NUL byte in this many leading bytes marks a file as binary (git's rule)."""
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
