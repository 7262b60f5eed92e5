"""What goes on one page, and why: the detectors of text and HTML mode run in their order
over the page's blocks (``PageDetector``). ``Cleaner`` calls it between segmenting and
deciding; docs/ARCHITECTURE.md walks through the order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from .blocks import Block, block_text
from .config import Config
from .detectors.body import Body, Content, locate, reaching, settle, settle_span, spared_prose
from .detectors.corpus import SiteChrome, SiteCounts, site_chrome
from .detectors.dom import link_teasers, selected_blocks
from .detectors.patterns import BlockMatcher, apply_rules, drop_sections, peel_edges
from .detectors.repeats import find_repeats
from .detectors.shapes import thread_markers
from .detectors.structure import (
    comment_thread,
    doubled_headline,
    opening_heading,
    outside_body,
    outside_settled,
    page_headline,
    teaser_feeds,
    thread_furniture,
    title_index,
)
from .marks import Marks, RuleInfo
from .packs import catalog
from .packs.catalog import Catalog
from .packs.loader import Rule
from .packs.match import RuleSet
from .parse.features import Features, kept_reading, measure
from .parse.kinds import PageType
from .parse.selectors import SelectorIndex

if TYPE_CHECKING:
    from .corpus.index import CorpusIndex
    from .parse.html import Page

HTML_REPEAT_MIN_WORDS = 60
"""In a page's main content, repeats are looked for only among paragraphs this long: a
shorter one printed twice there is the page's own (an interview's recurring question, a
dish of a meal plan, a table row). Measured on the ScrapingHub pages: with every block a
candidate, repeats removed 1,560 words of article text for 417 of chrome; from 60 words
on, none of either."""
SETTLE_PAGE_ROUNDS = 2
"""Times text mode cleans a page again because its kept text reads otherwise (its language,
its type) than the page did."""
SETTLE_ROUNDS = 4
"""Times the body's edges are taken again, in text mode, after head and tail rules dropped a
line a new edge uncovered: each round can uncover one more."""


class PageDetector:
    """The marks of one page: which blocks go, each with its rule. Built by a ``Cleaner``
    from its configuration's rules; nothing changes after ``__init__``, so one detector is
    shared across threads."""

    __slots__ = ("config", "corpus", "catalog", "selectors", "_rules", "_line_rules")

    def __init__(
        self, config: Config, rules: Sequence[Rule], known: Catalog, corpus: CorpusIndex | None
    ) -> None:
        self.config = config
        self.corpus = corpus
        self.catalog = known
        enabled = [rule for rule in rules if rule.code in known.enabled]
        self._rules = RuleSet([rule for rule in enabled if not rule.selectors])
        self._line_rules = RuleSet(
            [rule for rule in enabled if not rule.selectors and rule.action == "drop-line"]
        )
        """The rules for spread content: a marker that drops all under it (comments, tags,
        a related feed) is a safe call after an article's body, not on a thread or listing."""
        self.selectors: SelectorIndex[RuleInfo] = SelectorIndex(
            (rule.info, rule.selectors) for rule in enabled if rule.selectors
        )
        """The selector rules, for reading an HTML page (``parse.html.read_page``)."""

    def with_corpus(self, corpus: CorpusIndex | None) -> PageDetector:
        """This detector with another corpus index, its rules not compiled again."""
        other = copy(self)
        other.corpus = corpus
        return other

    def text(
        self, blocks: Sequence[Block], features: Features, site: str | None, stated: PageType | None
    ) -> tuple[Features, Found]:
        """Text mode (and an HTML page read whole): the marks of ``_text_once``, and the
        features they were found with. Detected again where the kept text reads otherwise
        than the page, as a second cleaning would read it: with another ``Reading`` (chrome
        in another language gone, its function words then measure prose; or too few function
        words left to ask them of every line), or, for content found spread over the page,
        as one run of prose (a line a rule drops where it stands no longer dilutes the run's
        share). Where the readings do not settle within ``SETTLE_PAGE_ROUNDS`` (a language
        that names another once its chrome is gone, which names the first again), the
        reading that keeps the most words is taken: a second cleaning meets the same
        readings and keeps that text whole."""
        reading, kind = features.reading, stated
        tried = {(reading, kind): (features, self._text_once(blocks, features, site, kind))}
        while True:
            features, found = tried[(reading, kind)]
            kept = kept_reading(blocks, features, found.marks)
            kept_kind = kind or self._kept_kind(blocks, features, found)
            if kept == reading and kept_kind == found.page_type:
                return features, found
            reading, kind = kept, kind if kept_kind == found.page_type else kept_kind
            if (reading, kind) in tried or len(tried) > SETTLE_PAGE_ROUNDS:
                break
            features = measure(blocks, reading)
            tried[(reading, kind)] = (features, self._text_once(blocks, features, site, kind))
        return max(tried.values(), key=lambda state: _kept_words(blocks, state[1].marks))

    def _kept_kind(self, blocks: Sequence[Block], features: Features, found: Found) -> PageType:
        """The page type of the blocks ``found`` keeps, read alone; asked only of content
        found spread (the kept text of an article or thread is its body or span)."""
        if found.page_type != "other":
            return found.page_type
        kept = [index for index in range(len(blocks)) if index not in found.marks]
        alone = [blocks[index] for index in kept]
        matcher = BlockMatcher(self._rules, blocks)
        content = locate(alone, features.only(kept), lambda index: matcher.named_anywhere(kept[index]))
        return _text_kind(alone, content, lambda index: matcher.dropped_anywhere(kept[index]))

    def _text_once(
        self, blocks: Sequence[Block], features: Features, site: str | None, stated: PageType | None
    ) -> Found:
        """Text mode, step by step: find where the content lies (one body run, or spread over
        the page: the page type); find the title (the one block no detector may mark); mark
        its later copies, then every detector inside and around the content; then take the
        content's edges again among the blocks still kept (``settle``), so that cleaning the
        cleaned text removes nothing more. The content is found past the lines that go on
        any page: those a rule drops wherever they stand, the copies of the heading that opens
        the text (which go as doubled headlines), and word-for-word copies of an earlier
        paragraph (which go as repeats, or with what lies outside the content). An article
        whose run holds little of the page's prose keeps the prose outside the run too
        (``spared_prose``), and the detectors look at it as at the body. Spread content
        keeps all but what a line rule, an exact repeat or the site index names, and what
        lies before its first line of prose or after its last. A ``stated`` page type (the
        config's, or the markup's for a page read whole) is taken as given."""
        matcher = BlockMatcher(self._rules, blocks)
        dropped = matcher.dropped_anywhere
        opening = opening_heading(blocks, dropped) if self.config.keep_title else None
        copies = doubled_headline(blocks, opening)
        said: Marks | None = None  # found only for a page whose content looks spread

        def goes(index: int) -> bool:
            nonlocal said
            if said is None:
                said = find_repeats(blocks, range(len(blocks)), near=False) if self.config.repeats else {}
            return index in copies or index in said or dropped(index)

        content = self._locate(blocks, features, matcher, goes)
        kind = stated or _text_kind(blocks, content, dropped)
        article = kind == "article" and content.run is not None
        body = content.run if article else content.span
        matcher = matcher if article else matcher.lines_only(self._line_rules)
        chrome = self._site_chrome(blocks, body, site)
        title = None
        if self.config.keep_title:
            title = title_index(blocks, body, chrome.marks, chrome.teased, dropped)
        marks: Marks = {}
        self._merge(marks, copies if title == opening else doubled_headline(blocks, title), title)
        if title != opening:
            self._merge(marks, copies, title)
        spared = spared_prose(content) if article else frozenset()
        reach = reaching(body, spared) if body is not None else None
        self._detect_inside(marks, blocks, reach, chrome.marks, matcher, article, title=title)
        if kind == "forum":
            self._merge(marks, thread_furniture(blocks, body), title)
        self._merge(marks, _sparing(outside_body(blocks, body), spared), title)
        for _ in range(SETTLE_ROUNDS):
            uncovered: Marks = {}
            if body is not None and self.config.find_body:
                edges = (
                    settle(blocks, features, marks)
                    if article
                    else settle_span(blocks, features, content, marks)
                )
                if edges is None:
                    title = None  # no prose is left for the headline to head
                self._merge(marks, _sparing(outside_settled(blocks, edges), spared), title)
                # a line the new edge uncovers meets the head and tail rules, as it will
                # in the cleaned text
                settled = None if edges is None else Body(edges[0], edges[1], edges[1] + 1)
                uncovered = peel_edges(blocks, settled, matcher, marks)
            if self.config.keep_title:
                uncovered = {**_copies_of_opening(blocks, marks, dropped), **uncovered}
            if not uncovered:
                break
            self._merge(marks, uncovered, title)
        return Found(marks, kind, self._evidence(content, declared=False))

    def html(self, blocks: Sequence[Block], features: Features, page: Page, site: str | None) -> Found:
        """HTML mode: trafilatura already chose the main content, so all of it is the body,
        and tail rules look where its prose ends (as in text mode); the title is the page's,
        and selector rules add what the DOM says. On an article also links alone (teasers)
        and what drops a whole section or feed; on other pages (the page type from the
        markup) those are content: a listing's items, a thread's replies. A page whose type
        only the DOM's shape gives is cleaned as an article when one run of prose holds its
        content (``_cleaned_as_article``); its type is still the markup's."""
        matcher = BlockMatcher(self._rules, blocks)
        content = self._locate(blocks, features, matcher)
        kind = self.config.page_type or page.page_type
        article = kind == "article" or (self.config.page_type is None and _cleaned_as_article(page, content))
        matcher = matcher if article else matcher.lines_only(self._line_rules)
        closing = content.run.closing if content.run else len(blocks)
        body = Body(0, len(blocks) - 1, closing) if blocks else None
        marks: Marks = {}
        self._merge(marks, page_headline(blocks, page.metadata.get("title", "")))
        self._merge(marks, selected_blocks(blocks, page.containers))
        if article:
            self._merge(marks, link_teasers(blocks, page.links))
        chrome = self._site_chrome(blocks, body, site).marks
        self._detect_inside(marks, blocks, body, chrome, matcher, article, HTML_REPEAT_MIN_WORDS)
        return Found(marks, kind, self._evidence(content, declared=page.declared))

    def _detect_inside(
        self,
        marks: Marks,
        blocks: Sequence[Block],
        body: Body | None,
        chrome: Marks,
        matcher: BlockMatcher,
        article: bool,
        repeat_min_words: int = 0,
        title: int | None = None,
    ) -> None:
        """The detectors of both modes: rule packs, the corpus index's site ``chrome``, and
        repeats among the body's blocks of at least ``repeat_min_words`` words; around an
        ``article``'s body also teaser feeds, comment threads and paragraphs said again in
        other words (on other pages these are content: a listing's items, a forum's
        replies). What a section heading carries away is judged last, on the words the
        others keep (``drop_sections``). None marks the ``title``."""
        lines, sections = apply_rules(blocks, body, matcher)
        self._merge(marks, lines, title)
        if article:
            self._merge(marks, comment_thread(blocks, body), title)
        self._merge(marks, chrome, title)
        if self.config.repeats and body is not None:
            candidates = [
                i
                for i in range(body.first, body.last + 1)
                if i not in marks and blocks[i].words >= repeat_min_words
            ]
            # a listing's items are alike: off an article, only a copy word for word goes
            self._merge(marks, find_repeats(blocks, candidates, near=article), title)
        if article:  # feeds and edges as the cleaned text will show them
            self._merge(marks, teaser_feeds(blocks, body, marks), title)
        # a section goes whole, under its heading's rule, once the others show what stays
        section = drop_sections(blocks, body, sections, marks)
        for index in section:
            marks.pop(index, None)
        self._merge(marks, section, title)
        self._merge(marks, peel_edges(blocks, body, matcher, marks), title)

    def _locate(
        self,
        blocks: Sequence[Block],
        features: Features,
        matcher: BlockMatcher,
        gone: Callable[[int], bool] | None = None,
    ) -> Content:
        """Where the content may lie; a paragraph that a rule names chrome anywhere is not
        prose. The lines ``gone`` on any page are looked past, as a second cleaning of the
        cleaned text will. With ``find_body`` off, all of the text is one article body."""
        if not self.config.find_body:
            whole = Body(0, len(blocks) - 1, len(blocks)) if blocks else None
            return Content(whole, whole, True, 1.0)
        return locate(blocks, features, matcher.named_anywhere, gone)

    def _evidence(self, content: Content, declared: bool) -> dict[str, float]:
        """The evidence behind the page type, as signals named ``type_*`` (the score does not
        weigh them): the share of the page's prose its best run holds, whether the markup
        declares the type, whether the caller stated it."""
        return {
            "type_prose_share": round(content.prose_share, 4),
            "type_declared": float(declared),
            "type_stated": float(self.config.page_type is not None),
        }

    def _site_chrome(self, blocks: Sequence[Block], body: Body | None, site: str | None) -> SiteChrome:
        """What the corpus index saw on many pages of the article's site, if it may say so."""
        if self.corpus is None or catalog.SITE_CHROME.code not in self.catalog.enabled:
            return SiteChrome()
        judged = self.corpus.site_for(site)
        if judged is None:
            return SiteChrome()
        counts = SiteCounts(
            site=judged,
            pages=self.corpus.site_pages(judged),
            seen=self.corpus.pages_of(list(map(block_text, blocks)), judged),
            min_pages=self.corpus.min_pages,
            keep_in_body=self.corpus.in_body == "keep",
        )
        return site_chrome(blocks, body, counts)

    def _merge(self, marks: Marks, found: Marks, title: int | None = None) -> None:
        """Add the marks of enabled rules, none on the ``title``; an earlier detector's mark
        on a block wins. A detector marks many blocks with few rules, so rules are judged
        once each, and the dicts are merged in C."""
        rules = list(map(_RULE, found.values()))
        enabled = self.catalog.enabled
        disabled = {
            key
            for key, rule in dict(zip(map(id, rules), rules, strict=True)).items()
            if rule.code not in enabled
        }
        if disabled or title in found:
            found = {
                index: mark
                for index, mark in found.items()
                if id(mark.rule) not in disabled and index != title
            }
        marks.update(found | marks)


THREAD_MIN_MARKERS = 8
"""Lines a forum prints around its posts (``shapes.THREAD_MARKER``, ``shapes.POST_TOOLS``)
that make a text a thread, whose replies are content. Measured on the WCXB pages with the
forum markers alone: 42 of 112 forum pages have 8 or more, 11 of 711 articles and none of
ScrapingHub's 181; text-mode F1 on the even ids 0.748 -> 0.756 (forums 0.510 -> 0.615), odd
ids 0.764 -> 0.770. With the post tools, counted inside the prose's span where no rule drops
them: 52 forum pages, 14 articles, no ScrapingHub page; forums 0.653 -> 0.690 on the even
ids, 0.683 -> 0.716 on the odd (6 and 11 markers do no better)."""


def _sparing(marks: Marks, spared: frozenset[int]) -> Marks:
    """``marks`` without those on the ``spared`` blocks."""
    return {index: mark for index, mark in marks.items() if index not in spared} if spared else marks


def _text_kind(blocks: Sequence[Block], content: Content, dropped: Callable[[int], bool]) -> PageType:
    """A thread when its lines say so (those within the span of its prose that no rule drops:
    the cleaned text keeps them to say it again); an article when one run of prose holds it;
    else other."""
    span = content.span
    within = range(span.first, span.last + 1) if span is not None else range(0)
    if thread_markers(blocks, within, dropped) >= THREAD_MIN_MARKERS:
        return "forum"
    return "article" if content.one_run else "other"


def _cleaned_as_article(page: Page, content: Content) -> bool:
    """Whether a page the markup gives another type is cleaned as an article: where neither
    a declared type nor code blocks speak for its type (only the DOM's shape does), one run
    of prose holding the content does. Its page type stays the markup's."""
    return page.page_type != "documentation" and not page.declared and content.one_run


@dataclass(frozen=True, slots=True)
class Found:
    """What the detectors of one page found: marks, and the page type with its evidence."""

    marks: Marks
    page_type: PageType
    evidence: dict[str, float]


_RULE = attrgetter("rule")


def _copies_of_opening(blocks: Sequence[Block], marks: Marks, dropped: Callable[[int], bool]) -> Marks:
    """The copies, still kept, of the heading that opens the cleaned text: a second cleaning
    takes that heading for the opening one and drops its copies (ST101), so the first must,
    also when the heading that opened the input went (issue 13, D3)."""
    opening = opening_heading(blocks, lambda index: index in marks or dropped(index))
    if opening is None:
        return {}
    return {index: mark for index, mark in doubled_headline(blocks, opening).items() if index not in marks}


def _kept_words(blocks: Sequence[Block], marks: Marks) -> int:
    """How many words the blocks without a mark hold."""
    return sum(block.words for block in blocks if block.number not in marks)
