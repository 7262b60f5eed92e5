"""HTML -> the page's main text, its metadata and its DOM hints, from one parse.

The page is parsed once into an lxml tree (trafilatura's ``load_html``). One pass over the
tree finds the containers that selector rules name (share bars, related posts, captions...);
trafilatura then extracts the main content and the metadata from the same tree (it works
on a copy, so the walk and the extraction do not disturb each other).

In HTML mode the "input" every offset of a ``Result`` points into is the extracted text:
one line per paragraph, heading, list item or table row, as trafilatura writes it, with
the paragraphs of a body cut into chunks put in after the first chunk's (``_with_chunks``).
Kept text is made of those lines in order, and replaying the removals on it gives
``result.text``; what trafilatura left out of the main content is not in it. A listing
(``WHOLE_PAGE_TYPES``) gives its whole text instead, as html-text lays it out.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import html_text
from bs4.dammit import EncodingDetector
from htmldate import find_date
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import load_html

from ..blocks import normal
from ..errors import HTMLError
from ..marks import RuleInfo
from .decode import decode
from .favor import Favor
from .features import TextSize, size_of
from .kinds import PageType, declares, markup_cues, page_type, signed
from .selectors import SelectorIndex
from .sniff import CODE_TAGS, SNIFF_CHARS

STRIPPED_MAX_FACTOR = 4
"""An HTML page up to this many times ``max_html_bytes`` is read once its scripts, styles
and inline data are cut, when the rest fits: most of a large page is code (2 of the 1,358
WCXB pages are over 5 MB, and under 1 MB without it). Cutting is one linear pass."""
CHARSET_BYTES = 4_096
"""Where a ``<meta charset>`` declaration must stand (HTML5 says the first 1,024 bytes;
real pages put it after long comments or scripts)."""
BINARY_SHARE = 0.01
"""Share of control characters (NUL and the like) in the first ``SNIFF_CHARS * 8``
characters of HTML given as bytes above which it is taken for binary data: markup has
none. A str is the caller's text, control characters and all."""
LINK_SHARE = 0.9
"""A paragraph, list item or heading whose text is at least this share link text is a
link standing alone (a teaser of another page), whatever markup wraps the link."""
LINK_TEASER_MIN_WORDS = 8
"""Words a link standing alone needs to count as a teaser: a headline. Measured on the
ScrapingHub pages: shorter ones were mostly names an article lists (products in a gift
guide, references, people), 8 words and more almost only "CLICK HERE TO GET THE APP"
and headlines of other stories."""
CHUNK_ANCHOR_WORDS = 10
"""Words the extracted paragraph needs that locates the article's container in the page:
the first one this long (shorter ones, a dateline or a caption, stand anywhere)."""
CHUNK_MIN_PARAGRAPHS = 3
"""Paragraphs the other chunks must add before they count as the article's continuation.
On the ScrapingHub pages a single added paragraph was a pull quote or a sidebar; bodies
cut into chunks between ad rails added 13 and 29."""
WHOLE_PAGE_TYPES: frozenset[PageType] = frozenset({"listing"})
"""Page types read whole (every line of the page, as html-text renders it) and cleaned as
text of that type: trafilatura keeps a fragment of a listing's items. Measured on the WCXB
pages the markup calls listings (29 even ids, 21 odd): F1 0.628 / 0.498 with trafilatura's
main text, 0.671 / 0.628 with the whole page cleaned as a listing. On collections it did
worse (0.553 to 0.506 on the even ids): a shop's grid is chrome around a few product names
that trafilatura finds. A page whose metadata names its author and its publication date
(``kinds.signed``) is one piece of writing, whatever its DOM's shape, and is not read whole."""
_LINKED = "//p[.//a] | //li[.//a] | //h2[.//a] | //h3[.//a] | //h4[.//a]"
CONTAINER_MAX_SHARE = 0.5
"""A selected container holding more than this share of the extracted text is not a
chrome hint: the article lives in it (``<body class="share-enabled">``). Chrome
containers hold a few lines; measured on the ScrapingHub pages, selected containers
above a third of the text were page wrappers."""

_CODE_OPEN = re.compile(rf"<!--|<({CODE_TAGS})\b")
_INLINE_DATA = re.compile(r"data:[\w/+.-]+;base64,[\w+/=]{64,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Container:
    """An element a selector rule picked, with its whole text, normalised."""

    rule: RuleInfo
    text: str
    element: str
    """How the element reads in a reason: ``<div class="share-bar">``."""


@dataclass(frozen=True, slots=True)
class Page:
    """What one HTML page gives: main text, metadata, and the containers rules picked."""

    text: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    containers: tuple[Container, ...] = ()
    links: frozenset[str] = frozenset()
    """Texts (normalised) of paragraphs, list items and headings made of a link alone."""
    page_type: PageType = "other"
    """What sort of page the markup says this is (``kinds.page_type``)."""
    declared: bool = False
    """Whether a declared type (schema.org, Open Graph) is among the evidence for ``page_type``."""
    whole: bool = False
    """Whether ``text`` is the whole page's (``WHOLE_PAGE_TYPES``), to be cleaned as text is."""
    visible: TextSize | None = None
    """How much text the whole page shows (its html-text, before extraction): what the score
    weighs the main text against, so that an extraction that lost the article scores low.
    None when ``text`` is the whole page's."""


def decode_html(raw: str | bytes, max_bytes: int) -> str:
    """HTML bytes as text: a BOM, else valid UTF-8, else the declared charset (``<meta
    charset>``, ``http-equiv`` or an XML declaration, as beautifulsoup4 reads them) when the
    bytes decode under it, else a sniffed charset. A declaration that does not
    fit the bytes (a common scraping accident) is ignored, never trusted into mojibake."""
    if isinstance(raw, str) or len(raw) > max_bytes:
        return decode(raw, max_bytes, "max_html_bytes")
    data = bytes(raw)
    declared = EncodingDetector.find_declared_encoding(data[:CHARSET_BYTES], is_html=True)
    if declared is not None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return data.decode(codecs.lookup(declared).name)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, max_bytes, "max_html_bytes")


def without_code(raw: str | bytes, max_bytes: int) -> str | bytes:
    """``raw`` as it is when it fits ``max_bytes``; else, when it is at most
    ``STRIPPED_MAX_FACTOR`` times that, without its scripts, styles, SVG, templates,
    comments and inline data, which hold no text to extract (a page's own size limit then
    applies to the rest)."""
    if len(raw) <= max_bytes or len(raw) > STRIPPED_MAX_FACTOR * max_bytes:
        return raw
    text = raw if isinstance(raw, str) else bytes(raw).decode("latin-1")  # byte for byte
    stripped = _INLINE_DATA.sub("", _cut_code(text))
    return stripped if isinstance(raw, str) else stripped.encode("latin-1")


def _cut_code(text: str) -> str:
    """``text`` without its code blocks, in one pass: each opening tag's end is searched
    from there on, and an opening that is never closed stops the cutting."""
    lowered = text.lower()
    kept: list[str] = []
    position = 0
    while (opening := _CODE_OPEN.search(lowered, position)) is not None:
        closing = "-->" if opening.group(1) is None else f"</{opening.group(1)}"
        end = lowered.find(closing, opening.end())
        if end < 0:
            break
        kept.append(text[position : opening.start()])
        position = lowered.find(">", end) + 1 if closing != "-->" else end + len(closing)
        if position == 0:  # "</script" with no ">" after it: the page ends there
            position = len(text)
    kept.append(text[position:])
    return "".join(kept)


def read_page(
    raw: str | bytes,
    max_bytes: int,
    selectors: SelectorIndex[RuleInfo],
    favor: Favor = "balanced",
    stated: PageType | None = None,
    fast: bool = False,
) -> Page:
    """Parse the page once, find the selected containers, extract text and metadata; ``favor``
    says how trafilatura weighs precision against recall (``FAVORS``), ``fast`` leaves out
    its fallback extractors (``Config.fast``). A page of a type read
    whole (``stated`` by the caller, else the markup's) gives all its text instead. A page
    over ``max_bytes`` (up to ``STRIPPED_MAX_FACTOR`` times it) loses its scripts, styles and
    inline data first, and is read if what remains fits."""
    text = decode_html(without_code(raw, max_bytes), max_bytes)
    sample = text[: SNIFF_CHARS * 8]
    if not isinstance(raw, str) and len(_CONTROL.findall(sample)) > BINARY_SHARE * len(sample):
        raise HTMLError("input labelled HTML is binary data")  # text given as str is text
    try:
        tree = load_html(text)
        if tree is None:
            return Page("")
        cues = markup_cues(tree)  # before extraction prunes the tree
        kind = page_type(cues)
        if stated in WHOLE_PAGE_TYPES or (stated is None and kind in WHOLE_PAGE_TYPES and not signed(cues)):
            whole = html_text.extract_text(tree)  # on a copy of the tree
            return Page(whole, page_metadata(tree), page_type=kind, declared=declares(cues, kind), whole=True)
        visible = _visible_size(tree)  # before extraction prunes the tree
        containers = _containers(tree, selectors) if selectors else []
        links = _link_teasers(tree)
        document = bare_extraction(
            tree,
            include_comments=False,
            with_metadata=False,
            favor_precision=favor == "precision",
            favor_recall=favor == "recall",
            fast=fast,
        )
        metadata = page_metadata(tree)
        main = getattr(document, "text", None) or ""
        if kind != "documentation":
            main = _with_chunks(tree, main, selectors)
    except (RecursionError, etree.LxmlError, MemoryError) as exc:
        raise HTMLError(f"the HTML parser gave up: {type(exc).__name__}: {exc}") from exc
    limit = CONTAINER_MAX_SHARE * len(main)
    kept = tuple(c for c in containers if len(c.text) <= limit)
    return Page(main, metadata, kept, links, kind, declares(cues, kind), visible=visible)


def _visible_size(tree: Any) -> TextSize:
    """The ``TextSize`` of all the text the page shows, as html-text lays it out."""
    return size_of(html_text.extract_text(tree))


def _containers(tree: Any, selectors: SelectorIndex[RuleInfo]) -> list[Container]:
    """The outermost elements some selector rule picks, in document order. Only elements
    with a class, id or role, or of a selected tag, are looked at (one XPath in C)."""
    found: list[Container] = []
    last: Any = None
    for element in tree.xpath(selectors.xpath):
        rule = selectors.owner(element.tag, element.attrib)
        if rule is None or (last is not None and _inside(element, last)):
            continue
        last = element
        text = normal(element.text_content())
        if text:
            found.append(Container(rule, text, _describe(element)))
    return found


def _with_chunks(tree: Any, main: str, selectors: SelectorIndex[RuleInfo]) -> str:
    """The main text, with the paragraphs of the article's other chunks put in after the
    first one's. Pages built from components cut a long body into several containers of
    the same tag and class (ad rails between them); trafilatura takes the first. The
    container of the first long extracted paragraph names the class; containers of that
    class inside chrome (a selected element: comments share a class with the body on
    some blogs) are left out. Not used on documentation pages, whose sibling containers of
    the body's class are asides and other pages' entries that trafilatura left out (measured
    on the WCXB pages: documentation F1 0.915 to 0.917 on the even ids, 0.905 to 0.908 on
    the odd ones; forums, listings and collections lose 0.01 to 0.02 without chunks)."""
    lines = main.splitlines()
    normals = [normal(line) for line in lines]
    first = next((n for n in normals if len(n.split()) >= CHUNK_ANCHOR_WORDS), None)
    anchors = tree.xpath("//p[normalize-space(.) = $text]", text=first) if first else []
    anchor = anchors[0] if anchors else None
    container = anchor.getparent() if anchor is not None else None
    while container is not None and not container.get("class"):
        container = container.getparent()
    if container is None or container.tag in ("body", "html"):
        return main
    known = set(normals)
    added: list[str] = []
    for chunk in tree.iter(container.tag):
        if chunk is container or chunk.get("class") != container.get("class") or _in_chrome(chunk, selectors):
            continue
        for paragraph in chunk.iter("p"):
            text = normal(paragraph.text_content())
            if text and text not in known:
                known.add(text)
                added.append(text)
    if len(added) < CHUNK_MIN_PARAGRAPHS:
        return main
    inside = normal(container.text_content())
    # The last line the container holds, searched from the end: the first hit stops it.
    last = next(
        (i for i in reversed(range(len(normals))) if normals[i] and normals[i] in inside), len(lines) - 1
    )
    return "\n".join([*lines[: last + 1], *added, *lines[last + 1 :]])


def _in_chrome(element: Any, selectors: SelectorIndex[RuleInfo]) -> bool:
    while element is not None:
        if selectors.owner(element.tag, element.attrib) is not None:
            return True
        element = element.getparent()
    return False


def _link_teasers(tree: Any) -> frozenset[str]:
    """Paragraphs, list items and headings of ``LINK_TEASER_MIN_WORDS`` words or more
    whose text is (nearly) all link text."""
    found = set()
    for element in tree.xpath(_LINKED):
        text = element.text_content()
        if len(text.split()) < LINK_TEASER_MIN_WORDS:
            continue
        linked = sum(len(link.text_content()) for link in element.iter("a"))
        if linked >= LINK_SHARE * len(text.strip()):
            found.add(normal(text))
    return frozenset(found)


def _inside(element: Any, container: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is container:
            return True
        parent = parent.getparent()
    return False


def _describe(element: Any) -> str:
    attributes = "".join(
        f' {name}="{element.get(name)[:40]}"' for name in ("class", "id", "role") if element.get(name)
    )
    return f"<{element.tag}{attributes}>"


def _author_region(tree: Any) -> Any:
    """Where a byline is looked for when no meta tag or JSON-LD names the author: around
    the first ``<article>`` or ``<main>`` (its parent, which holds the article's header),
    else the whole page. trafilatura's author search copies and prunes what it is given,
    the dearest step of its metadata; on the ScrapingHub pages the region keeps 45 of the
    48 bylines the whole page gives, in three quarters of the time."""
    found = tree.xpath("(//article | //main)[1]/..")
    return found[0] if found else tree


def page_metadata(tree: Any) -> dict[str, str]:
    """Title, author, date, url, site name and language, where the page has them: read by
    trafilatura's metadata functions as its ``extract_metadata`` reads them (meta tags,
    then JSON-LD, then the markup), leaving out what cleaning has no use for (categories,
    tags, licence, image) and htmldate's extensive text search (a third of its time)."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a single word is a handle, not a name (as trafilatura does)
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        found = extract_meta_json(tree, found)
    url = found.url or extract_url(tree)
    values = {
        "title": found.title or extract_title(tree),
        "author": found.author or extract_author(_author_region(tree)),
        "date": find_date(tree, url=url, extensive_search=False, original_date=True),
        "url": url,
        "sitename": found.sitename or extract_sitename(tree),
        "language": tree.get("lang"),
    }
    return {name: value.strip() for name, value in values.items() if isinstance(value, str) and value.strip()}
