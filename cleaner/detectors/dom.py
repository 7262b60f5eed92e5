"""DOM hints: blocks of the extracted text that lie inside a container a selector rule
picked (a share bar, a related-posts box, a figure caption) are that rule's chrome, and
blocks that are a link alone are teasers of other pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import ahocorasick

from ..blocks import Block, normal
from ..marks import Mark, Marks
from ..packs import catalog

if TYPE_CHECKING:
    from ..parse.html import Container


def selected_blocks(blocks: Sequence[Block], containers: Sequence[Container]) -> Marks:
    """Mark every block whose text stands inside a selected container (the first one that
    holds it, in document order). One Aho-Corasick pass over each container's text finds
    every block text in it, so a page costs its text's length, not blocks x containers."""
    if not containers:
        return {}
    texts = [normal(block.text) for block in blocks]
    holder = _first_holders({text for text in texts if text}, containers)
    holder[""] = 0  # an empty text (a list mark alone) stands in any container
    marks: Marks = {}
    found: dict[int, Mark] = {}  # one mark per container, shared by its blocks
    for block, text in zip(blocks, texts, strict=True):
        position = holder.get(text)
        if position is None:
            continue
        if position not in found:
            container = containers[position]
            rule = container.rule
            reason = f"{rule.why}: inside {container.element}"
            found[position] = Mark(rule, reason, "chrome")
        marks[block.number] = found[position]
    return marks


def _first_holders(texts: set[str], containers: Sequence[Container]) -> dict[str, int]:
    """For each of ``texts`` found in a container's text, the position of the first such container."""
    if not texts:
        return {}
    automaton = ahocorasick.Automaton()
    for text in texts:
        automaton.add_word(text, text)
    automaton.make_automaton()
    holders: dict[str, int] = {}
    for position, container in enumerate(containers):
        for _, text in automaton.iter(container.text):
            holders.setdefault(text, position)
    return holders


_TEASER = Mark(catalog.LINK_TEASER, "nothing but a link to another page", "chrome")


def link_teasers(blocks: Sequence[Block], links: frozenset[str]) -> Marks:
    """Mark blocks whose text is that of a link standing alone in the page."""
    if not links:
        return {}
    return {block.number: _TEASER for block in blocks if normal(block.text) in links}
