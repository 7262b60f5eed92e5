"""Pass 1 of a corpus run: every page below IN, with its site and id, into a CorpusIndex.

Inputs are read as the batch reads them (the same JSONL, JSON, WARC, Parquet and file readers); what the
batch would skip (unreadable, empty, binary or oversized inputs, malformed lines) is left
out here and reported by the cleaning pass. HTML (``.html`` files, ``--html-field`` values,
or text that looks like a page) is indexed by its main text, the lines cleaning it judges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..api import page_blocks
from ..config import InputFormat
from ..corpus.index import CorpusIndex
from ..errors import CleanerError
from . import inputs
from .readers import record_steps
from .sites import Sites
from .steps import Fields, Records, parse_record, record_text


@dataclass(frozen=True, slots=True)
class Page:
    """One page to index: its site, an id unique in the run, its raw text or HTML, and how
    to read it (``Config.format``: "html" where the batch cleans it as HTML)."""

    site: str
    id: str
    raw: str | bytes
    format: InputFormat = "auto"


def pages(items: Iterable[inputs.Input], fields: Fields, sites: Sites, max_bytes: int) -> Iterator[Page]:
    """Every page the inputs hold, in input order."""
    for item in items:
        if item.path == inputs.STDIO:
            continue  # stdin is read once, by the cleaning pass
        if item.records:
            for step in record_steps(item, fields, max_bytes):
                if isinstance(step, Records):
                    yield from _record_pages(step, fields, sites, max_bytes)
            continue
        try:
            data, size = inputs.read_article(item.path, item.size, max_bytes)
        except inputs.READ_ERRORS:
            continue
        if inputs.article_problem(data, size, max_bytes) is None:
            yield Page(sites.of_file(item.name), item.name, data, _format(item.kind))


def _record_pages(step: Records, fields: Fields, sites: Sites, max_bytes: int) -> Iterator[Page]:
    for number, raw in enumerate(step.records, start=step.first_line):
        record = parse_record(raw, max_bytes)
        if not isinstance(record, dict):
            continue
        text: str | bytes | None
        if isinstance(raw, inputs.Response):  # a WARC response: its page, if it is one
            text, kind = (raw.body or None), "html"
        else:
            text, kind = record_text(record, fields)
        if text is not None and text.strip():
            yield Page(sites.of_record(record, step.name), f"{step.name}:{number}", text, _format(kind))


def _format(kind: str) -> InputFormat:
    return "html" if kind == "html" else "auto"


def build(found: Iterable[Page], index: CorpusIndex | None = None) -> CorpusIndex:
    """Add ``found`` pages to ``index`` (a new one by default) and return it."""
    index = index if index is not None else CorpusIndex()
    for page in found:
        try:
            index.add_blocks(page_blocks(page.raw, page.format), page.site, page.id)
        except CleanerError:
            continue  # too large: the cleaning pass skips it and says why
    return index
