"""Both corpus passes on Dask, for corpora one machine cannot take (extra ``page-cleaner[dask]``).

Pass 1 (``corpus_index``) fingerprints the pages of each partition into a partial
``CorpusIndex`` and merges the partials in a tree reduction (``Bag.reduction``, 8 at a time);
counts are sums, so the merged index is the one a single process builds from the same pages.
Pass 2 (``clean_bag``, ``clean_dataframe``) cleans each page with that index, which Dask
sends once to every worker; without an index, no site chrome is removed. A page that cannot
be cleaned (``clean_or_error``: over the limits, no text) is recorded, never raised: a bag's
skipped record, a DataFrame's ``error``. Records are dicts (or DataFrame rows) with a text,
a site and an id field; page ids must be unique within a site, as one process would count a repeated
id once: an id repeated in two partitions is counted twice, and the merge warns of it
(``cleaner.corpus.RepeatedPagesWarning``).

``DaskPool`` runs the batch CLI's work on a cluster (``cleaner clean --scheduler ADDRESS``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from .api import Cleaner, page_blocks
from .batch import inputs, learn
from .batch.run import BatchOptions, Pool, run_with
from .batch.sites import Sites
from .batch.steps import Fields, Work, as_line, record_line, skipped_record
from .config import Config
from .corpus.index import DEFAULT_MIN_PAGES, CorpusIndex, InBody
from .errors import ConfigError
from .integrations import RESULT_FIELDS, clean_or_error, cleaner_for, row

try:
    import dask.bag as db
    import dask.dataframe as dd
    import distributed
except ImportError as exc:  # pragma: no cover - the extra is installed in CI
    raise ImportError(
        f"cleaner.dask needs Dask ({exc.name} is missing): pip install 'page-cleaner[dask]'"
    ) from exc

SPLIT_EVERY = 8
"""Partial indexes merged at once in the reduction tree (Dask's default)."""
INPUTS_PER_PARTITION = 64
"""Input files a pass-1 task reads on a cluster."""
FRAME_COLUMNS = (*(name for name in RESULT_FIELDS if name != "text"), "error")
"""The columns ``clean_dataframe`` adds beside the cleaned text: every other field of the
result (``cleaner.integrations.row``), and why cleaning failed ("" when it did not)."""


def corpus_index(
    bag: db.Bag,
    text: str = "text",
    site: str = "site",
    id: str = "id",
    min_pages: int = DEFAULT_MIN_PAGES,
    in_body: InBody = "drop",
) -> Any:
    """Pass 1, lazily: a Dask ``Item`` of the CorpusIndex of every record in ``bag``; records
    without a site are counted under the site ``""``."""
    CorpusIndex(min_pages, in_body)  # a bad policy fails here, not on a worker
    per_partition = partial(_partition_index, text=text, site=site, id=id, policy=(min_pages, in_body))
    return bag.reduction(per_partition, _merged, split_every=SPLIT_EVERY)


def _partition_index(
    records: Iterable[dict[str, Any]], text: str, site: str, id: str, policy: tuple[int, InBody]
) -> CorpusIndex:
    index = CorpusIndex(*policy)
    for record in records:
        page = None if record.get(id) is None else str(record[id])
        index.add_blocks(page_blocks(record[text]), _site(record.get(site)) or "", page)
    return index


def _merged(indexes: Iterable[CorpusIndex]) -> CorpusIndex:
    parts = iter(indexes)
    first = next(parts)
    for other in parts:
        first.merge(other)
    return first


def clean_bag(
    bag: db.Bag, index: Any = None, config: Config | None = None, text: str = "text", site: str = "site"
) -> db.Bag:
    """Pass 2: each record as ``cleaner clean`` writes it to JSONL (its fields, the cleaned
    text in ``text``, and a ``cleaner`` object), one line a record. ``index`` is a
    CorpusIndex, the ``Item`` that ``corpus_index`` returns, or None (no site chrome). A
    record that cannot be cleaned keeps its fields, with ``"cleaner": {"skipped": reason}``
    (``clean_or_error``'s reason; no ``line``, which a bag has not); a record without a
    site (no field, None, NaN) is cleaned as no site's (``_site``)."""
    return bag.map_partitions(_clean_partition, index, config or Config(), text, site)


def _clean_partition(
    records: Iterable[dict[str, Any]], index: CorpusIndex | None, config: Config, text: str, site: str
) -> list[str]:
    cleaner = _cleaner(config, index)
    lines = []
    for record in records:
        outcome = clean_or_error(cleaner, record.get(text), site=_site(record.get(site)))
        if isinstance(outcome, str):
            lines.append(as_line(skipped_record(record, outcome)))
        else:
            lines.append(record_line({**record, text: outcome.text}, outcome, rejected=False))
    return lines


def _site(value: object) -> str | None:
    """The site a record's ``site`` value names, None for a missing one (None, NaN, ``pd.NA``):
    such a page is counted under the site ``""`` and cleaned as no site's (against the index's
    only site, if it has one)."""
    if isinstance(value, str):
        return value
    return None if value is None or _missing(value) else str(value)


def _missing(value: object) -> bool:
    """Whether ``value`` is a DataFrame's missing value: NaN and NaT differ from themselves,
    and ``pd.NA``'s comparisons have no truth value."""
    try:
        return bool(value != value)
    except TypeError:
        return True


def _cleaner(config: Config, index: CorpusIndex | None) -> Cleaner:
    return cleaner_for(config).with_corpus(index)


def clean_dataframe(
    frame: dd.DataFrame,
    index: Any = None,
    config: Config | None = None,
    text: str = "text",
    site: str = "site",
) -> dd.DataFrame:
    """Pass 2 on a DataFrame: ``text`` holds the cleaned text, and a column for every other
    field of the result is added or replaced (``FRAME_COLUMNS``: ``score`` a float, ``signals``,
    ``issues``, ``metadata`` and ``removals`` as JSON, ``language``, ``format``, ``page_type``),
    with ``error``: a row cleaning failed on keeps its text, a NaN score and the reason.
    ``index`` is as ``clean_bag``'s (None: no site chrome); without a ``site`` column, no
    site is used."""
    meta = frame._meta.assign(**{name: 0.0 if name == "score" else "" for name in FRAME_COLUMNS})
    if isinstance(index, db.Item):  # a DataFrame takes Delayed arguments, not a bag's Item
        index = index.to_delayed()
    column = site if site in frame.columns else None
    return frame.map_partitions(_clean_frame, index, config or Config(), text, column, meta=meta)


def _clean_frame(part: Any, index: CorpusIndex | None, config: Config, text: str, site: str | None) -> Any:
    cleaner = _cleaner(config, index)
    sites = part[site] if site is not None else [None] * len(part)
    rows = [
        row(raw, clean_or_error(cleaner, raw, site=_site(where)))
        for raw, where in zip(part[text], sites, strict=True)
    ]
    return part.assign(
        **{text: [r["text"] for r in rows]}, **{name: [r[name] for r in rows] for name in FRAME_COLUMNS}
    )


@contextmanager
def connect(address: str) -> Iterator[distributed.Client]:
    """A client of the running cluster whose scheduler is at ``address``."""
    try:
        client = distributed.Client(address, timeout="10s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client


def index_inputs(
    client: distributed.Client, inputs: Sequence[inputs.Input], fields: Fields, sites: Sites, max_bytes: int
) -> CorpusIndex:
    """Pass 1 of the CLI on a cluster: workers read the inputs (a file system they share with
    this machine) and their partial indexes are merged in a tree."""
    if not inputs:
        return CorpusIndex()
    chunks = max(1, -(-len(inputs) // INPUTS_PER_PARTITION))
    bag = db.from_sequence(list(inputs), npartitions=chunks)
    read = partial(_input_index, fields=fields, sites=sites, max_bytes=max_bytes)
    index: CorpusIndex = client.compute(bag.reduction(read, _merged, split_every=SPLIT_EVERY)).result()
    return index


def _input_index(items: Iterable[inputs.Input], fields: Fields, sites: Sites, max_bytes: int) -> CorpusIndex:
    return learn.build(learn.pages(items, fields, sites, max_bytes))


class DaskPool(Pool):
    """The batch's workers on a Dask cluster: each chunk of work is a task, and the settings
    (with the corpus index) are sent to every worker once."""

    def __init__(self, client: distributed.Client, jobs: int, settings: BatchOptions) -> None:
        self.client = client
        self._settings = client.scatter(settings, broadcast=True)
        super().__init__(jobs, settings)

    def _start(self) -> Any:
        return self.client.get_executor(pure=False)

    def submit(self, work: Work) -> Any:
        return self._executor.submit(run_with, self._settings, work)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)  # a ClientExecutor cannot cancel on shutdown


def threads(client: distributed.Client) -> int:
    """How many tasks the cluster runs at once."""
    return max(1, sum(client.nthreads().values()))
