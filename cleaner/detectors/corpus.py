"""Site chrome: blocks a corpus index saw on at least ``min_pages`` pages of the article's site.

The detector is given the index's counts as plain values (``SiteCounts``); it never holds
the index itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..blocks import Block
from ..marks import Mark, Marks
from ..packs import catalog
from .body import Body

PROSE_MIN_WORDS = 10
"""With ``in_body="keep"``, a repeated block inside the body stays when it is a sentence of at
least this many words (a disclaimer, an editor's note); shorter ones (menus, "Advertisement",
a share bar) are chrome wherever they stand."""
TEASED_MAX_SHARE = 0.5
"""A block of site chrome seen on less than this share of the site's pages may be a headline
that the site's feeds tease on a few other pages; its template's lines are on most pages."""


@dataclass(frozen=True, slots=True)
class SiteChrome:
    """What a corpus index says of an article's blocks: the marks of site chrome, and which
    of the marked blocks it saw on only a few of the site's pages (``TEASED_MAX_SHARE``)."""

    marks: Marks = field(default_factory=dict)
    teased: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class SiteCounts:
    """What a corpus index knows of one article's blocks on its site."""

    site: str
    pages: int
    """How many pages of the site the index counted."""
    seen: Sequence[int]
    """On how many of them each block (or a near-copy of it) was seen, one count a block."""
    min_pages: int
    """A block seen on this many pages is site chrome."""
    keep_in_body: bool
    """Keep the sentences among them that lie inside the article body."""


def site_chrome(blocks: Sequence[Block], body: Body | None, counts: SiteCounts) -> SiteChrome:
    """Mark the blocks seen on ``counts.min_pages`` pages of the site or more; with
    ``keep_in_body`` the sentences among them inside the article body stay."""
    site, total = counts.site, counts.pages
    marks: Marks = {}
    teased: set[int] = set()
    shared: dict[int, Mark] = {}  # one mark per count, so a run of blocks is one removal
    for block, pages in zip(blocks, counts.seen, strict=True):
        if pages < counts.min_pages:
            continue
        if counts.keep_in_body and body is not None and block.number in body and _prose(block):
            continue
        if pages not in shared:
            reason = f"seen on {pages} of the {total} pages of site {site!r} in the corpus index"
            shared[pages] = Mark(catalog.SITE_CHROME, reason, "chrome")
        marks[block.number] = shared[pages]
        if pages < TEASED_MAX_SHARE * total:
            teased.add(block.number)
    return SiteChrome(marks, frozenset(teased))


def _prose(block: Block) -> bool:
    return block.words >= PROSE_MIN_WORDS and block.text.endswith((".", "!", "?", '"', "”", ")"))
