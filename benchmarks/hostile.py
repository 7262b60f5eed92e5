"""A hostile input folder: good articles mixed with every kind of bad input the batch CLI
must survive, and a check that a run (killed half way, then resumed) handles all of it;
then faults of the machine and hostile files one at a time (a full disk, a read-only or
dangling output, huge records, many records, bad settings, bad index files, a killed main
process), each with what must happen and what did, as a Markdown table.

Run from the repo root: ``python -m benchmarks.hostile [--good 1000] [--jobs 2]
[--records 200000] [--no-write]``. It builds the folder in a temporary directory, interrupts
the first run half way with SIGINT, re-runs, runs the faults, prints what it checked and
writes the ``hostile`` section of RESULTS.md. The disk cases mount a small tmpfs, so they
need root (else they are reported as not run). The test
suite builds a smaller folder and tests each fault on its own.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

if __package__ in (None, ""):  # run as `python benchmarks/hostile.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.results import command_line, machine_line, markdown_table, write_section  # noqa: E402
from cleaner.atomic import TEMPORARY_SUFFIX  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MAX_BYTES = 100_000
"""The ``--max-bytes`` a hostile run uses, so the oversized file stays small on disk."""


@dataclass
class Hostile:
    """What a hostile folder holds: good inputs, and the reason each bad one must be given."""

    root: Path
    good: list[str] = field(default_factory=list)
    bad: dict[str, str] = field(default_factory=dict)
    """Input name (``dump.jsonl:3`` for a line) -> the reason the report must give."""
    warned: dict[str, str] = field(default_factory=dict)
    """Inputs cleaned with a warning."""


def article(number: int) -> str:
    """A good article: a seed article, told apart by its number."""
    seed = SEEDS[number % len(SEEDS)].read_text(encoding="utf-8")
    return f"{seed.rstrip()}\n\nThis is file number {number} of the collection, kept for the record.\n"


def article_page(number: int) -> str:
    """A good article as an HTML page: its first line the title, its paragraphs ``<p>``s."""
    title, *paragraphs = [line for line in article(number).splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>\n"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>\n"
        f"{body}</article></body></html>\n"
    )


def make_hostile(root: Path, good: int) -> Hostile:
    """Write ``good`` good articles (in nested folders) and one of each bad input under ``root``."""
    made = Hostile(root)
    for number in range(good):
        name = f"site{number % 7}/page{number:05d}.txt"
        _write(root / name, article(number).encode())
        made.good.append(name)
    _write(root / "site0/page.html", article_page(good).encode())
    made.good.append("site0/page.html")
    records = [json.dumps({"id": f"r{i}", "text": article(i), "lang": "en"}) for i in range(3)]
    dump = "\n".join(
        [records[0], '{"id": "r-broken", "text": ', records[1], '["not", "an object"]', records[2]]
    )
    _write(root / "dumps/good-and-bad.jsonl", (dump + "\n").encode())
    made.good.append("dumps/good-and-bad.jsonl")
    made.bad["dumps/good-and-bad.jsonl:2"] = "malformed JSON"
    made.bad["dumps/good-and-bad.jsonl:4"] = "not a JSON object"
    _write(root / "dumps/packed.jsonl.gz", gzip.compress(("\n".join(records) + "\n").encode(), mtime=0))
    made.good.append("dumps/packed.jsonl.gz")
    _write(root / "dumps/truncated.jsonl.gz", gzip.compress(("\n".join(records) * 20).encode())[:500])
    made.bad["dumps/truncated.jsonl.gz"] = "cannot read"
    huge = json.dumps({"id": "huge", "text": "x" * MAX_BYTES * 2})
    _write(root / "dumps/huge-line.jsonl.gz", gzip.compress(f"{huge}\n{records[0]}\n".encode(), mtime=0))
    made.good.append("dumps/huge-line.jsonl.gz")
    made.bad["dumps/huge-line.jsonl.gz:1"] = "larger than --max-bytes"
    _write(root / "dumps/items.json", f"[{records[1]}, 7, {huge}, {records[2]}]".encode())
    made.good.append("dumps/items.json")
    made.bad["dumps/items.json:2"] = "not a JSON object"
    made.bad["dumps/items.json:3"] = "larger than --max-bytes"
    _write(root / "site2/packed.html.gz", gzip.compress(article_page(good + 2).encode(), mtime=0))
    made.good.append("site2/packed.html.gz")
    _write(root / "bad/broken.html.gz", gzip.compress(article_page(good + 3).encode())[:60])
    made.bad["bad/broken.html.gz"] = "cannot read"
    _write(root / "bad/binary.txt", bytes(range(256)) * 40)
    made.bad["bad/binary.txt"] = "binary"
    _write(root / "bad/binary.html", b"<html>" + bytes(range(256)) * 40)
    made.bad["bad/binary.html"] = "binary"
    deep = article_page(good + 1).replace("</article>", "<div>" * 10_000 + "<p>deep</p></article>")
    _write(root / "site1/nested.html", deep.encode())  # 10,000 unclosed divs: the parser stops at 255
    made.good.append("site1/nested.html")
    _write(root / "bad/empty.txt", b"")
    made.bad["bad/empty.txt"] = "empty"
    _write(root / "bad/empty.jsonl", b"")
    made.bad["bad/empty.jsonl"] = "empty"
    _write(root / "bad/huge.txt", b"All work and no play makes a dull article.\n" * (MAX_BYTES // 40))
    made.bad["bad/huge.txt"] = "larger than --max-bytes"
    _write(root / "bad/undecodable.txt", bytes(range(128, 256)) * 20)
    made.warned["bad/undecodable.txt"] = "undecodable bytes"
    (root / "bad/loop.txt").symlink_to("loop.txt")
    made.bad["bad/loop.txt"] = "symlink loop"
    (root / "bad/dangling.txt").symlink_to("nowhere.txt")
    made.bad["bad/dangling.txt"] = "broken symlink"
    (root / "bad/up").symlink_to("..")
    made.bad["bad/up"] = "symlink loop"
    if Path("/proc/self/mem").exists():  # a file every user may open, whose read fails
        (root / "bad/unreadable.txt").symlink_to("/proc/self/mem")
        made.bad["bad/unreadable.txt"] = "cannot read"
    os.mkfifo(root / "bad/pipe.txt")  # reading it would block for ever
    made.bad["bad/pipe.txt"] = "not a regular file"
    _write(root / "bad/notes.md", b"not an input")
    return made


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def cleaner_command(*args: str | Path | int) -> list[str]:
    """``cleaner ARGS`` run with this interpreter from this checkout."""
    return [sys.executable, "-m", "cleaner.cli", *map(str, args)]


def outputs(folder: Path) -> dict[str, tuple[int, int]]:
    """Every output below ``folder`` -> (inode, mtime in ns): a rewritten file changes both.
    A run may be writing meanwhile: its temporary files, and files renamed or removed since
    they were listed, are left out."""
    found = {}
    for path in folder.rglob("*"):
        if TEMPORARY_SUFFIX in path.as_posix():
            continue
        try:
            status = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISREG(status.st_mode):
            found[path.relative_to(folder).as_posix()] = (status.st_ino, status.st_mtime_ns)
    return found


def interrupted_run(command: list[str], output: Path, after: int, sig: signal.Signals) -> int:
    """Start ``command``, send ``sig`` once ``after`` outputs exist; its exit code."""
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environment()
    )
    while process.poll() is None and (not output.exists() or sum(1 for _ in output.rglob("*.txt")) < after):
        time.sleep(0.005)
    process.send_signal(sig)
    return process.wait(timeout=120)


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def main(argv: Sequence[str] | None = None) -> int:
    """Build a hostile folder, run it interrupted then resumed, and check the outcome."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=1000, help="good articles (default 1000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--records", type=int, default=200_000, help="records in the one-file memory case (default 200,000)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        made = make_hostile(Path(temporary) / "in", args.good)
        output = Path(temporary) / "out"
        reports = [Path(temporary) / "first.json", Path(temporary) / "second.json"]
        command = cleaner_command("clean", made.root, output, "--jobs", args.jobs, "--max-bytes", MAX_BYTES)
        started = time.perf_counter()
        code = interrupted_run([*command, "--report", str(reports[0])], output, args.good // 2, signal.SIGINT)
        before = outputs(output)
        print(f"first run: exit {code} after SIGINT, {len(before)} outputs written")
        done = subprocess.run(
            [*command, "--report", reports[1]], cwd=ROOT, capture_output=True, env=_environment()
        )
        after = outputs(output)
        rewritten = [name for name, identity in before.items() if after.get(name) != identity]
        first, second = (json.loads(path.read_text(encoding="utf-8")) for path in reports)
        reported = {_where(entry): entry["reason"] for data in (first, second) for entry in data["skipped"]}
        missing = [name for name, reason in made.bad.items() if reason not in reported.get(name, "")]
        expected = {output_for(name) for name in made.good} | {output_for(name) for name in made.warned}
        print(f"second run: exit {done.returncode}, {len(after)} outputs, {len(rewritten)} rewritten")
        print(f"totals: first {first['totals']}\n        second {second['totals']}")
        print(f"good inputs with an output: {len(expected & set(after))} of {len(expected)}")
        print(f"bad inputs reported with their reason: {len(made.bad) - len(missing)} of {len(made.bad)}")
        lost = records_lost(made, output)
        print(f"record files with a line out for every record in: {len(lost) == 0} {lost or ''}")
        print(f"temporary files left: {sum(1 for p in output.rglob('*') if p.name.endswith('cleaner-tmp'))}")
        print(f"both runs: {time.perf_counter() - started:.1f} s")
        ok = code == 130 and done.returncode == 1 and not rewritten and not missing and not lost
        ok = ok and second["totals"]["already_done"] == len(before) and set(after) == expected
        print("PASS" if ok else "FAIL")
        folder_rows = [
            ["first run, SIGINT half way", f"exit {code}, {len(before)} outputs written"],
            [
                "second run (resumed)",
                f"exit {done.returncode}, {len(after)} outputs, {len(rewritten)} rewritten",
            ],
            ["good inputs with an output", f"{len(expected & set(after))} of {len(expected)}"],
            ["bad inputs reported with their reason", f"{len(made.bad) - len(missing)} of {len(made.bad)}"],
            ["record files with a line out per record in", "all" if not lost else ", ".join(lost)],
        ]
        cases = faults(Path(temporary), args.jobs, args.records)
        print("\n" + table(cases))
        ok = ok and all(case.ok is not False for case in cases)
        print("PASS" if ok else "FAIL")
        if not args.no_write:
            write_section("hostile", report(args, folder_rows, cases, ok).replace(temporary, "$TMP"))
        return 0 if ok else 1


def report(args: argparse.Namespace, folder_rows: list[list[str]], cases: Sequence[Case], ok: bool) -> str:
    """The ``hostile`` section of RESULTS.md: the folder run, then every fault case."""
    return "\n\n".join(
        [
            f"## Hostile inputs: {args.good:,} good articles among every kind of bad input, and faults",
            markdown_table(["folder run", "outcome"], folder_rows),
            table(cases),
            f"Overall: {'PASS' if ok else 'FAIL'}",
            f"Command: `{command_line('benchmarks.hostile')}`  \nMachine: {machine_line()}",
        ]
    )


def output_for(name: str) -> str:
    """The output a good input's name gets (``.html`` and ``.html.gz`` become ``.txt``,
    ``.json`` becomes ``.jsonl``)."""
    for ending, output in ((".html.gz", ".txt"), (".html", ".txt"), (".json", ".jsonl")):
        if name.endswith(ending):
            return name.removesuffix(ending) + output
    return name


def records_in(path: Path) -> int:
    """How many records a JSONL (its lines that are not blank) or JSON file (its array) holds."""
    if path.name.endswith(".json"):
        return len(json.loads(path.read_bytes()))
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def lines_out(path: Path) -> int:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        return sum(1 for _ in handle)


def records_lost(made: Hostile, output: Path) -> list[str]:
    """The record files whose output has not one line for every record in."""
    files = [name for name in made.good if ".json" in name]
    return [name for name in files if records_in(made.root / name) != lines_out(output / output_for(name))]


def _where(entry: dict[str, object]) -> str:
    return f"{entry['input']}:{entry['line']}" if "line" in entry else str(entry["input"])


@dataclass(frozen=True)
class Bench:
    """Where the fault cases run, and how big they are."""

    work: Path
    jobs: int
    records: int

    def folder(self, name: str) -> Path:
        path = self.work / "faults" / name
        path.mkdir(parents=True)
        return path


@dataclass(frozen=True)
class Case:
    """One fault: what must happen, what did, and whether that is it (None: not run here)."""

    name: str
    expected: str
    outcome: str
    ok: bool | None


HUGE_BYTES = 256_000_000
"""One record this large (a JSONL line, an item of a ``.json`` array): far over ``--max-bytes``."""
MEMORY_SLACK_MB = 50
"""A huge input may take this much more peak memory than a small one."""
DISK_BYTES = 256_000
"""The tmpfs the full-disk case writes to: room for some outputs, not all."""


def table(cases: Sequence[Case]) -> str:
    """The cases as a Markdown table."""
    rows = ["| case | expected | outcome | ok |", "|---|---|---|---|"]
    for case in cases:
        verdict = "not run" if case.ok is None else "yes" if case.ok else "**NO**"
        rows.append(f"| {case.name} | {case.expected} | {case.outcome} | {verdict} |")
    return "\n".join(rows)


def faults(work: Path, jobs: int, records: int) -> list[Case]:
    """Each fault case on its own, in a folder of its own below ``work``."""
    bench = Bench(work, jobs, records)
    cases = (
        disk_full,
        read_only_output,
        dangling_output,
        long_record_ids,
        records_beside_a_folder,
        gzipped_pages,
        huge_jsonl_line,
        huge_json_item,
        many_records,
        bad_settings,
        bad_index_files,
        killed_main_process,
        library_logs,
    )
    return [case(bench) for case in cases]


def run_cleaner(*args: str | Path | int, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cleaner_command(*args), cwd=cwd, capture_output=True, text=True, env=_environment(), check=False
    )


def articles(folder: Path, count: int, first: int = 0) -> Path:
    for number in range(first, first + count):
        _write(folder / f"page{number:05d}.txt", article(number).encode())
    return folder


def one_error_line(done: subprocess.CompletedProcess[str]) -> bool:
    """Exit 2 and, with ``-q``, one line on stderr: the error."""
    lines = done.stderr.splitlines()
    return done.returncode == 2 and len(lines) == 1 and lines[0].startswith("cleaner: error: ")


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}: `{done.stderr.strip()[:90]}`"


def peak_rss(*args: str | Path | int) -> tuple[subprocess.CompletedProcess[str], float]:
    """``cleaner ARGS`` and the peak resident memory, in MB, of its largest process."""
    probe = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *cleaner_command(*args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_environment(),
        check=False,
    )
    *_, kilobytes = done.stdout.split()
    return done, int(kilobytes) / 1024


@contextmanager
def tmpfs(path: Path, options: str) -> Iterator[bool]:
    """A tmpfs mounted at ``path`` for the block; False where it cannot be (not root)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", str(path)], check=False)


def disk_full(bench: Bench) -> Case:
    folder = bench.folder("disk-full")
    expected = "exit 2, one line, the report says what was written, no temporary file"
    source, output, report = articles(folder / "in", 400), folder / "out", folder / "report.json"
    with tmpfs(output, f"size={DISK_BYTES}") as mounted:
        if not mounted:
            return Case("disk full (tmpfs)", expected, "needs root to mount a tmpfs", None)
        done = run_cleaner("clean", source, output, "-q", "--jobs", bench.jobs, "--report", report)
        data = json.loads(report.read_text(encoding="utf-8"))
        on_disk, left = len(outputs(output)), sum(1 for p in output.rglob(f"*{TEMPORARY_SUFFIX}"))
    totals = data["totals"]
    outcome = (
        f"{_said(done)}; report: stopped, {totals['articles']} articles written, {on_disk} on disk, "
        f"{totals['not_done']} inputs not done; {left} temporary files"
    )
    ok = one_error_line(done) and bool(data["stopped"]) and totals["articles"] == on_disk and not left
    return Case(f"disk full ({DISK_BYTES // 1000} kB tmpfs)", expected, outcome, ok)


def read_only_output(bench: Bench) -> Case:
    folder = bench.folder("read-only")
    expected = "exit 2, one line"
    source, output = articles(folder / "in", 5), folder / "out"
    with tmpfs(output, "ro,size=64k") as mounted:
        if not mounted:
            return Case("read-only OUT", expected, "needs root to mount a tmpfs", None)
        done = run_cleaner("clean", source, output, "-q", "--jobs", bench.jobs)
    return Case("read-only OUT (tmpfs, ro)", expected, _said(done), one_error_line(done))


def dangling_output(bench: Bench) -> Case:
    folder = bench.folder("dangling")
    source, output = articles(folder / "in", 5), folder / "out"
    output.symlink_to(folder / "nowhere")
    done = run_cleaner("clean", source, output, "-q")
    ok = one_error_line(done) and "symlink to a missing folder" in done.stderr
    return Case("OUT a dangling symlink", "exit 2, one line naming it", _said(done), ok)


def long_record_ids(bench: Bench) -> Case:
    folder = bench.folder("long-ids")
    records = [{"id": "\U00020000" * 100, "text": article(1)}, {"id": "short", "text": article(2)}]
    _write(folder / "in" / "dump.jsonl", "".join(json.dumps(r) + "\n" for r in records).encode())
    done = run_cleaner(
        "clean", folder / "in", folder / "out", "-q", "--output-format", "text", "--id-field", "id"
    )
    names = (
        sorted(p.name for p in (folder / "out" / "dump").iterdir())
        if (folder / "out" / "dump").is_dir()
        else []
    )
    longest = max((len(name.encode()) for name in names), default=0)
    outcome = f"exit {done.returncode}, {len(names)} files, longest name {longest} bytes"
    ok = done.returncode == 0 and len(names) == 2 and longest <= 255
    return Case("`--output-format text`, an id of 100 U+20000", "exit 0, both records written", outcome, ok)


def records_beside_a_folder(bench: Bench) -> Case:
    folder = bench.folder("records-and-folder")
    source, output = folder / "in", folder / "out"
    _write(source / "a.jsonl", (json.dumps({"text": article(1)}) + "\n").encode())
    _write(source / "a" / "b.txt", article(2).encode())
    runs = []
    for _ in range(2):  # the second after a.jsonl changed
        runs.append(run_cleaner("clean", source, output, "--output-format", "text"))
        later = time.time() + 60
        os.utime(source / "a.jsonl", (later, later))
    held = sorted(p.name for p in (output / "a").iterdir())
    reported = all("skipped a/b.txt: its output would be inside" in done.stderr for done in runs)
    outcome = f"exits {[done.returncode for done in runs]}, a/b.txt reported: {reported}, OUT/a holds {held}"
    ok = [done.returncode for done in runs] == [1, 1] and reported and held == ["0000001.txt"]
    expected = "the second is refused and reported every run; nothing deleted"
    return Case("`--output-format text`, `a.jsonl` and `a/`", expected, outcome, ok)


def gzipped_pages(bench: Bench) -> Case:
    folder = bench.folder("gzipped-pages")
    for number in range(3):
        _write(folder / "in" / f"page{number}.html.gz", gzip.compress(article_page(number).encode()))
    done = run_cleaner("clean", folder / "in", folder / "out")
    cleaned = " ".join(
        next((line for line in done.stderr.splitlines() if line.startswith("cleaned")), "").split()
    )
    ok = done.returncode == 0 and cleaned.split() == ["cleaned", "3"]
    return Case("a folder of `.html.gz` pages", "exit 0, cleaned 3", f"exit {done.returncode}, {cleaned}", ok)


def _huge_text(handle: IO[bytes] | gzip.GzipFile, token: bytes) -> None:
    for _ in range(HUGE_BYTES // 1_000_000):
        handle.write(token * (1_000_000 // len(token)))


def _memory_case(name: str, folder: Path, huge: Path, expected_skip: str) -> Case:
    small = articles(folder / "small", 1) / "page00000.txt"
    _, baseline = peak_rss("clean", small, folder / "small.txt", "--jobs", "1", "-q")
    done, peak = peak_rss("clean", huge, folder / "out.jsonl", "--jobs", "1", "-q", "--max-bytes", MAX_BYTES)
    outcome = f"exit {done.returncode}, peak RSS {peak:.0f} MB (one small article: {baseline:.0f} MB)"
    ok = expected_skip in done.stderr and peak < baseline + MEMORY_SLACK_MB
    return Case(
        name, f"the record skipped, peak RSS within {MEMORY_SLACK_MB} MB of a small run's", outcome, ok
    )


def huge_jsonl_line(bench: Bench) -> Case:
    folder = bench.folder("huge-line")
    dump = folder / "dump.jsonl.gz"
    with gzip.open(dump, "wb", compresslevel=1) as handle:
        handle.write(b'{"text": "')
        _huge_text(handle, b"x")
        handle.write(b'"}\n' + json.dumps({"text": article(1)}).encode() + b"\n")
    name = f"`.jsonl.gz` ({dump.stat().st_size // 1000} kB) of one {HUGE_BYTES // 1_000_000} MB line"
    return _memory_case(name, folder, dump, "skipped dump.jsonl.gz:1: larger than --max-bytes")


def huge_json_item(bench: Bench) -> Case:
    folder = bench.folder("huge-item")
    items = folder / "items.json"
    with items.open("wb") as handle:
        handle.write(b"[" + json.dumps({"text": article(1)}).encode() + b', {"text": "')
        _huge_text(handle, b"\\u00e9")
        handle.write(b'"}]')
    name = f"`.json` array of {items.stat().st_size // 1_000_000} MB"
    return _memory_case(name, folder, items, "skipped items.json:2: larger than --max-bytes")


def many_records(bench: Bench) -> Case:
    folder = bench.folder("many-records")
    peaks = []
    for count in (bench.records // 100, bench.records):
        dump = folder / f"dump{count}.jsonl"
        with dump.open("w", encoding="utf-8") as handle:
            handle.writelines(
                json.dumps({"id": i, "text": f"Record {i} of the dump."}) + "\n" for i in range(count)
            )
        done, peak = peak_rss("clean", dump, folder / f"out{count}.jsonl", "--jobs", bench.jobs, "-q")
        peaks.append(peak)
    lines = lines_out(folder / f"out{bench.records}.jsonl")
    few = f"{bench.records // 100:,} records: {peaks[0]:.0f} MB"
    outcome = f"exit {done.returncode}, {lines:,} lines out, peak RSS {peaks[1]:.0f} MB ({few})"
    ok = done.returncode in (0, 1) and lines == bench.records and peaks[1] < peaks[0] + MEMORY_SLACK_MB
    expected = f"a line out per record, peak RSS within {MEMORY_SLACK_MB} MB of 1/100 of them"
    return Case(f"one JSONL of {bench.records:,} records", expected, outcome, ok)


BAD_SETTINGS: tuple[tuple[tuple[str, ...], bytes], ...] = (
    ((), b'jobs = "\xff"\n'),
    (("--timeout", "-1"), b""),
    (("--jobs", "100000"), b""),
    ((), b'in-body = "maybe"\n'),
    ((), b"min-pages = -3\n"),
    ((), b"select = [1, 2]\n"),
    (("--select", "XX999"), b""),
)
"""Command-line options and settings files that must each stop a run with one line."""


def bad_settings(bench: Bench) -> Case:
    folder = bench.folder("bad-settings")
    source = articles(folder / "in", 1)
    refused = []
    for number, (options, content) in enumerate(BAD_SETTINGS):
        _write(folder / f"{number}.toml", content)
        done = run_cleaner("clean", source, folder / "out", "--config", folder / f"{number}.toml", *options)
        refused.append(one_error_line(done) and not (folder / "out").exists())
    outcome = f"{sum(refused)} of {len(refused)} refused with one line"
    name = (
        'settings: not UTF-8, `--timeout -1`, `--jobs 100000`, `in-body = "maybe"`, `min-pages = -3`, '
        "`select = [1, 2]`, `--select XX999`"
    )
    return Case(name, "exit 2, one line, nothing written", outcome, all(refused))


def bad_index_files(bench: Bench) -> Case:
    folder = bench.folder("bad-index")
    source = articles(folder / "in", 3)
    good = folder / "good.idx"
    built = run_cleaner("index", "build", source, "--out", good, "-q")
    with np.load(good) as data:
        arrays = {name: data[name] for name in data.files}
    variants = {
        "unsorted keys": {**arrays, "keys": arrays["keys"][::-1].copy()},
        "a count short": {**arrays, "counts": arrays["counts"][1:]},
        "mistyped metadata": {
            **arrays,
            "meta": np.frombuffer(b'{"format": "cleaner-corpus-index"}', np.uint8),
        },
    }
    for name, changed in variants.items():
        with (folder / f"{name}.idx").open("wb") as handle:
            np.savez(handle, **changed)
    with (folder / "compressed.idx").open("wb") as handle:
        np.savez_compressed(handle, **{**arrays, "counts": np.ones(100_000_000, np.uint32)})
    with (
        zipfile.ZipFile(folder / "declares 10^12 keys.idx", "w") as archive,
        archive.open("keys.npy", "w") as member,
    ):
        np.lib.format.write_array_header_1_0(
            member, {"descr": "<u8", "fortran_order": False, "shape": (10**12,)}
        )
        member.write(bytes(8))
    refused = []
    for index in sorted(folder.glob("*.idx")):
        if index != good:
            done = run_cleaner("clean", source, folder / "out", "-q", "--corpus", index)
            refused.append(one_error_line(done) and "Traceback" not in done.stderr)
    packed = (folder / "compressed.idx").stat().st_size // 1000
    outcome = f"{sum(refused)} of {len(refused)} refused with one line (compressed: {packed} kB of 400 MB)"
    name = "index files: unsorted keys, a count short, mistyped metadata, compressed, 10^12 keys declared"
    return Case(name, "exit 2, one line (CorpusIndexError)", outcome, built.returncode == 0 and all(refused))


def killed_main_process(bench: Bench) -> Case:
    folder = bench.folder("killed")
    source = articles(folder / "in", 300)
    process = subprocess.Popen(
        cleaner_command("clean", source, folder / "out", "--jobs", max(2, bench.jobs)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_environment(),
    )
    found: list[int] = []
    while process.poll() is None and len(found) < 2:
        time.sleep(0.01)
        found = _children(process.pid)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while (left := [pid for pid in found if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    outcome = f"{len(found)} workers, {len(found) - len(left)} gone within 10 s"
    return Case("SIGKILL of the main process", "its workers exit", outcome, bool(found) and not left)


def _children(parent: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(status.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(status.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def library_logs(bench: Bench) -> Case:
    folder = bench.folder("library-logs")
    _write(folder / "in" / "bare.html", b"<html><body></body></html>")
    report = folder / "report.json"
    done = run_cleaner("clean", folder / "in", folder / "out", "--report", report)
    quiet = run_cleaner("clean", folder / "in", folder / "quiet", "-q")
    logged = json.loads(report.read_text(encoding="utf-8"))["logged"]
    attributed = "warning bare.html: trafilatura.core: discarding data: None" in done.stderr
    shown = len(quiet.stderr.splitlines())
    outcome = f"told with the page: {attributed}; report: {logged}; `-q` prints {shown} lines"
    ok = attributed and logged == {"trafilatura.core: discarding data: None": 1} and quiet.stderr == ""
    expected = "the page named, counted in the report, not shown with `-q`"
    return Case('trafilatura\'s "discarding data: None"', expected, outcome, ok)


if __name__ == "__main__":
    sys.exit(main())
