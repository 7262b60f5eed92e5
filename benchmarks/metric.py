"""The ScrapingHub article-extraction metric, re-implemented.

Per page, prediction and truth are split into ``\\w+`` words (case kept, Unicode)
and word 4-shingles are counted.  A text with at least one but fewer than four
words yields a single shorter shingle of all its words; an empty text yields none
(as upstream's ``evaluate.py``).  TP/FP/FN are the multiset intersection and the
two differences, normalised to sum to 1.  Precision = TP/(TP+FP) is defined when
TP+FP > 0 (the prediction has words), recall = TP/(TP+FN) when TP+FN > 0 (the
truth has words).  Corpus P and R are means over the pages where each is defined;
F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

SHINGLE_SIZE = 4
_WORD_RE = re.compile(r"\w+")

Shingle = tuple[str, ...]


@dataclass(frozen=True)
class PageScore:
    """Normalised TP/FP/FN of one page and its precision/recall (None if undefined)."""

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float:
        """Per-page F1, counting an undefined precision or recall as 0."""
        return harmonic_mean(self.precision or 0.0, self.recall or 0.0)


@dataclass(frozen=True)
class Scores:
    """Corpus scores: mean precision, mean recall, F1 of the two, number of pages."""

    precision: float
    recall: float
    f1: float
    n: int


def tokenize(text: str) -> list[str]:
    """Split ``text`` into ``\\w+`` words, keeping case."""
    return _WORD_RE.findall(text or "")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Count the word ``size``-shingles of ``text`` (one short shingle for short texts)."""
    words = tokenize(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def page_scores(pred: str, truth: str) -> PageScore:
    """Score one prediction against its ground-truth article body."""
    pred_counts, truth_counts = shingles(pred), shingles(truth)
    tp = sum((pred_counts & truth_counts).values())
    fp = sum((pred_counts - truth_counts).values())
    fn = sum((truth_counts - pred_counts).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0, None, None)
    return PageScore(
        tp=tp / total,
        fp=fp / total,
        fn=fn / total,
        precision=tp / (tp + fp) if tp + fp else None,
        recall=tp / (tp + fn) if tp + fn else None,
    )


def aggregate(pages: Sequence[PageScore]) -> Scores:
    """Average per-page precision and recall where defined; F1 of the averages."""
    precision = _mean_defined(page.precision for page in pages)
    recall = _mean_defined(page.recall for page in pages)
    return Scores(precision, recall, harmonic_mean(precision, recall), len(pages))


def corpus_scores(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Score ``(prediction, truth)`` pairs over a corpus."""
    return aggregate([page_scores(pred, truth) for pred, truth in pairs])


def harmonic_mean(a: float, b: float) -> float:
    """``2ab / (a + b)``, or 0 when both are 0."""
    return 2 * a * b / (a + b) if a + b else 0.0


def _mean_defined(values: Iterable[float | None]) -> float:
    """Mean of the non-None values (0 if there are none)."""
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else 0.0
