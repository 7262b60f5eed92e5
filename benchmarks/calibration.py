"""Calibration of the cleanliness score: does ``score`` read as the share of the page that is content?

Issue 15 wants ``Result.score`` to estimate a page's *clean share* and to rank pages within
every page kind. Per page: the clean share is the precision of the uncleaned whole-page text
(``html_text``) against the page's main content with the benchmark's own token metric, and the
score is ``clean(whole_page_text).score`` (text mode) or ``clean(html).score`` (HTML mode) —
the clean share is the same in both modes. Two benchmarks:

- WCXB's development pages (WCXB, the Web Content eXtraction Benchmark by Murrough Foley, 2026,
  CC-BY-4.0): pages, page types, halves and the whole-page text cache are ``benchmarks/wcxb.py``'s;
  the clean share is the precision of WCXB's word-multiset metric (``benchmarks/wcxb_metric.py``).
  A page with an empty main content has clean share 0 (the metric's precision of a non-empty text).
- ScrapingHub's 181 article pages (``benchmarks/scrapinghub.py``): the clean share is the
  "true clean share" of ``benchmarks/accuracy.py``, the 4-shingle precision of the raw text
  (``benchmarks/metric.py``); pages where it is undefined are left out, as there. Every page's
  kind is ``article``; a page's half is the parity of its hex id.

Reported per kind and overall, for even ids, odd ids and all pages: n, Spearman(score, clean
share), MAE = mean |score - clean share|, ECE = expected calibration error over 10 equal-width
score bins (sum over bins of n_bin / N * |mean score - mean clean share|), mean score and mean
clean share, each figure marked against the issue's targets where it sets one (text mode); the
Spearman of every signal with the clean share; the score's figures per band of extraction F1
(the cleaned text against the main content, the benchmark's metric: the score can only know
what the cleaner found); a reliability diagram (``benchmarks/calibration.png``).
A ``CleanerError`` leaves the page out of that mode's figures (counted as an error).
``page_rows`` gives the per-page rows (with every signal) for a fitting script.
Writes the ``calibration`` section of RESULTS.md and the picture.

Run from the repo root: ``python -m benchmarks.calibration [--data PATH] [--half even|odd|all]
[--mode text|html|both] [--no-write] [--limit N] [--jobs N]``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from statistics import fmean
from typing import TypeVar

if __package__ in (None, ""):  # run as `python benchmarks/calibration.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import wcxb  # noqa: E402
from benchmarks.accuracy import score_system  # noqa: E402
from benchmarks.results import command_line, machine_line, markdown_table, publish  # noqa: E402
from benchmarks.wcxb_metric import page_score  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
FIGURE_PATH = BENCH_DIR / "calibration.png"
BINS = 10
MODES = ("text", "html")
MODE_NAMES = {"text": "text mode", "html": "HTML mode"}
BENCHMARKS = {"wcxb": "WCXB", "scrapinghub": "ScrapingHub"}
ALL_KINDS = "all kinds"
SH_KIND = "article"
TARGETS: dict[tuple[str, str], dict[str, tuple[str, float]]] = {
    # (benchmark, overall or per kind): {figure: (">=" or "<=", bound)}; issue 15, text mode
    ("wcxb", "overall"): {"spearman": (">=", 0.80), "mae": ("<=", 0.08)},
    ("wcxb", "kind"): {"spearman": (">=", 0.60), "mae": ("<=", 0.12)},
    ("scrapinghub", "overall"): {"spearman": (">=", 0.85), "ece": ("<=", 0.07)},
}
TARGET_MODE = "text"
NAMES = {"spearman": "Spearman", "mae": "MAE", "ece": "ECE (calibration error)"}
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Row:
    """One page in one mode: its score, its clean share and the signals behind the score.

    ``score`` is None (and ``error`` the exception's name) when the cleaner refused the page;
    ``page_type`` is what the cleaner took the page for.
    """

    benchmark: str
    id: str
    half: str
    kind: str
    mode: str
    score: float | None
    clean_share: float
    signals: dict[str, float] = field(default_factory=dict)
    page_type: str | None = None
    error: str | None = None
    extraction_f1: float | None = None
    """The cleaned text's F1 against the page's main content (the benchmark's metric)."""


@dataclass(frozen=True)
class Figures:
    """The calibration figures of a set of rows (None where undefined)."""

    n: int
    errors: int
    spearman: float | None
    mae: float | None
    ece: float | None
    mean_score: float | None
    mean_share: float | None


@dataclass(frozen=True)
class Bin:
    """One equal-width score bin: its pages, mean score and mean clean share."""

    low: float
    high: float
    n: int
    mean_score: float | None
    mean_share: float | None


# --- the measures -----------------------------------------------------------------------


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation of ``xs`` and ``ys``, or None with fewer than 3 pairs or a
    constant side (where it is undefined)."""
    if len(xs) != len(ys):
        raise ValueError("spearman: the two sides differ in length")
    if len(xs) < 3:
        return None
    from scipy.stats import spearmanr

    with warnings.catch_warnings():  # constant input gives nan plus a warning
        warnings.simplefilter("ignore")
        value = float(spearmanr(xs, ys).statistic)
    return None if math.isnan(value) else value


def mae(scores: Sequence[float], shares: Sequence[float]) -> float | None:
    """Mean absolute error: mean of |score - clean share| (None for no pages)."""
    return fmean(abs(s - t) for s, t in zip(scores, shares, strict=True)) if scores else None


def bin_index(score: float, bins: int = BINS) -> int:
    """The equal-width bin of ``score`` in [0, 1]: ``[k/bins, (k+1)/bins)``, 1.0 in the last."""
    return min(bins - 1, max(0, int(score * bins)))


def reliability(scores: Sequence[float], shares: Sequence[float], bins: int = BINS) -> list[Bin]:
    """Every score bin: its page count, mean score and mean clean share (None when empty)."""
    members: list[list[tuple[float, float]]] = [[] for _ in range(bins)]
    for score, share in zip(scores, shares, strict=True):
        members[bin_index(score, bins)].append((score, share))
    return [
        Bin(
            k / bins,
            (k + 1) / bins,
            len(pairs),
            fmean(s for s, _ in pairs) if pairs else None,
            fmean(t for _, t in pairs) if pairs else None,
        )
        for k, pairs in enumerate(members)
    ]


def ece(scores: Sequence[float], shares: Sequence[float], bins: int = BINS) -> float | None:
    """Expected calibration error over ``bins`` equal-width score bins:
    sum over bins of n_bin / N * |mean score - mean clean share| (None for no pages)."""
    if not scores:
        return None
    return sum(
        b.n / len(scores) * abs(b.mean_score - b.mean_share)
        for b in reliability(scores, shares, bins)
        if b.mean_score is not None and b.mean_share is not None
    )


def figures(rows: Sequence[Row]) -> Figures:
    """The figures of ``rows`` (the refused pages counted apart)."""
    scored = [row for row in rows if row.score is not None]
    scores = [row.score for row in scored if row.score is not None]
    shares = [row.clean_share for row in scored]
    return Figures(
        n=len(scored),
        errors=len(rows) - len(scored),
        spearman=spearman(scores, shares),
        mae=mae(scores, shares),
        ece=ece(scores, shares),
        mean_score=fmean(scores) if scores else None,
        mean_share=fmean(shares) if shares else None,
    )


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which pages and modes to measure: ``half`` (``all``, ``even``, ``odd``), the cleaner's
    ``modes``, ``jobs`` processes; for WCXB, only ``ids`` if given and the first ``limit`` pages."""

    half: str = "all"
    modes: tuple[str, ...] = ("text",)
    jobs: int = 1
    limit: int | None = None
    ids: frozenset[str] | None = None


def extraction_f1(benchmark: str, text: str, truth: str) -> float:
    """The F1 of ``text`` against ``truth`` with ``benchmark``'s own metric."""
    if benchmark == "wcxb":
        return page_score(text, truth).f1
    from benchmarks.metric import page_scores

    return page_scores(text, truth).f1


def clean_rows(
    benchmark: str,
    page_id: str,
    half: str,
    kind: str,
    share: float,
    inputs: dict[str, str],
    modes: Sequence[str],
) -> list[Row]:
    """Clean ``inputs[mode]`` in every mode and keep score, signals and the cleaned text's F1
    against ``inputs["truth"]``; a ``CleanerError`` gives no score."""
    from cleaner import CleanerError

    rows = []
    for mode in modes:
        try:
            result = wcxb.make_cleaner("html" if mode == "html" else "text").clean(inputs[mode])
        except CleanerError as exc:
            rows.append(Row(benchmark, page_id, half, kind, mode, None, share, error=type(exc).__name__))
            continue
        signals = {name: float(value) for name, value in result.signals.items()}
        page_type = wcxb.predicted_type(result)
        f1 = extraction_f1(benchmark, result.text, inputs["truth"])
        rows.append(
            Row(
                benchmark, page_id, half, kind, mode, float(result.score), share, signals, page_type, None, f1
            )
        )
    return rows


def _wcxb_page(modes: Sequence[str], task: wcxb.Task) -> tuple[list[Row], tuple[str, float]]:
    """One WCXB page's rows, and its whole-page text with the seconds it took (for the cache)."""
    ref = task.ref
    html = wcxb.read_html(task.data_dir, ref.id) if "html" in modes or task.cached is None else ""
    text, seconds = wcxb.whole_page_text(html, task.cached)
    share = page_score(text, ref.truth).precision
    inputs = {"text": text, "html": html, "truth": ref.truth}
    rows = clean_rows("wcxb", ref.id, ref.half, ref.page_type, share, inputs, modes)
    return rows, (text, seconds)


def wcxb_rows(data_dir: Path = wcxb.DEFAULT_DATA_DIR, selection: Selection = Selection()) -> list[Row]:
    """The rows of the selected WCXB pages; new whole-page texts go to the cache."""
    refs = [ref for ref in wcxb.load_refs(data_dir) if selection.ids is None or ref.id in selection.ids]
    refs = wcxb.select_refs(refs, selection.half, selection.limit)
    cache_file = wcxb.cache_path()
    cached = wcxb.read_cache(cache_file)
    keys = [wcxb.cache_key(data_dir, ref.id) for ref in refs]
    tasks = [wcxb.Task(data_dir, ref, cached.get(key)) for ref, key in zip(refs, keys, strict=True)]
    done = parallel_map(partial(_wcxb_page, selection.modes), tasks, selection.jobs, "WCXB pages")
    texts = {key: text for key, (_, text) in zip(keys, done, strict=True)}
    if any(key not in cached for key in texts):
        wcxb.write_cache(cache_file, {**cached, **texts})
    return [row for rows, _ in done for row in rows]


def sh_half(page_id: str) -> str:
    """``even`` or ``odd``: the parity of a ScrapingHub id read as a hexadecimal number."""
    return "odd" if int(page_id, 16) % 2 else "even"


def _sh_page(modes: Sequence[str], page: tuple[str, str, str, str, float]) -> list[Row]:
    """One ScrapingHub page's rows: ``page`` is its id, HTML, whole-page text, main content and
    clean share."""
    page_id, html, text, truth, share = page
    inputs = {"text": text, "html": html, "truth": truth}
    return clean_rows("scrapinghub", page_id, sh_half(page_id), SH_KIND, share, inputs, modes)


def scrapinghub_rows(selection: Selection = Selection()) -> list[Row]:
    """The rows of the ScrapingHub pages of the selection's half; the clean share is accuracy.py's
    true clean share (pages where it is undefined are left out)."""
    from benchmarks.scrapinghub import load_pages

    pages = [page for page in load_pages() if selection.half == "all" or sh_half(page.id) == selection.half]
    raw = score_system("raw whole-page text", [page.text for page in pages], pages)
    work = [
        (page.id, page.html, page.text, page.truth, score.precision)
        for page, score in zip(pages, raw.pages, strict=True)
        if score.precision is not None
    ]
    done = parallel_map(partial(_sh_page, selection.modes), work, selection.jobs, "ScrapingHub pages")
    return [row for rows in done for row in rows]


def page_rows(data_dir: Path | None = wcxb.DEFAULT_DATA_DIR, selection: Selection = Selection()) -> list[Row]:
    """Every selected page's rows, WCXB's (from ``data_dir``; None: none) then ScrapingHub's, for a
    fitting script: id, half, kind, mode, score, clean share and the signals dict per page, e.g.
    ``page_rows(selection=Selection(half="even", modes=("text",)))``."""
    rows = wcxb_rows(data_dir, selection) if data_dir is not None else []
    return rows + scrapinghub_rows(selection)


def parallel_map(fn: Callable[[T], R], items: Sequence[T], jobs: int, what: str) -> list[R]:
    """``fn`` of every item in order, in this process or in ``jobs`` processes, noting progress."""
    if jobs <= 1:
        return list(_progress(map(fn, items), len(items), what))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(_progress(pool.map(fn, items, chunksize=4), len(items), what))


def _progress(results: Iterator[R], total: int, what: str) -> Iterator[R]:
    """Pass ``results`` through, noting progress on stderr every 200 items."""
    for done, result in enumerate(results, start=1):
        if done % 200 == 0 or done == total:
            print(f"  {done}/{total} {what}", file=sys.stderr, flush=True)
        yield result


# --- report -----------------------------------------------------------------------------


def pick(
    rows: Iterable[Row], benchmark: str, mode: str, half: str = "all", kind: str = ALL_KINDS
) -> list[Row]:
    """The rows of ``benchmark`` in ``mode`` for pages of ``half`` and ``kind``."""
    return [
        row
        for row in rows
        if row.benchmark == benchmark
        and row.mode == mode
        and (half == "all" or row.half == half)
        and (kind == ALL_KINDS or row.kind == kind)
    ]


def kinds_of(rows: Sequence[Row], benchmark: str) -> list[str]:
    """``all kinds`` then the benchmark's kinds (WCXB's in its page-type order)."""
    present = {row.kind for row in rows if row.benchmark == benchmark}
    ordered = [kind for kind in wcxb.PAGE_TYPES if kind in present]
    return [ALL_KINDS, *ordered, *sorted(present.difference(ordered))] if len(present) > 1 else [ALL_KINDS]


def halves_of(rows: Sequence[Row]) -> list[str]:
    """All, even and odd when both halves are present, else just the one."""
    present = {row.half for row in rows}
    return list(wcxb.HALVES) if len(present) > 1 else sorted(present)


def target(benchmark: str, mode: str, kind: str, figure: str) -> tuple[str, float] | None:
    """The issue's target for one figure, or None where it sets none."""
    if mode != TARGET_MODE:
        return None
    return TARGETS.get((benchmark, "overall" if kind == ALL_KINDS else "kind"), {}).get(figure)


def meets(value: float, goal: tuple[str, float]) -> bool:
    """Whether ``value`` meets ``goal`` (``(">=", bound)`` or ``("<=", bound)``)."""
    op, bound = goal
    return value >= bound if op == ">=" else value <= bound


def marked(value: float | None, goal: tuple[str, float] | None) -> str:
    """``value`` with 3 decimals, with ✓ or ✗ against ``goal`` when there is one."""
    if value is None:
        return "n/a"
    return f"{value:.3f}" if goal is None else f"{value:.3f} {'✓' if meets(value, goal) else '✗'}"


def figures_table(rows: Sequence[Row], benchmark: str, mode: str, half: str) -> str:
    """Per kind (and all kinds): the figures of ``benchmark`` in ``mode`` for ``half``."""
    headers = ["kind", "pages", "Spearman", "MAE", "ECE", "mean score", "mean clean share", "errors"]
    table: list[list[object]] = []
    for kind in kinds_of(rows, benchmark):
        fig = figures(pick(rows, benchmark, mode, half, kind))
        table.append(
            [
                kind,
                fig.n,
                *(
                    marked(getattr(fig, name), target(benchmark, mode, kind, name))
                    for name in ("spearman", "mae", "ece")
                ),
                fig.mean_score,
                fig.mean_share,
                fig.errors,
            ]
        )
    return markdown_table(headers, table)


def targets_table(rows: Sequence[Row]) -> str | None:
    """Issue 15's targets on every page of the run, text mode: overall, and per kind the worst."""
    lines: list[tuple[str, str, tuple[str, float], float, str]] = []
    for (benchmark, scope), goals in TARGETS.items():
        chosen = pick(rows, benchmark, TARGET_MODE)
        kinds = kinds_of(chosen, benchmark)
        for name, goal in goals.items():
            found = {
                kind: getattr(figures(pick(chosen, benchmark, TARGET_MODE, kind=kind)), name)
                for kind in kinds
            }
            known = {kind: value for kind, value in found.items() if value is not None}
            if scope == "overall" and ALL_KINDS in known:
                lines.append((BENCHMARKS[benchmark], f"{NAMES[name]} overall", goal, known[ALL_KINDS], ""))
            elif scope == "kind" and len(known) > 2:
                known.pop(ALL_KINDS, None)
                worst = (min if goal[0] == ">=" else max)(known, key=known.__getitem__)
                short = ", ".join(kind for kind, value in known.items() if not meets(value, goal))
                lines.append(
                    (BENCHMARKS[benchmark], f"{NAMES[name]}, worst kind ({worst})", goal, known[worst], short)
                )
    if not lines:
        return None
    table = markdown_table(
        ["benchmark", "figure", "target", "this run", "kinds short of it"],
        [
            [bench, name, f"{goal[0]} {goal[1]:.2f}", marked(value, goal), short]
            for bench, name, goal, value, short in lines
        ],
    )
    return "Issue 15's targets, text mode, every page of the run:\n\n" + table


EXTRACTION_BINS: tuple[tuple[float, float], ...] = ((0.9, 1.01), (0.8, 0.9), (0.6, 0.8), (0.0, 0.6))
"""Bands of the cleaned text's F1 against the main content, best first."""
GOOD_EXTRACTION = EXTRACTION_BINS[0][0]


def _band(low: float, high: float) -> str:
    return f">= {low:.1f}" if high > 1 else f"< {high:.1f}" if low == 0 else f"{low:.1f}-{high:.1f}"


def extraction_table(rows: Sequence[Row]) -> str | None:
    """The score's figures per band of extraction F1, per benchmark and mode: how far the score
    can rank pages is bounded by how well the cleaner found their content."""
    table: list[list[object]] = []
    for label, chosen in present_series(rows):
        for low, high in EXTRACTION_BINS:
            band = [
                row for row in chosen if row.extraction_f1 is not None and low <= row.extraction_f1 < high
            ]
            fig = figures(band)
            table.append(
                [label, _band(low, high), fig.n, fig.spearman, fig.mae, fig.mean_score, fig.mean_share]
            )
    if not table:
        return None
    headers = [
        "benchmark and mode",
        "extraction F1",
        "pages",
        "Spearman",
        "MAE",
        "mean score",
        "mean clean share",
    ]
    return markdown_table(headers, table)


def extraction_kinds_table(rows: Sequence[Row]) -> str | None:
    """WCXB text mode per kind: the score's figures on the pages whose content the cleaner found
    (extraction F1 >= ``GOOD_EXTRACTION``) beside those on all the kind's pages."""
    chosen = pick(rows, "wcxb", TARGET_MODE)
    if not chosen:
        return None
    table: list[list[object]] = []
    for kind in kinds_of(chosen, "wcxb"):
        every = pick(chosen, "wcxb", TARGET_MODE, kind=kind)
        good = figures([row for row in every if (row.extraction_f1 or 0.0) >= GOOD_EXTRACTION])
        fig = figures(every)
        table.append([kind, f"{good.n} of {fig.n}", good.spearman, good.mae, fig.spearman, fig.mae])
    headers = [
        "kind",
        f"pages extracted with F1 >= {GOOD_EXTRACTION}",
        "their Spearman",
        "their MAE",
        "Spearman, all",
        "MAE, all",
    ]
    return markdown_table(headers, table)


def reliability_table(rows: Sequence[Row]) -> str:
    """Per score bin and benchmark/mode: pages and mean clean share (the diagram's numbers)."""
    series = present_series(rows)
    headers = ["score bin", *(f"{label}: pages / mean share" for label, _ in series)]
    columns = [reliability(*scores_and_shares(chosen)) for _, chosen in series]
    table: list[list[object]] = []
    for k in range(BINS):
        cells = [f"{column[k].n} / {column[k].mean_share:.3f}" if column[k].n else "0" for column in columns]
        table.append([f"{k / BINS:.1f}-{(k + 1) / BINS:.1f}", *cells])
    return markdown_table(headers, table)


def present_series(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """``(label, rows)`` of every benchmark and mode the run has."""
    series = [(f"{BENCHMARKS[b]} {MODE_NAMES[m]}", pick(rows, b, m)) for b in BENCHMARKS for m in MODES]
    return [(label, chosen) for label, chosen in series if chosen]


def scores_and_shares(rows: Sequence[Row]) -> tuple[list[float], list[float]]:
    """The scores and clean shares of the scored rows."""
    scored = [row for row in rows if row.score is not None]
    return [row.score for row in scored if row.score is not None], [row.clean_share for row in scored]


KEPT_SHARE = "kept share = 1 - chrome_share - repeat_share"


def kept_share(row: Row) -> float:
    """The share of the page's characters the cleaner kept: what the score would be on shares alone."""
    return 1.0 - row.signals.get("chrome_share", 0.0) - row.signals.get("repeat_share", 0.0)


def signals_table(rows: Sequence[Row]) -> str | None:
    """Spearman with the clean share of the score, the kept share and every signal, per benchmark
    and mode; signals sorted by the first column's size, those constant everywhere left out."""
    series = present_series(rows)
    names = sorted({name for _, chosen in series for row in chosen for name in row.signals})
    if not names:
        return None

    def rho(chosen: Sequence[Row], value: Callable[[Row], float]) -> float | None:
        scored = [row for row in chosen if row.score is not None]
        return spearman([value(row) for row in scored], [row.clean_share for row in scored])

    def signal(name: str) -> Callable[[Row], float]:
        return lambda row: row.signals.get(name, 0.0)

    values = {name: [rho(chosen, signal(name)) for _, chosen in series] for name in names}
    order = sorted(
        (n for n in names if any(v is not None for v in values[n])), key=lambda n: -abs(values[n][0] or 0)
    )
    table = [["score", *(figures(chosen).spearman for _, chosen in series)]]
    table.append([KEPT_SHARE, *(rho(chosen, kept_share) for _, chosen in series)])
    table += [[name, *values[name]] for name in order]
    return markdown_table(["signal", *(label for label, _ in series)], table)


def figure(rows: Sequence[Row], path: Path) -> None:
    """Draw the reliability diagram to ``path``: per benchmark and mode, mean clean share per score
    bin against the diagonal; WCXB text mode per kind; the pages per bin."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = present_series(rows)
    fig, (top, middle, bottom) = plt.subplots(
        3, 1, figsize=(7.5, 12), gridspec_kw={"height_ratios": [3, 3, 1.6]}, constrained_layout=True
    )
    centres = [(k + 0.5) / BINS for k in range(BINS)]
    for axis in (top, middle):
        axis.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1)
        axis.set_xticks([k / BINS for k in range(BINS + 1)])
        axis.set_xlabel("score bin (points at the bin's mean score)")
        axis.set_ylabel("mean clean share")
        axis.grid(alpha=0.3)
    for label, chosen in series:
        _reliability_line(top, label, chosen, marker="o")
    top.set_title("Reliability: score against the share of the page that is content")
    top.legend(loc="upper left", fontsize=8)
    wcxb_text = pick(rows, "wcxb", "text")
    for kind in kinds_of(wcxb_text, "wcxb")[1:]:
        _reliability_line(middle, kind, pick(wcxb_text, "wcxb", "text", kind=kind), marker=".", linewidth=1)
    middle.set_title("WCXB, text mode, per page kind (marker size: pages in the bin)")
    middle.legend(loc="best", fontsize=8, ncol=2)
    width = 0.8 / BINS / max(len(series), 1)
    for i, (label, chosen) in enumerate(series):
        counts = [b.n for b in reliability(*scores_and_shares(chosen))]
        offset = (i - (len(series) - 1) / 2) * width
        bars = bottom.bar([c + offset for c in centres], counts, width=width, label=label)
        bottom.bar_label(bars, fontsize=6, rotation=90, padding=2)
    bottom.set_xlim(0, 1)
    bottom.set_xticks([k / BINS for k in range(BINS + 1)])
    bottom.set_xlabel("score bin")
    bottom.set_ylabel("pages")
    bottom.set_yscale("symlog", linthresh=10)
    bottom.margins(y=0.3)
    bottom.legend(fontsize=7, ncol=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90, metadata={"Software": None})
    plt.close(fig)


def _reliability_line(axis: object, label: str, rows: Sequence[Row], **style: object) -> None:
    """One line of mean clean share per non-empty score bin, markers sized by the bin's pages."""
    bins = [b for b in reliability(*scores_and_shares(rows)) if b.n]
    if not bins:
        return
    xs, ys = [b.mean_score for b in bins], [b.mean_share for b in bins]
    (line,) = axis.plot(xs, ys, label=f"{label} (n={sum(b.n for b in bins)})", **style)  # type: ignore[attr-defined]
    sizes = [12 + 120 * math.sqrt(b.n / max(b.n for b in bins)) for b in bins]
    axis.scatter(xs, ys, s=sizes, color=line.get_color(), alpha=0.5)  # type: ignore[attr-defined]


def report(rows: Sequence[Row], data_dir: Path | None, image: str | None) -> str:
    """The markdown shared by stdout and RESULTS.md (``image``: the diagram's link, if drawn)."""
    wcxb_pages = len({row.id for row in rows if row.benchmark == "wcxb"})
    sh_pages = len({row.id for row in rows if row.benchmark == "scrapinghub"})
    where = f"WCXB ({wcxb_pages} pages of `{wcxb._shown(data_dir)}`) and " if data_dir is not None else ""
    parts = [
        f"## Calibration: score against clean share, {where}ScrapingHub ({sh_pages} pages), one run",
        "Clean share of a page = precision of its uncleaned whole-page text (html_text) against its "
        "main content with the benchmark's own token metric (WCXB's word multisets; ScrapingHub's word "
        "4-shingles, accuracy.py's true clean share); "
        "score = `clean(text).score` in text mode, `clean(html).score` in HTML mode. MAE = mean "
        f"|score - clean share|; ECE = sum over {BINS} equal-width score bins of n_bin/N * |mean score - "
        "mean clean share|. ✓/✗: issue 15's targets (text mode; per kind: Spearman >= 0.60 and "
        "MAE <= 0.12 on WCXB). Ids are even or odd by their number (ScrapingHub: the hex id's). "
        f"WCXB data: {wcxb.CREDIT}, CC-BY-4.0 ({wcxb.SOURCE}).",
        targets_table(rows),
        *_figures_sections(rows),
        f"Reliability diagram (score bins against mean clean share):\n\n![reliability diagram]({image})"
        if image
        else None,
        "Pages and mean clean share per score bin:\n\n" + reliability_table(rows),
        _signals_section(rows),
        _extraction_section(rows),
        f"Command: `{command_line('benchmarks.calibration')}`  \nMachine: {machine_line()}",
    ]
    return "\n\n".join(part for part in parts if part)


def _figures_sections(rows: Sequence[Row]) -> list[str]:
    """One table per benchmark, mode and half."""
    sections = []
    for benchmark, name in BENCHMARKS.items():
        for mode in MODES:
            chosen = pick(rows, benchmark, mode)
            for half in halves_of(chosen):
                title = f"{name}, {MODE_NAMES[mode]}, {wcxb._half_title(half)}"
                sections.append(f"{title}:\n\n{figures_table(chosen, benchmark, mode, half)}")
    return sections


def _extraction_section(rows: Sequence[Row]) -> str | None:
    """The score against how well the cleaner found each page's content."""
    bands, kinds = extraction_table(rows), extraction_kinds_table(rows)
    if bands is None:
        return None
    parts = [
        "The score against the extraction: the score's figures per band of the cleaned text's F1 "
        "against the page's main content (the benchmark's metric). The score is worked out from "
        "what the cleaner kept, so where the cleaner did not find the content it cannot know the "
        "page's clean share:\n\n" + bands
    ]
    if kinds is not None:
        parts.append("WCXB, text mode, per kind:\n\n" + kinds)
    return "\n\n".join(parts)


def _signals_section(rows: Sequence[Row]) -> str | None:
    """Which signals rank pages as the clean share does."""
    table = signals_table(rows)
    if table is None:
        return None
    return (
        "Spearman of each signal with the clean share, all pages (a share removed should correlate "
        "negatively; `type_*` signals are the page-type evidence the score does not use):\n\n" + table
    )


# --- main -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=wcxb.DEFAULT_DATA_DIR, help="a WCXB split's folder")
    parser.add_argument(
        "--half", choices=wcxb.HALVES, default="all", help="pages with even ids, odd ids, or all"
    )
    parser.add_argument(
        "--mode", choices=[*MODES, "both"], default="both", help="cleaner input (default both)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md and the diagram")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N WCXB pages (by id)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="processes")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the report, and update RESULTS.md and the diagram."""
    args = parse_args(argv)
    if not wcxb.has_data(args.data):
        print(wcxb.missing_data_message(args.data), file=sys.stderr)
        return 2
    started = time.perf_counter()
    modes = MODES if args.mode == "both" else (args.mode,)
    rows = page_rows(args.data, Selection(args.half, modes, args.jobs, args.limit))
    image = None
    if not args.no_write:
        figure(rows, FIGURE_PATH)
        image = os.path.relpath(FIGURE_PATH, BENCH_DIR)
    publish("calibration", report(rows, args.data, image), not args.no_write)
    print(f"\nRun took {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
