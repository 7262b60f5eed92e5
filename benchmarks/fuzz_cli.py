"""Fuzz ``cleaner clean`` over generated folders: the batch's promises, from the outside.

Each input is a folder of one to six files, named for every input the command reads (and some
it does not): texts of every kind ``cleaner.testing`` writes, JSONL and JSON files of records
holding them among broken lines, the same gzipped, and random bytes under any name. The
command runs on it in a new process, as a user runs it (``--jobs 1``, ``--report``), and must:

* end with exit code 0 (all processed) or 1 (finished with skips), never a traceback;
* write its report;
* write an output line for every line of every JSONL input that holds a record, a skip or a
  broken line alike (issue 13: counts in = counts out);
* finish within ``RUN_SECONDS``.

Run from the repo root: ``python -m benchmarks.fuzz_cli --minutes 30`` (findings saved under
``--out``, default ``/tmp/cleaner-fuzz-cli``, as JSON: each file's name and bytes, latin-1).
The peak resident memory of the runs is printed at the end. ``benchmarks.fuzz`` does the
same for ``clean()`` itself.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from benchmarks.fuzz import SHORT_TEXT_MAX_LINES, generate
from cleaner.testing import any_text, articles_with_chrome, large_texts

RUN_SECONDS = 120.0
"""Longest a run over one folder may take: six files of up to ``SHORT_TEXT_MAX_LINES``
lines, or records of them, clean in a few seconds."""
DEFAULT_OUT = Path("/tmp/cleaner-fuzz-cli")
SUFFIXES = (
    ".txt",
    ".html",
    ".htm",
    ".jsonl",
    ".json",
    ".txt.gz",
    ".html.gz",
    ".jsonl.gz",
    ".warc",
    ".parquet",
    ".md",
)
RECORDS_MAX = 20

Folder = dict[str, bytes]


def _texts() -> SearchStrategy[str]:
    return st.one_of(
        large_texts(min_lines=1, max_lines=SHORT_TEXT_MAX_LINES),
        any_text(),
        articles_with_chrome().map(lambda article: article.text),
    )


def _jsonl() -> SearchStrategy[bytes]:
    """Lines of records (an id and a text), of other JSON, of broken bytes, and blank ones."""
    record = st.fixed_dictionaries({"id": st.text(max_size=20), "text": _texts()}).map(json.dumps)
    other = st.one_of(st.just("[1, 2]"), st.just('{"text": 5}'), st.just("{broken"), st.just(""))
    lines = st.lists(st.one_of(record, record, other), min_size=1, max_size=RECORDS_MAX)
    return lines.map(lambda found: "\n".join(found).encode("utf-8", "surrogatepass"))


def _json_array() -> SearchStrategy[bytes]:
    records = st.lists(
        st.fixed_dictionaries({"id": st.text(max_size=20), "text": _texts()}), max_size=RECORDS_MAX
    )
    return records.map(lambda found: json.dumps(found).encode())


def _content(suffix: str) -> SearchStrategy[bytes]:
    """Bytes a file with ``suffix`` may hold: what the name says, or anything."""
    plain = suffix.removesuffix(".gz")
    if plain == ".jsonl":
        made = _jsonl()
    elif plain == ".json":
        made = _json_array()
    else:
        made = _texts().map(lambda text: text.encode("utf-8", "surrogatepass"))
    if suffix.endswith(".gz"):
        made = made.map(gzip.compress)
    return st.one_of(made, made, made, st.binary(max_size=5_000))


def folders() -> SearchStrategy[Folder]:
    """One to six files, each named ``f<n><suffix>``, with what its name says or anything."""
    suffixes = st.lists(st.sampled_from(SUFFIXES), min_size=1, max_size=6)
    return suffixes.flatmap(
        lambda chosen: st.tuples(*(_content(suffix) for suffix in chosen)).map(
            lambda contents: {f"f{n}{chosen[n]}": data for n, data in enumerate(contents)}
        )
    )


def check(folder: Folder) -> list[str]:
    """Run ``cleaner clean`` over ``folder``; what it broke (nothing, for most folders)."""
    with tempfile.TemporaryDirectory(prefix="cleaner-fuzz-cli-") as work:
        root = Path(work)
        source, target, report = root / "in", root / "out", root / "report.json"
        source.mkdir()
        for name, data in folder.items():
            (source / name).write_bytes(data)
        command = [sys.executable, "-m", "cleaner.cli", "clean", str(source), str(target)]
        command += ["--report", str(report), "--jobs", "1", "-q"]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS)
        except subprocess.TimeoutExpired:
            return [f"slow: over {RUN_SECONDS:.0f} s"]
        found = (
            [f"slow: {time.perf_counter() - started:.0f} s"]
            if time.perf_counter() - started > RUN_SECONDS
            else []
        )
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            found.append(f"exit {done.returncode}: {done.stderr[-500:]}")
        if not report.is_file():
            found.append("no report")
        found += lost_records(folder, target)
        return found


def lost_records(folder: Folder, target: Path) -> list[str]:
    """For each plain JSONL input: its lines that hold something, against the output's lines
    (lines end at "\\n" only: JSON leaves U+2028 and other breaks raw inside strings)."""
    lost = []
    for name, data in folder.items():
        if not name.endswith(".jsonl"):
            continue
        output = target / name
        wanted = sum(1 for line in data.split(b"\n") if line.strip())
        got = sum(1 for line in output.read_bytes().split(b"\n") if line) if output.is_file() else 0
        if output.is_file() and got != wanted:
            lost.append(f"{name}: {wanted} lines in, {got} out")
    return lost


def _save(folder: Folder, problems: list[str], out: Path, number: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{number:04d}.json"
    files = {name: data.decode("latin-1") for name, data in folder.items()}
    path.write_text(json.dumps({"problems": problems, "files": files}), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz the command for ``--minutes``; exit 1 when anything was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"findings folder ({DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=None, help="repeat the folders of a seeded run")
    args = parser.parse_args(argv)
    findings = files = 0

    def visit(folder: Folder) -> None:
        nonlocal findings, files
        files += len(folder)
        problems = check(folder)
        if problems:
            findings += 1
            print(f"{'; '.join(problems)[:300]} -> {_save(folder, problems, args.out, findings)}", flush=True)

    started = time.perf_counter()
    tried = generate(args.minutes * 60, folders(), visit, seed=args.seed)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"folders tried: {tried} ({files} files) in {time.perf_counter() - started:.0f} s; ", end="")
    print(f"peak memory of a run {peak:.0f} MB; findings: {findings}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
