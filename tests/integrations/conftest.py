"""Fifty documents for the integrations' tests: the seed articles, a test article with chrome
lines of the shipped rule packs injected where each rule allows, and one too large to clean."""

from __future__ import annotations

from cleaner import Config
from cleaner.integrations import clean_or_error, cleaner_for
from cleaner.packs.loader import load_rules
from cleaner.result import Result
from cleaner.testing import slots_for

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS, SEEDS

CONFIG = Config(max_bytes=50_000)
"""The seeds and the test articles fit; ``TOO_LARGE`` does not."""
DOCUMENTS = 50
TOO_LARGE = 17
"""The index of the document cleaning fails on (``InputTooLargeError``)."""


def _article(number: int) -> str:
    """The test article with two or more chrome lines, chosen and placed by ``number``."""
    rules = [rule for rule in load_rules(()) if rule.patterns and rule.removes]
    paragraphs = list(LIBRARY_PARAGRAPHS[: 2 + number % 3])
    head: list[str] = []
    tail: list[str] = []
    for pick in range(2 + number % 5):
        rule = rules[(number * 7 + pick * 31) % len(rules)]
        line = rule.removes[number % len(rule.removes)]
        slot = slots_for(rule)[0]
        if slot == "head":
            head.append(line)
        elif slot == "tail":
            tail.append(line)
        else:
            paragraphs.insert(1, line)
    return "\n\n".join([LIBRARY_HEADLINE, *head, *paragraphs, *tail]) + "\n"


def documents() -> list[str]:
    """``DOCUMENTS`` texts, the same on every call."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts = seeds + [_article(n) for n in range(DOCUMENTS - len(seeds))]
    texts[TOO_LARGE] = " ".join(LIBRARY_PARAGRAPHS) * 100
    return texts


def expected() -> list[Result | str]:
    """What cleaning each document gives, called directly: a Result or the error."""
    return [clean_or_error(cleaner_for(CONFIG), text) for text in documents()]


def threshold(outcomes: list[Result | str]) -> float:
    """A score that some cleaned documents fall under and some reach: the median."""
    scores = sorted(outcome.score for outcome in outcomes if isinstance(outcome, Result))
    return scores[len(scores) // 2]
