"""Accuracy of cleaner on the ScrapingHub article-extraction benchmark.

Text mode: scores the raw whole-page text, the C4-style line filter and ``cleaner.clean``
with the benchmark's shingle metric, and checks the score's Spearman correlation with
each page's true clean share. HTML mode, side by side in the same run: trafilatura with
its default settings, trafilatura with ``favor_precision=True``, and ``cleaner.clean`` on
the page's HTML. Writes the ``accuracy`` section of RESULTS.md.

Run from the repo root: ``python -m benchmarks.accuracy [--worst N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as `python benchmarks/accuracy.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baselines import c4_filter  # noqa: E402
from benchmarks.metric import PageScore, Scores, aggregate, page_scores  # noqa: E402
from benchmarks.results import (  # noqa: E402
    command_line,
    machine_line,
    markdown_table,
    verdict,
    write_section,
)
from benchmarks.scrapinghub import Page, load_pages  # noqa: E402

CLEANER_ROW = "cleaner (text mode)"
FLOORS = {"F1": 0.90, "precision": 0.88, "recall": 0.90}
SPEARMAN_FLOOR = 0.7
HTML_CLEANER_ROW = "cleaner (HTML in)"
HTML_FLOORS = {"F1": 0.970, "precision": 0.960}
"""Issue 3: the best published open-source result on this benchmark is 0.970 F1."""
TRAFILATURA_SETTINGS: dict[str, bool] = {
    "trafilatura (default)": False,
    "trafilatura (favor_precision=True)": True,
}
"""trafilatura's settings compared: each name with its ``favor_precision``."""


@dataclass(frozen=True)
class SystemResult:
    """Per-page and corpus scores of one system."""

    name: str
    pages: list[PageScore]
    scores: Scores


@dataclass(frozen=True)
class CleanerOutput:
    """What ``clean`` returned for every page: texts and cleanliness scores."""

    texts: list[str]
    scores: list[float]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--worst",
        type=int,
        default=5,
        metavar="N",
        help="list the N worst pages by F1 for cleaner (default 5)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument(
        "--text-only", action="store_true", help="skip the HTML section (trafilatura and HTML in)"
    )
    return parser.parse_args(argv)


def import_clean() -> Callable[[str], Any] | None:
    """``cleaner.clean``, or None (with a note) while the library is not importable."""
    try:
        from cleaner import clean
    except Exception as exc:  # the library is under development: any error is possible
        print(f"NOTE: cleaner row skipped: `from cleaner import clean` failed: {type(exc).__name__}: {exc}\n")
        return None
    fn: Callable[[str], Any] = clean
    return fn


def run_cleaner(clean: Callable[[str], Any], pages: Sequence[Page]) -> CleanerOutput:
    """Clean every page's whole-page text once, keeping text and score."""
    results = [clean(page.text) for page in pages]
    return CleanerOutput([r.text for r in results], [float(r.score) for r in results])


def score_system(name: str, predictions: Sequence[str], pages: Sequence[Page]) -> SystemResult:
    """Score ``predictions`` (one per page) against the pages' ground truth."""
    per_page = [page_scores(pred, page.truth) for pred, page in zip(predictions, pages, strict=True)]
    return SystemResult(name, per_page, aggregate(per_page))


def spearman(scores: Sequence[float], raw: SystemResult) -> float:
    """Spearman correlation of cleaner scores with the true clean share of each page.

    The true clean share is the precision of the raw whole-page text.
    """
    pairs = [(s, p.precision) for s, p in zip(scores, raw.pages, strict=True) if p.precision is not None]
    from scipy.stats import spearmanr

    with warnings.catch_warnings():  # constant scores give nan plus a warning
        warnings.simplefilter("ignore")
        result = spearmanr([s for s, _ in pairs], [t for _, t in pairs])
    return float(result.statistic)


def scores_table(systems: Sequence[SystemResult]) -> str:
    """Markdown table of F1, precision, recall and pages per system."""
    rows = [[s.name, s.scores.f1, s.scores.precision, s.scores.recall, s.scores.n] for s in systems]
    return markdown_table(["system", "F1", "precision", "recall", "pages"], rows)


def targets_table(cleaner: SystemResult | None, rho: float | None) -> str:
    """Markdown table of the issue's floors, cleaner's values and PASS/SHORT."""
    values: dict[str, float | None] = {"F1": None, "precision": None, "recall": None}
    if cleaner is not None:
        values = {
            "F1": cleaner.scores.f1,
            "precision": cleaner.scores.precision,
            "recall": cleaner.scores.recall,
        }
    floors: dict[str, float] = {**FLOORS, "Spearman": SPEARMAN_FLOOR}
    values["Spearman"] = rho
    rows = [
        [
            name,
            f">= {floor:.2f}",
            values[name],
            verdict(values[name], floor) if cleaner is not None else "n/a",
        ]
        for name, floor in floors.items()
    ]
    return markdown_table(["target", "floor", "cleaner", "status"], rows)


def worst_table(result: SystemResult, pages: Sequence[Page], n: int) -> str:
    """Markdown table of the ``n`` pages with the lowest F1."""
    ranked = sorted(zip(result.pages, pages, strict=True), key=lambda pair: (pair[0].f1, pair[1].id))[:n]
    rows = [
        [page.id, urlsplit(page.url).hostname or "?", score.precision, score.recall, score.f1]
        for score, page in ranked
    ]
    return markdown_table(["id", "host", "P", "R", "F1"], rows)


def html_systems(pages: Sequence[Page]) -> list[SystemResult]:
    """trafilatura's two settings and cleaner, each given every page's HTML."""
    import trafilatura

    systems = [
        score_system(name, [trafilatura.extract(p.html, favor_precision=precise) or "" for p in pages], pages)
        for name, precise in TRAFILATURA_SETTINGS.items()
    ]
    from cleaner import Cleaner, Config

    cleaner = Cleaner(Config(format="html"))
    systems.append(score_system(HTML_CLEANER_ROW, [cleaner.clean(p.html).text for p in pages], pages))
    return systems


def html_report(systems: Sequence[SystemResult]) -> str:
    """The HTML-mode table and its targets."""
    cleaner = systems[-1].scores
    values = {"F1": cleaner.f1, "precision": cleaner.precision}
    rows = [
        [name, f">= {floor:.3f}", values[name], verdict(values[name], floor)]
        for name, floor in HTML_FLOORS.items()
    ]
    return "\n\n".join(
        [
            f"## Accuracy, HTML in: the same {systems[0].scores.n} pages, one run",
            scores_table(systems),
            "Targets:\n\n" + markdown_table(["target", "floor", "cleaner", "status"], rows),
        ]
    )


def report(systems: Sequence[SystemResult], rho: float | None, cleaner_ok: bool) -> str:
    """The markdown shared by stdout and RESULTS.md."""
    cleaner = systems[-1] if cleaner_ok else None
    spearman_line = (
        f"Spearman(cleaner score, true clean share) = {rho:.3f}"
        if rho is not None
        else "Spearman(cleaner score, true clean share) = n/a"
    )
    parts = [
        f"## Accuracy: ScrapingHub article-extraction benchmark ({systems[0].scores.n} pages)",
        scores_table(systems),
        spearman_line + " (true clean share = per-page precision of the raw text)",
        "Targets:\n\n" + targets_table(cleaner, rho),
        f"Command: `{command_line('benchmarks.accuracy')}`  \nMachine: {machine_line()}",
    ]
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the report, and update RESULTS.md."""
    args = parse_args(argv)
    started = time.perf_counter()
    pages = load_pages()
    raw = score_system("raw whole-page text", [p.text for p in pages], pages)
    c4 = score_system("C4-style line filter", [c4_filter(p.text) for p in pages], pages)
    systems, rho = [raw, c4], None
    clean = import_clean()
    if clean is not None:
        output = run_cleaner(clean, pages)
        systems.append(score_system(CLEANER_ROW, output.texts, pages))
        rho = spearman(output.scores, raw)
    markdown = report(systems, rho, clean is not None)
    if clean is not None and not args.text_only:
        html = html_systems(pages)
        markdown = markdown.replace("\n\nCommand:", "\n\n" + html_report(html) + "\n\nCommand:")
        systems.extend(html)
    print(markdown)
    if clean is not None and args.worst > 0:
        for system in systems:
            if system.name in (CLEANER_ROW, HTML_CLEANER_ROW, *TRAFILATURA_SETTINGS):
                print(f"\nWorst {args.worst} pages for {system.name} by F1:\n")
                print(worst_table(system, pages, args.worst))
    if not args.no_write:
        write_section("accuracy", markdown)
    print(f"\nRun took {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
