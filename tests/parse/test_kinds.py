"""Page types: what the markup declares and how the DOM is shaped decide the sort of page,
and the sort decides what cleaning may remove."""

from __future__ import annotations

import json

import pytest

from cleaner import Config, ConfigError, clean

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

SENTENCE = "The committee met on Tuesday and agreed that the new plan should be put to a vote next month."
LONG_PARAGRAPH = " ".join([SENTENCE] * 2)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def paragraphs(count: int) -> str:
    return "".join(f"<p>{LONG_PARAGRAPH} ({n})</p>" for n in range(count))


def test_a_declared_product_is_a_product_page() -> None:
    head = json_ld({"@type": "Product", "name": "Kettle", "offers": {"@type": "Offer", "price": "29.99"}})
    result = clean(page("<h1>Kettle</h1><p>A kettle that boils fast.</p>", head), format="html")
    assert result.page_type == "product"
    assert result.signals["type_declared"] == 1.0


def test_many_declared_products_are_a_collection() -> None:
    items = [{"@type": "Product", "name": f"Kettle {n}"} for n in range(12)]
    head = json_ld({"@type": "ItemList", "itemListElement": items})
    assert clean(page("<h1>Kettles</h1><p>Our kettles.</p>", head), format="html").page_type == "collection"


def test_a_declared_thread_is_a_forum_page() -> None:
    head = json_ld({"@type": "DiscussionForumPosting", "headline": "Battery drains overnight"})
    assert clean(page(paragraphs(2), head), format="html").page_type == "forum"


def test_code_blocks_make_documentation() -> None:
    body = "<h1>API</h1>" + "<p>Call it like this:</p><pre>client.get('/items')</pre>" * 3
    assert clean(page(body), format="html").page_type == "documentation"


def test_long_paragraphs_of_a_declared_article_make_an_article() -> None:
    head = '<meta property="og:type" content="article">'
    result = clean(page("<h1>Plan</h1>" + paragraphs(3), head), format="html")
    assert result.page_type == "article"


def test_text_held_by_one_run_of_prose_is_an_article() -> None:
    text = "\n\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS])
    assert clean(text, format="text").page_type == "article"


def test_text_of_short_items_is_not_taken_for_an_article() -> None:
    items = [f"Item {n}: steel kettle 1.7 l, 2200 W, boils in three minutes - 29.99 EUR" for n in range(12)]
    result = clean("\n".join(items), format="text")
    assert result.page_type == "other"
    assert result.text.count("Item") == 12, "spread content keeps what no rule names"


def test_a_stated_page_type_decides_what_cleaning_may_remove() -> None:
    comments = ["Comments", *[f"Reader {n} wrote: I agree with the plan, it is overdue." for n in range(4)]]
    text = "\n\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS, *comments])
    as_article = clean(text, format="text", page_type="article")
    as_forum = clean(text, format="text", page_type="forum")
    assert "Reader 3 wrote" not in as_article.text
    assert "Reader 3 wrote" in as_forum.text
    assert (as_forum.page_type, as_forum.signals["type_stated"]) == ("forum", 1.0)


def test_an_unknown_page_type_is_refused() -> None:
    with pytest.raises(ConfigError, match="page_type"):
        Config(page_type="blog")  # type: ignore[arg-type]


def test_type_signals_do_not_change_the_score() -> None:
    text = "\n\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS])
    stated = clean(text, format="text", page_type="article")
    found = clean(text, format="text")
    assert stated.score == found.score and stated.signals != found.signals


def test_a_thread_in_text_is_a_forum_and_keeps_its_replies() -> None:
    question = " ".join([SENTENCE] * 12)  # a first post long enough to be an article's body
    posts = [("mike_r", question)] + [
        (f"user{n}", f"Reply number {n}: I had the same problem.") for n in range(4)
    ]
    lines = ["Forums", "Laptops", "Battery drains overnight with lid closed"]
    for number, (name, text) in enumerate(posts, start=1):
        lines += [name, "Joined: Jan 2021", "Posts: 214", f"#{number}", text, "Reply", "Quote"]
    result = clean("\n".join(lines), format="text")
    assert result.page_type == "forum"
    assert all(f"Reply number {n}" in result.text for n in range(4))
