"""The command line: ``cleaner clean``, ``cleaner explain``, ``cleaner rules``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from io import TextIOWrapper
from pathlib import Path
from typing import Any

from .. import __version__, atomic
from ..api import Cleaner
from ..batch import inputs, interrupts
from ..batch.deadline import DEFAULT_TIMEOUT
from ..batch.report import LOWEST, Report
from ..batch.run import Batch, BatchOptions, OutputError
from ..batch.steps import Outcome
from ..config import DEFAULT_MAX_BYTES, DEFAULT_MAX_HTML_BYTES, DEFAULT_MAX_LINES, Config
from ..corpus.index import CorpusIndex
from ..errors import CleanerError, ConfigError
from ..views import explain_html, explain_text
from . import console, settings
from . import index as corpus_cli
from .console import Console
from .settings import KEYS

EXIT_OK, EXIT_SKIPS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 finished with skips, 2 usage error, 130
    interrupted, 141 when the reader of standard output went away, as with ``| head``)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(format="cleaner: %(levelname)s: %(message)s")  # workers inherit it
    try:
        with interrupts.handled():  # SIGTERM stops a run the way Ctrl-C does
            _merge_settings(args)
            config = Config(
                select=tuple(args.select),
                ignore=tuple(args.ignore),
                extra_packs=tuple(args.rules),
                max_bytes=args.max_bytes,
                max_lines=args.max_lines,
                max_html_bytes=args.max_html_bytes,
                page_type=getattr(args, "page_type", None),
                favor=args.favor,
                fast=args.fast,
            )
            return int(args.run(config, args))
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout's reader is gone: stop as a pipeline stage does, without a traceback, and
        # point stdout at nothing so that the interpreter's last flush cannot fail too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _merge_settings(args: argparse.Namespace) -> None:
    """Fill the options the command line left unset from the settings file, then defaults;
    values from both are checked against the one table of settings."""
    for setting in settings.SETTINGS:
        settings.check(setting, getattr(args, setting.dest, None), "--")
    path = args.config or settings.find_pyproject(Path.cwd())
    found = settings.load_settings(path) if path is not None else {}
    for setting in settings.SETTINGS:
        if getattr(args, setting.dest, None) is None:
            setattr(args, setting.dest, found.get(setting.dest, setting.default))


def _cleaner(config: Config, corpus: CorpusIndex | None = None) -> Cleaner:
    """The command's cleaner; a ``select`` or ``ignore`` selector that names no rule it
    knows (a typo, ``XX999``) is a configuration error, not a silent no-op."""
    cleaner = Cleaner(config, corpus=corpus)
    for option, selectors in (("select", config.select), ("ignore", config.ignore)):
        for selector in selectors:
            probe = Config(select=(selector,))
            if not any(probe.enables(info.code, info.name) for info in cleaner.rule_infos()):
                raise ConfigError(
                    f"{option}: no rule matches {selector!r} (a code, code prefix, name or family; "
                    "`cleaner rules` lists them)"
                )
    return cleaner


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Clean scraped web articles.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--rules", action="append", type=Path, metavar="FILE", help="extra rule pack (file or folder)"
    )
    common.add_argument(
        "--select",
        action="extend",
        type=_codes,
        metavar="CODES",
        help="only these rules (codes, prefixes, names, families)",
    )
    common.add_argument(
        "--ignore", action="extend", type=_codes, metavar="CODES", help="switch these rules off"
    )
    common.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: [tool.cleaner] of the nearest pyproject.toml)",
    )
    common.add_argument(
        "--max-bytes", type=int, metavar="N", help=f"skip larger articles (default {DEFAULT_MAX_BYTES:,})"
    )
    common.add_argument(
        "--max-lines", type=int, metavar="N", help=f"skip longer articles (default {DEFAULT_MAX_LINES:,})"
    )
    common.add_argument(
        "--max-html-bytes",
        type=int,
        metavar="N",
        help=f"skip larger HTML pages (default {DEFAULT_MAX_HTML_BYTES:,})",
    )
    common.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help=f"skip an article that takes longer (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    common.add_argument(
        "--favor",
        choices=KEYS["favor"].choices,
        help="HTML: how trafilatura weighs precision against recall (default balanced)",
    )
    common.add_argument(
        "--fast",
        action="store_true",
        default=None,
        help="HTML: leave out trafilatura's fallback extractors (faster, less accurate)",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser(
        "clean", parents=[common], help="clean a folder, a file or stdin", description=CLEAN_HELP
    )
    run.add_argument("input", type=Path, help="folder, file, or - for stdin")
    run.add_argument("output", type=Path, help="folder (or file), or - for stdout")
    run.add_argument(
        "--output-format",
        choices=settings.KEYS["output-format"].choices,
        help="output: auto (articles as text, records as JSONL, Parquet rows as Parquet), jsonl "
        "(all as records), text (all as text: a folder of one .txt per record for each file of "
        "records) or parquet (every file of records as Parquet; needs page-cleaner[parquet])",
    )
    run.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    run.add_argument("--overwrite", action="store_true", help="redo outputs that already exist")
    run.add_argument("--report", type=Path, metavar="FILE", help="write a JSON report of the run here")
    run.add_argument(
        "--report-html",
        type=Path,
        metavar="FILE",
        help="write an HTML page of the run here: totals, score plot, rules, page types, and the "
        f"{LOWEST} lowest-scoring articles explained",
    )
    run.add_argument(
        "--min-score", type=float, metavar="X", help="put articles scoring below this under rejected/"
    )
    for name in ("text", "html", "id", "url"):
        run.add_argument(f"--{name}-field", metavar="NAME", help=f"JSONL field holding the {name}")
    run.add_argument("--type-field", metavar="NAME", help="JSONL field stating a record's page type")
    run.add_argument(
        "--page-type",
        choices=KEYS["page-type"].choices,
        help="what sort of page every input is (default: found from each page)",
    )
    loudness = run.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors and skips only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print a line per article")
    corpus_cli.add_clean_options(run)
    run.set_defaults(run=_clean)

    index = commands.add_parser("index", help="learn a corpus index of site chrome")
    index_commands = index.add_subparsers(required=True, metavar="COMMAND")
    build = index_commands.add_parser(
        "build", parents=[common], help="index the pages below IN", description=INDEX_HELP
    )
    build.add_argument("input", type=Path, help="folder or file")
    build.add_argument("--out", type=Path, required=True, metavar="FILE", help="where the index goes")
    for name in ("text", "html", "url"):
        build.add_argument(f"--{name}-field", metavar="NAME", help=f"JSONL field holding the {name}")
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    corpus_cli.add_site_options(build)
    build.set_defaults(run=lambda config, args: corpus_cli.index_build(args), id_field=None)

    explain = commands.add_parser("explain", parents=[common], help="show one article's removals")
    explain.add_argument("file", type=Path)
    explain.add_argument("--corpus", type=Path, metavar="FILE", help="mark site chrome this index learned")
    explain.add_argument("--site", metavar="NAME", help="the article's site in the index")
    explain.add_argument(
        "--html", type=Path, metavar="OUT", help="write the explanation as an HTML page here (- for stdout)"
    )
    explain.add_argument(
        "--json", action="store_true", help="print the result as JSON: text, score, signals, removals"
    )
    explain.set_defaults(run=_explain)

    rules = commands.add_parser("rules", parents=[common], help="list every rule")
    rules.add_argument("--markdown", action="store_true", help="print a Markdown table (docs/RULES.md)")
    rules.set_defaults(run=_list_rules)
    return parser


CLEAN_HELP = """Clean every .txt, .html, .htm (each also gzipped, .gz), .jsonl, .jsonl.gz, .json,
.warc, .warc.gz (HTML responses; extra page-cleaner[warc]) and .parquet (extra
page-cleaner[parquet]) file below INPUT into OUTPUT, in the same layout (a Parquet file's
output is Parquet; a WARC's is JSONL). Other files are listed in the summary, with a hint.
Outputs that exist are skipped (--overwrite redoes them), so a stopped run resumes. Exit
codes: 0 all processed, 1 some inputs skipped, 2 usage or config error, or a write error
that stopped the run (disk full, read-only), 130 interrupted."""


INDEX_HELP = """Learn which blocks each site prints on many of its pages, from every .txt, .html,
.htm (each also gzipped, .gz), .jsonl, .jsonl.gz, .json, .warc, .warc.gz and .parquet file
below INPUT, and save the index for `cleaner clean --corpus FILE`."""


def _clean(config: Config, args: argparse.Namespace) -> int:
    with corpus_cli.cluster(args.scheduler) as client:
        return _clean_on(config, args, client)


def _clean_on(config: Config, args: argparse.Namespace, client: Any) -> int:
    """``cleaner clean`` in this machine's processes, or with ``client`` on a Dask cluster."""
    source: Path = args.input
    target: Path = args.output
    if source != inputs.STDIO and not source.exists():
        raise ConfigError(f"no such file or folder: {source}")
    if source.is_dir() and target != inputs.STDIO and target.exists():
        if not target.is_dir():
            raise ConfigError(f"{target} is a file; a folder's output must be a folder")
        if target.samefile(source):
            raise ConfigError(f"{target} is the input folder; the output needs a folder of its own")
    texts = args.output_format == "text"
    records = args.output_format == "jsonl" or (target == inputs.STDIO and source.is_dir() and not texts)
    table = args.output_format == "parquet"
    found = inputs.find_inputs(source, target, records, texts, table)
    root = target if source.is_dir() else target.parent
    if source.is_dir():
        atomic.remove_temporaries(root)
    corpus = corpus_cli.corpus_for(args, found.inputs, client)  # pass 1 reads every input, done or not
    cleaner = _cleaner(config, corpus)
    if source.is_dir():
        _make_folder(target)
    todo = [item for item in found.inputs if args.overwrite or not inputs.written(item, root)]
    names = {info.code: info.name for info in cleaner.rule_infos()}
    report = Report(str(source), str(target), args.jobs, names)
    report.already_done = len(found.inputs) - len(todo)
    report.inputs = len(todo)
    show = Console(report, args, files=len(todo), size=sum(item.size for item in todo))
    for name, reason in found.problems:
        problem = Outcome(name, "skipped", reason=reason)
        show.noticed(problem)
        report.outcome(problem)
    for name in found.ignored:
        report.outcome(Outcome(name, "ignored", reason=inputs.hint(name)))
    if target == inputs.STDIO and isinstance(sys.stdout, TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace", newline="")
    options = BatchOptions(
        config=cleaner.config,
        fields=corpus_cli.fields_of(args),
        min_score=args.min_score,
        records=records,
        texts=texts,
        overwrite=args.overwrite,
        corpus=corpus,
        sites=corpus_cli.sites_of(args),
        timeout=args.timeout or None,
        results=args.report_html is not None,
    )
    try:
        pool, jobs = corpus_cli.pool(client, args.jobs)
        Batch(options, cleaner, jobs, root, pool).run(todo, show, sys.stdout)
    except KeyboardInterrupt:
        with interrupts.held():
            report.finish(interrupted=True)
            show.close(args.report)
        raise
    except OutputError as exc:
        with interrupts.held():
            report.finish(stopped=str(exc))
            show.close(args.report)
        raise OutputError(f"{exc}: stopped; {_written_count(report)}") from exc
    with interrupts.held():  # a late interrupt must not cost the report of a finished run
        report.finish()
        reported = show.close(args.report)
    if source.is_dir():  # a worker that was killed leaves its temporary file
        atomic.remove_temporaries(root)
    if not reported:
        return EXIT_USAGE
    return EXIT_SKIPS if report.counts["skipped"] else EXIT_OK


def _make_folder(target: Path) -> None:
    """Create a folder's output folder before any work, so that one that cannot be made (a
    dangling symlink, a read-only file system) stops the run at once, with nothing done."""
    if target == inputs.STDIO:
        return
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a symlink to a missing folder" if target.is_symlink() else exc.strerror or str(exc)
        raise ConfigError(f"cannot make the output folder {target}: {reason}") from exc


def _written_count(report: Report) -> str:
    """What a stopped run wrote and left, in a few words."""
    left = report.inputs - report.inputs_done
    return f"{report.articles:,} articles written, {left:,} inputs not done (a re-run does them)"


def _explain(config: Config, args: argparse.Namespace) -> int:
    """``cleaner explain FILE``: the terminal explanation, or with ``--html`` a page and with
    ``--json`` the result as JSON."""
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"cleaner: error: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    corpus = CorpusIndex.load(args.corpus) if args.corpus is not None else None
    result = _cleaner(config, corpus).clean(raw, site=args.site)
    if args.html is not None:
        shown = explain_html.page(result, str(args.file))
        if args.html == inputs.STDIO:
            sys.stdout.write(shown)
        elif not console.write_file(args.html, lambda handle: handle.write(shown), "explanation"):
            return EXIT_USAGE
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif args.html is None:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(explain_text.explain(result, shutil.get_terminal_size().columns, colour))
    return EXIT_OK


def _list_rules(config: Config, args: argparse.Namespace) -> int:
    cleaner = _cleaner(config)
    print(rules_markdown(cleaner) if args.markdown else rules_table(cleaner), end="")
    return EXIT_OK


def rules_table(cleaner: Cleaner) -> str:
    """Every rule on one line: code, name, why."""
    return "".join(f"{info.code}  {info.name:<36} {info.why}\n" for info in cleaner.rule_infos())


def rules_markdown(cleaner: Cleaner) -> str:
    """The rule list as docs/RULES.md holds it."""
    languages = {rule.code: ", ".join(rule.languages) for rule in cleaner.pack_rules}
    lines = [
        "# Rules",
        "",
        "Generated by `cleaner rules --markdown`; the test suite checks it is current.",
        "",
        "| code | name | languages | why |",
        "| --- | --- | --- | --- |",
    ]
    for info in cleaner.rule_infos():
        lines.append(f"| {info.code} | {info.name} | {languages.get(info.code, 'any')} | {info.why} |")
    return "\n".join(lines) + "\n"
