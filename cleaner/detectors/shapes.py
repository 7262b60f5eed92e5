"""Shapes of lines that several detectors recognise: dates, teasers, headings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import regex

from ..blocks import Block

_MONTHS = (
    "jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fevereiro|febbraio|febrero|"
    "m[aä]r(?:ch|z|s)?|mar(?:zo|ço)|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maggio|maio|mei|"
    "june?|juni?|juin|junio|giugno|junho|july?|juli?|juillet|julio|luglio|julho|aug(?:ust)?|ao[uû]t|"
    "agosto|augustus|sep(?:t(?:ember|embre)?)?|settembre|setembro|septiembre|oct(?:ober|obre)?|okt(?:ober)?|"
    "ottobre|outubro|octubre|nov(?:ember|embre)?|novembro|noviembre|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember|embro)?|"
    "dic(?:iembre|embre)?|ene(?:ro)?|gen(?:naio)?"
)
DATE_LINE = regex.compile(
    rf"^(?:(?:\d{{1,2}}\.?\s*)?(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?\s+(?:de\s+)?\d{{4}}"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago)"
    r"(?:,?\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?\W*$",
    regex.IGNORECASE,
)
_TIMESTAMP = regex.compile(
    r"(?:\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago)\W*$",
    regex.IGNORECASE,
)
_SAID = regex.compile(
    r"\b(?:said|says|wrote|writes|replied|schreibt|schrieb|a écrit|écrit|escribió|escribe|dice|ha scritto|"
    r"scrive|disse|escreveu|schreef|zegt)\s*:$",
    regex.IGNORECASE,
)
_TIMESTAMP_ANYWHERE = regex.compile(r"\b\d{1,2}:\d{2}\b|\b\d{4}\b|\bago\b", regex.IGNORECASE)
TIMESTAMP_MAX_WORDS = 8
SIGNED_HEADER_MAX_WORDS = 16
"""A one-line comment header ("Alex on May 2, 2019 at 6:34 am said:") has at most this many words."""
COMMENTER_MAX_WORDS = 4
TEASER_MAX_WORDS = 60
"""A teaser is a sentence or two; anything longer is an article paragraph."""
TITLE_MAX_WORDS = 20


def is_date_line(text: str) -> bool:
    """The line is only a date (and maybe a time)."""
    return len(text) <= 40 and DATE_LINE.match(text) is not None


def ends_cut_short(text: str) -> bool:
    """The line ends with an ellipsis, as teasers of other articles do."""
    return text.endswith(("…", "...", "[…]", "[...]"))


def is_heading_like(block: Block) -> bool:
    """Short and without a sentence's closing punctuation: a title, label or menu entry."""
    return block.words <= TITLE_MAX_WORDS and block.text[-1] not in ".!?;,"


def is_teaser_like(block: Block) -> bool:
    """A line a feed of other articles is made of: a title, a cut-short teaser or a date."""
    if block.words > TEASER_MAX_WORDS:
        return False
    return is_date_line(block.text) or ends_cut_short(block.text) or is_heading_like(block)


def feed_end(blocks: Sequence[Block], start: int) -> int:
    """Index after the run of teaser-like blocks from ``start``.

    A heading directly followed by a paragraph belongs to that paragraph, not to the feed.
    """
    end = start
    while end < len(blocks) and is_teaser_like(blocks[end]):
        end += 1
    if start < end < len(blocks) and is_heading_like(blocks[end - 1]):
        end -= 1
    return end


def is_timestamp_line(text: str, words: int) -> bool:
    """A short line that ends in a time or an age: what comment and post headers show."""
    return words <= TIMESTAMP_MAX_WORDS and (_TIMESTAMP.search(text) is not None or is_date_line(text))


def is_comment_header(blocks: Sequence[Block], index: int) -> bool:
    """A commenter's name directly followed by a timestamp line, or one line that says who
    wrote when ("Alex on May 2, 2019 at 6:34 am said:")."""
    block = blocks[index]
    if (
        block.words <= SIGNED_HEADER_MAX_WORDS
        and _SAID.search(block.text)
        and _TIMESTAMP_ANYWHERE.search(block.text)
    ):
        return True
    if index + 1 >= len(blocks) or block.words > COMMENTER_MAX_WORDS:
        return False
    following = blocks[index + 1]
    return is_timestamp_line(following.text, following.words) and not is_date_line(block.text)


THREAD_MARKER = regex.compile(
    r"^\s*(?:reply|quote|report|like|likes|permalink|#\d+|joined:?(?:.*\d{4}.*)?|"
    r"(?:posts|messages|points):?\s*[\d,.]+|reaction score:?\s*[\d,.]*|thread starter|original poster|op|"
    r"(?:new |senior |well-known |registered )?(?:member|user)|moderator|administrator|solved|"
    r"accepted answer|upvote|downvote|\d+\s+(?:replies|posts|votes|answers|views))\s*$",
    regex.IGNORECASE,
)
"""A line a forum prints around each post: its number, the poster's rank, joined date and
post count, the buttons under it (English)."""


POST_TOOLS = regex.compile(
    r"^\s*(?:share|follow|improve this (?:question|answer|post)|add a comment\W*|\d+\s+likes?|"
    r"(?:asked|answered|edited|posted)\b.{0,40}\d{4}.*)\s*$",
    regex.IGNORECASE,
)
"""What a question-and-answer site or a discussion board prints under each post: its
buttons, its like count, when it was asked, answered or edited (English). Each such line
counts towards a thread, like a ``THREAD_MARKER``, but in a thread it is furniture."""
THREAD_MARKER_MAX_WORDS = 6
"""A marker line is short: longer lines that start like one are posts."""


def is_thread_marker(block: Block) -> bool:
    """Whether ``block`` is a ``THREAD_MARKER`` or ``POST_TOOLS`` line."""
    return block.words <= THREAD_MARKER_MAX_WORDS and (
        THREAD_MARKER.match(block.text) is not None or POST_TOOLS.match(block.text) is not None
    )


def thread_markers(blocks: Sequence[Block], within: Iterable[int], dropped: Callable[[int], bool]) -> int:
    """How many of the lines at the indexes ``within`` are ``THREAD_MARKER`` or ``POST_TOOLS``
    lines, not counting those ``dropped`` (by a rule, wherever they stand)."""
    return sum(1 for index in within if is_thread_marker(blocks[index]) and not dropped(index))
