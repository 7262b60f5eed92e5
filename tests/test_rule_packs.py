"""The shipped rule packs: every pattern compiles, stays fast on hostile lines, and the
trigger index never hides a rule from a line its examples show it must match."""

from __future__ import annotations

import pytest
import regex

from cleaner import Cleaner
from cleaner.registry import Position, Rule, RuleSet, load_rules
from cleaner.triggers import pattern_triggers

from .conftest import SEEDS


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
    rules = cleaner.pack_rules
    index = RuleSet(rules)
    flags = regex.IGNORECASE | regex.VERSION0
    compiled = [(r, regex.compile("|".join(f"(?:{p})" for _, p in r.patterns), flags)) for r in rules]
    for line in _lines_to_check(cleaner):
        words = len(line.split())
        expected = _brute_force(compiled, line, words, position)
        assert index.match(line, words, position) == expected, line
