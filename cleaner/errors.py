"""Exceptions a caller can handle. Odd text is never an exception: it becomes a signal."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""


class RulePackError(CleanerError):
    """A rule pack is malformed: the message names the file and the rule code."""


class ConfigError(CleanerError):
    """A configuration value is invalid."""


class InputTooLargeError(CleanerError):
    """The input is larger than ``Config.max_bytes``."""


class CorpusIndexError(CleanerError):
    """A corpus index file cannot be used: unreadable, not an index, or built with other parameters."""


class HTMLError(CleanerError):
    """HTML input that cannot be read as a page: binary data, or markup the parser gives up on."""


class TimeLimitError(CleanerError):
    """An article took longer than the batch's time limit (``--timeout``)."""
