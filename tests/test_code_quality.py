"""The code stays linted, formatted and type-checked: the dev extra installs the tools."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

PATHS = ["cleaner", "tests", "benchmarks"]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", *PATHS],
        ["ruff", "format", "--check", *PATHS],
        ["mypy", "cleaner", "benchmarks"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
