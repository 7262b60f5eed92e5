"""cleaner: turn scraped web articles into clean article text, and say how clean they were.

>>> from cleaner import clean
>>> result = clean("Title\\n\\nSome article text ...")
>>> result.text, result.score, result.removals
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .api import Cleaner, clean, page_blocks
from .config import Config
from .errors import CleanerError, ConfigError, CorpusIndexError, InputTooLargeError, RulePackError
from .result import Removal, Result

__all__ = [
    "Cleaner",
    "CleanerError",
    "Config",
    "ConfigError",
    "CorpusIndex",
    "CorpusIndexError",
    "InputTooLargeError",
    "Removal",
    "Result",
    "RulePackError",
    "clean",
    "page_blocks",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .corpus.index import CorpusIndex


def __getattr__(name: str) -> Any:
    """``CorpusIndex`` on first use: its MinHash keys load datasketch, NumPy and SciPy, most of
    what importing the package would otherwise cost, and a text-cleaning pipeline needs none."""
    if name == "CorpusIndex":
        from .corpus.index import CorpusIndex

        return CorpusIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


logging.getLogger(__name__).addHandler(logging.NullHandler())
