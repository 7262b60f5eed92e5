"""Fuzz ``clean()`` with the generators of ``cleaner.testing``, and cut a failing input down.

Each input (large texts of 100-1,500 lines, arbitrary text, articles with chrome, the same as
bytes, random bytes) is cleaned once. It must give a Result or raise a ``CleanerError``, the
Result must keep the removal contract (``assert_contract``: the removals cut out of the input
give the kept text, ``original()`` gives the input back), and no input may take more than
``INPUT_SECONDS_MAX``. Cleaning the kept text of a text input again should change nothing:
idempotence is checked too (issue 13, D3).

Run from the repo root:

* ``python -m benchmarks.fuzz --minutes 10``: a long run by hand. It prints the inputs tried
  and what it found, and saves each failing input as JSON under ``--out``
  (default ``/tmp/cleaner-fuzz``); ``--seed N`` repeats a run's inputs.
* ``python -m benchmarks.fuzz --shrink FILE``: cut a saved input (bytes decoded first) down to
  the fewest lines that still fail the same way (delta debugging over lines), and print it.

The test suite runs a short, seeded run (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis.strategies import SearchStrategy

from cleaner import CleanerError, clean
from cleaner.blocks import LINE_BREAKS
from cleaner.parse.decode import decode
from cleaner.testing import any_text, articles_with_chrome, assert_contract, large_texts

INPUT_SECONDS_MAX = 10.0
"""Longest an input may take to clean (issue 13): the CLI's default article time limit."""
RANDOM_BYTES_MAX = 20_000
SHORT_TEXT_MAX_LINES = 100
DEFAULT_OUT = Path("/tmp/cleaner-fuzz")
BATCH_INPUTS = 200
"""Inputs one hypothesis run generates. Hypothesis remembers every input it has generated (so
as not to repeat one), about 0.1 MB each here: a long run is many short ones, and its memory
stays that of one input."""
KINDS = ("exception", "contract", "slow", "idempotence")
"""What a finding can be: an exception other than a CleanerError, a broken contract, an input
cleaned in more than ``INPUT_SECONDS_MAX``, a kept text that a second cleaning changes."""

Raw = str | bytes
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Finding:
    """One input that broke a promise, and how."""

    kind: str
    detail: str
    raw: Raw


class _TimeUp(Exception):
    """Ends a run when its time is spent (hypothesis has no time budget of its own)."""


def inputs() -> SearchStrategy[Raw]:
    """Text of every kind ``cleaner.testing`` writes, the same as UTF-8 bytes (surrogates
    passed through, so that decoding meets them), and random bytes."""
    texts = st.one_of(
        large_texts(),
        large_texts(min_lines=1, max_lines=SHORT_TEXT_MAX_LINES),
        any_text(),
        articles_with_chrome().map(attrgetter("text")),
    )
    encoded = texts.map(lambda text: text.encode("utf-8", "surrogatepass"))
    return st.one_of(texts, encoded, st.binary(max_size=RANDOM_BYTES_MAX))


def check(raw: Raw, *, idempotence: bool = True) -> list[Finding]:
    """Clean ``raw`` and return what it broke (nothing, for most inputs)."""
    started = time.perf_counter()
    try:
        result = clean(raw)
    except CleanerError:
        return []
    except Exception as exc:  # the finding itself: anything but a CleanerError
        return [Finding("exception", f"{type(exc).__name__}: {exc}", raw)]
    elapsed = time.perf_counter() - started
    found = [Finding("slow", f"{elapsed:.1f} s", raw)] if elapsed > INPUT_SECONDS_MAX else []
    try:
        assert_contract(raw, result)
    except AssertionError as exc:
        found.append(Finding("contract", str(exc), raw))
    if idempotence and result.format == "text":
        again = clean(result.text)
        if again.text != result.text:
            codes = ", ".join(sorted({removal.code for removal in again.removals}))
            found.append(Finding("idempotence", f"the second cleaning removes more ({codes})", raw))
    return found


def fuzz(
    seconds: float,
    on_finding: Callable[[Finding], None],
    *,
    seed: int | None = None,
    idempotence: bool = True,
) -> int:
    """Check generated inputs for ``seconds``, passing each finding to ``on_finding``; return
    how many inputs were tried."""

    def visit(raw: Raw) -> None:
        for finding in check(raw, idempotence=idempotence):
            on_finding(finding)

    return generate(seconds, inputs(), visit, seed=seed)


def generate(
    seconds: float, strategy: SearchStrategy[T], visit: Callable[[T], None], *, seed: int | None
) -> int:
    """Hand examples of ``strategy`` to ``visit`` for ``seconds``; return how many. Hypothesis
    only generates here (no shrinking, no database): a run goes on past a finding, and
    ``--shrink`` cuts it down afterwards. The run is made of short hypothesis runs of
    ``BATCH_INPUTS``, their seeds drawn from ``seed``."""
    deadline = time.monotonic() + seconds
    seeds = random.Random(seed)
    tried = 0
    while time.monotonic() < deadline:
        tried += _batch(deadline, strategy, visit, seeds.getrandbits(64))
    return tried


def _batch(deadline: float, strategy: SearchStrategy[T], visit: Callable[[T], None], seed: int) -> int:
    """One hypothesis run of at most ``BATCH_INPUTS`` examples, ended early at ``deadline``."""
    tried = 0

    @hypothesis_seed(seed)
    @settings(
        max_examples=BATCH_INPUTS,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(example: T) -> None:
        nonlocal tried
        if time.monotonic() > deadline:
            raise _TimeUp
        tried += 1
        visit(example)

    with suppress(_TimeUp), warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # the repr of the input _TimeUp ends on
        one()
    return tried


def shrink(text: str, fails: Callable[[str], bool]) -> str:
    """The fewest lines of ``text`` that still ``fails``: chunks of lines are dropped, from
    half the text down to single lines, while the failure holds; then each line break becomes
    "\\n" if the failure holds without the others."""
    lines = text.splitlines(keepends=True)
    size = max(1, len(lines) // 2)
    while size:
        lines, dropped = _drop_chunks(lines, size, fails)
        if not dropped:
            size //= 2
    plain = "".join(line.rstrip(LINE_BREAKS) + "\n" for line in lines)
    return plain if fails(plain) else "".join(lines)


def _drop_chunks(lines: list[str], size: int, fails: Callable[[str], bool]) -> tuple[list[str], bool]:
    """One pass over ``lines`` in chunks of ``size``, each dropped if the rest still fails."""
    dropped = False
    start = 0
    while start < len(lines):
        rest = lines[:start] + lines[start + size :]
        if rest and fails("".join(rest)):
            lines, dropped = rest, True
        else:
            start += size
    return lines, dropped


def fails_like(finding: Finding) -> Callable[[str], bool]:
    """Whether a text breaks the same promise as ``finding``, for ``shrink``."""
    return lambda text: any(f.kind == finding.kind for f in check(text))


def _save(finding: Finding, folder: Path, number: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:04d}-{finding.kind}.json"
    record = asdict(finding)
    if isinstance(finding.raw, bytes):
        record["raw"] = finding.raw.decode("latin-1")
        record["bytes"] = True
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _load(path: Path) -> Finding:
    record = json.loads(path.read_text(encoding="utf-8"))
    raw = record["raw"].encode("latin-1") if record.get("bytes") else record["raw"]
    return Finding(record["kind"], record["detail"], raw)


def _run(minutes: float, folder: Path, seed: int | None) -> int:
    counts = dict.fromkeys(KINDS, 0)

    def report(finding: Finding) -> None:
        counts[finding.kind] += 1
        path = _save(finding, folder, sum(counts.values()))
        print(f"{finding.kind}: {finding.detail[:200]} -> {path}", flush=True)

    started = time.perf_counter()
    tried = fuzz(minutes * 60, report, seed=seed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs tried: {tried} in {time.perf_counter() - started:.0f} s; peak memory {peak:.0f} MB")
    print("findings: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))
    return 1 if any(counts.values()) else 0


def _shrink(path: Path) -> int:
    finding = _load(path)
    text = decode(finding.raw, len(finding.raw) + 1) if isinstance(finding.raw, bytes) else finding.raw
    if not fails_like(finding)(text):
        print(f"{path}: decoded, the input no longer fails the same way", file=sys.stderr)
        return 2
    small = shrink(text, fails_like(finding))
    print(json.dumps({"kind": finding.kind, "text": small}, indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz for ``--minutes``, or shrink one saved finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"findings folder ({DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=None, help="repeat the inputs of a seeded run")
    parser.add_argument("--shrink", type=Path, metavar="FILE", help="cut a saved finding down and print it")
    args = parser.parse_args(argv)
    if args.shrink is not None:
        return _shrink(args.shrink)
    return _run(args.minutes, args.out, args.seed)


if __name__ == "__main__":
    sys.exit(main())
