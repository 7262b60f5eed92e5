"""Ctrl-C and SIGTERM, held back while the batch records work it has finished.

An interrupted run must report exactly the outputs it leaves. Writing an output and
counting it happen inside ``held()``: an interrupt that arrives there is raised as
``KeyboardInterrupt`` when the section ends, never between the two. Sections are short (a
file write, a few counters), so an interrupt still stops a run at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""Both stop a run the same way: cleanly, with no partial output."""

_state = {"depth": 0, "pending": 0}
"""The main thread's open ``held()`` sections, and whether an interrupt waits for their end."""


@contextmanager
def handled() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise ``KeyboardInterrupt`` (in the main thread,
    outside ``held()``); the handlers that were there before are put back after it. Off the
    main thread, where Python runs no signal handlers, it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.signal(number, _interrupt) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


@contextmanager
def held() -> Iterator[None]:
    """A section an interrupt does not break; off the main thread (where signals are never
    handled) it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        if _state["depth"] == 0 and _state["pending"]:
            _state["pending"] = 0
            raise KeyboardInterrupt  # noqa: B012 - the interrupt that waited


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _state["depth"]:
        _state["pending"] = 1
        return
    raise KeyboardInterrupt
