"""Block fingerprints for the corpus index: an exact key per block, LSH band keys for long ones.

A block's words are lowercased, stripped of punctuation and every run of digits becomes
``0``, so "Posted March 3, 2024" and "Posted March 19, 2025" are one block. Every block gets
the exact key of that normal form (menu entries, "Recent Posts", a cookie line: short
chrome is exact chrome). Blocks of at least ``MINHASH_MIN_WORDS`` words also get a
datasketch MinHash of their word ``SHINGLE_WORDS``-grams, cut into LSH bands, so a
newsletter box or an author box whose wording varies a little still meets its copies.

Keys are 64-bit and salted with the site, so one sorted array holds every site's keys.
MinHashes are datasketch's own (its ``affine32`` permutations for ``NUM_PERM`` and
``SEED``, over xxh32 shingle hashes: ``tests/corpus/test_index.py`` checks they equal
``MinHash.bulk``), computed for many blocks at once in numpy instead of one object a block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from itertools import chain, repeat

import numpy as np
import numpy.typing as npt
import xxhash
from datasketch import MinHash, MinHashLSH
from datasketch.minhash import _fmix

from ..parse.features import words_of

NUM_PERM = 32
"""MinHash permutations: enough for chrome, whose copies are near-identical. Measured by
``benchmarks/sites.py`` over the 3,258 long ground-truth paragraphs of ScrapingHub: a copy
with one word changed always meets its paragraph, one word in 40 changed 96%, one in 20
77%, one in 10 23%; 24 paragraphs met another one, all of those looked at near-copies
(list items, template sentences a name apart). 32 columns keep the build fast."""
SEED = 1
SCHEME = "affine32"
"""datasketch's permutation scheme (its default since 2.0.0)."""
SHINGLE_WORDS = 3
"""Word n-gram size of a block's MinHash set."""
MINHASH_MIN_WORDS = 8
"""Blocks with fewer words get only their exact key: with under 6 word 3-grams a MinHash
says little that the exact normal form does not, and most chrome lines are that short."""
LSH_THRESHOLD = 0.6
"""Jaccard of word 3-grams at which two long blocks become one cluster; what that catches
and what it confuses is measured under ``NUM_PERM``."""

VERSION = 1
"""Bumped whenever ``normal_form`` or the key layout changes: old index files are refused."""

_LSH = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = _LSH.b, _LSH.r
"""datasketch's optimal LSH bands and rows for ``LSH_THRESHOLD`` and ``NUM_PERM`` (6 x 5)."""
_A, _B = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_DIGITS = re.compile(r"\d+")
_MASK = (1 << 64) - 1
_ROW_MULTIPLIERS = np.array(
    [xxhash.xxh64_intdigest(b"row %d" % i) | 1 for i in range(ROWS)], dtype=np.uint64
).reshape(1, 1, ROWS)
"""Odd 64-bit multipliers that fold a band's rows into one integer (a linear hash)."""
_BAND_SALTS = np.array([xxhash.xxh64_intdigest(b"band %d" % i) for i in range(BANDS)], dtype=np.uint64)

Keys = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """The keys of a page's blocks: ``exact[i]`` for block ``i``; ``bands[j]`` for the
    block ``long[j]``, one key per band."""

    exact: Keys
    long: npt.NDArray[np.intp]
    bands: Keys

    def unique(self) -> Keys:
        """Every key once, sorted: what a page adds to the counts."""
        return np.unique(np.concatenate([self.exact, self.bands.ravel()]))


def normal_form(text: str) -> str:
    """The block as it is compared: lowercased words, digit runs as ``0``."""
    words = " ".join(words_of(text))
    return _DIGITS.sub("0", words) if words else text.strip().lower()


def site_seed(site: str) -> int:
    """The salt of a site's keys."""
    return xxhash.xxh64_intdigest(site.encode("utf-8", "surrogatepass"))


def fingerprint(texts: Sequence[str], site: str) -> Fingerprints:
    """The keys of ``texts`` (the blocks of one page, or of many pages of one site)."""
    seed = site_seed(site)
    normal = [normal_form(text) for text in texts]
    encoded = [n.encode("utf-8", "surrogatepass") for n in normal]
    exact = np.fromiter(map(xxhash.xxh64_intdigest, encoded, repeat(seed)), np.uint64, len(encoded))
    shingles: list[list[bytes]] = []
    long: list[int] = []
    for index, text in enumerate(encoded):
        words = text.split()
        if len(words) >= MINHASH_MIN_WORDS:
            long.append(index)
            shingles.append(list(map(b" ".join, zip(*_shifted(words), strict=False))))
    bands = band_keys(minhashes(shingles), seed) if long else np.empty((0, BANDS), np.uint64)
    return Fingerprints(exact, np.array(long, dtype=np.intp), bands)


def _shifted(words: list[bytes]) -> list[list[bytes]]:
    """The words from each of the first ``SHINGLE_WORDS`` places: zipped, the word n-grams."""
    return [words[start:] for start in range(SHINGLE_WORDS)]


def minhashes(sets: Sequence[Sequence[bytes]]) -> npt.NDArray[np.uint32]:
    """datasketch MinHash hash values of each non-empty set of shingles, one row per set."""
    sizes = np.fromiter(map(len, sets), np.intp, len(sets))
    hashed = np.fromiter(map(xxhash.xxh32_intdigest, chain.from_iterable(sets)), np.uint32, int(sizes.sum()))
    permuted = _fmix(hashed, 32).reshape(-1, 1) * _A + _B
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    values: npt.NDArray[np.uint32] = np.minimum.reduceat(permuted, starts, axis=0)
    return values


def band_keys(values: npt.NDArray[np.uint32], seed: int) -> Keys:
    """One 64-bit key per LSH band of each MinHash row, salted with the site's seed."""
    rows = values[:, : BANDS * ROWS].astype(np.uint64).reshape(len(values), BANDS, ROWS)
    folded = (rows * _ROW_MULTIPLIERS).sum(axis=2, dtype=np.uint64)
    salted: Keys = _fmix(folded + _BAND_SALTS + np.uint64(seed & _MASK), 64)
    return salted


def parameters() -> dict[str, object]:
    """Everything a saved index's keys depend on; a file with other values is refused."""
    return {
        "fingerprint": VERSION,
        "datasketch": version("datasketch"),
        "num_perm": NUM_PERM,
        "seed": SEED,
        "scheme": SCHEME,
        "shingle_words": SHINGLE_WORDS,
        "minhash_min_words": MINHASH_MIN_WORDS,
        "lsh_threshold": LSH_THRESHOLD,
        "bands": BANDS,
        "rows": ROWS,
    }
