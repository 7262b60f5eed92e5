"""Faults of the output side: a full disk, a read-only file system, an output folder that is a
dangling symlink, an output that cannot be made, a name too long for a file system, two
inputs whose outputs would nest. Run in this process (``--jobs 1``), with the writer made to
fail where a real disk would."""

from __future__ import annotations

import errno
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from cleaner import atomic, clean
from cleaner.atomic import TEMPORARY_SUFFIX
from cleaner.cli.commands import main

from ..cli.test_commands import ARTICLE
from .test_run import read_jsonl

ARTICLES = 12
RECORDS = 100


def make_inputs(folder: Path) -> None:
    """Twelve articles, and a JSONL file of 100 records between them."""
    folder.mkdir()
    for number in range(ARTICLES):
        (folder / f"a{number:02d}.txt").write_text(f"{ARTICLE}\nNumber {number}.\n", encoding="utf-8")
    lines = (json.dumps({"id": i, "text": f"{ARTICLE}\nRecord {i}."}) for i in range(RECORDS))
    (folder / "a05r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def whole_outputs(folder: Path) -> int:
    """Articles in the whole outputs below ``folder``: a text file is one, a JSONL file its lines."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and TEMPORARY_SUFFIX not in path.as_posix():
            count += len(read_jsonl(path)) if path.suffix == ".jsonl" else 1
    return count


class _Metered(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: a write past it fails like a full disk."""

    def __init__(self, raw: IO[bytes], disk: Disk) -> None:
        self.raw, self.disk = raw, disk

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.disk.room -= len(data)
        if self.disk.room < 0:
            raise OSError(self.disk.error, os.strerror(self.disk.error))
        return self.raw.write(data)


class Disk:
    """Outputs below ``under`` share ``room`` bytes; past them every write fails with ``error``."""

    def __init__(self, under: Path, room: int, error: int = errno.ENOSPC) -> None:
        self.under, self.room, self.error = under, room, error
        self._real = atomic.atomic_file

    @contextmanager
    def atomic_file(self, path: Path) -> Iterator[IO[bytes]]:
        with self._real(path) as raw:
            yield _Metered(raw, self) if path.is_relative_to(self.under) else raw  # type: ignore[misc]


def fault_run(tmp_path: Path, *options: str) -> tuple[int, dict[str, Any]]:
    """``cleaner clean IN OUT --jobs 1 --report FILE OPTIONS`` in this process: its exit code
    and its report."""
    report = tmp_path / "report.json"
    arguments = ["clean", str(tmp_path / "in"), str(tmp_path / "out"), "--jobs", "1", "--report", str(report)]
    code = main([*arguments, *options])
    return code, json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("room", "error", "message"),
    [
        (6_000, errno.ENOSPC, "No space left on device"),
        (60_000, errno.ENOSPC, "No space left on device"),
        (0, errno.EROFS, "Read-only file system"),
    ],
    ids=["disk-full-among-articles", "disk-full-inside-records", "read-only"],
)
def test_a_full_or_read_only_disk_stops_the_run_with_one_line_and_a_report_of_what_was_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    room: int,
    error: int,
    message: str,
) -> None:
    make_inputs(tmp_path / "in")
    monkeypatch.setattr(atomic, "atomic_file", Disk(tmp_path / "out", room, error).atomic_file)
    code, report = fault_run(tmp_path, "-q")
    shown = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in shown
    (line,) = shown.splitlines()
    assert re.fullmatch(
        rf"cleaner: error: cannot write \S+: {message}: stopped; \d+ articles written, \d+ inputs not done "
        r"\(a re-run does them\)",
        line,
    ), line
    output = tmp_path / "out"
    assert report["stopped"].endswith(message)
    assert report["totals"]["articles"] == whole_outputs(output) < ARTICLES + RECORDS
    assert report["totals"]["not_done"] > 0
    assert not [p for p in output.rglob("*") if TEMPORARY_SUFFIX in p.name]
    monkeypatch.undo()
    code, again = fault_run(tmp_path, "-q")
    assert code == 0 and whole_outputs(output) == ARTICLES + RECORDS
    assert again["totals"]["articles"] + report["totals"]["articles"] >= ARTICLES + RECORDS


def test_an_output_folder_that_is_a_dangling_symlink_stops_at_once_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_inputs(tmp_path / "in")
    (tmp_path / "out").symlink_to(tmp_path / "nowhere" / "out")
    assert main(["clean", str(tmp_path / "in"), str(tmp_path / "out"), "--jobs", "1", "-q"]) == 2
    shown = capsys.readouterr().err
    reason = "a symlink to a missing folder"
    assert shown == f"cleaner: error: cannot make the output folder {tmp_path / 'out'}: {reason}\n"


def test_an_output_that_cannot_be_made_is_skipped_and_the_others_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_inputs(tmp_path / "in")
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "sub" / "r.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").write_text("a file where a folder must go", encoding="utf-8")
    code, report = fault_run(tmp_path)
    assert code == 1
    skipped = {entry["input"]: entry["reason"] for entry in report["skipped"]}
    assert set(skipped) == {"sub/r.jsonl", "sub/x.txt"}
    assert all(reason.startswith(f"cannot write {tmp_path / 'out' / 'sub'}") for reason in skipped.values())
    (tmp_path / "out" / "sub").unlink()
    assert report["totals"]["articles"] == whole_outputs(tmp_path / "out") == ARTICLES + RECORDS
    assert "Traceback" not in capsys.readouterr().err


def test_a_report_that_cannot_be_written_is_said_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_inputs(tmp_path / "in")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    report = tmp_path / "file" / "report.json"
    assert (
        main(
            [
                "clean",
                str(tmp_path / "in"),
                str(tmp_path / "out"),
                "--jobs",
                "1",
                "-q",
                "--report",
                str(report),
            ]
        )
        == 2
    )
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"cleaner: error: cannot write the report {report}: ")
    assert whole_outputs(tmp_path / "out") == ARTICLES + RECORDS


def test_text_files_of_records_with_ids_too_long_for_a_file_name_are_written(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    long_id = "\U00020000" * 100  # 400 bytes in UTF-8: more than a file name may take
    records = [{"id": long_id, "text": ARTICLE}, {"id": "short", "text": ARTICLE}]
    (source / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, report = fault_run(tmp_path, "--output-format", "text", "--id-field", "id", "-q")
    assert code == 0, report["skipped"]
    written = sorted((tmp_path / "out" / "dump").iterdir())
    assert [p.name.split("-")[0] for p in written] == ["0000001", "0000002"]
    assert all(p.read_text(encoding="utf-8") == clean(ARTICLE).text for p in written)
    assert report["totals"]["articles"] == 2


def test_with_text_output_a_file_of_records_and_a_folder_of_its_name_do_not_share_an_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    (source / "a").mkdir(parents=True)
    (source / "a.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    (source / "a" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    reason = "its output would be inside the output folder of a.jsonl"
    for _ in range(2):  # the second run after a.jsonl changed: a.jsonl's folder is written again
        code, report = fault_run(tmp_path, "--output-format", "text", "-q")
        assert code == 1
        assert report["skipped"] == [{"input": "a/b.txt", "reason": reason}]
        assert sorted(p.name for p in (tmp_path / "out" / "a").iterdir()) == ["0000001.txt"]
        later = (tmp_path / "out" / "a").stat().st_mtime + 60
        os.utime(source / "a.jsonl", (later, later))
    assert f"skipped a/b.txt: {reason}" in capsys.readouterr().err
