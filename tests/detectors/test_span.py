"""Spread content is bounded by its first and last line of prose, unless it holds too
little prose to say where its content lies: then all of the page stays."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.detectors.body import SPAN_MIN_PROSE_WORDS

CLEANER = Cleaner(Config(format="text"))
_STORY = "the river ran past the old mill and the children of the village watched it in the morning light"


def sentence(words: int) -> str:
    """A finished English sentence of exactly ``words`` words."""
    story = _STORY.split()
    tokens = [story[i % len(story)] for i in range(words)]
    return " ".join(tokens).capitalize() + "."


def grid(prose_words: int) -> tuple[str, list[str]]:
    """A grid of item names with one sentence among them; returns the text and the names
    that stand before the sentence."""
    before = [f"Blue Widget Model {n}" for n in range(12)]
    after = [f"Red Gadget Series {n}" for n in range(12)]
    return "\n\n".join([*before, sentence(prose_words), *after]) + "\n", before


@pytest.mark.parametrize("prose_words", [SPAN_MIN_PROSE_WORDS - 1, SPAN_MIN_PROSE_WORDS])
def test_too_little_prose_keeps_the_whole_page(prose_words: int) -> None:
    text, before = grid(prose_words)
    result = CLEANER.clean(text)
    assert result.page_type == "other"
    kept = all(name in result.text for name in before)
    assert kept is (prose_words < SPAN_MIN_PROSE_WORDS)
    assert CLEANER.clean(result.text).text == result.text


def test_too_little_prose_leaves_no_line_after_the_content() -> None:
    """A line that a tail rule names ("Contact", a bare footer link: NV103) stays where the
    prose is too little to bound the content: nothing is after it then. It went when it
    stood after the one sentence, and the sentence a page of menus holds may not read as
    prose once the menus are gone (the language guessed from the cleaned text differs): a
    second cleaning kept what the first dropped, or dropped what it kept (issue 13, D3)."""
    text, _ = grid(SPAN_MIN_PROSE_WORDS - 1)
    text = text.replace("Red Gadget Series 0", "Contact")
    result = CLEANER.clean(text)
    assert result.page_type == "other"
    assert "Contact" in result.text
