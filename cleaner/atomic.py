"""Whole-file-or-none writers: an output is either complete or not there at all.

Shared by the batch (articles, record files, reports) and the corpus index (``save``).
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

TEMPORARY_SUFFIX = ".cleaner-tmp"
"""Outputs are written as ``.NAME.XXXX.cleaner-tmp`` beside their final name, then renamed."""
NAME_BYTES = 255
"""The longest file name (one path component) most file systems take, in bytes."""
TEMPORARY_NAME_BYTES = NAME_BYTES - len(TEMPORARY_SUFFIX) - 16
"""The most bytes of an output's name a temporary name repeats: room is left for the dots,
the random part and the suffix, so a long output name still gets a temporary file."""


def fit_name(name: str, limit: int) -> str:
    """``name`` cut, at a character boundary, to at most ``limit`` bytes as the file system
    encodes it."""
    size = 0
    for end, char in enumerate(name):
        size += len(os.fsencode(char))
        if size > limit:
            return name[:end]
    return name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file that becomes ``path`` only when the block completes.

    On any exception (an interrupt too) the temporary file is removed, so ``path`` is either
    the complete new output or untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=TEMPORARY_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs get the usual permissions
        with open(fd, "wb") as raw:
            yield raw
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """``atomic_file`` as text; ``.gz`` outputs are gzip-compressed."""
    with atomic_file(path) as raw, _text(raw, compress=path.suffix == ".gz") as handle:
        yield handle


def _text(raw: IO[bytes], compress: bool) -> IO[str]:
    binary: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if compress else raw
    return io.TextIOWrapper(binary, encoding="utf-8", errors="backslashreplace", newline="")


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """A temporary folder that becomes ``path`` only when the block completes (replacing an
    older ``path``); on any exception it is removed, so ``path`` is whole or untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=_prefix(path), suffix=TEMPORARY_SUFFIX))
    try:
        os.chmod(temporary, 0o777 & ~_UMASK)
        yield temporary
        if path.is_dir():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=_prefix(path), suffix=TEMPORARY_SUFFIX))
            os.replace(path, old / path.name)
            os.replace(temporary, path)
            shutil.rmtree(old)
        else:
            os.replace(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _prefix(path: Path) -> str:
    return f".{fit_name(path.name, TEMPORARY_NAME_BYTES)}."


def remove_temporaries(folder: Path) -> int:
    """Delete temporary files and folders a killed run left below ``folder``; returns how many.
    Best effort: one that cannot be removed (a read-only file system) is left."""
    if not folder.is_dir():
        return 0
    stale = list(folder.rglob(f".*{TEMPORARY_SUFFIX}"))
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with suppress(OSError):
                path.unlink(missing_ok=True)
    return len(stale)
