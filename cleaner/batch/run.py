"""The batch run: inputs -> chunks of work -> worker processes -> outcomes, in input order.

Workers read and clean articles and write each article's output themselves; records
(JSONL, JSON) are read in the main process in chunks, cleaned by the workers, and written
by the main process in order, as they arrive (the output file is renamed into place when
the input file ends). Outcomes arrive in input order whatever ``jobs`` is, so outputs and
reports do not depend on it.

An output that cannot be written is a skip with its reason; a write error no later output
escapes (a full disk, a read-only file system) stops the run with ``OutputError`` once
what was written is counted.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, closing, suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Protocol

from .. import atomic
from ..api import Cleaner
from ..config import Config
from ..corpus.index import CorpusIndex
from ..errors import CleanerError
from ..parse.kinds import PAGE_TYPES
from ..result import Result
from . import inputs, interrupts
from .deadline import DEFAULT_TIMEOUT, time_limit
from .pagelog import Logged, page_log
from .parquet import TableWriter, flat_row
from .readers import record_steps
from .report import Tally
from .sites import Sites
from .steps import (
    Article,
    Articles,
    Begin,
    End,
    Fields,
    Outcome,
    Ready,
    Records,
    Step,
    Work,
    as_line,
    chunks,
    cleaned_record,
    parse_record,
    record_id,
    record_line,
    record_text,
    skipped_record,
)

log = logging.getLogger(__name__)

FILES_PER_CHUNK = 8
"""Articles sent to a worker at once: enough that IPC is a small share of a chunk's time."""
CHUNKS_AHEAD = 4
"""Chunks queued per worker, so workers never wait while memory stays bounded."""

HTML_FORMAT: Literal["html"] = "html"
"""The ``Config.format`` HTML files and ``--html-field`` values are cleaned with."""
PR_SET_PDEATHSIG = 1
"""The ``prctl(2)`` option that names the signal a Linux process gets when its parent dies."""
WORKER_ORPHANED = 1
"""A worker's exit code when the main process was gone before it could be tied to it."""


class OutputError(CleanerError):
    """A write error no later output escapes (a full disk, a read-only file system): the run
    stops, and what was written before is counted."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything a worker needs to know, the same for every input of a run."""

    config: Config = Config()
    fields: Fields = Fields()
    min_score: float | None = None
    records: bool = False
    """Articles become JSON records (``--output-format jsonl``) instead of text."""
    texts: bool = False
    """Records become text files, one folder per input file (``--output-format text``)."""
    overwrite: bool = False
    corpus: CorpusIndex | None = None
    """Site chrome learned from a corpus (``--corpus``, ``--learn-sites``)."""
    sites: Sites = Sites()
    """Which site each article belongs to, for ``corpus``."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds one article may take before it is skipped (``--timeout``; None: no limit)."""
    results: bool = False
    """Outcomes carry their article's ``Result`` (``--report-html`` explains the lowest-scoring)."""


class Observer(Protocol):
    """Told about every outcome, and how much input each processed piece of work covered."""

    def noticed(self, outcome: Outcome) -> None:
        """An outcome, as soon as it arrives (for showing progress)."""

    def counted(self, tally: Tally) -> None:
        """Outcomes once their outputs are whole on disk (for counting): a file of records'
        when its output is complete, so an interrupted run counts exactly what it leaves."""

    def advanced(self, files: int, size: int) -> None: ...


class _Worker:
    """A worker process's cleaners, one per ``Config.format`` met, built on first use."""

    def __init__(self, settings: BatchOptions, cleaner: Cleaner | None = None) -> None:
        self.settings = settings
        self._cleaners = {cleaner.config: cleaner} if cleaner is not None else {}

    def clean(
        self, raw: str | bytes, kind: inputs.Kind, site: str, page_type: object = None
    ) -> tuple[Result | str, Logged]:
        """The result, or the reason ``raw`` could not be cleaned; and what libraries logged
        meanwhile. ``page_type``, a record's stated type, overrides the run's."""
        config = self.settings.config
        if kind == "html":
            config = replace(config, format=HTML_FORMAT)
        if page_type is not None:
            if page_type not in PAGE_TYPES:
                return f"page type {page_type!r} is not one of {', '.join(PAGE_TYPES)}", ()
            config = replace(config, page_type=page_type)
        if config not in self._cleaners:
            self._cleaners[config] = Cleaner(config, corpus=self.settings.corpus)
        result: Result | str
        with page_log() as logged:  # a bug's error too is the page's, counted with it
            try:
                with time_limit(self.settings.timeout):
                    result = self._cleaners[config].clean(raw, site)
            except CleanerError as exc:
                result = str(exc)
            except Exception as exc:  # a bug must cost one article, not the batch
                log.exception("cleaning failed at %s", _raised_at(exc))
                result = f"internal error: {type(exc).__name__}: {exc}"
        return result, tuple(logged)

    def rejects(self, result: Result) -> bool:
        floor = self.settings.min_score
        return floor is not None and result.score < floor


def _raised_at(error: BaseException) -> str:
    """Where ``error`` was raised (``file.py:line``): what the page's log keeps of its traceback."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


_PROCESS_WORKER: _Worker | None = None
"""This worker process's cleaners: set by the pool's initializer, or on a Dask worker by its
first work. The main process never sets it: a ``Batch`` holds its own worker."""


def _start_worker(options: BatchOptions, cleaner: Cleaner | None) -> None:
    """Pool initializer: leave interrupts to the main process; build the cleaner once.

    Under ``fork`` the main process's ``cleaner`` is inherited, so nothing is rebuilt.
    """
    global _PROCESS_WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _PROCESS_WORKER = _Worker(options, cleaner)


def _die_with_parent() -> None:
    """A worker must not outlive the main process, which SIGKILL stops before it can stop its
    pool: on Linux the kernel kills the worker when its parent dies (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():  # it died before the line above
        os._exit(WORKER_ORPHANED)


def _run_in_worker(work: Work) -> list[Outcome]:
    """``_run`` in a pool's worker process."""
    assert _PROCESS_WORKER is not None, "worker not started"
    return _run(_PROCESS_WORKER, work)


def run_with(options: BatchOptions, work: Work) -> list[Outcome]:
    """Run ``work`` where no pool initializer ran (a Dask worker): the worker's cleaners
    are built on first use and kept for the next work with the same options."""
    global _PROCESS_WORKER
    if _PROCESS_WORKER is None or _PROCESS_WORKER.settings != options:
        _PROCESS_WORKER = _Worker(options)
    return _run(_PROCESS_WORKER, work)


def _run(worker: _Worker, work: Work, into: list[Outcome] | None = None) -> list[Outcome]:
    """The work's outcomes, appended to ``into`` one at a time: an article's as its output is
    written, in one ``held`` section, so an interrupt here loses none that were written."""
    outcomes = [] if into is None else into
    if isinstance(work, Articles):
        for article in work.articles:
            outcome, content = _clean_article(worker, article)
            with interrupts.held():
                if content is not None:
                    outcome = _placed(worker.settings, article, outcome, content)
                outcomes.append(outcome)
    else:
        for i, record in enumerate(work.records):
            outcomes.append(_clean_record(worker, work.name, work.first_line + i, record, work.table))
    return outcomes


def _clean_article(worker: _Worker, article: Article) -> tuple[Outcome, str | None]:
    """The article's outcome, and the output to write for it (None: nothing to write)."""
    settings = worker.settings
    try:
        data, size = _read(article, settings.config.max_bytes)
    except inputs.READ_ERRORS as exc:
        return Outcome(article.name, "skipped", reason=inputs.read_reason(exc), bytes_in=article.size), None
    problem = inputs.article_problem(data, size, settings.config.max_bytes)
    site = settings.sites.of_file(article.name)
    result, logged = worker.clean(data, article.kind, site) if problem is None else (problem, ())
    if isinstance(result, str):
        return Outcome(article.name, "skipped", reason=result, bytes_in=len(data), logged=logged), None
    rejected = worker.rejects(result)
    content = result.text
    if settings.records:
        record = {settings.fields.id or "id": article.name, settings.fields.text: result.text}
        content = record_line(record, result, rejected)
    outcome = Outcome(
        article.name,
        "rejected" if rejected else "cleaned",
        reason=_decoding_warning(data, result),
        bytes_in=len(data),
        bytes_out=len(content.encode("utf-8", "backslashreplace")),
        score=result.score,
        rules=tuple(r.code for r in result.removals),
        page_type=result.page_type,
        result=result if settings.results else None,
        logged=logged,
    )
    if article.target == inputs.STDIO:
        return replace(outcome, output=content), None
    return outcome, content


def _placed(settings: BatchOptions, article: Article, outcome: Outcome, content: str) -> Outcome:
    """Write an article's output where it belongs (its target, or the rejected folder); the
    outcome, skipped when the output cannot be written."""
    elsewhere = outcome.status == "rejected" and not settings.records  # records are flagged, not moved
    target = article.rejected if elsewhere else article.target
    try:
        _write(target, content)
        if settings.overwrite:  # a re-run with another --min-score must not leave a stale copy
            (article.target if elsewhere else article.rejected).unlink(missing_ok=True)
    except OSError as exc:
        return unwritten(outcome, target, exc)
    return outcome


def unwritten(outcome: Outcome, path: Path, error: OSError) -> Outcome:
    """``outcome`` skipped, as its output could not be written to ``path``."""
    return Outcome(
        outcome.name,
        "skipped",
        line=outcome.line,
        id=outcome.id,
        reason=inputs.write_reason(path, error),
        bytes_in=outcome.bytes_in,
        logged=outcome.logged,
        stops=inputs.stops_run(error),
    )


def _read(article: Article, max_bytes: int) -> tuple[bytes, int]:
    """The article's bytes (stdin's, or its file's), and the size to judge it by."""
    if article.data is not None:
        return article.data, len(article.data)
    return inputs.read_article(article.source, article.size, max_bytes)


def _write(path: Path, content: str) -> None:
    with atomic.atomic_writer(path) as handle:
        handle.write(content)


def _decoding_warning(data: bytes, result: Result) -> str:
    if "\ufffd" in result.original() and "\ufffd".encode() not in data:
        return "undecodable bytes replaced by U+FFFD"
    return ""


def _clean_record(worker: _Worker, name: str, line: int, raw: Any, table: bool = False) -> Outcome:
    """A record's outcome; its output (a JSONL line, or with ``table`` a Parquet row) is the
    cleaned record, or the record skipped. A WARC response is cleaned as HTML bytes, and
    what warcio printed while it was read is logged with it."""
    outcome = _record_outcome(worker, name, line, raw, table)
    if isinstance(raw, inputs.Response) and raw.logged:
        outcome = replace(outcome, logged=(*raw.logged, *outcome.logged))
    return outcome


def _record_outcome(worker: _Worker, name: str, line: int, raw: Any, table: bool) -> Outcome:
    settings = worker.settings
    size = inputs.record_size(raw)
    record = parse_record(raw, settings.config.max_bytes)
    if record is None:
        return Outcome(name, "ignored", line=line, reason="blank line", bytes_in=size)
    if isinstance(record, str):
        return _skipped_record(
            settings, Outcome(name, "skipped", line=line, reason=record, bytes_in=size), table
        )
    text: str | bytes | None
    if isinstance(raw, inputs.Response):
        found = raw.fields.get("url") or raw.fields.get("id")
        text, kind = (None, raw.problem) if raw.problem else (raw.body, "html")
    else:
        found = record_id(record, settings.fields)
        text, kind = record_text(record, settings.fields)
    if text is None or not text.strip():
        reason = kind if text is None else "empty text"
        skipped = Outcome(name, "skipped", line=line, id=found, reason=reason, bytes_in=size)
        return _skipped_record(settings, skipped, table, record)
    site = settings.sites.of_record(record, name)
    stated = record.get(settings.fields.type) if settings.fields.type is not None else None
    result, logged = worker.clean(text, "html" if kind == "html" else "text", site, stated)
    if isinstance(result, str):
        skipped = Outcome(name, "skipped", line=line, id=found, reason=result, bytes_in=size, logged=logged)
        return _skipped_record(settings, skipped, table, record)
    rejected = worker.rejects(result)
    output, row = None, None
    if settings.texts:
        output = result.text
    else:
        cleaned = cleaned_record({**record, settings.fields.text: result.text}, result, rejected)
        output, row = (None, flat_row(cleaned)) if table else (as_line(cleaned), None)
    return Outcome(
        name,
        "rejected" if rejected else "cleaned",
        line=line,
        id=found,
        bytes_in=size,
        bytes_out=len(result.text.encode("utf-8", "backslashreplace")) if table else _size(output),
        score=result.score,
        rules=tuple(r.code for r in result.removals),
        page_type=result.page_type,
        result=result if settings.results else None,
        output=output,
        row=row,
        logged=logged,
    )


def _size(output: str | None) -> int:
    return len((output or "").encode("utf-8", "backslashreplace"))


def _skipped_record(
    settings: BatchOptions, skipped: Outcome, table: bool = False, record: dict[str, Any] | None = None
) -> Outcome:
    """A skipped record's outcome with its output (a line, or with ``table`` a Parquet row):
    the record's fields (``record``, None when it was not read as an object) and why it was
    skipped. With ``--output-format text`` it has no file: the report lists it."""
    if settings.texts:
        return skipped
    assert skipped.line is not None, "a record has a line"
    out = skipped_record(record, skipped.reason, skipped.line)
    return replace(skipped, row=flat_row(out)) if table else replace(skipped, output=as_line(out))


class Batch:
    """Cleans a list of inputs with ``jobs`` processes (1: in this process)."""

    def __init__(
        self,
        settings: BatchOptions,
        cleaner: Cleaner,
        jobs: int,
        root: Path,
        pool: Callable[[int, BatchOptions], Pool] | None = None,
    ) -> None:
        self.settings = settings
        self.jobs = jobs
        self.root = root
        self.pool = pool if pool is not None else partial(Pool, cleaner=cleaner)
        """Starts the workers (``cleaner.dask.DaskPool``: a Dask cluster's)."""
        self.in_process = jobs == 1 and pool is None
        self._worker = _Worker(settings, cleaner)
        """Cleans in this process (``jobs`` 1), and is what forked workers inherit."""

    def run(self, items: Sequence[inputs.Input], observer: Observer, stdout: IO[str]) -> None:
        """Clean every input, telling ``observer``. Each step's outcomes are written, counted
        and dropped from the window in one ``held`` section. On an interrupt, or a write error
        that stops the run (``OutputError``), no partial output is left, and the article
        chunks that workers finished meanwhile are counted too."""
        window: _Window = deque()
        with (
            _Output(observer, stdout, self.settings.texts) as output,
            closing(self._results(self._steps(items), window)) as results,
        ):
            try:
                for step, outcomes in results:
                    with interrupts.held():
                        stopped = output.take(step, outcomes)
                        observer.advanced(*_covered(step))
                        window.popleft()
                    if stopped is not None:
                        raise OutputError(stopped)
            except (KeyboardInterrupt, OutputError):
                results.close()  # waits for the chunks that are running
                for outcomes in _written(window):
                    for outcome in outcomes:
                        observer.noticed(outcome)
                    observer.counted(_tally(outcomes))
                    observer.advanced(len(outcomes), 0)
                raise

    def _results(
        self, steps: Iterator[Step], window: _Window
    ) -> Generator[tuple[Step, list[Outcome]], None, None]:
        """Each step with its outcomes, in order; work runs in the pool, ``jobs`` at a time.
        ``window`` holds the steps sent and not yet done with: the caller drops the oldest
        once it has written and counted its outcomes."""
        if self.in_process:
            for step in steps:
                if isinstance(step, Articles | Records):
                    here: list[Outcome] = []
                    window.append((step, here))
                    _run(self._worker, step, here)
                else:
                    window.append((step, None))
                yield _oldest(window, None)
            return
        pool = self.pool(self.jobs, self.settings)
        try:
            for step in steps:
                work = pool.submit(step) if isinstance(step, Articles | Records) else None
                window.append((step, work))
                while len(window) > CHUNKS_AHEAD * self.jobs:
                    yield _oldest(window, pool)
            while window:
                yield _oldest(window, pool)
        finally:
            pool.shutdown()

    def _steps(self, items: Iterable[inputs.Input]) -> Iterator[Step]:
        """The work, in input order: articles in chunks, each record file between markers."""
        pending: list[Article] = []
        for item in items:
            for step in self._expand(item):
                if isinstance(step, Article):
                    pending.append(step)
                if pending and (len(pending) == FILES_PER_CHUNK or not isinstance(step, Article)):
                    yield Articles(tuple(pending))
                    pending = []
                if not isinstance(step, Article):
                    yield step
        if pending:
            yield Articles(tuple(pending))

    def _expand(self, item: inputs.Input) -> Iterator[Article | Step]:
        if item.path == inputs.STDIO:
            yield from self._stdin(item)
        elif item.records:
            settings = self.settings
            yield from record_steps(item, settings.fields, settings.config.max_bytes, settings.texts)
        else:
            yield self._article(item)

    def _article(self, item: inputs.Input, data: bytes | None = None) -> Article:
        rejected = inputs.rejected_path(item.target, self.root)
        return Article(item.name, item.kind, item.path, item.target, rejected, item.size, data)

    def _stdin(self, item: inputs.Input) -> Iterator[Article | Step]:
        """Stdin holds JSONL when its first line opens an object, else one article."""
        stream = sys.stdin.buffer
        max_bytes = self.settings.config.max_bytes
        first = stream.readline(max_bytes + 1)
        if first.lstrip().startswith(b"{"):
            yield Begin(item.target, item.name)
            head = inputs.capped(stream, first, max_bytes)
            yield from chunks(item.name, itertools.chain([head], inputs.capped_lines(stream, max_bytes)))
            yield End()
        else:
            data = first + stream.read(max(0, max_bytes + 1 - len(first)))
            yield self._article(replace(item, size=len(data)), data)


class _Output:
    """What the main process writes, step by step: to stdout, or to the output of the file of
    records being read (a file, or with ``--output-format text`` a folder of one text file a
    record), whole or not at all; and the counts of the outcomes written there, told to the
    observer once that output is whole on disk.

    An output that cannot be written is removed and its file of records skipped with the
    reason (its records are not counted); a record's own text file that cannot be written
    skips that record. Leaving the block on an exception removes the open output.
    """

    def __init__(self, observer: Observer, stdout: IO[str], texts: bool) -> None:
        self.observer, self.stdout, self.texts = observer, stdout, texts
        self._files = ExitStack()
        self._writer: IO[str] = stdout
        self._folder: Path | None = None
        self._table: TableWriter | None = None
        """The Parquet output being written, when the open output is one."""
        self._begun: Begin | None = None
        """The file of records whose output is open, or None (articles, stdout)."""
        self._failed: Outcome | None = None
        """Why the open output could not be written: its file's skip."""
        self._tally = Tally()

    def __enter__(self) -> _Output:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is not None:
            self._abandon(error)

    def take(self, step: Step, outcomes: list[Outcome]) -> str | None:
        """Write and show ``step``'s outcomes, and count them once their output is whole;
        returns why the run must stop (a write error no later output escapes), or None."""
        if isinstance(step, Begin) and step.target != inputs.STDIO:
            self._open(step)
        for outcome in outcomes:
            if self._failed is None:  # else the rest of the file's records are not written
                self._take(outcome)
        if isinstance(step, End) and self._begun is not None:
            self._close()
        stopping = next((o.reason for o in (*outcomes, self._failed) if o is not None and o.stops), None)
        if self._begun is None or stopping is not None:
            self.observer.counted(self._tally)
            self._tally = Tally()
        return stopping

    def _open(self, step: Begin) -> None:
        self._begun = step
        try:
            if self.texts:
                self._folder = self._files.enter_context(atomic.atomic_folder(step.target))
            elif step.table:
                handle = self._files.enter_context(atomic.atomic_file(step.target))
                self._table = self._files.enter_context(closing(TableWriter(handle, step.schema)))
            else:
                self._writer = self._files.enter_context(atomic.atomic_writer(step.target))
        except OSError as exc:
            self._fail(exc)

    def _take(self, outcome: Outcome) -> None:
        if outcome.row is not None and self._table is not None:
            try:
                self._table.write(outcome.row)
            except OSError as exc:
                self._fail(exc)
                return
        elif outcome.output is not None:
            try:
                outcome = self._put(outcome)
            except OSError as exc:
                if self._begun is None:  # stdout: not an output of ours
                    raise
                self._fail(exc)
                return
        self.observer.noticed(outcome)
        self._tally.outcome(outcome)

    def _put(self, outcome: Outcome) -> Outcome:
        """Write a record's line or an article to the output file (or stdout); with
        ``--output-format text`` a record's text to its own file in the folder (under
        ``rejected/`` there when it scored too low), or to stdout with a blank line after it.
        Returns the outcome, skipped when its own file cannot be written."""
        text = outcome.output or ""
        if not self.texts or outcome.line is None:
            self._writer.write(text)
        elif self._folder is None:
            self._writer.write(text.rstrip("\n") + "\n\n")
        else:
            place = self._folder / "rejected" if outcome.status == "rejected" else self._folder
            path = place / inputs.record_file_name(outcome.line, outcome.id)
            try:
                place.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8", errors="backslashreplace", newline="")
            except OSError as exc:
                if inputs.stops_run(exc):
                    raise
                with suppress(OSError):
                    path.unlink(missing_ok=True)
                assert self._begun is not None, "a folder is open"
                return unwritten(outcome, self._begun.target / path.relative_to(self._folder), exc)
        return outcome

    def _close(self) -> None:
        """The file of records ended: its output is renamed into place, or it is skipped."""
        if self._failed is None:
            try:
                self._files.close()
            except OSError as exc:
                self._fail(exc)
        if self._failed is not None:
            self._tally = _tally([self._failed])
        self._begun = self._failed = None
        self._writer, self._folder, self._table = self.stdout, None, None

    def _fail(self, error: OSError) -> None:
        """The open output cannot be written: it is removed and its file is skipped."""
        assert self._begun is not None, "an output is open"
        self._abandon(error)
        self._failed = Outcome(
            self._begun.name,
            "skipped",
            reason=inputs.write_reason(self._begun.target, error),
            stops=inputs.stops_run(error),
        )
        self.observer.noticed(self._failed)
        self._tally = _tally([self._failed])

    def _abandon(self, error: BaseException) -> None:
        """Remove the open output's temporary file or folder: it is never renamed into place."""
        with suppress(OSError):
            self._files.__exit__(type(error), error, error.__traceback__)
        self._files = ExitStack()
        self._writer, self._folder, self._table = self.stdout, None, None


def _tally(outcomes: Iterable[Outcome]) -> Tally:
    tally = Tally()
    for outcome in outcomes:
        tally.outcome(outcome)
    return tally


def _covered(step: Step) -> tuple[int, int]:
    """How many whole input files, and how many of their bytes, a step finishes."""
    if isinstance(step, Articles):
        return len(step.articles), sum(a.size for a in step.articles)
    if isinstance(step, Records):
        return 0, step.size
    if isinstance(step, Ready):
        return step.files, 0
    return int(isinstance(step, End)), 0


def _ready(step: Step) -> list[Outcome]:
    return list(step.outcomes) if isinstance(step, Ready) else []


_Window = deque[tuple[Step, Future[list[Outcome]] | list[Outcome] | None]]
"""Steps sent to be run, with the future of their outcomes (a pool's), the outcomes so far
(run in this process), or None (a step that needs no work)."""
_Done = tuple[Step, list[Outcome]]


class Pool:
    """Worker processes, started again when one dies (killed, out of memory, a crash in C)."""

    def __init__(self, jobs: int, settings: BatchOptions, cleaner: Cleaner | None = None) -> None:
        self.jobs, self.settings = jobs, settings
        self._inherited = cleaner if multiprocessing.get_start_method() == "fork" else None
        """Forked workers inherit the main process's ``cleaner`` instead of building one;
        under another start method each builds its own."""
        self._executor = self._start()

    def _start(self) -> Executor:
        return ProcessPoolExecutor(
            self.jobs, initializer=_start_worker, initargs=(self.settings, self._inherited)
        )

    def submit(self, work: Work) -> Future[list[Outcome]]:
        """The work's future; once the pool is broken, one that fails like the rest."""
        try:
            return self._executor.submit(_run_in_worker, work)
        except BrokenProcessPool as exc:
            failed: Future[list[Outcome]] = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def recover(self, window: _Window) -> None:
        """After a worker died, every unfinished step of ``window`` is run again one article
        (or record) at a time, alone, so the one that kills a worker is found and skipped."""
        self.restart()
        for position, (step, work) in enumerate(window):
            if not isinstance(work, Future) or (work.done() and work.exception() is None):
                continue
            assert isinstance(step, Articles | Records)
            outcomes = [outcome for single in _singles(step) for outcome in self._alone(single)]
            window[position] = (step, _finished(outcomes))

    def _alone(self, single: Work) -> list[Outcome]:
        try:
            return self.submit(single).result()
        except BrokenProcessPool:
            self.restart()
            return _died(single, self.settings)


def _singles(step: Articles | Records) -> list[Work]:
    if isinstance(step, Articles):
        return [Articles((article,)) for article in step.articles]
    return [
        Records(step.name, step.first_line + i, (record,), step.size if i == 0 else 0, step.table)
        for i, record in enumerate(step.records)
    ]


def _died(single: Work, settings: BatchOptions) -> list[Outcome]:
    """The outcome of an article or record whose cleaning killed a worker process."""
    reason = "a worker process died cleaning it"
    if isinstance(single, Articles):
        return [Outcome(a.name, "skipped", reason=reason, bytes_in=a.size) for a in single.articles]
    (raw,) = single.records
    record = parse_record(raw, settings.config.max_bytes)
    skipped = Outcome(single.name, "skipped", line=single.first_line, reason=reason)
    return [_skipped_record(settings, skipped, single.table, record if isinstance(record, dict) else None)]


def _finished(outcomes: list[Outcome]) -> Future[list[Outcome]]:
    done: Future[list[Outcome]] = Future()
    done.set_result(outcomes)
    return done


def _oldest(window: _Window, pool: Pool | None) -> _Done:
    """The first step of ``window`` and its outcomes, once they are there (it stays in the
    window); a worker's death first has ``pool`` run the window's unfinished work again."""
    step, work = window[0]
    if not isinstance(work, Future):
        return step, work if work is not None else _ready(step)
    try:
        return step, work.result()
    except BrokenProcessPool:
        assert pool is not None, "only a pool's work can break it"
        pool.recover(window)
        return _oldest(window, pool)


def _written(window: _Window) -> Iterator[list[Outcome]]:
    """After an interrupt or a stop, the outcomes of each chunk of articles whose outputs the
    workers (or this process) wrote and nobody counted yet."""
    for step, work in window:
        if not isinstance(step, Articles):
            continue
        if isinstance(work, Future):
            finished = work.done() and not work.cancelled() and work.exception() is None
            work = work.result() if finished else None
        written = [outcome for outcome in work or () if outcome.output is None]
        if written:
            yield written
