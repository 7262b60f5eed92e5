"""Per-block measurements that several detectors share, computed once per article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .blocks import Block
from .language import STOPWORDS, guess_language

_TERMINAL = frozenset('.!?:;"\'”’»)]。！？')
_ELLIPSES = ("...", "…")
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
KNOWN_LANGUAGE_MIN_RATIO = 0.05
"""Below this share of function words the article is in a language without a list here."""
UNSPACED_MIN_WORD_CHARS = 12
"""Lines whose words average more characters than this may be in a script without spaces."""


@dataclass(frozen=True, slots=True)
class Features:
    """What detectors read about each block of one article."""

    language: str
    language_known: bool
    """Whether the language's function words were found at all: if not, none are required."""
    lengths: tuple[int, ...]
    """Length in words; for scripts written without spaces, characters / 2."""
    stopword_ratio: tuple[float, ...]
    terminal: tuple[bool, ...]
    """Ends like a finished sentence (and not with an ellipsis)."""
    capital_ratio: tuple[float, ...]
    """Share of words that start with a capital: high in Title Case headlines and menus."""


def measure(blocks: Sequence[Block]) -> Features:
    """Measure every block once; the language is guessed from the whole article."""
    split = [block.text.split() for block in blocks]
    lowered = [[word.lower() for word in words] for words in split]
    language = guess_language(word for words in lowered for word in words)
    stopwords = STOPWORDS[language]
    ratios = tuple(
        sum(1 for word in words if word in stopwords) / len(words) if words else 0.0 for words in lowered
    )
    total_words = sum(len(words) for words in split)
    known = sum(r * len(w) for r, w in zip(ratios, split)) >= KNOWN_LANGUAGE_MIN_RATIO * total_words
    capitals = tuple(
        sum(1 for word in words if word[0].isupper()) / len(words) if words else 0.0 for words in split
    )
    return Features(
        language=language,
        language_known=known,
        lengths=tuple(_length(block.text, len(words)) for block, words in zip(blocks, split)),
        stopword_ratio=ratios,
        terminal=tuple(_is_terminal(block.text) for block in blocks),
        capital_ratio=capitals,
    )


def _length(text: str, words: int) -> int:
    if words * UNSPACED_MIN_WORD_CHARS < len(text):
        return max(words, len(_UNSPACED.findall(text)) // 2)
    return words


def _is_terminal(text: str) -> bool:
    return text[-1] in _TERMINAL and not text.endswith(_ELLIPSES)
