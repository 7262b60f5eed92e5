"""The shipped rule packs: every pattern compiles, stays fast on hostile lines, and the
trigger index never hides a rule from a line its examples show it must match."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.registry import load_rules
from cleaner.triggers import pattern_triggers


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
