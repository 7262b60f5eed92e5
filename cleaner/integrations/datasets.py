"""A batched function for Hugging Face ``datasets.Dataset.map`` (extra ``page-cleaner[datasets]``).

>>> from cleaner.integrations.datasets import clean_batch
>>> ds = ds.map(clean_batch, batched=True, num_proc=4)
>>> ds = ds.map(clean_batch, batched=True, fn_kwargs={"config": Config(favor="precision"), "column": "html"})
>>> ds = ds.filter(lambda row: row["cleaner_score"] >= 0.5)

The cleaned text goes to ``text``; the columns ``COLUMNS`` hold the rest of the result. Each
is a string or a float64 in every row, the result's lists and mappings as JSON strings, so
Arrow infers the same types from every batch and every process (a list column inferred from
a batch of empty lists would be typed null, and the next batch's removals would not fit).
A document cleaning fails on is kept: ``text`` as it was, ``cleaner_score`` NaN (so a
``>=`` filter drops it), ``cleaner_error`` saying why ("" for the others).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..config import Config
from . import clean_or_error, cleaner_for, prefixed, row

COLUMNS: dict[str, str] = {
    "text": "the cleaned text (str)",
    "cleaner_score": "the cleanliness score, 0 to 1 (float64; NaN when cleaning failed)",
    "cleaner_signals": 'the signals the score weighs, JSON: {"chrome_share": 0.12, ...}',
    "cleaner_issues": 'the issues named from the signals, JSON: ["page-chrome"]',
    "cleaner_language": 'the language identified: ISO 639-1 code, or "und" when unsure (str)',
    "cleaner_format": 'how the input was read: "text" or "html"',
    "cleaner_metadata": 'what an HTML page says of itself, JSON: {"title": ..., "date": ...}',
    "cleaner_page_type": "article, forum, product, collection, listing, documentation, service, other",
    "cleaner_removals": 'every removal, JSON: [{"code", "name", "reason", "text", "start", "end"}]',
    "cleaner_error": 'why cleaning failed ("" when it did not)',
}
"""The columns ``clean_batch`` returns, and what each holds."""


def clean_batch(
    batch: Mapping[str, Sequence[Any]], config: Config | None = None, column: str = "text"
) -> dict[str, list[Any]]:
    """Clean the ``column`` of a batch (text or HTML, str or bytes): the ``COLUMNS`` of every
    row. Pass ``config`` and ``column`` through ``map``'s ``fn_kwargs``; each process builds
    its cleaner for ``config`` once, so ``num_proc`` works and batches reuse it."""
    cleaner = cleaner_for(config or Config())
    out: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for raw in batch[column]:
        for name, value in prefixed(row(raw, clean_or_error(cleaner, raw))).items():
            out[name].append(value)
    return out
