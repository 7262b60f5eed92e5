"""Pages that open or grow unusually: sniffed as HTML past the scripts they open with, and
read past the size limit when most of their size is code."""

from __future__ import annotations

import time

import pytest

from cleaner import InputTooLargeError, clean
from cleaner.parse.html import STRIPPED_MAX_FACTOR, without_code
from cleaner.parse.sniff import looks_like_html

ARTICLE = (
    "<html><head><title>Harbour bridge</title></head><body><article><h1>Harbour bridge</h1>"
    + "".join(
        f"<p>City officials approved plan number {n} to rebuild the old harbour bridge, which has "
        "been closed to heavy traffic since a storm damaged its supports two winters ago.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    "opening",
    [
        '<script type="text/html">' + "<div class='card'>{{ title }}</div>" * 2_000 + "</script>",
        "<!-- built by a template engine -->\n" * 50 + "<style>p { color: red; }</style>",
        "  \n<noscript><img src='pixel.gif'></noscript>",
    ],
    ids=["template-script", "comments-and-style", "noscript"],
)
def test_a_page_opening_with_code_is_sniffed_as_html(opening: str) -> None:
    page = opening + ARTICLE
    assert looks_like_html(page) and looks_like_html(page.encode("utf-8"))
    assert clean(page).format == "html"


def test_text_that_mentions_tags_is_not_html() -> None:
    assert not looks_like_html("How to write a <script> tag:\nput it in the head, then test the page.")


def test_a_page_over_the_limit_that_is_mostly_code_is_read() -> None:
    script = "<script>var data = [" + "1," * 300_000 + "];</script>"
    page = ARTICLE.replace("<body>", "<body>" + script + "<svg><path d='M0 0'/></svg>")
    result = clean(page.encode("utf-8"), format="html", max_html_bytes=len(page) // 3)
    assert "plan number 5" in result.text


def test_a_page_far_over_the_limit_is_refused() -> None:
    page = ARTICLE.replace(
        "<body>", "<body><script>" + "x" * len(ARTICLE) * STRIPPED_MAX_FACTOR + "</script>"
    )
    with pytest.raises(InputTooLargeError, match="max_html_bytes"):
        clean(page, format="html", max_html_bytes=len(ARTICLE))


def test_code_is_cut_in_one_pass_even_when_never_closed() -> None:
    for hostile in ("<script>" * 500_000, "<!--" * 1_000_000, "<style>a</style>" * 300_000):
        started = time.perf_counter()
        without_code(hostile, len(hostile) // 2)
        assert time.perf_counter() - started < 2.0
    assert without_code("a<script>b</script>c<!--d-->e<STYLE>f</style>g" * 2, 30) == "aceg" * 2
