"""Per-block measurements that several detectors share, computed once per article."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import itemgetter
from typing import Any, NamedTuple

from ..blocks import Block, block_text, block_words, segment
from .language import SAMPLE_CHARS, STOPWORD_TOKENS, Identified, guess_language, identify

_TERMINAL = frozenset(".!?:;\"'”’»)]。！？")
_ELLIPSES = ("...", "…")
_PUNCTUATION = re.compile(r"[,.;:!?()\[\]{}\"“”‘’«»…]")
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Thai, kana and CJK ideographs: scripts written without spaces between words."""
MEASURED_MIN_WORDS = 7
"""Fewer words than this is a label, menu entry or heading, not a paragraph."""
LONG_LINE_WORDS = 25
"""A line without closing punctuation may still be prose from this length on."""
PROSE_LINE_WORDS = 10
"""A line of this many words that closes with punctuation counts as prose in ``TextSize``
(so does one of ``LONG_LINE_WORDS``)."""
SHORT_LINE_WORDS = 5
"""A line of fewer words is a label, a menu entry, a button, in ``TextSize``."""
RATIO_SAMPLE_CHARS = 400
"""Word shares (function words, capitals) are taken from a line's first characters only:
about fifty words estimate a share well, and long paragraphs cost no more than that."""
KNOWN_LANGUAGE_MIN_RATIO = 0.05
"""Below this share of function words the article is in a language without a list here."""
UNSPACED_MIN_WORD_CHARS = 12
"""Lines whose words average more characters than this may be in a script without spaces:
such a line is measured in characters (two to a word) when that gives it more words. A
language menu's "简体中文" on an English page is not; the page's other lines never change
how one line is measured (a share of the whole page's letters once decided it for every
line, and a second cleaning, the menu or a junk line gone, measured the page anew: issue 13,
D3)."""


class Reading(NamedTuple):
    """How a text's lines are measured as prose, decided from the whole text: the language
    whose function words are counted, and whether the text holds enough of them that every
    line must (``Features.language_known``)."""

    prose_language: str
    language_known: bool


@dataclass(frozen=True, slots=True)
class Features:
    """What detectors read about each block of one article."""

    language: str
    """ISO 639-1 code of the language identified, or ``und`` (``language.identify``)."""
    prose_language: str
    """The language whose function words measure prose: the one the sentences name where
    there is a list for it, else the list most frequent among the sampled words."""
    language_lines: tuple[int, ...]
    """The lines whose sentences named ``language`` (none when no sentences did): while they
    are all kept, the kept text names the same one."""
    language_known: bool
    """Whether ``prose_language``'s function words were found at all: if not, none are required."""
    unspaced: tuple[bool, ...]
    """Lines in a script written without spaces (Chinese, Japanese, Thai), measured in
    characters: no function words are asked of them. Judged line by line, so that a line
    reads the same whatever other lines the page holds (issue 13, D3)."""
    lengths: tuple[int, ...]
    """Length in words; for scripts written without spaces, characters / 2."""
    stopword_ratio: tuple[float, ...]
    terminal: tuple[bool, ...]
    """Ends like a finished sentence (and not with an ellipsis)."""
    capital_ratio: tuple[float, ...]
    """Share of words that start with a capital: high in Title Case headlines and menus."""
    function_words: tuple[int, ...]
    """Function words found in each measured line's sample (0 for lines not measured)..."""
    sampled_words: tuple[int, ...]
    """...and the words of that sample."""

    @property
    def reading(self) -> Reading:
        """The reading these features were measured with."""
        return Reading(self.prose_language, self.language_known)

    def known_in(self, kept: Sequence[int]) -> bool:
        """Whether the lines at ``kept`` alone hold enough of ``prose_language``'s function
        words to ask them of every line (``knows_language``)."""
        found = sum(map(self.function_words.__getitem__, kept))
        return knows_language(found, sum(map(self.sampled_words.__getitem__, kept)))

    def only(self, kept: Sequence[int]) -> Features:
        """The features of the blocks at ``kept`` alone, as the text made of them measures,
        except for the language guess, which is kept."""
        function_words = tuple(map(self.function_words.__getitem__, kept))
        sampled_words = tuple(map(self.sampled_words.__getitem__, kept))
        return Features(
            language=self.language,
            prose_language=self.prose_language,
            language_lines=self.language_lines,
            language_known=knows_language(sum(function_words), sum(sampled_words)),
            unspaced=tuple(map(self.unspaced.__getitem__, kept)),
            lengths=tuple(map(self.lengths.__getitem__, kept)),
            stopword_ratio=tuple(map(self.stopword_ratio.__getitem__, kept)),
            terminal=tuple(map(self.terminal.__getitem__, kept)),
            capital_ratio=tuple(map(self.capital_ratio.__getitem__, kept)),
            function_words=function_words,
            sampled_words=sampled_words,
        )


def knows_language(function_words: int, sampled_words: int) -> bool:
    """Function words make up at least ``KNOWN_LANGUAGE_MIN_RATIO`` of the sampled words (of
    the lines written with spaces)."""
    return function_words >= KNOWN_LANGUAGE_MIN_RATIO * sampled_words


def measure(blocks: Sequence[Block], reading: Reading | None = None) -> Features:
    """Measure every block once; the language is identified from the article's sentences
    (from its first lines where they name none), and their function words are counted in the
    identified language's list, or in the one the vote of the lists picks, unless a
    ``reading`` names the list, and whether its words are asked of every line.

    Only lines that may be prose get their word shares measured: ``MEASURED_MIN_WORDS``
    or more words, and a closing punctuation mark or ``LONG_LINE_WORDS`` words. The rest
    are labels, menu entries and link titles to every detector (``measure_line`` judges
    one on demand); on whole-page text that skips most lines. The per-line work runs in
    C-level ``map`` passes over the lines, not in a Python loop.
    """
    texts = list(map(block_text, blocks))
    words = list(map(block_words, blocks))
    lengths = list(map(_length, texts, words))
    unspaced = list(map(int.__gt__, lengths, words))
    candidates = list(compress(range(len(texts)), map(MEASURED_MIN_WORDS.__le__, lengths)))
    ends = list(map(is_terminal, map(texts.__getitem__, candidates)))
    terminal = [False] * len(blocks)
    for index, finished in zip(candidates, ends, strict=True):
        terminal[index] = finished
    measured = _measured(lengths, terminal, candidates)
    heads = [texts[i][:RATIO_SAMPLE_CHARS] for i in measured]
    bare = list(map(str.split, map(str.lower, heads)))
    prose_sample, prose_lines = _sample(heads)
    identified = identify(prose_sample, _sample(texts)[0])
    language = identified.code
    prose_language = reading.prose_language if reading else _prose_language(identified, bare)
    spaced = [not unspaced[index] for index in measured]
    found, sizes = _function_words(bare, spaced, prose_language)
    capitals = list(map(_capitals, heads))
    return Features(
        language=language,
        prose_language=prose_language,
        language_lines=tuple(measured[:prose_lines]) if identified.by_sentences else (),
        language_known=reading.language_known if reading else knows_language(sum(found), sum(sizes)),
        unspaced=tuple(unspaced),
        lengths=tuple(lengths),
        stopword_ratio=_spread(len(blocks), measured, map(_share, found, sizes)),
        terminal=tuple(terminal),
        capital_ratio=_spread(len(blocks), measured, map(_share, capitals, sizes)),
        function_words=_spread(len(blocks), measured, found),
        sampled_words=_spread(len(blocks), measured, sizes),
    )


def _function_words(
    bare: Sequence[list[str]], spaced: Sequence[bool], language: str
) -> tuple[list[int], list[int]]:
    """Per sampled line (lowercased and split): its words in ``language``'s function-word
    list, and its words; both 0 for a line in a script without spaces."""
    is_stopword = STOPWORD_TOKENS[language].__contains__
    found = [
        sum(map(is_stopword, line)) if is_spaced else 0 for line, is_spaced in zip(bare, spaced, strict=True)
    ]
    sizes = [len(line) if is_spaced else 0 for line, is_spaced in zip(bare, spaced, strict=True)]
    return found, sizes


def kept_reading(blocks: Sequence[Block], features: Features, gone: Container[int]) -> Reading:
    """The ``Reading`` that measuring the blocks not ``gone`` alone would take: a cleaned
    text can read otherwise than its page once chrome is gone, in another language, or with
    too few function words left to ask them of every line, and a second cleaning would then
    measure prose otherwise (issue 13, D3)."""
    language = kept_prose_language(blocks, features, gone)
    kept = [index for index in range(len(blocks)) if index not in gone]
    if language == features.prose_language:
        return Reading(language, features.known_in(kept))
    measured = _measured(features.lengths, features.terminal, kept)
    bare = [blocks[index].text[:RATIO_SAMPLE_CHARS].lower().split() for index in measured]
    spaced = [not features.unspaced[index] for index in measured]
    counted, words = _function_words(bare, spaced, language)
    return Reading(language, knows_language(sum(counted), sum(words)))


def kept_prose_language(blocks: Sequence[Block], features: Features, gone: Container[int]) -> str:
    """The ``prose_language`` that measuring the blocks not ``gone`` alone would find: the
    language of a cleaned text can differ from its page's once chrome in another language
    is gone, and a second cleaning would then measure prose with another list (issue 13).
    While every line that named the language is kept, it is the page's."""
    lines = features.language_lines
    if lines and features.prose_language == features.language and not any(map(gone.__contains__, lines)):
        return features.prose_language
    kept = [index for index in range(len(blocks)) if index not in gone]
    heads = [
        blocks[index].text[:RATIO_SAMPLE_CHARS]
        for index in _measured(features.lengths, features.terminal, kept)
    ]
    identified = identify(_sample(heads)[0], _sample(blocks[index].text for index in kept)[0])
    return _prose_language(identified, map(str.split, map(str.lower, heads)))


def _measured(lengths: Sequence[int], terminal: Sequence[bool], indexes: Iterable[int]) -> list[int]:
    """Of the lines at ``indexes``, those that may be prose: ``MEASURED_MIN_WORDS`` or more
    words, and a closing punctuation mark or ``LONG_LINE_WORDS`` words."""
    return [
        index
        for index in indexes
        if lengths[index] >= LONG_LINE_WORDS or (terminal[index] and lengths[index] >= MEASURED_MIN_WORDS)
    ]


def _prose_language(identified: Identified, bare: Iterable[list[str]]) -> str:
    """The ``identified`` language where the text's sentences named it and there is a
    function-word list for it, else the list most frequent among the words of ``bare`` (the sampled lines,
    lowercased and split). A language only the text's other lines name (its menus, a dateline)
    does not choose the list: where the sentences name none, which lines a cleaning keeps
    would decide it (issue 13, D3: a dateline named a page of unnamed sentences Portuguese)."""
    if identified.by_sentences and identified.code in STOPWORD_TOKENS:
        return identified.code
    return guess_language(chain.from_iterable(bare))


def _sample(lines: Iterable[str]) -> tuple[str, int]:
    """The first lines, joined, up to about ``SAMPLE_CHARS`` characters, and how many."""
    taken: list[str] = []
    size = 0
    for line in lines:
        if size >= SAMPLE_CHARS:
            break
        taken.append(line)
        size += len(line) + 1
    return "\n".join(taken), len(taken)


def _spread(size: int, at: Sequence[int], values: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple of ``size`` zeros with ``values`` placed at the indexes ``at``."""
    spread: list[Any] = [0] * size
    for index, value in zip(at, values, strict=True):
        spread[index] = value
    return tuple(spread)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def measure_line(text: str, language: str) -> tuple[bool, float, float]:
    """(terminal, capital ratio, function-word ratio) of one line, for lines too short for
    ``measure`` that a detector still wants to judge."""
    words = text.lower().split()
    stopwords = STOPWORD_TOKENS[language]
    ratio = sum(1 for word in words if word in stopwords) / len(words) if words else 0.0
    return is_terminal(text), _capital_ratio(text), ratio


def _capitals(text: str) -> int:
    """How many of the line's words start with a capital."""
    return sum(map(str.isupper, map(itemgetter(0), text.split())))


def _capital_ratio(text: str) -> float:
    words = len(text.split())
    return _capitals(text) / words if words else 0.0


def is_terminal(text: str) -> bool:
    """Whether a line ends as a sentence does (not with an ellipsis)."""
    return text[-1] in _TERMINAL and not text.endswith(_ELLIPSES)


def words_of(text: str) -> list[str]:
    """Lowercased words without the punctuation around them."""
    return _PUNCTUATION.sub(" ", text.lower()).split()


def _length(text: str, words: int) -> int:
    """A line's length in words, or in characters of a script without spaces (two to a
    word) where that is more (``UNSPACED_MIN_WORD_CHARS``)."""
    if words * UNSPACED_MIN_WORD_CHARS < len(text):
        return max(words, len(_UNSPACED.findall(text)) // 2)
    return words


@dataclass(frozen=True, slots=True)
class TextSize:
    """How much text some lines hold, in characters: all of it, what reads as prose
    (``PROSE_LINE_WORDS`` words closed by punctuation, or ``LONG_LINE_WORDS``), and what
    stands in short lines (under ``SHORT_LINE_WORDS`` words). The score compares what is
    kept with the page's whole text by these."""

    chars: int
    prose: int
    short: int


def text_size(blocks: Sequence[Block], features: Features, indexes: Iterable[int] | None = None) -> TextSize:
    """The ``TextSize`` of the blocks at ``indexes`` (all blocks when None)."""
    chosen = range(len(blocks)) if indexes is None else indexes
    return _size((len(blocks[i].text), features.lengths[i], features.terminal[i]) for i in chosen)


def size_of(text: str) -> TextSize:
    """The ``TextSize`` of a whole text, measuring only what it needs (no language, no
    function words): an HTML page's visible text costs little beside its extraction."""
    lines = [(len(b.text), _length(b.text, b.words), b.text) for b in segment(text)]
    return _size(
        (size, length, length >= PROSE_LINE_WORDS and is_terminal(line)) for size, length, line in lines
    )


def _size(lines: Iterable[tuple[int, int, bool]]) -> TextSize:
    """The ``TextSize`` of lines given as (characters, length in words, closes a sentence)."""
    chars = prose = short = 0
    for size, words, terminal in lines:
        chars += size
        if words >= LONG_LINE_WORDS or (words >= PROSE_LINE_WORDS and terminal):
            prose += size
        elif words < SHORT_LINE_WORDS:
            short += size
    return TextSize(chars, prose, short)
