"""Text -> Blocks: one block per non-blank line, with offsets into the decoded input.

Scraped text puts one paragraph, heading, menu entry or teaser on each line, so a line is
the unit every detector judges. Blank lines are not blocks; they are remembered as
``blank_before`` because a paragraph break is evidence of structure.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import NamedTuple


class Block(NamedTuple):
    """One non-blank line of the input.

    ``start``/``end`` bound the stripped text; ``line_start``/``line_end`` bound the whole
    line including its line break, so removing ``[line_start, line_end)`` removes the line.
    """

    number: int
    """Place in the article, from 0 (not `index`, which tuples already have)."""
    text: str
    start: int
    end: int
    line_start: int
    line_end: int
    words: int
    blank_before: bool


block_text = attrgetter("text")
"""A block's text, for C-level ``map`` passes over blocks."""
block_words = attrgetter("words")
"""A block's word count, likewise."""

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character ``str.splitlines`` (and so ``segment``) ends a line at; "\\r\\n" is one break."""


def count_line_breaks(text: str) -> int:
    """How many line breaks ``segment`` finds in ``text``, without making its lines: one
    C-level count a break character, less the "\\r\\n" pairs, each counted twice: about 3 ms
    a megabyte, and no list of lines."""
    return sum(map(text.count, LINE_BREAKS)) - text.count("\r\n")


def segment(text: str) -> list[Block]:
    """Split decoded text into blocks, one per non-blank line, in input order."""
    blocks: list[Block] = []
    offset = 0
    blank_before = True
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        start = line_start + line.index(stripped[0])
        end = start + len(stripped)
        words = len(stripped.split())
        blocks.append(Block(len(blocks), stripped, start, end, line_start, offset, words, blank_before))
        blank_before = False
    return blocks


_SPACE = re.compile(r"\s+")
_LIST_MARK = re.compile(r"^[-*•]\s+")


def normal(text: str) -> str:
    """Text as blocks and containers are compared: spaces collapsed, a list mark dropped."""
    return _LIST_MARK.sub("", _SPACE.sub(" ", text).strip())
