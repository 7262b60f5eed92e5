"""Which reader a file of records takes: JSONL and JSON (``steps``), WARC (``warc``) or
Parquet (``parquet``), each turning the file into the steps of a batch run."""

from __future__ import annotations

from collections.abc import Iterator

from . import inputs
from .parquet import parquet_steps
from .steps import Fields, Step, json_steps, jsonl_steps
from .warc import warc_steps


def record_steps(item: inputs.Input, fields: Fields, max_bytes: int, texts: bool = False) -> Iterator[Step]:
    """The steps of a file of records, whatever its kind; its output is Parquet when its
    target's name says so (``inputs.table_output``)."""
    table = inputs.table_output(item) and not texts
    if item.kind == "json":
        return json_steps(item, fields, max_bytes, table)
    if item.kind == "warc":
        return warc_steps(item, fields, max_bytes, table)
    if item.kind == "parquet":
        return parquet_steps(item, fields, table)
    return jsonl_steps(item, max_bytes, table)
