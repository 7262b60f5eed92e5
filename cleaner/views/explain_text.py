"""One result explained on a terminal: every line of the input wrapped to the width, removed
lines marked ``-`` and followed by their rule and its reason, then the score and its signals.

Control characters of the input are shown escaped (``\\x1b``), so a page cannot drive the
terminal; lines are wrapped in one pass over their words, so a line of megabytes is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..result import Removal, Result
from .pieces import pieces

MIN_WIDTH = 40
"""Narrower terminals are treated as this wide: a row must hold a few words."""
KEPT, REMOVED, REASON = "  ", "- ", "    "
"""What opens each row: of a kept line, of a removed line, of a removal's rule and reason."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\S+")
_STRUCK, _TAG, _PLAIN = "\x1b[2;9m", "\x1b[33m", "\x1b[0m"
"""ANSI styles of removed rows and rule rows (with ``colour``), and the reset."""


def explain(result: Result, width: int, colour: bool = False) -> str:
    """The result as terminal text ``width`` columns wide (ANSI styles with ``colour``)."""
    width = max(width, MIN_WIDTH)
    rows: list[str] = []
    for piece in pieces(result):
        lines = list(_lines(piece.text))
        ends_blank = len(lines) > 1 and not lines[-1]
        removed = piece.removal is not None
        for line in lines:
            if line:
                style = _STRUCK if removed and colour else ""
                rows.extend(_styled(row, style) for row in wrap(line, width, REMOVED if removed else KEPT))
            elif rows and rows[-1]:
                rows.append("")
        if piece.removal is not None:
            while rows and not rows[-1]:
                rows.pop()
            said = wrap(rule_line(piece.removal), width, REASON)
            rows.extend(_styled(row, _TAG if colour else "") for row in said)
            if ends_blank:
                rows.append("")
    while rows and not rows[-1]:
        rows.pop()
    rows.append("")
    rows.extend(wrap(_summary(result), width, "", "  "))
    return "\n".join(rows) + "\n"


def rule_line(removal: Removal) -> str:
    """What a removal's rule row says: ``[RM101 readmore.keep-reading] reason``."""
    return f"[{removal.code} {removal.name}] {_visible(removal.reason)}"


def wrap(text: str, width: int, prefix: str, then: str | None = None) -> list[str]:
    """``text``'s words in rows of at most ``width`` columns, the first opened by ``prefix``
    and the others by ``then`` (default: ``prefix``); a word longer than a row is cut."""
    later = prefix if then is None else then
    rows: list[str] = []
    words: list[str] = []
    used = 0

    def room() -> int:
        return width - len(later if rows else prefix)

    for match in _WORD.finditer(text):
        word = match.group()
        if words and used + 1 + len(word) > room():
            rows.append(" ".join(words))
            words, used = [], 0
        cut = 0
        while len(word) - cut > room():  # indices, not slices of the rest: a huge word stays linear
            rows.append(word[cut : cut + room()])
            cut += len(rows[-1])
        word = word[cut:]
        words.append(word)
        used += len(word) + (1 if used else 0)
    if words:
        rows.append(" ".join(words))
    return [(later if i else prefix) + row for i, row in enumerate(rows)]


def _lines(text: str) -> Iterator[str]:
    """The piece's lines, visible and stripped (a blank line is ``""``); the newline that
    ends the last one opens no line of its own."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        yield _visible(line.replace("\t", " ")).strip()


def _visible(text: str) -> str:
    """``text`` with its control characters escaped, so that it cannot drive a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _styled(row: str, style: str) -> str:
    return f"{style}{row}{_PLAIN}" if style else row


def _summary(result: Result) -> str:
    """The closing rows: the score, what sort of page, the issues and every signal."""
    issues = ", ".join(result.issues) or "none"
    signals = ", ".join(f"{name}={value:.2f}" for name, value in result.signals.items())
    return (
        f"score {result.score:.2f}; page type {result.page_type}; language {result.language}; "
        f"{len(result.removals)} removals; issues: {issues}; signals: {signals}"
    )
