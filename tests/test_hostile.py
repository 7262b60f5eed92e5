"""Hostile input gets a clear error or a result, never a crash or unbounded work."""

from __future__ import annotations

import pytest

from cleaner import Config, ConfigError, InputTooLargeError, clean


def test_more_lines_than_max_lines_is_refused() -> None:
    with pytest.raises(InputTooLargeError, match="max_lines"):
        clean("a\n" * 1_001, max_lines=1_000)


def test_more_bytes_than_max_bytes_is_refused() -> None:
    with pytest.raises(InputTooLargeError, match="max_bytes"):
        clean(b"x" * 2_001, max_bytes=2_000)
    with pytest.raises(InputTooLargeError, match="max_bytes"):
        clean("é" * 1_001, max_bytes=2_000)


def test_a_single_huge_line_is_cleaned_without_pattern_work() -> None:
    line = "The council met on Tuesday and approved the plan after a long debate. " * 20_000
    assert clean(line).text == line


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00" * 10_000,
        bytes(range(256)) * 100,
        b"\xff\xfe" + "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.".encode("utf-16-le"),
        "(" * 50_000,
        "a" * 100_000 + "\n" + "Share " * 5_000,
        "\u2028".join(["Line one of the text, separated oddly.", "Line two of the text."] * 500),
    ],
    ids=["nul", "binary", "utf16-bom", "brackets", "long-tokens", "unicode-separators"],
)
def test_odd_input_returns_a_result(raw: str | bytes) -> None:
    result = clean(raw)
    assert 0.0 <= result.score <= 1.0


def test_a_text_without_prose_is_kept_and_scored_low() -> None:
    """No line reads as prose, so nothing says where content would be: the text is kept but
    for what a rule names (never worse than the uncleaned text), and the score says how
    little it holds."""
    result = clean("Home\nNews\nSport\nContact\n")
    assert result.text.startswith("Home\nNews\nSport\n")
    assert result.signals["too_short"] > 0.9
    assert result.score < 0.75


def test_max_lines_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="max_lines"):
        Config(max_lines=0)
