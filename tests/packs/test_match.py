"""The shipped rule packs: every pattern compiles, stays fast on hostile lines, and the
trigger index never hides a rule from a line its examples show it must match."""

from __future__ import annotations

from functools import lru_cache

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.batch.deadline import time_limit
from cleaner.packs.loader import POSITIONS, Position, Rule, load_rules
from cleaner.packs.match import MATCH_TIMEOUT, UNTIMED_MAX_CHARS, RuleSet
from cleaner.packs.triggers import pattern_triggers
from cleaner.testing import chrome_lines, sentences

from ..conftest import SEEDS


def test_every_shipped_pattern_compiles_and_passes_the_adversarial_lines() -> None:
    rules = load_rules([], verify_defaults=True)
    assert len(rules) >= 60


def test_every_family_covers_the_major_web_languages(cleaner: Cleaner) -> None:
    families: dict[str, set[str]] = {}
    for rule in cleaner.pack_rules:
        families.setdefault(rule.family, set()).update(rule.languages)
    for family, languages in families.items():
        assert {"en", "de", "fr", "es", "it", "pt", "nl"} <= languages, family


@pytest.mark.parametrize(
    ("pattern", "words", "anchored"),
    [
        (r"^\W*(?:(?:image )?credits?|photo)\s*:", {"image", "credit", "photo"}, True),
        (r"^leave a (reply|comment)\W*$", {"leave"}, True),
        (r"^(?:\d+\s+)?comments?\W*$", {"comment"}, True),
        (r"credits?:", {"credit"}, False),
        (r"^\p{Lu}\w+ says:$", None, True),
    ],
)
def test_trigger_words_are_read_from_the_pattern(
    pattern: str, words: set[str] | None, anchored: bool
) -> None:
    found = pattern_triggers(pattern)
    assert found.anchored is anchored
    assert (None if found.words is None else set(found.words)) == words


def test_a_pattern_that_can_match_without_letters_is_not_left_to_its_words() -> None:
    found = pattern_triggers(r"^\W*(?:today|\d{1,2}/\d{1,2}/\d{4})\W*$")
    assert found.without_letters == "digit"
    assert pattern_triggers(r"^\W*(?:today|[|/-]+)\W*$").without_letters == "free"


def _brute_force(
    compiled: list[tuple[Rule, regex.Pattern[str]]], text: str, words: int, position: Position
) -> Rule | None:
    for rule, pattern in compiled:
        if words <= rule.max_words and rule.allows(position) and pattern.search(text):
            return rule
    return None


def _lines_to_check(cleaner: Cleaner) -> list[str]:
    lines = [e for rule in cleaner.pack_rules for e in (*rule.removes, *rule.keeps)]
    for seed in sorted(SEEDS.glob("*.txt")):
        lines.extend(line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


@pytest.mark.parametrize("position", ["head", "body", "tail"])
def test_the_trigger_index_gives_the_verdicts_of_running_every_pattern(
    cleaner: Cleaner, position: Position
) -> None:
    rules = [rule for rule in cleaner.pack_rules if rule.patterns]  # selector rules match no lines
    index = RuleSet(rules)
    flags = regex.IGNORECASE | regex.VERSION0
    compiled = [(r, regex.compile("|".join(f"(?:{p})" for _, p in r.patterns), flags)) for r in rules]
    for line in _lines_to_check(cleaner):
        words = len(line.split())
        expected = _brute_force(compiled, line, words, position)
        assert index.match(line, words, position) == expected, line


@lru_cache(maxsize=1)
def _shipped() -> tuple[RuleSet, list[tuple[Rule, regex.Pattern[str]]]]:
    """The shipped rules as the index runs them, and each rule's patterns as one regex."""
    rules = [rule for rule in load_rules([]) if rule.patterns]
    flags = regex.IGNORECASE | regex.VERSION0
    compiled = [(r, regex.compile("|".join(f"(?:{p})" for _, p in r.patterns), flags)) for r in rules]
    return RuleSet(rules), compiled


def _lengthen_first_word(line_and_ending: tuple[str, str]) -> str:
    line, ending = line_and_ending
    return regex.sub(r"^(\W*\w+)", lambda found: found.group(1) + ending, line, count=1)


_AFFIX = st.text(st.sampled_from("aeé Ss1:|-.»'’\t"), max_size=4)
_GENERATED_LINES = st.one_of(
    st.tuples(_AFFIX, chrome_lines(), _AFFIX).map("".join),
    chrome_lines().map(str.upper),
    chrome_lines().map(lambda line: line.split(" ", 1)[-1]),
    st.tuples(chrome_lines(), st.sampled_from(["s", "es", "ing", "'s"])).map(_lengthen_first_word),
    sentences(),
    st.text(max_size=40),
).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(line=_GENERATED_LINES, position=st.sampled_from(POSITIONS))
def test_the_trigger_index_agrees_with_every_pattern_on_generated_lines(
    line: str, position: Position
) -> None:
    """Chrome lines with marks, letters and digits glued to either end, upper-cased, cut
    after their first word or with it lengthened, besides sentences and arbitrary text:
    whole-word triggers, merged groups and patterns run on stdlib ``re`` keep the verdicts."""
    index, compiled = _shipped()
    words = len(line.split())
    assert index.match(line, words, position) == _brute_force(compiled, line, words, position)


def _rule(pattern: str, *, shipped: bool = False) -> Rule:
    return Rule(
        code="XX101",
        name="test.long-line",
        why="A rule for lines of any length",
        action="drop-line",
        where="anywhere",
        max_words=5,
        patterns=(("en", pattern),),
        removes=("see x",),
        keeps=("x",),
        source="test",
        shipped=shipped,
    )


@pytest.mark.parametrize("pattern", [r"^see\s+[a-z]+$", r"^see\s+\p{L}+$"], ids=["portable", "regex-only"])
@pytest.mark.parametrize("length", [UNTIMED_MAX_CHARS - 10, UNTIMED_MAX_CHARS + 10])
@pytest.mark.parametrize("shipped", [True, False], ids=["shipped", "user"])
def test_lines_past_the_untimed_length_still_match(pattern: str, length: int, shipped: bool) -> None:
    """A shipped rule runs short lines without a timeout (on stdlib ``re`` when the pattern
    allows), longer ones on ``regex`` with one; a user rule runs every line with one: all
    find the same match."""
    index = RuleSet([_rule(pattern, shipped=shipped)])
    line = "see " + "a" * (length - 4)
    assert index.match(line, 2, "body") is not None
    assert index.match(line + "!", 2, "body") is None


def test_a_user_pattern_runs_with_a_timeout_on_a_short_line_too() -> None:
    """``(x+x+)+y`` backtracks for hours in stdlib ``re`` on a line of 40 "x" (issue 13, D4).
    Should a pattern like it pass the load check, a user rule still runs on ``regex`` with
    ``MATCH_TIMEOUT``, whatever the line's length: cleaning ends."""
    index = RuleSet([_rule("(x+x+)+y")])
    with time_limit(5 * MATCH_TIMEOUT):  # a hang fails the test (TimeLimitError)
        assert index.match("x" * 40, 1, "body") is None


@pytest.mark.parametrize("line", ["DEVAMINI OKU", "Haberİn devamı", "HABERİN DEVAMI", "ΣΧΌΛΙΑ", "σχόλιας"])
def test_letters_that_re_takes_for_one_another_reach_the_same_rules(line: str) -> None:
    """Dotless ı is i to ``re`` ignoring case, dotted İ lowercases to two characters, final
    ς is σ: the index folds them as ``re`` matches them."""
    index, compiled = _shipped()
    words = len(line.split())
    for position in POSITIONS:
        assert index.match(line, words, position) == _brute_force(compiled, line, words, position)
