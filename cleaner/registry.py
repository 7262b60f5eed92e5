"""Load, validate and compile rule packs (``rules/*.toml``).

A rule is data: code, name, why, action, where, patterns per language, and the examples
it must remove and keep. Every pack is validated at load; a bad one raises
``RulePackError`` naming the file and the rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import regex

from .errors import RulePackError
from .triggers import DIGIT, first_word, has_digit, keys, pattern_triggers, required_tokens, trigger_key

Action = Literal["drop-line", "drop-section", "drop-feed"]
Where = Literal["anywhere", "head", "tail"]
Position = Literal["head", "body", "tail"]

ACTIONS: tuple[str, ...] = ("drop-line", "drop-section", "drop-feed")
WHERES: tuple[str, ...] = ("anywhere", "head", "tail")
DEFAULT_MAX_WORDS = 30
PATTERN_TIMEOUT = 0.05
"""Seconds a pattern may take on a 10,000-character adversarial line when its pack loads."""
MATCH_TIMEOUT = 1.0
"""Seconds one search may take on one line while cleaning before it counts as no match. Lines
reaching a rule are short (``max_words``) and patterns passed the load check, so this is a
safety net far above any real search: a loaded machine cannot make results vary."""

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
_FIELDS = {"code", "name", "why", "action", "where", "max_words", "match", "removes", "keeps"}


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
    patterns = _patterns(entry.get("match"), fail, verify=verify)
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
    )


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
    digit) every match holds, and the few patterns without either always. Patterns are
    compiled on first use, grouped per rule, and shared by every thread."""

    __slots__ = ("rules", "_by_first_word", "_by_token", "_by_digit", "_tokens", "_always", "_compiled")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        by_first_word: dict[str, dict[int, list[str]]] = {}
        by_tokens: dict[tuple[int, frozenset[str], bool], list[str]] = {}
        always: dict[tuple[int, bool], list[str]] = {}
        for number, rule in enumerate(self.rules):
            for _, pattern in rule.patterns:
                found = pattern_triggers(pattern)
                body = pattern[1:] if found.anchored else pattern
                if found.words and found.anchored and found.without_letters is None:
                    for key in {trigger_key(word) for word in found.words}:
                        by_first_word.setdefault(key, {}).setdefault(number, []).append(body)
                    continue
                tokens = required_tokens(pattern)
                if tokens is None:
                    always.setdefault((number, found.anchored), []).append(body)
                else:
                    by_tokens.setdefault((number, tokens, found.anchored), []).append(body)
        self._by_first_word: dict[str, tuple[_Group, ...]] = {
            key: tuple(_Group(n, tuple(p), anchored=True) for n, p in sorted(groups.items()))
            for key, groups in by_first_word.items()
        }
        self._by_token, self._by_digit, self._tokens = _token_index(by_tokens)
        self._always = tuple(_Group(n, tuple(p), anchored=a) for (n, a), p in sorted(always.items()))
        self._compiled: dict[_Group, regex.Pattern[str]] = {}

    def match(self, text: str, words: int, position: Position) -> Rule | None:
        """The first rule (in pack order) whose pattern matches this stripped line, or None."""
        groups = set(self._always)
        for key in keys(first_word(text)):
            groups.update(self._by_first_word.get(key, ()))
        if self._tokens is not None:
            for _, found in self._tokens.iter(text.lower()):
                groups.update(self._by_token[found])
        if self._by_digit and has_digit(text):
            groups.update(self._by_digit)
        for group in sorted(groups, key=_BY_RULE):
            rule = self.rules[group.rule]
            if words <= rule.max_words and rule.allows(position) and self._finds(group, text):
                return rule
        return None

    def _finds(self, group: _Group, text: str) -> bool:
        compiled = self._compiled.get(group)
        if compiled is None:
            compiled = self._compiled.setdefault(group, group.compile())
        try:
            if group.anchored:
                return compiled.match(text, timeout=MATCH_TIMEOUT) is not None
            return compiled.search(text, timeout=MATCH_TIMEOUT) is not None
        except TimeoutError:
            return False


@dataclass(frozen=True, slots=True, eq=False)
class _Group:
    """Patterns of one rule that are run together; anchored ones are matched at the start.
    Compared by identity: each group is built once, and sets of them hash fast."""

    rule: int
    patterns: tuple[str, ...]
    anchored: bool

    def compile(self) -> regex.Pattern[str]:
        return regex.compile("|".join(f"(?:{p})" for p in self.patterns), _FLAGS)


_BY_RULE = attrgetter("rule")


def _token_index(
    by_tokens: dict[tuple[int, frozenset[str], bool], list[str]],
) -> tuple[tuple[frozenset[_Group], ...], tuple[_Group, ...], Any]:
    """Groups by the tokens that trigger them: an Aho-Corasick automaton finds every token
    word in a line in one pass (its values index the first tuple); the second tuple holds
    the groups a digit triggers."""
    by_word: dict[str, set[_Group]] = {}
    by_digit: list[_Group] = []
    for (number, tokens, anchored), patterns in sorted(by_tokens.items(), key=lambda item: item[0][0]):
        group = _Group(number, tuple(patterns), anchored=anchored)
        for token in tokens:
            if token == DIGIT:
                by_digit.append(group)
            else:
                by_word.setdefault(token, set()).add(group)
    if not by_word:
        return (), tuple(by_digit), None
    automaton = ahocorasick.Automaton()
    for number, word in enumerate(sorted(by_word)):
        automaton.add_word(word, number)
    automaton.make_automaton()
    return tuple(frozenset(by_word[word]) for word in sorted(by_word)), tuple(by_digit), automaton
