"""Match lines against rule patterns fast: each line runs only the patterns it can trigger."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import attrgetter, or_
from typing import Any, Literal, overload

import ahocorasick
import regex

from .loader import PATTERN_FLAGS, POSITIONS, Position, Rule
from .triggers import (
    DIGIT,
    KEY_LETTERS,
    Triggers,
    first_word,
    fold,
    has_digit,
    pattern_triggers,
    trigger_key,
)

MATCH_TIMEOUT = 1.0
"""Seconds one search may take on one line while cleaning before it counts as no match. Lines
reaching a rule are short (``max_words``) and patterns passed the load check, so this is a
safety net far above any real search: a loaded machine cannot make results vary."""
UNTIMED_MAX_CHARS = 1_000
"""Lines up to this long are searched by the shipped packs' patterns without a timeout. Each
has run within ``PATTERN_TIMEOUT`` on adversarial lines twice to ten times as long (the test
suite checks), and a timeout costs about 3 µs a search in ``regex``, more than most searches
take. A user pack's patterns passed the same check at load, but a check is no proof: they
run with ``MATCH_TIMEOUT`` on every line."""


class RuleSet:
    """Rules ready to match lines. A line runs only the patterns it can trigger (see
    ``triggers``): anchored patterns by the line's first word, others by a word (or a
    digit) every match holds, and the few patterns without either always.

    Patterns are grouped per rule and trigger; each group is one bit of an integer, in
    rule order. A line's candidates are the OR of its triggers' masks, ANDed with the
    groups its position and length allow (looked at first, so that a long line skips the
    triggers no allowed group needs), and the lowest set bit is always the next group
    worth running. Groups compile on first use and are shared by every thread.
    """

    __slots__ = (
        "rules",
        "_groups",
        "_by_first_word",
        "_by_prefix",
        "_token_masks",
        "_automaton",
        "_digit_mask",
        "_always_mask",
        "_token_union",
        "_first_word_masks",
        "_allowed",
        "_compiled",
        "_timed",
    )

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._groups: tuple[_Group, ...] = _groups_of(self.rules)
        self._by_first_word: dict[str, int] = {}
        by_token: dict[str, int] = {}
        self._digit_mask = self._always_mask = 0
        for bit, group in enumerate(self._groups):
            mask = 1 << bit
            for trigger in group.triggers:
                if isinstance(trigger, str):
                    self._by_first_word[trigger] = self._by_first_word.get(trigger, 0) | mask
                elif trigger is None:
                    self._always_mask |= mask
                elif DIGIT in trigger:
                    self._digit_mask |= mask
                for token in trigger if isinstance(trigger, frozenset) else ():
                    if token != DIGIT:
                        by_token[token] = by_token.get(token, 0) | mask
        self._by_prefix = _prefix_masks(self._by_first_word)
        self._token_masks, self._automaton = _token_index(by_token)
        self._token_union = reduce(or_, self._token_masks, 0)
        self._first_word_masks = reduce(or_, self._by_first_word.values(), 0)
        self._allowed = _allowed_masks(self.rules, self._groups)
        self._compiled: dict[int, re.Pattern[str] | regex.Pattern[str]] = {}
        self._timed: dict[int, regex.Pattern[str]] = {}

    def match(self, text: str, words: int, position: Position) -> Rule | None:
        """The first rule (in pack order) whose pattern matches this stripped line, or None."""
        allowed_by_words = self._allowed[position]
        if words >= len(allowed_by_words) or not allowed_by_words[words]:
            return None
        allowed = allowed_by_words[words]
        candidates = self._always_mask
        if allowed & self._first_word_masks:
            word = first_word(text)
            candidates |= self._by_first_word.get(_WHOLE_KEY + word, 0)
            for length in range(min(len(word), KEY_LETTERS), 0, -1):
                found = self._by_prefix.get(word[:length])
                if found is not None:
                    candidates |= found
                    break
        if allowed & self._token_union and self._automaton is not None:
            for _, found in self._automaton.iter(fold(text)):
                candidates |= self._token_masks[found]
        if allowed & self._digit_mask and has_digit(text):
            candidates |= self._digit_mask
        candidates &= allowed
        while candidates:
            lowest = candidates & -candidates
            bit = lowest.bit_length() - 1
            if self._finds(bit, text):
                return self.rules[self._groups[bit].rule]
            candidates ^= lowest
        return None

    def _finds(self, bit: int, text: str) -> bool:
        group = self._groups[bit]
        if group.shipped and len(text) <= UNTIMED_MAX_CHARS:
            fast = self._compiled.get(bit)
            if fast is None:
                fast = self._compiled.setdefault(bit, group.compile(timed=False))
            return (fast.match if group.anchored else fast.search)(text) is not None
        timed = self._timed.get(bit)
        if timed is None:
            timed = self._timed.setdefault(bit, group.compile(timed=True))
        try:
            return (timed.match if group.anchored else timed.search)(text, timeout=MATCH_TIMEOUT) is not None
        except TimeoutError:
            return False


_WHOLE_KEY = "="
"""Prefixes the index key of a trigger word that must be the line's whole first word."""


@dataclass(frozen=True, slots=True)
class _Group:
    """Patterns of one rule that are run together; anchored ones are matched at the start."""

    rule: int
    patterns: tuple[str, ...]
    anchored: bool
    triggers: tuple[Trigger, ...]
    """What makes a line run the group: any of these."""
    portable: bool
    """Every pattern reads the same in stdlib ``re``, which is faster but has no timeout."""
    shipped: bool
    """The patterns are of a shipped rule: short lines may run them without a timeout."""

    @overload
    def compile(self, *, timed: Literal[True]) -> regex.Pattern[str]: ...
    @overload
    def compile(self, *, timed: Literal[False]) -> re.Pattern[str] | regex.Pattern[str]: ...
    def compile(self, *, timed: bool) -> re.Pattern[str] | regex.Pattern[str]:
        """The patterns as one alternation: in ``re`` when portable and no timeout is needed."""
        source = "|".join(f"(?:{p})" for p in self.patterns)
        if self.portable and not timed:
            return re.compile(source, re.IGNORECASE)
        return regex.compile(source, PATTERN_FLAGS)


Trigger = str | frozenset[str] | None
"""The index key of a line's first word, tokens one of which the line holds, or None
(every line)."""


def _groups_of(rules: Sequence[Rule]) -> tuple[_Group, ...]:
    """The rules' patterns grouped by rule, in rule order: patterns that the same triggers
    lead to form one group, and a group that several triggers lead to is compiled once."""
    by_trigger: dict[tuple[int, Trigger, bool], list[str]] = {}
    portable: dict[str, bool] = {}
    for number, rule in enumerate(rules):
        for _, pattern in rule.patterns:
            triggers = pattern_triggers(pattern)
            body = pattern[1:] if triggers.anchored else pattern
            portable[body] = triggers.portable
            places: list[tuple[int, Trigger, bool]]
            if triggers.words and triggers.anchored and triggers.without_letters is None:
                places = [(number, key, True) for key in sorted(_first_word_keys(triggers))]
            else:
                places = [(number, triggers.tokens, triggers.anchored)]
            for place in places:
                patterns = by_trigger.setdefault(place, [])
                if body not in patterns:  # a pattern listed under several languages runs once
                    patterns.append(body)
    by_patterns: dict[tuple[int, bool, tuple[str, ...]], list[Trigger]] = {}
    for (number, trigger, anchored), patterns in by_trigger.items():
        by_patterns.setdefault((number, anchored, tuple(patterns)), []).append(trigger)
    groups = (
        _Group(
            number,
            patterns,
            anchored,
            tuple(triggers),
            all(map(portable.__getitem__, patterns)),
            rules[number].shipped,
        )
        for (number, anchored, patterns), triggers in by_patterns.items()
    )
    return tuple(sorted(groups, key=attrgetter("rule")))


def _first_word_keys(triggers: Triggers) -> set[str]:
    return {_WHOLE_KEY + w if w in triggers.whole else trigger_key(w) for w in triggers.words or ()}


def _allowed_masks(rules: Sequence[Rule], groups: Sequence[_Group]) -> dict[Position, tuple[int, ...]]:
    """Per position, indexed by a line's words: the groups whose rule may match there."""
    allowed = {
        position: [0] * (max((rule.max_words for rule in rules), default=0) + 1) for position in POSITIONS
    }
    for bit, group in enumerate(groups):
        rule = rules[group.rule]
        for position in POSITIONS:
            if rule.allows(position):
                for length in range(rule.max_words + 1):
                    allowed[position][length] |= 1 << bit
    return {position: tuple(masks) for position, masks in allowed.items()}


def _prefix_masks(by_first_word: dict[str, int]) -> dict[str, int]:
    """For every first-letters key and each of its prefixes: the OR of the masks of all keys
    that begin it. The longest prefix of a line's first word found here then gives, in one
    look-up, every group its first letters trigger."""
    keys = [key for key in by_first_word if not key.startswith(_WHOLE_KEY)]
    prefixes = {key[:length] for key in keys for length in range(1, len(key) + 1)}
    return {
        prefix: reduce(or_, (by_first_word.get(prefix[:length], 0) for length in range(1, len(prefix) + 1)))
        for prefix in prefixes
    }


def _token_index(by_token: dict[str, int]) -> tuple[tuple[int, ...], Any]:
    """An Aho-Corasick automaton that finds every token word of a line in one pass; its
    values index the tuple of the masks those words trigger."""
    if not by_token:
        return (), None
    words = sorted(by_token)
    automaton = ahocorasick.Automaton()
    for number, word in enumerate(words):
        automaton.add_word(word, number)
    automaton.make_automaton()
    return tuple(by_token[word] for word in words), automaton
