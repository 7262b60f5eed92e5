"""Apply the rule packs: each block is matched once against the rules its position allows."""

from __future__ import annotations

from collections.abc import Sequence

from ..blocks import Block
from ..marks import Mark, Marks, RuleInfo
from ..registry import Position, Rule, RuleSet
from . import catalog
from .body import Body
from .shapes import feed_end


def position_of(index: int, body: Body | None) -> Position:
    """Where a block stands relative to the article body."""
    if body is None or index in body:
        return "body"
    return "head" if index < body.first else "tail"


def apply_rules(blocks: Sequence[Block], body: Body | None, rules: RuleSet) -> Marks:
    """Mark blocks matched by pack rules, and what drop-section/drop-feed rules carry along."""
    marks: Marks = {}
    index = 0
    while index < len(blocks):
        block = blocks[index]
        position = position_of(index, body)
        rule = rules.match(block.text, block.words, position)
        if rule is None:
            index += 1
            continue
        marks[index] = Mark(_info(rule), f"{rule.why}: {_quote(block.text)}", "chrome")
        index += 1
        if rule.action == "drop-section" and position == "tail":
            reason = f"after {_quote(block.text)} ({rule.code}) nothing is article text"
            for follower in range(index, len(blocks)):
                marks.setdefault(follower, Mark(catalog.TAIL_SECTION, reason, "chrome"))
            break
        if rule.action == "drop-feed":
            reason = f"in the feed under {_quote(block.text)} ({rule.code})"
            end = feed_end(blocks, index)
            for follower in range(index, end):
                marks[follower] = Mark(catalog.TEASER_FEED, reason, "chrome")
            index = end
    return marks


def _info(rule: Rule) -> RuleInfo:
    return RuleInfo(rule.code, rule.name, rule.why)


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
