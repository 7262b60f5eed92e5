"""Per-block measurements that several detectors share, computed once per article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from .blocks import Block
from .language import STOPWORD_TOKENS, guess_language

_TERMINAL = frozenset(".!?:;\"'”’»)]。！？")
_ELLIPSES = ("...", "…")
_PUNCTUATION = re.compile(r"[,.;:!?()\[\]{}\"“”‘’«»…]")
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Thai, kana and CJK ideographs: scripts written without spaces between words."""
MEASURED_MIN_WORDS = 7
"""Fewer words than this is a label, menu entry or heading, not a paragraph."""
LONG_LINE_WORDS = 25
"""A line without closing punctuation may still be prose from this length on."""
UNSPACED_SAMPLE_LINES = 50
RATIO_SAMPLE_CHARS = 400
"""Word shares (function words, capitals) are taken from a line's first characters only:
about fifty words estimate a share well, and long paragraphs cost no more than that."""
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
    """Measure every block once; the language is guessed from the article's sentences.

    Only lines that may be prose get their word shares measured: ``MEASURED_MIN_WORDS``
    or more words, and a closing punctuation mark or ``LONG_LINE_WORDS`` words. The rest
    are labels, menu entries and link titles to every detector (``measure_line`` judges
    one on demand); on whole-page text that skips most lines.
    """
    sample = blocks[:: max(1, len(blocks) // UNSPACED_SAMPLE_LINES)]
    unspaced = any(_UNSPACED.search(block.text) for block in sample)
    if unspaced:
        lengths = [_length(block.text, block.words) for block in blocks]
    else:
        lengths = [block.words for block in blocks]
    terminal = [False] * len(blocks)
    measured = []
    for index, length in enumerate(lengths):
        if length >= MEASURED_MIN_WORDS:
            terminal[index] = ends = _is_terminal(blocks[index].text)
            if ends or length >= LONG_LINE_WORDS:
                measured.append(index)
    heads = [blocks[i].text[:RATIO_SAMPLE_CHARS] for i in measured]
    bare = [head.lower().split() for head in heads]
    language = guess_language(chain.from_iterable(bare))
    is_stopword = STOPWORD_TOKENS[language].__contains__
    stopwords = [0.0] * len(blocks)
    capitals = [0.0] * len(blocks)
    found = total = 0
    for index, head, words in zip(measured, heads, bare, strict=True):
        count = sum(map(is_stopword, words))
        found += count
        total += len(words)
        stopwords[index] = count / len(words) if words else 0.0
        capitals[index] = _capital_ratio(head)
    return Features(
        language=language,
        language_known=not unspaced and found >= KNOWN_LANGUAGE_MIN_RATIO * total,
        lengths=tuple(lengths),
        stopword_ratio=tuple(stopwords),
        terminal=tuple(terminal),
        capital_ratio=tuple(capitals),
    )


def measure_line(text: str, language: str) -> tuple[bool, float, float]:
    """(terminal, capital ratio, function-word ratio) of one line, for lines too short for
    ``measure`` that a detector still wants to judge."""
    words = text.lower().split()
    stopwords = STOPWORD_TOKENS[language]
    ratio = sum(1 for word in words if word in stopwords) / len(words) if words else 0.0
    return _is_terminal(text), _capital_ratio(text), ratio


def _capital_ratio(text: str) -> float:
    split = text.split()
    return sum(map(str.isupper, map(itemgetter(0), split))) / len(split) if split else 0.0


def _is_terminal(text: str) -> bool:
    return text[-1] in _TERMINAL and not text.endswith(_ELLIPSES)


def words_of(text: str) -> list[str]:
    """Lowercased words without the punctuation around them."""
    return _PUNCTUATION.sub(" ", text.lower()).split()


def _length(text: str, words: int) -> int:
    if words * UNSPACED_MIN_WORD_CHARS < len(text):
        return max(words, len(_UNSPACED.findall(text)) // 2)
    return words
