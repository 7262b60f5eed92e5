"""The score reads as the share of the page that is content (issue 15)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner import clean
from cleaner.score import CALIBRATION, calibrated, content_estimate, score

from .conftest import LIBRARY_HEADLINE
from .detectors.prose import paragraph

PARAGRAPHS = [paragraph(seed, 60) for seed in range(12)]


def _page(article: list[str], elsewhere: list[str]) -> str:
    """An HTML page: ``article`` in its <article>, ``elsewhere`` in a comments block that
    extraction leaves out, though a reader sees it."""
    inside = "".join(f"<p>{text}</p>" for text in article)
    outside = "".join(f"<p>{text}</p>" for text in elsewhere)
    return (
        f"<html><head><title>{LIBRARY_HEADLINE}</title></head><body><article><h1>{LIBRARY_HEADLINE}</h1>"
        f"{inside}</article><div class='comments'>{outside}</div></body></html>"
    )


def test_an_extraction_that_keeps_under_a_third_of_the_article_scores_below_half() -> None:
    """The article's paragraphs all show on the page, but extraction keeps one of twelve:
    the page's prose is lost, and the score says so (it used to be 0.86 for such a page)."""
    gutted = clean(_page(PARAGRAPHS[:1], PARAGRAPHS[1:]))
    kept_words = len(gutted.text.split())
    assert gutted.format == "html" and kept_words < sum(len(p.split()) for p in PARAGRAPHS) / 3
    assert gutted.signals["lost_prose"] > 2 / 3
    assert gutted.score < 0.5


def test_the_same_page_extracted_whole_scores_high() -> None:
    whole = clean(_page(PARAGRAPHS, []))
    assert whole.signals["lost_prose"] < 0.1
    assert whole.score > 0.7


def test_chrome_around_an_article_lowers_its_score() -> None:
    article = "\n\n".join([LIBRARY_HEADLINE, *PARAGRAPHS[:4]]) + "\n"
    menu = "\n".join(["Home", "News", "Sport", "Weather", "Contact", "Log in"] * 6)
    assert clean(f"{menu}\n\n{article}").score < clean(article).score


def test_the_score_is_the_calibrated_estimate_of_its_signals() -> None:
    result = clean(_page(PARAGRAPHS[:3], PARAGRAPHS[3:6]))
    assert result.score == score(dict(result.signals))
    assert result.score == round(calibrated(content_estimate(dict(result.signals))), 4)


@given(st.floats(-1, 2), st.floats(-1, 2))
def test_the_calibration_is_monotone_and_within_the_unit_interval(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert 0.0 <= calibrated(low) <= calibrated(high) <= 1.0


def test_the_calibration_knots_rise() -> None:
    xs = [x for x, _ in CALIBRATION]
    ys = [y for _, y in CALIBRATION]
    assert xs == sorted(set(xs)) and ys == sorted(ys)
