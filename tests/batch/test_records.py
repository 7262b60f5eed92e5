"""Files of records and pages as the batch reads them: every record in has its line out, memory
does not grow with a file's size nor its number of records, gzipped pages are pages, and what
libraries log is told with the page's name."""

from __future__ import annotations

import gzip
import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleaner import Cleaner, clean
from cleaner.batch import inputs
from cleaner.batch.report import Tally
from cleaner.batch.run import Batch, BatchOptions
from cleaner.batch.steps import Outcome
from cleaner.cli.commands import main

from ..cli.test_commands import ARTICLE, run
from .test_run import read_jsonl

MAX_BYTES = 1_000_000
"""The ``--max-bytes`` of these runs."""
HUGE = 64_000_000
"""A record far over ``MAX_BYTES``: reading it whole would show in the memory peak."""
MEMORY_SLACK = 16_000_000
"""How much more memory a run over a huge input may take than one over a small input."""


def clean_in_process(source: Path, output: Path, *options: str) -> tuple[int, dict[str, Any]]:
    """``cleaner clean SOURCE OUTPUT --jobs 1 -q --max-bytes MAX_BYTES`` here: exit code, report."""
    report = output.parent / "report.json"
    arguments = [str(source), str(output), "--jobs", "1", "-q", "--max-bytes", str(MAX_BYTES)]
    code = main(["clean", *arguments, "--report", str(report), *options])
    return code, json.loads(report.read_text(encoding="utf-8"))


def peak_memory(work: Callable[[], object]) -> int:
    """The most memory Python held while ``work`` ran (tracemalloc), in bytes."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_every_record_in_has_a_line_out_cleaned_or_skipped_with_its_fields(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "good", "text": ARTICLE}),
        '{"id": "broken", "text": ',
        json.dumps(["not", "an object"]),
        json.dumps({"id": "no-text", "body": ARTICLE}),
        json.dumps({"id": "empty", "text": " "}),
        json.dumps({"id": "huge", "text": "a" * MAX_BYTES}),
        "",
        json.dumps({"id": "last", "text": ARTICLE}),
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = clean_in_process(dump, tmp_path / "out.jsonl")
    assert code == 1
    written = read_jsonl(tmp_path / "out.jsonl")
    assert len(written) == len([line for line in lines if line]), "a blank line is not a record"
    good, broken, array, no_text, empty, huge, last = written
    assert good["text"] == last["text"] == clean(ARTICLE).text
    assert broken == {"cleaner": {"skipped": broken["cleaner"]["skipped"], "line": 2}}
    assert broken["cleaner"]["skipped"].startswith("malformed JSON")
    assert array == {"cleaner": {"skipped": "not a JSON object", "line": 3}}
    assert no_text == {
        "id": "no-text",
        "body": ARTICLE,
        "cleaner": {"skipped": "no string field 'text'", "line": 4},
    }
    assert empty == {"id": "empty", "text": " ", "cleaner": {"skipped": "empty text", "line": 5}}
    assert huge["cleaner"]["skipped"].startswith("larger than --max-bytes") and huge["cleaner"]["line"] == 6
    assert report["totals"]["cleaned"] + report["totals"]["skipped"] == len(written)


def test_an_output_cleaned_again_has_its_cleaner_field_replaced(tmp_path: Path) -> None:
    """A run's output is an input like any: cleaned again, each record keeps its own fields
    and gets the new ``cleaner`` object in place of the old (README, files of records)."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "a", "text": ARTICLE, "lang": "en"}) + "\n", encoding="utf-8")
    assert clean_in_process(dump, tmp_path / "once.jsonl")[0] == 0
    assert clean_in_process(tmp_path / "once.jsonl", tmp_path / "twice.jsonl")[0] == 0
    (once,), (twice,) = read_jsonl(tmp_path / "once.jsonl"), read_jsonl(tmp_path / "twice.jsonl")
    assert list(twice) == ["id", "text", "lang", "cleaner"]
    assert twice["text"] == once["text"] and twice["cleaner"]["removals"] == []


def test_a_json_array_is_cleaned_item_by_item_with_a_line_out_for_every_item(tmp_path: Path) -> None:
    items = [{"n": 1, "text": ARTICLE}, 7, {"n": 3, "text": "b" * MAX_BYTES}, {"n": 4, "text": ARTICLE}]
    (tmp_path / "items.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
    code, report = clean_in_process(tmp_path / "items.json", tmp_path / "out.jsonl")
    assert code == 1
    first, number, huge, last = read_jsonl(tmp_path / "out.jsonl")
    assert first["n"] == 1 and last["n"] == 4 and last["text"] == clean(ARTICLE).text
    assert number == {"cleaner": {"skipped": "not a JSON object", "line": 2}}
    assert huge["cleaner"]["skipped"].startswith("larger than --max-bytes")
    assert [entry["line"] for entry in report["skipped"]] == [2, 3]


HUGE_START = b'{"id": "huge", "text": "'


def huge_record(handle: Any, text: bytes = b"a") -> None:
    """Write one record whose text is ``HUGE`` bytes of ``text``, a megabyte at a time."""
    handle.write(HUGE_START)
    for _ in range(HUGE // 1_000_000):
        handle.write(text * (1_000_000 // len(text)))
    handle.write(b'"}')


@pytest.fixture(scope="module")
def small_run_peak(tmp_path_factory: pytest.TempPathFactory) -> int:
    """The memory peak of a run over one small record, to compare huge inputs' with."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "dump.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    return peak_memory(lambda: clean_in_process(folder / "dump.jsonl", folder / "out.jsonl"))


def test_a_huge_line_in_a_jsonl_gz_is_skipped_without_being_read_whole(
    tmp_path: Path, small_run_peak: int
) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wb", compresslevel=1) as handle:
        huge_record(handle)
        handle.write(b"\n" + json.dumps({"id": "after", "text": ARTICLE}).encode() + b"\n")
    peak = peak_memory(lambda: clean_in_process(dump, tmp_path / "out.jsonl.gz"))
    assert peak < small_run_peak + MEMORY_SLACK
    huge, after = read_jsonl(tmp_path / "out.jsonl.gz")  # the huge line: its start, HUGE bytes, '"}\n'
    assert huge["cleaner"] == {
        "skipped": f"larger than --max-bytes ({len(HUGE_START) + HUGE + 3:,} > {MAX_BYTES:,} bytes)",
        "line": 1,
    }
    assert after["text"] == clean(ARTICLE).text


def test_a_huge_json_array_is_streamed_not_read_whole(tmp_path: Path, small_run_peak: int) -> None:
    items = tmp_path / "items.json"
    with items.open("wb") as handle:
        handle.write(b"[" + json.dumps({"text": ARTICLE}).encode() + b", ")
        huge_record(handle, b"\\u00e9")  # escapes, as JSON written with ensure_ascii holds them
        handle.write(b"]")
    peak = peak_memory(lambda: clean_in_process(items, tmp_path / "out.jsonl"))
    assert peak < small_run_peak + MEMORY_SLACK
    first, huge = read_jsonl(tmp_path / "out.jsonl")
    assert first["text"] == clean(ARTICLE).text
    assert huge["cleaner"]["skipped"].startswith("larger than --max-bytes")


class _Quiet:
    """An observer of a batch run that tells no one."""

    def noticed(self, outcome: Outcome) -> None:
        pass

    def counted(self, tally: Tally) -> None:
        pass

    def advanced(self, files: int, size: int) -> None:
        pass


def test_memory_does_not_grow_with_the_number_of_records_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cleaner: Cleaner
) -> None:
    canned = clean(ARTICLE)
    monkeypatch.setattr(Cleaner, "clean", lambda self, raw, site=None: canned)  # only the batch is measured
    batch = Batch(BatchOptions(), cleaner, jobs=1, root=tmp_path)
    peaks = []
    for count in (1_000, 12_000):
        dump, output = tmp_path / f"dump{count}.jsonl", tmp_path / f"out{count}.jsonl"
        dump.write_text(
            "".join(f'{{"id": {i}, "text": "Record {i}."}}\n' for i in range(count)), encoding="utf-8"
        )
        found = inputs.find_inputs(dump, output, records=False).inputs
        peaks.append(peak_memory(lambda found=found: batch.run(found, _Quiet(), sys.stdout)))
        assert len(read_jsonl(output)) == count
    assert peaks[1] - peaks[0] < 2_000_000, f"{peaks[1] - peaks[0]:,} bytes more for 11,000 more records"


def test_a_folder_of_gzipped_pages_is_cleaned_like_the_pages(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    page = f"<html><head><title>Library</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    (source / "page.html.gz").write_bytes(gzip.compress(page.encode()))
    (source / "note.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (source / "broken.html.gz").write_bytes(gzip.compress(page.encode())[:40])
    code, report = clean_in_process(source, tmp_path / "out")
    assert code == 1
    assert (tmp_path / "out" / "page.txt").read_text(encoding="utf-8") == clean(page).text
    assert (tmp_path / "out" / "note.txt").read_text(encoding="utf-8") == clean(ARTICLE).text
    assert report["totals"]["cleaned"] == 2
    assert [(entry["input"], entry["reason"][:11]) for entry in report["skipped"]] == [
        ("broken.html.gz", "cannot read")
    ]


def test_what_libraries_log_is_told_with_the_page_and_counted(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "bare.html").write_text("<html><body></body></html>", encoding="utf-8")
    (source / "empty.txt").write_text("", encoding="utf-8")
    report = tmp_path / "report.json"
    done = run("clean", source, tmp_path / "out", "--jobs", "1", "--report", report)
    logged = "trafilatura.core: discarding data: None"
    assert f"warning bare.html: {logged}\n" in done.stderr
    assert "cleaner: WARNING" not in done.stderr, "not printed raw"
    assert json.loads(report.read_text(encoding="utf-8"))["logged"] == {logged: 1}
    quiet = run("clean", source, tmp_path / "quiet", "--jobs", "1", "-q")
    assert quiet.stderr == "skipped empty.txt: empty\n", "-q: skips and errors only"


def test_a_bug_while_cleaning_is_logged_with_the_page_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception that is no CleanerError costs its page, and the error logged for it is
    part of that page's outcome: named with the page and counted, not printed raw."""

    def broken(self: Cleaner, raw: str | bytes, site: str | None = None) -> Any:
        raise RuntimeError("a bug")

    source = tmp_path / "in"
    source.mkdir()
    (source / "page.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(Cleaner, "clean", broken)
    code, report = clean_in_process(source, tmp_path / "out")
    assert code == 1
    assert report["skipped"] == [{"input": "page.txt", "reason": "internal error: RuntimeError: a bug"}]
    (message,) = report["logged"]
    assert message.startswith("cleaner.batch.run: cleaning failed") and report["logged"][message] == 1
    stderr = capsys.readouterr().err
    assert f"error page.txt: {message}\n" in stderr
    assert "Traceback" not in stderr, "not printed raw"
