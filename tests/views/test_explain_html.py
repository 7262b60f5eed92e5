"""The HTML explanation: struck spans coloured by family, the rule and reason on hover,
everything escaped, nothing fetched."""

from __future__ import annotations

import lxml.html

from cleaner import clean
from cleaner.result import Removal, Result
from cleaner.views.explain_html import page, section

from ..cli.test_commands import ARTICLE
from .test_explain_text import made

HOSTILE = '</script><b>bold</b><img src=x onerror="alert(1)"> & "quotes"'
"""Text that would be markup, or break out of an attribute, if it were not escaped."""


def shown_text(document: str) -> str:
    """What the article box holds as text, as a browser reads the markup."""
    (box,) = lxml.html.fromstring(document).find_class("text")
    return str(box.text_content())


def hostile_result() -> Result:
    text = f"{HOSTILE}\n\nA paragraph that stays.\n\nShare {HOSTILE}\n"
    start = text.index("Share")
    removal = Removal("SH101", f"share.{HOSTILE}", f"reason {HOSTILE}", text[start:], start, len(text))
    result = made(text, (removal,))
    return Result(
        result.text,
        result.removals,
        0.25,
        {HOSTILE: 1.0},
        (HOSTILE,),
        "en",
        "html",
        {"title": HOSTILE, HOSTILE: "x"},
        "article",
    )


def test_each_removal_is_a_struck_span_of_its_family_with_its_rule_and_reason_as_title() -> None:
    result = clean(ARTICLE)
    tree = lxml.html.fromstring(page(result, "article.txt"))
    struck = tree.xpath("//del")
    assert [d.get("data-code") for d in struck] == [r.code for r in result.removals]
    (keep_reading,) = struck
    assert "f-RM" in keep_reading.get("class").split()
    assert keep_reading.get("title") == f"RM101 readmore.keep-reading: {result.removals[0].reason}"
    assert keep_reading.text_content().strip() == "Keep Reading"
    assert "--family: #00796b" in page(result, "article.txt")


def test_the_box_shows_the_whole_input_in_order() -> None:
    result = clean(ARTICLE)
    assert shown_text(page(result, "a.txt")) == result.original()


def test_hostile_text_rules_and_metadata_are_escaped_everywhere() -> None:
    result = hostile_result()
    document = page(result, f"name {HOSTILE}")
    tree = lxml.html.fromstring(document)
    assert tree.xpath("//b | //img | //script") == []
    assert shown_text(document) == result.original()
    (struck,) = tree.xpath("//del")
    assert struck.get("title") == f"SH101 share.{HOSTILE}: reason {HOSTILE}"
    assert HOSTILE in tree.xpath("//title")[0].text_content()
    assert "<b>" not in document and "&lt;/script&gt;&lt;b&gt;" in document


def test_nothing_is_fetched_and_nothing_runs() -> None:
    assert_stands_alone(page(hostile_result(), "x"))


def assert_stands_alone(document: str) -> None:
    """No element of ``document`` loads or runs anything: no script, link, source or URL."""
    tree = lxml.html.fromstring(document)
    assert tree.xpath("//script | //link | //iframe | //object | //embed | //@src") == []
    assert all(link.startswith("#") for link in tree.xpath("//@href"))
    style = " ".join(tree.xpath("//style/text() | //@style"))
    assert "url(" not in style and "@import" not in style


def test_an_empty_input_and_an_input_with_no_removals_say_so() -> None:
    assert "(the input is empty)" in page(made(""), "empty.txt")
    untouched = page(made("One paragraph.\n"), "one.txt")
    assert "Nothing was removed." in untouched and "<del" not in untouched


def test_a_huge_line_is_kept_whole_and_wraps_in_the_box() -> None:
    line = "y" * 1_000_000
    document = page(made(line), "huge.txt")
    assert shown_text(document) == line
    assert "overflow-wrap: anywhere" in document


def test_the_score_signals_and_metadata_are_shown() -> None:
    tree = lxml.html.fromstring(page(hostile_result(), "x"))
    assert "score 0.25" in tree.find_class("score")[0].text_content()
    assert [th.text_content() for th in tree.xpath("//table[@class='signals']//th")] == [HOSTILE]
    assert "extracted main text" in tree.text_content()


def test_a_section_carries_its_anchor_and_the_page_is_the_same_every_time() -> None:
    result = clean(ARTICLE)
    assert section(result, "a", "article-3").startswith('<section class="explain" id="article-3">')
    assert page(result, "a") == page(clean(ARTICLE), "a")
