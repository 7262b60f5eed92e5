"""A run's report as one HTML page that stands alone (inline style and SVG, no script,
nothing fetched): the totals, a plot of the score histogram, the removals per rule, the
page types, and the lowest-scoring articles, each linked to its explanation further down
the same page (``explain_html.section``).

It reads the ``--report`` JSON data (``Report.to_dict``) and the lowest-scoring outcomes;
every value shown is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, Protocol

from ..result import Result
from .explain_html import BASE_STYLE, family_style, section
from .pieces import family

REPORT_STYLE = """
.totals { display: flex; flex-wrap: wrap; gap: .6em; padding: 0; list-style: none; }
.totals li { border: 1px solid #ddd; border-radius: 4px; padding: .4em .8em; min-width: 7em; }
.totals strong { display: block; font-size: 1.3em; }
svg.histogram text { font: 12px system-ui, sans-serif; fill: #333; }
section.explain { border-top: 2px solid #ccc; margin-top: 2em; }
.stopped { color: #b00020; font-weight: bold; }
"""
HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT, PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT = 640, 240, 24, 40, 40
"""The histogram's size in pixels, and the margins around its bars (counts above, scores below)."""
BAR_EM = 14.0
"""The longest bar of a table, in em."""


class Listed(Protocol):
    """One of the lowest-scoring articles, as the report lists it (a batch ``Outcome``)."""

    @property
    def name(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def page_type(self) -> str | None: ...
    @property
    def rules(self) -> tuple[str, ...]: ...
    @property
    def result(self) -> Result | None: ...


def page(report: Mapping[str, Any], lowest: Sequence[Listed]) -> str:
    """The whole HTML document of a run: ``report`` as ``Report.to_dict`` makes it."""
    codes = [*report["rules"], *(code for listed in lowest for code in listed.rules)]
    title = f"cleaner report: {report['input']}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{BASE_STYLE}{REPORT_STYLE}{family_style(codes)}</style>\n"
        f"</head>\n<body>\n<h1>{escape(title)}</h1>\n"
        f"{_run(report)}{_totals(report)}"
        f"<h2>Scores</h2>\n{histogram(report['score_histogram'])}"
        f"<h2>Removals per rule</h2>\n{_rules(report['rules'])}"
        f"<h2>Page types</h2>\n{_page_types(report['page_types'])}"
        f"<h2>The {len(lowest)} lowest-scoring articles</h2>\n{_lowest(lowest)}"
        f"{''.join(_explained(i, listed) for i, listed in enumerate(lowest, start=1))}"
        "</body>\n</html>\n"
    )


def histogram(bins: Sequence[Mapping[str, Any]]) -> str:
    """An SVG bar plot of the score histogram: one bar per bin, its count above it, the
    scores below; coloured from red (low scores) to green."""
    most = max((b["articles"] for b in bins), default=0) or 1
    plot_height = HISTOGRAM_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    step = (HISTOGRAM_WIDTH - PLOT_LEFT) / max(len(bins), 1)
    base = PLOT_TOP + plot_height
    parts = [
        f'<svg class="histogram" xmlns="http://www.w3.org/2000/svg" width="{HISTOGRAM_WIDTH}" '
        f'height="{HISTOGRAM_HEIGHT}" viewBox="0 0 {HISTOGRAM_WIDTH} {HISTOGRAM_HEIGHT}" role="img" '
        'aria-label="Articles per score bin">',
        f'<line x1="{PLOT_LEFT}" y1="{base}" x2="{HISTOGRAM_WIDTH}" y2="{base}" stroke="#888"/>',
        f'<text x="0" y="{PLOT_TOP - 8}">articles</text>',
        f'<text x="{HISTOGRAM_WIDTH - 40}" y="{HISTOGRAM_HEIGHT - 4}">score</text>',
    ]
    for i, b in enumerate(bins):
        height = plot_height * b["articles"] / most
        x = PLOT_LEFT + i * step
        hue = round(120 * i / max(len(bins) - 1, 1))
        parts += [
            f'<rect class="bin" x="{x + 2:.1f}" y="{base - height:.1f}" width="{step - 4:.1f}" '
            f'height="{height:.1f}" fill="hsl({hue}, 55%, 45%)">'
            f"<title>{b['from']:.1f} to {b['to']:.1f}: {b['articles']:,} articles</title></rect>",
            f'<text x="{x + step / 2:.1f}" y="{base - height - 4:.1f}" text-anchor="middle">'
            f"{b['articles']:,}</text>",
            f'<text x="{x + step / 2:.1f}" y="{base + 16}" text-anchor="middle">'
            f"{b['from']:.1f}\u2013{b['to']:.1f}</text>",
        ]
    parts.append("</svg>\n")
    return "".join(parts)


def _run(report: Mapping[str, Any]) -> str:
    timing = report["timing"]
    rate = f", {timing['articles_per_s']:,} articles/s" if timing["articles_per_s"] else ""
    ending = ""
    if report["interrupted"]:
        ending = '<p class="stopped">The run was interrupted: the counts are what it finished.</p>\n'
    elif report["stopped"]:
        ending = f'<p class="stopped">The run stopped: {escape(report["stopped"])}</p>\n'
    return (
        f"<p>{escape(report['input'])} &rarr; {escape(report['output'])}: {timing['seconds']:,} s, "
        f"{timing['jobs']} job{'s' if timing['jobs'] != 1 else ''}{rate}.</p>\n{ending}"
    )


def _totals(report: Mapping[str, Any]) -> str:
    counts = [(name.replace("_", " "), f"{n:,}") for name, n in report["totals"].items()]
    counts += [(f"bytes {way}", f"{n:,}") for way, n in report["bytes"].items()]
    items = "".join(f"<li><strong>{value}</strong>{escape(name)}</li>" for name, value in counts)
    return f'<ul class="totals">{items}</ul>\n'


def _rules(rules: Mapping[str, Mapping[str, Any]]) -> str:
    """Each rule that removed anything, most removals first, in its family's colour."""
    ordered = sorted(rules.items(), key=lambda item: (-item[1]["removals"], item[0]))
    rows = [
        (
            f'<span class="swatch f-{escape(family(code))}" style="background: var(--family)"></span>'
            f"{escape(code)}",
            escape(rule["name"]),
            rule["removals"],
        )
        for code, rule in ordered
    ]
    return _bar_table(("rule", "name", "removals"), rows, "No rule removed anything.")


def _page_types(kinds: Mapping[str, int]) -> str:
    rows = [(escape(kind), "", n) for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    return _bar_table(("page type", "", "articles"), rows, "No article was cleaned.")


def _bar_table(head: tuple[str, str, str], rows: Sequence[tuple[str, str, int]], empty: str) -> str:
    """A table of labelled counts, each with a bar as long as its share of the largest."""
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>\n'
    most = max(n for _, _, n in rows) or 1
    cells = "".join(
        f'<tr><td>{label}</td><td>{name}</td><td class="n">{n:,}</td>'
        f'<td><span class="bar" style="width: {BAR_EM * n / most:.2f}em"></span></td></tr>'
        for label, name, n in rows
    )
    heading = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><tr>{heading}<th></th></tr>{cells}</table>\n"


def _lowest(lowest: Sequence[Listed]) -> str:
    if not lowest:
        return '<p class="empty">No article was cleaned.</p>\n'
    rows = "".join(
        f'<tr><td class="n">{i}</td><td class="n">{listed.score or 0:.2f}</td>'
        f'<td><a href="#article-{i}">{escape(_where(listed))}</a></td>'
        f"<td>{escape(listed.id or '')}</td><td>{escape(listed.page_type or '')}</td>"
        f'<td class="n">{len(listed.rules):,}</td><td>{escape(listed.status)}</td></tr>'
        for i, listed in enumerate(lowest, start=1)
    )
    head = "".join(f"<th>{h}</th>" for h in ("", "score", "input", "id", "page type", "removals", "status"))
    return f'<table class="lowest"><tr>{head}</tr>{rows}</table>\n'


def _explained(rank: int, listed: Listed) -> str:
    """The explanation of one listed article, where its link leads."""
    anchor = f"article-{rank}"
    title = f"{rank}. {_where(listed)}"
    if listed.result is None:
        kept = "<p>No result kept.</p>"
        return f'<section class="explain" id="{anchor}"><h2>{escape(title)}</h2>{kept}</section>\n'
    return section(listed.result, title, anchor)


def _where(listed: Listed) -> str:
    """An article's input, with its line for a record."""
    return listed.name if listed.line is None else f"{listed.name}:{listed.line}"
