"""Load and validate rule packs (``rules/*.toml``).

A rule is data: code, name, why, action, where, patterns per language, and the examples
it must remove and keep. Every pack is validated at load; a bad one raises
``RulePackError`` naming the file and the rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, Literal

import regex

from ..errors import RulePackError
from ..marks import RuleInfo
from ..parse.selectors import Selector, parse_selector
from .triggers import pattern_literals

Action = Literal["drop-line", "drop-section", "drop-feed"]
Where = Literal["anywhere", "head", "tail"]
Position = Literal["head", "body", "tail"]
POSITIONS: tuple[Position, ...] = ("head", "body", "tail")

ACTIONS: tuple[str, ...] = ("drop-line", "drop-section", "drop-feed")
WHERES: tuple[str, ...] = ("anywhere", "head", "tail")
DEFAULT_MAX_WORDS = 30
PATTERN_TIMEOUT = 0.05
"""Seconds a pattern may take on each adversarial line when its pack loads."""
LITERAL_PROBE_CHARS = 2_000
"""Length of the adversarial lines built from a pattern's own literals: twice the longest line
a shipped pattern runs on without a timeout (``match.UNTIMED_MAX_CHARS``). Nested repeats over
the pattern's characters (``(x+x+)+y``) run past ``PATTERN_TIMEOUT`` long before this; a
search quadratic in the line still passes (a shipped newsletter pattern takes 11 ms on 2,000
"&"), as it would not on the 10,000-character lines below."""
PROBE_TAIL = "\x00"
"""Ends the second line of each literal: a character no pattern names, so that a pattern
needing something else after the repeats fails only once it has tried every way to split them."""

_CODE = regex.compile(r"^[A-Z]{2}\d{3}$")
_NAME = regex.compile(r"^[a-z][a-z0-9]*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = regex.compile(r"^[a-z]{2,3}$")
PATTERN_FLAGS = regex.IGNORECASE | regex.VERSION0
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
    shipped: bool = False
    """The rule is of a pack shipped with cleaner, whose patterns the test suite runs against
    every adversarial line (``verify_defaults``): they may run without a timeout on lines of
    ordinary length. A user pack's patterns always run with one."""

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def info(self) -> RuleInfo:
        """The rule's identity, as marks and listings carry it."""
        return RuleInfo(self.code, self.name, self.why)

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
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(
    paths: Iterable[Path], *, with_defaults: bool = True, verify_defaults: bool = False
) -> tuple[Rule, ...]:
    """Load and validate packs: the shipped ones (optionally) then ``paths`` (files or dirs).

    Every pack's fields are checked. The patterns of the packs in ``paths`` are also
    compiled and run against adversarial lines here (long generic ones, and ones built from
    each pattern's own literals); the shipped packs' patterns are checked the same way by the
    test suite (``verify_defaults=True``), which spares every process the seconds it takes to
    compile a thousand patterns it may never run.
    """
    rules: list[Rule] = []
    if with_defaults:
        for file in sorted(default_pack_dir().glob("*.toml")):
            rules.extend(_load_pack(file, verify=verify_defaults, shipped=True))
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


def _load_pack(path: Path, *, verify: bool, shipped: bool = False) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read pack: {exc}") from exc
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RulePackError(f"{path}: a pack holds one or more [[rule]] tables")
    return [_parse_rule(path, entry, verify=verify, shipped=shipped) for entry in entries]


def _parse_rule(path: Path, entry: Any, *, verify: bool, shipped: bool) -> Rule:
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
        shipped=shipped,
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
        compiled = regex.compile(pattern, PATTERN_FLAGS)
    except regex.error as exc:
        raise fail(f"{where}: pattern {pattern!r} does not compile: {exc}") from exc
    if compiled.groupindex:
        raise fail(f"{where}: named groups are not allowed in {pattern!r}")
    for line in chain(_ADVERSARIAL_LINES, _literal_probes(pattern)):
        try:
            compiled.search(line, timeout=PATTERN_TIMEOUT)
        except TimeoutError as exc:
            raise fail(
                f"{where}: pattern {pattern!r} runs past {PATTERN_TIMEOUT}s on a line of "
                f"{len(line):,} characters starting {line[:12]!r}"
            ) from exc


def _literal_probes(pattern: str) -> Iterator[str]:
    """Adversarial lines made of the pattern's own literals: each literal character and each
    literal run (alone and followed by a space) repeated to ``LITERAL_PROBE_CHARS``, with and
    without ``PROBE_TAIL``. A pattern that backtracks badly does so on what it matches."""
    runs = pattern_literals(pattern)
    units = {char for run in runs for char in run} | runs | {run + " " for run in runs if len(run) > 1}
    for unit in sorted(units):
        line = unit * (LITERAL_PROBE_CHARS // len(unit))
        yield line
        yield line + PROBE_TAIL


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
