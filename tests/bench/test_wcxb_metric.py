"""WCXB's metric (``benchmarks/wcxb_metric.py``) on small hand-computed cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` is not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.wcxb import id_half  # noqa: E402
from benchmarks.wcxb_metric import MeanScores, PageScore, mean_scores, page_score, tokenize  # noqa: E402


def test_tokens_are_lowercased_words() -> None:
    assert tokenize("Hello, WORLD! It's café_2 -- ok") == ["hello", "world", "it", "s", "café_2", "ok"]
    assert tokenize("") == []


def test_identical_texts_score_one() -> None:
    assert page_score("The cat sat.", "the CAT sat") == PageScore(1.0, 1.0, 1.0)


def test_empty_prediction_scores_zero() -> None:
    assert page_score("", "the cat sat") == PageScore(0.0, 0.0, 0.0)
    assert page_score("... !!", "the cat sat") == PageScore(0.0, 0.0, 0.0)  # no tokens is empty


def test_empty_truth_scores_one_only_for_an_empty_prediction() -> None:
    assert page_score("", "") == PageScore(1.0, 1.0, 1.0)
    assert page_score("--", " ") == PageScore(1.0, 1.0, 1.0)
    assert page_score("menu home", "") == PageScore(0.0, 0.0, 0.0)


def test_no_overlap_scores_zero() -> None:
    assert page_score("dog barks", "the cat sat") == PageScore(0.0, 0.0, 0.0)


def test_repeated_tokens_count_as_a_multiset() -> None:
    # pred {the: 3, cat: 1} (4 tokens), truth {the: 1, cat: 1, sat: 1} (3 tokens): overlap 2
    score = page_score("the the the cat", "the cat sat")
    assert score.precision == pytest.approx(2 / 4)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))  # 4/7


def test_truth_repeats_are_not_all_recalled_by_one_mention() -> None:
    # pred {the: 1, cat: 1}, truth {the: 2, cat: 2}: overlap 2 of 4 truth tokens
    score = page_score("the cat", "The cat. The cat.")
    assert (score.precision, score.recall) == (1.0, 0.5)
    assert score.f1 == pytest.approx(2 / 3)


def test_means_are_plain_means_of_per_page_values() -> None:
    pages = [page_score("the the the cat", "the cat sat"), page_score("", "x"), PageScore(1.0, 1.0, 1.0)]
    means = mean_scores(pages)
    assert means.f1 == pytest.approx((4 / 7 + 0 + 1) / 3)
    assert means.precision == pytest.approx((1 / 2 + 0 + 1) / 3)
    assert means.recall == pytest.approx((2 / 3 + 0 + 1) / 3)
    assert means.n == 3
    assert mean_scores([]) == MeanScores(0.0, 0.0, 0.0, 0)


def test_id_halves_follow_the_trailing_number() -> None:
    assert [id_half(i) for i in ("0001", "0002", "4917", "4910")] == ["odd", "even", "odd", "even"]
    with pytest.raises(ValueError):
        id_half("abc")
