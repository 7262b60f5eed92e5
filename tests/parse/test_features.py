"""What ``parse.features.measure`` reads of a text: a script without spaces is the text's
script only when its letters are a fair share of the text's (``UNSPACED_MIN_SHARE``)."""

from __future__ import annotations

from cleaner import clean
from cleaner.blocks import segment
from cleaner.parse.features import measure

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

MENU = "English | Français | Deutsch | 简体中文"


def test_a_language_menu_in_a_script_without_spaces_leaves_an_english_text_in_words() -> None:
    text = "\n".join([MENU, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS])
    features = measure(segment(text))
    assert not features.unspaced
    assert features.language == "en"


def test_a_japanese_text_is_measured_in_characters() -> None:
    sentence = "図書館は二年間の改修工事を終えて土曜日の朝に再開しました。"
    features = measure(segment("\n".join([MENU, *[sentence] * 4])))
    assert features.unspaced


def test_cleaning_a_page_with_such_a_menu_again_changes_nothing() -> None:
    page = "\n".join([MENU, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS, "Share this article", MENU])
    once = clean(page).text
    assert clean(once).text == once


def test_a_copy_of_a_line_does_not_change_the_script_found() -> None:
    """Issue 13, D3: the share of letters in a script without spaces decided it for the
    whole text, copies of a line counted: a copy of a long Latin line (a doubled headline,
    which the first cleaning removes) kept the share under the threshold, and the cleaned
    text, without it, was measured in characters."""
    latin, cjk = "abc" * 2000, "辰" * 600
    with_copy = "\n".join([latin, latin, cjk, *LIBRARY_PARAGRAPHS]) + "\n"
    without = "\n".join([latin, cjk, *LIBRARY_PARAGRAPHS]) + "\n"
    assert measure(segment(with_copy)).unspaced == measure(segment(without)).unspaced
