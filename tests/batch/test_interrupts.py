"""Interrupts: held back inside ``held()``, and a batch interrupted at any moment counts
exactly the outputs it leaves (run in this process, with real signals)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from cleaner.atomic import TEMPORARY_SUFFIX
from cleaner.batch import interrupts
from cleaner.cli.commands import main

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS, raised_in_a_thread


def test_an_interrupt_inside_a_held_section_is_raised_when_the_section_ends() -> None:
    steps = []
    with interrupts.handled(), pytest.raises(KeyboardInterrupt), interrupts.held():
        os.kill(os.getpid(), signal.SIGINT)
        steps.append("after the signal")
        with interrupts.held():  # an inner section ends without raising
            steps.append("inner")
        steps.append("outer end")
    assert steps == ["after the signal", "inner", "outer end"]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_outside_a_held_section_an_interrupt_is_raised_at_once(number: signal.Signals) -> None:
    with interrupts.handled(), pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), number)
        time.sleep(5)  # the signal interrupts the sleep
        pytest.fail("not interrupted")


def test_the_handlers_before_are_put_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with interrupts.handled():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_off_the_main_thread_both_change_nothing() -> None:
    def use() -> None:
        with interrupts.handled(), interrupts.held():  # signal.signal would raise ValueError
            pass

    assert raised_in_a_thread(use) == []


def make_inputs(folder: Path) -> None:
    """Forty articles and two JSONL files of 100 records (two chunks each), interleaved."""
    folder.mkdir()
    body = "\n\n".join(LIBRARY_PARAGRAPHS)
    for number in range(40):
        article = f"{LIBRARY_HEADLINE} {number}\n\n{body}\n"
        (folder / f"a{number:02d}.txt").write_text(article, encoding="utf-8")
        if number in (9, 29):
            lines = (json.dumps({"id": i, "text": f"{LIBRARY_HEADLINE} {i}\n\n{body}"}) for i in range(100))
            (folder / f"a{number:02d}r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def written(folder: Path) -> int:
    """Articles in the whole outputs below ``folder``: a text file is one, a JSONL file its lines."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and TEMPORARY_SUFFIX not in path.as_posix():
            count += sum(1 for _ in path.open(encoding="utf-8")) if path.suffix == ".jsonl" else 1
    return count


@pytest.fixture
def quiet_interrupts() -> Iterator[list[int]]:
    """Signals that arrive after the run under test ended are recorded, not raised in pytest."""
    late: list[int] = []

    def record(number: int, frame: FrameType | None) -> None:
        late.append(number)

    before = {number: signal.signal(number, record) for number in interrupts.SIGNALS}
    yield late
    for number, handler in before.items():
        signal.signal(number, handler)


def interrupt_when(output: Path, outputs: int, number: signal.Signals) -> threading.Thread:
    """A thread that sends ``number`` to this process once ``outputs`` files exist below ``output``."""

    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if output.exists() and sum(1 for p in output.rglob("*") if p.is_file()) >= outputs:
                break
            time.sleep(0.001)
        os.kill(os.getpid(), number)

    return threading.Thread(target=watch, daemon=True)


@pytest.mark.parametrize("after", [1, 7, 11, 23, 37])
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_run_interrupted_at_any_moment_reports_exactly_what_it_wrote(
    tmp_path: Path, quiet_interrupts: list[int], after: int, number: signal.Signals
) -> None:
    make_inputs(tmp_path / "in")
    output, report = tmp_path / "out", tmp_path / "report.json"
    watcher = interrupt_when(output, after, number)
    watcher.start()
    arguments = ["clean", str(tmp_path / "in"), str(output), "--jobs", "1", "-q", "--report", str(report)]
    code = main(arguments)
    watcher.join()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert code in (0, 130)  # 130 also when the signal came as the run was ending
    assert data["totals"]["articles"] == written(output)
    assert data["interrupted"] or written(output) == 240
    assert not [p for p in output.rglob("*") if TEMPORARY_SUFFIX in p.name]
    assert main(arguments) == 0
    assert written(output) == 240
