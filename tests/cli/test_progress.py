"""The progress bar ``cleaner clean`` draws on a terminal, with every line printed whole above it."""

from __future__ import annotations

import fcntl
import io
import logging
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.console import Console as RichConsole

from cleaner.cli.progress import Bar

from .test_commands import ARTICLE, ENVIRONMENT, command

ROWS, COLUMNS = 40, 120
"""The pseudo-terminal's size."""
ESCAPE = re.compile(r"\x1b\[(\??)([\d;]*)([A-Za-z])")


def screen(shown: str) -> list[str]:
    """The lines a terminal shows after ``shown`` (and scrolled up), for the controls rich
    uses: carriage return, new line, cursor up, erase line; colours and the rest are ignored."""
    lines, row, column, at = [""], 0, 0, 0
    while at < len(shown):
        control = ESCAPE.match(shown, at)
        if control:
            private, number, code = control.groups()
            if code == "A" and not private:
                row = max(0, row - int(number or 1))
            elif code == "K" and not private:
                lines[row] = "" if number == "2" else lines[row][:column]
            at = control.end()
            continue
        char = shown[at]
        at += 1
        if char == "\r":
            column = 0
        elif char == "\n":  # as a terminal's line discipline sends it: "\r\n"
            row, column = row + 1, 0
            lines += [""] * (row + 1 - len(lines))
        else:
            line = lines[row].ljust(column)
            lines[row] = line[:column] + char + line[column + 1 :]
            column += 1
    return [line.rstrip() for line in lines]


def test_screen_keeps_what_was_printed_above_a_redrawn_line() -> None:
    assert screen("[##  ] 1/2\r\x1b[2Kskipped x\n[####] 2/2\n") == ["skipped x", "[####] 2/2", ""]
    assert screen("one\ntwo\x1b[1A\r\x1b[2Kthree\n") == ["three", "two"]


def on_terminal(*args: str | Path, stdout_too: bool = False) -> tuple[int, str]:
    """Run ``cleaner ARGS`` with standard error (and with ``stdout_too`` standard output) on
    a pseudo-terminal; its exit code and what the terminal was sent."""
    terminal, stderr = pty.openpty()
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    environment = {**ENVIRONMENT, "TERM": "xterm-256color"}
    stdout = stderr if stdout_too else subprocess.DEVNULL
    with subprocess.Popen(
        command(*args), stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=environment
    ) as process:
        os.close(stderr)
        shown = b"".join(iter(lambda: _read(terminal), b""))
    os.close(terminal)
    return process.returncode, shown.decode("utf-8", "replace")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO once the program has closed the terminal
        return b""


def test_a_skip_is_printed_on_a_line_of_its_own_above_the_bar(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for number in range(30):
        (source / f"{number:02d}.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "15-broken.txt").write_bytes(b"binary\x00bytes")
    code, shown = on_terminal("clean", source, tmp_path / "out", "--jobs", "1")
    lines = screen(shown)
    assert code == 1, shown  # finished, with a skip
    assert "skipped 15-broken.txt: binary (NUL bytes)" in lines, lines
    assert any("31/31 files, 30 articles" in line and "ETA" in line for line in lines), lines
    assert f"-> {tmp_path / 'out'}" in lines
    assert "\x1b[" in shown, "drawn for a terminal"


def test_records_written_to_the_terminal_are_not_torn_by_a_bar(tmp_path: Path) -> None:
    """OUT ``-`` on the terminal that shows the bar: the records stream there, so no bar is
    drawn between them; the summary still follows them."""
    source = tmp_path / "in"
    source.mkdir()
    for number in range(12):
        (source / f"{number:02d}.txt").write_text(ARTICLE, encoding="utf-8")
    code, shown = on_terminal("clean", source, "-", "--jobs", "1", stdout_too=True)
    assert code == 0, shown
    assert shown.count('"cleaner": {') == 12
    assert "ETA" not in shown
    assert shown.rindex('"cleaner": {') < shown.index("removals per rule") and shown.rstrip().endswith("-> -")


def test_what_the_main_process_logs_or_prints_to_stderr_goes_above_the_bar(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = io.StringIO()
    terminal = RichConsole(file=shown, force_terminal=True, width=COLUMNS)
    handler = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(handler)
    try:
        bar = Bar(terminal, files=2, size=100)
        bar.advanced(1, 50)
        logging.getLogger("somelibrary").warning("a library's complaint")
        print("what warnings.showwarning prints", file=sys.stderr)
        bar.message("skipped x.txt: [not markup]")
        bar.advanced(1, 50)
        bar.close()
    finally:
        logging.getLogger().removeHandler(handler)
    lines = screen(shown.getvalue())
    assert "a library's complaint" in lines
    assert "what warnings.showwarning prints" in lines
    assert "skipped x.txt: [not markup]" in lines
    assert any("2/2 files" in line for line in lines), lines
    assert capsys.readouterr().err == "", "nothing went around the bar's console"
    print("after", file=sys.stderr)
    assert capsys.readouterr().err == "after\n", "standard error is itself again"
