"""Site chrome: blocks a corpus index saw on at least ``min_pages`` pages of the article's site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..blocks import Block, block_text
from ..corpus.index import CorpusIndex
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


def site_chrome(blocks: Sequence[Block], body: Body | None, corpus: CorpusIndex, site: str) -> SiteChrome:
    """Mark the blocks seen on ``corpus.min_pages`` pages of ``site`` or more; with
    ``in_body="keep"`` the sentences among them inside the article body stay."""
    seen = corpus.pages_of(list(map(block_text, blocks)), site)
    total = corpus.site_pages(site)
    marks: Marks = {}
    teased: set[int] = set()
    shared: dict[int, Mark] = {}  # one mark per count, so a run of blocks is one removal
    for block, pages in zip(blocks, seen, strict=True):
        if pages < corpus.min_pages:
            continue
        if corpus.in_body == "keep" and body is not None and block.number in body and _prose(block):
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
