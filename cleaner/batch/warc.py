"""WARC files as batch records: each ``response`` record is a page (``inputs.Response``),
read one record at a time with warcio, its body up to ``--max-bytes``.

A stream that breaks (a gzip member cut short, a record that does not parse) or ends inside
a record (a plain ``.warc`` cut short, which warcio would end silently) keeps the whole
responses read before it, and the file is reported. What warcio prints on standard error is
logged with the response read meanwhile (or the file's outcome), named and counted like
what libraries log while a page is cleaned.
"""

from __future__ import annotations

import gzip
import io
import itertools
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import replace
from typing import IO, Any

from . import inputs
from .inputs import Malformed, Response, Source, too_large
from .parquet import warc_schema
from .steps import Begin, End, Fields, Outcome, Ready, Step, chunks, skip, whole


def warc_steps(item: inputs.Input, fields: Fields, max_bytes: int, table: bool = False) -> Iterator[Step]:
    """A WARC file (``.warc``, ``.warc.gz``) in chunks of its ``response`` records, streamed
    one record at a time. Each response gets an output record (``id``, ``url``, ``date`` and
    the cleaned text, or why it was skipped: not HTTP 200, not HTML, too large); the records
    of other types (request, metadata...) are no pages and are counted as one ignored
    outcome for the file. A stream that breaks, or ends inside a record (a ``.warc`` or
    ``.warc.gz`` cut short), keeps the whole responses read before, and is reported. What
    warcio prints is logged with the response read meanwhile, or else the file's outcome."""
    try:
        import warcio  # noqa: F401
    except ImportError:
        yield whole(item, "skipped", inputs.needs_extra("warc"))
        return
    try:
        raw = item.path.open("rb")
    except OSError as exc:
        yield skip(item, exc)
        return
    others: dict[str, int] = {}
    logged: list[tuple[int, str]] = []
    """What warcio printed that is no response's: the file's (``warc_responses``)."""
    with raw:
        # gzip here, not warcio's, so that a stream cut short raises (warcio's reader ends there)
        stream = Gunzipped(raw) if inputs.compressed(item.path) else raw
        responses = warc_responses(stream, max_bytes, others, logged)
        try:
            first = next(responses, None)
        except (*inputs.READ_ERRORS, ValueError) as exc:
            yield _told(skip(item, exc), logged)
            return
        if first is None:
            yield _told(whole(item, "skipped" if not others else "ignored", _no_responses(others)), logged)
            return
        yield Begin(item.target, item.name, table, warc_schema(fields) if table else None)
        try:
            yield from chunks(item.name, itertools.chain([first], responses), raw.tell, table)
        except (*inputs.READ_ERRORS, ValueError) as exc:
            yield _told(skip(item, exc, files=0), logged)
            logged = []
        if others:  # what warcio printed that no response took came with these records
            ignored = Outcome(item.name, "ignored", reason=_no_responses(others))
            yield _told(Ready((ignored,)), logged)
        yield End()


def _told(ready: Ready, logged: list[tuple[int, str]]) -> Ready:
    """``ready`` whose first outcome carries ``logged`` (what warcio printed of the file)."""
    first, *rest = ready.outcomes
    return Ready((replace(first, logged=(*first.logged, *logged)), *rest), ready.files)


def _no_responses(others: dict[str, int]) -> str:
    if not others:
        return "empty"
    counted = ", ".join(f"{kind} {count:,}" for kind, count in sorted(others.items()))
    return f"{sum(others.values()):,} WARC records that are not responses ({counted})"


class Gunzipped:
    """A gzip stream as warcio reads one: a read returns what is unpacked so far (not a whole
    block, so the records before a break are read), and a stream cut short raises OSError
    (warcio takes EOFError, which gzip raises, for the end of the file)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._gzip = gzip.GzipFile(fileobj=raw)

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._gzip.read1(size) if size > 0 else self._gzip.read()
        except EOFError as exc:
            raise OSError(f"the gzip stream is cut short: {exc}") from exc

    def readline(self, size: int = -1, /) -> bytes:
        try:
            return self._gzip.readline(size)
        except EOFError as exc:
            raise OSError(f"the gzip stream is cut short: {exc}") from exc

    def tell(self) -> int:
        return self._gzip.tell()


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""The content types of the WARC responses that are pages."""


def warc_responses(
    handle: Source, max_bytes: int, others: dict[str, int], logged: list[tuple[int, str]] | None = None
) -> Iterator[Response]:
    """The ``response`` records of a WARC stream (plain, or gzip per record as crawls ship
    it), one at a time as the stream is read (warcio's iterator): a record's body is kept up
    to one byte past ``max_bytes``, the rest read past and dropped. Records of other types
    (warcinfo, request, metadata...) are no pages: ``others`` counts them by type. A
    response that is not HTTP 200 with an HTML content type is yielded with its problem and
    no body. A stream that breaks raises ``Malformed``; one that ends inside a record (cut
    short) raises OSError, and the record is not yielded.

    What warcio prints on standard error while a record is read, and up to the next one, is
    that record's ``logged`` (``WARCIO_LOGGER``); a record that is not a response, or the
    break of the stream, leaves its messages in ``logged``, the file's."""
    from warcio.archiveiterator import WARCIterator
    from warcio.exceptions import ArchiveLoadFailed

    said: list[tuple[int, str]] = []
    try:
        records = iter(WARCIterator(handle))
        with _printed_into(said):
            record = next(records, None)
        while record is not None:
            with _printed_into(said):
                response = _response(record, max_bytes) if record.rec_type == "response" else None
                _read_whole(record)
                following = next(records, None)
            if response is None:
                others[record.rec_type] = others.get(record.rec_type, 0) + 1
            else:
                yield replace(response, logged=tuple(said))
                said.clear()
            record = following
    except ArchiveLoadFailed as exc:
        raise Malformed(f"malformed WARC: {exc}") from exc
    finally:
        if logged is not None:
            logged.extend(said)


WARC_RECORD_BUFFER = 1 << 16
"""Bytes of a record read at once when the rest of it is read to find its end."""
WARCIO_LOGGER = "warcio"
"""The name a message warcio prints is logged under (``"warcio: ..."``)."""


def _read_whole(record: Any) -> None:
    """Read the rest of ``record``; raise OSError if the stream ends before it does (warcio
    would end the file there silently)."""
    stream = record.raw_stream
    while stream.read(WARC_RECORD_BUFFER):
        pass
    missing = getattr(stream, "limit", 0)  # what its Content-Length promised and the file lacks
    if missing:
        raise OSError(f"the WARC stream is cut short: its last record lacks {missing:,} bytes")


@contextmanager
def _printed_into(said: list[tuple[int, str]]) -> Iterator[None]:
    """What is written on standard error in the block (by warcio: ``sys.stderr.write``), one
    message a write, its first line, as a logged warning in ``said``. Only warcio's reading
    runs in the block, in the main process's one thread that reads inputs."""
    with redirect_stderr(_Said(said)):
        yield


class _Said(io.TextIOBase):
    def __init__(self, said: list[tuple[int, str]]) -> None:
        self.said = said

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first:
            message = first.removeprefix("WARNING:").strip()
            self.said.append((logging.WARNING, f"{WARCIO_LOGGER}: {message}"))
        return len(text)


def _response(record: Any, max_bytes: int) -> Response:
    headers = record.rec_headers
    fields = {
        "id": headers.get_header("WARC-Record-ID"),
        "url": headers.get_header("WARC-Target-URI"),
        "date": headers.get_header("WARC-Date"),
    }
    http = record.http_headers
    if http is None:
        return Response(fields, problem="not an HTTP response")
    status = http.get_statuscode()
    if status != "200":
        return Response(fields, problem=f"HTTP status {status}")
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return Response(fields, problem=f"not HTML ({content_type or 'no content type'})")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Response(fields, problem=too_large(max(len(body), record.length or 0), max_bytes))
    return Response(fields, body)
