"""The calibration benchmark's measures on hand-made inputs, and its report on a few pages.

The pages are the first of each kind in the committed WCXB sample (``benchmarks/data/wcxb-sample``,
from WCXB, the Web Content eXtraction Benchmark by Murrough Foley, 2026, CC-BY-4.0) and the
ScrapingHub pages of ``benchmarks/data/scrapinghub``, in text mode.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import calibration
from benchmarks.accuracy import score_system, spearman
from benchmarks.calibration import (
    ALL_KINDS,
    Row,
    Selection,
    bin_index,
    ece,
    figures,
    mae,
    page_rows,
    reliability,
)
from benchmarks.scrapinghub import load_pages
from benchmarks.wcxb import PAGE_TYPES, SAMPLE_DIR

from ..conftest import ROOT


def test_spearman_of_a_ranking_with_itself_and_its_reverse() -> None:
    xs = [0.1, 0.4, 0.2, 0.9, 0.5]
    assert calibration.spearman(xs, xs) == pytest.approx(1.0)
    assert calibration.spearman(xs, [-x for x in xs]) == pytest.approx(-1.0)
    assert calibration.spearman(xs, [x**3 for x in xs]) == pytest.approx(1.0)  # ranks only


def test_spearman_is_undefined_for_constant_or_too_few_values() -> None:
    assert calibration.spearman([0.5, 0.5, 0.5], [0.1, 0.2, 0.3]) is None
    assert calibration.spearman([0.1, 0.2], [0.1, 0.2]) is None
    with pytest.raises(ValueError):
        calibration.spearman([0.1, 0.2, 0.3], [0.1])


def test_perfect_calibration_has_no_error() -> None:
    scores = [0.05, 0.33, 0.5, 0.71, 1.0]
    assert ece(scores, scores) == 0.0
    assert mae(scores, scores) == 0.0


def test_ece_weighs_each_bin_by_its_pages_and_lets_errors_cancel_within_a_bin() -> None:
    # bin 0.8-0.9: scores 0.8, 0.8, shares 0.7, 0.9 -> means equal, no error (but MAE 0.1)
    assert ece([0.8, 0.8], [0.7, 0.9]) == pytest.approx(0.0)
    assert mae([0.8, 0.8], [0.7, 0.9]) == pytest.approx(0.1)
    # three pages at 0.95 with share 0.65 (off 0.3), one at 0.15 with share 0.15 (off 0)
    assert ece([0.95, 0.95, 0.95, 0.15], [0.65, 0.65, 0.65, 0.15]) == pytest.approx(0.75 * 0.3)
    assert ece([], []) is None and mae([], []) is None


def test_bins_are_equal_width_and_one_falls_in_the_last() -> None:
    assert [bin_index(s) for s in (0.0, 0.099, 0.1, 0.55, 0.999, 1.0)] == [0, 0, 1, 5, 9, 9]
    bins = reliability([0.05, 0.07, 1.0], [0.2, 0.4, 1.0])
    assert [b.n for b in bins] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert bins[0].mean_score == pytest.approx(0.06) and bins[0].mean_share == pytest.approx(0.3)
    assert bins[1].mean_score is None


def test_a_refused_page_is_counted_apart() -> None:
    rows = [
        Row("wcxb", "0001", "odd", "article", "text", 0.5, 0.5),
        Row("wcxb", "0002", "even", "article", "text", None, 0.2, error="PageTooLarge"),
    ]
    fig = figures(rows)
    assert (fig.n, fig.errors, fig.mae, fig.mean_share) == (1, 1, 0.0, 0.5)


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    """Text mode: the first 3 sample pages of each kind, and every ScrapingHub page."""
    refs = calibration.wcxb.load_refs(SAMPLE_DIR)
    first = {ref.id for kind in PAGE_TYPES for ref in [r for r in refs if r.page_type == kind][:3]}
    return page_rows(SAMPLE_DIR, Selection(modes=("text",), ids=frozenset(first)))


def test_rows_hold_scores_shares_and_signals_in_range(rows: list[Row]) -> None:
    assert {row.kind for row in rows if row.benchmark == "wcxb"} == set(PAGE_TYPES)
    assert len([row for row in rows if row.benchmark == "scrapinghub"]) == 181
    for row in rows:
        assert row.score is not None and 0.0 <= row.score <= 1.0
        assert 0.0 <= row.clean_share <= 1.0
        assert "chrome_share" in row.signals
        assert row.half in ("even", "odd") and row.mode == "text"


def test_scrapinghub_clean_share_and_spearman_are_accuracy_pys(rows: list[Row]) -> None:
    sh = {row.id: row for row in rows if row.benchmark == "scrapinghub"}
    pages = load_pages()
    raw = score_system("raw", [page.text for page in pages], pages)
    assert [sh[page.id].clean_share for page in pages] == [score.precision for score in raw.pages]
    scores = [sh[page.id].score or 0.0 for page in pages]
    assert figures(list(sh.values())).spearman == pytest.approx(spearman(scores, raw))


def test_report_has_every_kind_and_marks_the_targets(rows: list[Row]) -> None:
    markdown = calibration.report(rows, SAMPLE_DIR, image=None)
    table = markdown.split("WCXB, text mode, all pages:")[1].split("\n\n")[1]
    cells = [line.split(" | ") for line in table.splitlines()[2:]]
    assert [(kind.strip("| "), int(pages)) for kind, pages, *_ in cells] == [
        (ALL_KINDS, 3 * len(PAGE_TYPES)),
        *((kind, 3) for kind in PAGE_TYPES),
    ]
    assert all(
        cell.endswith(("✓", "✗")) for *_, spearman, mae, _, _, _, _ in cells for cell in (spearman, mae)
    )
    assert "ScrapingHub, text mode, all pages:" in markdown
    assert "HTML mode," not in markdown


def test_the_command_runs_on_the_sample_without_writing(capsys: pytest.CaptureFixture[str]) -> None:
    results = ROOT / "benchmarks" / "RESULTS.md"
    before = results.read_text(encoding="utf-8")
    argv = ["--data", str(SAMPLE_DIR), "--mode", "text", "--no-write", "--limit", "10"]
    assert calibration.main(argv) == 0
    assert "## Calibration:" in capsys.readouterr().out
    assert results.read_text(encoding="utf-8") == before


def test_the_diagram_is_drawn(rows: list[Row], tmp_path: Path) -> None:
    path = tmp_path / "calibration.png"
    calibration.figure(rows, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rows_carry_the_cleaned_texts_f1_with_each_benchmarks_metric(rows: list[Row]) -> None:
    assert all(row.extraction_f1 is not None and 0.0 <= row.extraction_f1 <= 1.0 for row in rows)
    words = "the main content of the page says what it says and nothing else"
    for benchmark in ("wcxb", "scrapinghub"):
        assert calibration.extraction_f1(benchmark, words, words) == pytest.approx(1.0)
        assert calibration.extraction_f1(benchmark, "menu home login", words) == 0.0


def test_the_score_is_reported_per_band_of_extraction_f1() -> None:
    rows = [
        Row("wcxb", f"{i:04d}", "even", kind, "text", score, share, extraction_f1=f1)
        for i, (kind, score, share, f1) in enumerate(
            [
                ("article", 0.9, 0.85, 0.95),
                ("article", 0.5, 0.45, 0.91),
                ("article", 0.2, 0.25, 1.0),
                ("product", 0.8, 0.1, 0.3),
                ("product", 0.6, 0.9, 0.85),
            ]
        )
    ]
    bands = calibration.extraction_table(rows)
    assert bands is not None
    cells = {line.split(" | ")[1]: line.split(" | ")[2:4] for line in bands.splitlines()[2:]}
    assert cells[">= 0.9"] == ["3", "1.000"]  # the three pages found well rank perfectly
    assert cells["0.8-0.9"][0] == "1" and cells["< 0.6"][0] == "1" and cells["0.6-0.8"][0] == "0"
    kinds = calibration.extraction_kinds_table(rows)
    assert kinds is not None and "| article | 3 of 3 |" in kinds and "| product | 0 of 2 |" in kinds
