"""The batch's time limit per article: a slow article becomes a recorded skip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.batch.deadline import time_limit
from cleaner.cli.commands import main
from cleaner.errors import TimeLimitError

from ..conftest import SEEDS, raised_in_a_thread


def test_a_block_that_runs_too_long_is_interrupted() -> None:
    with pytest.raises(TimeLimitError, match="0.05 s"), time_limit(0.05):
        while True:
            pass


def test_no_limit_leaves_the_block_alone() -> None:
    with time_limit(None):
        total = sum(range(1000))
    assert total == 499500


def test_outside_the_main_thread_no_limit_is_set() -> None:
    def work() -> None:
        with time_limit(0.01):
            sum(range(3_000_000))

    assert raised_in_a_thread(work) == []


def test_articles_over_the_time_limit_are_skipped_and_reported(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (source / seed.name).write_bytes(seed.read_bytes())
    report = tmp_path / "report.json"
    code = main(
        [
            "clean",
            str(source),
            str(tmp_path / "out"),
            "--jobs",
            "1",
            "--timeout",
            "0.000001",
            "-q",
            "--report",
            str(report),
        ]
    )
    assert code == 1
    skips = json.loads(report.read_text())["skipped"]
    assert len(skips) == 2 and all("time limit" in skip["reason"] for skip in skips)
    assert not list((tmp_path / "out").glob("*.txt"))
