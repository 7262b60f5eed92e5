"""``cleaner explain --html/--json`` and the terminal explanation's width, run as users run them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html

from cleaner import clean

from ..views.test_explain_html import assert_stands_alone
from .test_commands import ARTICLE, ENVIRONMENT, command, run


def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_explain_html_writes_a_page_with_the_removal_struck(tmp_path: Path) -> None:
    out = tmp_path / "explained.html"
    done = run("explain", article(tmp_path), "--html", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    tree = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    (struck,) = tree.xpath("//del")
    assert struck.get("data-code") == "RM101" and "Read-more" in struck.get("title")
    assert_stands_alone(out.read_text(encoding="utf-8"))


def test_explain_html_to_stdout_and_json_together(tmp_path: Path) -> None:
    done = run("explain", article(tmp_path), "--html", "-")
    assert done.stdout.startswith("<!DOCTYPE html>")
    done = run("explain", article(tmp_path), "--json", "--html", tmp_path / "x.html")
    assert json.loads(done.stdout) == clean(ARTICLE).to_dict()
    assert (tmp_path / "x.html").exists()


def test_explain_wraps_to_the_terminal_width(tmp_path: Path) -> None:
    environment = {**ENVIRONMENT, "COLUMNS": "50"}
    done = subprocess.run(
        command("explain", article(tmp_path)), capture_output=True, text=True, env=environment, check=True
    )
    rows = done.stdout.splitlines()
    assert max(map(len, rows)) <= 50
    assert any(row.startswith("    [RM101 readmore.keep-reading] Read-more") for row in rows)


def test_explain_html_that_cannot_be_written_exits_2(tmp_path: Path) -> None:
    done = run("explain", article(tmp_path), "--html", article(tmp_path) / "x.html")
    assert done.returncode == 2
    assert "cannot write the explanation" in done.stderr
