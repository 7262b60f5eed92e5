"""Page types: what the markup declares and how the DOM is shaped decide the sort of page,
and the sort decides what cleaning may remove."""

from __future__ import annotations

import json

import pytest
from trafilatura.utils import load_html

from cleaner import Cleaner, Config, ConfigError, clean
from cleaner.parse.kinds import PageType, markup_cues, page_type
from cleaner.testing import assert_contract

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


CODE_STEP = (
    "<p>Call <code>client.get</code> with the <code>path</code>, <code>timeout</code> and "
    "<code>retries</code> you need:</p><pre><code>client.get('/items', timeout=5)</code></pre>"
)
"""A step of a guide: inline code in prose and a code block (5 ``<code>`` elements)."""


def test_code_blocks_make_documentation() -> None:
    body = "<h1>API</h1>" + CODE_STEP * 4
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


def question_and_answers(answers: int) -> str:
    """A question-and-answer page as text: a question, then ``answers`` answers, each with
    the buttons and the dated line such a site prints under a post, and a "Tags" menu entry
    in the header (a tag-list heading wherever else it stood)."""
    lines = ["Home", "Questions", "Tags", "Users", "How should I store fresh herbs?", "Asked 3 years ago"]
    lines += [" ".join([SENTENCE] * 3), "Share", "Improve this question", "Follow"]
    lines += ["asked Mar 28, 2014 at 11:38"]
    for number in range(answers):
        lines += [f"Answer number {number}: {SENTENCE}", "Share", "Improve this answer", "Follow"]
        lines += [f"answered Apr {number + 1}, 2014 at 09:12", "Add a comment"]
    return "\n".join(lines)


def test_the_buttons_under_each_answer_make_a_thread_that_keeps_its_answers() -> None:
    """A question-and-answer site prints no forum ranks, but its post tools (``POST_TOOLS``)
    say thread: read as an article, its answers went as comments and the header's "Tags"
    entry took the question with it."""
    result = clean(question_and_answers(4), format="text")
    assert result.page_type == "forum"
    assert all(f"Answer number {n}" in result.text for n in range(4))
    assert clean(result.text, format="text").text == result.text


def test_a_share_and_a_follow_button_do_not_make_an_article_a_thread() -> None:
    text = "\n".join([LIBRARY_HEADLINE, "Share", "Follow", *LIBRARY_PARAGRAPHS, "Share", "Follow"])
    assert clean(text, format="text").page_type == "article"


# --------------------------------------------------------------------------- cues of the markup


def kind_of(body: str, head: str = "", title: str = "T") -> PageType:
    """The page type the markup alone gives (``api`` may still call a page of prose an article)."""
    html = f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    return page_type(markup_cues(load_html(html)))


PUBLISHED = '<meta property="article:published_time" content="2024-03-02T09:00:00Z">'
BLURB = "<p>Fast, friendly help for your home, whenever you need it.</p>"


def panels(count: int, extra: str = "") -> str:
    """A landing page's stacked panels: a heading and a blurb in each ``<section>``."""
    return "".join(f"<section><h2>Panel {n}</h2>{BLURB}{extra}</section>" for n in range(count))


def test_a_prose_block_makes_an_article() -> None:
    assert kind_of(f"<h1>Plan</h1><div>{paragraphs(5)}</div>") == "article"


def test_long_paragraphs_in_separate_panels_are_not_a_prose_block() -> None:
    body = "".join(f"<section><h2>Panel {n}</h2>{paragraphs(1)}</section>" for n in range(5))
    cues = markup_cues(load_html(page(body)))
    assert (cues.long_paragraphs, cues.prose_blocks, cues.sections) == (5, 0, 5)
    assert page_type(cues) == "service"


def test_a_byline_makes_prose_an_article() -> None:
    spread = "".join(f"<div>{paragraphs(1)}</div>" for _ in range(2)) + panels(5)
    assert kind_of(spread, head=PUBLISHED) == "article"
    assert kind_of(spread, head='<meta name="author" content="Jane Doe">') == "article"
    assert kind_of(spread) == "service", "without the byline: panels"


def test_a_headline_title_counts_for_an_article() -> None:
    body = "<div>" + paragraphs(1) + "</div><h2>More</h2>" + BLURB
    headline = "How the council rebuilt the old bridge in nine weeks | Town News"
    assert kind_of(body, title=headline) == "article"
    assert kind_of(body, title="Bridge Repairs | Town Works") == "service"


def test_service_cues_outweigh_a_few_long_paragraphs() -> None:
    logos = "".join(f'<img src="/img/client-logo-{n}.png" alt="client">' for n in range(5))
    body = f"<h1>Roof repairs</h1><div>{paragraphs(3)}</div>{panels(5)}<div>{logos}</div>"
    head = '<meta property="og:type" content="article">'
    assert kind_of(body, head=head) == "service"
    page_not_post = '<meta property="article:modified_time" content="2024-03-02T09:00:00Z">'
    cues = markup_cues(load_html(page(body, head + page_not_post)))
    assert (cues.logos, cues.modified, cues.published) == (5, True, False)


def test_linked_headings_and_page_numbers_make_a_listing() -> None:
    item = '<div><h3><a href="/news/{0}">Story {0}</a></h3><p>A short teaser.</p></div>'
    items = "".join(item.format(n) for n in range(7))
    pages = "".join(f'<a href="?page={n}">{n}</a>' for n in range(1, 4))
    assert kind_of(f"<h1>News</h1>{items}<nav>{pages}</nav>") == "listing"


def test_headings_linking_within_the_page_are_not_a_listing() -> None:
    toc = "".join(f'<h3><a href="#part-{n}">Part {n}</a></h3>{BLURB}' for n in range(7))
    cues = markup_cues(load_html(page(f"<h1>Guide</h1>{toc}")))
    assert cues.linked_headings == 0 and page_type(cues) != "listing"


def test_avatars_beside_posts_make_a_thread() -> None:
    post = '<div class="post"><img class="avatar" src="a.png"><div class="post-body">{}</div></div>'
    replies = "".join(post.format(f"Reply {n}: same problem here, any news?") for n in range(20))
    assert kind_of(f"<h1>Battery drains overnight</h1>{replies}") == "forum"


def test_an_article_with_a_comment_section_stays_an_article() -> None:
    comment = '<li class="comment"><img class="avatar" src="a.png"><p class="comment-post">Agreed.</p></li>'
    body = f"<h1>Plan</h1><div>{paragraphs(6)}</div><ol>{comment * 20}</ol>"
    assert kind_of(body) == "article"


def test_code_in_a_bylined_post_stays_an_article() -> None:
    body = f"<h1>How I sped up our API</h1><div>{paragraphs(5)}</div>" + CODE_STEP * 4
    assert kind_of(body, head=PUBLISHED) == "article"
    assert kind_of(body) == "documentation", "no byline: a guide"
    assert kind_of(body + CODE_STEP * 8, head=PUBLISHED) == "documentation", "60 code elements"


def test_prices_beside_a_grid_of_linked_images_make_a_collection() -> None:
    card = '<li><a href="/p/{0}"><img src="/i/{0}.jpg"></a><a href="/p/{0}">Kettle {0}</a> $29.99</li>'
    grid = "<ul>" + "".join(card.format(n) for n in range(10)) + "</ul>"
    assert kind_of(f"<h1>Kettles</h1>{grid}") == "collection"


def test_a_pricing_table_is_not_a_grid_of_products() -> None:
    plans = "".join(f"<section><h2>Plan {n}</h2><p>${n}9 a month</p></section>" for n in range(6))
    assert kind_of(f"<h1>Pricing</h1>{plans}") == "service"


def test_a_review_declaring_an_article_and_a_product_is_an_article() -> None:
    head = json_ld({"@type": "Review", "itemReviewed": {"@type": "Product", "name": "Kettle"}})
    head += json_ld({"@type": "NewsArticle", "headline": "Kettle review"})
    assert kind_of(f"<h1>Kettle review</h1><div>{paragraphs(5)}</div>", head=head) == "article"


def test_a_declared_product_group_is_a_collection() -> None:
    og = '<meta property="og:type" content="{}">'
    assert kind_of("<h1>Kettles</h1><p>Our kettles.</p>", head=og.format("product.group")) == "collection"
    assert kind_of("<h1>Kettle</h1><p>A kettle.</p>", head=og.format("product")) == "product"


def test_replies_under_an_article_are_its_comments_not_a_thread() -> None:
    reply = '<div class="comment-post reply">Quote Reply. Joined 2019, posts 40.</div>'
    assert kind_of(f"<h1>Thread</h1>{reply * 5}") == "forum"
    assert kind_of(f"<h1>Plan</h1><div>{paragraphs(6)}</div>{reply * 5}") == "article"


# --------------------------------------------------------------------------- listings read whole

STORIES = [
    "Volunteers repaint the old lighthouse on the north shore",
    "The bakery on Mill Street opens a second shop",
    "A new cycle path links the two schools",
    "The choir wins the regional contest again",
    "Council plants three hundred trees in the park",
    "The museum shows maps drawn by local sailors",
    "Farmers market moves to the harbour on Sundays",
    "Library extends its opening hours in winter",
    "The swimming club trains a new generation of lifeguards",
    "Students build a weather station on the school roof",
]
SIGNED = (
    '<meta name="author" content="Ann Reed">'
    '<meta property="article:published_time" content="2024-05-01T09:00:00Z">'
)


def news_index(head: str = "") -> str:
    """A listing: dated stories, each a linked headline and a teaser, pages below, a menu."""
    items = "".join(
        f'<article class="post"><h2><a href="/news/{n}">{story}</a></h2>'
        f'<time datetime="2024-05-{n + 1:02d}">May {n + 1}, 2024</time>'
        f"<p>{story.split()[1].capitalize()} and neighbours tell the story in a few words.</p></article>"
        for n, story in enumerate(STORIES)
    )
    pages = "".join(f'<a href="/page/{n}">{n}</a>' for n in range(1, 5))
    return (
        f"<html><head><title>News | Town Weekly</title>{head}</head><body>"
        '<nav><a href="/">Home</a><a href="/about">About us</a></nav>'
        f'<main><h1>News</h1>{items}<div class="pagination">{pages}</div></main>'
        "<footer>Copyright Town Weekly</footer></body></html>"
    )


def test_a_listing_is_read_whole_and_keeps_its_items() -> None:
    raw = news_index()
    result = clean(raw)
    assert result.page_type == "listing"
    assert_contract(raw, result)
    assert "About us" in result.original(), "the whole page is the input"
    assert "Copyright Town Weekly" not in result.text
    teasers = [line for line in result.text.splitlines() if "neighbours tell the story" in line]
    assert len(teasers) == len(STORIES)
    # The first headline stands before the first line of prose, where the head is cut.
    assert sum(story in result.text for story in STORIES) >= len(STORIES) - 1


def test_a_signed_page_shaped_like_a_listing_is_not_read_whole() -> None:
    result = clean(news_index(head=SIGNED))
    assert result.page_type == "listing"
    assert "About us" not in result.original(), "trafilatura's main text is the input"


def test_a_stated_listing_is_read_whole_whatever_its_markup() -> None:
    raw = news_index(head=SIGNED)
    result = Cleaner(Config(page_type="listing")).clean(raw)
    assert "About us" in result.original()
    assert sum(story in result.text for story in STORIES) >= len(STORIES) - 1
