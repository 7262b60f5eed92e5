"""What libraries log while a page is cleaned (trafilatura's "discarding data: None"), kept
with that page's outcome instead of printed: the CLI names the page beside each message and
the report counts them.

One handler on the root logger collects the records of the thread that is cleaning a page;
the root logger's other handlers (the CLI's) pass those records over. Threads are told apart,
so pages cleaned side by side (Dask worker threads) each get their own messages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

Logged = tuple[tuple[int, str], ...]
"""Messages logged while a page was cleaned: (level, ``"logger: message"``)."""

LEVEL = logging.WARNING
"""Records below this level are not collected (nor printed, with logging's defaults)."""

_PAGE = threading.local()
"""``messages``: the list the current thread's page collects into, while it is cleaned."""


def _collecting() -> list[tuple[int, str]] | None:
    found: list[tuple[int, str]] | None = getattr(_PAGE, "messages", None)
    return found


class _Collector(logging.Handler):
    """Keeps the records of a page being cleaned in this thread."""

    def emit(self, record: logging.LogRecord) -> None:
        messages = _collecting()
        if messages is not None:
            messages.append((record.levelno, f"{record.name}: {record.getMessage()}"))


def _outside_pages(record: logging.LogRecord) -> bool:
    """The other handlers' filter: a record logged while a page is cleaned is the collector's."""
    return _collecting() is None


def _install() -> None:
    """Put the collector on the root logger, and the filter on its other handlers, once."""
    root = logging.getLogger()
    if any(isinstance(handler, _Collector) for handler in root.handlers):
        return
    for handler in root.handlers:
        handler.addFilter(_outside_pages)
    root.addHandler(_Collector(LEVEL))


@contextmanager
def page_log() -> Iterator[list[tuple[int, str]]]:
    """A list that collects what is logged (``LEVEL`` and above) in this thread within the block."""
    _install()
    messages: list[tuple[int, str]] = []
    _PAGE.messages = messages
    try:
        yield messages
    finally:
        _PAGE.messages = None
