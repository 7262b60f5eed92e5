"""cleaner: turn scraped web articles into clean article text, and say how clean they were.

>>> from cleaner import clean
>>> result = clean("Title\\n\\nSome article text ...")
>>> result.text, result.score, result.removals
"""

from __future__ import annotations

import logging

from .api import Cleaner, clean, page_blocks
from .config import Config
from .corpus.index import CorpusIndex
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

logging.getLogger(__name__).addHandler(logging.NullHandler())
