"""What a run shows on the terminal: skips as they happen, a progress bar, the summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import atomic
from ..batch.report import Report
from ..batch.steps import Outcome
from .progress import Progress


class Console:
    """The batch's observer for the CLI: counts into the report, tells the user."""

    def __init__(self, report: Report, args: argparse.Namespace, files: int, size: int) -> None:
        self.report = report
        self.quiet: bool = args.quiet
        self.verbose: bool = args.verbose
        drawing = not self.quiet and sys.stderr.isatty()
        self.progress = Progress(sys.stderr, files, size) if drawing else None

    def outcome(self, outcome: Outcome) -> None:
        """Count an outcome whose output is written (into the report)."""
        self.report.outcome(outcome)

    def noticed(self, outcome: Outcome) -> None:
        """Show an outcome as it arrives: the progress bar, a skip or warning line."""
        if self.progress is not None:
            self.progress.outcome(outcome)
        where = outcome.name if outcome.line is None else f"{outcome.name}:{outcome.line}"
        if outcome.reason and outcome.status != "ignored":
            label = "skipped" if outcome.status == "skipped" else "warning"
            if not self.quiet:
                self.say(f"{label} {where}: {outcome.reason}")
        elif self.verbose and outcome.score is not None:
            self.say(f"{outcome.status} {where}: score {outcome.score:.2f}, {len(outcome.rules)} removed")

    def advanced(self, files: int, size: int) -> None:
        if self.progress is not None:
            self.progress.advanced(files, size)

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.message(text)
        else:
            print(text, file=sys.stderr)

    def close(self, report_path: Path | None) -> None:
        """End the bar, write the JSON report, print the summary."""
        if self.progress is not None:
            self.progress.close()
        if report_path is not None:
            with atomic.atomic_writer(report_path) as handle:
                json.dump(self.report.to_dict(), handle, indent=2, ensure_ascii=False)
                handle.write("\n")
        if not self.quiet:
            print(self.report.summary(), end="", file=sys.stderr)
