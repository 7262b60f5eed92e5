"""Per-block measurements that several detectors share, computed once per article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .blocks import Block
from .language import STOPWORDS, guess_language

_TERMINAL = frozenset('.!?:;"\'”’»)]')
_ELLIPSES = ("...", "…")
_WORD = regex.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Features:
    """What detectors read about each block of one article."""

    language: str
    stopword_ratio: tuple[float, ...]
    terminal: tuple[bool, ...]
    """Ends like a finished sentence (and not with an ellipsis)."""


def measure(blocks: Sequence[Block]) -> Features:
    """Measure every block once; the language is guessed from the whole article."""
    lowered = [block.text.lower().split() for block in blocks]
    language = guess_language(word for words in lowered for word in words)
    stopwords = STOPWORDS[language]
    ratios = tuple(
        sum(1 for word in words if word in stopwords) / len(words) if words else 0.0 for words in lowered
    )
    return Features(
        language=language,
        stopword_ratio=ratios,
        terminal=tuple(_is_terminal(block.text) for block in blocks),
    )


def _is_terminal(text: str) -> bool:
    return text[-1] in _TERMINAL and not text.endswith(_ELLIPSES)
