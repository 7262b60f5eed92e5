"""Documentation stays in step with the code: the generated rule list, the README's examples
and output schema, and the links between the pages.

Every ```python block in README.md and docs/*.md runs, each in a fresh interpreter in an empty
folder that holds links to the repository's ``seeds`` and ``benchmarks``. A block that needs
data a reader would bring (a Dataset, a folder of JSONL) is preceded by ``<!-- setup: NAME -->``,
and ``SETUPS[NAME]`` makes that data first; ``<!-- not run: why -->`` skips a block (none does
today). A table preceded by ``<!-- schema: NAME -->`` lists exactly the keys ``SCHEMAS[NAME]``
produces.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleaner import Cleaner, clean
from cleaner.batch.report import Report
from cleaner.cli.commands import rules_markdown

from .conftest import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]


def test_rules_md_is_current(cleaner: Cleaner) -> None:
    current = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert current == rules_markdown(cleaner), "run: cleaner rules --markdown > docs/RULES.md"


def readme_example(marker: str) -> str:
    """The README's first Python block that holds ``marker``."""
    readme = README.read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    return next(block.split("```", 1)[0] for block in blocks if marker in block)


def test_the_readme_hypothesis_example_passes_in_a_fresh_process() -> None:
    """Run as a user would: a new interpreter, where the first clean() builds the cleaner
    inside an example (issue 14: without the profile it failed on the deadline 2 runs in 5)."""
    code = readme_example("articles_with_chrome") + "\ntest_my_pipeline_keeps_the_article()\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


# -- every Python block runs ------------------------------------------------------------------

_RECORDS = """
import json
from pathlib import Path
seeds = sorted(Path("seeds").glob("*.txt"))
records = [
    {"id": path.name, "url": f"https://example.com/{path.stem}", "host": "example.com",
     "text": path.read_text(encoding="utf-8")}
    for path in seeds
]
"""

SETUPS: dict[str, str] = {
    "datatrove": _RECORDS
    + """
Path("data/in").mkdir(parents=True)
with open("data/in/pages.jsonl", "w", encoding="utf-8") as out:
    for record in records:
        out.write(json.dumps(record) + "\\n")
""",
    "datasets": _RECORDS
    + """
import datasets
body = "<p>" + "Words of a page. " * 60 + "</p>"
html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
ds = datasets.Dataset.from_list([{"text": r["text"], "html": html} for r in records])
""",
    "pages": _RECORDS
    + """
for part in range(2):
    with open(f"pages-{part}.jsonl", "w", encoding="utf-8") as out:
        for record in records[part::2]:
            out.write(json.dumps(record) + "\\n")
""",
}
"""Data a block expects a reader to have already (``<!-- setup: NAME -->`` before the block)."""

_BLOCK = re.compile(r"(?:<!-- (?P<note>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", re.S)


def python_blocks() -> list[Any]:
    """Every ```python block of the README and docs, as pytest params."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for number, match in enumerate(_BLOCK.finditer(text), 1):
            note = match["note"] or ""
            name = f"{page.relative_to(ROOT)}:{number}"
            marks = [pytest.mark.skip(reason=note)] if note.startswith("not run") else []
            found.append(pytest.param(match["code"], note, id=name, marks=marks))
    return found


@pytest.mark.parametrize(("code", "note"), python_blocks())
def test_python_block_runs(code: str, note: str, tmp_path: Path) -> None:
    setup = ""
    if note.startswith("setup:"):
        setup = SETUPS[note.removeprefix("setup:").strip()]
    for name in ("seeds", "benchmarks"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", setup + "\n" + code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_setup_is_used() -> None:
    notes = {param.values[1] for param in python_blocks()}
    assert {f"setup: {name}" for name in SETUPS} <= notes


# -- the output schema ------------------------------------------------------------------------


def _result_keys() -> set[str]:
    record = clean(ROOT.joinpath("seeds", "004_3bd8d772fca55231.txt").read_text(encoding="utf-8")).to_dict()
    assert record["removals"], "the sample must have a removal, to list a removal's keys"
    return set(record) | {f"removals[].{key}" for key in record["removals"][0]}


SCHEMAS: dict[str, Callable[[], set[str]]] = {
    "Result.to_dict": _result_keys,
    "Report.to_dict": lambda: set(Report("in", "out", 1, {}).to_dict()),
}


def schema_tables() -> dict[str, set[str]]:
    """The keys each ``<!-- schema: NAME -->`` table of the README lists: the backticked names
    in its first column."""
    tables: dict[str, set[str]] = {}
    text = README.read_text(encoding="utf-8")
    for match in re.finditer(r"<!-- schema: (\S+) -->\n((?:\|.*\n)+)", text):
        rows = match[2].splitlines()[2:]  # after the header and the rule
        tables[match[1]] = {key for row in rows for key in re.findall(r"`([^`]+)`", row.split("|")[1])}
    return tables


def test_the_readme_schema_tables_list_exactly_the_keys_the_code_writes() -> None:
    tables = schema_tables()
    assert set(tables) == set(SCHEMAS)
    for name, keys in SCHEMAS.items():
        assert tables[name] == keys(), name


def test_a_batch_record_holds_the_result_but_its_text_and_says_if_rejected(tmp_path: Path) -> None:
    """What the README says of a JSONL output record: the record's fields, the cleaned text in
    its text field, and a ``cleaner`` object of the rest of ``Result.to_dict()`` and ``rejected``;
    a record that is not cleaned keeps its fields, with ``skipped`` and ``line``."""
    from cleaner.cli import main

    text = ROOT.joinpath("seeds", "004_3bd8d772fca55231.txt").read_text(encoding="utf-8")
    lines = [json.dumps({"id": "r1", "text": text}), json.dumps({"id": "r2", "body": "x"}), "not json"]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["clean", str(source), str(tmp_path / "out.jsonl"), "-q", "-j", "1"]) == 1  # 1: skips
    cleaned, skipped, broken = (
        json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()
    )
    assert set(cleaned) == {"id", "text", "cleaner"}
    assert set(cleaned["cleaner"]) == set(clean(text).to_dict()) - {"text"} | {"rejected"}
    assert skipped == {"id": "r2", "body": "x", "cleaner": {"skipped": "no string field 'text'", "line": 2}}
    assert set(broken) == {"cleaner"} and broken["cleaner"]["line"] == 3


# -- links --------------------------------------------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_point_to_files_and_headings_that_exist(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        missing = not linked.exists()
        if missing or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
            broken.append(target)
    assert not broken, f"{page.name}: {broken}"


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci}\n```" in README.read_text(encoding="utf-8")
