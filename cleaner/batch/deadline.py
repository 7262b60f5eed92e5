"""A time limit for one article in the batch: a page that takes too long becomes a skip.

Size caps bound most of the work, but trafilatura's time grows faster than its input and a
crafted page can be slow at any size. In the main thread of a process (each batch worker),
``SIGALRM`` interrupts the article at the next Python instruction after the limit, which
is where trafilatura and the detectors spend their time; elsewhere (threads, platforms
without ``setitimer``) no limit is set, and the size caps are the bound.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..errors import TimeLimitError

DEFAULT_TIMEOUT = 60.0
"""Seconds one article may take in the batch, far above what real pages need. Measured here:
the ScrapingHub pages take 24 ms each on average in HTML mode; a 3.7 MB page of 8,800
templated paragraphs (near the 5 MB HTML cap) 3.6 s; 2.2 MB of tags nested 5,000 deep 0.1 s."""


def can_limit() -> bool:
    """Whether a time limit can be set here: the main thread of a POSIX process."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeLimitError`` in the block once it has run ``seconds`` (None or 0: no limit)."""
    if not seconds or not can_limit():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitError(f"took longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
