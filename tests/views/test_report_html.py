"""The run's HTML report, and the lowest-scoring articles a report keeps for it."""

from __future__ import annotations

import random

import lxml.html

from cleaner import clean
from cleaner.batch.report import LOWEST, Report, Tally
from cleaner.batch.steps import Outcome
from cleaner.result import Result
from cleaner.views.report_html import page

from ..cli.test_commands import ARTICLE
from .test_explain_html import HOSTILE, assert_stands_alone, hostile_result


def cleaned(
    name: str, score: float, line: int | None = None, id: str | None = None, result: Result | None = None
) -> Outcome:
    """A cleaned article's outcome (its output written: the text is on it until counted)."""
    return Outcome(
        name,
        "cleaned",
        line=line,
        id=id,
        score=score,
        rules=("RM101",),
        page_type="article",
        output="the written text",
        result=result,
    )


def test_a_report_keeps_only_the_lowest_scores_lowest_first() -> None:
    tally = Tally()
    scores = [random.Random(i).random() for i in range(500)]
    for i, score in enumerate(scores):
        tally.outcome(cleaned(f"{i:04}.txt", score))
    lowest = tally.lowest()
    assert [o.score for o in lowest] == sorted(scores)[:LOWEST]
    assert len(tally._lowest) == LOWEST
    assert all(o.output is None for o in lowest)  # what was written is not kept


def test_ties_are_broken_by_name_and_line_whatever_the_order_they_arrive_in() -> None:
    outcomes = [cleaned("b.jsonl", 0.5, line) for line in range(30, 0, -1)] + [cleaned("a.txt", 0.5)]
    tally = Tally()
    for outcome in outcomes:
        tally.outcome(outcome)
    assert [(o.name, o.line) for o in tally.lowest()] == [("a.txt", None)] + [
        ("b.jsonl", line) for line in range(1, LOWEST)
    ]


def test_tallies_added_together_keep_the_lowest_of_both() -> None:
    first, second = Tally(), Tally()
    for i in range(LOWEST):
        first.outcome(cleaned(f"a{i:02}", 0.5 + i / 100))
        second.outcome(cleaned(f"b{i:02}", 0.4 + i / 100))
    first.add(second)
    assert [o.name for o in first.lowest()][:12] == [f"b{i:02}" for i in range(10)] + ["a00", "b10"]
    assert len(first.lowest()) == LOWEST


def report_with(outcomes: list[Outcome]) -> Report:
    report = Report(f"in {HOSTILE}", "out", 2, {"RM101": "readmore.keep-reading", "SH101": HOSTILE})
    for outcome in outcomes:
        report.outcome(outcome)
    report.finish()
    return report


def test_the_page_shows_totals_a_histogram_rules_page_types_and_the_lowest_linked_to_their_explanations() -> (
    None
):
    result = clean(ARTICLE)
    outcomes = [
        cleaned("one.txt", 0.35, result=result),
        cleaned("two.jsonl", 0.95, line=4, id=HOSTILE, result=result),
        Outcome("bad.txt", "skipped", reason="binary"),
    ]
    report = report_with(outcomes)
    document = page(report.to_dict(), report.lowest())
    tree = lxml.html.fromstring(document)
    assert [b.get("height") != "0.0" for b in tree.xpath("//svg//rect[@class='bin']")] == [
        i in (3, 9) for i in range(10)
    ]
    totals = {li.text_content() for li in tree.xpath("//ul[@class='totals']/li")}
    assert {"2articles", "1skipped"} <= totals
    assert "readmore.keep-reading" in tree.text_content()
    links = tree.xpath("//table[@class='lowest']//a")
    assert [a.text_content() for a in links] == ["one.txt", "two.jsonl:4"]
    for link in links:
        (target,) = tree.xpath(f"//section[@id='{link.get('href')[1:]}']")
        assert target.xpath(".//del[@data-code='RM101']")
    assert_stands_alone(document)
    assert tree.xpath("//b | //img | //script") == []


def test_hostile_removals_in_the_lowest_are_escaped() -> None:
    report = report_with([cleaned(f"x {HOSTILE}", 0.1, result=hostile_result())])
    document = page(report.to_dict(), report.lowest())
    tree = lxml.html.fromstring(document)
    assert tree.xpath("//b | //img | //script") == []
    assert HOSTILE in tree.xpath("//h1")[0].text_content()
    assert_stands_alone(document)


def test_an_empty_run_renders_with_nothing_to_list() -> None:
    report = report_with([])
    tree = lxml.html.fromstring(page(report.to_dict(), report.lowest()))
    assert "No rule removed anything." in tree.text_content()
    assert "No article was cleaned." in tree.text_content()
    assert len(tree.xpath("//svg//rect[@class='bin']")) == 10


def test_an_article_without_a_kept_result_is_listed_and_says_so() -> None:
    report = report_with([cleaned("one.txt", 0.3)])
    assert "No result kept." in page(report.to_dict(), report.lowest())
