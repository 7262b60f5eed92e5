"""HTML in: detection, charsets, metadata, the headline, selector rules, hostile pages."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config, InputTooLargeError, RulePackError, clean
from cleaner.blocks import Block, normal
from cleaner.detectors.dom import selected_blocks
from cleaner.errors import HTMLError
from cleaner.packs.loader import load_rules
from cleaner.parse.html import Container, decode_html
from cleaner.parse.selectors import attribute_words, parse_selector
from cleaner.parse.sniff import looks_like_html
from cleaner.testing import assert_contract

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

HEAD = (
    f"<title>{LIBRARY_HEADLINE} | Town News</title>"
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2024-03-02T09:00:00Z">'
    '<meta property="og:url" content="https://news.example.org/library">'
    '<meta property="og:site_name" content="Town News">'
    f'<meta property="og:title" content="{LIBRARY_HEADLINE}">'
)


def page(inside: str = "", *, head: str = HEAD, lang: str = "en") -> str:
    """An article page: the headline as h1, the library paragraphs, ``inside`` after the second."""
    paragraphs = [f"<p>{html.escape(p)}</p>" for p in LIBRARY_PARAGRAPHS]
    paragraphs.insert(2, inside)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{LIBRARY_HEADLINE}</h1>\n" + "\n".join(paragraphs) + "</article>"
        "<footer>&copy; 2024 Town News</footer></body></html>"
    )


def assert_article_kept(text: str) -> None:
    for paragraph in LIBRARY_PARAGRAPHS:
        assert paragraph in text


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html><p>x</p>",
        "  <!-- saved --> <html><body>",
        "\ufeff<html>",
        "<div><p>a</p><p>b</p><span>c</span><a href='#'>d</a></div>",
    ],
)
def test_pages_and_fragments_with_several_tags_read_as_html(start: str) -> None:
    assert looks_like_html(start) and looks_like_html(start.encode("utf-8"))


@pytest.mark.parametrize(
    "text", ["Prices rose 3% <b>in</b> May, and a < b.", LIBRARY_PARAGRAPHS[0], "", "<3 you all"]
)
def test_text_with_a_stray_tag_reads_as_text(text: str) -> None:
    assert not looks_like_html(text)
    assert clean(text).format == "text"


def test_the_format_option_decides_over_sniffing() -> None:
    assert clean(page(), format="text").format == "text"
    assert "<p>" in clean(page(), format="text", find_body=False).text
    result = clean(page(), format="html")
    assert result.format == "html" and "<p>" not in result.text
    assert_article_kept(result.text)


# --------------------------------------------------------------------------- charsets


def test_bytes_decode_from_the_declared_charset() -> None:
    raw = page().replace('charset="utf-8"', 'charset="windows-1252"').replace("reading room", "café")
    result = clean(raw.encode("windows-1252"))
    assert "café" in result.text and result.signals["mojibake"] == 0.0


def test_a_wrong_declaration_is_not_trusted_into_mojibake() -> None:
    raw = page().replace('charset="utf-8"', 'charset="iso-8859-1"').replace("reading room", "café")
    assert "café" in decode_html(raw.encode("utf-8"), 10**7)
    unknown = page().replace('charset="utf-8"', 'charset="no-such-codec"').replace("reading room", "Zürich")
    assert "Zürich" in decode_html(unknown.encode("utf-8"), 10**7)
    shift = "<html><head><meta charset='utf-8'></head><body><p>日本語の記事です。</p></body></html>"
    assert "日本語" in decode_html(shift.encode("shift_jis"), 10**7)  # sniffed when the declaration fails


# --------------------------------------------------------------------------- metadata and headline


def test_metadata_comes_from_the_page_and_goes_into_the_record() -> None:
    result = clean(page())
    assert result.metadata == {
        "title": LIBRARY_HEADLINE,
        "author": "Jane Doe",
        "date": "2024-03-02",
        "url": "https://news.example.org/library",
        "sitename": "Town News",
        "language": "en",
    }
    assert result.to_dict()["metadata"] == dict(result.metadata)
    assert clean(LIBRARY_PARAGRAPHS[0]).metadata == {}


def test_the_headline_printed_in_the_body_is_a_doubled_headline_of_the_title() -> None:
    result = clean(page())
    assert LIBRARY_HEADLINE not in result.text
    assert [r.code for r in result.removals if LIBRARY_HEADLINE in r.text] == ["ST101"]
    kept = Cleaner(Config(ignore=["ST101"])).clean(page())
    assert LIBRARY_HEADLINE in kept.text


# --------------------------------------------------------------------------- selector rules


def test_a_credit_is_removed_with_the_selector_rule_and_the_element_in_its_reason() -> None:
    figure = "<p><img src='a.jpg'><span class='credit'>Jo Bloggs for Town News</span></p>"
    result = clean(page(figure))
    assert "Jo Bloggs" not in result.text
    (removal,) = [r for r in result.removals if "Jo Bloggs" in r.text]
    assert removal.code == "CP201" and '<span class="credit">' in removal.reason
    assert_article_kept(result.text)
    assert "Jo Bloggs" in Cleaner(Config(ignore=["CP201"])).clean(page(figure)).text


def test_a_container_that_holds_the_article_is_no_hint() -> None:
    wrapped = page().replace("<article>", "<article class='share-enabled'>")
    assert_article_kept(clean(wrapped).text)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("related-posts", ["related", "posts"]),
        ("relatedPosts td_block", ["related", "posts", "td", "block"]),
        ("unrelated", ["unrelated"]),
        ("", []),
    ],
)
def test_class_and_id_values_split_into_words(value: str, words: list[str]) -> None:
    assert attribute_words(value) == words


def test_selectors_read_tags_words_and_roles() -> None:
    selector = parse_selector("div.related")
    assert selector is not None and selector.matches("div", ["related"], None)
    assert not selector.matches("div", ["unrelated"], None) and not selector.matches("p", ["related"], None)
    role = parse_selector("[role=navigation]")
    assert role is not None and role.matches("ul", [], "navigation")
    for bad in ("div > p", ".share, .tweet", "", "#id", "a:hover"):
        assert parse_selector(bad) is None


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "house.toml"
    path.write_text(
        f'[[rule]]\ncode = "HS201"\nname = "house.box"\nwhy = "A box"\n{body}\n'
        "removes = ['<div class=\"box\">x</div>']\nkeeps = ['<p>y</p>']\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("selectors = ['.box']\nmatch.en = ['^box$']", "not both"),
        ("selectors = ['div > p']", "selector 'div > p'"),
        ("selectors = '.box'", "list of selector strings"),
    ],
)
def test_a_malformed_selector_rule_names_its_file_and_code(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(RulePackError, match=rf"house.toml: HS201: .*{message}"):
        Cleaner(Config(extra_packs=[_pack(tmp_path, body)]))


def test_a_users_selector_rule_applies(tmp_path: Path) -> None:
    cleaner = Cleaner(Config(extra_packs=[_pack(tmp_path, "selectors = ['div.box']")]))
    result = cleaner.clean(page("<div class='box'><p>Buy the town calendar for 2025 now.</p></div>"))
    assert [r.code for r in result.removals if "calendar" in r.text] == ["HS201"]


# --------------------------------------------------------------------------- hostile pages


def test_a_page_over_the_html_cap_is_refused_with_a_clear_error() -> None:
    big = page("<p>" + "word " * 300_000 + "</p>")
    with pytest.raises(InputTooLargeError, match="max_html_bytes=1000000"):
        clean(big, max_html_bytes=1_000_000)
    with pytest.raises(InputTooLargeError):
        clean(big.encode("utf-8"), max_html_bytes=1_000_000)


def test_deep_nesting_and_broken_markup_do_not_crash() -> None:
    deep = page("<div>" * 100_000 + "<p>deep</p>")
    result = clean(deep)
    assert_contract(deep, result)
    assert LIBRARY_PARAGRAPHS[0] in result.text
    broken = "<html><body><div><p>unclosed <b>tags <i>everywhere\n<<<>>>&&&;\n</html></html><table><td>"
    assert_contract(broken, clean(broken))


def test_binary_data_labelled_html_is_an_html_error() -> None:
    with pytest.raises(HTMLError, match="binary"):
        clean(b"<html>" + bytes(range(256)) * 40, format="html")


def test_an_empty_page_gives_an_empty_result() -> None:
    for raw in ("<html></html>", "<!DOCTYPE html>", b"<html><body></body></html>"):
        result = clean(raw, format="html")
        assert result.text == "" and result.removals == ()


_TAGS = st.sampled_from(["p", "div", "li", "h2", "figcaption", "nav", "aside", "span", "table", "td", "a"])
_CLASSES = st.sampled_from(["", "share", "related-posts", "content", "byline", "caption", "x"])
_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)


@st.composite
def _fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag, cls, words = draw(_TAGS), draw(_CLASSES), draw(_WORDS)
        parts.append(
            f"<{tag} class='{cls}'>{html.escape(words)}" + ("" if draw(st.booleans()) else f"</{tag}>")
        )
    return page("".join(parts))


@settings(max_examples=25, deadline=None)
@example(page("<p class=''>\x1f\x08\x08</p>" * 4))  # control characters in a str are text
@given(_fragments())
def test_any_page_keeps_the_contract(raw: str) -> None:
    result = clean(raw)
    assert result.format == "html"
    assert_contract(raw, result)


# --------------------------------------------------------------------------- links and chunks


def test_a_paragraph_that_is_a_headline_link_is_a_teaser_but_a_short_link_is_kept() -> None:
    headline = "COUNCIL VOTES TO CLOSE THE OLD SWIMMING POOL AT THE END OF MAY"
    teaser = f"<p><strong><a href='/b'>{headline}</a></strong></p>"
    name = "<h3><a href='/shop'>Library card holder</a></h3>"
    result = clean(page(teaser + name))
    assert [r.code for r in result.removals if "SWIMMING POOL" in r.text] == ["ST107"]
    assert "Library card holder" in result.text
    assert_article_kept(result.text)


_MORE_CHUNKS = [
    "The reading room upstairs now has twenty new desks, each with a lamp and a socket for a laptop.",
    "Volunteers from the school next door painted the stairwell in the colours of the town's flag.",
    "A café on the ground floor will open in June, run by the same family that runs the bakery.",
]


def _chunked(code: str = "") -> str:
    """A page whose body is cut into two containers of one class, an ad rail between them;
    ``code`` goes in the first."""
    first = "".join(f"<p>{p}</p>" for p in LIBRARY_PARAGRAPHS)
    rest = "".join(f"<p>{p}</p>" for p in _MORE_CHUNKS)
    return (
        f"<html><head><title>{LIBRARY_HEADLINE}</title></head><body><article><h1>{LIBRARY_HEADLINE}</h1>"
        f"<div class='article-body chunk'>{first}{code}</div><div class='ad-rail'>Advertisement</div>"
        f"<div class='article-body chunk'>{rest}</div></article></body></html>"
    )


def test_an_article_cut_into_chunks_of_one_class_is_read_whole() -> None:
    chunked = _chunked()
    result = clean(chunked)
    assert_contract(chunked, result)
    assert_article_kept(result.text)
    for paragraph in _MORE_CHUNKS:
        assert paragraph in result.text
    assert result.text.index(LIBRARY_PARAGRAPHS[-1]) < result.text.index(_MORE_CHUNKS[0])


def test_a_documentation_page_is_not_read_in_chunks() -> None:
    code = "<ul>" + "".join(f"<li><code>reading_room.desk({n})</code></li>" for n in range(70)) + "</ul>"
    chunked = _chunked(code)
    result = clean(chunked)
    assert result.page_type == "documentation"
    assert_contract(chunked, result)
    assert_article_kept(result.text)
    assert not any(paragraph in result.text for paragraph in _MORE_CHUNKS)


@pytest.mark.parametrize(
    ("title", "heading", "removed"),
    [
        (f"{LIBRARY_HEADLINE} - Town News", LIBRARY_HEADLINE, True),  # the site name after a separator
        (
            "‘Town’ library reopens after two years of repairs",
            "'Town' library reopens after two years of repairs",
            True,
        ),
        (
            "Town library reopens after repairs",
            "Town library reopens after two years of repairs",
            True,
        ),  # reworded
        ("Town library reopens after repairs", "The town library reopens after two years of repairs.", False),
        ("Council approves the budget for 2025", "Town library reopens after two years of repairs", False),
    ],
)
def test_the_title_is_found_at_the_top_of_the_text_in_its_usual_disguises(
    title: str, heading: str, removed: bool
) -> None:
    raw = page(head=f"<title>{html.escape(title)}</title>").replace(
        f"<h1>{LIBRARY_HEADLINE}</h1>", f"<h2>{heading}</h2>"
    )
    result = clean(raw)
    assert (heading not in result.text) is removed, result.explain()
    assert_article_kept(result.text)


def test_tail_rules_look_where_the_prose_of_the_main_text_ends() -> None:
    feed = "<h3>You may also like</h3><p>Council approves the new budget for the schools</p>"
    result = clean(page().replace("</article>", feed + "</article>"))
    assert {r.code for r in result.removals if "budget for the schools" in r.text} == {"RL102"}
    assert_article_kept(result.text)


SELECTOR_RULES = [rule for rule in load_rules(()) if rule.selectors][:3]
_PIECES = st.text(alphabet="ab ", min_size=0, max_size=6)


def _blocks(lines: list[str]) -> list[Block]:
    return [Block(n, line, 0, 0, 0, 0, len(line.split()), False) for n, line in enumerate(lines)]


def _containers(texts: list[str]) -> list[Container]:
    rules = SELECTOR_RULES
    return [Container(rules[n % len(rules)], normal(text), f"<div id={n}>") for n, text in enumerate(texts)]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_PIECES, min_size=1, max_size=8), boxes=st.lists(_PIECES, min_size=1, max_size=4))
def test_a_block_is_marked_by_the_first_container_that_holds_it(lines: list[str], boxes: list[str]) -> None:
    blocks, containers = _blocks(lines), _containers(boxes)
    marks = selected_blocks(blocks, containers)
    for block in blocks:
        holder = next((c for c in containers if normal(block.text) in c.text), None)
        if holder is None:
            assert block.number not in marks
        else:
            assert marks[block.number].reason.endswith(f"inside {holder.element}")


def test_among_thousands_of_boxes_and_paragraphs_only_the_paragraph_in_a_box_is_marked() -> None:
    """A hostile page's shape: 2,000 share boxes beside 10,000 paragraphs. Testing every
    paragraph against every box took 12 s on such a page; one pass per box's text is linear."""
    paragraphs = _blocks([f"paragraph number {n} of the article." for n in range(10_000)])
    boxes = _containers([f"share this story {n} " * 30 for n in range(2_000)] + [paragraphs[-1].text])
    assert list(selected_blocks(paragraphs, boxes)) == [9_999]


def test_fast_leaves_out_the_fallback_extractors() -> None:
    sentences = [
        "The harbour master said the new pier would open in the spring after two years of work.",
        "Fishermen have asked for more room to moor their boats, and the council agreed to look at it.",
        "A local school will take pupils on a tour of the pier once the works are finished this year.",
    ]
    raw = "<html><body>" + "".join(f"<span>{s}</span>" for s in sentences * 3) + "</body></html>"
    fast = Cleaner(Config(fast=True)).clean(raw)
    full = clean(raw)
    assert_contract(raw, fast)
    assert fast.original().splitlines()[:3] == sentences, "trafilatura's own extractor: a line a span"
    assert full.original() != fast.original(), "a fallback extractor's text, compared and chosen"
