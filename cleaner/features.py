"""Per-block measurements that several detectors share, computed once per article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import regex

from .blocks import Block
from .language import STOPWORDS, guess_language

_TERMINAL = frozenset('.!?:;"\'”’»)]。！？')
_ELLIPSES = ("...", "…")
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys(',.;:!?()[]{}"“”‘’«»…', " "))
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
    bare = [block.text.lower().translate(_PUNCTUATION_TO_SPACE).split() for block in blocks]
    language = guess_language(chain.from_iterable(bare))
    is_stopword = STOPWORDS[language].__contains__
    stopword_counts = [sum(map(is_stopword, words)) for words in bare]
    total_words = sum(map(len, split))
    unspaced = any(_UNSPACED.search(block.text) for block in blocks[:: max(1, len(blocks) // 50)])
    return Features(
        language=language,
        language_known=sum(stopword_counts) >= KNOWN_LANGUAGE_MIN_RATIO * total_words,
        lengths=tuple(_length(b.text, len(w)) if unspaced else len(w) for b, w in zip(blocks, split)),
        stopword_ratio=tuple(n / len(w) if w else 0.0 for n, w in zip(stopword_counts, split)),
        terminal=tuple(_is_terminal(block.text) for block in blocks),
        capital_ratio=tuple(
            sum(map(str.isupper, map(itemgetter(0), w))) / len(w) if w else 0.0 for w in split
        ),
    )


def _length(text: str, words: int) -> int:
    if words * UNSPACED_MIN_WORD_CHARS < len(text):
        return max(words, len(_UNSPACED.findall(text)) // 2)
    return words


def _is_terminal(text: str) -> bool:
    return text[-1] in _TERMINAL and not text.endswith(_ELLIPSES)
