"""Behaviour cases of the built-in detectors (tests/cases/*.json): what each removes, and
what it must keep. Every built-in rule has at least one case of each kind. A case with a
``site`` is cleaned with a corpus index of that site's ``site_pages``.

Known misses stay as cases too: ``cases/known-failures/*.json`` (the same fields, plus ``why``)
run as strict ``xfail``, so one that starts passing is noticed and moved up."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cleaner import Cleaner, CorpusIndex, page_blocks
from cleaner.packs import catalog

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(CASES_DIR.glob("*.json"))
KNOWN_FAILURES = sorted((CASES_DIR / "known-failures").glob("*.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _params() -> list[Any]:
    known = [
        pytest.param(
            p, id=f"known-failure-{p.stem}", marks=pytest.mark.xfail(strict=True, reason=_load(p)["why"])
        )
        for p in KNOWN_FAILURES
    ]
    return [pytest.param(p, id=p.stem) for p in CASES] + known


@pytest.mark.parametrize("path", _params())
def test_case(path: Path, cleaner: Cleaner) -> None:
    case = _load(path)
    site = case.get("site")
    if site is not None:  # a corpus case: the other pages of the site are indexed first
        index = CorpusIndex()
        for number, other in enumerate(case["site_pages"]):
            index.add_blocks(page_blocks(other), site, f"page-{number}")
        cleaner = Cleaner(corpus=index)
    result = cleaner.clean(case["text"], site=site)
    text = _flat(result.text)
    for snippet in case["keeps"]:
        assert _flat(snippet) in text, f"kept text lost: {snippet!r}\n{result.explain()}"
    for snippet in case["removes"]:
        assert _flat(snippet) not in text, f"not removed: {snippet!r}\n{result.explain()}"
        codes = {r.code for r in result.removals if _flat(snippet) in _flat(r.text)}
        assert case["code"] in codes, f"{snippet!r} removed by {codes}, not {case['code']}"
    for snippet in case.get("exactly_once", []):
        assert text.count(_flat(snippet)) == 1, f"{snippet!r} is not there exactly once"
    if not case["removes"] and not case.get("exactly_once"):
        assert case["code"] not in {r.code for r in result.removals}


def test_every_built_in_rule_has_cases_of_both_kinds() -> None:
    cases = [_load(p) for p in CASES]
    for info in catalog.BUILT_IN:
        mine = [c for c in cases if c["code"] == info.code]
        assert any(c["removes"] or c.get("exactly_once") for c in mine), f"{info.code} has no removes case"
        assert any(not c["removes"] and not c.get("exactly_once") for c in mine), (
            f"{info.code} has no keeps case"
        )
