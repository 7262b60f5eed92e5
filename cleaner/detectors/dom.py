"""DOM hints: blocks of the extracted text that lie inside a container a selector rule
picked (a share bar, a related-posts box, a figure caption) are that rule's chrome, and
blocks that are a link alone are teasers of other pages."""

from __future__ import annotations

from collections.abc import Sequence

from ..blocks import Block
from ..html import Container, normal
from ..marks import Mark, Marks, RuleInfo
from . import catalog


def selected_blocks(blocks: Sequence[Block], containers: Sequence[Container]) -> Marks:
    """Mark every block whose text stands inside a selected container (the first one that
    holds it, in document order)."""
    marks: Marks = {}
    if not containers:
        return marks
    for block in blocks:
        text = normal(block.text)
        for container in containers:
            if text in container.text:
                rule = container.rule
                reason = f"{rule.why}: inside {container.element}"
                marks[block.number] = Mark(RuleInfo(rule.code, rule.name, rule.why), reason, "chrome")
                break
    return marks


_TEASER = Mark(catalog.LINK_TEASER, "nothing but a link to another page", "chrome")


def link_teasers(blocks: Sequence[Block], links: frozenset[str]) -> Marks:
    """Mark blocks whose text is that of a link standing alone in the page."""
    if not links:
        return {}
    return {block.number: _TEASER for block in blocks if normal(block.text) in links}
