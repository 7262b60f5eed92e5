"""A tail marker ("Tags", "Leave a comment") inside the body run ends the article only where
enough article stands before it."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.detectors.patterns import SECTION_MIN_WORDS_BEFORE

from .prose import paragraph

CLEANER = Cleaner(Config(format="text"))


def article(before: int, after: int) -> tuple[str, str]:
    """Prose of ``before`` words, a "Tags" line, prose of ``after`` words (in paragraphs of
    at most 30 words); returns the text and the first paragraph after the marker."""

    def paragraphs(total: int, offset: int) -> list[str]:
        sizes = [30] * (total // 30) + ([total % 30] if total % 30 else [])
        return [paragraph(offset + n, size) for n, size in enumerate(sizes)]

    later = paragraphs(after, 100)
    return "\n\n".join([*paragraphs(before, 0), "Tags", *later]) + "\n", later[0]


@pytest.mark.parametrize(
    ("before", "after", "dropped"),
    [
        (SECTION_MIN_WORDS_BEFORE, SECTION_MIN_WORDS_BEFORE, True),
        (SECTION_MIN_WORDS_BEFORE - 1, SECTION_MIN_WORDS_BEFORE, False),
    ],
)
def test_a_tail_marker_drops_its_section_only_after_enough_article(
    before: int, after: int, dropped: bool
) -> None:
    text, first_after = article(before, after)
    result = CLEANER.clean(text)
    assert (first_after not in result.text) is dropped
    assert ("TG101" in {r.code for r in result.removals}) is dropped
