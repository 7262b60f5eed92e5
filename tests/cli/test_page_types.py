"""Page types in a batch: stated for a whole run or per record, and counted in the report."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS
from .test_commands import run

ARTICLE = "\n\n".join([LIBRARY_HEADLINE, *LIBRARY_PARAGRAPHS])


def records(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_record_states_its_page_type_and_the_report_counts_them(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    rows = [{"text": ARTICLE, "kind": "forum"}, {"text": ARTICLE}, {"text": ARTICLE, "kind": "blog"}]
    records(source / "a.jsonl", rows)
    report = tmp_path / "report.json"
    done = run("clean", source, tmp_path / "out", "--type-field", "kind", "--report", report, "-q")
    assert done.returncode == 1, done.stderr  # the third record is skipped
    out = [line["cleaner"] for line in read(tmp_path / "out" / "a.jsonl")]
    assert [o.get("page_type") for o in out] == ["forum", "article", None]
    assert "page type 'blog'" in str(out[2]["skipped"])
    assert json.loads(report.read_text(encoding="utf-8"))["page_types"] == {"article": 1, "forum": 1}


def test_a_run_states_one_page_type_for_every_input(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "report.json"
    done = run("clean", source, tmp_path / "out", "--page-type", "documentation", "--report", report, "-q")
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["page_types"] == {"documentation": 1}


def test_an_unknown_page_type_for_the_run_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    done = run("clean", tmp_path / "one.txt", tmp_path / "out.txt", "--page-type", "blog")
    assert done.returncode == 2
