"""Every example of every rule pack is a test: each ``removes`` line, put in a real article
where its rule looks, is removed with the rule's code; each ``keeps`` line, put in the
article as a paragraph, survives byte for byte. The article itself always survives."""

from __future__ import annotations

from typing import Any

import pytest

from cleaner import Cleaner, Result
from cleaner.registry import Rule
from cleaner.testing import Slot, assert_removes, slots_for

from .conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

RULES: tuple[Rule, ...] = Cleaner().pack_rules


def article_with(line: str, slot: Slot) -> str:
    """The article with ``line`` on its own: after the headline, between paragraphs 2 and 3,
    or after the last paragraph."""
    blocks = [LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS]
    position = {"head": 1, "between": 3, "tail": len(blocks)}[slot]
    blocks.insert(position, line)
    return "\n\n".join(blocks) + "\n"


def assert_article_kept(result: Result) -> None:
    for block in (LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS):
        assert block in result.text, f"article text lost: {block!r}\n{result.explain()}"


def _cases(kind: str) -> list[Any]:
    """One pytest parameter per example of ``kind`` (removes or keeps), named CODE-kind-N."""
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
        for rule in RULES
        for index, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize(("rule", "example"), _cases("removes"))
def test_a_removes_example_is_removed_with_its_rules_code(cleaner: Cleaner, rule: Rule, example: str) -> None:
    result = cleaner.clean(article_with(example, slots_for(rule)[0]))
    assert_removes(result, example, code=rule.code)
    assert_article_kept(result)


@pytest.mark.parametrize(("rule", "example"), _cases("keeps"))
def test_a_keeps_example_survives_byte_for_byte(cleaner: Cleaner, rule: Rule, example: str) -> None:
    result = cleaner.clean(article_with(example, "between"))
    assert f"\n{example}\n" in result.text, f"{rule.code} keeps example lost\n{result.explain()}"
    assert_article_kept(result)


def test_every_rule_has_examples_of_both_kinds() -> None:
    assert RULES
    for rule in RULES:
        assert rule.removes and rule.keeps, rule.code


def test_the_article_alone_loses_nothing(cleaner: Cleaner) -> None:
    result = cleaner.clean("\n\n".join((LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS)) + "\n")
    assert result.removals == (), result.explain()
