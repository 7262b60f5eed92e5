"""Apply the rule packs: each block is matched once against the rules its position allows."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from ..blocks import Block
from ..marks import Mark, Marks
from ..packs.loader import Position, Rule
from ..packs.match import RuleSet
from .body import Body
from .shapes import feed_end

RULE_MARGIN = 5
"""Lines matched against the rules on each side of the body."""
SECTION_MIN_WORDS_BEFORE = 50
"""Words of article a tail marker inside the body run needs before it to end the body."""
SECTION_MAX_WORDS_AFTER = 2.0
"""A section heading drops what follows it only if the body holds at most this many times as
many kept words after it as before it: tags or comments are short next to the article they
follow, while a "Tags" line under a product's name or a "Keywords" line under a paper's
abstract stands inside the text. Kept words are those of body blocks that no other detector
marks, so a second cleaning of the cleaned text, which lacks the rest, counts the same
(counting all lines to the end of the text, as a first try did, kept a section that the second
cleaning, without the chrome after the body, dropped). Chosen on the WCXB pages with even ids,
text mode (F1 flat from 1.5 to 3.0; 5.0 loses products): all 0.791 -> 0.792, products
0.438 -> 0.449, articles 0.908 -> 0.910; odd ids 0.793 -> 0.796 (products 0.448 -> 0.472,
listings 0.540 -> 0.557); ScrapingHub unchanged (0.9273)."""


def position_of(index: int, body: Body | None) -> Position:
    """Where a block stands relative to the article body."""
    if body is None:
        return "body"
    if index < body.first:
        return "head"
    return "body" if index < body.closing else "tail"


class BlockMatcher:
    """The rule packs matched against one article's blocks. Made for one call: each block is
    matched as a body line at most once, whether the body finder or ``apply_rules`` asks
    first; the compiled ``RuleSet`` behind it is shared by every call."""

    __slots__ = ("rules", "blocks", "_as_body")

    def __init__(self, rules: RuleSet, blocks: Sequence[Block]) -> None:
        self.rules = rules
        self.blocks = blocks
        self._as_body: dict[int, Rule | None] = {}

    def match(self, index: int, position: Position) -> Rule | None:
        """The first rule that names block ``index`` chrome at ``position``, or None."""
        if position == "body" and index in self._as_body:
            return self._as_body[index]
        block = self.blocks[index]
        rule = self.rules.match(block.text, block.words, position)
        if position == "body":
            self._as_body[index] = rule
        return rule

    def lines_only(self, line_rules: RuleSet) -> BlockMatcher:
        """A matcher of ``line_rules`` (this one's drop-line rules) over the same blocks, its
        memo seeded from this one's: where the first rule a block matched is a drop-line rule,
        or none matched, the first drop-line rule it matches is the same."""
        other = BlockMatcher(line_rules, self.blocks)
        other._as_body = {
            index: rule for index, rule in self._as_body.items() if rule is None or rule.action == "drop-line"
        }
        return other

    def named_anywhere(self, index: int) -> bool:
        """For ``find_body``: whether a rule that applies anywhere names block ``index`` chrome."""
        rule = self.match(index, "body")
        return rule is not None and rule.where == "anywhere"

    def dropped_anywhere(self, index: int) -> bool:
        """Whether a rule that drops one line wherever it stands drops block ``index``: on any
        page, the cleaned text holds no such line."""
        rule = self.match(index, "body")
        return rule is not None and rule.where == "anywhere" and rule.action == "drop-line"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading a drop-section rule names, and the mark for what follows it."""

    index: int
    mark: Mark


def apply_rules(
    blocks: Sequence[Block], body: Body | None, rules: BlockMatcher
) -> tuple[Marks, list[Section]]:
    """Mark blocks matched by pack rules and what drop-feed rules carry along; list the
    headings drop-section rules name below the body's head, whose sections ``drop_sections``
    judges once the other detectors have marked their blocks.

    Only the body and ``RULE_MARGIN`` lines around it are matched: lines further out are
    chrome whatever rule would name them, and skipping them keeps long pages cheap.
    """
    marks: Marks = {}
    sections: list[Section] = []
    first, last = (0, len(blocks) - 1) if body is None else (body.first, body.last)
    index = max(0, first - RULE_MARGIN)
    stop = min(len(blocks), last + 1 + RULE_MARGIN)
    while index < stop:
        block = blocks[index]
        position = position_of(index, body)
        rule = rules.match(index, position)
        if rule is None or (rule.where == "tail" and not _ends_body(blocks, first, index)):
            index += 1
            continue
        marks[index] = Mark(rule.info, f"{rule.why}: {_quote(block.text)}", "chrome")
        index += 1
        if rule.action == "drop-section" and position != "head":
            reason = f"in the section under {_quote(block.text)}: nothing after it is article text"
            sections.append(Section(index - 1, Mark(rule.info, reason, "chrome")))
            continue
        if rule.action == "drop-feed":
            feed = Mark(rule.info, f"in the feed under {_quote(block.text)}", "chrome")
            end = feed_end(blocks, index)
            for follower in range(index, end):
                marks[follower] = feed
            index = end
    return marks, sections


def drop_sections(
    blocks: Sequence[Block], body: Body | None, sections: Sequence[Section], marks: Marks
) -> Marks:
    """Marks for everything after the first of the ``sections`` that ends the article: one
    whose body words after it, among the blocks no other detector ``marks``, are at most
    ``SECTION_MAX_WORDS_AFTER`` times those before it. Judged from the last heading up, each
    counting only up to the next section that goes, as a second cleaning would see it."""
    if not sections:
        return {}
    first, last = (0, len(blocks) - 1) if body is None else (body.first, body.last)

    def kept_words(start: int, stop: int) -> int:
        return sum(blocks[i].words for i in range(max(start, first), min(stop, last + 1)) if i not in marks)

    ends: Section | None = None
    for section in reversed(sections):
        stop = len(blocks) if ends is None else ends.index
        before = kept_words(first, section.index)
        if kept_words(section.index + 1, stop) <= SECTION_MAX_WORDS_AFTER * before:
            ends = section
    if ends is None:
        return {}
    return dict.fromkeys(range(ends.index + 1, len(blocks)), ends.mark)


def peel_edges(
    blocks: Sequence[Block], body: Body | None, rules: BlockMatcher, dropped: Container[int]
) -> Marks:
    """Marks for the lines at the body's edges that head and tail rules name, once the blocks
    other detectors ``dropped`` are gone: the edges the cleaned text shows (issue 13, D3)."""
    marks: Marks = {}
    if body is not None:
        _peel_edge(blocks, range(body.first, body.last + 1), "head", rules, dropped, marks)
        _peel_edge(blocks, range(body.last, body.first - 1, -1), "tail", rules, dropped, marks)
    return marks


def _peel_edge(
    blocks: Sequence[Block],
    order: range,
    position: Position,
    rules: BlockMatcher,
    dropped: Container[int],
    marks: Marks,
) -> None:
    """Drop the body's outermost lines while head (or tail) rules recognise them: chrome
    that reads like a sentence ("Like this story? Share it with a friend!") joins the run
    of prose, yet still stands at its edge. Lines already dropped are looked past: they are
    gone from the cleaned text, where the lines behind them stand at the edge (issue 13, D3)."""
    for index in order:
        if index in dropped or index in marks:
            continue
        block = blocks[index]
        rule = rules.match(index, position)
        if rule is None or rule.where != position:
            return
        marks[index] = Mark(rule.info, f"{rule.why}: {_quote(block.text)}", "chrome")


def _ends_body(blocks: Sequence[Block], first: int, index: int) -> bool:
    """A tail marker inside the body run ends the body if enough article stands before it."""
    return index > first and sum(b.words for b in blocks[first:index]) >= SECTION_MIN_WORDS_BEFORE


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
