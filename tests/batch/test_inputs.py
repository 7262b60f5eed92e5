"""Finding inputs, naming outputs and writing them atomically."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cleaner import atomic
from cleaner.batch import inputs


def test_an_atomic_write_that_fails_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic.atomic_writer(path) as handle:
        handle.write("half of the new")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_atomic_write_of_a_gz_name_is_compressed(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    with atomic.atomic_writer(path) as handle:
        handle.write('{"text": "é"}\n')
    assert gzip.decompress(path.read_bytes()).decode("utf-8") == '{"text": "é"}\n'


@pytest.mark.parametrize(
    ("name", "records", "output"),
    [
        ("a/page.txt", False, "a/page.txt"),
        ("a/page.html", False, "a/page.txt"),
        ("a/page.htm", False, "a/page.txt"),
        ("dump.jsonl", False, "dump.jsonl"),
        ("dump.jsonl.gz", False, "dump.jsonl.gz"),
        ("items.json", False, "items.jsonl"),
        ("a/page.txt", True, "a/page.jsonl"),
    ],
)
def test_outputs_mirror_input_names(name: str, records: bool, output: str) -> None:
    kind = inputs.kind_of(Path(name))
    assert kind is not None
    assert inputs.output_name(name, kind, records) == output


def test_inputs_are_found_sorted_with_their_outputs_and_other_files_set_aside(tmp_path: Path) -> None:
    source, target = tmp_path / "in", tmp_path / "out"
    for name in ("b.txt", "a/z.jsonl", "a/y.HTML", "notes.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("x", encoding="utf-8")
    found = inputs.find_inputs(source, target, records=False)
    assert [(i.name, i.kind, i.target) for i in found.inputs] == [
        ("a/y.HTML", "html", target / "a/y.txt"),
        ("a/z.jsonl", "jsonl", target / "a/z.jsonl"),
        ("b.txt", "text", target / "b.txt"),
    ]
    assert found.ignored == ["notes.md"] and found.problems == []


def test_two_inputs_that_would_write_one_output_keep_the_first_and_report_the_second(tmp_path: Path) -> None:
    for name in ("page.html", "page.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = inputs.find_inputs(tmp_path, tmp_path / "out", records=False)
    assert [i.name for i in found.inputs] == ["page.html"]
    assert found.problems == [("page.txt", "same output as page.html")]


def test_a_folder_symlink_loop_is_reported_once_and_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub" / "again").symlink_to(tmp_path)
    found = inputs.find_inputs(tmp_path, tmp_path / "out", records=False)
    assert [i.name for i in found.inputs] == ["sub/a.txt"]
    assert found.problems == [("sub/again", "symlink loop")]


def test_a_second_link_to_a_folder_is_read_once_and_reported_as_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    found = inputs.find_inputs(tmp_path, tmp_path / "out", records=False)
    assert [i.name for i in found.inputs] == ["a/x.txt"]
    assert found.problems == [("b", "same folder as another path (symlink)")]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"text\x00more", "binary (NUL bytes)"),
        (b"x" * 11, "larger than --max-bytes (11 > 10 bytes)"),
        (b"\xff\xfeh\x00i\x00", None),
        (b"plain text", None),
    ],
    ids=["empty", "blank", "binary", "too-large", "utf16", "text"],
)
def test_article_problems(data: bytes, problem: str | None) -> None:
    assert inputs.article_problem(data, len(data), max_bytes=10) == problem


def test_a_file_larger_than_max_bytes_is_refused_by_its_size_not_what_was_read() -> None:
    assert (
        inputs.article_problem(b"x" * 11, 5_000, max_bytes=10) == "larger than --max-bytes (5,000 > 10 bytes)"
    )
