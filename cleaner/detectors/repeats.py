"""Paragraphs repeated inside one article, word for word or reworded; the first copy stays.

Reworded repeats share few exact phrases, so the measure is how much of the *later*
paragraph is covered by the earlier one: the mean of its word-bigram coverage and its
content-word coverage. Measured on the seeds (``tests/detectors/test_repeats.py`` pins them):

===============================================  ==========
pair                                             similarity
===============================================  ==========
seed 002: caption and its reworded copy          0.74
seed 000: reworded copies of body paragraphs     0.42, 0.44, 0.64, 0.65
seed 000: a paragraph vs. a later one that
  holds it reworded after as much new text       0.38
seed 000: two different paragraphs               0.36 at most
best pair across different seeds (one topic)     0.34
===============================================  ==========

So a pair at or above ``STRONG`` is a repeat on its own; between ``WEAK`` and ``STRONG`` it
is one only when its neighbour pair is a repeat too (a pasted-again body repeats in order).
A later paragraph less than ``WEAK`` of whose content words appear in the earlier one is
never a repeat, which also spares most pairs the bigram comparison.
Short lines (refrains, a repeated short sentence) are never compared.

A paragraph is compared only with the earlier ones that are not ``STRONG`` repeats
themselves: those are gone from the cleaned text, so cleaning it again compares no pair the
first cleaning did not, and finds no repeat more (issue 13, D3).

Up to ``ALL_PAIRS_MAX`` long paragraphs, every such pair is compared, so whether a pair is
compared depends on nothing else on the page. Measured on distinct ScrapingHub paragraphs,
that costs 0.16 s for 1,000 paragraphs and 0.59 s for 2,000 (MinHash: 0.04 s and 0.14 s);
at worst, 2,000 paragraphs of 20 words drawn from 40 (every pair a candidate), 2.1 s
(MinHash: 0.6 s). Past that, candidates come from datasketch MinHash (over content words), banded
with the bands and rows datasketch's LSH picks for ``LSH_THRESHOLD``; buckets hold at most
``BUCKET_MAX`` paragraphs, which bounds the work on huge and templated inputs. There a
second cleaning, of fewer paragraphs, may compare a pair the first did not: so the first
runs again over the paragraphs it left (``MINHASH_ROUNDS``). Every candidate is confirmed
exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import xxhash

from ..blocks import Block
from ..marks import Mark, Marks
from ..packs import catalog
from ..parse.features import words_of
from ..parse.language import ALL_STOPWORDS

MIN_WORDS = 12
"""Paragraphs shorter than this are never repeats: short repetition is often natural."""
STRONG = 0.55
WEAK = 0.40
ALL_PAIRS_MAX = 2_000
"""Long paragraphs up to which every pair is compared (see the module's docstring)."""
NUM_PERM = 64
LSH_THRESHOLD = 0.2
"""Content-word Jaccard at which LSH makes a pair a candidate; reworded repeats measure 0.3-0.7."""
MINHASH_ROUNDS = 8
"""Rounds of finding repeats a page past ``ALL_PAIRS_MAX`` paragraphs gets at most. On
generated pages (60 of 400 paragraphs with the threshold at 200; 4 of 2,300) the second
round already compared every pair of the paragraphs left and the first clean found all."""
BUCKET_MAX = 8
"""Paragraphs an LSH bucket holds: later ones still meet these first copies. Real articles
rarely say one thing 8 times; a page of templated paragraphs that all collide would
otherwise make the comparisons grow with the square of its length (a 1,000-paragraph
page took 6 s)."""


@cache
def _lsh_params() -> tuple[int, int]:
    """datasketch's bands and rows for ``LSH_THRESHOLD``; datasketch (and the SciPy it
    loads, a quarter of a second) is imported only when a page is long enough to need it."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


@dataclass(frozen=True, slots=True)
class _Paragraph:
    block: Block
    words: tuple[str, ...]
    content: frozenset[str]

    def bigrams(self) -> frozenset[tuple[str, str]]:
        return frozenset(zip(self.words, self.words[1:], strict=False))


def find_repeats(blocks: Sequence[Block], candidates: Iterable[int], near: bool = True) -> Marks:
    """Mark later copies among the blocks at ``candidates`` (indexes), keeping the first;
    copies in other words too unless ``near`` is off."""
    paragraphs = [_paragraph(blocks[i]) for i in candidates if blocks[i].words >= MIN_WORDS]
    marks: Marks = {}
    originals: list[int] = []
    seen: dict[tuple[str, ...], int] = {}
    for position, paragraph in enumerate(paragraphs):
        if paragraph.words in seen:
            first = paragraphs[seen[paragraph.words]].block
            reason = f"word for word the same as the paragraph at offset {first.start}"
            marks[paragraph.block.number] = Mark(catalog.EXACT_REPEAT, reason, "repeat")
        else:
            seen[paragraph.words] = position
            originals.append(position)
    unique = [paragraphs[p] for p in originals]
    for later, (earlier, similarity) in (_near_repeats(unique) if near else {}).items():
        first = unique[earlier].block
        reason = (
            f"says again, in other words, the paragraph at offset {first.start} (similarity {similarity:.2f})"
        )
        marks[unique[later].block.number] = Mark(catalog.NEAR_REPEAT, reason, "repeat")
    return marks


def _paragraph(block: Block) -> _Paragraph:
    words = tuple(words_of(block.text))
    return _Paragraph(block, words, frozenset(words).difference(ALL_STOPWORDS))


def similarity(earlier: _Paragraph, later: _Paragraph) -> float:
    """How much of ``later`` the ``earlier`` paragraph already says (0..1)."""
    return (_coverage(earlier.bigrams(), later.bigrams()) + _coverage(earlier.content, later.content)) / 2


def _coverage(earlier: frozenset[Any], later: frozenset[Any]) -> float:
    return len(earlier & later) / len(later) if later else 0.0


def _near_repeats(paragraphs: Sequence[_Paragraph]) -> dict[int, tuple[int, float]]:
    """later -> (earlier, similarity) for the reworded repeats among ``paragraphs``. A round
    that took the MinHash path is followed by one over the paragraphs it left, as cleaning
    the cleaned text would run it (fewer of them may be compared pair by pair, and its
    buckets no longer hold the repeats), until a round finds nothing or compares every pair:
    at most ``MINHASH_ROUNDS`` rounds, which bounds the work (issue 13, D3)."""
    found: dict[int, tuple[int, float]] = {}
    alive = list(range(len(paragraphs)))
    for _ in range(MINHASH_ROUNDS):
        new = _repeats_in_one_round([paragraphs[i] for i in alive])
        found.update((alive[later], (alive[earlier], score)) for later, (earlier, score) in new.items())
        if not new or len(alive) <= ALL_PAIRS_MAX:
            break
        alive = [index for position, index in enumerate(alive) if position not in new]
    return dict(sorted(found.items()))


def _repeats_in_one_round(paragraphs: Sequence[_Paragraph]) -> dict[int, tuple[int, float]]:
    """later -> (earlier, similarity): the pairs that reach ``STRONG``, and those that reach
    ``WEAK`` beside such a pair on its diagonal."""
    best = _best_earlier(paragraphs)
    accepted = {j: m for j, m in best.items() if m[1] >= STRONG}
    changed = True
    while changed:
        changed = False
        for j, (i, score) in best.items():
            if j not in accepted and _diagonal_neighbour(accepted, i, j):
                accepted[j] = (i, score)
                changed = True
    return dict(sorted(accepted.items()))


def _diagonal_neighbour(accepted: dict[int, tuple[int, float]], i: int, j: int) -> bool:
    """Whether the pair next to (i, j) on its diagonal, (i-1, j-1) or (i+1, j+1), is a repeat."""
    before, after = accepted.get(j - 1), accepted.get(j + 1)
    return (before is not None and before[0] == i - 1) or (after is not None and after[0] == i + 1)


def _best_earlier(paragraphs: Sequence[_Paragraph]) -> dict[int, tuple[int, float]]:
    """later -> (earlier, similarity) of its most similar earlier paragraph, where that is at
    least ``WEAK``. A paragraph is compared only with earlier ones that are not ``STRONG``
    repeats themselves: those are gone from the cleaned text, so cleaning it again compares
    the same pairs and finds no more (issue 13, D3); and a page of templated paragraphs
    costs one comparison a paragraph, not one for every earlier paragraph."""
    partners = _AllPairs(paragraphs) if len(paragraphs) <= ALL_PAIRS_MAX else _Bands(paragraphs)
    best: dict[int, tuple[int, float]] = {}
    bigrams: dict[int, frozenset[tuple[str, str]]] = {}
    for later, paragraph in enumerate(paragraphs):
        for earlier, shared in partners.covering(later):
            for index in (earlier, later):
                if index not in bigrams:
                    bigrams[index] = paragraphs[index].bigrams()
            score = (shared / len(paragraph.content) + _coverage(bigrams[earlier], bigrams[later])) / 2
            if score >= WEAK and score > best.get(later, (0, 0.0))[1]:
                best[later] = (earlier, score)
        if best.get(later, (0, 0.0))[1] < STRONG:
            partners.add(later)
    return best


class _AllPairs:
    """The partners of a paragraph: every earlier paragraph added."""

    def __init__(self, paragraphs: Sequence[_Paragraph]) -> None:
        self.contents = [p.content for p in paragraphs]
        self.added: list[int] = []

    def candidates(self, later: int) -> Sequence[int]:
        """The added paragraphs to compare paragraph ``later`` with, in order."""
        return self.added

    def add(self, index: int) -> None:
        """Make paragraph ``index`` a partner of the later ones."""
        self.added.append(index)

    def covering(self, later: int) -> list[tuple[int, int]]:
        """(earlier, shared content words) for the candidates that hold at least ``WEAK`` of
        the content words of ``later``, each intersected with it in one C-level pass."""
        new = self.contents[later]
        needed = WEAK * len(new)
        found = self.candidates(later)
        shared = map(len, map(new.intersection, map(self.contents.__getitem__, found)))
        return [(i, n) for i, n in zip(found, shared, strict=True) if n and n >= needed]


class _Bands(_AllPairs):
    """The partners of a paragraph on a long page: the added paragraphs that share a MinHash
    LSH band bucket with it. Each bucket keeps its first ``BUCKET_MAX`` paragraphs, so a page
    whose paragraphs all collide costs ``bands * BUCKET_MAX`` comparisons a paragraph."""

    def __init__(self, paragraphs: Sequence[_Paragraph]) -> None:
        super().__init__(paragraphs)
        sets = [[w.encode("utf-8", "surrogatepass") for w in p.content] for p in paragraphs]
        from datasketch import MinHash  # see _lsh_params

        hashes = MinHash.bulk(sets, num_perm=NUM_PERM, hashfunc=xxhash.xxh32_intdigest)
        bands, rows = _lsh_params()
        self.keys = [
            [(band, h.hashvalues[band * rows : (band + 1) * rows].tobytes()) for band in range(bands)]
            for h in hashes
        ]
        self.buckets: dict[tuple[int, bytes], list[int]] = {}

    def candidates(self, later: int) -> Sequence[int]:
        return sorted({i for key in self.keys[later] for i in self.buckets.get(key, ())})

    def add(self, index: int) -> None:
        for key in self.keys[index]:
            bucket = self.buckets.setdefault(key, [])
            if len(bucket) < BUCKET_MAX:
                bucket.append(index)
