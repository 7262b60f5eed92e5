"""What a run shows on the terminal: skips as they happen, a progress bar, the summary."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import atomic
from ..batch.inputs import STDIO
from ..batch.report import Report, Tally
from ..batch.steps import Outcome
from ..views import report_html

if TYPE_CHECKING:
    from .progress import Bar


class Console:
    """The batch's observer for the CLI: counts into the report, tells the user.

    Skips and errors are always shown; warnings, what libraries logged (beside the page's
    name) and the summary are not with ``-q``. The bar is drawn only on a terminal, and not
    when the cleaned records go to that terminal too (OUT ``-``), where its redrawing would
    tear them. Rich, which draws the bar and the summary, is imported only when a run shows
    one of them: other commands start without it.
    """

    def __init__(self, report: Report, args: argparse.Namespace, files: int, size: int) -> None:
        self.report = report
        self.quiet: bool = args.quiet
        self.verbose: bool = args.verbose
        self.html_path: Path | None = args.report_html
        self.bar: Bar | None = None
        records_on_terminal = args.output == STDIO and sys.stdout.isatty()
        if not self.quiet and sys.stderr.isatty() and not records_on_terminal:
            from .progress import Bar
            from .summary import rich_console

            self.bar = Bar(rich_console(sys.stderr), files, size)

    def counted(self, tally: Tally) -> None:
        """Count outcomes whose outputs are written (into the report)."""
        self.report.add(tally)

    def noticed(self, outcome: Outcome) -> None:
        """Show an outcome as it arrives: the progress bar, a skip or warning line, and what
        libraries logged while it was cleaned."""
        if self.bar is not None:
            self.bar.outcome(outcome)
        where = outcome.name if outcome.line is None else f"{outcome.name}:{outcome.line}"
        for level, message in outcome.logged:
            if level >= logging.ERROR or not self.quiet:
                self.say(f"{logging.getLevelName(level).lower()} {where}: {message}")
        if outcome.status == "skipped" and not outcome.stops:  # a stop is said once, at the end
            self.say(f"skipped {where}: {outcome.reason}")
        elif outcome.reason and outcome.status != "ignored" and not self.quiet:
            self.say(f"warning {where}: {outcome.reason}")
        elif self.verbose and outcome.score is not None:
            self.say(f"{outcome.status} {where}: score {outcome.score:.2f}, {len(outcome.rules)} removed")

    def advanced(self, files: int, size: int) -> None:
        self.report.inputs_done += files
        if self.bar is not None:
            self.bar.advanced(files, size)

    def say(self, text: str) -> None:
        """Print a line on standard error (above the bar, while there is one)."""
        if self.bar is not None:
            self.bar.message(text)
        else:
            print(text, file=sys.stderr)

    def close(self, report_path: Path | None) -> bool:
        """End the bar, write the JSON report, print the summary; whether the report could
        be written (a report that cannot be is said in one line)."""
        if self.bar is not None:
            self.bar.close()
        written = True
        found = self.report.to_dict()
        if report_path is not None:
            written = write_file(report_path, partial(_dump, found), "report")
        if self.html_path is not None:
            page = report_html.page(found, self.report.lowest())
            written = write_file(self.html_path, lambda handle: handle.write(page), "HTML report") and written
        if not self.quiet:
            from .summary import print_summary, rich_console

            print_summary(rich_console(sys.stderr), self.report)
        return written


def write_file(path: Path, write: Callable[[IO[str]], object], what: str) -> bool:
    """Have ``write`` fill ``path``, whole or not at all; whether it could (a file that cannot
    be written is said in one line, naming ``what`` it is)."""
    try:
        with atomic.atomic_writer(path) as handle:
            write(handle)
    except OSError as exc:
        print(f"cleaner: error: cannot write the {what} {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _dump(data: dict[str, Any], handle: IO[str]) -> None:
    json.dump(data, handle, indent=2, ensure_ascii=False)
    handle.write("\n")
