"""Structure detectors: the headline printed twice, teaser feeds without a heading, and the
chrome before and after the article body."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence

from ..blocks import Block
from ..marks import Mark, Marks
from ..packs import catalog
from ..parse.features import is_terminal
from .body import Body
from .shapes import (
    ends_cut_short,
    is_comment_header,
    is_date_line,
    is_heading_like,
    is_teaser_like,
    is_thread_marker,
)

HEADLINE_SEARCH_BLOCKS = 10
"""HTML input: a copy of the page's title stands among the first blocks of the main text."""
TITLE_MAX_DISTANCE = 8
"""The first line is the article's title only when the body starts this close to it."""
HEADLINE_MIN_WORDS = 4
"""A teased line is taken for the headline only with this many words (not a byline or label)."""
GLUED_TAIL_MAX_WORDS = 8
"""Words a caption or credit glued after a repeated headline may have."""
THREAD_MIN_COMMENTS = 3
"""Commenter-and-timestamp headers a run needs before it counts as a comment thread."""
THREAD_MIN_WORDS_BEFORE = 50
"""Words of article that must stand before a comment thread inside the body."""
THREAD_LINE_MIN_WORDS = 10
"""In a forum thread, a line of fewer words that does not end a sentence is the thread's
furniture (a poster's name, a date, the title of a linked thread), not a post: posts are
sentences. The thread's marker lines stay, the evidence a second cleaning needs to see a
thread again. Chosen on the WCXB pages with even ids (flat from 8 to 15): text-mode F1 on
forum pages 0.645 -> 0.672 (all pages 0.784 -> 0.786); odd ids 0.655 -> 0.683 (0.786 ->
0.788)."""
FEED_MIN_ITEMS = 2
"""Cut-short teasers or date lines a run needs before it counts as a feed."""
FEED_MIN_BLOCKS = 4

TITLE_OVERLAP = 0.6
"""Share of the longer one's words a heading must share with the page's title to be the
headline in other words ("Hunter in Beijing diagnosed..." over "Hunter diagnosed...")."""
TITLE_REWORDED_BLOCKS = 2
"""A reworded headline stands among the first blocks of the main text."""

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"\W+")
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·•»]\s+")


def _none_gone(index: int) -> bool:
    """No line goes: the default of ``gone``."""
    return False


def title_index(
    blocks: Sequence[Block],
    body: Body | None,
    site_chrome: Container[int] = (),
    teased: Container[int] = (),
    gone: Callable[[int], bool] = _none_gone,
) -> int | None:
    """The index of the article's title: the ``opening_heading`` past the ``site_chrome``
    (blocks a corpus index saw on many pages of the site), when the body starts near it;
    else the nearest headline-sized heading above the body among the ``teased`` blocks
    (site chrome seen on only a few pages: the site's feeds tease an article's own
    headline)."""
    if body is None:
        return None
    first = opening_heading(blocks, lambda index: index in site_chrome or gone(index))
    if first is not None and body.first - first <= TITLE_MAX_DISTANCE:
        return first
    for index in range(body.first - 1, max(-1, body.first - 1 - TITLE_MAX_DISTANCE), -1):
        block = blocks[index]
        if index in teased and block.words >= HEADLINE_MIN_WORDS and is_heading_like(block):
            return index
    return None


def opening_heading(blocks: Sequence[Block], gone: Callable[[int], bool] = _none_gone) -> int | None:
    """The first line that says something and is not ``gone`` on any page (a line a rule
    drops wherever it stands: the cleaned text starts after it), when it reads as a title.
    A line of symbols or control characters ("***", a stray DEL) titles nothing and is passed
    over: whether the first cleaning keeps it or not, the second finds the same title."""
    first = next((b.number for b in blocks if not gone(b.number) and _says_something(b)), None)
    return first if first is not None and is_heading_like(blocks[first]) else None


def _says_something(block: Block) -> bool:
    """Whether a line holds a letter or digit (every copy of one that does not would go as a
    doubled headline)."""
    return any(map(str.isalnum, block.text))


def doubled_headline(blocks: Sequence[Block], title: int | None) -> Marks:
    """Mark every later copy of the title, also when a caption or credit is glued to it.
    However far below the title it stands: a window of the blocks under the title would reach
    further once the first cleaning took blocks out of it, and cleaning the cleaned text
    would remove a copy more (issue 13, D3)."""
    if title is None:
        return {}
    headline = blocks[title].text
    wanted = _normal(headline)
    lead = wanted[:1]
    marks: Marks = {}
    for block in blocks[title + 1 :]:
        if _lead(block.text) != lead:
            continue  # most lines: normalising each would cost a regex substitution
        text = _normal(block.text)
        if text == wanted:
            marks[block.number] = _DOUBLED
        elif text.startswith(wanted) and _is_glued_tail(block.text, len(headline)):
            glued = block.text[len(headline) :].strip()
            reason = f"repeats the headline with {glued!r} glued to it"
            marks[block.number] = Mark(catalog.DOUBLED_HEADLINE, reason, "chrome")
    return marks


_DOUBLED = Mark(catalog.DOUBLED_HEADLINE, "repeats the headline", "chrome")


def page_headline(blocks: Sequence[Block], title: str) -> Marks:
    """HTML input: mark copies of the page's title among the first blocks of the main text,
    the title read without the site name after a separator ("Headline | Site"), quotes and
    punctuation aside; and a heading at the very top that says the title in other words."""
    parts = {_words(part) for part in (title, *_TITLE_PARTS.split(title))} - {""}
    wanted = set(_words(title).split())
    marks: Marks = {}
    for block in blocks[:HEADLINE_SEARCH_BLOCKS]:
        text = _words(block.text)
        if text in parts:
            marks[block.number] = Mark(catalog.DOUBLED_HEADLINE, "repeats the page's title", "chrome")
        elif block.number < TITLE_REWORDED_BLOCKS and _reworded(block, text.split(), wanted):
            marks[block.number] = _REWORDED_TITLE
    return marks


_REWORDED_TITLE = Mark(catalog.DOUBLED_HEADLINE, "says the page's title in other words", "chrome")


def _reworded(block: Block, words: list[str], title: set[str]) -> bool:
    """A heading (no sentence's closing punctuation) sharing most words with the title."""
    closing = block.text.rstrip("\"'”’»)")
    if not words or not title or not is_heading_like(block) or closing[-1:] in ".!?;,":
        return False
    return len(set(words) & title) >= TITLE_OVERLAP * max(len(set(words)), len(title))


def _words(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _is_glued_tail(text: str, headline_length: int) -> bool:
    tail = text[headline_length:].strip()
    return bool(tail) and len(tail.split()) <= GLUED_TAIL_MAX_WORDS and tail[0].isupper()


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).casefold()


def _lead(text: str) -> str:
    """The first character of ``_normal(text)``, found without normalising all of it."""
    first = text[:1]
    return " " if first.isspace() else first.casefold()[:1]


def teaser_feeds(blocks: Sequence[Block], body: Body | None, dropped: Container[int] = ()) -> Marks:
    """Mark runs of title / cut-short teaser / date lines inside the body that form a feed
    of other articles (outside the body everything goes anyway). Runs are made of the blocks
    other detectors have not ``dropped``: as the cleaned text holds them (issue 13, D3)."""
    marks: Marks = {}
    if body is None:
        return marks
    kept = [blocks[i] for i in range(body.first, body.last + 1) if i not in dropped]
    start = 0
    while start < len(kept):
        end = start
        while end < len(kept) and is_teaser_like(kept[end]):
            end += 1
        run = kept[start:end]
        items = sum(1 for b in run if is_date_line(b.text) or ends_cut_short(b.text))
        if items >= FEED_MIN_ITEMS and len(run) >= FEED_MIN_BLOCKS:
            feed = Mark(catalog.TEASER_FEED, f"a run of {len(run)} titles, teasers and dates", "chrome")
            marks.update((block.number, feed) for block in run)
        start = end + 1
    return marks


def comment_thread(blocks: Sequence[Block], body: Body | None) -> Marks:
    """Mark a comment thread that joined the body run: from the first of at least
    ``THREAD_MIN_COMMENTS`` commenter / timestamp headers to the end of the body."""
    if body is None:
        return {}
    headers = [i for i in range(body.first, body.last) if is_comment_header(blocks, i)]
    if len(headers) < THREAD_MIN_COMMENTS:
        return {}
    start = headers[0]
    if sum(b.words for b in blocks[body.first : start]) < THREAD_MIN_WORDS_BEFORE:
        return {}
    thread = Mark(catalog.COMMENT_THREAD, f"a thread of {len(headers)} comments under the article", "chrome")
    return dict.fromkeys(range(start, body.last + 1), thread)


def thread_furniture(blocks: Sequence[Block], span: Body | None) -> Marks:
    """Mark a thread's short lines that end no sentence (``THREAD_LINE_MIN_WORDS``) within
    its ``span``, all but its marker lines."""
    if span is None:
        return {}
    return {
        index: _FURNITURE
        for index in range(span.first, span.last + 1)
        if blocks[index].words < THREAD_LINE_MIN_WORDS
        and not is_terminal(blocks[index].text.rstrip())
        and not is_thread_marker(blocks[index])
    }


_FURNITURE = Mark(catalog.THREAD_FURNITURE, "a short line in a thread that is no sentence", "chrome")


def outside_body(blocks: Sequence[Block], body: Body | None) -> Marks:
    """Mark what lies before and after the body as page chrome."""
    if body is None:
        nothing = Mark(catalog.HEAD_CHROME, "the text holds no run of article prose", "chrome")
        return dict.fromkeys(range(len(blocks)), nothing)
    marks: Marks = dict.fromkeys(range(body.first), _BEFORE)
    marks.update(dict.fromkeys(range(body.last + 1, len(blocks)), _AFTER))
    return marks


_BEFORE = Mark(catalog.HEAD_CHROME, "before the article body", "chrome")
_AFTER = Mark(catalog.TAIL_CHROME, "after the article body", "chrome")
_NO_PROSE_LEFT = Mark(catalog.HEAD_CHROME, "no article prose is left around it", "chrome")


def outside_settled(blocks: Sequence[Block], edges: tuple[int, int] | None) -> Marks:
    """Mark kept blocks that the settled body (see ``body.settle``) leaves outside; all of
    them when no prose is left."""
    if edges is None:
        return dict.fromkeys(range(len(blocks)), _NO_PROSE_LEFT)
    first, last = edges
    marks: Marks = dict.fromkeys(range(first), _BEFORE)
    marks.update(dict.fromkeys(range(last + 1, len(blocks)), _AFTER))
    return marks
