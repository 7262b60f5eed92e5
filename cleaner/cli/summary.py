"""The end-of-run summary as rich tables: totals, the score histogram, removals per rule,
page types, the files not read. ``Report`` keeps the counts; this only shows them.

On a terminal the tables take its width and colours; elsewhere (a pipe, a file, a test) they
are plain text, ``PLAIN_WIDTH`` wide, with no escape codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from rich.console import Console as RichConsole
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..batch.report import HISTOGRAM_BINS, Report

PLAIN_WIDTH = 100
"""The width of the summary where standard error is not a terminal: fixed, whatever ``COLUMNS`` says."""
SUMMARY_RULES = 5
"""How many of the most frequent rules the summary names."""
SUMMARY_IGNORED = 10
"""How many of the files a run did not read (not inputs) the summary names, each with why."""
HISTOGRAM_WIDTH = 40
"""Characters of the histogram's longest bar."""


def rich_console(stream: IO[str]) -> RichConsole:
    """A rich console on ``stream``: a terminal's width and colours, or plain text when
    ``stream`` is not a terminal. Text is printed as it is (no markup, emoji codes or highlighting)."""
    plain = not stream.isatty()
    return RichConsole(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        width=PLAIN_WIDTH if plain else None,
        force_terminal=False if plain else None,  # whatever FORCE_COLOR says
        color_system=None if plain else "auto",
    )


def print_summary(terminal: RichConsole, report: Report) -> None:
    """Print ``report``'s summary on ``terminal``."""
    for part in summary(report):
        terminal.print(part, soft_wrap=isinstance(part, Text))  # a line of text is never wrapped


def summary(report: Report) -> Iterator[RenderableType]:
    """The summary's sections, each under its title, then the files not read and where the
    output went."""
    yield from _titled("totals", _totals(report))
    yield from _titled("scores", *_histogram(report.histogram))
    if report.rules:
        yield from _titled("removals per rule", _rules(report))
    if report.page_types:
        yield from _titled(
            "page types", _table([(kind, f"{n:,}") for kind, n in report.page_types.most_common()])
        )
    files = _ignored_files(report)
    for entry in files[:SUMMARY_IGNORED]:
        yield Text(f"  {entry['input']}: {entry['reason']}")
    if len(files) > SUMMARY_IGNORED:
        yield Text(f"  ... and {len(files) - SUMMARY_IGNORED:,} more (--report lists them)")
    ending = " (interrupted)" if report.interrupted else " (stopped)" if report.stopped else ""
    yield Text(f"-> {report.target}{ending}")


def _titled(title: str, *body: RenderableType) -> Iterator[RenderableType]:
    yield Text(title, style="bold")
    yield from body


def _totals(report: Report) -> Table:
    rows = [
        ("cleaned", f"{report.counts['cleaned']:,}"),
        ("rejected", f"{report.counts['rejected']:,}"),
        ("skipped", f"{report.counts['skipped']:,}"),
        ("ignored", _ignored(report)),
        ("already done", f"{report.already_done:,}"),
    ]
    if report.inputs_done < report.inputs:
        rows.append(("not done", f"{report.inputs - report.inputs_done:,} inputs"))
    if report.warnings:
        rows.append(("warnings", f"{len(report.warnings):,}"))
    if report.logged:
        rows.append(("logged", f"{sum(report.logged.values()):,} library messages"))
    rate = f"{report.articles / report.seconds:.0f}/s" if report.seconds else "-"
    rows += [
        ("bytes in -> out", f"{_size(report.bytes_in)} -> {_size(report.bytes_out)}"),
        ("time", f"{report.seconds:.1f} s, {rate}, {report.jobs} job{'s' if report.jobs > 1 else ''}"),
    ]
    return _table(rows)


def _ignored(report: Report) -> str:
    """The ignored count, and what it holds: files (listed below the tables), blank lines of
    files of records (the only records ignored), or both."""
    count = report.counts["ignored"]
    files = len(_ignored_files(report))
    lines = count - files
    if files and lines:
        return f"{count:,} ({_counted(files, 'file')} below, {_counted(lines, 'blank line')})"
    if files:
        return f"{count:,} (files below)"
    return f"{count:,} (blank lines)" if lines else f"{count:,}"


def _counted(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'s' if count != 1 else ''}"


def _histogram(histogram: list[int]) -> Iterator[Text]:
    """A line per score bin, ``0.6–0.7 │ ████ 12``: its label, a bar scaled to the largest
    bin's, its count."""
    tallest = max(histogram) or 1
    for i, count in enumerate(histogram):
        label = f"{i / HISTOGRAM_BINS:.1f}–{(i + 1) / HISTOGRAM_BINS:.1f} │ "
        length = max(1, round(count * HISTOGRAM_WIDTH / tallest)) if count else 0
        bar = "█" * length + " " if length else ""
        yield Text(label).append(bar, style="cyan").append(f"{count:,}")


def _rules(report: Report) -> RenderableType:
    """The most frequent rules' removals, and how many rules the table leaves out (a line
    under it: a caption would wrap at the table's width)."""
    table = _bare_table()
    for header in ("code", "name"):
        table.add_column(header)
    table.add_column("removed", justify="right")
    for code, count in report.rules.most_common(SUMMARY_RULES):
        table.add_row(code, report.rule_names.get(code, ""), f"{count:,}")
    if len(report.rules) <= SUMMARY_RULES:
        return table
    return Group(table, Text(f"and {len(report.rules) - SUMMARY_RULES:,} more rules (--report lists them)"))


def _table(rows: list[tuple[str, str]]) -> Table:
    """A table of labels and right-aligned values."""
    table = _bare_table()
    table.add_column("label")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def _bare_table() -> Table:
    """A table with no borders, headers or edge padding: its rows read as lines, and no line
    ends in spaces."""
    return Table(box=None, show_header=False, pad_edge=False)


def _ignored_files(report: Report) -> list[dict[str, object]]:
    """The files (not records) the run did not read."""
    return [entry for entry in report.ignored if "line" not in entry]


def _size(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"
