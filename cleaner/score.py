"""Signals and the cleanliness score.

The score reads as the share of the page that is content: on pages of every kind, a page
scoring 0.6 is, on average, 60% content (issue 15). It is worked out from how much of the
page the cleaned text keeps and how much of that reads as prose, weighed against the page's
whole text: for text input the input itself, for HTML input all the text the page shows
(``Page.visible``), so an extraction that lost the article scores low. The weights and the
monotone mapping that turns their sum into a share (``CONTENT_WEIGHTS``,
``CALIBRATION``) are fitted on the WCXB pages with even ids and ScrapingHub's
(``python -m benchmarks.fit_score``); the odd ids check them (``benchmarks/RESULTS.md``).

Each signal is a named number in [0, 1], shown with the result so a reader can see why a
page scored as it did. The defects of the kept text (mojibake, glued words, a truncated
end, a doubled headline) are signals and issues, not part of the score: they say what is
wrong with the text, not how much of the page it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress
from operator import attrgetter

from ftfy.badness import badness

from .blocks import Block, block_text, block_words
from .marks import Marks
from .packs import catalog
from .parse.features import Features, TextSize, text_size

CONTENT_WEIGHTS: dict[str, float] = {
    "kept_prose_share": 0.676,
    "kept_other_share": 0.268,
    "lost_prose": 0.048,
    "page_prose_share": 0.05,
    "page_short_share": -0.243,
    "too_short": 0.026,
}
CONTENT_INTERCEPT = 0.221
"""The estimate of the page's content share before calibration: a weighted sum of these
signals plus the intercept (least squares against each page's clean share)."""
CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.114, 0.026),
    (0.309, 0.315),
    (0.388, 0.361),
    (0.457, 0.421),
    (0.512, 0.487),
    (0.562, 0.586),
    (0.619, 0.6),
    (0.673, 0.697),
    (0.719, 0.71),
    (0.768, 0.801),
    (0.818, 0.837),
    (0.946, 0.898),
)
"""(estimate, share) knots of the monotone mapping from the estimate to the score, linear
between knots and flat beyond the ends (isotonic regression of the clean share on the
estimate, thinned)."""

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


def signals(
    blocks: Sequence[Block], marks: Marks, kept_text: str, features: Features, page: TextSize | None = None
) -> dict[str, float]:
    """Every named signal of one article; ``page`` is the size of the page's whole text when
    that is not ``blocks`` (HTML input: what the page shows)."""
    total = sum(map(len, map(block_text, blocks))) or 1
    kept_indexes = sorted(set(range(len(blocks))).difference(marks))
    kept = [blocks[i] for i in kept_indexes]
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
        **_content_signals(text_size(blocks, features, kept_indexes), page or text_size(blocks, features)),
        "doubled_headline": float(catalog.DOUBLED_HEADLINE.code in set(map(_CODE, marks.values()))),
        "truncated": float(_truncated(kept)),
        "glued_words": min(1.0, glued / max(sample_words, 1) / GLUED_PER_WORD_FULL),
        "mojibake": min(1.0, _mojibake(sample) / max(len(sample), 1) / MOJIBAKE_PER_CHAR_FULL),
        "too_short": max(0.0, 1.0 - words / SHORT_ARTICLE_WORDS),
    }


def _content_signals(kept: TextSize, page: TextSize) -> dict[str, float]:
    """The kept text against the page's whole text: its prose and its other lines as shares
    of the page, the share of the page's prose it lost, and the page's own make-up."""
    chars = max(page.chars, 1)
    prose = min(kept.prose, page.prose) if page.prose else kept.prose
    return {
        "kept_prose_share": min(1.0, kept.prose / chars),
        "kept_other_share": min(1.0, max(0, kept.chars - kept.prose) / chars),
        "lost_prose": 1.0 - prose / page.prose if page.prose else 0.0,
        "page_prose_share": page.prose / chars,
        "page_short_share": page.short / chars,
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


def content_estimate(values: dict[str, float]) -> float:
    """The weighted sum of the content signals: the page's content share before calibration."""
    return CONTENT_INTERCEPT + sum(weight * values.get(name, 0.0) for name, weight in CONTENT_WEIGHTS.items())


_KNOT_ESTIMATES = tuple(x for x, _ in CALIBRATION)


def calibrated(estimate: float) -> float:
    """``estimate`` through the ``CALIBRATION`` knots: linear between them, flat beyond."""
    at = bisect_right(_KNOT_ESTIMATES, estimate)
    if at == 0:
        return CALIBRATION[0][1]
    if at == len(CALIBRATION):
        return CALIBRATION[-1][1]
    (x0, y0), (x1, y1) = CALIBRATION[at - 1], CALIBRATION[at]
    return y0 + (y1 - y0) * (estimate - x0) / (x1 - x0)


def score(values: dict[str, float]) -> float:
    """The page's content share as the signals estimate it, in [0, 1], rounded for stable
    output."""
    return round(min(1.0, max(0.0, calibrated(content_estimate(values)))), 4)


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
