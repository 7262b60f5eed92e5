"""The run report: totals, bytes, per-rule counts, the score histogram, every skip, what
libraries logged, timing, and whether the run was stopped and how much of it was not done."""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .steps import Outcome

HISTOGRAM_BINS = 10
"""Scores are counted in bins of 0.1: [0.0, 0.1), ..., [0.9, 1.0]."""
LOWEST = 20
"""How many of the lowest-scoring articles a report keeps (``--report-html`` lists them)."""


class Tally:
    """Counts of outcomes, what a report is made of, without the outcomes themselves: the
    batch keeps the counts of a file of records apart until its output is whole, so memory
    does not grow with the records of a file (only skips and warnings are listed)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.logged: Counter[str] = Counter()
        """How often each library's log message was seen (``"logger: message"``)."""
        self.histogram = [0] * HISTOGRAM_BINS
        self.page_types: Counter[str] = Counter()
        """How many cleaned (or rejected) articles were of each page type."""
        self.bytes_in = self.bytes_out = 0
        self.skipped: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.ignored: list[dict[str, Any]] = []
        self._lowest: list[_Low] = []
        """The ``LOWEST`` lowest-scoring outcomes, a heap whose top is the highest of them:
        memory stays bounded however many articles a run cleans."""

    def outcome(self, outcome: Outcome) -> None:
        """Count one article's or record's outcome."""
        self.counts[outcome.status] += 1
        if outcome.status in ("cleaned", "rejected"):
            self.bytes_in += outcome.bytes_in
            self.bytes_out += outcome.bytes_out
        self.rules.update(outcome.rules)
        self.logged.update(message for _, message in outcome.logged)
        if outcome.page_type is not None:
            self.page_types[outcome.page_type] += 1
        if outcome.score is not None:
            self.histogram[min(int(outcome.score * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
            self._keep_if_low(outcome)
        entry = _entry(outcome.name, outcome.reason, outcome.line, outcome.id)
        if outcome.status == "skipped":
            self.skipped.append(entry)
        elif outcome.status == "ignored":
            self.ignored.append(entry)
        elif outcome.reason:
            self.warnings.append(entry)

    def add(self, other: Tally) -> None:
        """Count ``other``'s outcomes too."""
        self.counts += other.counts
        self.rules += other.rules
        self.logged += other.logged
        self.page_types += other.page_types
        self.histogram = [mine + theirs for mine, theirs in zip(self.histogram, other.histogram, strict=True)]
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.skipped += other.skipped
        self.warnings += other.warnings
        self.ignored += other.ignored
        for low in other._lowest:
            self._keep_if_low(low.outcome)

    def lowest(self) -> list[Outcome]:
        """The lowest-scoring articles and records, lowest first (ties in name and line
        order), with their results when the run kept them (``BatchOptions.results``)."""
        return [low.outcome for low in sorted(self._lowest, key=lambda low: low.key)]

    def _keep_if_low(self, outcome: Outcome) -> None:
        assert outcome.score is not None, "only a cleaned outcome has a score"
        key = (outcome.score, outcome.name, outcome.line or 0)
        if len(self._lowest) == LOWEST and key >= self._lowest[0].key:
            return
        low = _Low(key, replace(outcome, output=None, row=None, logged=()))  # its output is written already
        if len(self._lowest) < LOWEST:
            heapq.heappush(self._lowest, low)
        else:
            heapq.heapreplace(self._lowest, low)

    @property
    def articles(self) -> int:
        """Articles and records cleaned, rejected ones included."""
        return self.counts["cleaned"] + self.counts["rejected"]


class Report(Tally):
    """Collects outcomes as they arrive; ``to_dict`` is the ``--report`` JSON."""

    def __init__(self, source: str, target: str, jobs: int, rule_names: Mapping[str, str]) -> None:
        super().__init__()
        self.source, self.target, self.jobs = source, target, jobs
        self.rule_names = rule_names
        self.already_done = 0
        self.inputs = self.inputs_done = 0
        """Input files this run had to do, and how many of them it finished."""
        self.interrupted = False
        self.stopped: str | None = None
        """Why the run stopped before its end (a write error no output escapes), or None."""
        self._started = time.perf_counter()
        self.seconds = 0.0

    def finish(self, interrupted: bool = False, stopped: str | None = None) -> None:
        self.seconds = time.perf_counter() - self._started
        self.interrupted = interrupted
        self.stopped = stopped

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "input": self.source,
            "output": self.target,
            "interrupted": self.interrupted,
            "stopped": self.stopped,
            "totals": {
                "articles": self.articles,
                "cleaned": self.counts["cleaned"],
                "rejected": self.counts["rejected"],
                "skipped": self.counts["skipped"],
                "ignored": self.counts["ignored"],
                "warnings": len(self.warnings),
                "already_done": self.already_done,
                "not_done": self.inputs - self.inputs_done,
            },
            "bytes": {"in": self.bytes_in, "out": self.bytes_out},
            "rules": {
                code: {"name": self.rule_names.get(code, ""), "removals": count}
                for code, count in sorted(self.rules.items())
            },
            "page_types": dict(sorted(self.page_types.items())),
            "score_histogram": [
                {"from": i / HISTOGRAM_BINS, "to": (i + 1) / HISTOGRAM_BINS, "articles": n}
                for i, n in enumerate(self.histogram)
            ],
            "skipped": self.skipped,
            "warnings": self.warnings,
            "ignored": self.ignored,
            "logged": dict(sorted(self.logged.items())),
            "timing": {
                "seconds": round(self.seconds, 3),
                "jobs": self.jobs,
                "articles_per_s": round(self.articles / self.seconds, 1) if self.seconds else None,
            },
        }


@dataclass(frozen=True, slots=True)
class _Low:
    """One of a tally's lowest-scoring outcomes, ordered for a heap whose top is the highest."""

    key: tuple[float, str, int]
    outcome: Outcome

    def __lt__(self, other: _Low) -> bool:
        return self.key > other.key


def _entry(name: str, reason: str, line: int | None, found: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"input": name}
    if line is not None:
        entry["line"] = line
    if found is not None:
        entry["id"] = found
    entry["reason"] = reason
    return entry
