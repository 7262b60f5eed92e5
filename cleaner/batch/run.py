"""The batch run: inputs -> chunks of work -> worker processes -> outcomes, in input order.

Workers read and clean articles and write each article's output themselves; records
(JSONL, JSON) are read in the main process in chunks, cleaned by the workers, and written
by the main process in order. Outcomes arrive in input order whatever ``jobs`` is, so
outputs and reports do not depend on it.
"""

from __future__ import annotations

import itertools
import json
import logging
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from .. import atomic
from ..api import Cleaner
from ..config import Config
from ..corpus.index import CorpusIndex
from ..errors import CleanerError
from ..result import Result
from . import inputs, interrupts
from .deadline import DEFAULT_TIMEOUT, time_limit
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
    chunks,
    json_steps,
    jsonl_steps,
    record_id,
    record_line,
    record_text,
)

log = logging.getLogger(__name__)

FILES_PER_CHUNK = 8
"""Articles sent to a worker at once: enough that IPC is a small share of a chunk's time."""
CHUNKS_AHEAD = 4
"""Chunks queued per worker, so workers never wait while memory stays bounded."""

HTML_FORMAT: Literal["html"] = "html"
"""The ``Config.format`` HTML files and ``--html-field`` values are cleaned with."""


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


class Observer(Protocol):
    """Told about every outcome, and how much input each processed piece of work covered."""

    def noticed(self, outcome: Outcome) -> None:
        """An outcome, as soon as it arrives (for showing progress)."""

    def outcome(self, outcome: Outcome) -> None:
        """An outcome once its output is whole on disk (for counting): a record's when its
        output file is complete, so an interrupted run counts exactly what it leaves."""

    def advanced(self, files: int, size: int) -> None: ...


class _Worker:
    """A worker process's cleaners, one per ``Config.format`` met, built on first use."""

    def __init__(self, settings: BatchOptions, cleaner: Cleaner | None = None) -> None:
        self.settings = settings
        self._cleaners = {cleaner.config: cleaner} if cleaner is not None else {}

    def clean(self, raw: str | bytes, kind: inputs.Kind, site: str) -> Result | str:
        """The result, or the reason ``raw`` could not be cleaned."""
        config = self.settings.config
        if kind == "html":
            config = replace(config, format=HTML_FORMAT)
        if config not in self._cleaners:
            self._cleaners[config] = Cleaner(config, corpus=self.settings.corpus)
        try:
            with time_limit(self.settings.timeout):
                return self._cleaners[config].clean(raw, site)
        except CleanerError as exc:
            return str(exc)
        except Exception as exc:  # a bug must cost one article, not the batch
            log.exception("cleaning failed")
            return f"internal error: {type(exc).__name__}: {exc}"

    def rejects(self, result: Result) -> bool:
        floor = self.settings.min_score
        return floor is not None and result.score < floor


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
    _PROCESS_WORKER = _Worker(options, cleaner)


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
                    _place(worker.settings, article, outcome, content)
                outcomes.append(outcome)
    else:
        for i, record in enumerate(work.records):
            outcomes.append(_clean_record(worker, work.name, work.first_line + i, record))
    return outcomes


def _clean_article(worker: _Worker, article: Article) -> tuple[Outcome, str | None]:
    """The article's outcome, and the output to write for it (None: nothing to write)."""
    settings = worker.settings
    try:
        data = article.data if article.data is not None else _read(article, settings.config.max_bytes)
    except OSError as exc:
        return Outcome(article.name, "skipped", reason=inputs.read_reason(exc), bytes_in=article.size), None
    problem = inputs.article_problem(data, max(len(data), article.size), settings.config.max_bytes)
    site = settings.sites.of_file(article.name)
    result = worker.clean(data, article.kind, site) if problem is None else problem
    if isinstance(result, str):
        return Outcome(article.name, "skipped", reason=result, bytes_in=len(data)), None
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
    )
    if article.target == inputs.STDIO:
        return replace(outcome, output=content), None
    return outcome, content


def _place(settings: BatchOptions, article: Article, outcome: Outcome, content: str) -> None:
    """Write an article's output where it belongs: its target, or the rejected folder."""
    elsewhere = outcome.status == "rejected" and not settings.records  # records are flagged, not moved
    _write(article.rejected if elsewhere else article.target, content)
    if settings.overwrite:  # a re-run with another --min-score must not leave a stale copy
        (article.target if elsewhere else article.rejected).unlink(missing_ok=True)


def _read(article: Article, max_bytes: int) -> bytes:
    """The file's bytes; one byte past ``max_bytes`` is enough to refuse it."""
    with article.source.open("rb") as handle:
        return handle.read(max_bytes + 1)


def _write(path: Path, content: str) -> None:
    with atomic.atomic_writer(path) as handle:
        handle.write(content)


def _decoding_warning(data: bytes, result: Result) -> str:
    if "\ufffd" in result.original() and "\ufffd".encode() not in data:
        return "undecodable bytes replaced by U+FFFD"
    return ""


def _clean_record(worker: _Worker, name: str, line: int, raw: Any) -> Outcome:
    size = len(raw) if isinstance(raw, bytes) else 0
    if isinstance(raw, bytes):
        if not raw.strip():
            return Outcome(name, "ignored", line=line, reason="blank line", bytes_in=size)
        try:
            raw = json.loads(raw)
        except ValueError as exc:  # also UnicodeDecodeError
            return Outcome(name, "skipped", line=line, reason=f"malformed JSON: {exc}", bytes_in=size)
    if not isinstance(raw, dict):
        return Outcome(name, "skipped", line=line, reason="not a JSON object", bytes_in=size)
    fields = worker.settings.fields
    found = record_id(raw, fields)
    text, kind = record_text(raw, fields)
    if text is None:
        return Outcome(name, "skipped", line=line, id=found, reason=kind, bytes_in=size)
    site = worker.settings.sites.of_record(raw, name)
    result = worker.clean(text, "html" if kind == "html" else "text", site) if text.strip() else "empty text"
    if isinstance(result, str):
        return Outcome(name, "skipped", line=line, id=found, reason=result, bytes_in=size)
    rejected = worker.rejects(result)
    if worker.settings.texts:
        output = result.text
    else:
        output = record_line({**raw, fields.text: result.text}, result, rejected)
    return Outcome(
        name,
        "rejected" if rejected else "cleaned",
        line=line,
        id=found,
        bytes_in=size,
        bytes_out=len(output.encode("utf-8", "backslashreplace")),
        score=result.score,
        rules=tuple(r.code for r in result.removals),
        output=output,
    )


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
        and dropped from the window in one ``held`` section; on an interrupt no partial output
        is left, and the article chunks that workers finished meanwhile are counted too."""
        window: _Window = deque()
        uncounted: list[Outcome] = []  # the open record file's, counted once the file is whole
        with ExitStack() as open_output, closing(self._results(self._steps(items), window)) as results:
            writer: IO[str] = stdout
            folder: Path | None = None
            try:
                for step, outcomes in results:
                    with interrupts.held():
                        if isinstance(step, Begin) and step.target != inputs.STDIO:
                            if self.settings.texts:
                                folder = open_output.enter_context(atomic.atomic_folder(step.target))
                            else:
                                writer = open_output.enter_context(atomic.atomic_writer(step.target))
                        for outcome in outcomes:
                            if outcome.output is not None:
                                _put(outcome, folder, writer, self.settings.texts)
                            observer.noticed(outcome)
                        uncounted.extend(outcomes)
                        if isinstance(step, End):
                            open_output.close()
                            writer, folder = stdout, None
                        if writer is stdout and folder is None:  # no output file is open
                            for outcome in uncounted:
                                observer.outcome(outcome)
                            uncounted.clear()
                        observer.advanced(*_covered(step))
                        window.popleft()
            except KeyboardInterrupt:
                results.close()  # waits for the chunks that are running
                for outcome in _written(window):
                    observer.noticed(outcome)
                    observer.outcome(outcome)
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
        elif item.kind == "json":
            yield from json_steps(item, self.settings.fields)
        elif item.records:
            yield from jsonl_steps(item)
        else:
            yield self._article(item)

    def _article(self, item: inputs.Input, data: bytes | None = None) -> Article:
        rejected = inputs.rejected_path(item.target, self.root)
        return Article(item.name, item.kind, item.path, item.target, rejected, item.size, data)

    def _stdin(self, item: inputs.Input) -> Iterator[Article | Step]:
        """Stdin holds JSONL when its first line opens an object, else one article."""
        stream = sys.stdin.buffer
        first = stream.readline()
        if first.lstrip().startswith(b"{"):
            yield Begin(item.target)
            yield from chunks(item.name, itertools.chain([first], stream))
            yield End()
        else:
            data = first + stream.read(max(0, self.settings.config.max_bytes + 1 - len(first)))
            yield self._article(replace(item, size=len(data)), data)


def _put(outcome: Outcome, folder: Path | None, writer: IO[str], texts: bool) -> None:
    """Write what the main process writes for an outcome: a record's line, or an article,
    to ``writer``; with ``--output-format text`` a record's text to its own file in ``folder``
    (under ``rejected/`` there when it scored too low), or to ``writer`` with a blank line
    after it when the output is stdout."""
    text = outcome.output or ""
    if not texts or outcome.line is None:
        writer.write(text)
    elif folder is None:
        writer.write(text.rstrip("\n") + "\n\n")
    else:
        place = folder / "rejected" if outcome.status == "rejected" else folder
        place.mkdir(exist_ok=True)
        (place / inputs.record_file_name(outcome.line, outcome.id)).write_text(
            text, encoding="utf-8", errors="backslashreplace", newline=""
        )


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
            return _died(single)


def _singles(step: Articles | Records) -> list[Work]:
    if isinstance(step, Articles):
        return [Articles((article,)) for article in step.articles]
    return [
        Records(step.name, step.first_line + i, (record,), step.size if i == 0 else 0)
        for i, record in enumerate(step.records)
    ]


def _died(single: Work) -> list[Outcome]:
    """The outcome of an article or record whose cleaning killed a worker process."""
    reason = "a worker process died cleaning it"
    if isinstance(single, Articles):
        return [Outcome(a.name, "skipped", reason=reason, bytes_in=a.size) for a in single.articles]
    return [Outcome(single.name, "skipped", line=single.first_line, reason=reason)]


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


def _written(window: _Window) -> Iterator[Outcome]:
    """After an interrupt, the outcomes of the articles whose outputs the workers (or this
    process) wrote and nobody counted yet."""
    for step, work in window:
        if not isinstance(step, Articles):
            continue
        if isinstance(work, Future):
            finished = work.done() and not work.cancelled() and work.exception() is None
            work = work.result() if finished else None
        yield from (outcome for outcome in work or () if outcome.output is None)
