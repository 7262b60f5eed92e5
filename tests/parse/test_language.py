"""``Result.language``: the language identified (``parse.language.identify``, CLD2), an ISO
639-1 code, or ``und`` when the text is too short to tell or the identifier is unsure."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cleaner import clean
from cleaner.blocks import segment
from cleaner.parse.features import measure
from cleaner.parse.language import SAMPLE_CHARS, UNDETERMINED, identify

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS, ROOT

ARTICLES = {
    "en": "\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS]),
    "de": "Die Stadtbibliothek öffnet nach zwei Jahren wieder\n"
    "Die Stadtbibliothek hat am Samstagmorgen nach einer Renovierung wieder geöffnet, die fast zwei "
    "Jahre gedauert und viel mehr gekostet hat, als der Gemeinderat geplant hatte.\n"
    "Die Handwerker haben das undichte Dach ersetzt, alle drei Etagen neu verkabelt und einen Aufzug "
    "eingebaut, damit auch Leser im Rollstuhl den Lesesaal im ersten Stock erreichen können.",
    "fr": "La bibliothèque municipale rouvre ses portes\n"
    "La bibliothèque municipale a rouvert samedi matin après des travaux qui ont duré presque deux ans "
    "et coûté bien plus que ce que le conseil avait prévu au début du chantier.\n"
    "Les ouvriers ont remplacé le toit qui fuyait, refait l'électricité des trois étages et installé un "
    "ascenseur, pour que les lecteurs en fauteuil puissent enfin monter à la salle de lecture.",
    "pl": "Biblioteka miejska znów otwarta po dwóch latach remontu\n"
    "Biblioteka miejska została ponownie otwarta w sobotę rano po remoncie, który trwał prawie dwa lata "
    "i kosztował znacznie więcej, niż rada miasta planowała na początku prac.\n"
    "Robotnicy wymienili przeciekający dach, położyli nową instalację elektryczną na wszystkich trzech "
    "piętrach i zamontowali windę, dzięki której czytelnicy na wózkach dotrą do czytelni na górze.",
    "ru": "Городская библиотека снова открылась после ремонта\n"
    "Городская библиотека снова открылась в субботу утром после ремонта, который продолжался почти два "
    "года и обошёлся намного дороже, чем планировал городской совет.\n"
    "Рабочие заменили протекавшую крышу, провели новую проводку на всех трёх этажах и установили лифт, "
    "чтобы читатели в инвалидных колясках могли подняться в читальный зал.",
    "zh": "市图书馆在整修两年后重新开放\n"
    "市图书馆在经过将近两年的整修之后，于星期六上午重新开放，整修费用远远超过了市议会当初的预算。\n"
    "工人们更换了漏水的屋顶，重新铺设了三层楼的电线，并安装了一部电梯，让坐轮椅的读者也能到楼上的阅览室。",
    "ja": "市立図書館が二年ぶりに再開\n"
    "市立図書館は、ほぼ二年に及んだ改修工事を終えて、土曜日の朝に再開しました。費用は市議会の当初の予算を大きく上回りました。\n"
    "作業員は雨漏りのする屋根を取り替え、三つの階の配線をやり直し、車いすの利用者も二階の閲覧室に行けるようにエレベーターを設置しました。",
}


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_an_article_is_identified_by_its_iso_639_1_code(code: str) -> None:
    assert clean(ARTICLES[code]).language == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "12 345 6789 2024 10:45 3.14 99 100 2000",
        "1 2 3 4 5 6 7 8 9 10.",
        "Home About Contact Login",
        "Home | News | Sports | Weather | Login | Register | Search",
        "Posted 12/03/2024 | 14:05",
        "SKU 12345 Price $19.99 Qty 2 Total $39.98",
        "xkq zzvt prtw wqqo jjfa klmn vvbe qqxz wrtp bbnm.",
        "*** --- ### ||| >>> <<<",
    ],
)
def test_numbers_menus_and_gibberish_are_und(text: str) -> None:
    assert clean(text).language == UNDETERMINED == "und"


def test_a_page_without_sentences_is_identified_by_its_lines_when_they_are_many() -> None:
    menu = "\n".join(["Startseite", "Nachrichten aus der Region", "Wetter und Verkehr", "Über uns"])
    labels = "\n".join(f"Preis für Kinder unter zwölf Jahren {n} Euro" for n in range(12))
    assert clean(menu).language == UNDETERMINED
    assert clean(f"{menu}\n{labels}").language == "de"


def test_characters_cld2_refuses_as_utf8_leave_the_language_known() -> None:
    refused = "".join(map(chr, [0x00, 0x85, 0x9F, 0xD800, 0xFDD0, 0xFFFE, 0x10FFFF]))
    text = ARTICLES["pl"].replace(" ", f" {refused} ", 3)
    assert clean(text).language == "pl"
    assert identify(refused * 100, refused * 100).code == UNDETERMINED


def test_a_language_without_a_function_word_list_measures_prose_by_the_vote() -> None:
    polish = measure(segment(ARTICLES["pl"]))
    english = measure(segment(ARTICLES["en"]))
    assert (polish.language, english.language) == ("pl", "en")
    assert english.prose_language == "en"
    assert polish.prose_language in {"en", "de", "fr", "es", "it", "pt", "nl"}


def test_a_huge_input_costs_what_its_sample_costs() -> None:
    huge = ARTICLES["de"] * (20_000_000 // len(ARTICLES["de"]))
    started = time.perf_counter()
    language = identify(huge, huge).code
    assert time.perf_counter() - started < 0.5  # about a millisecond: only SAMPLE_CHARS are read
    assert language == identify(huge[:SAMPLE_CHARS], "").code == "de"


def test_threads_sharing_the_identifier_get_the_same_answers() -> None:
    texts = [*ARTICLES.values(), "Home About Contact Login"] * 25
    alone = [identify(text, text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda text: identify(text, text), texts))
    assert together == alone
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda text: clean(text).language, texts[:16])) == [
            clean(text).language for text in texts[:16]
        ]


def test_importing_cleaner_does_not_load_the_identifier() -> None:
    code = "import sys, cleaner; print('pycld2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
