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
    spans: list[tuple[int, int, Mark]] = []
    last_kept_end = _end_of_last_kept(blocks, marks)
    for index in sorted(marks):
        block = blocks[index]
        start = 0 if index == 0 else block.line_start
        if last_kept_end is not None and start >= last_kept_end and (not spans or spans[-1][1] <= last_kept_end):
            start = last_kept_end
        end = blocks[index + 1].line_start if index + 1 < len(blocks) else len(text)
        mark = marks[index]
        if spans and spans[-1][1] == start and spans[-1][2] == mark:
            spans[-1] = (spans[-1][0], end, mark)
        else:
            spans.append((start, end, mark))
    return tuple(
        Removal(m.rule.code, m.rule.name, m.reason, text[start:end], start, end) for start, end, m in spans
    )


def _end_of_last_kept(blocks: Sequence[Block], marks: Marks) -> int | None:
    """Where the line of the last kept block ends, if anything is dropped after it."""
    for block in reversed(blocks):
        if block.index not in marks:
            return block.line_end if block.index < len(blocks) - 1 else None
    return None
