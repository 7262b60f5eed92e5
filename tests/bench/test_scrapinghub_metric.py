"""Tests of the re-implemented ScrapingHub metric on small hand-made texts."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.metric import (
    PageScore,
    aggregate,
    corpus_scores,
    page_scores,
    shingles,
    tokenize,
)

ARTICLE = "The council voted on Tuesday to approve the new budget for the city schools."
CHROME = "Subscribe now to our newsletter and follow us on social media today."


def test_perfect_prediction_scores_one() -> None:
    score = page_scores(ARTICLE, ARTICLE)
    assert (score.tp, score.fp, score.fn) == (1.0, 0.0, 0.0)
    assert score.precision == score.recall == score.f1 == 1.0
    corpus = corpus_scores([(ARTICLE, ARTICLE), (CHROME, CHROME)])
    assert (corpus.precision, corpus.recall, corpus.f1, corpus.n) == (1.0, 1.0, 1.0, 2)


def test_empty_prediction_has_zero_recall_and_undefined_precision() -> None:
    score = page_scores("", ARTICLE)
    assert score.precision is None
    assert score.recall == 0.0
    assert (score.tp, score.fp, score.fn) == (0.0, 0.0, 1.0)
    assert score.f1 == 0.0


def test_undefined_precision_is_left_out_of_the_average() -> None:
    corpus = corpus_scores([("", ARTICLE), (ARTICLE, ARTICLE)])
    assert corpus.precision == 1.0
    assert corpus.recall == 0.5
    assert corpus.f1 == pytest.approx(2 / 3)


def test_both_empty_is_undefined_everywhere() -> None:
    assert page_scores("", "") == PageScore(0.0, 0.0, 0.0, None, None)
    assert aggregate([page_scores("", "")]).f1 == 0.0


def test_extra_text_lowers_precision_only() -> None:
    score = page_scores(f"{CHROME}\n{ARTICLE}\n{CHROME}", ARTICLE)
    assert score.recall == 1.0
    assert score.precision is not None and 0.0 < score.precision < 1.0


def test_missing_text_lowers_recall_only() -> None:
    truth = f"{ARTICLE}\nThe mayor said the plan would be reviewed again next spring."
    score = page_scores(ARTICLE, truth)
    assert score.precision == 1.0
    assert score.recall is not None and 0.0 < score.recall < 1.0


def test_scores_are_normalised_per_page() -> None:
    score = page_scores(f"{ARTICLE} {CHROME}", ARTICLE)
    assert score.tp + score.fp + score.fn == pytest.approx(1.0)
    assert score.precision == pytest.approx(score.tp / (score.tp + score.fp))


def test_shingles_are_counted_as_multisets() -> None:
    assert shingles("a b c d a b c d") == Counter(
        {
            ("a", "b", "c", "d"): 2,
            ("b", "c", "d", "a"): 1,
            ("c", "d", "a", "b"): 1,
            ("d", "a", "b", "c"): 1,
        }
    )
    doubled = page_scores("a b c d a b c d", "a b c d")
    assert (doubled.tp, doubled.fp, doubled.fn) == pytest.approx((0.2, 0.8, 0.0))
    assert doubled.precision == pytest.approx(0.2)
    assert doubled.recall == 1.0


def test_short_texts_give_one_shorter_shingle() -> None:
    assert shingles("Hello, world!") == Counter({("Hello", "world"): 1})
    assert shingles("") == Counter()
    assert page_scores("Hello world", "Hello world").f1 == 1.0
    assert page_scores("Hello there", "Hello world").f1 == 0.0


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert tokenize("Ça va, Zürich? Привет мир 東京 naïve_word-2") == [
        "Ça",
        "va",
        "Zürich",
        "Привет",
        "мир",
        "東京",
        "naïve_word",
        "2",
    ]
    assert page_scores("Straße in München ist", "straße in München ist").tp == 0.0
