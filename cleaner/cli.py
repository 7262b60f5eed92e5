"""The command line: ``cleaner clean``, ``cleaner explain``, ``cleaner rules``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .api import Cleaner
from .config import Config
from .errors import CleanerError

EXIT_OK, EXIT_SKIPS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 finished with skips, 2 usage error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        cleaner = Cleaner(
            Config(select=tuple(args.select), ignore=tuple(args.ignore), extra_packs=tuple(args.rules))
        )
        return int(args.run(cleaner, args))
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Clean scraped web articles.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules", action="append", default=[], type=Path, help="extra rule pack (file or folder)")
    common.add_argument("--select", action="append", default=[], help="only these rules (code, prefix, name, family)")
    common.add_argument("--ignore", action="append", default=[], help="switch these rules off")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("clean", parents=[common], help="clean every .txt file of a folder")
    run.add_argument("input", type=Path, help="folder of .txt articles")
    run.add_argument("output", type=Path, help="folder for the cleaned articles")
    run.set_defaults(run=_clean_folder)

    explain = commands.add_parser("explain", parents=[common], help="show one article's removals")
    explain.add_argument("file", type=Path)
    explain.set_defaults(run=_explain)

    rules = commands.add_parser("rules", parents=[common], help="list every rule")
    rules.set_defaults(run=_list_rules)
    return parser


def _clean_folder(cleaner: Cleaner, args: argparse.Namespace) -> int:
    source: Path = args.input
    if not source.is_dir():
        print(f"cleaner: error: {source} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    files = sorted(p for p in source.rglob("*.txt") if p.is_file())
    skipped = 0
    print(f"{'file':<40} {'score':>6} {'removed':>8}  issues")
    for path in files:
        try:
            result = cleaner.clean(path.read_bytes())
        except (OSError, CleanerError) as exc:
            skipped += 1
            print(f"{path.name:<40} skipped: {exc}", file=sys.stderr)
            continue
        _write_atomic(args.output / path.relative_to(source), result.text)
        issues = ", ".join(result.issues) or "-"
        print(f"{path.name:<40} {result.score:>6.2f} {len(result.removals):>8}  {issues}")
    print(f"{len(files) - skipped} cleaned, {skipped} skipped -> {args.output}")
    return EXIT_SKIPS if skipped else EXIT_OK


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so no half-written output is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _explain(cleaner: Cleaner, args: argparse.Namespace) -> int:
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"cleaner: error: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(cleaner.clean(raw).explain())
    return EXIT_OK


def _list_rules(cleaner: Cleaner, args: argparse.Namespace) -> int:
    for info in cleaner.rule_infos():
        print(f"{info.code}  {info.name:<36} {info.why}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
