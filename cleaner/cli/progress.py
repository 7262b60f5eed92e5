"""A one-line progress bar for a terminal: files and articles done, rate, ETA."""

from __future__ import annotations

import time
from typing import IO

from ..batch.steps import Outcome

REDRAW_SECONDS = 0.1
"""The bar is redrawn at most this often, so drawing costs nothing next to cleaning."""
BAR_WIDTH = 24


class Progress:
    """Draws on ``stream`` (a terminal); ``message`` prints a line above the bar."""

    def __init__(self, stream: IO[str], files: int, size: int) -> None:
        self.stream = stream
        self.files, self.size = files, size
        self.files_done = self.size_done = self.articles = 0
        self._started = self._drawn = time.monotonic()

    def outcome(self, outcome: Outcome) -> None:
        if outcome.status in ("cleaned", "rejected"):
            self.articles += 1

    def advanced(self, files: int, size: int) -> None:
        self.files_done += files
        self.size_done += size
        now = time.monotonic()
        if now - self._drawn >= REDRAW_SECONDS:
            self._drawn = now
            self._draw(now)

    def message(self, text: str) -> None:
        self.stream.write(f"\r\x1b[K{text}\n")
        self._draw(time.monotonic())

    def close(self) -> None:
        """Draw the final state and leave it on screen."""
        self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, now: float) -> None:
        share = min(1.0, self.size_done / self.size) if self.size else 1.0
        elapsed = max(now - self._started, 1e-9)
        eta = f"{_clock(elapsed * (1 - share) / share)}" if share > 0 else "?"
        filled = round(share * BAR_WIDTH)
        self.stream.write(
            f"\r\x1b[K[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.files_done}/{self.files} files, "
            f"{self.articles:,} articles, {self.articles / elapsed:.0f}/s, ETA {eta}"
        )
        self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{rest:02d}"
