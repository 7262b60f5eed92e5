"""Cleaner on WCXB, the Web Content eXtraction Benchmark by Murrough Foley (2026, CC-BY-4.0).

Scores five systems in one run with WCXB's own metric (``benchmarks/wcxb_metric.py``),
overall and per page type, for even ids, odd ids and all pages: the uncleaned whole-page
text (``html_text.extract_text`` of the decoded page), the C4 line filter of the paper on
that text (``baselines.c4_paper_filter``), trafilatura with its default settings on the
HTML, and cleaner in HTML mode (on the HTML) and text mode (on the whole-page text). A
cleaner call that raises ``CleanerError`` (a page over the size limit, say) counts as an
empty prediction; errors are counted per system. If ``Result`` has a ``page_type``, the
confusion matrix of predicted against labelled page type is shown for both cleaner modes.
Writes the ``wcxb`` section of RESULTS.md.

Page ids are strings of digits (``0001`` ... ``4917``); a page's half is the parity of the
number its id ends with: ``0002`` is even, ``0001`` odd.  Tune on one half and check on the
other: the even/odd gap of the cleaner modes shows how much a change fits the pages it was
tuned on.

Data: ``--data`` is a folder laid out as WCXB's (``html/<id>.html.gz``,
``ground-truth/<id>.json``, ``metadata.json``): by default ``../shared/benchmarks/wcxb-dev``
next to the repository (WCXB's development split), or the committed stratified sample
``benchmarks/data/wcxb-sample`` (``--make-sample OUT`` draws it again). The whole-page texts
are cached in ``benchmarks/.cache/`` per html-text version, with the time each took.

Run from the repo root: ``python -m benchmarks.wcxb [--data PATH] [--half even|odd|all]
[--no-write] [--limit N] [--jobs N] [--make-sample OUT [--seed N] [--per-type N]]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if __package__ in (None, ""):  # run as `python benchmarks/wcxb.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baselines import c4_paper_filter  # noqa: E402
from benchmarks.results import command_line, machine_line, markdown_table, publish  # noqa: E402
from benchmarks.wcxb_metric import MeanScores, PageScore, mean_scores, page_score  # noqa: E402

if TYPE_CHECKING:
    from cleaner import Cleaner

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "benchmarks" / "wcxb-dev"
SAMPLE_DIR = BENCH_DIR / "data" / "wcxb-sample"
CACHE_DIR = BENCH_DIR / ".cache"
CREDIT = "WCXB, the Web Content eXtraction Benchmark by Murrough Foley (2026)"
SOURCE = "github.com/Murrough-Foley/web-content-extraction-benchmark"
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
HALVES = ("all", "even", "odd")
SYSTEMS = {
    "uncleaned": "uncleaned whole-page text (html_text)",
    "c4": "C4 line filter (paper) on that text",
    "trafilatura": "trafilatura (default settings, HTML)",
    "cleaner_html": 'cleaner HTML mode (Config(format="html"))',
    "cleaner_text": 'cleaner text mode (Config(format="text"))',
}
SHORT_NAMES = {
    "uncleaned": "uncleaned",
    "c4": "C4",
    "trafilatura": "trafilatura",
    "cleaner_html": "cleaner HTML",
    "cleaner_text": "cleaner text",
}
CLEANER_MODES = {"cleaner_html": "HTML mode", "cleaner_text": "text mode"}
README_F1 = {"uncleaned": 0.695, "c4": 0.742, "trafilatura": 0.817}
"""Overall F1 on the 1,358 development pages, from the data folder's README."""
DEV_PAGES = 1358
SAMPLE_SEED = 12
SAMPLE_PER_TYPE = 20
OTHER = "other"
_TRAILING_NUMBER = re.compile(r"(\d+)$")
T = TypeVar("T")
Format = Literal["html", "text"]


@dataclass(frozen=True)
class PageRef:
    """One page's id, labelled type and ground-truth main content."""

    id: str
    page_type: str
    truth: str

    @property
    def half(self) -> str:
        """``even`` or ``odd``: the parity of the number the id ends with."""
        return id_half(self.id)


@dataclass(frozen=True)
class Output:
    """What one system made of one page, how long it took, and its error or page type."""

    prediction: str
    seconds: float
    error: str | None = None
    page_type: str | None = None


@dataclass(frozen=True)
class Task:
    """The work for one page: where it is, its reference, its cached whole-page text."""

    data_dir: Path
    ref: PageRef
    cached: tuple[str, float] | None


@dataclass(frozen=True)
class PageRun:
    """One page scored by every system."""

    ref: PageRef
    text: str
    text_seconds: float
    scores: dict[str, PageScore]
    outputs: dict[str, Output]


# --- data -------------------------------------------------------------------------------


def id_half(page_id: str) -> str:
    """``even`` or ``odd`` by the trailing number of ``page_id`` (``0002`` even, ``0001`` odd)."""
    match = _TRAILING_NUMBER.search(page_id)
    if match is None:
        raise ValueError(f"page id {page_id!r} does not end with a number")
    return "odd" if int(match.group(1)) % 2 else "even"


def missing_data_message(data_dir: Path) -> str:
    """The one-line error when ``data_dir`` holds no WCXB pages."""
    return (
        f"error: no WCXB pages at {data_dir} (want html/ and ground-truth/): the public data set is "
        f"WCXB's development split, from the benchmark's public repository ({SOURCE}, dev/); "
        f"pass its folder with --data, or use --data {SAMPLE_DIR.relative_to(ROOT)} (the committed sample)"
    )


def has_data(data_dir: Path) -> bool:
    """True if ``data_dir`` looks like a WCXB split."""
    return (data_dir / "html").is_dir() and (data_dir / "ground-truth").is_dir()


def load_refs(data_dir: Path) -> list[PageRef]:
    """Every page with a ground truth in ``data_dir``, sorted by id."""
    return [_load_ref(path) for path in sorted((data_dir / "ground-truth").glob("*.json"))]


def _load_ref(path: Path) -> PageRef:
    """Read one ``ground-truth/<id>.json`` (as WCXB's evaluate.py: no main content is empty)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    truth = (data.get("ground_truth") or {}).get("main_content") or ""
    page_type = ((data.get("_internal") or {}).get("page_type") or {}).get("primary", "article")
    return PageRef(path.stem, "collection" if page_type == "category" else page_type, truth)


def read_html(data_dir: Path, page_id: str) -> str:
    """Decode ``html/<id>.html.gz`` (WCXB pages are all UTF-8)."""
    raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
    return raw.decode("utf-8", errors="replace")


def select_refs(refs: Sequence[PageRef], half: str, limit: int | None) -> list[PageRef]:
    """The pages of ``half`` (``all``: every page), the first ``limit`` of them if given."""
    chosen = [ref for ref in refs if half == "all" or ref.half == half]
    return chosen[:limit] if limit is not None else chosen


# --- whole-page text cache --------------------------------------------------------------


def cache_path() -> Path:
    """The whole-page text cache for the installed html-text version."""
    return CACHE_DIR / f"wcxb-html_text-{version('html-text')}.json"


def cache_key(data_dir: Path, page_id: str) -> str:
    """A page's cache key: its id and the size of its gzipped HTML."""
    return f"{page_id}:{(data_dir / 'html' / f'{page_id}.html.gz').stat().st_size}"


def read_cache(path: Path) -> dict[str, tuple[str, float]]:
    """The cached ``{key: (text, seconds)}``, or an empty map if absent or broken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: (str(entry["text"]), float(entry["seconds"])) for key, entry in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_cache(path: Path, entries: dict[str, tuple[str, float]]) -> None:
    """Write the cache atomically so an interrupted run cannot corrupt it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {key: {"text": text, "seconds": seconds} for key, (text, seconds) in entries.items()}
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def update_cache(data_dir: Path, runs: Sequence[PageRun], cached: dict[str, tuple[str, float]]) -> None:
    """Add the whole-page texts this run extracted to the cache."""
    keys = {cache_key(data_dir, run.ref.id): (run.text, run.text_seconds) for run in runs}
    if any(key not in cached for key in keys):
        write_cache(cache_path(), {**cached, **keys})


# --- running the systems ----------------------------------------------------------------


def timed(fn: Callable[[str], T], arg: str) -> tuple[T, float]:
    """``fn(arg)`` and the seconds it took."""
    started = time.perf_counter()
    value = fn(arg)
    return value, time.perf_counter() - started


@cache
def make_cleaner(fmt: Format) -> Cleaner:
    """One cleaner per format and process."""
    from cleaner import Cleaner, Config

    return Cleaner(Config(format=fmt))


def predicted_type(result: Any) -> str | None:
    """The page type a cleaner ``Result`` reports, or None if this version has none."""
    value = getattr(result, "page_type", None)
    value = getattr(value, "value", value)  # an enum member gives its value
    return None if value is None else str(value)


def run_cleaner(fmt: Format, raw: str) -> Output:
    """Clean ``raw`` in format ``fmt``; a ``CleanerError`` gives an empty prediction."""
    from cleaner import CleanerError

    started = time.perf_counter()
    try:
        result = make_cleaner(fmt).clean(raw)
    except CleanerError as exc:
        return Output("", time.perf_counter() - started, error=type(exc).__name__)
    return Output(result.text, time.perf_counter() - started, page_type=predicted_type(result))


def run_trafilatura(html: str) -> Output:
    """trafilatura with its default settings (None counts as empty)."""
    import trafilatura

    text, seconds = timed(trafilatura.extract, html)
    return Output(text or "", seconds)


def whole_page_text(html: str, cached: tuple[str, float] | None) -> tuple[str, float]:
    """The page's text as html-text extracts it, and the seconds that took."""
    if cached is not None:
        return cached
    import html_text

    text, seconds = timed(html_text.extract_text, html)
    return str(text), seconds


def run_page(task: Task) -> PageRun:
    """Run every system on one page and score it."""
    html = read_html(task.data_dir, task.ref.id)
    text, text_seconds = whole_page_text(html, task.cached)
    filtered, c4_seconds = timed(c4_paper_filter, text)
    outputs = {
        "uncleaned": Output(text, text_seconds),
        "c4": Output(filtered, c4_seconds),
        "trafilatura": run_trafilatura(html),
        "cleaner_html": run_cleaner("html", html),
        "cleaner_text": run_cleaner("text", text),
    }
    scores = {name: page_score(out.prediction, task.ref.truth) for name, out in outputs.items()}
    return PageRun(task.ref, text, text_seconds, scores, outputs)


def run_pages(tasks: Sequence[Task], jobs: int) -> list[PageRun]:
    """Run every task, in this process or in a pool of ``jobs`` processes, in order."""
    if jobs <= 1:
        return list(_progress(map(run_page, tasks), len(tasks)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(_progress(pool.map(run_page, tasks, chunksize=4), len(tasks)))


def _progress(runs: Iterator[PageRun], total: int) -> Iterator[PageRun]:
    """Pass ``runs`` through, noting progress on stderr every 100 pages."""
    for done, run in enumerate(runs, start=1):
        if done % 100 == 0 or done == total:
            print(f"  {done}/{total} pages", file=sys.stderr, flush=True)
        yield run


# --- report -----------------------------------------------------------------------------


def pick(runs: Sequence[PageRun], half: str = "all", page_type: str | None = None) -> list[PageRun]:
    """The runs of pages in ``half`` and of ``page_type`` (None: any type)."""
    return [
        run
        for run in runs
        if (half == "all" or run.ref.half == half) and (page_type is None or run.ref.page_type == page_type)
    ]


def means(runs: Sequence[PageRun], system: str) -> MeanScores:
    """WCXB means of ``system`` over ``runs``."""
    return mean_scores([run.scores[system] for run in runs])


def fpr(score: MeanScores) -> str:
    """``F1 / P / R`` with 3 decimals, or n/a for no pages."""
    return f"{score.f1:.3f} / {score.precision:.3f} / {score.recall:.3f}" if score.n else "n/a"


def pages_per_second(runs: Sequence[PageRun], system: str) -> float | None:
    """Pages per second of ``system`` from its per-page times."""
    seconds = sum(run.outputs[system].seconds for run in runs)
    return len(runs) / seconds if seconds > 0 else None


def errors(runs: Sequence[PageRun], system: str) -> list[str]:
    """``id (ErrorName)`` of the pages where ``system`` raised."""
    return [f"{run.ref.id} ({run.outputs[system].error})" for run in runs if run.outputs[system].error]


def halves_of(runs: Sequence[PageRun]) -> list[str]:
    """The halves worth a table: all, even and odd, or just the one present."""
    present = {run.ref.half for run in runs}
    return list(HALVES) if len(present) > 1 else sorted(present)


def overall_table(runs: Sequence[PageRun], jobs: int) -> str:
    """Systems: F1, P, R on all pages, F1 per half, errors and pages/s."""
    headers = ["system", "F1", "P", "R", "F1 even ids", "F1 odd ids", "errors", f"pages/s (jobs {jobs})"]
    rows: list[list[object]] = []
    for system, label in SYSTEMS.items():
        score = means(runs, system)
        even, odd = means(pick(runs, "even"), system), means(pick(runs, "odd"), system)
        rows.append(
            [
                label,
                score.f1,
                score.precision,
                score.recall,
                even.f1 if even.n else None,
                odd.f1 if odd.n else None,
                len(errors(runs, system)),
                _rate(pages_per_second(runs, system)),
            ]
        )
    return markdown_table(headers, rows)


def _rate(value: float | None) -> str:
    """Pages per second with one decimal."""
    return "n/a" if value is None else f"{value:.1f}"


def type_table(runs: Sequence[PageRun], half: str) -> str:
    """Per page type (and all types): pages and F1 / P / R of every system, for ``half``."""
    headers = ["page type", "pages", *(f"{SHORT_NAMES[s]} F1 / P / R" for s in SYSTEMS)]
    rows: list[list[object]] = []
    for page_type in (None, *PAGE_TYPES):
        chosen = pick(runs, half, page_type)
        rows.append([page_type or "all types", len(chosen), *(fpr(means(chosen, s)) for s in SYSTEMS)])
    return markdown_table(headers, rows)


def gap_table(runs: Sequence[PageRun]) -> str:
    """Even-id F1, odd-id F1 and their gap (even - odd) for both cleaner modes."""
    headers = ["page type"]
    for mode in CLEANER_MODES.values():
        headers += [f"{mode} even", f"{mode} odd", f"{mode} gap"]
    rows: list[list[object]] = []
    for page_type in (None, *PAGE_TYPES):
        row: list[object] = [page_type or "all types"]
        for system in CLEANER_MODES:
            even = means(pick(runs, "even", page_type), system)
            odd = means(pick(runs, "odd", page_type), system)
            gap = f"{even.f1 - odd.f1:+.3f}" if even.n and odd.n else None
            row += [even.f1 if even.n else None, odd.f1 if odd.n else None, gap]
        rows.append(row)
    return markdown_table(headers, rows)


def confusion_section(runs: Sequence[PageRun]) -> str:
    """Confusion matrices of predicted page type for both cleaner modes, or a one-line note."""
    if all(run.outputs[s].page_type is None for run in runs for s in CLEANER_MODES):
        return "Page types: not reported by this version of cleaner (`Result` has no `page_type`)."
    return "\n\n".join(_confusion(runs, system, mode) for system, mode in CLEANER_MODES.items())


def _confusion(runs: Sequence[PageRun], system: str, mode: str) -> str:
    """One confusion matrix (rows: labelled type, columns: predicted type) and its accuracy."""
    counts = Counter((run.ref.page_type, _predicted_column(run.outputs[system])) for run in runs)
    columns = [*PAGE_TYPES, OTHER]
    rows = [[label, *(counts[(label, col)] for col in columns)] for label in PAGE_TYPES]
    accuracy = sum(counts[(t, t)] for t in PAGE_TYPES) / len(runs)
    table = markdown_table(["labelled \\ predicted", *columns], rows)
    return f"Page type, cleaner {mode}: accuracy {accuracy:.3f} ({OTHER}: none or unknown)\n\n{table}"


def _predicted_column(output: Output) -> str:
    """The confusion column of a predicted page type."""
    return output.page_type if output.page_type in PAGE_TYPES else OTHER


def errors_line(runs: Sequence[PageRun]) -> str:
    """Which pages raised, per system (scored as empty predictions)."""
    parts = [f"{SHORT_NAMES[s]}: {', '.join(errors(runs, s))}" for s in SYSTEMS if errors(runs, s)]
    return "Errors (scored as empty predictions): " + ("; ".join(parts) or "none")


def readme_line(runs: Sequence[PageRun]) -> str | None:
    """Overall F1 against the data README's figures, when the run covers all dev pages."""
    if len(runs) != DEV_PAGES:
        return None
    parts = [f"{SHORT_NAMES[n]} {ref:.3f} (this run {means(runs, n).f1:.3f})" for n, ref in README_F1.items()]
    return "The data folder's README gives, on the same pages: " + ", ".join(parts) + "."


def report(runs: Sequence[PageRun], data_dir: Path, jobs: int) -> str:
    """The markdown shared by stdout and RESULTS.md."""
    parts = [
        f"## WCXB: {len(runs)} pages of `{_shown(data_dir)}`, one run",
        f"Data and metric: {CREDIT}, CC-BY-4.0 ({SOURCE}). Metric: per-page word-multiset F1, P, R "
        "(tokens `\\w+`, lower-cased), plain means over pages; ids are even or odd by their number.",
        overall_table(runs, jobs),
        _speed_note(jobs),
        errors_line(runs),
        *type_sections(runs),
        readme_line(runs),
        confusion_section(runs),
        f"Command: `{command_line('benchmarks.wcxb')}`  \nMachine: {machine_line()}",
    ]
    return "\n\n".join(part for part in parts if part)


def type_sections(runs: Sequence[PageRun]) -> list[str]:
    """The per-type tables of each half, then the cleaner's even/odd gap."""
    halves = halves_of(runs)
    sections = [f"F1 / P / R per page type, {_half_title(h)}:\n\n{type_table(runs, h)}" for h in halves]
    if len(halves) > 1:
        sections.append("Even/odd gap of cleaner (F1, even - odd):\n\n" + gap_table(runs))
    return sections


def _half_title(half: str) -> str:
    """``all pages``, ``even ids`` or ``odd ids``."""
    return "all pages" if half == "all" else f"{half} ids"


def _speed_note(jobs: int) -> str:
    """What the pages/s column means."""
    note = (
        "pages/s: per-page times of each system summed; only a single-process run (--jobs 1) gives "
        "meaningful figures. The whole-page text's time is html_text's, measured when the cache was "
        "filled; C4 and cleaner text mode are timed on that text alone."
    )
    return note if jobs <= 1 else f"{note} **This run used --jobs {jobs}: pages/s are not meaningful.**"


def _shown(path: Path) -> str:
    """``path`` relative to the repository root when it is inside or next to it."""
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)


# --- the committed sample ---------------------------------------------------------------


def draw_sample(refs: Sequence[PageRef], seed: int, per_type: int) -> list[str]:
    """``per_type`` ids of each page type: one ``random.Random(seed)``, types in PAGE_TYPES order,
    ``rng.sample`` over each type's sorted ids."""
    rng = random.Random(seed)
    chosen: list[str] = []
    for page_type in PAGE_TYPES:
        ids = sorted(ref.id for ref in refs if ref.page_type == page_type)
        chosen += rng.sample(ids, min(per_type, len(ids)))
    return sorted(chosen)


def make_sample(data_dir: Path, out: Path, seed: int, per_type: int) -> None:
    """Copy a stratified sample of ``data_dir`` to ``out``, with metadata, licence and README."""
    ids = draw_sample(load_refs(data_dir), seed, per_type)
    for folder, suffix in (("html", ".html.gz"), ("ground-truth", ".json")):
        (out / folder).mkdir(parents=True, exist_ok=True)
        for page_id in ids:
            shutil.copyfile(data_dir / folder / f"{page_id}{suffix}", out / folder / f"{page_id}{suffix}")
    shutil.copyfile(data_dir / "LICENSE", out / "LICENSE")
    _write_sample_metadata(data_dir, out, ids, seed, per_type)
    (out / "README.md").write_text(_sample_readme(len(ids), seed, per_type), encoding="utf-8")


def _write_sample_metadata(data_dir: Path, out: Path, ids: Iterable[str], seed: int, per_type: int) -> None:
    """``metadata.json`` of ``data_dir`` with ``files`` restricted to ``ids``."""
    metadata = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))
    metadata["files"] = {page_id: metadata["files"][page_id] for page_id in ids}
    metadata["note"] = (
        f"stratified sample of the development split: {per_type} pages per page type, "
        f"random.Random({seed}); {metadata.get('note', '')}".rstrip("; ")
    )
    text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    (out / "metadata.json").write_text(text, encoding="utf-8")


def _sample_readme(pages: int, seed: int, per_type: int) -> str:
    """The sample folder's README: credit, licence, how it was drawn."""
    return f"""# WCXB development split: a stratified sample ({pages} pages)

The pages and ground truths here are from
{CREDIT},
licensed CC-BY-4.0 (see `LICENSE`; source: the benchmark's public repository,
{SOURCE}). Credit the benchmark wherever numbers
measured on these pages are quoted. Changes: a subset of the files only, unmodified, with
`metadata.json` restricted to them.

This is a stratified sample of WCXB's development split (the 1,358 development pages that are
not also test pages): {per_type} pages of each of the {len(PAGE_TYPES)} page types
({", ".join(PAGE_TYPES)}). It was drawn with one `random.Random({seed})`: for each type in
that order, `rng.sample` of {per_type} ids from the type's sorted ids. To draw it again, from
the repository root, with the development split at `../shared/benchmarks/wcxb-dev`:

    python -m benchmarks.wcxb --make-sample benchmarks/data/wcxb-sample --seed {seed} --per-type {per_type}

Layout as the benchmark's: `html/<id>.html.gz` (the raw page, UTF-8, gzipped),
`ground-truth/<id>.json` (`ground_truth.main_content` is the scored text,
`_internal.page_type.primary` the page type), `metadata.json`.

Score it with `python -m benchmarks.wcxb --data benchmarks/data/wcxb-sample --no-write`;
`tests/bench/test_wcxb_floor.py` checks both cleaner modes on it.
"""


# --- main -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="a WCXB split's folder")
    parser.add_argument("--half", choices=HALVES, default="all", help="pages with even ids, odd ids, or all")
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pages (by id)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="processes (pages/s needs 1)")
    parser.add_argument("--make-sample", type=Path, metavar="OUT", help="draw the stratified sample")
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED, help="seed of the sample's draw")
    parser.add_argument("--per-type", type=int, default=SAMPLE_PER_TYPE, help="sample pages per type")
    return parser.parse_args(argv)


def benchmark(args: argparse.Namespace) -> str:
    """Run every system on the chosen pages; return the report."""
    refs = select_refs(load_refs(args.data), args.half, args.limit)
    cached = read_cache(cache_path())
    tasks = [Task(args.data, ref, cached.get(cache_key(args.data, ref.id))) for ref in refs]
    runs = run_pages(tasks, args.jobs)
    update_cache(args.data, runs, cached)
    return report(runs, args.data, args.jobs)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or draw the sample), print the report, and update RESULTS.md."""
    args = parse_args(argv)
    if not has_data(args.data):
        print(missing_data_message(args.data), file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.make_sample is not None:
        make_sample(args.data, args.make_sample, args.seed, args.per_type)
        print(f"Wrote a sample of {args.per_type} pages per type to {args.make_sample}")
        return 0
    markdown = benchmark(args)
    publish("wcxb", markdown, not args.no_write)
    print(f"\nRun took {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
