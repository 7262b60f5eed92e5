"""Documentation generated from code stays in step with it."""

from __future__ import annotations

import subprocess
import sys

from cleaner import Cleaner
from cleaner.cli.commands import rules_markdown

from .conftest import ROOT


def test_rules_md_is_current(cleaner: Cleaner) -> None:
    current = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert current == rules_markdown(cleaner), "run: cleaner rules --markdown > docs/RULES.md"


def readme_example(marker: str) -> str:
    """The README's first Python block that holds ``marker``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    return next(block.split("```", 1)[0] for block in blocks if marker in block)


def test_the_readme_hypothesis_example_passes_in_a_fresh_process() -> None:
    """Run as a user would: a new interpreter, where the first clean() builds the cleaner
    inside an example (issue 14: without the profile it failed on the deadline 2 runs in 5)."""
    code = readme_example("articles_with_chrome") + "\ntest_my_pipeline_keeps_the_article()\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
