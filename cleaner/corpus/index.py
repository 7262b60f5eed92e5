"""CorpusIndex: on how many pages of a site each block (or a near-copy of it) occurs.

A site's chrome repeats on every page; no single page shows it, the corpus does. The index
is built from a stream of pages (``add``), saved and loaded, and ``Cleaner(config,
corpus=index)`` drops the blocks of an article seen on ``min_pages`` pages of its site.

Layout: every key (``cleaner.fingerprint``: an exact key per block, LSH band keys for long
blocks, all salted with the site) in one sorted ``uint64`` array with a ``uint32`` page
count beside it, about 12 bytes a key, instead of datasketch's dict of sets (3-8 GB per
million blocks). A page adds each of its keys once, so a count is a number of pages; new
keys wait in a list of arrays and are merged in when it grows or when the index is read.
A block's count is the largest count among its keys. Each site remembers the 64-bit
hashes of its page ids, so a page added again is not counted twice.
"""

from __future__ import annotations

import json
import os
import threading
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import xxhash
from numpy.lib import format as npy

from ..atomic import atomic_file
from ..errors import ConfigError, CorpusIndexError
from . import fingerprint

InBody = Literal["drop", "keep"]
"""What becomes of a block seen on many pages that lies inside the article body (a standard
disclaimer, a recurring section heading): dropped like other site chrome, or kept."""

DEFAULT_MIN_PAGES = 3
"""A block seen on this many pages of a site is site chrome. Measured on the sites benchmark
(``benchmarks/sites.py``: 18 sites of 10 real pages): min_pages 3, 4 and 5 give the same
precision (0.999) and recall (0.921); 2 loses 0.001 of recall (lines two articles share, a
quote or each other's title). 3 is the smallest that never takes a pair of pages for a pattern,
so it also works on small sites."""
FORMAT = "cleaner-corpus-index"
FORMAT_VERSION = 1
PENDING_KEYS = 2_000_000
"""New keys held apart before they are merged into the sorted arrays (16 MB of them)."""
ARRAYS: dict[str, type[np.generic]] = {
    "meta": np.uint8,
    "keys": np.uint64,
    "counts": np.uint32,
    "ids": np.uint64,
    "id_counts": np.int64,
}
"""The arrays of a saved index and their types (``meta`` is JSON text)."""

Counts = npt.NDArray[np.uint32]


class RepeatedPagesWarning(UserWarning):
    """Indexes merged with pages of the same id: those pages are counted twice."""


@dataclass(slots=True)
class _Site:
    pages: int = 0
    ids: set[int] = field(default_factory=set)


class CorpusIndex:
    """Block fingerprints of many pages, counted per site. Reading it is thread-safe."""

    def __init__(self, min_pages: int = DEFAULT_MIN_PAGES, in_body: InBody = "drop") -> None:
        if min_pages < 2:
            raise ConfigError(f"min_pages must be at least 2, not {min_pages}")
        if in_body not in ("drop", "keep"):
            raise ConfigError(f"in_body must be 'drop' or 'keep', not {in_body!r}")
        self.min_pages = min_pages
        self.in_body: InBody = in_body
        self.blocks = 0
        """How many blocks were added."""
        self._sites: dict[str, _Site] = {}
        self._keys: fingerprint.Keys = np.empty(0, np.uint64)
        self._counts: Counts = np.empty(0, np.uint32)
        self._pending: list[fingerprint.Keys] = []
        self._pending_size = 0
        self._lock = threading.Lock()

    def add_blocks(self, texts: Sequence[str], site: str, page: str | None = None) -> bool:
        """Count the blocks of one page (their texts, e.g. ``cleaner.page_blocks(raw)``) on
        ``site``. A ``page`` id seen before on this site is not counted again (returns False);
        None counts always."""
        known = self._sites.setdefault(site, _Site())
        if page is not None:
            key = xxhash.xxh64_intdigest(page.encode("utf-8", "surrogatepass"))
            if key in known.ids:
                return False
            known.ids.add(key)
        known.pages += 1
        self.blocks += len(texts)
        if texts:
            self._hold(fingerprint.fingerprint(texts, site).unique())
        return True

    def merge(self, other: CorpusIndex) -> CorpusIndex:
        """Add ``other``'s counts to this index; returns self. A page id counted in both is
        a page counted twice (unlike ``add_blocks``, which counts an id once): that is warned of
        (``RepeatedPagesWarning``), since the counts then differ from one index's."""
        repeated = 0
        for name, theirs in other._sites.items():
            mine = self._sites.setdefault(name, _Site())
            repeated += len(mine.ids & theirs.ids)
            mine.pages += theirs.pages
            mine.ids |= theirs.ids
        if repeated:
            warnings.warn(
                f"{repeated} page ids were counted in both merged indexes; their blocks count "
                "twice (page ids must be unique across the parts of a corpus)",
                RepeatedPagesWarning,
                stacklevel=2,
            )
        self.blocks += other.blocks
        keys, counts = other._compacted()
        with self._lock:
            self._keys, self._counts = _combine([self._keys, keys], [self._counts, counts])
        return self

    def site_pages(self, site: str) -> int:
        """How many pages of ``site`` the index has counted."""
        known = self._sites.get(site)
        return known.pages if known is not None else 0

    def site_for(self, site: str | None) -> str | None:
        """The site an article is judged against: ``site``, or with None the index's only site."""
        if site is not None:
            return site
        return next(iter(self._sites)) if len(self._sites) == 1 else None

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(sorted(self._sites))

    @property
    def size(self) -> int:
        """How many distinct keys the index holds."""
        return len(self._compacted()[0])

    @property
    def nbytes(self) -> float:
        """About how much memory the index holds: its arrays and page ids (a set entry ~60 B)."""
        keys, counts = self._compacted()
        return keys.nbytes + counts.nbytes + 60 * sum(len(s.ids) for s in self._sites.values())

    def pages_of(self, texts: Sequence[str], site: str) -> list[int]:
        """On how many pages of ``site`` each block (or a near-copy of it) was seen."""
        if not texts or site not in self._sites:
            return [0] * len(texts)
        found = fingerprint.fingerprint(texts, site)
        seen = self._count(found.exact)
        if len(found.long):
            seen[found.long] = np.maximum(seen[found.long], self._count(found.bands).max(axis=1))
        return [int(n) for n in seen]

    def save(self, path: Path | str) -> None:
        """Write the index to ``path`` (atomically: a complete file or none)."""
        keys, counts = self._compacted()
        names = self.sites
        ids = [np.array(sorted(self._sites[n].ids), np.uint64) for n in names]
        meta = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "parameters": fingerprint.parameters(),
            "min_pages": self.min_pages,
            "in_body": self.in_body,
            "blocks": self.blocks,
            "sites": names,
            "pages": [self._sites[n].pages for n in names],
        }
        with atomic_file(Path(path)) as handle:
            np.savez(
                handle,
                meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
                keys=keys,
                counts=counts,
                ids=np.concatenate(ids) if ids else np.empty(0, np.uint64),
                id_counts=np.array(list(map(len, ids)), np.int64),
            )

    @classmethod
    def load(
        cls, path: Path | str, min_pages: int | None = None, in_body: InBody | None = None
    ) -> CorpusIndex:
        """Read a saved index; ``min_pages`` and ``in_body`` override the saved ones.
        A file of another format version or other fingerprint parameters (another
        datasketch version too) raises CorpusIndexError: its keys would not match. So does a
        file whose content is not what ``save`` writes (see ``_read``): nothing is trusted."""
        meta, arrays = _read(path)
        index = cls(meta["min_pages"] if min_pages is None else min_pages, in_body or meta["in_body"])
        index.blocks = meta["blocks"]
        index._keys, index._counts = arrays["keys"], arrays["counts"]
        starts = np.concatenate([[0], np.cumsum(arrays["id_counts"])])
        for position, (name, pages) in enumerate(zip(meta["sites"], meta["pages"], strict=True)):
            ids = arrays["ids"][starts[position] : starts[position + 1]]
            index._sites[name] = _Site(pages, set(map(int, ids)))
        return index

    def __getstate__(self) -> dict[str, object]:
        """Pickled (for worker processes, Dask) with its keys merged and without its lock."""
        self._compacted()
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _hold(self, keys: fingerprint.Keys) -> None:
        with self._lock:
            self._pending.append(keys)
            self._pending_size += len(keys)
            if self._pending_size >= PENDING_KEYS:
                self._compact()

    def _compacted(self) -> tuple[fingerprint.Keys, Counts]:
        with self._lock:
            if self._pending:
                self._compact()
            return self._keys, self._counts

    def _compact(self) -> None:
        """Merge the pending keys in (the lock is held)."""
        new = np.concatenate(self._pending)
        ones = np.ones(len(new), np.uint32)
        self._keys, self._counts = _combine([self._keys, new], [self._counts, ones])
        self._pending, self._pending_size = [], 0

    def _count(self, keys: fingerprint.Keys) -> Counts:
        """The page count of each key (0 for keys never seen), in the shape of ``keys``."""
        known, counts = self._compacted()
        if not len(known):
            return np.zeros(keys.shape, np.uint32)
        places = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        found: Counts = np.where(known[places] == keys, counts[places], 0).astype(np.uint32)
        return found


def _combine(keys: Iterable[fingerprint.Keys], counts: Iterable[Counts]) -> tuple[fingerprint.Keys, Counts]:
    """Sorted distinct keys and the sum of the counts each had."""
    joined = np.concatenate(list(keys))
    weights = np.concatenate(list(counts))
    order = np.argsort(joined, kind="stable")
    joined, weights = joined[order], weights[order]
    if not len(joined):
        return joined, weights
    starts = np.flatnonzero(np.concatenate([[True], joined[1:] != joined[:-1]]))
    summed: Counts = np.add.reduceat(weights, starts).astype(np.uint32)
    return joined[starts], summed


Arrays = dict[str, npt.NDArray[Any]]


def _read(path: Path | str) -> tuple[dict[str, Any], Arrays]:
    """A saved index's metadata and arrays, every part checked before it is used: the file
    is a zip of stored (not compressed) NumPy arrays, as ``save`` writes it, so what is read
    is bounded by the file's size, and no array is allocated before its header is checked."""
    try:
        size = os.stat(path).st_size
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(_array(archive, "meta", size, path).tobytes())
            _check(meta, path)
            arrays = {name: _array(archive, name, size, path) for name in ARRAYS if name != "meta"}
    except (OSError, EOFError, ValueError, RecursionError, KeyError, zipfile.BadZipFile) as exc:
        raise CorpusIndexError(f"{path}: not a readable corpus index ({exc})") from exc
    _check_meta(meta, path)
    _check_arrays(arrays, len(meta["sites"]), path)
    return meta, arrays


def _array(archive: zipfile.ZipFile, name: str, size: int, path: Path | str) -> npt.NDArray[Any]:
    """One array, its member and header checked first: stored, no larger than the file,
    one-dimensional, of its type, and holding exactly the elements its header declares."""
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
        raise CorpusIndexError(f"{path}: array {name!r} is compressed or larger than the file")
    with archive.open(info) as member:
        header = npy.read_array_header_1_0 if npy.read_magic(member) == (1, 0) else npy.read_array_header_2_0
        shape, _, dtype = header(member)
        wanted = np.dtype(ARRAYS[name])
        if dtype != wanted or len(shape) != 1 or shape[0] * wanted.itemsize != info.file_size - member.tell():
            raise CorpusIndexError(
                f"{path}: array {name!r} is {dtype}{list(shape)} in {info.file_size:,} bytes, "
                f"not a {wanted} array that fills its member"
            )
        data = member.read(shape[0] * wanted.itemsize)
    if len(data) != shape[0] * wanted.itemsize:
        raise CorpusIndexError(f"{path}: array {name!r} is cut short")
    return np.frombuffer(data, wanted)  # read-only: the index never writes its arrays in place


def _check(meta: object, path: Path | str) -> None:
    """Refuse a file that is not an index of this format and these parameters."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CorpusIndexError(f"{path}: not a cleaner corpus index")
    if meta.get("version") != FORMAT_VERSION:
        raise CorpusIndexError(
            f"{path}: index format version {meta.get('version')}, this cleaner reads version "
            f"{FORMAT_VERSION}: rebuild it with `cleaner index build`"
        )
    expected = fingerprint.parameters()
    saved = meta.get("parameters")
    saved = saved if isinstance(saved, dict) else {}
    different = [f"{k}={saved.get(k)!r} (now {v!r})" for k, v in expected.items() if saved.get(k) != v]
    if different:
        raise CorpusIndexError(
            f"{path}: built with other fingerprint parameters: {', '.join(different)}; "
            "its keys would not match: rebuild it with `cleaner index build`"
        )


def _check_meta(meta: dict[str, Any], path: Path | str) -> None:
    """Refuse metadata of the wrong types or ranges (``save`` writes none such)."""
    sites, pages = meta.get("sites"), meta.get("pages")
    problems = {
        "min_pages": _count(meta.get("min_pages"), 2),
        "in_body": meta.get("in_body") in get_args(InBody),
        "blocks": _count(meta.get("blocks"), 0),
        "sites": isinstance(sites, list)
        and all(isinstance(s, str) for s in sites)
        and len(set(sites)) == len(sites),
        "pages": isinstance(pages, list)
        and isinstance(sites, list)
        and len(pages) == len(sites)
        and all(_count(n, 0) for n in pages),
    }
    wrong = [key for key, fine in problems.items() if not fine]
    if wrong:
        raise CorpusIndexError(
            f"{path}: metadata {', '.join(wrong)} missing or wrong (not an index save wrote)"
        )


def _count(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _check_arrays(arrays: Arrays, sites: int, path: Path | str) -> None:
    """Refuse arrays that do not fit together: a count per key, keys sorted and distinct (a
    lookup by binary search needs it), a number of page ids per site that adds up."""
    keys, id_counts = arrays["keys"], arrays["id_counts"]
    if len(arrays["counts"]) != len(keys):
        raise CorpusIndexError(f"{path}: {len(keys):,} keys but {len(arrays['counts']):,} counts")
    if len(keys) > 1 and bool(np.any(keys[1:] <= keys[:-1])):
        raise CorpusIndexError(f"{path}: its keys are not sorted and distinct")
    if len(id_counts) != sites or bool(np.any(id_counts < 0)) or int(id_counts.sum()) != len(arrays["ids"]):
        raise CorpusIndexError(f"{path}: its page ids do not add up to its sites' counts")
