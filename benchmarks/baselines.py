"""Simple cleaning baselines to compare the library against."""

from __future__ import annotations

import re

TERMINAL_PUNCTUATION = (
    ".",
    "!",
    "?",
    '"',
    "'",
    "\u201d",
    "\u2019",
    "\u2026",
    "\u00bb",
    "\u3002",
    "\uff01",
    "\uff1f",
    "\uff0e",
)
BANNED_SUBSTRINGS = ("javascript", "cookie")
MIN_WORDS = 3


def c4_filter(text: str) -> str:
    """C4-style line filter: keep sentence-like lines, drop script/cookie notices."""
    return "\n".join(line for line in text.splitlines() if _keep_c4_line(line.strip()))


def _keep_c4_line(line: str) -> bool:
    """True if ``line`` ends in terminal punctuation, has enough words, no banned words."""
    if not line.endswith(TERMINAL_PUNCTUATION) or len(line.split()) < MIN_WORDS:
        return False
    lowered = line.lower()
    return not any(banned in lowered for banned in BANNED_SUBSTRINGS)


C4_PAPER_END_MARKS = (".", "!", "?", '"', "\u201d")
C4_PAPER_MIN_WORDS = 5
C4_PAPER_BANNED = (
    "javascript",
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
_CITATION_RE = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)


def c4_paper_filter(text: str) -> str:
    """The C4 line filter of Raffel et al. 2020 (section 2.2), as WCXB's data README states it.

    Each line loses its citation markers (``[1]``, ``[edit]``, ``[citation needed]``)
    and surrounding spaces; it is kept if it ends in . ! ? " or \u201d, has at least 5
    words and contains none of the banned phrases (case-insensitive).
    """
    lines = (_CITATION_RE.sub("", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if _keep_c4_paper_line(line))


def _keep_c4_paper_line(line: str) -> bool:
    """True if ``line`` ends like a sentence, has 5+ words and no banned phrase."""
    if not line.endswith(C4_PAPER_END_MARKS) or len(line.split()) < C4_PAPER_MIN_WORDS:
        return False
    lowered = line.lower()
    return not any(banned in lowered for banned in C4_PAPER_BANNED)
