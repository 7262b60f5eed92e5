"""An article whose body run holds little of the page's prose keeps the prose outside it:
a service page's sections, a guide's introduction. What is not prose around them still
goes, and cleaning the cleaned text removes nothing more."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.detectors.body import SPARED_HEAD_SHARE, SPARED_TAIL_SHARE

from .prose import paragraph

CLEANER = Cleaner(Config(format="text"))


def menu(start: int, n: int = 8) -> list[str]:
    """``n`` menu entries: more non-prose lines than a gap the body may bridge."""
    return [f"Section {start + i}" for i in range(n)]


def page(run_words: int, before: list[int], after: list[int] = ()) -> tuple[str, list[str], list[str]]:
    """A page: paragraphs of ``before`` words each after a menu, a menu, the body run (four
    paragraphs holding ``run_words`` words), then a menu before each paragraph of ``after``
    words, and a footer menu. Returns the text, the outside paragraphs and the menu lines."""
    quarter = run_words // 4
    run = [paragraph(100 + i, quarter + (run_words % 4 if i == 0 else 0)) for i in range(4)]
    outside = [paragraph(number, words) for number, words in enumerate([*before, *after])]
    menus = [menu(10 * number) for number in range(len(outside) + 2)]
    lines: list[str] = []
    for number, text in enumerate(outside[: len(before)]):
        lines += [*menus[number], text]
    lines += [*menus[len(before)], *run]
    for number, text in enumerate(outside[len(before) :], start=len(before) + 1):
        lines += [*menus[number], text]
    lines += menus[-1]
    return "\n\n".join(lines) + "\n", outside, [entry for entries in menus for entry in entries]


def test_prose_outside_a_run_that_holds_little_of_it_is_kept_and_menus_go() -> None:
    text, outside, menus = page(200, [60] * 4, [60] * 4)  # the run holds 200 of 680 words
    result = CLEANER.clean(text)
    assert result.page_type == "article"
    for paragraph_text in outside:
        assert paragraph_text in result.text
    assert not any(entry in result.text.splitlines() for entry in menus)
    assert CLEANER.clean(result.text).text == result.text


def test_prose_outside_a_run_that_holds_most_of_it_goes() -> None:
    text, outside, _ = page(400, [40], [40])  # the run holds 400 of 480 words
    result = CLEANER.clean(text)
    assert not any(paragraph_text in result.text for paragraph_text in outside)


@pytest.mark.parametrize(
    ("run_words", "before", "after", "threshold"),
    [
        (300, [50] * 4, [], SPARED_HEAD_SHARE),  # 300 of 500 words
        (300, [50] * 3 + [51], [], SPARED_HEAD_SHARE),
        (210, [], [65] * 6, SPARED_TAIL_SHARE),  # 210 of 600 words
        (210, [], [65] * 5 + [66], SPARED_TAIL_SHARE),
    ],
)
def test_prose_before_and_after_the_run_is_kept_just_under_its_threshold(
    run_words: int, before: list[int], after: list[int], threshold: float
) -> None:
    """At exactly the threshold's share the outside prose goes; a word more outside, and it
    stays."""
    text, outside, _ = page(run_words, before, after)
    result = CLEANER.clean(text)
    share = run_words / (run_words + sum(before) + sum(after))
    assert result.signals["type_prose_share"] == pytest.approx(share, abs=1e-4)
    kept = share < threshold
    assert all((paragraph_text in result.text) is kept for paragraph_text in outside)
