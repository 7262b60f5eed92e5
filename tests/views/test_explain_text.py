"""The terminal explanation: wrapped to the width, removals marked with their rule and reason."""

from __future__ import annotations

import re
import time

import pytest

from cleaner import clean
from cleaner.result import Removal, Result
from cleaner.views.explain_text import MIN_WIDTH, explain, wrap

from ..cli.test_commands import ARTICLE

REMOVED_ROW = "- Keep Reading"
RULE_ROW = "    [RM101 readmore.keep-reading] "


def made(text: str, removals: tuple[Removal, ...] = ()) -> Result:
    """A result of ``text`` with ``removals`` cut out, built by hand."""
    kept, at = [], 0
    for removal in removals:
        kept.append(text[at : removal.start])
        at = removal.end
    kept.append(text[at:])
    return Result("".join(kept), removals, 0.5, {"chrome_share": 0.25}, (), "en")


def test_a_removed_line_is_marked_and_followed_by_its_rule_and_reason() -> None:
    rows = explain(clean(ARTICLE), 100).splitlines()
    at = rows.index(REMOVED_ROW)
    assert rows[at + 1].startswith(RULE_ROW)
    assert "Read-more" in rows[at + 1]
    assert rows[0] == "  Town library reopens after two years of repairs"
    footer = next(i for i, row in enumerate(rows) if row.startswith("score "))
    assert footer > at and rows[-1].startswith("  ") and "signals:" in rows[footer]


@pytest.mark.parametrize("width", [MIN_WIDTH, 61, 80, 132])
def test_every_row_fits_the_width_and_no_word_is_lost(width: int) -> None:
    result = clean(ARTICLE)
    rows = explain(result, width).splitlines()
    assert max(map(len, rows)) <= width
    text_rows = rows[: len(rows) - rows[::-1].index("")]  # the summary follows the last blank row
    shown = [r[2:] for r in text_rows if r[:2] in ("  ", "- ") and r[2:3] != " "]  # not rule rows
    assert " ".join(shown).split() == result.original().split()


def test_a_narrower_terminal_is_read_as_the_least_width() -> None:
    assert explain(clean(ARTICLE), 5) == explain(clean(ARTICLE), MIN_WIDTH)


def test_a_huge_line_without_spaces_wraps_in_linear_time() -> None:
    word = "x" * 2_000_000
    started = time.perf_counter()
    rows = wrap(word + " end", 80, "- ")
    assert time.perf_counter() - started < 2
    assert all(len(row) <= 80 for row in rows)
    assert rows[-1].endswith(" end")
    assert sum(len(row) - 2 for row in rows) == len(word) + 4


def test_control_characters_are_shown_escaped_so_a_page_cannot_drive_the_terminal() -> None:
    text = "A line \x1b[2J that clears\x07 the screen.\n\nMenu \x1b]0;title\x07\n"
    hostile = Removal("NV101", "navigation.menu", "menu \x1b[31m red", text[-20:], len(text) - 20, len(text))
    shown = explain(made(text, (hostile,)), 80)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b[2J" in shown and "\\x1b[31m red" in shown


def test_colour_strikes_removed_rows_only_when_asked() -> None:
    plain = explain(clean(ARTICLE), 80)
    coloured = explain(clean(ARTICLE), 80, colour=True)
    assert "\x1b[" not in plain
    assert f"\x1b[2;9m{REMOVED_ROW}\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_an_empty_result_shows_only_its_score() -> None:
    rows = explain(made(""), 80).splitlines()
    assert rows[0] == "" and rows[1].startswith("score 0.50")


def test_nothing_removed_marks_no_row() -> None:
    shown = explain(made("One paragraph.\n\nAnother one.\n"), 80)
    assert "\n- " not in shown and "    [" not in shown
    assert shown.startswith("  One paragraph.\n\n  Another one.\n")


def test_the_explanation_is_the_same_every_time() -> None:
    assert explain(clean(ARTICLE), 72) == explain(clean(ARTICLE), 72)
