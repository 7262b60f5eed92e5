"""cleaner inside the pipelines people already run, each behind its own extra.

* ``cleaner.integrations.datatrove``: ``CleanerStep``, a datatrove pipeline step (extra
  ``page-cleaner[datatrove]``).
* ``cleaner.integrations.datasets``: ``clean_batch``, a batched function for Hugging Face
  ``datasets.Dataset.map`` (extra ``page-cleaner[datasets]``).

Pandas and Dask DataFrames: ``cleaner.dask.clean_dataframe`` (extra ``page-cleaner[dask]``).

This package itself needs nothing but cleaner. It holds what the integrations share: a
cleaner built once per ``Config`` in each process, and one document's outcome as a flat row
(``row``) that every table and writer stores: strings and floats, with the
result's lists and mappings as JSON, the same keys whether cleaning worked or failed.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from functools import lru_cache
from typing import Any

from ..api import Cleaner
from ..config import Config
from ..errors import CleanerError
from ..result import Result

RESULT_FIELDS = tuple(field.name for field in fields(Result))
"""Every field of a Result (the keys of ``Result.to_dict()``), each a key of a row."""
NESTED_FIELDS = ("signals", "issues", "metadata", "removals")
"""The fields of ``Result.to_dict()`` that are lists or mappings: a row holds them as JSON."""
PREFIX = "cleaner_"
"""What the datatrove and datasets integrations put before a row's keys (all but ``text``),
so they meet no field of the user's own (FineWeb-Edu's ``score``, say)."""


@lru_cache(maxsize=8)
def cleaner_for(config: Config) -> Cleaner:
    """This process's cleaner for ``config``, built on first use (building one takes about a
    second). Steps and functions carry a ``Config``, which pickles, never a ``Cleaner``, so
    they can be sent to worker processes."""
    return Cleaner(config)


def flat_row(result: Result) -> dict[str, Any]:
    """Every field of ``result`` (``Result.to_dict()``'s keys), lists and mappings as JSON."""
    row = result.to_dict()
    for name in NESTED_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def clean_or_error(cleaner: Cleaner, raw: object, site: str | None = None) -> Result | str:
    """``raw`` cleaned, or what kept it from being cleaned: a ``CleanerError`` (its class and
    message) or a value that is not text (a missing one), never raised."""
    if not isinstance(raw, str | bytes):
        return f"not text: {type(raw).__name__}"
    try:
        return cleaner.clean(raw, site=site)
    except CleanerError as exc:
        return f"{type(exc).__name__}: {exc}"


def row(raw: object, outcome: Result | str) -> dict[str, Any]:
    """One document's outcome (``clean_or_error``) as a flat row: ``flat_row`` of its result
    and ``error`` "", or for a document that was not cleaned ``text`` as it was (bytes
    decoded, a missing text ""), ``score`` NaN (below any threshold), the other fields empty
    and ``error`` saying why."""
    if isinstance(outcome, Result):
        return {**flat_row(outcome), "error": ""}
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw if isinstance(raw, str) else ""
    empty = Result(text, (), math.nan, {}, (), "", metadata={}, page_type="")
    return {**flat_row(empty), "format": "", "error": outcome}


def prefixed(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with ``PREFIX`` before every key but ``text``."""
    return {key if key == "text" else PREFIX + key: value for key, value in row.items()}
