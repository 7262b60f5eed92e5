"""Simple cleaning baselines to compare the library against."""

from __future__ import annotations

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
