"""Signals and the cleanliness score.

The score says how clean the article was as given: 1 when nothing needed removing and the
text it keeps has no defects. Each signal is a named number in [0, 1]; the score subtracts
them with the weights below, so a reader can see exactly why an article scored as it did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress
from operator import attrgetter

from ftfy.badness import badness

from .blocks import Block, block_text, block_words
from .marks import Marks
from .packs import catalog

WEIGHTS: dict[str, float] = {
    "chrome_share": 1.0,
    "repeat_share": 0.8,
    "doubled_headline": 0.05,
    "truncated": 0.15,
    "glued_words": 0.3,
    "mojibake": 0.4,
    "too_short": 0.3,
}
"""How much each signal takes off the score. Shares weigh most: they are what was wrong."""

SHORT_ARTICLE_WORDS = 120
"""An article keeping fewer words than this scores ``too_short`` in proportion."""
GLUED_PER_WORD_FULL = 0.02
"""Two glued words in a hundred make ``glued_words`` 1."""
MOJIBAKE_PER_CHAR_FULL = 0.002
"""Two mojibake sequences in a thousand characters make ``mojibake`` 1."""
TRUNCATED_MIN_WORDS = 8
SIGNAL_SAMPLE_CHARS = 4_000
"""Rates of defects (glued words, mojibake) are measured on at most this much kept text."""

_MOJIBAKE_PAIR = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
"""UTF-8 read as Latin-1 or cp1252: a lead byte (Â..ô) then a continuation byte (0x80-0xBF
as that charset shows it). Only text with such a pair is handed to ftfy's measure."""
_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
_GLUED_SHAPES = (
    re.compile(rf"[{_UPPER}](?<=[{_LOWER}]{{2}}[{_UPPER}])[{_LOWER}]"),  # PresidentConcedes
    re.compile(  # 60years
        r"\d(?<!\w\d)\d+(?!(?:st|nd|rd|th|s|am|pm|km|kg|mb|gb|cm|mm|px)\b)" rf"[{_LOWER}]{{3}}"
    ),
    re.compile(rf"[.,;:!?](?<=[{_LOWER}]{{2}}[.,;:!?])[{_UPPER}][{_LOWER}]{{2}}"),  # predecessor.The
)
"""Words a scraper glued together, each shape counted where its boundary is. Latin letters
only, and each pattern starts with a character class so that stdlib ``re`` skips ahead to
the few places worth trying."""


def signals(blocks: Sequence[Block], marks: Marks, kept_text: str) -> dict[str, float]:
    """Every named signal of one article."""
    total = sum(map(len, map(block_text, blocks))) or 1
    kept = [blocks[i] for i in sorted(set(range(len(blocks))).difference(marks))]
    repeated = compress(marks.keys(), map("repeat".__eq__, map(_KIND, marks.values())))
    repeat = sum(map(len, map(block_text, map(blocks.__getitem__, repeated))))
    chrome = total - sum(map(len, map(block_text, kept))) - repeat
    words = sum(map(block_words, kept))
    sample = kept_text[:SIGNAL_SAMPLE_CHARS]
    glued = sum(len(shape.findall(sample)) for shape in _GLUED_SHAPES)
    sample_words = len(sample.split()) if len(kept_text) > SIGNAL_SAMPLE_CHARS else words
    return {
        "chrome_share": chrome / total,
        "repeat_share": repeat / total,
        "doubled_headline": float(catalog.DOUBLED_HEADLINE.code in set(map(_CODE, marks.values()))),
        "truncated": float(_truncated(kept)),
        "glued_words": min(1.0, glued / max(sample_words, 1) / GLUED_PER_WORD_FULL),
        "mojibake": min(1.0, _mojibake(sample) / max(len(sample), 1) / MOJIBAKE_PER_CHAR_FULL),
        "too_short": max(0.0, 1.0 - words / SHORT_ARTICLE_WORDS),
    }


_KIND = attrgetter("kind")
_CODE = attrgetter("rule.code")


def _mojibake(text: str) -> int:
    """Mojibake sequences (ftfy's badness) plus replacement characters from decoding."""
    found = text.count("\ufffd")
    if _MOJIBAKE_PAIR.search(text):
        found += badness(text)
    return found


def _truncated(kept: Sequence[Block]) -> bool:
    if not kept:
        return False
    last = kept[-1]
    return last.words >= TRUNCATED_MIN_WORDS and (
        last.text.endswith(("…", "...")) or last.text[-1].isalnum() or last.text[-1] == ","
    )


def score(values: dict[str, float]) -> float:
    """1 minus the weighted signals, kept within [0, 1] and rounded for stable output."""
    penalty = sum(weight * values.get(name, 0.0) for name, weight in WEIGHTS.items())
    return round(min(1.0, max(0.0, 1.0 - penalty)), 4)


ISSUE_LABELS: dict[str, str] = {
    "chrome_share": "page-chrome",
    "repeat_share": "repeated-content",
    "doubled_headline": "doubled-headline",
    "truncated": "truncated",
    "glued_words": "glued-words",
    "mojibake": "mojibake",
    "too_short": "too-short",
}


def issues(values: dict[str, float]) -> tuple[str, ...]:
    """The human labels of every signal that is above zero."""
    return tuple(label for name, label in ISSUE_LABELS.items() if values.get(name, 0.0) > 0)
