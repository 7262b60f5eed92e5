"""WCXB's own metric: word-multiset precision, recall and F1 per page, plain means over pages.

Tokens are ``re.findall(r"\\w+", text.lower())``.  Per page, with prediction and truth
as multisets of tokens, precision = |pred ∩ truth| / |pred| and recall =
|pred ∩ truth| / |truth|.  A page whose truth has no tokens scores 1 if the prediction
has none either, else 0; an empty prediction of a non-empty truth scores 0.  Corpus
F1, P and R are the plain means of the per-page values (as the benchmark's
``evaluate.py``; WCXB by Murrough Foley, 2026, CC-BY-4.0).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    """Precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class MeanScores:
    """Means of per-page F1, precision and recall over ``n`` pages."""

    f1: float
    precision: float
    recall: float
    n: int


ZERO = PageScore(0.0, 0.0, 0.0)
ONE = PageScore(1.0, 1.0, 1.0)


def tokenize(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens of ``text``."""
    return _WORD_RE.findall(text.lower()) if text else []


def page_score(prediction: str, truth: str) -> PageScore:
    """Score one prediction against its ground-truth main content."""
    pred, ref = tokenize(prediction), tokenize(truth)
    if not ref:
        return ZERO if pred else ONE
    if not pred:
        return ZERO
    overlap = sum((Counter(pred) & Counter(ref)).values())
    precision, recall = overlap / len(pred), overlap / len(ref)
    if overlap == 0:
        return ZERO
    return PageScore(precision, recall, 2 * precision * recall / (precision + recall))


def mean_scores(scores: Sequence[PageScore]) -> MeanScores:
    """Plain means of per-page F1, P and R (all 0 for no pages)."""
    if not scores:
        return MeanScores(0.0, 0.0, 0.0, 0)
    return MeanScores(
        f1=fmean(s.f1 for s in scores),
        precision=fmean(s.precision for s in scores),
        recall=fmean(s.recall for s in scores),
        n=len(scores),
    )
