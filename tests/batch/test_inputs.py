"""Finding inputs, naming outputs, reading them within ``--max-bytes``, writing them atomically."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import atomic
from cleaner.batch import inputs
from cleaner.batch.inputs import ArrayItems, Oversized
from cleaner.batch.steps import Begin, End, Fields, Ready, Records, json_steps, jsonl_steps


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
        ("a/page.html.gz", False, "a/page.txt"),
        ("a/page.txt.gz", False, "a/page.txt"),
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


def test_an_atomic_write_of_a_name_near_the_limit_gets_a_temporary_file_that_fits(tmp_path: Path) -> None:
    path = tmp_path / ("\U00020000" * 63)  # 252 bytes: the temporary name cannot repeat it whole
    with atomic.atomic_writer(path) as handle:
        handle.write("x")
    assert path.read_text(encoding="utf-8") == "x"


def test_a_record_file_name_fits_in_255_bytes_whatever_its_id() -> None:
    name = inputs.record_file_name(1234567, "\U00020000" * 100)
    assert len(name.encode("utf-8")) <= atomic.NAME_BYTES
    assert name.startswith("1234567-\U00020000") and name.endswith(".txt")
    assert inputs.record_file_name(3, "a/b") == "0000003-a_b.txt", "short ids keep their names"


def test_with_texts_an_input_inside_the_folder_of_a_file_of_records_is_refused(tmp_path: Path) -> None:
    for name in ("a.jsonl", "a/b.txt", "a/c/d.jsonl", "ab.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = inputs.find_inputs(tmp_path, tmp_path / "out", records=False, texts=True)
    assert [i.name for i in found.inputs] == ["a.jsonl", "ab.txt"]
    reason = "its output would be inside the output folder of a.jsonl"
    assert found.problems == [("a/b.txt", reason), ("a/c/d.jsonl", reason)]
    plain = inputs.find_inputs(tmp_path, tmp_path / "out", records=False)
    assert len(plain.inputs) == 4 and plain.problems == [], "without texts nothing collides"


def test_a_line_over_max_bytes_is_skipped_unread_and_the_next_lines_are_read() -> None:
    data = b"short\n" + b"x" * 100 + b"\n" + b"exactly10\n" + b"y" * 11 + b"\nlast"
    lines = list(inputs.capped_lines(io.BufferedReader(io.BytesIO(data), 4), max_bytes=10))
    assert lines == [b"short\n", Oversized(101), b"exactly10\n", Oversized(12), b"last"]


def array_items(data: bytes, max_bytes: int = 1_000) -> list[Any]:
    """The items ``ArrayItems`` reads from ``data`` (a JSON array), parsed, read a few bytes
    at a time so that items, strings and escapes are cut across reads."""
    handle = io.BytesIO(data)
    start = handle.read(3).lstrip()
    assert start.startswith(b"[")
    found = ArrayItems(handle, max_bytes).read(start[1:])
    return [item if isinstance(item, Oversized) else json.loads(item) for item in found]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "ARRAY_CHUNK", 3)


SCALARS = st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from('ab,[]{}"\\\n é'))
"""JSON values, strings full of what ends an item or a string when read wrongly."""
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(JSON, max_size=6), st.booleans())
@settings(max_examples=200)
def test_a_json_array_read_item_by_item_gives_the_items_json_parses(items: list[Any], ascii: bool) -> None:
    assert array_items(json.dumps(items, ensure_ascii=ascii).encode()) == items


def test_an_item_over_max_bytes_is_skipped_unread() -> None:
    big = json.dumps({"text": "a" * 50}).encode()
    assert array_items(b'[{"text": "a"}, ' + big + b", 2] \n", max_bytes=20) == [
        {"text": "a"},
        Oversized(len(big) + 1),
        2,
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"[1, 2", "cut short"), (b"[1, , 2]", "an empty item after item 1"), (b"[1] 2", "extra data")],
)
def test_a_broken_json_array_raises_after_the_items_before_the_break(data: bytes, message: str) -> None:
    handle = io.BytesIO(data[1:])
    items = ArrayItems(handle, 100).read(handle.read(1))
    assert next(items) == b"1"
    with pytest.raises(ValueError, match=message):
        list(items)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("items.json", b"[1, 2, 3", "malformed JSON: the array is cut short"),
        (
            "dump.jsonl.gz",
            gzip.compress("".join(f"{n}\n" for n in range(1, 30_000)).encode())[:-100],
            "cannot read",
        ),
    ],
)
def test_records_read_before_a_break_are_kept_then_the_file_is_reported(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (item,) = inputs.find_inputs(tmp_path / name, tmp_path / "out", records=False).inputs
    steps = list(json_steps(item, Fields(), 100) if name.endswith(".json") else jsonl_steps(item, 100))
    assert isinstance(steps[0], Begin) and isinstance(steps[-1], End)
    kept = [record for step in steps if isinstance(step, Records) for record in step.records]
    assert kept[:2] == ([b"1", b" 2"] if name.endswith(".json") else [b"1\n", b"2\n"])
    (broken,) = [step for step in steps if isinstance(step, Ready)]
    assert broken.outcomes[0].reason.startswith(reason) and broken.files == 0
