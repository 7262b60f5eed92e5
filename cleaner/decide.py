"""Marks -> removals: turn dropped blocks into ordered, non-overlapping spans of the input.

A dropped line takes the blank lines after it along, so the kept text keeps the input's
own paragraph breaks; a dropped run at the very end also takes the blank lines before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .blocks import Block
from .marks import Mark, Marks
from .result import Removal


def removals(text: str, blocks: Sequence[Block], marks: Marks) -> tuple[Removal, ...]:
    """One removal per run of consecutive dropped blocks that share a rule and a reason."""
    found: list[Removal] = []
    last_kept_end = _end_of_last_kept(blocks, marks)
    indexes = sorted(marks)
    position = 0
    while position < len(indexes):
        first = last = indexes[position]
        mark = marks[first]
        position += 1
        while position < len(indexes) and indexes[position] == last + 1 and _same(marks[last + 1], mark):
            last += 1
            position += 1
        start = 0 if first == 0 else blocks[first].line_start
        if (
            last_kept_end is not None
            and start >= last_kept_end
            and (not found or found[-1].end <= last_kept_end)
        ):
            start = last_kept_end
        end = blocks[last + 1].line_start if last + 1 < len(blocks) else len(text)
        rule = mark.rule
        found.append(Removal(rule.code, rule.name, mark.reason, text[start:end], start, end))
    return tuple(found)


def _end_of_last_kept(blocks: Sequence[Block], marks: Marks) -> int | None:
    """Where the line of the last kept block ends, if anything is dropped after it."""
    for block in reversed(blocks):
        if block.number not in marks:
            return block.line_end if block.number < len(blocks) - 1 else None
    return None


def _same(mark: Mark, other: Mark) -> bool:
    """Marks are mostly shared objects (a section, a feed, everything outside the body), so
    identity settles most comparisons before the fields are compared."""
    return mark is other or mark == other
