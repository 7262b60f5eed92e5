"""``cleaner clean`` over a folder that mixes good and hostile inputs, run as a subprocess."""

from __future__ import annotations

import gzip
import json
import os
import pty
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.hostile import (
    MAX_BYTES,
    Hostile,
    interrupted_run,
    make_hostile,
    output_for,
    outputs,
    records_lost,
)
from cleaner import clean

from ..cli.test_commands import ARTICLE, ENVIRONMENT, command, run
from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

CLEAN_ARTICLE = LIBRARY_HEADLINE + "\n\n" + "\n\n".join(LIBRARY_PARAGRAPHS) + "\n"
"""An article with nothing to remove (score 1.0); ARTICLE has a chrome line (score below 1)."""


def hostile_run(made: Hostile, output: Path, *options: str | Path) -> subprocess.CompletedProcess[str]:
    return run("clean", made.root, output, "--max-bytes", MAX_BYTES, *options)


def where(entry: dict[str, Any]) -> str:
    return f"{entry['input']}:{entry['line']}" if "line" in entry else str(entry["input"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def cleaned_records(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL output that were cleaned (skipped ones are written too)."""
    return [record for record in read_jsonl(path) if "skipped" not in record["cleaner"]]


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".cleaner-tmp")]


def expected_text(made: Hostile, name: str) -> str:
    return clean((made.root / name).read_bytes(), max_bytes=MAX_BYTES).text


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    return make_hostile(tmp_path / "in", good=30)


def test_a_hostile_folder_exits_1_with_every_good_input_cleaned_and_every_bad_one_reported(
    hostile: Hostile, tmp_path: Path
) -> None:
    output, report = tmp_path / "out", tmp_path / "report.json"
    done = hostile_run(hostile, output, "--jobs", "2", "--report", report)
    assert done.returncode == 1, done.stderr
    written = set(outputs(output))
    assert written == {output_for(name) for name in [*hostile.good, *hostile.warned]}
    assert records_lost(hostile, output) == [], "a record file has not a line out for every record in"
    for name in hostile.good:
        if name.endswith((".txt", ".html")):
            assert (output / output_for(name)).read_text(encoding="utf-8") == expected_text(hostile, name)
    data = json.loads(report.read_text(encoding="utf-8"))
    reported = {where(entry): entry["reason"] for entry in data["skipped"]}
    assert set(reported) == set(hostile.bad)
    for name, reason in hostile.bad.items():
        assert reason in reported[name]
        assert f"skipped {name}: {reported[name]}" in done.stderr
    assert {where(entry) for entry in data["warnings"]} == set(hostile.warned)
    assert [entry["input"] for entry in data["ignored"]] == ["bad/notes.md"]
    assert temporaries(output) == []


def test_the_good_lines_of_a_jsonl_file_with_bad_lines_are_cleaned_with_their_fields(
    hostile: Hostile, tmp_path: Path
) -> None:
    hostile_run(hostile, tmp_path / "out")
    records = cleaned_records(tmp_path / "out" / "dumps" / "good-and-bad.jsonl")
    originals = read_jsonl(hostile.root / "dumps" / "packed.jsonl.gz")
    assert [r["id"] for r in records] == ["r0", "r1", "r2"]
    assert read_jsonl(tmp_path / "out" / "dumps" / "packed.jsonl.gz") == records
    for record, original in zip(records, originals, strict=True):
        result = clean(original["text"])
        assert record["lang"] == "en"
        assert record["text"] == result.text
        assert record["cleaner"]["score"] == result.score
        assert record["cleaner"]["removals"] == [r.to_dict() for r in result.removals]
        assert record["cleaner"]["rejected"] is False


@pytest.mark.parametrize(
    ("sig", "jobs", "exit_code"),
    [(signal.SIGINT, "2", 130), (signal.SIGTERM, "2", 130), (signal.SIGKILL, "1", -signal.SIGKILL)],
    ids=["ctrl-c", "sigterm", "sigkill"],
)
def test_a_run_killed_half_way_leaves_no_partial_output_and_resumes_without_redoing_work(
    tmp_path: Path, sig: signal.Signals, jobs: str, exit_code: int
) -> None:
    made = make_hostile(tmp_path / "in", good=200)
    output = tmp_path / "out"
    first = tmp_path / "first.json"
    killed = command("clean", made.root, output, "--max-bytes", MAX_BYTES, "--jobs", jobs, "--report", first)
    assert interrupted_run(killed, output, after=20, sig=sig) == exit_code
    before = outputs(output)
    assert 20 <= len(before) < len(made.good)
    sources = {output_for(name): name for name in made.good}
    for name in before:
        if name.endswith(".txt") and not name.startswith("bad/") and not sources[name].endswith(".gz"):
            assert (output / name).read_text(encoding="utf-8") == expected_text(made, sources[name])
    if sig != signal.SIGKILL:
        assert temporaries(output) == []
        written = sum(len(cleaned_records(output / n)) if ".jsonl" in n else 1 for n in before)
        data = json.loads(first.read_text(encoding="utf-8"))
        assert data["interrupted"] is True and data["totals"]["articles"] == written

    report = tmp_path / "report.json"
    done = run("clean", made.root, output, "--max-bytes", MAX_BYTES, "--jobs", jobs, "--report", report)
    assert done.returncode == 1, done.stderr
    after = outputs(output)
    assert set(after) == {output_for(name) for name in [*made.good, *made.warned]}
    assert {name: after[name] for name in before} == before, "a finished output was written again"
    assert json.loads(report.read_text(encoding="utf-8"))["totals"]["already_done"] == len(before)
    assert temporaries(output) == []


def test_a_worker_process_that_dies_costs_no_article(tmp_path: Path) -> None:
    made = make_hostile(tmp_path / "in", good=200)
    output, report = tmp_path / "out", tmp_path / "report.json"
    arguments = ("clean", made.root, output, "--max-bytes", MAX_BYTES, "--jobs", "2", "--report", report)
    with subprocess.Popen(command(*arguments), env=ENVIRONMENT, stderr=subprocess.DEVNULL) as process:
        while process.poll() is None and len(outputs(output) if output.exists() else ()) < 20:
            time.sleep(0.005)
        os.kill(workers(process.pid)[0], signal.SIGKILL)
    assert process.returncode == 1
    assert set(outputs(output)) == {output_for(name) for name in [*made.good, *made.warned]}
    for name in made.good:
        if name.endswith((".txt", ".html")):
            assert (output / output_for(name)).read_text(encoding="utf-8") == expected_text(made, name)
    skipped = json.loads(report.read_text(encoding="utf-8"))["skipped"]
    assert {where(entry) for entry in skipped} == set(made.bad)
    assert temporaries(output) == []


def test_the_workers_of_a_main_process_killed_with_sigkill_exit_too(tmp_path: Path) -> None:
    made = make_hostile(tmp_path / "in", good=200)
    arguments = ("clean", made.root, tmp_path / "out", "--max-bytes", MAX_BYTES, "--jobs", "2")
    found: list[int] = []
    with subprocess.Popen(command(*arguments), env=ENVIRONMENT, stderr=subprocess.DEVNULL) as process:
        while process.poll() is None and len(found) < 2:
            time.sleep(0.005)
            found = workers(process.pid)
        process.kill()
    deadline = time.monotonic() + 10
    while (left := [pid for pid in found if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # they must not outlive this test either
        os.kill(pid, signal.SIGKILL)
    assert left == [], "workers outlived the main process"


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def workers(parent: int) -> list[int]:
    """The processes ``parent`` forked to clean (they share its command line)."""
    line = Path(f"/proc/{parent}/cmdline").read_bytes()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            same = (stat.parent / "cmdline").read_bytes() == line
        except OSError:
            continue
        if int(fields[1]) == parent and same:
            found.append(int(stat.parent.name))
    return found


def test_outputs_and_report_are_the_same_with_one_job_or_two(hostile: Hostile, tmp_path: Path) -> None:
    found = []
    for jobs in ("1", "2"):
        output, report = tmp_path / f"out{jobs}", tmp_path / f"report{jobs}.json"
        hostile_run(hostile, output, "--jobs", jobs, "--report", report)
        data = json.loads(report.read_text(encoding="utf-8"))
        del data["timing"], data["output"]
        files = {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
        found.append((files, data))
    assert found[0] == found[1]


def test_the_report_counts_articles_bytes_rules_and_scores(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "two.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    report = tmp_path / "report.json"
    assert run("clean", source, tmp_path / "out", "--report", report).returncode == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["totals"] == {
        "articles": 2,
        "cleaned": 2,
        "rejected": 0,
        "skipped": 0,
        "ignored": 0,
        "warnings": 0,
        "already_done": 0,
        "not_done": 0,
    }
    cleaned = [clean(ARTICLE).text, clean(CLEAN_ARTICLE).text]
    assert data["bytes"] == {
        "in": len((ARTICLE + CLEAN_ARTICLE).encode()),
        "out": sum(len(text.encode()) for text in cleaned),
    }
    assert data["rules"] == {"RM101": {"name": "readmore.keep-reading", "removals": 1}}
    histogram = {bin["from"]: bin["articles"] for bin in data["score_histogram"]}
    scores = sorted(clean(text).score for text in (ARTICLE, CLEAN_ARTICLE))
    assert sum(histogram.values()) == 2
    assert [bin_from for bin_from, count in histogram.items() for _ in range(count)] == [
        int(score * 10) / 10 for score in scores
    ]
    assert data["skipped"] == [] and data["timing"]["seconds"] > 0


def test_a_second_run_skips_finished_outputs_and_overwrite_redoes_them(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out"
    run("clean", source, output)
    first = outputs(output)
    again = run("clean", source, output)
    assert outputs(output) == first
    assert re.search(r"^already done +1$", again.stderr, re.MULTILINE), again.stderr
    run("clean", source, output, "--overwrite")
    assert outputs(output)["one.txt"] != first["one.txt"]


def test_a_second_run_cleans_again_an_input_changed_since_its_output(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("one.txt", "two.txt"):
        (source / name).write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out"
    run("clean", source, output)
    first = outputs(output)
    later = (output / "two.txt").stat().st_mtime + 60
    os.utime(source / "two.txt", (later, later))  # edited, or copied in again, since
    again = run("clean", source, output)
    assert re.search(r"^already done +1$", again.stderr, re.MULTILINE), again.stderr
    now = outputs(output)
    assert now["one.txt"] == first["one.txt"] and now["two.txt"] != first["two.txt"]


def test_min_score_puts_low_scoring_articles_under_rejected(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "chrome.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "fine.txt").write_text(CLEAN_ARTICLE, encoding="utf-8")
    floor = (clean(ARTICLE).score + clean(CLEAN_ARTICLE).score) / 2
    output = tmp_path / "out"
    done = run("clean", source, output, "--min-score", str(floor))
    assert done.returncode == 0, done.stderr
    assert sorted(outputs(output)) == ["fine.txt", "rejected/sub/chrome.txt"]
    assert (output / "rejected" / "sub" / "chrome.txt").read_text(encoding="utf-8") == clean(ARTICLE).text


def test_min_score_flags_low_scoring_records_as_rejected(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": CLEAN_ARTICLE}) + "\n")
    floor = (clean(ARTICLE).score + clean(CLEAN_ARTICLE).score) / 2
    run("clean", dump, tmp_path / "out.jsonl", "--min-score", str(floor))
    assert [r["cleaner"]["rejected"] for r in read_jsonl(tmp_path / "out.jsonl")] == [True, False]


def test_record_fields_are_chosen_by_options_and_named_in_the_report(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    title = f"<head><title>{LIBRARY_HEADLINE}</title></head>"
    page = f"<html>{title}<body><article><p>{ARTICLE}</p></article></body></html>"
    records = [
        {"key": "a", "body": ARTICLE, "link": "https://example.org/a"},
        {"key": "b", "page": page},
        {"link": "https://example.org/c", "title": "no body"},
    ]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = tmp_path / "report.json"
    options = ["--text-field", "body", "--html-field", "page", "--id-field", "key", "--url-field", "link"]
    done = run("clean", dump, tmp_path / "out.jsonl", *options, "--report", report)
    assert done.returncode == 1
    first, second, third = read_jsonl(tmp_path / "out.jsonl")
    assert first["body"] == clean(ARTICLE).text
    assert second["body"] == clean(page).text and second["cleaner"]["metadata"]["title"] == LIBRARY_HEADLINE
    assert first["link"] == "https://example.org/a" and second["page"] == page
    skipped = json.loads(report.read_text(encoding="utf-8"))["skipped"]
    reason = "no string field 'page' or 'body'"
    assert skipped == [{"input": "dump.jsonl", "line": 3, "id": "https://example.org/c", "reason": reason}]
    assert third == {**records[2], "cleaner": {"skipped": reason, "line": 3}}


def test_a_json_file_of_records_is_cleaned_and_other_json_is_passed_over(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "items.json").write_text(json.dumps([{"text": ARTICLE, "n": 1}]), encoding="utf-8")
    (source / "expected.json").write_text(json.dumps({"_about": "labels", "a.txt": {}}), encoding="utf-8")
    report = tmp_path / "report.json"
    done = run("clean", source, tmp_path / "out", "--report", report)
    assert done.returncode == 0, done.stderr
    assert sorted(outputs(tmp_path / "out")) == ["items.jsonl"]
    (record,) = read_jsonl(tmp_path / "out" / "items.jsonl")
    assert record["n"] == 1 and record["text"] == clean(ARTICLE).text
    ignored = json.loads(report.read_text(encoding="utf-8"))["ignored"]
    assert ignored == [{"input": "expected.json", "reason": "JSON that holds no records"}]


def test_jsonl_on_stdin_is_cleaned_to_stdout() -> None:
    lines = json.dumps({"id": 1, "text": ARTICLE}) + "\n" + "not json\n"
    done = run("clean", "-", "-", stdin=lines)
    assert done.returncode == 1
    record, malformed = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["id"] == 1 and record["text"] == clean(ARTICLE).text
    assert malformed["cleaner"]["line"] == 2 and malformed["cleaner"]["skipped"].startswith("malformed JSON")
    assert "skipped <stdin>:2: malformed JSON" in done.stderr


def test_format_jsonl_turns_articles_into_records(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    run("clean", source, tmp_path / "out", "--output-format", "jsonl")
    (record,) = read_jsonl(tmp_path / "out" / "one.jsonl")
    assert record["id"] == "one.txt" and record["text"] == clean(ARTICLE).text
    streamed = run("clean", source, "-")
    assert [json.loads(line) for line in streamed.stdout.splitlines()] == [record]


def test_format_text_writes_each_record_as_a_text_file_in_a_folder_per_input(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    records = [{"key": "a/1", "text": ARTICLE}, "not json", {"key": "b", "text": CLEAN_ARTICLE}]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    with gzip.open(source / "dump.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    (source / "items.json").write_text(json.dumps([{"text": CLEAN_ARTICLE}]), encoding="utf-8")
    output, report = tmp_path / "out", tmp_path / "report.json"
    floor = (clean(ARTICLE).score + clean(CLEAN_ARTICLE).score) / 2
    options = ("--output-format", "text", "--id-field", "key", "--min-score", str(floor), "--report", report)
    done = run("clean", source, output, *options)
    assert done.returncode == 1, done.stderr
    assert sorted(outputs(output)) == [
        "dump/0000003-b.txt",
        "dump/rejected/0000001-a_1.txt",
        "items/0000001.txt",
    ]
    assert (output / "dump" / "0000003-b.txt").read_text(encoding="utf-8") == clean(CLEAN_ARTICLE).text
    assert (output / "dump" / "rejected" / "0000001-a_1.txt").read_text(encoding="utf-8") == clean(
        ARTICLE
    ).text
    assert (output / "items" / "0000001.txt").read_text(encoding="utf-8") == clean(CLEAN_ARTICLE).text
    skipped = json.loads(report.read_text(encoding="utf-8"))["skipped"]
    assert [where(entry) for entry in skipped] == ["dump.jsonl.gz:2"]
    before = outputs(output)
    again = run("clean", source, output, *options)
    assert again.returncode == 0 and outputs(output) == before
    assert temporaries(output) == []


def test_format_text_streams_records_from_stdin_as_texts() -> None:
    lines = json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": CLEAN_ARTICLE}) + "\n"
    done = run("clean", "-", "-", "--output-format", "text", stdin=lines)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == clean(ARTICLE).text.rstrip("\n") + "\n\n" + clean(CLEAN_ARTICLE).text.rstrip("\n") + "\n\n"
    )


def test_a_folder_of_texts_left_half_written_is_removed_and_redone(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "dump.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    output = tmp_path / "out"
    stale = output / ".dump.k3x9.cleaner-tmp"
    stale.mkdir(parents=True)
    (stale / "0000001.txt").write_text("half", encoding="utf-8")
    done = run("clean", source, output, "--output-format", "text")
    assert done.returncode == 0, done.stderr
    assert sorted(outputs(output)) == ["dump/0000001.txt"]
    assert (output / "dump" / "0000001.txt").read_text(encoding="utf-8") == clean(ARTICLE).text


def test_an_output_folder_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text(ARTICLE, encoding="utf-8")
    for _ in range(2):
        assert run("clean", source, source / "out").returncode == 0
    assert sorted(p.relative_to(source).as_posix() for p in source.rglob("*.txt")) == [
        "one.txt",
        "out/one.txt",
    ]


def test_pyproject_settings_apply_and_the_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["RM101"]\n', encoding="utf-8")
    run("clean", "one.txt", "from-file.txt", cwd=tmp_path)
    assert "Keep Reading" in (tmp_path / "from-file.txt").read_text(encoding="utf-8")
    run("clean", "one.txt", "from-line.txt", "--ignore", "CM101", cwd=tmp_path)
    assert "Keep Reading" not in (tmp_path / "from-line.txt").read_text(encoding="utf-8")


def test_the_nearest_pyproject_with_a_cleaner_table_applies_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["RM101"]\n', encoding="utf-8")
    work = tmp_path / "project" / "data"
    work.mkdir(parents=True)
    (tmp_path / "project" / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    (work / "one.txt").write_text(ARTICLE, encoding="utf-8")
    run("clean", "one.txt", "out.txt", cwd=work)
    assert "Keep Reading" in (work / "out.txt").read_text(encoding="utf-8")


def test_a_config_file_sets_options(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    settings = tmp_path / "cleaner.toml"
    settings.write_text('select = ["RM"]\nmin-score = 0.999\n', encoding="utf-8")
    run(
        "clean",
        tmp_path / "one.txt",
        tmp_path / "out.jsonl",
        "--output-format",
        "jsonl",
        "--config",
        settings,
    )
    (record,) = read_jsonl(tmp_path / "out.jsonl")
    assert record["cleaner"]["rejected"] is True
    assert {r["code"] for r in record["cleaner"]["removals"]} == {"RM101"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('jobs = "two"\n', "jobs has the wrong type"),
        ("colour = 1\n", "unknown key 'colour'"),
        ("min-score = 2\n", "min-score must be between 0 and 1"),
        ("select = [\n", "cleaner.toml"),
    ],
    ids=["type", "unknown-key", "range", "malformed"],
)
def test_a_bad_config_file_exits_2_naming_the_problem(tmp_path: Path, content: str, message: str) -> None:
    settings = tmp_path / "cleaner.toml"
    settings.write_text(content, encoding="utf-8")
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    done = run("clean", tmp_path / "one.txt", tmp_path / "out.txt", "--config", settings)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "out.txt").exists()


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for number in range(40):
        (source / f"{number}.txt").write_text(ARTICLE, encoding="utf-8")
    terminal, stderr = pty.openpty()
    with subprocess.Popen(
        command("clean", source, tmp_path / "out", "--jobs", "1"),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=ENVIRONMENT,
    ) as process:
        os.close(stderr)
        shown = b""
        while chunk := _read_terminal(terminal):
            shown += chunk
    assert process.returncode == 0
    assert b"40/40 files" in shown and b"ETA" in shown and b"articles" in shown
    assert b"40/40 files" not in run("clean", source, tmp_path / "again").stderr.encode()


def _read_terminal(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO once the program has closed the terminal
        return b""
