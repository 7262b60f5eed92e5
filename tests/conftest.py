"""Shared fixtures: the repository's folders and one Cleaner for the whole run."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from cleaner import Cleaner

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
"""In CI (``CI`` set, as ``.ci/run`` runs) every property test draws the same examples on
every run, so a commit's result does not depend on the draw: main stays green or red for a
reason. Hunting for new failures is the fuzz benchmark's job, and a local run's (random)."""

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

LIBRARY_HEADLINE = "Town library reopens after two years of repairs"
LIBRARY_PARAGRAPHS = (
    "The town library reopened on Saturday morning after a renovation that took almost two years "
    "and cost far more than the council had planned when the work began in the spring of 2021.",
    "Builders replaced the leaking roof, rewired all three floors and added a lift, so that readers "
    "who use a wheelchair can reach the reading room upstairs for the first time since it was built.",
    "The head librarian said that more than four hundred people had come through the doors before "
    "noon, many of them children who queued for the new picture books in the basement.",
    "The council will decide next month whether the library can open on Sundays as well, which "
    "would need two more members of staff and a larger budget for heating in the winter.",
)
"""A realistic article: the headline, then four paragraphs."""


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


def raised_in_a_thread(work: Callable[[], object]) -> list[BaseException]:
    """What ``work`` raised when run in a thread other than the main one (empty: nothing)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - the caller checks whatever it was
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return raised
