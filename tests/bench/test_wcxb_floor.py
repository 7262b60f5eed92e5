"""Both cleaner modes keep their WCXB F1 on the committed stratified sample (140 pages).

The sample is ``benchmarks/data/wcxb-sample``: 20 pages of each of WCXB's 7 page types,
from WCXB, the Web Content eXtraction Benchmark by Murrough Foley (2026, CC-BY-4.0).
Scored with WCXB's metric; a ``CleanerError`` counts as an empty prediction, as in
``python -m benchmarks.wcxb``. The whole-page text for text mode is made here with
html-text (no cache). A mode fails if its mean F1, overall or for any page type, falls
below the figure measured when the floor was set minus ``MARGIN``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import html_text  # in the dev extra (bench)
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.wcxb import PAGE_TYPES, SAMPLE_DIR, PageRef, load_refs, read_html  # noqa: E402
from benchmarks.wcxb_metric import PageScore, mean_scores, page_score  # noqa: E402
from cleaner import Cleaner, CleanerError, Config  # noqa: E402

MARGIN = 0.01
MEASURED: dict[str, dict[str, float]] = {
    # mean F1 on the sample when the floors were last set
    # (python -m benchmarks.wcxb --data benchmarks/data/wcxb-sample --no-write)
    "html": {
        "all": 0.705,
        "article": 0.933,
        "forum": 0.682,
        "product": 0.556,
        "collection": 0.587,
        "listing": 0.528,
        "documentation": 0.887,
        "service": 0.763,
    },
    "text": {
        "all": 0.700,
        "article": 0.965,
        "forum": 0.683,
        "product": 0.421,
        "collection": 0.645,
        "listing": 0.531,
        "documentation": 0.871,
        "service": 0.781,
    },
}


@pytest.fixture(scope="module")
def pages() -> list[tuple[PageRef, str, str]]:
    """Every sample page: its reference, HTML and whole-page text."""
    refs = load_refs(SAMPLE_DIR)
    assert len(refs) == 20 * len(PAGE_TYPES)
    htmls = [read_html(SAMPLE_DIR, ref.id) for ref in refs]
    return [(ref, html, html_text.extract_text(html)) for ref, html in zip(refs, htmls, strict=True)]


def clean_text(cleaner: Cleaner, raw: str) -> str:
    """The cleaned text, or empty when the cleaner refuses the page."""
    try:
        return cleaner.clean(raw).text
    except CleanerError:
        return ""


def f1_by_type(refs: Sequence[PageRef], scores: Sequence[PageScore]) -> dict[str, float]:
    """Mean F1 over all pages and per page type."""
    result = {"all": mean_scores(scores).f1}
    for page_type in PAGE_TYPES:
        chosen = [s for ref, s in zip(refs, scores, strict=True) if ref.page_type == page_type]
        result[page_type] = mean_scores(chosen).f1
    return result


@pytest.mark.parametrize("mode", ["html", "text"])
def test_f1_stays_above_floor(mode: str, pages: list[tuple[PageRef, str, str]]) -> None:
    cleaner = Cleaner(Config(format="html" if mode == "html" else "text"))
    scores = [
        page_score(clean_text(cleaner, html if mode == "html" else text), ref.truth)
        for ref, html, text in pages
    ]
    measured = f1_by_type([ref for ref, _, _ in pages], scores)
    short = {
        kind: f"{value:.3f} < floor {MEASURED[mode][kind] - MARGIN:.3f}"
        for kind, value in measured.items()
        if value < MEASURED[mode][kind] - MARGIN
    }
    assert not short, f"{mode} mode F1 fell below its floor: {short}; all: {measured}"
