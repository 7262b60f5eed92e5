"""Shared fixtures: the repository's folders and one Cleaner for the whole run."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()
