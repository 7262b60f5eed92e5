"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.cli.commands import rules_markdown

from .conftest import ROOT


def test_rules_md_is_current(cleaner: Cleaner) -> None:
    current = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert current == rules_markdown(cleaner), "run: cleaner rules --markdown > docs/RULES.md"
