"""Fit the score's weights and calibration (``cleaner/score.py``) on the pages with even ids.

The score estimates the share of a page that is content (issue 15). This script fits it:

1. Every WCXB development page with an even id and every ScrapingHub page with an even id
   (read as hexadecimal) is cleaned in text mode (its whole-page text) and in HTML mode,
   and its clean share measured (``benchmarks.calibration``: the precision of the
   whole-page text against the page's main content, with each benchmark's own metric).
2. Least squares gives the weights of the content signals (``score.CONTENT_WEIGHTS``) and
   the intercept: the estimate of each page's clean share.
3. Isotonic regression of the clean share on that estimate (SciPy's) gives the monotone
   mapping from estimate to score; it is thinned to ``KNOTS`` knots, at quantiles of the
   estimate, joined by straight lines (``score.CALIBRATION``).

It prints the constants to paste into ``cleaner/score.py``; run
``python -m benchmarks.calibration`` afterwards to check them on the odd ids. The signals
are the cleaner's own, so after a change of the content signals run this twice: the first
run sees the signals, whatever the constants.

Run from the repo root: ``python -m benchmarks.fit_score [--data PATH] [--jobs N]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import isotonic_regression

from benchmarks.calibration import Row, Selection, page_rows
from benchmarks.wcxb import DEFAULT_DATA_DIR, has_data, missing_data_message
from cleaner.score import CONTENT_WEIGHTS

KNOTS = 12
"""Knots of the thinned calibration: enough to follow the isotonic curve's bends."""


def features(row: Row) -> list[float]:
    """The content signals of ``row`` in ``CONTENT_WEIGHTS``' order, then 1 (the intercept)."""
    return [row.signals.get(name, 0.0) for name in CONTENT_WEIGHTS] + [1.0]


def fit_weights(rows: Sequence[Row]) -> tuple[dict[str, float], float]:
    """Least-squares weights of the content signals and the intercept."""
    design = np.array([features(row) for row in rows])
    shares = np.array([row.clean_share for row in rows])
    solution, *_ = np.linalg.lstsq(design, shares, rcond=None)
    weights = {name: round(float(w), 3) for name, w in zip(CONTENT_WEIGHTS, solution, strict=False)}
    return weights, round(float(solution[-1]), 3)


def fit_calibration(estimates: Sequence[float], shares: Sequence[float]) -> list[tuple[float, float]]:
    """The isotonic regression of ``shares`` on ``estimates``, read at ``KNOTS`` quantiles of
    the estimates: a non-decreasing list of (estimate, share) knots."""
    order = np.argsort(estimates, kind="stable")
    xs = np.asarray(estimates)[order]
    fitted = isotonic_regression(np.asarray(shares)[order]).x
    knots: list[tuple[float, float]] = []
    for quantile in np.linspace(0.0, 1.0, KNOTS):
        at = min(len(xs) - 1, int(round(quantile * (len(xs) - 1))))
        x, y = round(float(xs[at]), 3), round(float(fitted[at]), 3)
        if not knots or x > knots[-1][0]:
            knots.append((x, max(y, knots[-1][1]) if knots else y))
    return knots


def constants(weights: dict[str, float], intercept: float, knots: Sequence[tuple[float, float]]) -> str:
    """The fitted constants as Python, for ``cleaner/score.py``."""
    lines = ["CONTENT_WEIGHTS: dict[str, float] = {"]
    lines += [f'    "{name}": {weight},' for name, weight in weights.items()]
    lines += ["}", f"CONTENT_INTERCEPT = {intercept}", "CALIBRATION: tuple[tuple[float, float], ...] = ("]
    lines += [f"    ({x}, {y})," for x, y in knots]
    lines.append(")")
    return "\n".join(lines)


def fit(rows: Sequence[Row]) -> str:
    """Weights, then calibration, from the scored ``rows``; the constants as Python."""
    scored = [row for row in rows if row.score is not None]
    weights, intercept = fit_weights(scored)
    estimates = [intercept + sum(w * row.signals.get(n, 0.0) for n, w in weights.items()) for row in scored]
    knots = fit_calibration(estimates, [row.clean_share for row in scored])
    return constants(weights, intercept, knots)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="WCXB's development split")
    parser.add_argument("--jobs", type=int, default=2, metavar="N", help="processes")
    args = parser.parse_args(argv)
    if not has_data(args.data):
        print(missing_data_message(args.data), file=sys.stderr)
        return 2
    rows = page_rows(args.data, Selection(half="even", modes=("text", "html"), jobs=args.jobs))
    print(f"# fitted on {len(rows)} page-modes with even ids: python -m benchmarks.fit_score")
    print(fit(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
