"""One result explained as HTML: the input with every removed span struck through and
coloured by its rule's family, the rule and its reason on hover, then the score and its
signals. A page stands alone (inline style, no script, nothing fetched); ``section`` is the
same explanation to place in another page (the run report's lowest-scoring articles).

Every piece of the input, rule and metadata is escaped; the only markup is ours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape

from ..result import Result
from .pieces import colour, family, family_name, pieces

BASE_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em;
  color: #1b1b1b; background: #fff; }
h1, h2 { font-size: 1.3em; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { text-align: left; padding: .15em .8em .15em 0; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: .7em; background: #90a4ae; }
.facts span { margin-right: 1.2em; white-space: nowrap; }
.score { font-weight: bold; font-size: 1.2em; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3em 1.2em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ddd; padding: 1em;
  font: 14px/1.55 ui-monospace, monospace; background: #fcfcfc; }
del.rm { text-decoration-thickness: 1px; cursor: help; }
del.rm::before { content: attr(data-code); display: inline-block; text-decoration: none;
  font: bold 10px/1.2 system-ui, sans-serif; color: #fff; padding: 0 .3em; margin-right: .3em;
  border-radius: 2px; background: var(--family); }
del.rm { color: var(--family); }
.empty { color: #666; font-style: italic; }
"""
"""The style every explanation uses; each family's colour is set in ``family_style``."""


def page(result: Result, name: str) -> str:
    """A whole HTML document explaining ``result``, the cleaning of the input called ``name``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>cleaner explain: {escape(name)}</title>\n"
        f"<style>{BASE_STYLE}{family_style(r.code for r in result.removals)}</style>\n"
        f"</head>\n<body>\n{section(result, name)}</body>\n</html>\n"
    )


def section(result: Result, name: str, anchor: str | None = None) -> str:
    """The explanation as a ``<section>`` (with ``id=anchor``, if given); the page holding
    it needs ``BASE_STYLE`` and the ``family_style`` of its removals."""
    ident = f' id="{escape(anchor)}"' if anchor is not None else ""
    return (
        f'<section class="explain"{ident}>\n<h2>{escape(name)}</h2>\n'
        f"{_facts(result)}{_metadata(result)}{_legend(result)}"
        f'<div class="text">{_text(result)}</div>\n'
        f"<h3>Signals</h3>\n{_signals(result)}</section>\n"
    )


def family_style(codes: Iterable[str]) -> str:
    """The CSS that colours the families of ``codes``, one class each (``f-RM``)."""
    families = sorted({family(code) for code in codes})
    return "".join(f"\n.f-{f} {{ --family: {colour(f)}; }}" for f in families) + "\n"


def _facts(result: Result) -> str:
    original = len(result.original())
    removed = sum(r.end - r.start for r in result.removals)
    facts = [
        f'<span class="score">score {result.score:.2f}</span>',
        f"<span>page type {escape(result.page_type)}</span>",
        f"<span>language {escape(result.language)}</span>",
        f"<span>read as {escape(result.format)}</span>",
        f"<span>{len(result.removals):,} removals: {removed:,} of {original:,} characters</span>",
        f"<span>issues: {escape(', '.join(result.issues) or 'none')}</span>",
    ]
    return f'<p class="facts">{"".join(facts)}</p>\n'


def _metadata(result: Result) -> str:
    if not result.metadata:
        return ""
    rows = "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>" for key, value in result.metadata.items()
    )
    note = "<p>Offsets and text are the page's extracted main text, not its markup.</p>\n"
    return f'<table class="metadata">{rows}</table>\n{note if result.format == "html" else ""}'


def _legend(result: Result) -> str:
    """Each family removed from, in its colour, with how many spans it removed."""
    counts = Counter((family(r.code), family_name(r.name)) for r in result.removals)
    if not counts:
        return '<p class="empty">Nothing was removed.</p>\n'
    items = "".join(
        f'<li class="f-{escape(code)}"><span class="swatch" style="background: var(--family)"></span>'
        f"{escape(code)} {escape(name)}: {count:,}</li>"
        for (code, name), count in sorted(counts.items())
    )
    return f'<ul class="legend">{items}</ul>\n'


def _text(result: Result) -> str:
    """The input, kept pieces as they are and removed ones struck, each with its rule."""
    shown: list[str] = []
    for piece in pieces(result):
        removal = piece.removal
        if removal is None:
            shown.append(escape(piece.text))
            continue
        tip = f"{removal.code} {removal.name}: {removal.reason}"
        struck = piece.text.lstrip("\n")  # its tag opens its first line, not an empty one
        shown.append(
            f'{piece.text[: len(piece.text) - len(struck)]}<del class="rm f-{escape(family(removal.code))}" '
            f'data-code="{escape(removal.code)}" title="{escape(tip)}">{escape(struck)}</del>'
        )
    return "".join(shown) or '<span class="empty">(the input is empty)</span>'


def _signals(result: Result) -> str:
    """The signals the score was weighed from, each with a bar of its value."""
    rows = "".join(
        f'<tr><th>{escape(name)}</th><td class="n">{value:.2f}</td>'
        f'<td><span class="bar" style="width: {_share(value):.1f}em"></span></td></tr>'
        for name, value in result.signals.items()
    )
    return f'<table class="signals">{rows}</table>\n'


def _share(value: float) -> float:
    """A signal's bar length in em (values are shares, 0 to 1; others are clipped)."""
    return 10 * min(max(value, 0.0), 1.0) if value == value else 0.0
