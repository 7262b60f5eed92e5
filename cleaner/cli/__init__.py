"""The ``cleaner`` command: argument parsing, settings files, the console and progress."""

from .commands import main

__all__ = ["main"]
