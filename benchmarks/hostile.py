"""A hostile input folder: good articles mixed with every kind of bad input the batch CLI
must survive, and a check that a run (killed half way, then resumed) handles all of it.

Run from the repo root: ``python -m benchmarks.hostile [--good 1000] [--jobs 2]``; it
builds the folder in a temporary directory, interrupts the first run half way with
SIGINT, re-runs, and prints what it checked. The test suite builds a smaller folder.
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.atomic import TEMPORARY_SUFFIX

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


def cleaner_command(*args: str | Path) -> list[str]:
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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        made = make_hostile(Path(temporary) / "in", args.good)
        output = Path(temporary) / "out"
        reports = [Path(temporary) / "first.json", Path(temporary) / "second.json"]
        command = cleaner_command("clean", made.root, output, "--jobs", args.jobs, "--max-bytes", MAX_BYTES)
        started = time.perf_counter()
        code = interrupted_run([*command, "--report", reports[0]], output, args.good // 2, signal.SIGINT)
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
        print(f"temporary files left: {sum(1 for p in output.rglob('*') if p.name.endswith('cleaner-tmp'))}")
        print(f"both runs: {time.perf_counter() - started:.1f} s")
        ok = code == 130 and done.returncode == 1 and not rewritten and not missing
        ok = ok and second["totals"]["already_done"] == len(before) and set(after) == expected
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


def output_for(name: str) -> str:
    """The output a good input's name gets (``.html`` inputs become ``.txt``)."""
    return name.removesuffix(".html") + ".txt" if name.endswith(".html") else name


def _where(entry: dict[str, object]) -> str:
    return f"{entry['input']}:{entry['line']}" if "line" in entry else str(entry["input"])


if __name__ == "__main__":
    sys.exit(main())
