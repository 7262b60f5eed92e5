"""What sort of page an HTML page is, from its markup: the schema.org types it declares
(JSON-LD and microdata), its Open Graph type, and the shape of its DOM.

The rules are checked in order, the most specific evidence first; every count that decides
is a named constant, chosen on the WCXB development pages with even ids (accuracy 0.688 on
them, 0.715 on the odd ids; all articles would be 0.515). Phrase cues are English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

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

DOC_MIN_PRE = 3
"""Code blocks (``<pre>``) that make a page documentation."""
DOC_MIN_CODE = 20
"""...or inline ``<code>`` elements."""
COLLECTION_MIN_PRODUCTS = 12
"""Product entities declared on one page that make it a grid of products, not one product."""
FORUM_MIN_REPLY_WORDS = 3
"""A thread without a schema type: "Reply" this often..."""
FORUM_MIN_MEMBER_WORDS = 3
"""...with "Joined", "Quote" and "Posts" this often together..."""
FORUM_MIN_POST_CLASSES = 5
"""...and this many class or id words naming posts, messages, replies or threads."""
SHOP_MIN_PRICES = 6
"""Prices on a page that make it a shop's page..."""
SHOP_MIN_CART_WORDS = 2
"""...or "add to cart" this often..."""
SHOP_MIN_PRODUCT_CLASSES = 10
"""...or this many class or id words naming products, prices, carts."""
SHOP_MAX_LONG_PARAGRAPHS = 8
"""A shop's page with fewer long paragraphs than this is a grid of products (a collection)."""
LONG_PARAGRAPH_WORDS = 30
"""A paragraph of this many words is a long one: what articles are made of."""
ARTICLE_MIN_LONG_PARAGRAPHS = 6
"""This many long paragraphs make a page an article whatever it declares."""
DECLARED_ARTICLE_MIN_LONG_PARAGRAPHS = 3
"""A page declaring itself an article (schema.org or Open Graph) needs this many."""
LISTING_MIN_ITEMS = 5
"""``<article>`` or ``<time>`` elements, or "read more" links, that make a page a listing."""
SERVICE_MIN_CUES = 2
"""Calls to act ("get started", "contact us", "sign up") that make a page a service page."""
SERVICE_MIN_CLASSES = 3
"""...or class or id words naming pricing, plans, features, testimonials, heroes."""
LINK_LIST_SHARE = 0.5
"""A page with more of its words in links than this is a listing."""

_LD_JSON = "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"
_VISIBLE_TEXT = "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
_LONG_PARAGRAPHS = (
    "count(//p[string-length(normalize-space()) - string-length(translate(normalize-space(), ' ', ''))"
    " + 1 >= $words])"
)
"""Paragraphs of at least ``$words`` words: the spaces of the normalised text, plus one."""
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
    "read_more": "read more",
    "act": re.compile(r"\b(?:get started|contact us|sign up)\b"),
}


@dataclass(frozen=True, slots=True)
class Cues:
    """What the markup says about the sort of page: declared types and counts."""

    declared: frozenset[str]
    """schema.org types (JSON-LD and microdata) and ``og:<type>`` for the Open Graph type."""
    products: int
    long_paragraphs: int
    pre: int
    code: int
    items: int
    """``<article>`` and ``<time>`` elements, the larger count."""
    prices: int
    link_share: float
    classes: dict[str, int]
    phrases: dict[str, int]


def markup_cues(tree: Any) -> Cues:
    """Read the cues of a parsed page (before extraction prunes it). Counting is done in
    XPath, in C: no Python object is made per element."""
    types = list(_declared_types(tree))
    declared = set(types)
    og = tree.xpath("string(//meta[@property='og:type' or @name='og:type']/@content)").strip().lower()
    if og:
        declared.add(f"og:{og}")
    text = " ".join(tree.xpath(_VISIBLE_TEXT))
    lowered = text.lower()
    link_words = len(" ".join(tree.xpath("//a//text()")).split())
    names = " ".join(tree.xpath("//@class | //@id")).lower()
    return Cues(
        declared=frozenset(declared),
        products=sum(1 for name in types if name in PRODUCT_TYPES),
        long_paragraphs=int(tree.xpath(_LONG_PARAGRAPHS, words=LONG_PARAGRAPH_WORDS)),
        pre=int(tree.xpath("count(//pre)")),
        code=int(tree.xpath("count(//code)")),
        items=int(max(tree.xpath("count(//article)"), tree.xpath("count(//time)"))),
        prices=len(_PRICE.findall(text)),
        link_share=link_words / max(len(text.split()), 1),
        classes={name: len(rx.findall(names)) for name, rx in _CLASS_WORDS.items()},
        phrases={name: _count(lowered, cue) for name, cue in _PHRASES.items()},
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
    """The page's sort, the most specific evidence first."""
    declared = cues.declared
    if declared & FORUM_TYPES:
        return "forum"
    if declared & DOCUMENTATION_TYPES or cues.pre >= DOC_MIN_PRE or cues.code >= DOC_MIN_CODE:
        return "documentation"
    if declared & PRODUCT_TYPES or any(d.startswith("og:product") for d in declared):
        many = cues.products >= COLLECTION_MIN_PRODUCTS or bool(declared & COLLECTION_TYPES)
        return "collection" if many else "product"
    articled = bool(declared & ARTICLE_TYPES) or "og:article" in declared
    if _forum_shaped(cues) and not declared & ARTICLE_TYPES:
        return "forum"
    shop = (
        cues.prices >= SHOP_MIN_PRICES
        or cues.phrases["cart"] >= SHOP_MIN_CART_WORDS
        or cues.classes["product"] >= SHOP_MIN_PRODUCT_CLASSES
    )
    if declared & COLLECTION_TYPES and not declared & ARTICLE_TYPES:
        return "collection" if shop else "listing"
    if shop and cues.long_paragraphs < SHOP_MAX_LONG_PARAGRAPHS:
        return "collection"
    if cues.long_paragraphs >= ARTICLE_MIN_LONG_PARAGRAPHS:
        return "article"
    if articled and cues.long_paragraphs >= DECLARED_ARTICLE_MIN_LONG_PARAGRAPHS:
        return "article"
    if cues.items >= LISTING_MIN_ITEMS or cues.phrases["read_more"] >= LISTING_MIN_ITEMS:
        return "listing"
    if (
        declared & SERVICE_TYPES
        or cues.classes["pitch"] >= SERVICE_MIN_CLASSES
        or cues.phrases["act"] >= SERVICE_MIN_CUES
    ):
        return "service"
    return "listing" if cues.link_share > LINK_LIST_SHARE else "service"


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


def _forum_shaped(cues: Cues) -> bool:
    """A thread that declares no type: replies, members' details, post containers."""
    return (
        cues.phrases["reply"] >= FORUM_MIN_REPLY_WORDS
        and cues.phrases["member"] >= FORUM_MIN_MEMBER_WORDS
        and cues.classes["post"] >= FORUM_MIN_POST_CLASSES
    )
