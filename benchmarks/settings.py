"""HTML settings side by side: ``Config.favor`` (precision, balanced, recall) and
``Config.fast`` on both benchmarks, F1 / P / R, in one run.

Run from the repo root: ``python -m benchmarks.settings [--data PATH] [--no-write]``. The
ScrapingHub pages ship in ``benchmarks/data/scrapinghub``; the WCXB pages are read from
``--data`` (default ``../shared/benchmarks/wcxb-dev``; the public set is in the WCXB
repository, see ``benchmarks/wcxb.py``), all of them, with the even and odd ids apart.
Writes the ``settings`` section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.metric import aggregate, page_scores
from benchmarks.results import command_line, machine_line, markdown_table, publish
from benchmarks.scrapinghub import load_pages
from benchmarks.wcxb import DEFAULT_DATA_DIR, has_data, id_half, load_refs, missing_data_message, read_html
from benchmarks.wcxb_metric import mean_scores, page_score
from cleaner import Cleaner, CleanerError, Config

SETTINGS: dict[str, Config] = {
    'favor="balanced" (default)': Config(format="html"),
    'favor="precision"': Config(format="html", favor="precision"),
    'favor="recall"': Config(format="html", favor="recall"),
    "fast=True": Config(format="html", fast=True),
}
"""The settings compared, each a Config of HTML mode."""


@dataclass(frozen=True)
class Row:
    """One setting's figures: ScrapingHub F1 / P / R, WCXB F1 / P / R, its halves, forums."""

    name: str
    scrapinghub: tuple[float, float, float]
    wcxb: tuple[float, float, float]
    even: float
    odd: float
    forums: float


def cleaned(cleaner: Cleaner, html: str) -> str:
    """The cleaned text, or empty when the cleaner refuses the page."""
    try:
        return cleaner.clean(html).text
    except CleanerError:
        return ""


def measure(name: str, config: Config, data_dir: Path) -> Row:
    """Both benchmarks under one setting."""
    cleaner = Cleaner(config)
    shub = aggregate([page_scores(cleaned(cleaner, p.html), p.truth) for p in load_pages()])
    refs = load_refs(data_dir)
    scores = [page_score(cleaned(cleaner, read_html(data_dir, ref.id)), ref.truth) for ref in refs]
    wcxb = mean_scores(scores)

    def f1_of(keep: Sequence[bool]) -> float:
        return mean_scores([s for s, k in zip(scores, keep, strict=True) if k]).f1

    return Row(
        name,
        (shub.f1, shub.precision, shub.recall),
        (wcxb.f1, wcxb.precision, wcxb.recall),
        f1_of([id_half(ref.id) == "even" for ref in refs]),
        f1_of([id_half(ref.id) == "odd" for ref in refs]),
        f1_of([ref.page_type == "forum" for ref in refs]),
    )


def report(rows: Sequence[Row]) -> str:
    """The table, the command and the machine."""
    table = markdown_table(
        ["setting", "ScrapingHub F1 / P / R", "WCXB F1 / P / R", "WCXB even / odd F1", "WCXB forums F1"],
        [
            [
                row.name,
                " / ".join(f"{v:.3f}" for v in row.scrapinghub),
                " / ".join(f"{v:.3f}" for v in row.wcxb),
                f"{row.even:.3f} / {row.odd:.3f}",
                f"{row.forums:.3f}",
            ]
            for row in rows
        ],
    )
    return "\n\n".join(
        [
            "## HTML settings: favor and fast, both benchmarks, one run",
            table,
            f"Command: `{command_line('benchmarks.settings')}`  \nMachine: {machine_line()}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every setting, print the table, and update RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="the WCXB pages")
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    if not has_data(args.data):
        print(missing_data_message(args.data), file=sys.stderr)
        return 2
    markdown = report([measure(name, config, args.data) for name, config in SETTINGS.items()])
    publish("settings", markdown, not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
