"""A short run of the fuzz target (``benchmarks/fuzz.py``; the long one is run by hand), and
the defects fuzzing found in ``clean()`` (issue 13), each pinned by the input that showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fuzz import Finding, check, fuzz, generate, shrink
from benchmarks.fuzz_cli import check as check_command
from benchmarks.fuzz_cli import folders, lost_records
from cleaner import InputTooLargeError, clean
from cleaner.testing import ALL_LINE_BREAKS, assert_contract

FUZZ_SECONDS = 15.0
"""The short run: long enough for a few hundred inputs, large ones among them."""
CLI_FUZZ_SECONDS = 10.0
"""The short run of the command: a handful of folders, each a new process."""
FUZZ_SEED = 13
"""The short run's inputs are the same in every run of the suite."""

PARAGRAPH = "The harbour authority approved the repair plan for the northern quay after the storm"


def test_a_short_fuzz_run_finds_nothing() -> None:
    """No exception, no broken contract, no slow input, and cleaning the cleaned text again
    changes nothing (issue 13, D3)."""
    findings: list[Finding] = []
    tried = fuzz(FUZZ_SECONDS, findings.append, seed=FUZZ_SEED)
    assert tried >= 50
    assert findings == []


def test_a_finding_is_cut_down_to_the_lines_that_fail() -> None:
    text = "".join(f"line {n}\n" for n in range(40)) + "needle\r\n" + "".join(f"more {n}\n" for n in range(9))
    assert shrink(text, lambda candidate: "needle" in candidate) == "needle\n"


def test_check_reports_an_exception_that_is_not_a_cleaner_error() -> None:
    (finding,) = check(12)  # type: ignore[arg-type]
    assert finding.kind == "exception" and finding.detail.startswith("TypeError")


def test_a_lone_surrogate_in_an_article_of_over_200_paragraphs_is_cleaned() -> None:
    """D1: past 200 paragraphs the repeats detector hashes words for MinHash, and a word with
    a lone surrogate raised UnicodeEncodeError, not a CleanerError."""
    paragraphs = [f"{PARAGRAPH}, said speaker number {n} of the {n * 7} at the meeting." for n in range(201)]
    paragraphs[100] = paragraphs[100].replace("harbour", "harb\udc80our")
    text = "\n\n".join(paragraphs) + "\n"
    assert_contract(text, clean(text))


@pytest.mark.parametrize("brk", ALL_LINE_BREAKS, ids=list(map(ascii, ALL_LINE_BREAKS)))
def test_the_line_cap_counts_every_kind_of_line_break(brk: str) -> None:
    """D2: ``max_lines`` counted only "\\n", so three million lines ending in "\\r" (9 MB)
    were segmented, taking 20 s and 1.8 GB, where the same with "\\n" was refused at once."""
    with pytest.raises(InputTooLargeError, match="max_lines=1000"):
        clean(("ok" + brk) * 1_001, max_lines=1_000)
    assert clean(("ok" + brk) * 1_000, max_lines=1_000).text is not None


def test_a_short_fuzz_run_of_the_command_finds_nothing() -> None:
    """Generated folders through ``cleaner clean`` (issue 13): exit 0 or 1, a report, every
    JSONL line out for every line in, within the time bound."""
    problems: list[list[str]] = []
    tried = generate(
        CLI_FUZZ_SECONDS, folders(), lambda folder: problems.append(check_command(folder)), seed=FUZZ_SEED
    )
    assert tried >= 3
    assert [found for found in problems if found] == []


def test_the_command_fuzz_sees_a_lost_record(tmp_path: Path) -> None:
    folder = {"f0.jsonl": b'{"id": "a", "text": "hello"}\n{broken\n\n[1, 2]\n'}
    (tmp_path / "f0.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
    assert lost_records(folder, tmp_path) == ["f0.jsonl: 3 lines in, 1 out"]


def test_a_page_whose_language_goes_with_its_chrome_is_cleaned_once() -> None:
    """D3: one German copyright line made CLD2 call this page of junk and repeated English
    phrases German; the line went as chrome, the cleaned text read as no language, prose was
    then measured with English function words, and a second cleaning cut a junk line as head
    chrome. The kept text's language now measures prose in the first cleaning too."""
    lines = [
        "\x1fô" * 200,
        "by the abandoned quarry " * 16,
        "© 2024 Axel Springer SE. Alle Rechte vorbehalten.",
        "y/\x12\U000116f8\t\xa0²{\U0001c722Ì\x12Êü" * 25,
        "in the river valley " * 20,
        "at the open-air arena " * 19,
    ]
    once = clean("\n".join(lines))
    assert "Axel Springer" not in once.text
    assert clean(once.text).text == once.text


def test_a_page_whose_type_goes_with_a_line_at_its_edge_is_cleaned_once() -> None:
    """D3: a reporting credit at the end (dropped by a tail rule) held enough of this page's
    prose that its two opening paragraphs fell just short of the share that makes one run:
    cleaned as spread content, the credit went, and the cleaned text then read as an article,
    which a second cleaning cut down. The kept text's type now decides the first cleaning."""
    junk = [
        "\u0365\x16\ufffd\ufffd\ufffd\u05b0\ufffd\ufffd\ufffd\u1acb\u0351\x87\ufffd\ufffd\ufffd\u0614\u0345",
        "\u0d00\x94\U000e0183",
        "\x14\x08\x87\u05ad\u064c\x89\u0357\ufffd\ufffd\ufffd",
        "\u1bad\u0483",
        "November 4, 2024",
        "\U0002127f\U000510ec\xcb\U0008515d\xe1\xba",
        "\x88q\U0010c297",
    ]
    lines = [
        "It was before sunset that a local choir rehearsed the whole lineup at the open-air arena! It was "
        "in the rain that a local choir postponed an unfinished symphony on the lakeside meadow.",
        "Will the software company patch the mobile banking app on its servers again? By the end of the "
        "week, a small startup exposed the data centre in a public report, but the regulator upgraded a "
        "security flaw on the cloud platform. In a matter of hours, independent researchers exposed "
        "customer passwords on its servers, so a small startup exposed a security flaw on its servers. A "
        "small startup had patched a security flaw in a public report. The software company had upgraded "
        "a security flaw on its servers!",
        *junk,
        "The conductor said that the orchestra had recorded the opening concert in the cathedral! The "
        "orchestra performed an unfinished symphony on the lakeside meadow on the final night. The "
        "festival organisers had recorded the opening concert on the lakeside meadow. It was before "
        "sunset that a local choir rehearsed the whole lineup in a striped tent. On the final night, a "
        "local choir performed the opening concert in the cathedral, a festival volunteer said!",
        "(Reporting by Anna Smith in Niamey; Editing by Mark Heinrich)",
    ]
    once = clean("\n".join(lines))
    assert "Reporting by" not in once.text
    assert clean(once.text).text == once.text


def test_a_dateline_does_not_choose_the_function_words_of_unnamed_sentences() -> None:
    """D3: CLD2 named no language for these repeated phrases once the English cookie line
    went; the Portuguese dateline then named the page, its function words found no prose,
    and the next cleaning cut more. Only sentences now choose the function-word list."""
    phrases = [
        ("in the ancient woodland ", 96),
        ("on the coastal line ", 18),
        ("on a muddy pitch ", 104),
        ("in primary classrooms ", 19),
        ("by the abandoned quarry ", 64),
    ]
    lines = [
        "sexta-feira, 22 de outubro de 2010 às 20:13",
        *(phrase * times for phrase, times in phrases),
        "We and our partners store and/or access information on a device, such as cookies and "
        "process personal data.",
        "in a climate-controlled vault " * 33,
    ]
    once = clean("\n".join(lines) + "\n")
    assert "our partners" not in once.text
    assert clean(once.text).text == once.text


def test_a_page_whose_function_word_language_cycles_is_cleaned_once() -> None:
    """D3: a 30-minute fuzz run (seed 43) found this page of consent and credit lines in six
    languages, their accents garbled. Its vote of function words picks Spanish; without the
    German consent line the kept text's picks English; measured with English, three lines
    go and the kept text's vote is Spanish again. A cleaning that ended in either state was
    cut further by a second; where readings cycle, the one keeping the most is taken."""
    lines = [
        "Ao continuar navegando, voc\u0413\u04d8 concorda com o uso de cookies.",
        "Vous devez \u0413\u04d8tre connect\u0413\xa9 pour publier un commentaire.",
        "Wir und unsere Partner speichern und/oder greifen auf Informationen auf einem Ger\u0413\u04e8t zu.",
        "Al hacer clic en \u0412\xabAceptar todo\u0412\xbb, aceptas que las cookies se guarden en tu "
        "dispositivo.",
        "Windows \u0413\u0401 un marchio registrato di Microsoft Corporation negli Stati Uniti e in "
        "altri paesi.",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Por Jo\u0413\u0408o Silva",
    ]
    once = clean("\n".join(lines) + "\n")
    assert clean(once.text).text == once.text


def test_a_page_whose_function_words_run_short_once_its_chrome_goes_is_cleaned_once() -> None:
    """D3: the unshrunk input of that seed-43 finding held another cause. Its one English
    line (an ad-blocker notice) lifted the page's share of English function words over the
    bar above which every line must hold some: the other lines, in other languages, were no
    prose, and a junk line after them stayed as part of spread content. Once the notice went,
    the share fell under the bar, those lines were prose, and a second cleaning cut the junk
    line after the last of them. The kept text's reading now includes that bar."""
    lines = [
        "Ao continuar navegando, voc\u0413\u04d8 concorda com o uso de cookies.",
        "Vous devez \u0413\u04d8tre connect\u0413\xa9 pour publier un commentaire.",
        "Al hacer clic en \u0412\xabAceptar todo\u0412\xbb, aceptas que las cookies se guarden en tu "
        "dispositivo.",
        "We noticed you're using an ad blocker.",
        "Windows \u0413\u0401 un marchio registrato di Microsoft Corporation negli Stati Uniti e in "
        "altri paesi.",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Has alcanzado el l\u0413\u04efmite de art\u0413\u04efculos gratuitos.",
        "\u041c\xb7\u041d\u04ee\u041d\u04a2",
    ]
    once = clean("\n".join(lines) + "\n")
    assert "ad blocker" not in once.text
    assert clean(once.text).text == once.text
