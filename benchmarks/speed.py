"""Throughput of cleaner against the C4-style line filter, and of the batch CLI by jobs.

One process: ``clean()`` and the C4-style filter over the same texts; then, HTML in,
``clean()`` with ``Config(format="html")`` and trafilatura's ``extract`` (default
settings) over the same pages' HTML, alternating pass by pass so that both see the same
machine. Then the batch CLI with ``--jobs 1`` and ``--jobs 2``.

Input: the whole-page texts of the ScrapingHub benchmark.  MB/s counts UTF-8
bytes of input (1 MB = 10^6 bytes).  Each measurement is the best of
``--repeat`` passes over all texts, after one warm-up pass.  The jobs scaling
writes the texts as files (``--copies`` times over, so start-up is a small share)
and runs ``cleaner clean`` on them, best of ``--repeat`` runs.  Writes the
``speed`` section of RESULTS.md.

Run from the repo root: ``python -m benchmarks.speed [--repeat N] [--copies N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as `python benchmarks/speed.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baselines import c4_filter  # noqa: E402
from benchmarks.results import (  # noqa: E402
    command_line,
    machine_line,
    markdown_table,
    publish,
    verdict,
)
from benchmarks.scrapinghub import load_pages  # noqa: E402

TARGET_MB_PER_S = 10.0
TARGET_HTML_RATIO = 0.9
"""Issue 3: HTML in, cleaner's pages/s at least 0.9x trafilatura's (default settings)."""
TARGET_JOBS_RATIO = 1.7
"""Files/s with ``--jobs 2`` over files/s with ``--jobs 1``, on a 2-core machine."""
CleanFn = Callable[[str], object]


@dataclass(frozen=True)
class Throughput:
    """Best wall time of one system over the corpus, and the derived rates."""

    name: str
    seconds: float
    megabytes: float
    articles: int

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed passes per system; the best is kept (default 3)",
    )
    parser.add_argument(
        "--copies",
        type=int,
        default=10,
        help="copies of the texts written as files for the jobs scaling; 0 skips it (default 10)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML-in timings")
    return parser.parse_args(argv)


def load_cleaner() -> tuple[str, CleanFn] | None:
    """``Cleaner(Config()).clean`` built once, else ``clean``, else None (with a note)."""
    try:
        from cleaner import Cleaner, Config

        built: CleanFn = Cleaner(Config()).clean
        return "cleaner (Cleaner(Config()).clean)", built
    except Exception as exc:  # the library is under development: any error is possible
        first_error = f"{type(exc).__name__}: {exc}"
    try:
        from cleaner import clean

        fallback: CleanFn = clean
        return "cleaner (clean)", fallback
    except Exception as exc:
        print(
            f"NOTE: cleaner skipped: Cleaner/Config failed ({first_error}); "
            f"`from cleaner import clean` failed ({type(exc).__name__}: {exc})\n"
        )
        return None


def best_seconds(fn: CleanFn, texts: Sequence[str], repeat: int) -> float:
    """Best wall time of ``repeat`` passes of ``fn`` over ``texts``, after a warm-up pass."""
    for text in texts:
        fn(text)
    timings = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure_side_by_side(
    systems: Sequence[tuple[str, CleanFn]], texts: Sequence[str], repeat: int
) -> list[Throughput]:
    """Time each system over ``texts``, one pass of each in turn (the order reversed every
    round, so neither always runs after the other), best pass of each kept: a slow spell
    of the machine then falls on all of them alike."""
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    for _, fn in systems:
        for text in texts:
            fn(text)
    best = [float("inf")] * len(systems)
    for round_number in range(max(1, repeat)):
        order = list(enumerate(systems))
        for number, (_, fn) in order[:: -1 if round_number % 2 else 1]:
            started = time.perf_counter()
            for text in texts:
                fn(text)
            best[number] = min(best[number], time.perf_counter() - started)
    return [
        Throughput(name, seconds, megabytes, len(texts))
        for (name, _), seconds in zip(systems, best, strict=True)
    ]


def html_report(results: Sequence[Throughput], repeat: int) -> str:
    """The HTML-in table (trafilatura first, cleaner's default settings last), each row's
    ratio to trafilatura, and the default's verdict."""
    trafilatura, cleaner = results[0], results[-1]
    ratio = cleaner.articles_per_s / trafilatura.articles_per_s
    rows = [
        [
            r.name,
            f"{r.articles_per_s:.1f}",
            f"{r.mb_per_s:.2f}",
            f"{r.seconds:.3f}",
            f"{r.articles_per_s / trafilatura.articles_per_s:.2f}",
        ]
        for r in results
    ]
    return "\n\n".join(
        [
            f"## Speed: HTML in, {trafilatura.articles} pages, "
            f"{trafilatura.megabytes:.2f} MB of HTML, one process",
            markdown_table(
                ["system", "pages/s", "HTML MB/s", f"best of {repeat} (s)", "x trafilatura"], rows
            ),
            f"Ratio cleaner / trafilatura: {ratio:.3f}  \n"
            f"Target >= {TARGET_HTML_RATIO:g}x trafilatura: {ratio:.2f}x {verdict(ratio, TARGET_HTML_RATIO)}",
        ]
    )


def html_throughput(htmls: Sequence[str], repeat: int) -> list[Throughput]:
    """trafilatura's ``extract`` with default settings, and cleaner with HTML in: without
    trafilatura's fallback extractors (``Config.fast``), then with its default settings."""
    import trafilatura

    from cleaner import Cleaner, Config

    systems: list[tuple[str, CleanFn]] = [
        ("trafilatura.extract (default settings)", trafilatura.extract),
        ('cleaner, fast (Config(format="html", fast=True))', Cleaner(Config(format="html", fast=True)).clean),
        ('cleaner (Cleaner(Config(format="html")).clean)', Cleaner(Config(format="html")).clean),
    ]
    return measure_side_by_side(systems, htmls, repeat)


def measure(name: str, fn: CleanFn, texts: Sequence[str], repeat: int) -> Throughput:
    """Time ``fn`` over ``texts``."""
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    return Throughput(name, best_seconds(fn, texts, repeat), megabytes, len(texts))


@dataclass(frozen=True)
class BatchRun:
    """Best times of ``cleaner clean --jobs N`` over a folder: the batch alone (from the
    report's timing, after the cleaner is built) and the whole command."""

    jobs: int
    files: int
    megabytes: float
    batch_seconds: float
    command_seconds: float


def batch_runs(texts: Sequence[str], copies: int, repeat: int) -> list[BatchRun]:
    """``cleaner clean`` with 1 and 2 jobs over ``copies`` x ``texts`` written as files."""
    with tempfile.TemporaryDirectory() as temporary:
        source = Path(temporary) / "in"
        for copy in range(copies):
            folder = source / f"copy{copy:02d}"
            folder.mkdir(parents=True)
            for number, text in enumerate(texts):
                (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        megabytes = copies * sum(len(text.encode("utf-8")) for text in texts) / 1e6
        runs = []
        for jobs in (1, 2):
            timings = [_batch_once(source, Path(temporary) / f"out{jobs}-{i}", jobs) for i in range(repeat)]
            batch, whole = min(timings)
            runs.append(BatchRun(jobs, copies * len(texts), megabytes, batch, whole))
        return runs


def _batch_once(source: Path, output: Path, jobs: int) -> tuple[float, float]:
    report = output.with_suffix(".json")
    command = [sys.executable, "-m", "cleaner.cli", "clean", source, output, "--jobs", str(jobs), "-q"]
    started = time.perf_counter()
    subprocess.run([*map(str, command), "--report", str(report)], check=True, env=_checkout_env())
    whole = time.perf_counter() - started
    return json.loads(report.read_text(encoding="utf-8"))["timing"]["seconds"], whole


def _checkout_env() -> dict[str, str]:
    root = Path(__file__).resolve().parent.parent
    return {**os.environ, "PYTHONPATH": str(root)}


def scaling_report(runs: Sequence[BatchRun], copies: int, repeat: int) -> str:
    """The jobs scaling table and its verdict."""
    one, two = runs[0], runs[-1]
    rows = [
        [
            str(r.jobs),
            f"{r.files / r.batch_seconds:.1f}",
            f"{r.megabytes / r.batch_seconds:.2f}",
            f"{r.batch_seconds:.2f}",
            f"{r.files / r.command_seconds:.1f}",
            f"{r.command_seconds:.2f}",
        ]
        for r in runs
    ]
    ratio = one.batch_seconds / two.batch_seconds
    whole_ratio = one.command_seconds / two.command_seconds
    return "\n\n".join(
        [
            f"## Speed: batch CLI, {one.files} files ({copies} copies of the texts), {one.megabytes:.2f} MB",
            markdown_table(
                ["jobs", "files/s", "MB/s", "batch (s)", "files/s, whole command", "whole command (s)"], rows
            ),
            f"Best of {repeat} runs of `cleaner clean IN OUT --jobs N`. The batch time is the report's "
            "(after the cleaner is built); the whole command includes start-up.  \n"
            f"Ratio 2 jobs / 1 job: {ratio:.2f} (whole command {whole_ratio:.2f})  \n"
            f"Target 2 jobs >= {TARGET_JOBS_RATIO:g}x 1 job: {ratio:.2f}x "
            f"{verdict(ratio, TARGET_JOBS_RATIO)}",
        ]
    )


def report(
    results: Sequence[Throughput],
    cleaner: Throughput | None,
    repeat: int,
    scaling: str | None = None,
    html: str | None = None,
) -> str:
    """The markdown shared by stdout and RESULTS.md."""
    rows = [[r.name, f"{r.mb_per_s:.2f}", f"{r.articles_per_s:.1f}", f"{r.seconds:.3f}"] for r in results]
    first = results[0]
    parts = [
        f"## Speed: {first.articles} whole-page texts, {first.megabytes:.2f} MB, one process",
        markdown_table(["system", "MB/s", "articles/s", f"best of {repeat} (s)"], rows),
    ]
    if cleaner is not None:
        c4 = results[0]
        parts.append(
            f"Ratio cleaner/C4: {cleaner.mb_per_s / c4.mb_per_s:.3f}  \n"
            f"Target cleaner >= {TARGET_MB_PER_S:g} MB/s: {cleaner.mb_per_s:.2f} MB/s "
            f"{verdict(cleaner.mb_per_s, TARGET_MB_PER_S)}"
        )
    else:
        parts.append(f"Target cleaner >= {TARGET_MB_PER_S:g} MB/s: n/a (cleaner not importable)")
    if html is not None:
        parts.append(html)
    if scaling is not None:
        parts.append(scaling)
    parts.append(f"Command: `{command_line('benchmarks.speed')}`  \nMachine: {machine_line()}")
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the timings, print the report, and update RESULTS.md."""
    args = parse_args(argv)
    pages = load_pages()
    texts = [page.text for page in pages]
    results = [measure("C4-style line filter", c4_filter, texts, args.repeat)]
    cleaner = None
    loaded = load_cleaner()
    if loaded is not None:
        cleaner = measure(*loaded, texts, args.repeat)
        results.append(cleaner)
    html = (
        None
        if args.no_html
        else html_report(html_throughput([p.html for p in pages], args.repeat), args.repeat)
    )
    scaling = None
    if args.copies > 0:
        scaling = scaling_report(batch_runs(texts, args.copies, args.repeat), args.copies, args.repeat)
    markdown = report(results, cleaner, args.repeat, scaling, html)
    publish("speed", markdown, not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
