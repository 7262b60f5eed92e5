"""Boundary tests for the text-mode thresholds, in the style of jusText's tests.

Each named constant of the body finder and the structure detectors gets two cases built
from the constant itself: one just at (or over) the threshold and one a step short of it,
and the verdict must flip exactly between them. If a constant is re-measured, the inputs
follow it; if the code stops honouring it (its threshold moves by a step where it is used,
or a comparison turns from < to <=), a case fails.

Lines are made by the small builders below: ``prose(n)`` is a finished English sentence of
exactly ``n`` words, ``labels(n)`` short menu entries (each a non-prose line that costs
``NON_PROSE_COST``), and so on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import cycle, islice

import pytest

from cleaner.blocks import Block, segment
from cleaner.detectors.body import (
    CLOSING_MIN_WORDS,
    CLOSING_SENTENCES_MAX,
    LIST_INTRO_MIN_WORDS,
    LIST_MAX_ITEMS,
    NON_PROSE_COST,
    PROSE_MIN_STOPWORDS,
    SIDE_GAP_MAX,
    SIDE_RUN_MIN,
    TITLE_CASE_RATIO,
    UNFINISHED_WEIGHT,
    Body,
    find_body,
)
from cleaner.detectors.structure import (
    FEED_MIN_BLOCKS,
    FEED_MIN_ITEMS,
    GLUED_TAIL_MAX_WORDS,
    HEADLINE_MIN_WORDS,
    HEADLINE_SEARCH_BLOCKS,
    THREAD_MIN_COMMENTS,
    THREAD_MIN_WORDS_BEFORE,
    TITLE_MAX_DISTANCE,
    TITLE_OVERLAP,
    TITLE_REWORDED_BLOCKS,
    comment_thread,
    doubled_headline,
    page_headline,
    teaser_feeds,
    title_index,
)
from cleaner.parse.features import LONG_LINE_WORDS, MEASURED_MIN_WORDS, measure

# --- builders -----------------------------------------------------------------------------------

_STORY = (
    "the town library reopened on saturday morning after a renovation that took almost two years "
    "and cost far more than the council had planned when the work began in the spring builders "
    "replaced the leaking roof rewired all three floors and added a lift so that readers who use a "
    "wheelchair can reach the reading room upstairs for the first time since it was built"
)
_NOUNS = "oats rye corn hay barn mill cart oven wool flax malt loaf"
_LABELS = "Home News Sport Weather Culture Travel Opinion Contact Archive Subscribe Login Search"
_CLOSINGS = ("Thanks for reading this.", "See you next week.", "Stay safe out there.", "Write to us.")
_HEADLINE = "Town library reopens after two years of repairs"
_TAIL = "Photo by Anna Berg and Tom Lind for the Town Gazette archive"
_TITLE_WORDS = (
    "Town council votes to reopen the old library on Sundays this year after readers sign petition "
    "against winter closing hours while builders finish new roof lift and reading room upstairs where "
    "children queue early for picture books"
)
"""Distinct words that page titles and their rewordings are made of."""


def words(source: str, n: int) -> list[str]:
    """The first ``n`` words of ``source``, repeated as often as needed."""
    return list(islice(cycle(source.split()), n))


def prose(n: int, end: str = ".") -> str:
    """A sentence of exactly ``n`` words of running English prose (a third are function words)."""
    text = " ".join(words(_STORY, n))
    return text[0].upper() + text[1:] + end


def keywords(stopwords: int, n: int) -> str:
    """A finished line of ``n`` words of which exactly ``stopwords`` are "the": a keyword list."""
    picked = {i * n // stopwords for i in range(stopwords)} if stopwords else set()
    nouns = iter(cycle(_NOUNS.split()))
    tokens = ["the" if i in picked else next(nouns) for i in range(n)]
    return " ".join(tokens).capitalize() + "."


def title_cased(capitals: int, n: int) -> str:
    """``prose(n)`` with its first ``capitals`` words capitalised (and no others)."""
    tokens = words(_STORY, n)
    tokens = [t.capitalize() for t in tokens[:capitals]] + tokens[capitals:]
    return " ".join(tokens) + "."


def labels(n: int) -> list[str]:
    """``n`` menu entries: short lines that are not prose."""
    return words(_LABELS, n)


def headline(n: int) -> str:
    """A heading of ``n`` words (no closing punctuation)."""
    return " ".join(words(_HEADLINE, n))


def closings(n: int) -> list[str]:
    """``n`` short finished sentences, each under ``MEASURED_MIN_WORDS`` words."""
    return list(islice(cycle(_CLOSINGS), n))


def teaser(i: int) -> str:
    return f"{prose(12, end='')} number {i} ..."


def comment_header(i: int) -> str:
    return f"Reader{i} on May {i + 1}, 2019 at 6:34 am said:"


def lines(*parts: str | list[str]) -> str:
    """One block per line; strings and lists of strings in order."""
    flat = [p for part in parts for p in ([part] if isinstance(part, str) else part)]
    return "\n".join(flat)


def body_of(text: str) -> Body | None:
    blocks = segment(text)
    return find_body(blocks, measure(blocks))


def whole(text: str) -> tuple[list[Block], Body]:
    """The blocks of ``text`` and a body that spans all of them (as in HTML mode)."""
    blocks = segment(text)
    return blocks, Body(0, len(blocks) - 1, len(blocks))


# --- features: which lines the body finder looks at ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "is_prose"),
    [
        pytest.param(prose(MEASURED_MIN_WORDS), True, id="MEASURED_MIN_WORDS-at"),
        pytest.param(prose(MEASURED_MIN_WORDS - 1), False, id="MEASURED_MIN_WORDS-under"),
        # An unfinished line counts from LONG_LINE_WORDS on (at UNFINISHED_WEIGHT of its length).
        pytest.param(prose(LONG_LINE_WORDS, end=""), True, id="LONG_LINE_WORDS-at"),
        pytest.param(prose(LONG_LINE_WORDS - 1, end=""), False, id="LONG_LINE_WORDS-under"),
    ],
)
def test_line_length_thresholds(text: str, is_prose: bool) -> None:
    assert (body_of(text) is not None) is is_prose


# --- body.py: what reads as prose -----------------------------------------------------------------


def _closest_share(
    fits: Callable[[int, int], bool], pick: Callable[..., tuple[int, int]], sizes: range = range(20, 61)
) -> tuple[int, int]:
    """The share k/n with n in ``sizes`` nearest a threshold on one side (``fits``). For
    lines, 20 to 60 words (longer ones pass the 400 characters a share is sampled from):
    shares near the threshold are then about 0.003 apart, so a case sits that close to it."""
    shares = [(k, n) for n in sizes for k in range(n + 1) if fits(k, n)]
    return pick(shares, key=lambda share: share[0] / share[1])


_STOPWORDS_AT = _closest_share(lambda k, n: k / n >= PROSE_MIN_STOPWORDS, min)
_STOPWORDS_UNDER = _closest_share(lambda k, n: k / n < PROSE_MIN_STOPWORDS, max)
_CAPITALS_AT = _closest_share(lambda k, n: k / n <= TITLE_CASE_RATIO, max)
_CAPITALS_OVER = _closest_share(lambda k, n: k / n > TITLE_CASE_RATIO, min)


@pytest.mark.parametrize(
    ("text", "is_prose"),
    [
        # Keyword lines with the share of "the" nearest the threshold on either side (the
        # language stays known: the share is far above KNOWN_LANGUAGE_MIN_RATIO).
        pytest.param(keywords(*_STOPWORDS_AT), True, id="PROSE_MIN_STOPWORDS-at"),
        pytest.param(keywords(*_STOPWORDS_UNDER), False, id="PROSE_MIN_STOPWORDS-under"),
        # Prose with the share of capitalised words nearest the threshold on either side.
        pytest.param(title_cased(*_CAPITALS_AT), True, id="TITLE_CASE_RATIO-at"),
        pytest.param(title_cased(*_CAPITALS_OVER), False, id="TITLE_CASE_RATIO-over"),
    ],
)
def test_word_share_thresholds(text: str, is_prose: bool) -> None:
    assert len(text) < 400
    assert (body_of(text) is not None) is is_prose


# --- body.py: the weights of the prose score --------------------------------------------------------


_GAP = max(k for k in range(1, SIDE_GAP_MAX + 1) if k * NON_PROSE_COST < SIDE_RUN_MIN)
"""The most labels whose cost stays under SIDE_RUN_MIN (3 x 12 = 36 < 40): a line that just
pays for them is then too short to be taken in by widening, so only the run's score decides."""


def _unfinished_case(over: bool) -> str:
    """60 words of prose, _GAP labels, then an unfinished line of L words. The body run takes
    the line in exactly when L * UNFINISHED_WEIGHT > _GAP * NON_PROSE_COST (a tie leaves the
    run where it was). With 0.5 and 3 x 12 = 36: L = 72 scores 36.0, a tie (left out), and
    L = 73 scores 36.5 (taken in). A weight of 0.49 scores 73 words 35.77 (left out), one of
    0.51 scores 72 words 36.72 (taken in)."""
    cost = _GAP * NON_PROSE_COST
    length = max(n for n in range(LONG_LINE_WORDS, 1000) if n * UNFINISHED_WEIGHT <= cost) + over
    assert length - over >= LONG_LINE_WORDS
    return lines(prose(60), labels(_GAP), prose(length, end=""))


def _cost_case(over: bool) -> str:
    """60 words of prose, _GAP labels, then a sentence of B words: the run goes on over the
    labels exactly when B > _GAP * NON_PROSE_COST. With 3 x 12 = 36: B = 36 is what the labels
    cost (left out), B = 37 pays for them (taken in). A cost of 12.34 leaves 37 words out, one
    of 11.66 takes 36 in. The lone sentence after the gap is no closing sentence."""
    tail = math.floor(_GAP * NON_PROSE_COST) + over
    assert tail - over >= MEASURED_MIN_WORDS
    return lines(prose(60), labels(_GAP), prose(tail))


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        pytest.param(_unfinished_case(over=False), False, id="UNFINISHED_WEIGHT-at"),
        pytest.param(_unfinished_case(over=True), True, id="UNFINISHED_WEIGHT-over"),
        pytest.param(_cost_case(over=False), False, id="NON_PROSE_COST-at"),
        pytest.param(_cost_case(over=True), True, id="NON_PROSE_COST-over"),
    ],
)
def test_score_weights(text: str, joined: bool) -> None:
    body = body_of(text)
    assert body is not None and body.first == 0
    assert body.last == (len(segment(text)) - 1 if joined else 0)


# --- body.py: widening over a gap to a further run ------------------------------------------------


def _side_run_case(side_words: int, gap: int) -> str:
    """A 60-word body, ``gap`` labels, then one sentence of ``side_words`` words."""
    assert gap * NON_PROSE_COST >= side_words, "the side run must not join the body run by itself"
    return lines(prose(60), labels(gap), prose(side_words))


_SIDE_GAP = math.floor(SIDE_RUN_MIN / NON_PROSE_COST) + 1
"""Just enough labels that the side run does not join the maximum run on its own score."""
_SIDE_RUN = int(SIDE_RUN_MIN) + 10
"""A side run strong enough to join over any gap it may cross."""


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        pytest.param(_side_run_case(int(SIDE_RUN_MIN), _SIDE_GAP), True, id="SIDE_RUN_MIN-at"),
        pytest.param(_side_run_case(int(SIDE_RUN_MIN) - 1, _SIDE_GAP), False, id="SIDE_RUN_MIN-under"),
        pytest.param(_side_run_case(_SIDE_RUN, SIDE_GAP_MAX), True, id="SIDE_GAP_MAX-at"),
        pytest.param(_side_run_case(_SIDE_RUN, SIDE_GAP_MAX + 1), False, id="SIDE_GAP_MAX-over"),
    ],
)
def test_widening(text: str, joined: bool) -> None:
    assert _SIDE_GAP <= SIDE_GAP_MAX
    body = body_of(text)
    assert body is not None and body.first == 0
    assert body.last == (len(segment(text)) - 1 if joined else 0)


# --- body.py: what closes the article after the run ---------------------------------------------


def _closing_case(closings: list[str]) -> str:
    return lines(prose(60), "", closings)


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        pytest.param(_closing_case(closings(CLOSING_SENTENCES_MAX)), True, id="CLOSING_SENTENCES_MAX-at"),
        pytest.param(
            _closing_case(closings(CLOSING_SENTENCES_MAX + 1)), False, id="CLOSING_SENTENCES_MAX-over"
        ),
        pytest.param(_closing_case([prose(CLOSING_MIN_WORDS)]), True, id="CLOSING_MIN_WORDS-at"),
        pytest.param(_closing_case([prose(CLOSING_MIN_WORDS - 1)]), False, id="CLOSING_MIN_WORDS-under"),
    ],
)
def test_closing_sentences(text: str, taken: bool) -> None:
    assert all(CLOSING_MIN_WORDS - 1 <= b.words < MEASURED_MIN_WORDS for b in segment(text)[1:])
    body = body_of(text)
    assert body is not None and body.closing == 1
    assert body.last == (len(segment(text)) - 1 if taken else 0)


def _list_case(intro_words: int, items: int) -> str:
    """The body, then a colon line and ``items`` lines right under it (no blank line)."""
    intro = " ".join(words("Dates of the summer tour across the country", intro_words)) + ":"
    return lines(prose(60), "", intro, [f"Concert {i} in {words(_NOUNS, i + 1)[-1]}" for i in range(items)])


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        pytest.param(_list_case(LIST_INTRO_MIN_WORDS, 3), True, id="LIST_INTRO_MIN_WORDS-at"),
        pytest.param(_list_case(LIST_INTRO_MIN_WORDS - 1, 3), False, id="LIST_INTRO_MIN_WORDS-under"),
        # A longer list is cut after LIST_MAX_ITEMS lines: its last line stays out.
        pytest.param(_list_case(LIST_INTRO_MIN_WORDS + 1, LIST_MAX_ITEMS), True, id="LIST_MAX_ITEMS-at"),
        pytest.param(
            _list_case(LIST_INTRO_MIN_WORDS + 1, LIST_MAX_ITEMS + 1), False, id="LIST_MAX_ITEMS-over"
        ),
    ],
)
def test_announced_list(text: str, taken: bool) -> None:
    body = body_of(text)
    last_item = len(segment(text)) - 1
    assert body is not None and body.first == 0 and body.closing == 1
    assert (last_item in body) is taken


# --- structure.py: the title and its copies ----------------------------------------------------


def _title_case(distance: int) -> int | None:
    """The headline as first line, ``distance`` lines above the body."""
    blocks = segment(lines(_HEADLINE, labels(distance - 1), prose(40), prose(40)))
    body = find_body(blocks, measure(blocks))
    assert body is not None and body.first == distance
    return title_index(blocks, body)


def _teased_case(distance: int, headline_words: int) -> int | None:
    """A first line that is no heading; a headline the site's feeds tease, ``distance``
    lines above the body."""
    blocks = segment(
        lines("Welcome to the Gazette.", headline(headline_words), labels(distance - 1), prose(40), prose(40))
    )
    body = find_body(blocks, measure(blocks))
    assert body is not None and body.first == distance + 1
    return title_index(blocks, body, teased={1})


@pytest.mark.parametrize(
    ("distance", "found"),
    [
        pytest.param(TITLE_MAX_DISTANCE, True, id="TITLE_MAX_DISTANCE-at"),
        pytest.param(TITLE_MAX_DISTANCE + 1, False, id="TITLE_MAX_DISTANCE-over"),
    ],
)
def test_first_line_is_title_near_the_body(distance: int, found: bool) -> None:
    assert _title_case(distance) == (0 if found else None)


@pytest.mark.parametrize(
    ("distance", "headline_words", "found"),
    [
        pytest.param(TITLE_MAX_DISTANCE, HEADLINE_MIN_WORDS + 2, True, id="TITLE_MAX_DISTANCE-teased-at"),
        pytest.param(
            TITLE_MAX_DISTANCE + 1, HEADLINE_MIN_WORDS + 2, False, id="TITLE_MAX_DISTANCE-teased-over"
        ),
        pytest.param(1, HEADLINE_MIN_WORDS, True, id="HEADLINE_MIN_WORDS-at"),
        pytest.param(1, HEADLINE_MIN_WORDS - 1, False, id="HEADLINE_MIN_WORDS-under"),
    ],
)
def test_teased_headline_is_title(distance: int, headline_words: int, found: bool) -> None:
    assert _teased_case(distance, headline_words) == (1 if found else None)


@pytest.mark.parametrize(
    ("tail_words", "marked"),
    [
        pytest.param(GLUED_TAIL_MAX_WORDS, True, id="GLUED_TAIL_MAX_WORDS-at"),
        pytest.param(GLUED_TAIL_MAX_WORDS + 1, False, id="GLUED_TAIL_MAX_WORDS-over"),
    ],
)
def test_glued_tail(tail_words: int, marked: bool) -> None:
    glued = f"{_HEADLINE} {' '.join(words(_TAIL, tail_words))}"
    blocks = segment(lines(_HEADLINE, glued, prose(40)))
    assert (1 in doubled_headline(blocks, 0)) is marked


# --- structure.py: the page's title (HTML metadata) ----------------------------------------------


def _page_title(n: int) -> str:
    return " ".join(words(_TITLE_WORDS, n))


_TITLE_SIZES = range(2, len(_TITLE_WORDS.split()) + 1)
_OVERLAP_AT = _closest_share(lambda k, n: 0 < k <= 15 and k < n and k >= TITLE_OVERLAP * n, min, _TITLE_SIZES)
_OVERLAP_UNDER = _closest_share(
    lambda k, n: 0 < k <= 15 and k < n and k < TITLE_OVERLAP * n, max, _TITLE_SIZES
)
"""(k, n): a heading of the first k words of an n-word title (k < n, so the title's length is
the one compared; k <= 15, so the heading stays heading-sized), with the share of shared
words nearest the threshold on either side (about 0.01 from it)."""


@pytest.mark.parametrize(
    ("heading", "marked"),
    [
        pytest.param(_OVERLAP_AT, True, id="TITLE_OVERLAP-at"),
        pytest.param(_OVERLAP_UNDER, False, id="TITLE_OVERLAP-under"),
    ],
)
def test_reworded_title_overlap(heading: tuple[int, int], marked: bool) -> None:
    shared, title_words = heading
    assert 0 < shared < title_words <= len(set(_TITLE_WORDS.lower().split()))
    blocks = segment(lines(_page_title(shared), prose(40)))
    assert (0 in page_headline(blocks, _page_title(title_words))) is marked


@pytest.mark.parametrize(
    ("index", "marked"),
    [
        pytest.param(TITLE_REWORDED_BLOCKS - 1, True, id="TITLE_REWORDED_BLOCKS-at"),
        pytest.param(TITLE_REWORDED_BLOCKS, False, id="TITLE_REWORDED_BLOCKS-over"),
    ],
)
def test_reworded_title_position(index: int, marked: bool) -> None:
    blocks = segment(lines(labels(index), _page_title(15), prose(40)))
    assert (index in page_headline(blocks, _page_title(16))) is marked


@pytest.mark.parametrize(
    ("index", "marked"),
    [
        pytest.param(HEADLINE_SEARCH_BLOCKS - 1, True, id="HEADLINE_SEARCH_BLOCKS-page-at"),
        pytest.param(HEADLINE_SEARCH_BLOCKS, False, id="HEADLINE_SEARCH_BLOCKS-page-over"),
    ],
)
def test_page_title_search_window(index: int, marked: bool) -> None:
    blocks = segment(lines(labels(index), _HEADLINE, prose(40)))
    assert (index in page_headline(blocks, f"{_HEADLINE} | Town Gazette")) is marked


# --- structure.py: comment threads and teaser feeds inside the body -------------------------------


def _thread(article_words: int, comments: int) -> str:
    """An article of ``article_words`` words, then ``comments`` comments with a one-line header."""
    thread = [line for i in range(comments) for line in (comment_header(i), prose(15))]
    return lines(prose(article_words), thread)


_ARTICLE = THREAD_MIN_WORDS_BEFORE + 30
_COMMENTS = THREAD_MIN_COMMENTS + 2


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        pytest.param(_thread(_ARTICLE, THREAD_MIN_COMMENTS), True, id="THREAD_MIN_COMMENTS-at"),
        pytest.param(_thread(_ARTICLE, THREAD_MIN_COMMENTS - 1), False, id="THREAD_MIN_COMMENTS-under"),
        pytest.param(_thread(THREAD_MIN_WORDS_BEFORE, _COMMENTS), True, id="THREAD_MIN_WORDS_BEFORE-at"),
        pytest.param(
            _thread(THREAD_MIN_WORDS_BEFORE - 1, _COMMENTS), False, id="THREAD_MIN_WORDS_BEFORE-under"
        ),
    ],
)
def test_comment_thread(text: str, marked: bool) -> None:
    blocks, body = whole(text)
    marks = comment_thread(blocks, body)
    assert sorted(marks) == (list(range(1, len(blocks))) if marked else [])


def _feed(run: int, items: int) -> str:
    """Prose, a run of ``run`` lines (``items`` cut-short teasers, the rest headings), prose."""
    feed = [teaser(i) if i < items else headline(5 + i) for i in range(run)]
    return lines(prose(30), feed, prose(30))


_FEED_RUN = max(FEED_MIN_BLOCKS, FEED_MIN_ITEMS) + 1


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        pytest.param(_feed(_FEED_RUN, FEED_MIN_ITEMS), True, id="FEED_MIN_ITEMS-at"),
        pytest.param(_feed(_FEED_RUN, FEED_MIN_ITEMS - 1), False, id="FEED_MIN_ITEMS-under"),
        pytest.param(_feed(FEED_MIN_BLOCKS, FEED_MIN_BLOCKS - 1), True, id="FEED_MIN_BLOCKS-at"),
        pytest.param(_feed(FEED_MIN_BLOCKS - 1, FEED_MIN_BLOCKS - 1), False, id="FEED_MIN_BLOCKS-under"),
    ],
)
def test_teaser_feed(text: str, marked: bool) -> None:
    assert FEED_MIN_BLOCKS - 1 >= FEED_MIN_ITEMS, "the short run must still hold enough teasers"
    blocks, body = whole(text)
    marks = teaser_feeds(blocks, body)
    assert sorted(marks) == (list(range(1, len(blocks) - 1)) if marked else [])
