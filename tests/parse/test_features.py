"""What ``parse.features.measure`` reads of a text: lines in a script without spaces are
measured in characters, each line on its own (``UNSPACED_MIN_WORD_CHARS``)."""

from __future__ import annotations

from cleaner import clean
from cleaner.blocks import segment
from cleaner.parse.features import Reading, kept_prose_language, kept_reading, measure, size_of, text_size

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

MENU = "English | Français | Deutsch | 简体中文"


def test_a_language_menu_in_a_script_without_spaces_leaves_an_english_text_in_words() -> None:
    text = "\n".join([MENU, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS])
    features = measure(segment(text))
    assert not any(features.unspaced)
    assert features.language == "en"


def test_a_japanese_text_is_measured_in_characters() -> None:
    sentence = "図書館は二年間の改修工事を終えて土曜日の朝に再開しました。"
    features = measure(segment("\n".join([MENU, *[sentence] * 4])))
    assert features.unspaced == (False, True, True, True, True)


def test_cleaning_a_page_with_such_a_menu_again_changes_nothing() -> None:
    page = "\n".join([MENU, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS, "Share this article", MENU])
    once = clean(page).text
    assert clean(once).text == once


def test_other_lines_do_not_change_how_a_line_is_measured() -> None:
    """Issue 13, D3: the share of letters in a script without spaces once decided it for the
    whole text: a copy of a long Latin line (a doubled headline, which the first cleaning
    removes) kept the share under the threshold, and the cleaned text, without it, was
    measured in characters."""
    latin, cjk = "abc" * 2000, "辰" * 600
    with_copy = measure(segment("\n".join([latin, latin, cjk, *LIBRARY_PARAGRAPHS]) + "\n"))
    without = measure(segment("\n".join([latin, cjk, *LIBRARY_PARAGRAPHS]) + "\n"))
    assert with_copy.unspaced[1:] == without.unspaced
    assert with_copy.lengths[1:] == without.lengths


GERMAN_NOTICE = [
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten und die Zugriffe zu analysieren.",
    "Mit einem Klick auf Akzeptieren stimmen Sie der Verwendung aller Cookies zu, die Sie widerrufen können.",
    "Diese Einstellungen können Sie jederzeit in der Datenschutzerklärung dieser Seite ändern.",
    "Wir geben keine Daten an Dritte weiter, die nicht für den Betrieb der Seite nötig sind.",
]


def test_the_language_of_the_kept_lines_is_the_one_they_measure_alone() -> None:
    """Issue 13, D3: chrome in another language can name the page's language; without it
    the kept text is in its own, and a second cleaning measures prose with that one's list."""
    blocks = segment("\n".join([*GERMAN_NOTICE, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS[:2]]) + "\n")
    features = measure(blocks)
    notice = range(len(GERMAN_NOTICE))
    kept_alone = measure(segment("\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS[:2]]) + "\n"))
    assert features.prose_language == "de"
    assert kept_prose_language(blocks, features, notice) == kept_alone.prose_language == "en"
    assert kept_prose_language(blocks, features, ()) == "de"


def test_the_reading_of_the_kept_lines_is_the_one_they_measure_alone() -> None:
    """Issue 13, D3: which language's function words measure prose, and whether every line
    must hold some, are what the kept lines alone would give; a reading given to ``measure``
    is taken as it is."""
    blocks = segment("\n".join([*GERMAN_NOTICE, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS[:2]]) + "\n")
    features = measure(blocks)
    notice = range(len(GERMAN_NOTICE))
    assert features.reading == Reading("de", True)
    kept_alone = measure(segment("\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS[:2]]) + "\n"))
    assert kept_reading(blocks, features, notice) == kept_alone.reading == Reading("en", True)
    assert kept_reading(blocks, features, ()) == features.reading
    # German function words are too few in the English lines kept: none are asked of them
    german = measure(blocks, Reading("de", True))
    assert kept_reading(blocks, german, notice) == Reading("en", True)
    unasked = measure(blocks, Reading("de", False))
    assert unasked.reading == Reading("de", False)
    assert unasked.stopword_ratio == german.stopword_ratio


def test_the_function_word_bar_of_the_kept_lines_is_theirs() -> None:
    """Lines in a language without a list read as unknown alone, whatever chrome in a
    listed language lifted the page's share of function words."""
    english = ["We noticed that you are using an ad blocker on this site, and we ask you to turn it off."] * 3
    lines = [f"Keskustelu jatkuu huomenna kaupungintalolla, kertoo {n}. tiedote." for n in range(8)]
    blocks = segment("\n".join([*english, *lines]) + "\n")
    features = measure(blocks, Reading("en", True))
    assert kept_reading(blocks, features, range(3)) == Reading("en", False)


def test_the_light_size_of_a_text_is_its_measured_size() -> None:
    """``size_of`` (an HTML page's visible text) skips the language and function words, and
    sizes a text as ``text_size`` over its measured blocks does."""
    sentence = "図書館は二年間の改修工事を終えて土曜日の朝に再開しました。"
    text = "\n".join([MENU, LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS, sentence * 3, "Share", "x" * 400])
    blocks = segment(text)
    assert size_of(text) == text_size(blocks, measure(blocks))
    assert 0 < size_of(text).prose < size_of(text).chars
