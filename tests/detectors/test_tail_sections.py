"""A tail marker ("Tags", "Leave a comment") inside the body run ends the article only where
enough article stands before it and not much more text follows it in the body: a "Tags" line
under a product's name, a "Keywords" line under a paper's abstract, is not the end of it."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.detectors.patterns import SECTION_MAX_WORDS_AFTER, SECTION_MIN_WORDS_BEFORE

from .prose import paragraph

CLEANER = Cleaner(Config(format="text"))


def paragraphs(total: int, offset: int) -> list[str]:
    """``total`` words of prose in paragraphs of 30 words, the remainder in the last one."""
    sizes = [30] * (total // 30)
    sizes[-1] += total % 30
    return [paragraph(offset + n, size) for n, size in enumerate(sizes)]


def article(before: int, after: int, tail: list[str] | None = None) -> tuple[str, str]:
    """Prose of ``before`` words, a "Tags" line, prose of ``after`` words, then the ``tail``
    lines; returns the text and the first paragraph after the marker."""
    later = paragraphs(after, 100)
    return "\n\n".join([*paragraphs(before, 0), "Tags", *later, *(tail or [])]) + "\n", later[0]


MOST_AFTER = int(SECTION_MAX_WORDS_AFTER * 60)


@pytest.mark.parametrize(
    ("before", "after", "dropped"),
    [
        (SECTION_MIN_WORDS_BEFORE, SECTION_MIN_WORDS_BEFORE, True),
        (SECTION_MIN_WORDS_BEFORE - 1, SECTION_MIN_WORDS_BEFORE, False),
        (60, MOST_AFTER, True),
        (60, MOST_AFTER + 1, False),
    ],
)
def test_a_tail_marker_drops_its_section_only_at_the_articles_end(
    before: int, after: int, dropped: bool
) -> None:
    """The marker line itself goes wherever enough article stands before it."""
    text, first_after = article(before, after)
    result = CLEANER.clean(text)
    assert (first_after not in result.text) is dropped
    marker = before >= SECTION_MIN_WORDS_BEFORE
    assert ("TG101" in {r.code for r in result.removals}) is marker
    assert CLEANER.clean(result.text).text == result.text


def test_the_words_after_a_marker_are_those_of_the_body_the_cleaning_keeps() -> None:
    """Lines of chrome after the body, which the cleaning drops anyway, do not count as text
    after the marker: were they counted, the section would stay in the first cleaning and go
    in the second, which lacks them (issue 13, D3)."""
    menu = [f"Menu item {n}" for n in range(60)]
    text, first_after = article(60, MOST_AFTER, menu)
    once = CLEANER.clean(text).text
    assert first_after not in once
    assert CLEANER.clean(once).text == once
