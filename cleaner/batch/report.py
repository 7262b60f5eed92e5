"""The run report: totals, bytes, per-rule counts, the score histogram, every skip, timing."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .steps import Outcome

HISTOGRAM_BINS = 10
"""Scores are counted in bins of 0.1: [0.0, 0.1), ..., [0.9, 1.0]."""
SUMMARY_RULES = 5
"""How many of the most frequent rules the summary table names."""


class Report:
    """Collects outcomes as they arrive; ``to_dict`` is the ``--report`` JSON."""

    def __init__(self, source: str, target: str, jobs: int, rule_names: Mapping[str, str]) -> None:
        self.source, self.target, self.jobs = source, target, jobs
        self.rule_names = rule_names
        self.counts: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.histogram = [0] * HISTOGRAM_BINS
        self.bytes_in = self.bytes_out = 0
        self.skipped: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.ignored: list[dict[str, Any]] = []
        self.already_done = 0
        self.interrupted = False
        self._started = time.perf_counter()
        self.seconds = 0.0

    def outcome(self, outcome: Outcome) -> None:
        """Count one article's or record's outcome."""
        self.counts[outcome.status] += 1
        if outcome.status in ("cleaned", "rejected"):
            self.bytes_in += outcome.bytes_in
            self.bytes_out += outcome.bytes_out
        self.rules.update(outcome.rules)
        if outcome.score is not None:
            self.histogram[min(int(outcome.score * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
        entry = _entry(outcome.name, outcome.reason, outcome.line, outcome.id)
        if outcome.status == "skipped":
            self.skipped.append(entry)
        elif outcome.status == "ignored":
            self.ignored.append(entry)
        elif outcome.reason:
            self.warnings.append(entry)

    def finish(self, interrupted: bool = False) -> None:
        self.seconds = time.perf_counter() - self._started
        self.interrupted = interrupted

    @property
    def articles(self) -> int:
        """Articles and records cleaned, rejected ones included."""
        return self.counts["cleaned"] + self.counts["rejected"]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "input": self.source,
            "output": self.target,
            "interrupted": self.interrupted,
            "totals": {
                "articles": self.articles,
                "cleaned": self.counts["cleaned"],
                "rejected": self.counts["rejected"],
                "skipped": self.counts["skipped"],
                "ignored": self.counts["ignored"],
                "warnings": len(self.warnings),
                "already_done": self.already_done,
            },
            "bytes": {"in": self.bytes_in, "out": self.bytes_out},
            "rules": {
                code: {"name": self.rule_names.get(code, ""), "removals": count}
                for code, count in sorted(self.rules.items())
            },
            "score_histogram": [
                {"from": i / HISTOGRAM_BINS, "to": (i + 1) / HISTOGRAM_BINS, "articles": n}
                for i, n in enumerate(self.histogram)
            ],
            "skipped": self.skipped,
            "warnings": self.warnings,
            "ignored": self.ignored,
            "timing": {
                "seconds": round(self.seconds, 3),
                "jobs": self.jobs,
                "articles_per_s": round(self.articles / self.seconds, 1) if self.seconds else None,
            },
        }

    def summary(self) -> str:
        """A short table for the end of a run."""
        rate = f"{self.articles / self.seconds:.0f}/s" if self.seconds else "-"
        rows = [
            ("cleaned", f"{self.counts['cleaned']:,}"),
            ("rejected", f"{self.counts['rejected']:,}"),
            ("skipped", f"{self.counts['skipped']:,}"),
            ("already done", f"{self.already_done:,}"),
            ("bytes in -> out", f"{_size(self.bytes_in)} -> {_size(self.bytes_out)}"),
            ("time", f"{self.seconds:.1f} s, {rate}, {self.jobs} job{'s' if self.jobs > 1 else ''}"),
            ("scores 0..1", " ".join(str(n) for n in self.histogram)),
        ]
        for code, count in self.rules.most_common(SUMMARY_RULES):
            rows.append((f"{code} {self.rule_names.get(code, '')}", f"{count:,} removed"))
        width = max(len(label) for label, _ in rows)
        lines = [f"{label:<{width}}  {value}" for label, value in rows]
        lines.append(f"-> {self.target}" + (" (interrupted)" if self.interrupted else ""))
        return "\n".join(lines) + "\n"


def _entry(name: str, reason: str, line: int | None, found: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"input": name}
    if line is not None:
        entry["line"] = line
    if found is not None:
        entry["id"] = found
    entry["reason"] = reason
    return entry


def _size(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"
