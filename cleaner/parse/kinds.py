"""What sort of page an HTML page is, from its markup: the schema.org types it declares
(JSON-LD and microdata), its Open Graph type, its bylines and title, and the shape of its DOM.

Decisive evidence is checked first, in order: a declared thread, code, a declared product, a
thread's shape, a declared collection, a shop's grid. Other pages are weighed: each cue of an
article, a listing or a service page scores points, and the sort with most points wins (ties go
to the article, then the listing). Every count that decides is a named constant, chosen on the
WCXB development pages with even ids: accuracy 0.805 on them, 0.772 on the odd ids, 0.789 on
all 1,358 (before the points and the cues of prose blocks, bylines and titles: 0.690, 0.713;
all articles would be 0.515). Phrase cues are English; the rest is language-free.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from lxml import etree

PageType = Literal[
    "article", "forum", "product", "collection", "listing", "documentation", "service", "other"
]
PAGE_TYPES: tuple[PageType, ...] = (
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
    "other",
)

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "Report",
        "ScholarlyArticle",
        "OpinionNewsArticle",
        "AnalysisNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "Recipe",
        "MedicalWebPage",
    }
)
FORUM_TYPES = frozenset({"DiscussionForumPosting", "QAPage", "SocialMediaPosting"})
PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct", "Vehicle"})
COLLECTION_TYPES = frozenset({"CollectionPage", "ItemList", "OfferCatalog", "SearchResultsPage"})
DOCUMENTATION_TYPES = frozenset({"TechArticle", "APIReference", "SoftwareSourceCode"})
SERVICE_TYPES = frozenset(
    {
        "Service",
        "SoftwareApplication",
        "WebApplication",
        "MobileApplication",
        "FAQPage",
        "LocalBusiness",
        "ProfessionalService",
        "ContactPage",
        "AboutPage",
    }
)

DOC_MIN_CODE_ALONE = 60
"""``<code>`` elements that make a page documentation whoever wrote it."""
DOC_MIN_PRE = 3
"""Code blocks (``<pre>``) that make a page documentation, with ``DOC_MIN_CODE`` ``<code>``
elements, unless it names an author or a publication date (a blog's tutorials do)."""
DOC_MIN_CODE = 20
"""...the ``<code>`` elements that go with them."""
COLLECTION_MIN_PRODUCTS = 12
"""Product entities declared on one page that make it a grid of products, not one product."""
FORUM_MIN_REPLY_WORDS = 3
"""A thread without a schema type: "Reply" this often..."""
FORUM_MIN_MEMBER_WORDS = 3
"""...with "Joined", "Quote" and "Posts" this often together..."""
FORUM_MIN_POST_CLASSES = 5
"""...and this many class or id words naming posts, messages, replies or threads."""
FORUM_MIN_AVATARS = 10
"""Or a thread of posters: elements whose class names an avatar (on the even pages 29 of 59
threads had this many, 5 of 354 articles, those with comments)..."""
FORUM_MIN_AVATAR_POST_CLASSES = 20
"""...with this many class or id words naming posts. Either way a thread has no prose block
(an article's body: its comments have replies and avatars too)."""
SHOP_MIN_PRICES = 6
"""Prices on a page that make it a shop's page..."""
SHOP_MIN_CART_WORDS = 2
"""...or "add to cart" this often..."""
SHOP_MIN_PRODUCT_CLASSES = 10
"""...or this many class or id words naming products, prices, carts."""
SHOP_MAX_LONG_PARAGRAPHS = 8
"""A shop's page with fewer long paragraphs than this is a grid of products (a collection)..."""
SHOP_MIN_IMAGE_LINKS = 10
"""...if it links this many images (the grid's cards: on the even pages a median of 30 on
collections; prices alone also show on services and review lists)."""
LONG_PARAGRAPH_WORDS = 30
"""A paragraph of this many words is a long one: what articles are made of."""
PROSE_BLOCK_PARAGRAPHS = 5
"""Long paragraphs side by side in one element that make a prose block: an article's body (on
the even pages 264 of 354 articles had one, 11 of 94 service pages, 2 of 49 listings)."""
ARTICLE_MIN_LONG_PARAGRAPHS = 6
"""Long paragraphs anywhere on the page that speak for an article."""
DECLARED_ARTICLE_MIN_LONG_PARAGRAPHS = 3
"""Long paragraphs that, on a page declaring itself an article, speak for one."""
HEADLINE_MIN_WORDS = 7
"""Words in the title's first part (before " | ", " - " ...) that read as a headline, not a
name (medians on the even pages: articles 8, service pages 4, listings 3)."""
SERVICE_MIN_CUES = 2
"""Calls to act ("get started", "contact us", "sign up") that speak for a service page."""
SERVICE_MIN_CLASSES = 3
"""Class or id words naming pricing, plans, features, testimonials, heroes that speak for one."""
SERVICE_MIN_SECTIONS = 5
"""``<section>`` elements holding a heading: a landing page's stacked panels."""
SERVICE_MIN_LOGOS = 5
"""Images named logos: a service page's customers and partners."""
SERVICE_MAX_PROSE_PER_HEADING = 0.5
"""Long paragraphs per heading (``h2`` to ``h4``) below which a page is headings over blurbs."""
LISTING_MIN_ITEMS = 5
"""``<article>`` or ``<time>`` elements that speak for a listing."""
LISTING_MIN_LINKED_HEADINGS = 7
"""Headings (``h2`` to ``h4``) wrapping a link to another page: a listing's item titles."""
LISTING_MIN_PAGE_LINKS = 1
"""Links whose text is a page number: a listing's pagination."""
STRONG_POINTS = 3
"""What a prose block or a byline (author, publication date) counts for an article."""
FAIR_POINTS = 2
"""What a declared service type counts for a service page, repeated items for a listing. Any
other weighed cue counts 1."""

_LD_JSON = "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"
_WORDS = "(string-length(normalize-space()) - string-length(translate(normalize-space(), ' ', '')) + 1)"
"""The words of a node's text: the spaces of the normalised text, plus one. (Attributes are
tested on the attribute axis, ``//@rel[. = 'author']``: cheaper than ``//*[@rel = 'author']``.)"""
_COUNTS = {
    "long_paragraphs": f"count(//p[{_WORDS} >= $words])",
    "pre": "count(//pre)",
    "code": "count(//code)",
    "articles": "count(//article)",
    "times": "count(//time)",
    "prose_blocks": f"count(//*[count(p[{_WORDS} >= $words]) >= $paragraphs])",
    "headings": "count(//h2 | //h3 | //h4)",
    "linked_headings": (
        "count(//h2[.//a[not(starts-with(@href, '#'))]] | //h3[.//a[not(starts-with(@href, '#'))]]"
        " | //h4[.//a[not(starts-with(@href, '#'))]])"
    ),
    "page_links": (
        "count(//a[normalize-space() != '' and string-length(normalize-space()) <= 3"
        " and translate(normalize-space(), '0123456789', '') = ''])"
    ),
    "sections": "count(//section[.//h2 or .//h3])",
    "logos": "count(//img[contains(@alt, 'logo') or contains(@class, 'logo') or contains(@src, 'logo')])",
    "avatars": "count(//@class[contains(., 'avatar')])",
    "image_links": "count(//a[.//img])",
    "published": (
        "number(boolean(//meta[@property='article:published_time' or @name='article:published_time'"
        " or @property='og:article:published_time'] | //@itemprop[. = 'datePublished']))"
    ),
    "modified": "number(boolean(//meta[@property='article:modified_time']))",
    "author": (
        "number(boolean(//meta[@name='author' or @property='article:author'] | //@rel[. = 'author']"
        " | //@itemprop[. = 'author']))"
    ),
}
"""The counts (and, as 0 or 1, the yes-or-no cues) read off the DOM. All are evaluated in one
XPath call that joins them with spaces: each call on a page costs more than the walks."""
_COUNT_ALL = etree.XPath("concat(" + ", ' ', ".join(_COUNTS.values()) + ")")
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]",
    smart_strings=False,
)
_NAMES = etree.XPath("//@class | //@id", smart_strings=False)
_TITLE_PARTS = re.compile(r"\s[|\-–—:·•]\s")
"""What separates a title's parts: the page's own name first, then the site's."""
_MICRODATA = re.compile(r"schema\.org/(\w+)", re.IGNORECASE)
_PRICE = re.compile(r"(?:[$€£¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:€|USD|EUR|GBP))")
_CLASS_WORDS = {
    "post": re.compile(r"\b(?:post|message|reply|replies|thread|topic|comment)s?\b"),
    "product": re.compile(r"\b(?:product|price|cart|basket|sku|add-to-cart|buy)\b"),
    "pitch": re.compile(r"\b(?:pricing|plans?|cta|hero|features?|testimonials?)\b"),
}
_PHRASES: dict[str, str | re.Pattern[str]] = {
    "reply": "reply",
    "member": re.compile(r"\b(?:joined|quote|posts)\b"),
    "cart": "add to cart",
    "act": re.compile(r"\b(?:get started|contact us|sign up)\b"),
}


@dataclass(frozen=True, slots=True)
class Cues:
    """What the markup says about the sort of page: declared types, bylines and counts."""

    declared: frozenset[str]
    """schema.org types (JSON-LD and microdata) and ``og:<type>`` for the Open Graph type."""
    products: int
    long_paragraphs: int
    pre: int
    code: int
    items: int
    """``<article>`` and ``<time>`` elements, the larger count."""
    prices: int
    classes: dict[str, int]
    phrases: dict[str, int]
    prose_blocks: int
    """Elements holding ``PROSE_BLOCK_PARAGRAPHS`` long paragraphs as children."""
    headings: int
    """``h2``, ``h3`` and ``h4`` elements."""
    linked_headings: int
    page_links: int
    sections: int
    logos: int
    avatars: int
    image_links: int
    """Links wrapping an image."""
    published: bool
    """A publication date in the metadata (``article:published_time``, ``datePublished``)."""
    modified: bool
    """A modification date (``article:modified_time``): without ``published``, a CMS's page."""
    author: bool
    """An author in the metadata (``<meta name=author>``, ``rel=author``, ``itemprop=author``)."""
    headline_words: int
    """Words in the title's first part."""


def markup_cues(tree: Any) -> Cues:
    """Read the cues of a parsed page (before extraction prunes it). Counting is done in
    XPath, in C: no Python object is made per element."""
    types = list(_declared_types(tree))
    declared = set(types)
    og = tree.xpath("string(//meta[@property='og:type' or @name='og:type']/@content)").strip().lower()
    if og:
        declared.add(f"og:{og}")
    text = " ".join(_VISIBLE_TEXT(tree))
    lowered = text.lower()
    names = " ".join(_NAMES(tree)).lower()
    title = _TITLE_PARTS.split(tree.xpath("normalize-space(//title)"), maxsplit=1)[0]
    joined = _COUNT_ALL(tree, words=LONG_PARAGRAPH_WORDS, paragraphs=PROSE_BLOCK_PARAGRAPHS)
    counts = dict(zip(_COUNTS, (int(float(value)) for value in joined.split()), strict=True))
    return Cues(
        declared=frozenset(declared),
        products=sum(1 for name in types if name in PRODUCT_TYPES),
        long_paragraphs=counts["long_paragraphs"],
        pre=counts["pre"],
        code=counts["code"],
        items=max(counts["articles"], counts["times"]),
        prices=len(_PRICE.findall(text)),
        classes={name: len(rx.findall(names)) for name, rx in _CLASS_WORDS.items()},
        phrases={name: _count(lowered, cue) for name, cue in _PHRASES.items()},
        prose_blocks=counts["prose_blocks"],
        headings=counts["headings"],
        linked_headings=counts["linked_headings"],
        page_links=counts["page_links"],
        sections=counts["sections"],
        logos=counts["logos"],
        avatars=counts["avatars"],
        image_links=counts["image_links"],
        published=bool(counts["published"]),
        modified=bool(counts["modified"]),
        author=bool(counts["author"]),
        headline_words=len(title.split()),
    )


def _count(text: str, cue: str | re.Pattern[str]) -> int:
    return text.count(cue) if isinstance(cue, str) else len(cue.findall(text))


def _declared_types(tree: Any) -> Iterator[str]:
    """Every schema.org type the page declares, in JSON-LD or as microdata."""
    for script in tree.xpath(_LD_JSON):
        try:
            yield from _types_in(json.loads(script.text or ""))
        except ValueError:
            continue
    for itemtype in tree.xpath("//@itemtype"):
        yield from _MICRODATA.findall(itemtype)


def _types_in(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        kind = data.get("@type")
        if isinstance(kind, str):
            yield kind
        elif isinstance(kind, list):
            yield from (k for k in kind if isinstance(k, str))
        for value in data.values():
            yield from _types_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from _types_in(value)


def page_type(cues: Cues) -> PageType:
    """The page's sort: decisive evidence first, else the sort whose cues score most."""
    return _decisive(cues) or _weighed(cues)


def _decisive(cues: Cues) -> PageType | None:
    """The sort that one piece of evidence decides, in order; None when none does."""
    declared = cues.declared
    if declared & FORUM_TYPES:
        return "forum"
    if _documentation(cues):
        return "documentation"
    articled = bool(declared & ARTICLE_TYPES)
    if (declared & PRODUCT_TYPES or any(d.startswith("og:product") for d in declared)) and not articled:
        grouped = any(d.startswith(("og:product.group", "og:product:group")) for d in declared)
        many = cues.products >= COLLECTION_MIN_PRODUCTS or bool(declared & COLLECTION_TYPES) or grouped
        return "collection" if many else "product"
    if _forum_shaped(cues) and not articled:
        return "forum"
    shop = _shop(cues) and not _bylined(cues)
    if declared & COLLECTION_TYPES and not articled:
        return "collection" if shop else "listing"
    if shop and cues.long_paragraphs < SHOP_MAX_LONG_PARAGRAPHS and cues.image_links >= SHOP_MIN_IMAGE_LINKS:
        return "collection"
    return None


def _weighed(cues: Cues) -> PageType:
    """The sort whose cues score most: ties go to the article, then the listing; a page
    without any cue is a service page (what is left: landing pages, forms, contacts)."""
    points: dict[PageType, int] = {
        "article": _article_points(cues),
        "listing": _listing_points(cues),
        "service": _service_points(cues),
    }
    best = max(points.values())
    return next(kind for kind, score in points.items() if score == best) if best else "service"


def _article_points(cues: Cues) -> int:
    declared = cues.declared
    prose = cues.long_paragraphs
    return (
        STRONG_POINTS * (cues.prose_blocks >= 1)
        + STRONG_POINTS * (_bylined(cues) and prose >= 1)
        + (prose >= ARTICLE_MIN_LONG_PARAGRAPHS)
        + (
            bool(declared & ARTICLE_TYPES or "og:article" in declared)
            and prose >= DECLARED_ARTICLE_MIN_LONG_PARAGRAPHS
        )
        + (cues.headline_words >= HEADLINE_MIN_WORDS)
    )


def _listing_points(cues: Cues) -> int:
    return (
        FAIR_POINTS * (cues.items >= LISTING_MIN_ITEMS)
        + (cues.linked_headings >= LISTING_MIN_LINKED_HEADINGS)
        + (cues.page_links >= LISTING_MIN_PAGE_LINKS)
    )


def _service_points(cues: Cues) -> int:
    sparse = cues.long_paragraphs < SERVICE_MAX_PROSE_PER_HEADING * max(cues.headings, 1)
    return (
        FAIR_POINTS * bool(cues.declared & SERVICE_TYPES)
        + (cues.phrases["act"] >= SERVICE_MIN_CUES)
        + (cues.classes["pitch"] >= SERVICE_MIN_CLASSES)
        + (cues.sections >= SERVICE_MIN_SECTIONS)
        + (cues.logos >= SERVICE_MIN_LOGOS)
        + (cues.modified and not cues.published)
        + sparse
    )


DECLARED: dict[str, frozenset[str]] = {
    "article": ARTICLE_TYPES | {"og:article"},
    "forum": FORUM_TYPES,
    "product": PRODUCT_TYPES | {"og:product"},
    "collection": COLLECTION_TYPES | {"og:product.group"},
    "documentation": DOCUMENTATION_TYPES,
    "service": SERVICE_TYPES,
}
"""The declared types that speak for each sort of page."""


def declares(cues: Cues, kind: PageType) -> bool:
    """Whether the page declares a type (schema.org, Open Graph) that speaks for ``kind``."""
    return bool(cues.declared & DECLARED.get(kind, frozenset()))


def _bylined(cues: Cues) -> bool:
    """Whether the page names an author or a publication date: in the metadata, or declared
    as a person or an article."""
    return cues.published or cues.author or "Person" in cues.declared or bool(cues.declared & ARTICLE_TYPES)


def signed(cues: Cues) -> bool:
    """Whether the metadata names both the page's author and its publication date: one
    dated piece of writing, whatever its DOM's shape says."""
    return cues.published and cues.author


def _documentation(cues: Cues) -> bool:
    """Declared documentation, much code, or code blocks on a page that names no author."""
    codey = cues.pre >= DOC_MIN_PRE and cues.code >= DOC_MIN_CODE
    return (
        bool(cues.declared & DOCUMENTATION_TYPES)
        or cues.code >= DOC_MIN_CODE_ALONE
        or (codey and not _bylined(cues))
    )


def _shop(cues: Cues) -> bool:
    """Prices, carts or product class names: a shop's page (one product, or a grid)."""
    return (
        cues.prices >= SHOP_MIN_PRICES
        or cues.phrases["cart"] >= SHOP_MIN_CART_WORDS
        or cues.classes["product"] >= SHOP_MIN_PRODUCT_CLASSES
    )


def _forum_shaped(cues: Cues) -> bool:
    """A thread that declares no type: replies, members' details and post containers, or
    posters' avatars beside post containers; and no prose block (an article's comments)."""
    worded = (
        cues.phrases["reply"] >= FORUM_MIN_REPLY_WORDS
        and cues.phrases["member"] >= FORUM_MIN_MEMBER_WORDS
        and cues.classes["post"] >= FORUM_MIN_POST_CLASSES
    )
    posters = cues.avatars >= FORUM_MIN_AVATARS and cues.classes["post"] >= FORUM_MIN_AVATAR_POST_CLASSES
    return (worded or posters) and not cues.prose_blocks
