"""The corpus options of the command line: ``cleaner index build`` and ``cleaner clean
--corpus FILE | --learn-sites``, the site key, and ``--scheduler`` for a Dask cluster."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from ..batch import inputs, learn
from ..batch.run import OutputError
from ..batch.sites import Sites
from ..batch.steps import Fields
from ..corpus.index import DEFAULT_MIN_PAGES, CorpusIndex
from ..errors import ConfigError
from .settings import KEYS


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options that say how pages are grouped into sites and when a block is site chrome."""
    parser.add_argument(
        "--site-key",
        choices=KEYS["site-key"].choices,
        help="what a page's site is: its first folder below IN (default), the host of its record's "
        "URL field (--site-field, else --url-field, else 'url'), or a record field (--site-field)",
    )
    parser.add_argument("--site-field", metavar="NAME", help="record field holding the site or its URL")
    parser.add_argument(
        "--min-pages", type=int, metavar="N", help="site chrome: seen on N pages of the site (default 3)"
    )
    parser.add_argument(
        "--in-body",
        choices=KEYS["in-body"].choices,
        help="a repeated sentence inside the article body (a disclaimer): drop it (default) or keep it",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on the Dask cluster at ADDRESS (needs page-cleaner[dask])"
    )


def add_clean_options(parser: argparse.ArgumentParser) -> None:
    """``cleaner clean``'s corpus options."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, metavar="FILE", help="drop site chrome this index learned")
    source.add_argument(
        "--learn-sites", action="store_true", help="index IN first (pass 1), then clean it with the index"
    )
    add_site_options(parser)


def sites_of(args: argparse.Namespace) -> Sites:
    field = args.site_field or (args.url_field if args.site_key == "url" else None)
    if args.site_key == "field" and field is None:
        raise ConfigError("--site-key field needs --site-field NAME")
    return Sites(args.site_key or "folder", field)


def fields_of(args: argparse.Namespace) -> Fields:
    return Fields(
        args.text_field, args.html_field, args.id_field, args.url_field, getattr(args, "type_field", None)
    )


@contextmanager
def cluster(address: str | None) -> Iterator[Any]:
    """A client of the Dask cluster at ``address`` for the length of a run, or None."""
    if address is None:
        yield None
        return
    from ..dask import connect

    with connect(address) as client:
        yield client


def pool(client: Any, jobs: int) -> tuple[Any, int]:
    """The batch's pool factory and width: the cluster's workers, or processes."""
    if client is None:
        return None, jobs
    from ..dask import DaskPool, threads

    return partial(DaskPool, client), threads(client)


def corpus_for(args: argparse.Namespace, items: Sequence[inputs.Input], client: Any) -> CorpusIndex | None:
    """The index a ``clean`` run uses: loaded (``--corpus``), learned from ``items``
    (``--learn-sites``), or none."""
    if args.corpus is not None:
        index = CorpusIndex.load(args.corpus, args.min_pages, args.in_body)
    elif args.learn_sites:
        if args.input == inputs.STDIO:
            raise ConfigError("--learn-sites reads IN twice, so IN cannot be stdin")
        index = build(args, items, client)
    else:
        return None
    if not args.quiet:
        print(describe(index), file=sys.stderr)
    return index


def build(args: argparse.Namespace, items: Sequence[inputs.Input], client: Any) -> CorpusIndex:
    """Pass 1 over ``items``: in this process, or on the Dask cluster of ``client``."""
    fields, sites = fields_of(args), sites_of(args)
    index = CorpusIndex(args.min_pages or DEFAULT_MIN_PAGES, args.in_body or "drop")
    if client is not None:
        from ..dask import index_inputs

        return index.merge(index_inputs(client, items, fields, sites, args.max_bytes))
    return learn.build(learn.pages(items, fields, sites, args.max_bytes), index)


def describe(index: CorpusIndex) -> str:
    pages = sum(index.site_pages(site) for site in index.sites)
    return (
        f"corpus index: {len(index.sites):,} sites, {pages:,} pages, {index.blocks:,} blocks, "
        f"{index.size:,} keys; site chrome: seen on {index.min_pages}+ pages, in-body {index.in_body}"
    )


def index_build(args: argparse.Namespace) -> int:
    """``cleaner index build IN --out FILE``."""
    source: Path = args.input
    if not source.exists():
        raise ConfigError(f"no such file or folder: {source}")
    found = inputs.find_inputs(source, inputs.STDIO, records=False)
    with cluster(args.scheduler) as client:
        index = build(args, found.inputs, client)
    try:
        index.save(args.out)
    except OSError as exc:
        raise OutputError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    if not args.quiet:
        print(f"{describe(index)}; written to {args.out}", file=sys.stderr)
    return 0
