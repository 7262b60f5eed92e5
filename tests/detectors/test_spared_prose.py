"""An article whose body run holds little of the page's prose keeps the prose outside it:
a service page's sections, a guide's introduction. What is not prose around them still
goes, and cleaning the cleaned text removes nothing more."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.detectors.body import SPARED_PROSE_SHARE

from .prose import paragraph

CLEANER = Cleaner(Config(format="text"))


def menu(start: int, n: int = 8) -> list[str]:
    """``n`` menu entries: more non-prose lines than a gap the body may bridge."""
    return [f"Section {start + i}" for i in range(n)]


def page(run_words: int, outside_words: list[int]) -> tuple[str, list[str], list[str]]:
    """A page: each outside paragraph after a menu, a menu, the body run (four paragraphs
    holding ``run_words`` words), a footer menu. Returns the text, the
    outside paragraphs and the menu lines."""
    quarter = run_words // 4
    run = [paragraph(100 + i, quarter + (run_words % 4 if i == 0 else 0)) for i in range(4)]
    outside = [paragraph(i, n) for i, n in enumerate(outside_words)]
    lines: list[str] = []
    menus: list[str] = []
    for number, text in enumerate(outside):
        entries = menu(10 * number)
        menus += entries
        lines += [*entries, text]
    before, footer = menu(900), menu(1000)
    menus += before + footer
    lines += before + run + footer
    return "\n\n".join(lines) + "\n", outside, menus


def test_prose_outside_a_run_that_holds_little_of_it_is_kept_and_menus_go() -> None:
    text, outside, menus = page(200, [60] * 8)  # the run holds 200 of 680 words
    result = CLEANER.clean(text)
    assert result.page_type == "article"
    for paragraph_text in outside:
        assert paragraph_text in result.text
    assert not any(entry in result.text.splitlines() for entry in menus)
    assert CLEANER.clean(result.text).text == result.text


def test_prose_outside_a_run_that_holds_most_of_it_goes() -> None:
    text, outside, _ = page(400, [40, 40])  # the run holds 400 of 480 words
    result = CLEANER.clean(text)
    assert not any(paragraph_text in result.text for paragraph_text in outside)


@pytest.mark.parametrize(("outside_words", "kept"), [([60] * 5, False), ([60] * 4 + [61], True)])
def test_the_outside_prose_is_kept_just_under_the_share_threshold(
    outside_words: list[int], kept: bool
) -> None:
    """The run holds 200 words: beside 300 outside it holds exactly the threshold's share
    (the outside goes), beside 301 a little less (the outside stays)."""
    text, outside, _ = page(200, outside_words)
    result = CLEANER.clean(text)
    share = 200 / (200 + sum(outside_words))
    assert result.signals["type_prose_share"] == pytest.approx(share, abs=1e-4)
    assert (share < SPARED_PROSE_SHARE) is kept
    assert all((paragraph_text in result.text) is kept for paragraph_text in outside)
