"""Crawl and data-set inputs: a WARC of HTML responses, a Parquet file of rows, gzipped pages,
and files that are no inputs, cleaned by `cleaner clean` into records that keep their URLs."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from cleaner.batch import parquet, warc
from cleaner.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGES = 50
PARAGRAPH = (
    "The committee met on Tuesday to weigh the proposal for the new river crossing, and "
    "after a long debate its members agreed that the design should go to a public "
    "consultation before any money is spent on it. "
)


def page(number: int) -> str:
    """An article page with chrome around it."""
    body = "".join(f"<p>{PARAGRAPH}Paragraph {p} of story {number}.</p>" for p in range(4))
    return (
        f"<html><head><title>Story {number}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Story {number}</h1>{body}</article>"
        "<footer>Copyright 2024. All rights reserved. Privacy policy.</footer></body></html>"
    )


def url(number: int) -> str:
    return f"https://news.example.com/story/{number}"


def write_warc(path: Path, pages: int = PAGES, extra: bool = True) -> None:
    """A gzipped WARC: a warcinfo, then a request and an HTML response for each page; with
    ``extra`` also a PDF response and a 404."""
    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for number in range(pages):
            writer.write_record(
                writer.create_warc_record(
                    url(number), "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )
            _response(writer, url(number), "200 OK", "text/html; charset=utf-8", page(number).encode())
        if extra:
            _response(writer, "https://news.example.com/paper.pdf", "200 OK", "application/pdf", b"%PDF-1.4")
            _response(writer, "https://news.example.com/gone", "404 Not Found", "text/html", b"<p>gone</p>")


def _response(writer: Any, target: str, status: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(target, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


def write_parquet(path: Path, rows: int = PAGES, null: bool = True) -> None:
    """A Parquet file of ``rows`` HTML pages with an id, URL and a column to pass through, in
    row groups of 16; with ``null`` one more row whose HTML is null."""
    numbers = list(range(rows))
    table = pa.table(
        {
            "id": [f"doc-{n}" for n in numbers] + (["doc-null"] if null else []),
            "url": [url(n) for n in numbers] + ([url(999)] if null else []),
            "html": [page(n) for n in numbers] + ([None] if null else []),
            "crawl": pa.array([n % 3 for n in numbers] + ([0] if null else []), pa.int32()),
        }
    )
    pq.write_table(table, path, row_group_size=16)


def crawl_folder(folder: Path) -> Path:
    """A folder as the must-show names it: gzipped pages, a WARC, a Parquet file, a PDF."""
    (folder / "pages").mkdir(parents=True)
    for number in range(3):
        (folder / "pages" / f"p{number}.html.gz").write_bytes(gzip.compress(page(100 + number).encode()))
    (folder / "pages" / "note.txt.gz").write_bytes(gzip.compress((PARAGRAPH * 3).encode()))
    (folder / "pages" / "old.htm").write_text(page(200), encoding="utf-8")
    write_warc(folder / "crawl.warc.gz")
    write_parquet(folder / "rows.parquet")
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4 not a page")
    return folder


FIELDS = ("--html-field", "html", "--id-field", "id", "--url-field", "url")


def clean(
    source: Path, target: Path, *extra: str, fields: tuple[str, ...] = FIELDS
) -> tuple[int, dict[str, Any]]:
    report = target.parent / f"{target.name}-report.json"
    code = main(["clean", str(source), str(target), "-j", "1", *fields, "--report", str(report), *extra])
    return code, json.loads(report.read_text())


def jsonl(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") if path.name.endswith(".gz") else path.open() as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict[str, Any], str]:
    base = tmp_path_factory.mktemp("crawl")
    source = crawl_folder(base / "in")
    code, report = clean(source, base / "out", fields=())  # as it comes: `cleaner clean IN OUT`
    return base, code, report, ""


def test_every_page_of_a_folder_of_crawl_formats_is_cleaned(
    cleaned: tuple[Path, int, dict[str, Any], str],
) -> None:
    base, code, report, _ = cleaned
    totals = report["totals"]
    # 3 .html.gz + .txt.gz + .htm, 50 WARC responses, 50 Parquet rows
    assert totals["cleaned"] == 5 + PAGES + PAGES, report["skipped"]
    skipped = {(entry["input"], entry["reason"]) for entry in report["skipped"]}
    assert skipped == {
        ("crawl.warc.gz", "not HTML (application/pdf)"),
        ("crawl.warc.gz", "HTTP status 404"),
        ("rows.parquet", "no string field 'text' or 'html'"),
    }
    assert code == 1  # finished with skips
    ignored = {entry["input"]: entry["reason"] for entry in report["ignored"]}
    assert ignored["paper.pdf"].startswith("not an input (.pdf): inputs end in .txt")
    assert ignored["crawl.warc.gz"] == "51 WARC records that are not responses (request 50, warcinfo 1)"
    assert sorted(p.relative_to(base / "out").as_posix() for p in (base / "out").rglob("*")) == [
        "crawl.jsonl.gz", "pages", "pages/note.txt", "pages/old.txt",
        "pages/p0.txt", "pages/p1.txt", "pages/p2.txt", "rows.parquet",
    ]  # fmt: skip


def test_warc_records_keep_their_url_date_and_id(cleaned: tuple[Path, int, dict[str, Any], str]) -> None:
    base = cleaned[0]
    records = jsonl(base / "out" / "crawl.jsonl.gz")
    assert len(records) == PAGES + 2  # every response has its output record, in order
    pages, (pdf, gone) = records[:PAGES], records[PAGES:]
    assert [r["url"] for r in pages] == [url(n) for n in range(PAGES)]
    first = pages[0]
    assert set(first) == {"id", "url", "date", "text", "cleaner"}
    assert first["id"].startswith("<urn:uuid:") and first["date"].endswith("Z")
    assert "Paragraph 3 of story 0." in first["text"] and "All rights reserved" not in first["text"]
    assert first["cleaner"]["format"] == "html" and first["cleaner"]["rejected"] is False
    assert pdf["url"].endswith("paper.pdf") and pdf["cleaner"] == {
        "skipped": "not HTML (application/pdf)",
        "line": 51,
    }
    assert gone["cleaner"]["skipped"] == "HTTP status 404" and "text" not in gone


def test_parquet_output_has_the_same_rows_and_cleaners_columns(
    cleaned: tuple[Path, int, dict[str, Any], str],
) -> None:
    table = pq.read_table(cleaned[0] / "out" / "rows.parquet")
    assert table.num_rows == PAGES + 1
    assert table.column_names[:5] == ["id", "url", "html", "crawl", "text"]
    assert table.schema.field("crawl").type == pa.int32()  # passed through as it was
    rows = table.to_pylist()
    assert [r["url"] for r in rows[:PAGES]] == [url(n) for n in range(PAGES)]
    first, last = rows[0], rows[-1]
    assert "Paragraph 3 of story 0." in first["text"] and "All rights reserved" not in first["text"]
    assert first["cleaner_page_type"] and 0 <= first["cleaner_score"] <= 1
    assert json.loads(first["cleaner_removals"]) and first["cleaner_skipped"] is None
    assert last["id"] == "doc-null" and last["text"] is None and last["cleaner_score"] is None
    assert last["cleaner_skipped"] == "no string field 'text' or 'html'" and last["cleaner_line"] == PAGES + 1


def test_the_summary_counts_and_lists_the_files_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = crawl_folder(tmp_path / "in")
    code, report = clean(source, tmp_path / "out")
    summary = capsys.readouterr().err
    assert re.search(rf"^cleaned +{5 + 2 * PAGES}$", summary, re.MULTILINE)
    assert "paper.pdf: not an input (.pdf)" in summary
    assert "crawl.warc.gz: 51 WARC records that are not responses" in summary
    # a second run resumes: every output is there, so nothing is cleaned again
    again_code, again = clean(source, tmp_path / "out")
    assert again["totals"]["already_done"] == 7 and again["totals"]["cleaned"] == 0
    assert again_code == 0
    # an input touched since is cleaned again, alone
    for name in ("crawl.warc.gz", "rows.parquet"):
        os.utime(
            source / name,
            ns=(os.stat(source / name).st_atime_ns, os.stat(source / name).st_mtime_ns + 10**10),
        )
    _, third = clean(source, tmp_path / "out")
    assert third["totals"]["cleaned"] == 2 * PAGES and third["totals"]["already_done"] == 5


def test_parquet_as_jsonl_and_a_warc_to_text_files(tmp_path: Path) -> None:
    write_parquet(tmp_path / "rows.parquet", rows=5, null=False)
    write_warc(tmp_path / "crawl.warc", pages=3, extra=False)
    _, report = clean(tmp_path / "rows.parquet", tmp_path / "rows.jsonl", "--output-format", "jsonl")
    assert report["totals"]["cleaned"] == 5
    assert [r["crawl"] for r in jsonl(tmp_path / "rows.jsonl")] == [0, 1, 2, 0, 1]
    (tmp_path / "texts").mkdir()
    _, report = clean(tmp_path / "crawl.warc", tmp_path / "texts", "--output-format", "text")
    assert report["totals"]["cleaned"] == 3
    assert len(list((tmp_path / "texts" / "crawl").glob("*.txt"))) == 3


def test_a_warc_is_read_one_record_at_a_time(tmp_path: Path) -> None:
    """The reader yields each response as the stream reaches it: after the first, only the
    start of a WARC of many records has been read."""
    write_warc(tmp_path / "big.warc.gz", pages=400, extra=False)
    with (tmp_path / "big.warc.gz").open("rb") as raw:
        others: dict[str, int] = {}
        responses = warc.warc_responses(raw, 1 << 20, others)
        first = next(responses)
        assert first.fields["url"] == url(0) and first.body.startswith(b"<html>")
        assert raw.tell() < (tmp_path / "big.warc.gz").stat().st_size / 10
        assert sum(1 for _ in responses) == 399 and others == {"request": 400, "warcinfo": 1}


def test_broken_and_empty_inputs_are_skipped_with_a_reason(tmp_path: Path) -> None:
    write_warc(tmp_path / "cut.warc.gz", pages=10, extra=False)
    data = (tmp_path / "cut.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    (tmp_path / "fake.parquet").write_bytes(b"not parquet at all")
    (tmp_path / "junk.warc").write_bytes(b"this is not a WARC\n" * 10)
    code, report = clean(tmp_path, tmp_path.parent / "broken-out")
    reasons = {entry["input"]: entry["reason"] for entry in report["skipped"]}
    assert reasons["fake.parquet"].startswith("not a Parquet file")
    assert reasons["junk.warc"].startswith("malformed WARC")
    assert "cut.warc.gz" in reasons and 0 < report["totals"]["cleaned"] < 10
    assert code == 1


def test_without_the_extra_a_warc_is_skipped_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    write_warc(tmp_path / "crawl.warc.gz", pages=1, extra=False)
    monkeypatch.setitem(sys.modules, "warcio", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    write_parquet(tmp_path / "rows.parquet", rows=1)
    _, report = clean(tmp_path, tmp_path.parent / "no-extra-out")
    reasons = {entry["input"]: entry["reason"] for entry in report["skipped"]}
    assert reasons == {
        "crawl.warc.gz": "reading .warc needs the extra: pip install 'page-cleaner[warc]'",
        "rows.parquet": "reading .parquet needs the extra: pip install 'page-cleaner[parquet]'",
    }


def test_output_format_parquet_writes_every_file_of_records_as_parquet(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    write_warc(source / "crawl.warc.gz", pages=3)
    lines = [{"id": f"r{n}", "html": page(n), "lang": "en"} for n in range(3)] + [{"id": "r3", "html": None}]
    (source / "dump.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (source / "page.html").write_text(page(7))
    _, report = clean(source, tmp_path / "out", "--output-format", "parquet")
    assert report["totals"]["cleaned"] == 3 + 3 + 1
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["crawl.parquet", "dump.parquet", "page.txt"]
    crawl = pq.read_table(out / "crawl.parquet")
    assert crawl.column_names[:4] == ["id", "url", "date", "text"]
    assert crawl.column("url").to_pylist()[:3] == [url(n) for n in range(3)]
    skipped = crawl.column("cleaner_skipped").to_pylist()
    assert skipped[3:] == ["not HTML (application/pdf)", "HTTP status 404"]
    dump = pq.read_table(out / "dump.parquet").to_pylist()
    assert [row["id"] for row in dump] == ["r0", "r1", "r2", "r3"]
    assert dump[0]["lang"] == "en" and dump[3]["lang"] is None and dump[3]["cleaner_line"] == 4
    assert "Paragraph 3 of story 2." in dump[2]["text"]


def test_a_file_of_records_into_a_parquet_file(tmp_path: Path) -> None:
    (tmp_path / "dump.jsonl").write_text(json.dumps({"id": "a", "html": page(1)}) + "\n")
    _, report = clean(tmp_path / "dump.jsonl", tmp_path / "cleaned.parquet")
    assert report["totals"]["cleaned"] == 1
    assert pq.read_table(tmp_path / "cleaned.parquet").column("id").to_pylist() == ["a"]


def read_back(row: dict[str, Any], schema: Any) -> dict[str, Any]:
    """A Parquet output's row as the record it was written from: its own columns that hold a
    value (those marked JSON decoded) and the fields in ``cleaner_overflow``, without
    cleaner's columns."""
    record = {}
    for name, value in row.items():
        if name.startswith("cleaner_") or value is None:
            continue
        metadata = schema.field(name).metadata or {}
        record[name] = json.loads(value) if metadata.get(b"cleaner") == b"json" else value
    return {**record, **json.loads(row["cleaner_overflow"] or "{}")}


def test_every_field_of_every_jsonl_record_reaches_the_parquet_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fields absent from the first records, new in a later row group, or of another type
    there all reach ``out.parquet``; a record with no text is a row too."""
    monkeypatch.setattr(parquet, "TABLE_GROUP_ROWS", 3)  # row groups of 3 records
    text = PARAGRAPH * 3
    records: list[dict[str, Any]] = [
        {"id": "r0", "text": text},
        {"id": "r1", "text": text, "body": "<p>a body</p>", "n": 1},
        {"id": "r2", "n": 2.5, "html": None},  # no text: skipped, a row still
        {"id": "r3", "text": text, "n": "three", "tags": ["a", "b"], "big": 2**70},
        {"id": 4, "text": text, "meta": {"source": "crawl", "depth": [1, 2]}, "body": 7},
        {"text": text, "flag": True, "n": 6},
        {"id": "r6", "text": text, "n": 2**70, "tags": "not a list"},
    ]
    source = tmp_path / "dump.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records) + "\n", encoding="utf-8")
    _, report = clean(source, tmp_path / "out.parquet", fields=())
    assert report["totals"]["cleaned"] + report["totals"]["skipped"] == len(records)
    table = pq.read_table(tmp_path / "out.parquet")
    rows = table.to_pylist()
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        back = read_back(row, table.schema)
        assert set(back) == {key for key, value in record.items() if value is not None}
        assert {k: v for k, v in back.items() if k != "text"} == {
            k: v for k, v in record.items() if k != "text" and v is not None
        }
    assert rows[2]["cleaner_skipped"] == "no string field 'text' or 'html'"
    assert "Paragraph" not in rows[1]["text"] and PARAGRAPH.strip() in rows[1]["text"]


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_a_warc_cut_short_is_reported_and_keeps_the_whole_responses_before_the_cut(
    tmp_path: Path, name: str
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    write_warc(source / name, pages=10, extra=False)
    data = (source / name).read_bytes()
    cut = data.index(b"Paragraph 1 of story 6.") if name.endswith(".warc") else len(data) * 2 // 3
    (source / name).write_bytes(data[:cut])
    code, report = clean(source, tmp_path / "out", fields=())
    (entry,) = report["skipped"]
    assert entry["input"] == name and "cut short" in entry["reason"]
    records = jsonl(tmp_path / "out" / name.replace(".warc", ".jsonl"))
    assert 0 < len(records) == report["totals"]["cleaned"] < 10
    for number, record in enumerate(records):  # none cleaned from a page cut in two
        assert f"Paragraph 3 of story {number}." in record["text"]
    assert code == 1


def test_what_warcio_prints_is_told_with_the_record_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """warcio writes its warnings on standard error itself: they are the record's logged
    lines instead, named with it and counted in the report."""
    write_warc(tmp_path / "crawl.warc", pages=3, extra=False)
    data = (tmp_path / "crawl.warc").read_bytes()
    second_request = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", data)][3]
    end_of_first_response = second_request - len(b"\r\n\r\n")
    junk = data[:end_of_first_response] + b"junk\r\n" + data[end_of_first_response:]
    (tmp_path / "crawl.warc").write_bytes(junk)  # a record longer than its Content-Length says
    _, report = clean(tmp_path / "crawl.warc", tmp_path / "out.jsonl", fields=())
    assert report["totals"]["cleaned"] == 3
    message = "warcio: Record not followed by newline, perhaps Content-Length is invalid"
    assert report["logged"] == {message: 1}
    stderr = capsys.readouterr().err
    assert f"warning crawl.warc:1: {message}\n" in stderr
    assert "Remainder" not in stderr, "not printed raw"
