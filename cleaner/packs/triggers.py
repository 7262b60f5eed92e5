"""Trigger words: which rules can match a line at all, read from the line's first word.

Almost every rule pattern is anchored at the start of the line (``^``). After that anchor a
match can only skip characters that are not letters before its first letter, so the first
letter of the match starts the line's first word, and that word must begin with one of the
literal words the pattern can start with ("credit" in ``^\\W*(?:image )?credits?:``, and
"image"). Reading those words out of the parsed pattern gives an index from the first
letters of a line to the few rules worth running on it, which keeps a thousand patterns
cheap. A pattern whose start cannot be read that way (unanchored, or starting with a
letter class) is run on every line: the index only ever skips rules that cannot match.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

KEY_LETTERS = 3
REQUIRED_MIN_LETTERS = 3
"""Shorter words are too common in lines to tell anything."""
SYMBOL_CLASS_MAX = 6
"""A class of at most this many marks (``[»›]``) counts as a required token."""
DIGIT = "0"
"""The token that stands for "a digit" among required tokens."""
"""Rules are indexed by the first letters of their trigger words (fewer for shorter words)."""

_UNDOTTED = str.maketrans({"\u0130": "i"})
"""Dotted capital İ, which ``str.lower`` makes two characters (i and a combining dot), is
an i to ``re`` matching case-insensitively."""
_ONE_CASE = str.maketrans(
    {
        "\u0131": "i",  # dotless ı
        "\u017f": "s",  # long ſ
        "\u00b5": "\u03bc",  # micro sign µ, mu
        "\u0345": "\u03b9",  # ypogegrammeni, iota
        "\u1fbe": "\u03b9",  # prosgegrammeni, iota
        "\u1fd3": "\u0390",
        "\u1fe3": "\u03b0",
        "\u03d0": "\u03b2",  # beta symbol
        "\u03f5": "\u03b5",  # lunate epsilon
        "\u03d1": "\u03b8",  # theta symbol
        "\u03f0": "\u03ba",  # kappa symbol
        "\u03d6": "\u03c0",  # pi symbol
        "\u03f1": "\u03c1",  # rho symbol
        "\u03c2": "\u03c3",  # final sigma
        "\u03d5": "\u03c6",  # phi symbol
        "\u1e9b": "\u1e61",  # long s with dot above
        "\ufb05": "\ufb06",  # ligatures ſt, st
    }
)
"""Lowercase letters ``re`` takes for one another when it ignores case (CPython's
``_sre`` equivalences): "DEVAMINI" matches ``devamını`` but lowercases to "devamini"."""

_WHOLE = " "
"""Marks a trigger word that must be the whole first word (no letter run holds a space)."""
_REGEX_ONLY_CLASS = re.compile(r"\\[pP]\{[^}]*\}")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_LETTER_FREE_CATEGORIES = {sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

End = str | None
"""How a piece of pattern can be passed without meeting a letter: None (it cannot),
"digit" (only by consuming a digit) or "free"."""
Start = tuple[frozenset[str], End]
"""The words a piece of pattern can start with, and how it can be passed without a letter."""


@dataclass(frozen=True, slots=True)
class Triggers:
    """What a pattern needs of a line before it is worth running there."""

    words: frozenset[str] | None
    """Words one of which starts every match that holds a letter, or None if unreadable."""
    anchored: bool
    """The pattern starts with ``^``: its words start the line's first word."""
    without_letters: End
    """How a match can get by without any of ``words``: never (None), only by holding a
    digit ("digit"), or otherwise ("free")."""
    whole: frozenset[str] = frozenset()
    """Those of ``words`` the pattern ends with a non-letter ("we " in ``^we value``): the
    line's first word must be one of them exactly, not only start with it."""
    tokens: frozenset[str] | None = None
    """Tokens one of which every match holds: lowercased words of ``REQUIRED_MIN_LETTERS``
    or more letters, marks such as "©" or "#", or ``DIGIT`` for a digit; None if none."""
    portable: bool = False
    """Stdlib ``re`` reads the pattern as ``regex`` does: it uses none of the syntax only
    ``regex`` has, such as ``\\p{L}``. ``re`` runs such patterns about twice as fast."""


@cache
def pattern_triggers(pattern: str) -> Triggers:
    """Read from the parsed pattern (parsed once) what a line needs for it to match. Kept per
    pattern for the process: a cleaner's rule set and its drop-line subset share patterns,
    and parsing two thousand of them is most of what building a cleaner costs."""
    anchored = pattern.startswith("^")
    readable = _REGEX_ONLY_CLASS.sub(r"\\w", pattern)
    try:
        parsed = list(sre_parse.parse(readable))
    except (re.error, RecursionError, OverflowError):
        return Triggers(None, anchored, "free")
    tokens = _needs(parsed)
    portable = readable == pattern
    anchored = bool(parsed) and parsed[0] == (sre.AT, sre.AT_BEGINNING)
    start = _sequence(parsed[1:] if anchored else parsed)
    if start is None:
        return Triggers(None, anchored, "free", tokens=tokens, portable=portable)
    words = frozenset(word.rstrip(_WHOLE) for word in start[0])
    whole = frozenset(word[:-1] for word in start[0] if word.endswith(_WHOLE))
    return Triggers(words, anchored, start[1], whole, tokens, portable)


def pattern_literals(pattern: str) -> frozenset[str]:
    """The runs of literal characters the pattern names, lowercased, wherever they stand: in
    groups, branches, repeats and look-arounds, and the single characters of its classes
    ("x" and "y" in ``(x+x+)+y``). For a pattern ``re`` cannot parse, the letter runs of its
    source."""
    try:
        parsed = sre_parse.parse(_REGEX_ONLY_CLASS.sub(r"\\w", pattern))
    except (re.error, RecursionError, OverflowError):
        return frozenset(fold(word) for word in _LETTERS.findall(pattern))
    runs: set[str] = set()
    _collect_literals(parsed, runs)
    return frozenset(runs)


def _collect_literals(items: Any, runs: set[str]) -> None:
    """Add to ``runs`` the literal runs of a parsed sequence and of every sequence inside it."""
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(fold(chr(arg)))
            continue
        if run:
            runs.add("".join(run))
            run = []
        if op is sre.IN:
            runs.update(fold(chr(value)) for kind, value in arg if kind is sre.LITERAL)
        else:
            for inner in _sequences_in(arg):
                _collect_literals(inner, runs)
    if run:
        runs.add("".join(run))


def _sequences_in(arg: Any) -> Iterator[Any]:
    """The parsed sequences an item's argument holds (a group's body, a branch's
    alternatives, a repeat's body, a look-around's), however deep in tuples and lists."""
    if isinstance(arg, sre_parse.SubPattern):
        yield arg
    elif isinstance(arg, (tuple, list)):
        for part in arg:
            yield from _sequences_in(part)


def has_digit(text: str) -> bool:
    """Whether the line holds a digit."""
    return _DIGIT.search(text) is not None


def _needs(items: list[Any]) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    index = 0
    while index < len(items):
        op, arg = items[index]
        if op is sre.LITERAL and chr(arg).isalpha():
            word = _literal_word(items[index:])
            index += len(word)
            found = frozenset({word}) if len(word) >= REQUIRED_MIN_LETTERS else None
        else:
            found = _item_needs(op, arg)
            index += 1
        if found is not None and (best is None or _selectivity(found) > _selectivity(best)):
            best = found
    return best


def _item_needs(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return _symbol(chr(arg))
    if op is sre.IN:
        if _digits_only(arg):
            return frozenset({DIGIT})
        if len(arg) <= SYMBOL_CLASS_MAX and all(o is sre.LITERAL for o, _ in arg):
            symbols = [_symbol(chr(a)) for _, a in arg]
            return None if any(s is None for s in symbols) else frozenset().union(*symbols)  # type: ignore[arg-type]
        return None
    if op in _REPEATS:
        return _needs(list(arg[2])) if arg[0] >= 1 else None
    if op is sre.SUBPATTERN:
        return _needs(list(arg[-1]))
    if op is sre.BRANCH:
        found = [_needs(list(branch)) for branch in arg[1]]
        if any(f is None for f in found):
            return None
        return frozenset().union(*(f for f in found if f is not None))
    return None


def _symbol(char: str) -> frozenset[str] | None:
    """A digit, or a mark that is neither a letter nor white space ("©", "#", "»"), as a token."""
    if char.isdigit():
        return frozenset({DIGIT})
    if char.isalpha() or char.isspace():
        return None
    return frozenset({char})


def _selectivity(tokens: frozenset[str]) -> tuple[bool, bool, int]:
    """Words say more than marks, which say more than a digit; fewer tokens more than many.
    Marks such as ":" stand in many lines that hold none of a pattern's words."""
    return DIGIT not in tokens, all(len(token) > 1 for token in tokens), -len(tokens)


_FOLDED = re.compile("[\u0130\u03a3" + "".join(map(chr, _ONE_CASE)) + "]")
"""The characters ``fold`` does more for than lowercase: those it makes one, İ, and capital
Σ (which lowercases to final ς at a word's end). Most lines hold none."""


def fold(text: str) -> str:
    """``text`` as the index compares it: lowercased, with the letters that ``re`` matching
    case-insensitively takes for one another made one (dotless ı and i, final ς and σ)."""
    if text.isascii() or _FOLDED.search(text) is None:
        return text.lower()
    return text.translate(_UNDOTTED).lower().translate(_ONE_CASE)


def trigger_key(trigger: str) -> str:
    """The index key a trigger word is stored under."""
    return trigger[:KEY_LETTERS]


def first_word(text: str) -> str:
    """The line's first run of letters, folded ("" when it has none)."""
    found = _LETTERS.search(text)
    return fold(found.group()) if found else ""


def _sequence(items: list[Any]) -> Start | None:
    words: set[str] = set()
    end: End = "free"
    for index, (op, arg) in enumerate(items):
        if op is sre.LITERAL and chr(arg).isalpha():
            word = _literal_word(items[index:])
            if _ends_word(items[index + len(word) : index + len(word) + 1]):
                word += _WHOLE
            return frozenset(words | {word}), None
        start = _item(op, arg)
        if start is None:
            # Past a digit every match holds one, so the rest need not be read.
            return (frozenset(words), "digit") if end == "digit" else None
        words |= start[0]
        if start[1] is None:
            return frozenset(words), None
        if start[1] == "digit":
            end = "digit"
    return frozenset(words), end


def _item(op: Any, arg: Any) -> Start | None:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset(), "free"
    if op is sre.LITERAL:  # not a letter: _sequence handles letters
        return frozenset(), "digit" if chr(arg).isdigit() else "free"
    if op is sre.IN:
        if not _letter_free(arg):
            return None
        return frozenset(), "digit" if _digits_only(arg) else "free"
    if op in _REPEATS:
        low, _high, sub = arg
        start = _sequence(list(sub))
        if start is None:
            return None
        return start[0], "free" if low == 0 else start[1]
    if op is sre.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is sre.BRANCH:
        starts = [_sequence(list(branch)) for branch in arg[1]]
        if any(s is None for s in starts):
            return None
        ends = {s[1] for s in starts if s}
        end: End = "free" if "free" in ends else "digit" if "digit" in ends else None
        return frozenset().union(*(s[0] for s in starts if s)), end
    return None


def _ends_word(following: list[Any]) -> bool:
    """Whether the item after a literal word is a mark that no letter can match."""
    if not following:
        return False
    op, arg = following[0]
    if op is sre.LITERAL:
        return not chr(arg).isalpha()
    if op is sre.IN:
        return _letter_free(arg)
    return op is sre.AT and arg in (sre.AT_END, sre.AT_END_STRING, sre.AT_BOUNDARY)


def _digits_only(members: list[Any]) -> bool:
    return all(
        (op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT)
        or (op is sre.LITERAL and chr(arg).isdigit())
        or (op is sre.RANGE and chr(arg[0]).isdigit() and chr(arg[1]).isdigit())
        for op, arg in members
    )


def _letter_free(members: list[Any]) -> bool:
    for op, arg in members:
        if op is sre.NEGATE:
            return False
        if op is sre.LITERAL and chr(arg).isalpha():
            return False
        if op is sre.RANGE and any(chr(c).isalpha() for c in range(arg[0], min(arg[1], 0x24F) + 1)):
            return False
        if op is sre.CATEGORY and arg not in _LETTER_FREE_CATEGORIES:
            return False
    return True


def _literal_word(items: list[Any]) -> str:
    letters = []
    for op, arg in items:
        if op is not sre.LITERAL or not chr(arg).isalpha():
            break
        letters.append(chr(arg))
    return fold("".join(letters))
