"""Load, validate and compile rule packs (``rules/*.toml``).

A rule is data: code, name, why, action, where, patterns per language, and the examples
it must remove and keep. Every pack is validated at load; a bad one raises
``RulePackError`` naming the file and the rule.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from importlib import resources
from operator import attrgetter, or_
from pathlib import Path
from typing import Any, Literal, overload

import ahocorasick
import regex

from .errors import RulePackError
from .selectors import Selector, parse_selector
from .triggers import (
    DIGIT,
    KEY_LETTERS,
    Triggers,
    first_word,
    has_digit,
    pattern_triggers,
    trigger_key,
)

Action = Literal["drop-line", "drop-section", "drop-feed"]
Where = Literal["anywhere", "head", "tail"]
Position = Literal["head", "body", "tail"]
POSITIONS: tuple[Position, ...] = ("head", "body", "tail")

ACTIONS: tuple[str, ...] = ("drop-line", "drop-section", "drop-feed")
WHERES: tuple[str, ...] = ("anywhere", "head", "tail")
DEFAULT_MAX_WORDS = 30
PATTERN_TIMEOUT = 0.05
"""Seconds a pattern may take on a 10,000-character adversarial line when its pack loads."""
MATCH_TIMEOUT = 1.0
"""Seconds one search may take on one line while cleaning before it counts as no match. Lines
reaching a rule are short (``max_words``) and patterns passed the load check, so this is a
safety net far above any real search: a loaded machine cannot make results vary."""
UNTIMED_MAX_CHARS = 1_000
"""Lines up to this long are searched without a timeout. Every pattern has run within
``PATTERN_TIMEOUT`` on adversarial lines ten times as long, and a timeout costs about 3 µs a
search in ``regex``, more than most searches take."""

_CODE = regex.compile(r"^[A-Z]{2}\d{3}$")
_NAME = regex.compile(r"^[a-z][a-z0-9]*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = regex.compile(r"^[a-z]{2,3}$")
_FLAGS = regex.IGNORECASE | regex.VERSION0
_ADVERSARIAL_LINES: tuple[str, ...] = (
    "a" * 10_000,
    "a" * 5_000 + "!",
    "a " * 2_500 + "!",
    "1" * 5_000 + "x",
    " " * 5_000 + "x",
    " a" * 5_000,
    "1" * 10_000,
    "é:" * 5_000,
    "Share " * 1_700,
)
_FIELDS = {"code", "name", "why", "action", "where", "max_words", "match", "selectors", "removes", "keeps"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One declared rule of a pack."""

    code: str
    name: str
    why: str
    action: Action
    where: Where
    max_words: int
    patterns: tuple[tuple[str, str], ...]
    """(language, pattern) pairs."""
    removes: tuple[str, ...]
    keeps: tuple[str, ...]
    source: str
    selectors: tuple[Selector, ...] = ()
    """DOM selectors (HTML input only); a rule has these or ``patterns``, and its examples
    are then HTML snippets."""

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lang for lang, _ in self.patterns))

    def allows(self, position: Position) -> bool:
        """Whether this rule may fire on a block at this position of the article.

        Tail markers that open a section ("Leave a Reply") are also looked for inside the
        body run, because a comment section of real prose often joins the run; the
        detector then ends the body there.
        """
        if self.where == "tail" and self.action == "drop-section" and position == "body":
            return True
        return self.where == "anywhere" or self.where == position


def default_pack_dir() -> Path:
    """The shipped packs: inside the installed package, else the source tree's ``rules/``."""
    packaged = resources.files("cleaner") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(
    paths: Iterable[Path], *, with_defaults: bool = True, verify_defaults: bool = False
) -> tuple[Rule, ...]:
    """Load and validate packs: the shipped ones (optionally) then ``paths`` (files or dirs).

    Every pack's fields are checked. The patterns of the packs in ``paths`` are also
    compiled and run against long adversarial lines here; the shipped packs' patterns are
    checked the same way by the test suite (``verify_defaults=True``), which spares every
    process the second it takes to compile a thousand patterns it may never run.
    """
    rules: list[Rule] = []
    if with_defaults:
        for file in sorted(default_pack_dir().glob("*.toml")):
            rules.extend(_load_pack(file, verify=verify_defaults))
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            files.append(path)
        else:
            raise RulePackError(f"{path}: no such rule pack")
    for file in files:
        rules.extend(_load_pack(file, verify=True))
    _check_unique(rules)
    return tuple(rules)


def _load_pack(path: Path, *, verify: bool) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read pack: {exc}") from exc
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RulePackError(f"{path}: a pack holds one or more [[rule]] tables")
    return [_parse_rule(path, entry, verify=verify) for entry in entries]


def _parse_rule(path: Path, entry: Any, *, verify: bool) -> Rule:
    code = entry.get("code", "?") if isinstance(entry, dict) else "?"

    def fail(message: str) -> RulePackError:
        return RulePackError(f"{path}: {code}: {message}")

    if not isinstance(entry, dict):
        raise fail("a rule must be a table")
    unknown = set(entry) - _FIELDS
    if unknown:
        raise fail(f"unknown field(s) {sorted(unknown)}")
    if not isinstance(code, str) or not _CODE.match(code):
        raise fail("code must be two capital letters and three digits, e.g. CM101")
    name = _text_field(entry, "name", fail)
    if not _NAME.match(name):
        raise fail(f"name {name!r} must be family.slug in lowercase")
    family = path.stem
    if name.split(".", 1)[0] != family:
        raise fail(f"name {name!r} must start with the pack's family {family!r}")
    action = _choice(entry, "action", ACTIONS, "drop-line", fail)
    where = _choice(entry, "where", WHERES, "anywhere", fail)
    max_words = entry.get("max_words", DEFAULT_MAX_WORDS)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise fail("max_words must be a positive integer")
    selectors = _selectors(entry, fail)
    patterns = () if selectors else _patterns(entry.get("match"), fail, verify=verify)
    removes = _examples(entry, "removes", fail)
    keeps = _examples(entry, "keeps", fail)
    return Rule(
        code=code,
        name=name,
        why=_text_field(entry, "why", fail),
        action=action,  # type: ignore[arg-type]
        where=where,  # type: ignore[arg-type]
        max_words=max_words,
        patterns=patterns,
        removes=removes,
        keeps=keeps,
        source=str(path),
        selectors=selectors,
    )


def _selectors(entry: dict[str, Any], fail: Any) -> tuple[Selector, ...]:
    values = entry.get("selectors")
    if values is None:
        return ()
    if "match" in entry:
        raise fail("a rule has match (lines) or selectors (HTML elements), not both")
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise fail("selectors must be a list of selector strings, e.g. ['.share', 'figcaption']")
    parsed = tuple(map(parse_selector, values))
    for value, selector in zip(values, parsed, strict=True):
        if selector is None:
            raise fail(f"selector {value!r} is not tag, .word, [role=value] or a tag with one of these")
    return tuple(s for s in parsed if s is not None)


def _text_field(entry: dict[str, Any], key: str, fail: Any) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{key} must be a non-empty string")
    return value.strip()


def _choice(entry: dict[str, Any], key: str, allowed: Sequence[str], default: str, fail: Any) -> str:
    value = entry.get(key, default)
    if value not in allowed:
        raise fail(f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _patterns(match: Any, fail: Any, *, verify: bool) -> tuple[tuple[str, str], ...]:
    if not isinstance(match, dict) or not match:
        raise fail("match must map languages to lists of patterns, e.g. match.en = ['...']")
    pairs: list[tuple[str, str]] = []
    for lang, patterns in match.items():
        if not _LANG.match(lang):
            raise fail(f"match.{lang}: language must be an ISO 639 code such as en or de")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise fail(f"match.{lang} must be a list of non-empty pattern strings")
        for pattern in patterns:
            if verify:
                _check_pattern(pattern, f"match.{lang}", fail)
            pairs.append((lang, pattern))
    return tuple(pairs)


def _check_pattern(pattern: str, where: str, fail: Any) -> None:
    try:
        compiled = regex.compile(pattern, _FLAGS)
    except regex.error as exc:
        raise fail(f"{where}: pattern {pattern!r} does not compile: {exc}") from exc
    if compiled.groupindex:
        raise fail(f"{where}: named groups are not allowed in {pattern!r}")
    for line in _ADVERSARIAL_LINES:
        try:
            compiled.search(line, timeout=PATTERN_TIMEOUT)
        except TimeoutError as exc:
            raise fail(f"{where}: pattern {pattern!r} runs past {PATTERN_TIMEOUT}s on a long line") from exc


def _examples(entry: dict[str, Any], key: str, fail: Any) -> tuple[str, ...]:
    values = entry.get(key)
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str) and v.strip() for v in values)
    ):
        raise fail(f"{key} must list at least one example line")
    return tuple(values)


def _check_unique(rules: Sequence[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                raise RulePackError(
                    f"{rule.source}: {rule.code}: {key} is already used in {seen[key].source}"
                )
            seen[key] = rule


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
            for _, found in self._automaton.iter(text.lower()):
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
        if len(text) <= UNTIMED_MAX_CHARS:
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

    @overload
    def compile(self, *, timed: Literal[True]) -> regex.Pattern[str]: ...
    @overload
    def compile(self, *, timed: Literal[False]) -> re.Pattern[str] | regex.Pattern[str]: ...
    def compile(self, *, timed: bool) -> re.Pattern[str] | regex.Pattern[str]:
        """The patterns as one alternation: in ``re`` when portable and no timeout is needed."""
        source = "|".join(f"(?:{p})" for p in self.patterns)
        if self.portable and not timed:
            return re.compile(source, re.IGNORECASE)
        return regex.compile(source, _FLAGS)


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
        _Group(number, patterns, anchored, tuple(triggers), all(map(portable.__getitem__, patterns)))
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
