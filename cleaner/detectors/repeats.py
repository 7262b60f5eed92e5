"""Paragraphs repeated inside one article, word for word or reworded; the first copy stays.

Reworded repeats share few exact phrases, so the measure is how much of the *later*
paragraph is covered by the earlier one: the mean of its word-bigram coverage and its
content-word coverage. Measured on the seeds (``tests/test_repeats.py`` pins them):

==========================================  ==========
pair                                        similarity
==========================================  ==========
seed 002 caption and its reworded copy      0.75
seed 000 reworded body paragraphs           0.42-0.65
seed 000 paragraph vs. a later one holding
  half new text (not a repeat)              0.39
best pair across different seeds (same
  topic, different articles)                0.38
==========================================  ==========

So a pair at or above ``STRONG`` is a repeat on its own; between ``WEAK`` and ``STRONG`` it
is one only when its neighbour pair is a repeat too (a pasted-again body repeats in order).
Short lines (refrains, a repeated short sentence) are never compared.

Candidates come from datasketch MinHash LSH once an article has more than
``ALL_PAIRS_MAX`` long paragraphs; below that, comparing every pair is cheaper than
hashing, and the verdict is the same because every candidate is confirmed exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex
import xxhash
from datasketch import MinHash, MinHashLSH

from ..blocks import Block
from ..language import ALL_STOPWORDS
from ..marks import Mark, Marks
from . import catalog

MIN_WORDS = 12
"""Paragraphs shorter than this are never repeats: short repetition is often natural."""
STRONG = 0.55
WEAK = 0.40
ALL_PAIRS_MAX = 40
NUM_PERM = 64
LSH_THRESHOLD = 0.15
"""Jaccard at which LSH makes a pair a candidate; reworded repeats measure 0.2-0.5."""

_WORD = regex.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Paragraph:
    block: Block
    key: str
    bigrams: frozenset[str]
    content: frozenset[str]


def find_repeats(blocks: Sequence[Block], candidates: Iterable[int]) -> Marks:
    """Mark later copies among the blocks at ``candidates`` (indexes), keeping the first."""
    paragraphs = [_paragraph(blocks[i]) for i in candidates if blocks[i].words >= MIN_WORDS]
    marks: Marks = {}
    originals: list[int] = []
    seen: dict[str, int] = {}
    for position, paragraph in enumerate(paragraphs):
        if paragraph.key in seen:
            first = paragraphs[seen[paragraph.key]].block
            reason = f"word for word the same as the paragraph at offset {first.start}"
            marks[paragraph.block.index] = Mark(catalog.EXACT_REPEAT, reason, "repeat")
        else:
            seen[paragraph.key] = position
            originals.append(position)
    unique = [paragraphs[p] for p in originals]
    for later, (earlier, similarity) in _near_repeats(unique).items():
        first = unique[earlier].block
        reason = f"says again, in other words, the paragraph at offset {first.start} (similarity {similarity:.2f})"
        marks[unique[later].block.index] = Mark(catalog.NEAR_REPEAT, reason, "repeat")
    return marks


def _paragraph(block: Block) -> _Paragraph:
    words = [w.lower() for w in _WORD.findall(block.text)]
    return _Paragraph(
        block=block,
        key=" ".join(words),
        bigrams=frozenset(f"{a} {b}" for a, b in zip(words, words[1:])),
        content=frozenset(w for w in words if w not in ALL_STOPWORDS),
    )


def similarity(earlier: _Paragraph, later: _Paragraph) -> float:
    """How much of ``later`` the ``earlier`` paragraph already says (0..1)."""
    return (_coverage(earlier.bigrams, later.bigrams) + _coverage(earlier.content, later.content)) / 2


def _coverage(earlier: frozenset[str], later: frozenset[str]) -> float:
    return len(earlier & later) / len(later) if later else 0.0


def _near_repeats(paragraphs: Sequence[_Paragraph]) -> dict[int, tuple[int, float]]:
    """later -> (earlier, similarity) for the reworded repeats among ``paragraphs``."""
    best: dict[int, tuple[int, float]] = {}
    for earlier, later in _candidate_pairs(paragraphs):
        score = similarity(paragraphs[earlier], paragraphs[later])
        if score >= WEAK and score > best.get(later, (0, 0.0))[1]:
            best[later] = (earlier, score)
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
    return accepted.get(j - 1, (-1, 0.0))[0] == i - 1 or accepted.get(j + 1, (-1, 0.0))[0] == i + 1


def _candidate_pairs(paragraphs: Sequence[_Paragraph]) -> Iterable[tuple[int, int]]:
    """(earlier, later) pairs worth comparing exactly."""
    if len(paragraphs) <= ALL_PAIRS_MAX:
        return ((i, j) for j in range(len(paragraphs)) for i in range(j))
    return _lsh_pairs(paragraphs)


def _lsh_pairs(paragraphs: Sequence[_Paragraph]) -> list[tuple[int, int]]:
    sets = [[s.encode() for s in p.bigrams | p.content] for p in paragraphs]
    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, hashfunc=xxhash.xxh32_intdigest)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for index, minhash in enumerate(hashes):
        pairs.update((earlier, index) for earlier in lsh.query(minhash))
        lsh.insert(index, minhash)
    return sorted(pairs)
