"""The run's progress bar on a terminal (rich): files done, articles, rate, and an ETA by bytes.

While the bar is drawn, every line meant for standard error (the console's, what the root
logger's handlers print, Python's warnings) goes through the bar's rich console, so it
appears whole above the bar instead of glued onto it.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import IO

from rich.console import Console as RichConsole
from rich.file_proxy import FileProxy
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..batch.steps import Outcome

REFRESHES_PER_SECOND = 10
"""The bar is redrawn this often (by rich's thread), so drawing costs nothing next to cleaning."""


class Bar:
    """A progress bar on ``terminal``, live from creation until ``close``; ``message`` prints
    a line above it. The task's total is the bytes to read, so its ETA is by bytes."""

    def __init__(self, terminal: RichConsole, files: int, size: int) -> None:
        self.files_done = self.articles = 0
        self._progress = Progress(
            BarColumn(),
            TextColumn("{task.fields[files_done]}/{task.fields[files]} files,"),
            TextColumn("{task.fields[articles]:,} articles,"),
            TextColumn("{task.fields[rate]}/s,"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=terminal,
            refresh_per_second=REFRESHES_PER_SECOND,
            redirect_stdout=False,  # stdout may carry the cleaned records
            redirect_stderr=False,  # rerouted by _route_stderr, fork-safely
        )
        self._task: TaskID = self._progress.add_task(
            "clean", total=size, files_done=0, files=files, articles=0, rate="0"
        )
        self._progress.start()
        _route_stderr(terminal)
        atexit.register(self.close)  # a run that ends in an error gets its cursor back too

    def outcome(self, outcome: Outcome) -> None:
        if outcome.status in ("cleaned", "rejected"):
            self.articles += 1

    def advanced(self, files: int, size: int) -> None:
        self.files_done += files
        elapsed = self._progress.tasks[0].elapsed or 0.0
        self._progress.update(
            self._task,
            advance=size,
            files_done=self.files_done,
            articles=self.articles,
            rate=f"{self.articles / elapsed:.0f}" if elapsed > 0 else "0",
        )

    def message(self, text: str) -> None:
        """Print ``text`` on a line of its own above the bar (as it is: no markup)."""
        self._progress.console.print(Text(text))

    def close(self) -> None:
        """Draw the final state and leave it on screen; standard error is written to again.
        Closing again does nothing."""
        self._progress.refresh()
        _unroute_stderr()
        self._progress.stop()


_ROUTED: list[tuple[logging.StreamHandler[IO[str]], IO[str]]] = []
"""The root logger's handlers whose stream was rerouted, each with its own stream."""
_STDERR: list[IO[str]] = []
"""``sys.stderr`` as it was before it was rerouted (empty when it is not)."""


def _route_stderr(terminal: RichConsole) -> None:
    """Point ``sys.stderr`` and the root logger's handlers that write to it at ``terminal``."""
    stderr = sys.stderr
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream in (stderr, sys.__stderr__):
            _ROUTED.append((handler, handler.stream))
            handler.setStream(FileProxy(terminal, handler.stream))
    _STDERR.append(stderr)
    sys.stderr = FileProxy(terminal, stderr)


def _unroute_stderr() -> None:
    """Undo ``_route_stderr``."""
    for handler, stream in _ROUTED:
        handler.setStream(stream)
    _ROUTED.clear()
    if _STDERR:
        sys.stderr = _STDERR.pop()


os.register_at_fork(after_in_child=_unroute_stderr)
"""A worker process forked while the bar is drawn writes to standard error itself: the bar,
its console and its lock belong to the main process."""
