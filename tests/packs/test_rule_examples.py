"""Every example of every rule pack is a test: each ``removes`` line, put in a real article
where its rule looks, is removed with the rule's code; each ``keeps`` line, put in the
article as a paragraph, survives byte for byte. The article itself always survives.

Selector rules' examples are HTML snippets, put in an article page between paragraphs:
a ``removes`` snippet is picked by its rule and none of its text is kept; a ``keeps``
snippet is picked by no rule and its text is kept."""

from __future__ import annotations

from typing import Any

import pytest

from cleaner import Cleaner, Config, Result
from cleaner.blocks import normal
from cleaner.packs.loader import Rule
from cleaner.parse.html import read_page
from cleaner.parse.selectors import SelectorIndex
from cleaner.testing import Slot, assert_removes, slots_for

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

RULES: tuple[Rule, ...] = Cleaner().pack_rules
TEXT_RULES = tuple(rule for rule in RULES if rule.patterns)
DOM_RULES = tuple(rule for rule in RULES if rule.selectors)
HTML_CLEANER = Cleaner(Config(format="html"))


def article_with(line: str, slot: Slot) -> str:
    """The article with ``line`` on its own: after the headline, between paragraphs 2 and 3,
    or after the last paragraph."""
    blocks = [LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS]
    position = {"head": 1, "between": 3, "tail": len(blocks)}[slot]
    blocks.insert(position, line)
    return "\n\n".join(blocks) + "\n"


def assert_article_kept(result: Result) -> None:
    """Every paragraph is kept, and the headline: in the text, or as the page's title."""
    for block in LIBRARY_PARAGRAPHS:
        assert block in result.text, f"article text lost: {block!r}\n{result.explain()}"
    headline = result.metadata.get("title") if result.format == "html" else result.text
    assert LIBRARY_HEADLINE in (headline or ""), f"headline lost\n{result.explain()}"


def page_with(snippet: str) -> str:
    """The article as an HTML page, with ``snippet`` between paragraphs 2 and 3."""
    paragraphs = [f"<p>{p}</p>" for p in LIBRARY_PARAGRAPHS]
    paragraphs.insert(2, snippet)
    body = "\n".join(paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{LIBRARY_HEADLINE}</title></head><body>"
        f"<article><h1>{LIBRARY_HEADLINE}</h1>\n{body}\n</article></body></html>"
    )


def picked_by(snippet: str) -> set[str]:
    """Codes of the selector rules that pick an element holding the snippet's text."""
    page = read_page(page_with(snippet), 10**6, SelectorIndex((r, r.selectors) for r in DOM_RULES))
    text = normal(_snippet_text(snippet))
    return {c.rule.code for c in page.containers if text in c.text or c.text in text}


def _snippet_text(snippet: str) -> str:
    from lxml import html

    return str(html.fragment_fromstring(snippet, create_parent="div").text_content())


def _cases(kind: str, rules: tuple[Rule, ...] = TEXT_RULES) -> list[Any]:
    """One pytest parameter per example of ``kind`` (removes or keeps), named CODE-kind-N."""
    return [
        pytest.param(rule, example, id=f"{rule.code}-{kind}-{index}")
        for rule in rules
        for index, example in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize(("rule", "snippet"), _cases("removes", DOM_RULES))
def test_a_removes_snippet_is_picked_by_its_rule_and_none_of_it_kept(rule: Rule, snippet: str) -> None:
    assert rule.code in picked_by(snippet)
    result = HTML_CLEANER.clean(page_with(snippet))
    for line in _snippet_text(snippet).split("  "):
        assert normal(line) not in normal(result.text) or not line.strip(), result.explain()
    assert_article_kept(result)


@pytest.mark.parametrize(("rule", "snippet"), _cases("keeps", DOM_RULES))
def test_a_keeps_snippet_is_picked_by_no_rule_and_kept(rule: Rule, snippet: str) -> None:
    assert picked_by(snippet) == set()
    result = HTML_CLEANER.clean(page_with(snippet))
    assert normal(_snippet_text(snippet)) in normal(result.text), result.explain()
    assert_article_kept(result)


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
    assert DOM_RULES and TEXT_RULES


def test_the_article_alone_loses_nothing(cleaner: Cleaner) -> None:
    result = cleaner.clean("\n\n".join((LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS)) + "\n")
    assert result.removals == (), result.explain()
