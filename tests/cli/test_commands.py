"""The command line, run as users run it: ``python -m cleaner.cli`` in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean

from ..conftest import ROOT

ARTICLE = (
    "Town library reopens after two years of repairs\n\n"
    "The town library reopened on Saturday morning after a renovation that took almost two years "
    "and cost far more than the council had planned when the work began in the spring of 2021.\n\n"
    "Keep Reading\n\n"
    "Builders replaced the leaking roof, rewired all three floors and added a lift, so that readers "
    "who use a wheelchair can reach the reading room upstairs for the first time since it was built.\n\n"
    "The head librarian said that more than four hundred people had come through the doors before "
    "noon, many of them children who queued for the new picture books in the basement.\n"
)
"""An article with one chrome line ("Keep Reading", RM101) between its paragraphs."""

MAX_LINES = 200_000
"""The default Config.max_lines: a file with more lines is refused."""


def command(*args: str | Path) -> list[str]:
    """The command line of ``cleaner ARGS``, as a subprocess runs it."""
    return [sys.executable, "-m", "cleaner.cli", *map(str, args)]


ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT)}
"""The environment the CLI runs in: this checkout's package first."""


def run(*args: str | Path, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m cleaner.cli ARGS`` (from the repository root); never raises on exit codes."""
    return subprocess.run(
        command(*args),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENVIRONMENT,
        check=False,
        timeout=120,
    )


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder with two articles (one in a subfolder) and a file that is not .txt."""
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "sub" / "two.txt").write_bytes(ARTICLE.replace("Keep Reading", "Weiterlesen").encode())
    (source / "notes.md").write_text("not an article", encoding="utf-8")
    return source


def test_clean_writes_one_output_per_txt_file_in_the_same_layout(articles: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    done = run("clean", articles, output)
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    assert written == ["one.txt", "sub/two.txt"]
    for name in written:
        expected = clean((articles / name).read_bytes()).text
        assert (output / name).read_text(encoding="utf-8") == expected
    assert "Keep Reading" not in (output / "one.txt").read_text(encoding="utf-8")


def test_clean_prints_a_summary_table_at_the_end(articles: Path, tmp_path: Path) -> None:
    done = run("clean", articles, tmp_path / "out")
    assert re.search(r"^cleaned +2$", done.stderr, re.MULTILINE), done.stderr
    assert re.search(r"^skipped +0$", done.stderr, re.MULTILINE)
    assert re.search(r"^RM101 +readmore.keep-reading +2$", done.stderr, re.MULTILINE)
    assert done.stdout == ""


def test_quiet_prints_nothing_and_verbose_a_line_per_article(articles: Path, tmp_path: Path) -> None:
    quiet = run("clean", "-q", articles, tmp_path / "quiet")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    verbose = run("clean", "-v", articles, tmp_path / "verbose")
    assert "cleaned one.txt: score" in verbose.stderr
    assert "cleaned sub/two.txt: score" in verbose.stderr


def test_clean_takes_select_and_ignore(articles: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    done = run("clean", "--ignore", "CM101,RM101", articles, output)
    assert done.returncode == 0, done.stderr
    assert "Keep Reading" in (output / "one.txt").read_text(encoding="utf-8")


def test_clean_of_a_missing_input_exits_2_with_a_message(tmp_path: Path) -> None:
    source = tmp_path / "missing"
    done = run("clean", source, tmp_path / "out")
    assert done.returncode == 2
    assert f"no such file or folder: {source}" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("output", ["in", "in/one.txt"], ids=["the-input-folder", "a-file"])
def test_clean_of_a_folder_into_itself_or_a_file_exits_2(articles: Path, output: str) -> None:
    done = run("clean", articles, articles.parent / output)
    assert done.returncode == 2
    assert "cleaner: error:" in done.stderr
    assert (articles / "one.txt").read_text(encoding="utf-8") == ARTICLE


def test_clean_of_one_file_writes_the_output_file(articles: Path, tmp_path: Path) -> None:
    done = run("clean", articles / "one.txt", tmp_path / "one-clean.txt")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "one-clean.txt").read_text(encoding="utf-8") == clean(ARTICLE).text


def test_clean_of_stdin_to_stdout_prints_the_cleaned_article() -> None:
    done = run("clean", "-", "-", stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == clean(ARTICLE).text


def test_an_oversized_file_is_skipped_with_exit_1_and_the_good_ones_are_written(
    articles: Path, tmp_path: Path
) -> None:
    (articles / "huge.txt").write_text("x\n" * (MAX_LINES + 1), encoding="utf-8")
    output = tmp_path / "out"
    done = run("clean", articles, output)
    assert done.returncode == 1
    assert f"skipped huge.txt: input has more than max_lines={MAX_LINES} lines" in done.stderr
    assert (output / "one.txt").is_file() and (output / "sub" / "two.txt").is_file()
    assert not (output / "huge.txt").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_skipped_with_exit_1_and_the_good_ones_are_written(
    articles: Path, tmp_path: Path
) -> None:
    locked = articles / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        output = tmp_path / "out"
        done = run("clean", articles, output)
    finally:
        locked.chmod(0o644)
    assert done.returncode == 1
    assert "locked.txt" in done.stderr
    assert (output / "one.txt").is_file() and not (output / "locked.txt").exists()


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_is_skipped_with_exit_1_and_the_good_ones_are_written(
    articles: Path, tmp_path: Path
) -> None:
    (articles / "broken.txt").symlink_to("/proc/self/mem")  # a regular file whose read fails (EIO)
    output = tmp_path / "out"
    done = run("clean", articles, output)
    assert done.returncode == 1
    assert "skipped broken.txt: cannot read: Input/output error" in done.stderr
    assert (output / "one.txt").is_file() and not (output / "broken.txt").exists()


def test_an_undecodable_file_is_cleaned_with_a_warning(articles: Path, tmp_path: Path) -> None:
    (articles / "odd.txt").write_bytes(bytes(range(128, 256)) * 20)
    done = run("clean", articles, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning odd.txt: undecodable bytes replaced by U+FFFD" in done.stderr
    assert (tmp_path / "out" / "odd.txt").is_file()


def test_a_binary_file_is_skipped_with_exit_1(articles: Path, tmp_path: Path) -> None:
    (articles / "binary.txt").write_bytes(bytes(range(256)) * 20)
    done = run("clean", articles, tmp_path / "out")
    assert done.returncode == 1
    assert "skipped binary.txt: binary (NUL bytes)" in done.stderr
    assert not (tmp_path / "out" / "binary.txt").exists()


def test_explain_marks_removed_lines_with_their_rule_codes(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    done = run("explain", path)
    assert done.returncode == 0, done.stderr
    assert "- Keep Reading\n    [RM101 readmore.keep-reading] Read-more" in done.stdout
    assert "  Town library reopens after two years of repairs" in done.stdout
    assert "\n\nscore " in done.stdout


def test_explain_of_a_missing_file_exits_2_with_a_message(tmp_path: Path) -> None:
    done = run("explain", tmp_path / "missing.txt")
    assert done.returncode == 2
    assert "missing.txt" in done.stderr


def test_rules_lists_every_rule_code_with_pack_and_built_in_rules() -> None:
    done = run("rules")
    assert done.returncode == 0, done.stderr
    codes = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    assert {"CM101", "RM101", "ST101", "ST105", "RP101"} <= codes
    assert "comments.reply-form" in done.stdout


def test_rules_markdown_prints_a_table() -> None:
    done = run("rules", "--markdown")
    assert done.returncode == 0, done.stderr
    assert "| CM101 | comments.reply-form |" in done.stdout


def test_a_bad_rule_pack_exits_2_naming_the_file(tmp_path: Path) -> None:
    pack = tmp_path / "widgets.toml"
    pack.write_text('[[rule]]\ncode = "ZZ901"\nname = "widgets.x"\n', encoding="utf-8")
    done = run("rules", "--rules", pack)
    assert done.returncode == 2
    assert str(pack) in done.stderr and "ZZ901" in done.stderr


def test_a_usage_error_exits_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2


def test_a_reader_that_stops_early_ends_the_run_without_a_traceback(tmp_path: Path) -> None:
    """``cleaner clean IN - | head -1``: the pipe closes under the writer; exit 141 as a
    pipeline stage killed by SIGPIPE, nothing on stderr."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(300):
        (folder / f"a{n:03d}.txt").write_text(ARTICLE, encoding="utf-8")
    command = [sys.executable, "-m", "cleaner.cli", "clean", str(folder), "-", "-q", "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in errors, errors
