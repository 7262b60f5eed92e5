"""The five seed articles against their hand labels in seeds/expected.json."""

from __future__ import annotations

import json
import re

import pytest

from cleaner import Cleaner, Result

from .conftest import SEEDS

EXPECTED = {
    k: v for k, v in json.loads((SEEDS / "expected.json").read_text()).items() if not k.startswith("_")
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def results(cleaner: Cleaner) -> dict[str, Result]:
    return {name: cleaner.clean((SEEDS / name).read_bytes()) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kept_snippets_survive(name: str, results: dict[str, Result]) -> None:
    text = _flat(results[name].text)
    missing = [s for s in EXPECTED[name]["keep"] if _flat(s) not in text]
    assert not missing, f"{name}: article text removed: {missing}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_chrome_snippets_are_gone(name: str, results: dict[str, Result]) -> None:
    text = _flat(results[name].text)
    left = [s for s in EXPECTED[name]["remove"] if _flat(s) in text]
    assert not left, f"{name}: chrome left in: {left}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exactly_once_and_one_of(name: str, results: dict[str, Result]) -> None:
    text = _flat(results[name].text)
    for snippet in EXPECTED[name].get("exactly_once", []):
        assert text.count(_flat(snippet)) == 1, f"{name}: {snippet!r} is not there exactly once"
    for group in EXPECTED[name].get("one_of", []):
        survivors = [s for s in group if _flat(s) in text]
        assert len(survivors) == 1, f"{name}: expected one of {group}, kept {survivors}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_labelled_issues_are_reported(name: str, results: dict[str, Result]) -> None:
    missing = set(EXPECTED[name]["issues"]) - set(results[name].issues)
    assert not missing, f"{name}: signals do not report {missing}: {results[name].signals}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cleaned_seed_scores_higher_than_raw(name: str, cleaner: Cleaner, results: dict[str, Result]) -> None:
    again = cleaner.clean(results[name].text)
    assert again.score > results[name].score
    assert again.text == results[name].text
