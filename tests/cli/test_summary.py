"""The summary at the end of ``cleaner clean``: plain text where standard error is not a terminal."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from cleaner.batch.report import Report
from cleaner.batch.steps import Outcome
from cleaner.cli.summary import print_summary, rich_console

from .test_commands import ARTICLE, ENVIRONMENT, command


def summary_of(tmp_path: Path, environment: dict[str, str]) -> list[str]:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("one.txt", "two.txt", "three.txt"):
        (source / name).write_text(ARTICLE, encoding="utf-8")
    (source / f"{'long-name-' * 12}.pdf").write_bytes(b"%PDF")
    done = subprocess.run(
        command("clean", source, tmp_path / "out"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()


def test_the_summary_labels_the_score_bins_and_counts_removals_per_rule(tmp_path: Path) -> None:
    lines = summary_of(tmp_path, {**ENVIRONMENT, "FORCE_COLOR": "1", "COLUMNS": "30"})
    bins = [line for line in lines if re.match(r"\d\.\d–\d\.\d │", line)]
    assert [line[:7] for line in bins] == [f"0.{i}–{(i + 1) / 10:.1f}" for i in range(10)]
    counts = [int(line.rsplit(" ", 1)[1]) for line in bins]
    assert sum(counts) == 3
    assert any(re.fullmatch(r"\d\.\d–\d\.\d │ █+ 3", line) for line in bins), bins
    assert any(re.fullmatch(r"RM101 +readmore\.keep-reading +3", line) for line in lines), lines
    assert any(re.fullmatch(r"cleaned +3", line) for line in lines), lines
    assert any(re.fullmatch(r"ignored +1 \(files below\)", line) for line in lines), lines
    assert "  " + "long-name-" * 12 + ".pdf: not an input (.pdf)" in "\n".join(lines), "not wrapped"
    assert not any("\x1b" in line or line != line.rstrip() for line in lines), "plain text"


def summary_text(outcomes: list[Outcome]) -> list[str]:
    report = Report("in", "out", 1, {})
    for outcome in outcomes:
        report.outcome(outcome)
    report.finish()
    stream = io.StringIO()
    print_summary(rich_console(stream), report)
    return stream.getvalue().splitlines()


def test_the_ignored_count_says_how_many_are_files_below_and_how_many_blank_lines() -> None:
    pdf = Outcome("paper.pdf", "ignored", reason="not an input (.pdf)")
    blank = [Outcome("dump.jsonl", "ignored", line=n, reason="blank line") for n in (2, 5)]
    lines = summary_text([pdf, *blank])
    assert any(re.fullmatch(r"ignored +3 \(1 file below, 2 blank lines\)", line) for line in lines), lines
    assert "  paper.pdf: not an input (.pdf)" in lines and not any("dump.jsonl" in line for line in lines)
    only_blank = summary_text(blank)
    assert any(re.fullmatch(r"ignored +2 \(blank lines\)", line) for line in only_blank), only_blank
    only_files = summary_text([pdf])
    assert any(re.fullmatch(r"ignored +1 \(files below\)", line) for line in only_files), only_files


def test_the_rules_left_out_are_counted_on_a_line_of_their_own() -> None:
    """More rules than the table shows: one line says how many more, unwrapped (a caption
    wrapped at the table's width), with no trailing spaces."""
    codes = tuple(f"XX{n:03d}" for n in range(9))
    lines = summary_text([Outcome("a.txt", "cleaned", score=0.5, rules=codes, page_type="article")])
    assert "and 4 more rules (--report lists them)" in lines, lines
    assert not any(line != line.rstrip() for line in lines)
