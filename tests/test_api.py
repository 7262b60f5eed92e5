"""The Python API: what ``clean`` accepts and refuses, what a ``Result`` offers, and the
assertion helpers of ``cleaner.testing``."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from cleaner import (
    Cleaner,
    CleanerError,
    Config,
    ConfigError,
    InputTooLargeError,
    Removal,
    Result,
    RulePackError,
    clean,
)
from cleaner.testing import INSTALL_HINT, assert_contract, assert_keeps, assert_removes

from .conftest import ROOT

TITLE = "Zürich library reopens after two years of repairs"
PARAGRAPHS = (
    "The town library in Zürich reopened on Saturday morning after a renovation that took almost "
    "two years and cost far more than the council had planned when the work began.",
    "Builders replaced the leaking roof, rewired all three floors and added a lift, so that readers "
    "who use a wheelchair can reach the café and the reading room upstairs for the first time.",
    "The head librarian said that more than four hundred people had come through the doors before "
    "noon, many of them children who queued for the new picture books in the basement.",
)
ARTICLE = f"{TITLE}\n\n{PARAGRAPHS[0]}\n\nKeep Reading\n\n{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}\n"
"""An article with non-ASCII letters and one chrome line, "Keep Reading" (RM101)."""


# --------------------------------------------------------------------------- input


def test_text_and_its_utf8_bytes_give_the_same_result() -> None:
    assert clean(ARTICLE.encode("utf-8")) == clean(ARTICLE)


def test_a_utf8_byte_order_mark_is_dropped_when_decoding() -> None:
    result = clean(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert result == clean(ARTICLE)
    assert not result.original().startswith("\ufeff")


def test_latin1_bytes_are_decoded_by_their_sniffed_charset() -> None:
    result = clean(ARTICLE.encode("latin-1"))
    assert result.original() == ARTICLE
    assert_keeps(result, PARAGRAPHS[1])
    assert_removes(result, "Keep Reading", code="RM101")


@pytest.mark.parametrize("raw", [None, 42, 4.2, ["text"], {"text": "x"}, memoryview(b"text")])
def test_anything_but_str_or_bytes_is_a_type_error(raw: Any) -> None:
    with pytest.raises(TypeError):
        clean(raw)


@pytest.mark.parametrize("raw", ["x" * 1_001, b"x" * 1_001, "é" * 501])
def test_input_past_max_bytes_raises_input_too_large(raw: str | bytes) -> None:
    with pytest.raises(InputTooLargeError, match="max_bytes"):
        clean(raw, max_bytes=1_000)


def test_input_at_max_bytes_is_cleaned() -> None:
    assert clean("x" * 1_000, max_bytes=1_000).original() == "x" * 1_000


def test_every_error_is_a_cleaner_error() -> None:
    for error in (InputTooLargeError, ConfigError, RulePackError):
        assert issubclass(error, CleanerError)


def test_an_empty_string_gives_an_empty_result() -> None:
    result = clean("")
    assert result.text == ""
    assert result.removals == ()
    assert 0.0 <= result.score <= 1.0
    assert_contract("", result)


def test_white_space_alone_is_not_an_error() -> None:
    raw = " \n\n\t\r\n"
    assert_contract(raw, clean(raw))


def test_html_is_read_as_a_page_and_keeps_its_contract() -> None:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    raw = (
        "<!DOCTYPE html>\n<html><head><title>Library</title><script>var x = '<p>';</script></head>\n"
        f"<body><nav><a href='/'>Home</a></nav>\n<h1>{TITLE}</h1>\n{paragraphs}"
        "<footer>&copy; 2024 <b>Town News</b></footer></body></html>\n"
    )
    result = clean(raw)
    assert_contract(raw, result)
    assert result.format == "html" and result.metadata["title"] == TITLE
    assert PARAGRAPHS[0] in result.text and "<p>" not in result.text and "Home" not in result.text
    broken = "<div><p>unclosed <b>tags <i>everywhere\n<<<>>>&&&;\n</html></html>"
    assert_contract(broken, clean(broken))


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("field", ["select", "ignore"])
def test_config_refuses_a_bare_string_as_a_selector_list(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        Config(**{field: "RM101"})
    with pytest.raises(ConfigError):
        clean(ARTICLE, **{field: "RM101"})


def test_config_takes_any_iterable_of_selectors() -> None:
    assert Config(select=["RM101"], ignore=("CM",)) == Config(select=("RM101",), ignore=["CM"])


@pytest.mark.parametrize("options", [{"max_bytes": 0}, {"max_lines": -1}, {"format": "pdf"}])
def test_config_refuses_invalid_values(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Config(**options)


def test_an_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        clean(ARTICLE, colour="blue")


def test_a_cleaner_gives_what_clean_gives_for_the_same_config() -> None:
    assert Cleaner(Config(ignore=["RM101"])).clean(ARTICLE) == clean(ARTICLE, ignore=["RM101"])


# --------------------------------------------------------------------------- the result


def test_the_result_is_the_article_without_its_chrome() -> None:
    result = clean(ARTICLE)
    assert result.text == f"{TITLE}\n\n{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}\n"
    assert [r.code for r in result.removals] == ["RM101"]
    removal = result.removals[0]
    assert isinstance(removal, Removal)
    assert ARTICLE[removal.start : removal.end] == removal.text
    assert removal.text.strip() == "Keep Reading"
    assert removal.name == "readmore.keep-reading" and removal.reason
    assert result.language == "en"


def test_original_rebuilds_the_input() -> None:
    for raw in (ARTICLE, "", "Home\nNews\n", f"{TITLE}\n{TITLE}\n\n{PARAGRAPHS[0]}\n\nLeave a Reply\nName\n"):
        assert clean(raw).original() == raw


def test_to_dict_is_json_serialisable_and_complete() -> None:
    result = clean(ARTICLE)
    record = json.loads(json.dumps(result.to_dict()))
    assert set(record) == {
        "text",
        "score",
        "signals",
        "issues",
        "language",
        "format",
        "metadata",
        "page_type",
        "removals",
    }
    assert record["text"] == result.text
    assert record["score"] == result.score
    assert record["signals"] == dict(result.signals)
    assert record["issues"] == list(result.issues)
    assert record["removals"] == [
        {f: getattr(r, f) for f in ("code", "name", "reason", "text", "start", "end")}
        for r in result.removals
    ]


def test_explain_marks_removed_lines_with_their_code_and_keeps_the_rest_plain() -> None:
    lines = clean(ARTICLE).explain().splitlines()
    assert "- Keep Reading    [RM101 readmore.keep-reading]" in lines
    assert f"  {TITLE}" in lines
    assert f"  {PARAGRAPHS[0]}" in lines
    assert lines[-1].startswith("score ")


def test_score_and_signals_are_in_range_and_issues_name_the_signals_above_zero() -> None:
    result = clean(ARTICLE)
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in result.signals.values())
    assert result.signals["chrome_share"] > 0
    assert "page-chrome" in result.issues


def test_a_clean_article_scores_higher_than_the_same_article_with_chrome() -> None:
    assert clean(clean(ARTICLE).text).score > clean(ARTICLE).score


def test_a_result_is_immutable() -> None:
    result = clean(ARTICLE)
    with pytest.raises(AttributeError):
        result.text = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- cleaner.testing


def test_assert_removes_passes_for_a_removed_line_and_names_the_wrong_code() -> None:
    result = clean(ARTICLE)
    assert_removes(result, "Keep  Reading")
    assert_removes(result, "Keep Reading", code="RM101")
    with pytest.raises(AssertionError, match="not by CM101"):
        assert_removes(result, "Keep Reading", code="CM101")
    with pytest.raises(AssertionError, match="no removal holds"):
        assert_removes(result, PARAGRAPHS[0])


def test_assert_keeps_ignores_white_space_and_fails_for_removed_text() -> None:
    result = clean(ARTICLE)
    assert_keeps(result, "  ".join(PARAGRAPHS[0].split()))
    with pytest.raises(AssertionError, match="not kept"):
        assert_keeps(result, "Keep Reading")


def _tampered(result: Result, **changes: Any) -> Result:
    fields = {name: getattr(result, name) for name in ("text", "removals", "score", "signals", "issues")}
    return Result(**{**fields, **changes, "language": result.language})


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ("text", "does not give result.text"),
        ("score", "score"),
        ("signal", "outside [0, 1]"),
        ("removal-text", "not the input's slice"),
        ("overlap", "starts before"),
    ],
)
def test_assert_contract_catches_a_broken_result(change: str, complaint: str) -> None:
    result = clean(ARTICLE)
    removal = result.removals[0]
    broken = {
        "text": lambda: _tampered(result, text=result.text + "extra"),
        "score": lambda: _tampered(result, score=1.5),
        "signal": lambda: _tampered(result, signals={**result.signals, "chrome_share": -0.1}),
        "removal-text": lambda: _tampered(result, removals=(Removal(**{**removal.to_dict(), "text": "x"}),)),
        "overlap": lambda: _tampered(result, removals=(removal, removal)),
    }[change]()
    assert_contract(ARTICLE, result)
    with pytest.raises(AssertionError, match="breaks its contract") as caught:
        assert_contract(ARTICLE, broken)
    assert complaint in str(caught.value)


def test_the_strategies_say_how_to_install_hypothesis_when_it_is_missing() -> None:
    script = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import cleaner.testing as t\n"
        "t.assert_contract('Some text here.', __import__('cleaner').clean('Some text here.'))\n"
        "try:\n    t.articles()\nexcept ImportError as e:\n    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert INSTALL_HINT in done.stdout
