"""``cleaner explain --html/--json``, the terminal explanation's width, and ``cleaner clean
--report-html``, run as users run them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import lxml.html

from cleaner import clean
from cleaner.batch.report import LOWEST

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


def test_report_html_lists_the_lowest_scoring_records_with_their_explanations(tmp_path: Path) -> None:
    chrome = "\n\nKeep Reading\n\n"
    records = [{"id": f"r{i}", "text": ARTICLE.replace("Keep Reading", chrome * (i % 5))} for i in range(30)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = tmp_path / "report.html"
    done = run("clean", source, tmp_path / "out.jsonl", "--report-html", report, "-j", "2")
    assert done.returncode == 0, done.stderr
    document = report.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(document)
    links = tree.xpath("//table[@class='lowest']//a")
    assert len(links) == LOWEST
    scores = [float(s.text_content()) for s in tree.xpath("//table[@class='lowest']//tr/td[2]")]
    assert scores == sorted(scores)
    assert all(a.text_content().startswith("in.jsonl:") for a in links)
    for link in links:
        assert tree.xpath(f"//section[@id='{link.get('href')[1:]}']//div[@class='text']")
    assert_stands_alone(document)
    again = run(
        "clean", source, tmp_path / "again.jsonl", "--report-html", tmp_path / "again.html", "-j", "1"
    )
    assert again.returncode == 0
    assert _without_timing(document) == _without_timing((tmp_path / "again.html").read_text(encoding="utf-8"))


def _without_timing(document: str) -> str:
    """The page without its first paragraph (where, how long, how many jobs)."""
    return document.split("</p>", 1)[1].replace(os.sep, "/")


def test_report_html_that_cannot_be_written_exits_2_after_the_run(tmp_path: Path) -> None:
    path = article(tmp_path)
    done = run("clean", path, tmp_path / "out.txt", "--report-html", path / "r.html")
    assert done.returncode == 2
    assert "cannot write the HTML report" in done.stderr
    assert (tmp_path / "out.txt").exists()
