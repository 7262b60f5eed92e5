"""Site chrome across a corpus: cleaner with and without a corpus index, on sites of real pages.

Sites are made from the ScrapingHub benchmark: its pages, sorted by id, are cut into sites
of ``PAGES_PER_SITE``. A site's chrome is the real chrome of one page of another site (the
lines of its whole-page text that are not in its ground truth), split where that page's
article stood into head, inline and tail lines. Each page of the site is its own title
line, the head chrome, its own ground-truth article with the inline chrome put back at the
same relative places, then the tail chrome, all in their order. From page to page, numbers
in the chrome change (dates, counters) and up to ``TEASER_SLOTS`` teaser-shaped chrome lines
show the titles of the site's other recent pages, as a "Recent Posts" feed does.

Measured: per-article precision, recall and F1 of ``clean`` with and without an index of all
the sites' pages (the benchmark's metric), for several ``min_pages``; pages/s of both
passes; the index's size on disk; and build speed and memory on a synthetic stream of
``--blocks`` blocks. Writes the ``sites`` section of RESULTS.md.

Run from the repo root: ``python -m benchmarks.sites [--blocks N] [--repeat N] [--dask N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from statistics import fmean

if __package__ in (None, ""):  # run as `python benchmarks/sites.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metric import PageScore, Scores, aggregate, page_scores  # noqa: E402
from benchmarks.results import command_line, machine_line, markdown_table, publish, verdict  # noqa: E402
from benchmarks.scrapinghub import Page, load_pages  # noqa: E402
from cleaner import Cleaner, CorpusIndex, page_blocks  # noqa: E402
from cleaner.corpus import DEFAULT_MIN_PAGES  # noqa: E402
from cleaner.corpus import fingerprint as fp  # noqa: E402
from cleaner.corpus.fingerprint import MINHASH_MIN_WORDS, normal_form  # noqa: E402

PAGES_PER_SITE = 10
TEASER_SLOTS = 5
"""Chrome lines per site that show other pages' titles (a recent-posts feed)."""
TEASER_WORDS = (4, 14)
"""A chrome line of this many words without final punctuation is teaser-shaped."""
MIN_PAGES_TRIED = (2, 3, 4, 5)
CHANGED_EVERY = (1_000, 40, 20, 10)
"""The LSH check changes one word in this many (1,000: one word of a paragraph)."""
PRECISION_GAIN = 0.05
RECALL_LOSS = 0.005
BLOCKS_PER_S = 20_000
STREAM_CHUNK_PAGES = 500
PARAGRAPH_STREAM_BLOCKS = 100_000
"""Blocks of the stream of 250-byte paragraphs only (the slow case: every block MinHashed)."""
MEMORY_MB = 2_000
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class SitePage:
    """One page of a made site: its text and the ground truth of its article."""

    site: str
    id: str
    text: str
    truth: str


@dataclass(frozen=True)
class Chrome:
    head: list[str]
    inline: list[tuple[float, str]]
    """Lines inside the article, each with its place in it (0..1)."""
    tail: list[str]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=1_000_000, help="blocks of the synthetic stream")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds, best taken (default 5)")
    parser.add_argument(
        "--dask", type=int, default=2, metavar="N", help="LocalCluster workers (0: no Dask run)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    return parser.parse_args(argv)


def title_of(page: Page) -> str:
    found = _TITLE.search(page.html)
    return " ".join(html.unescape(found.group(1)).split()) if found else page.id


def chrome_of(donor: Page) -> Chrome:
    """The donor's lines that are not in its ground truth, split around its article."""
    truth = " ".join(donor.truth.split())
    lines = [" ".join(line.split()) for line in donor.text.splitlines() if line.strip()]
    if lines and lines[0] == title_of(donor):
        lines = lines[1:]  # each page shows its own title
    inside = [i for i, line in enumerate(lines) if len(line.split()) >= 4 and line in truth]
    if not inside:
        return Chrome(lines, [], [])
    first, last = inside[0], inside[-1]
    span = max(last - first, 1)
    inline = [
        ((i - first) / span, line) for i, line in enumerate(lines[first:last], first) if line not in truth
    ]
    return Chrome(lines[:first], inline, [line for line in lines[last + 1 :] if line not in truth])


def teaser_shaped(line: str) -> bool:
    low, high = TEASER_WORDS
    return low <= len(line.split()) <= high and not line.endswith((".", "!", "?", ":"))


def make_sites(pages: Sequence[Page]) -> list[SitePage]:
    """Sites of ``PAGES_PER_SITE`` pages, each in the chrome of a page of the next site."""
    count = len(pages) // PAGES_PER_SITE
    made: list[SitePage] = []
    for number in range(count):
        members = pages[number * PAGES_PER_SITE : (number + 1) * PAGES_PER_SITE]
        donor = pages[((number + 1) % count) * PAGES_PER_SITE]
        chrome = chrome_of(donor)
        titles = [title_of(page) for page in members]
        site = f"site{number:02d}.example"
        for position, page in enumerate(members):
            rng = random.Random(f"{site}/{position}")
            recent = [titles[(position - 1 - slot) % len(titles)] for slot in range(TEASER_SLOTS)]
            text = "\n".join(page_lines(page, titles[position], chrome, recent, rng))
            made.append(SitePage(site, page.id, text, page.truth))
    return made


def page_lines(page: Page, title: str, chrome: Chrome, recent: list[str], rng: random.Random) -> list[str]:
    """One page: its title, head chrome, article with inline chrome, tail chrome, varied."""
    body = [line.strip() for line in page.truth.splitlines() if line.strip()]
    lines = [(title, False), *((line, True) for line in chrome.head)]
    placed = sorted((round(place * len(body)), line) for place, line in chrome.inline)
    for index, line in enumerate(body):
        lines.extend((text, True) for where, text in placed if where == index)
        lines.append((line, False))
    lines.extend((text, True) for where, text in placed if where >= len(body))
    lines.extend((line, True) for line in chrome.tail)
    feed = iter(recent)
    return [vary(line, feed, rng) if is_chrome else line for line, is_chrome in lines]


def vary(line: str, feed: Iterator[str], rng: random.Random) -> str:
    """A chrome line as one page shows it: a teaser-shaped line shows the next recent title;
    numbers (dates, counters) change."""
    if teaser_shaped(line) and not _NUMBER.search(line):
        recent = next(feed, None)
        if recent is not None:
            return recent
    return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()))), line)


@dataclass(frozen=True)
class LshCheck:
    """How the block fingerprints tell near-copies from different paragraphs."""

    paragraphs: int
    met_another: int
    """Paragraphs that met a different one (another normal form) in an LSH band; the ones
    looked at are near-copies: list items, template sentences a name or a number apart."""
    caught: dict[int, float]
    """Words changed in every ``n`` -> share of the changed copies that still meet their paragraph."""


def lsh_check(pages: Sequence[Page]) -> LshCheck:
    """Every long ground-truth paragraph of the benchmark, each as a page of one site; then
    copies with one word in ``n`` replaced are looked up."""
    seen: dict[str, str] = {}
    for page in pages:
        for line in page.truth.splitlines():
            if len(line.split()) >= MINHASH_MIN_WORDS:
                seen.setdefault(normal_form(line), line.strip())
    paragraphs = list(seen.values())
    index = CorpusIndex()
    for number, paragraph in enumerate(paragraphs):
        index.add_blocks([paragraph], "one site", str(number))
    met_another = sum(count > 1 for count in index.pages_of(paragraphs, "one site"))
    caught = {}
    for every in CHANGED_EVERY:
        changed = [
            " ".join("zzz" if i % every == every // 2 else w for i, w in enumerate(p.split()))
            for p in paragraphs
        ]
        caught[every] = fmean(count >= 1 for count in index.pages_of(changed, "one site"))
    return LshCheck(len(paragraphs), met_another, caught)


def build_index(made: Sequence[SitePage], min_pages: int = DEFAULT_MIN_PAGES) -> CorpusIndex:
    index = CorpusIndex(min_pages=min_pages)
    for page in made:
        index.add_blocks(page_blocks(page.text), page.site, page.id)
    return index


def scores(cleaner: Cleaner, made: Sequence[SitePage]) -> list[PageScore]:
    return [page_scores(cleaner.clean(page.text, site=page.site).text, page.truth) for page in made]


def best_times(works: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """The best wall time of each of ``works``, run in turn ``repeat`` rounds, so that a
    machine that slows down for a while slows every one of them alike."""
    best = [float("inf")] * len(works)
    for _ in range(repeat):
        for position, work in enumerate(works):
            started = time.perf_counter()
            work()
            best[position] = min(best[position], time.perf_counter() - started)
    return best


def synthetic_stream(
    blocks: int, paragraphs_only: bool = False, seed: int = 7
) -> Iterator[tuple[str, str, list[str]]]:
    """Pages of 40 blocks: 10 chrome lines fixed per site, 15 short lines, 15 paragraphs of
    about 250 bytes (``paragraphs_only``: 40 paragraphs), with words drawn from a 20,000-word
    vocabulary; 20 pages a site."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(20_000)]
    for number in range(blocks // 40):
        site = f"site{number // 20}"
        site_rng = random.Random(site)
        chrome = [" ".join(site_rng.choices(vocabulary, k=site_rng.randint(1, 6))) for _ in range(10)]
        short = [" ".join(rng.choices(vocabulary, k=rng.randint(2, 7))) for _ in range(15)]
        long = [" ".join(rng.choices(vocabulary, k=42)) for _ in range(40 if paragraphs_only else 15)]
        yield site, str(number), long if paragraphs_only else chrome + short + long


@dataclass(frozen=True)
class StreamRun:
    """An index built from a synthetic stream, generated a chunk at a time (untimed)."""

    blocks: int
    seconds: float
    """Time in ``CorpusIndex.add_blocks`` and the final merge only."""
    rss_mb: float
    """Peak resident memory of the whole process (Python, libraries, one chunk of the stream)."""
    index_mb: float
    """What the index itself holds: its key and count arrays and page ids."""
    disk_mb: float
    keys: int

    @property
    def rate(self) -> float:
        return self.blocks / self.seconds


def stream_run(blocks: int, paragraphs_only: bool = False) -> StreamRun:
    """Build an index of a synthetic stream of about ``blocks`` blocks."""
    index = CorpusIndex()
    seconds, added = 0.0, 0
    stream = synthetic_stream(blocks, paragraphs_only)
    while chunk := list(islice(stream, STREAM_CHUNK_PAGES)):
        started = time.perf_counter()
        for site, page, texts in chunk:
            index.add_blocks(texts, site, page)
        keys = index.size
        seconds += time.perf_counter() - started
        added += sum(len(texts) for _, _, texts in chunk)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    return StreamRun(added, seconds, rss, index.nbytes / 1e6, saved_mb(index), keys)


def saved_mb(index: CorpusIndex) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site.idx"
        index.save(path)
        return path.stat().st_size / 1e6


@dataclass(frozen=True)
class Accuracy:
    """Per-article scores without and with the index, and the variants tried."""

    without: list[PageScore]
    with_index: list[PageScore]
    sweep: dict[int, Scores]
    kept_body: Scores


@dataclass(frozen=True)
class Speed:
    """Best wall times over the made pages, one process."""

    blocks: int
    build_s: float
    clean_s: float
    plain_s: float


@dataclass(frozen=True)
class DaskRun:
    """Both passes on a LocalCluster, and whether they wrote what one process writes."""

    workers: int
    build_s: float
    clean_s: float
    identical: bool


def accuracy(made: Sequence[SitePage], index: CorpusIndex) -> Accuracy:
    without = scores(Cleaner(), made)
    sweep: dict[int, Scores] = {}
    found: dict[int, list[PageScore]] = {}
    for min_pages in MIN_PAGES_TRIED:
        index.min_pages = min_pages
        found[min_pages] = scores(Cleaner(corpus=index), made)
        sweep[min_pages] = aggregate(found[min_pages])
    index.min_pages = DEFAULT_MIN_PAGES
    index.in_body = "keep"
    kept_body = aggregate(scores(Cleaner(corpus=index), made))
    index.in_body = "drop"
    return Accuracy(without, found[DEFAULT_MIN_PAGES], sweep, kept_body)


def speed(made: Sequence[SitePage], index: CorpusIndex, repeat: int) -> Speed:
    blocks = sum(len([line for line in page.text.splitlines() if line.strip()]) for page in made)
    cleaner, plain = Cleaner(corpus=index), Cleaner()
    build_s, clean_s, plain_s = best_times(
        [
            lambda: build_index(made),
            lambda: [cleaner.clean(p.text, site=p.site) for p in made],
            lambda: [plain.clean(p.text, site=p.site) for p in made],
        ],
        repeat,
    )
    return Speed(blocks, build_s, clean_s, plain_s)


def dask_run(made: Sequence[SitePage], workers: int) -> DaskRun:
    """Both passes on a LocalCluster of ``workers`` processes against ``cleaner clean
    --learn-sites`` in one process, on the same records."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from cleaner import cli
    from cleaner.dask import clean_bag, corpus_index

    records = [{"id": f"{p.site}/{p.id}", "site": p.site, "text": p.text} for p in made]
    with tempfile.TemporaryDirectory() as folder:
        source, single = Path(folder) / "pages.jsonl", Path(folder) / "single.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        options = ["--learn-sites", "--site-key", "field", "--site-field", "site", "-j", "1", "-q"]
        cli.main(["clean", str(source), str(single), *options])
        expected = single.read_text(encoding="utf-8")
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        warm = db.from_sequence(records, npartitions=4 * workers + 1)  # other keys than the timed run
        clean_bag(warm, corpus_index(warm)).compute()  # every worker imports cleaner, builds a Cleaner
        bag = db.from_sequence(records, npartitions=4 * workers).persist()
        started = time.perf_counter()
        index = corpus_index(bag).persist()
        index.compute()
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        lines = clean_bag(bag, index).compute()
        clean_s = time.perf_counter() - started
    return DaskRun(workers, build_s, clean_s, "".join(lines) == expected)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pages = load_pages()
    made = make_sites(pages)
    index = build_index(made)
    check = lsh_check(pages)
    measured = accuracy(made, index)
    timed = speed(made, index, args.repeat)
    on_dask = dask_run(made, args.dask) if args.dask else None
    paragraphs = stream_run(PARAGRAPH_STREAM_BLOCKS, paragraphs_only=True)
    stream = stream_run(args.blocks)
    markdown = report(made, index, measured, timed, on_dask, (stream, paragraphs), check)
    publish("sites", markdown, not args.no_write)
    return 0


def report(
    made: Sequence[SitePage],
    index: CorpusIndex,
    measured: Accuracy,
    timed: Speed,
    on_dask: DaskRun | None,
    streams: tuple[StreamRun, StreamRun],
    check: LshCheck,
) -> str:
    stream, paragraphs = streams
    before, after = aggregate(measured.without), aggregate(measured.with_index)
    kept = measured.kept_body
    rows: list[list[object]] = [
        ["cleaner, one article at a time", before.f1, before.precision, before.recall],
        [f"cleaner + corpus index (min_pages {DEFAULT_MIN_PAGES})", after.f1, after.precision, after.recall],
        [f"  ... in_body='keep' (min_pages {DEFAULT_MIN_PAGES})", kept.f1, kept.precision, kept.recall],
    ]
    rows += [[f"  ... min_pages {n}", s.f1, s.precision, s.recall] for n, s in measured.sweep.items()]
    gain, loss = after.precision - before.precision, before.recall - after.recall
    rate, peak = stream.rate, stream.rss_mb
    targets: list[list[object]] = [
        ["precision gain", f">= {PRECISION_GAIN}", gain, verdict(gain, PRECISION_GAIN)],
        ["recall loss", f"<= {RECALL_LOSS}", loss, verdict(-loss, -RECALL_LOSS)],
        [
            "index build, blocks/s (synthetic mix)",
            f">= {BLOCKS_PER_S:,}",
            f"{rate:,.0f}",
            verdict(rate, BLOCKS_PER_S),
        ],
        [
            "index build, blocks/s (250 B paragraphs only)",
            f">= {BLOCKS_PER_S:,}",
            f"{paragraphs.rate:,.0f}",
            verdict(paragraphs.rate, BLOCKS_PER_S),
        ],
        [
            f"memory, {stream.blocks:,} blocks (peak RSS MB)",
            f"< {MEMORY_MB:,}",
            f"{peak:,.0f}",
            verdict(-peak, -MEMORY_MB),
        ],
    ]
    if on_dask is not None:
        same = "identical" if on_dask.identical else "DIFFERENT"
        targets.append(
            ["Dask output = one process", "identical", same, "PASS" if on_dask.identical else "SHORT"]
        )
    pages = len(made)
    speeds: list[list[object]] = [
        ["pass 1: build the index (one process)", pages / timed.build_s, timed.blocks / timed.build_s],
        ["pass 2: clean with the index (one process)", pages / timed.clean_s, timed.blocks / timed.clean_s],
        ["clean without an index (one process)", pages / timed.plain_s, timed.blocks / timed.plain_s],
    ]
    if on_dask is not None:
        where = f"Dask LocalCluster, {on_dask.workers} worker processes"
        speeds.append([f"pass 1 on {where}", pages / on_dask.build_s, timed.blocks / on_dask.build_s])
        speeds.append([f"pass 2 on {where}", pages / on_dask.clean_s, timed.blocks / on_dask.clean_s])
    sites = sorted({page.site for page in made})
    per_site = [
        [site, *(_site_mean(found, made, site) for found in (measured.without, measured.with_index))]
        for site in sites
    ]
    per_page = [
        [p.site, p.id, a.f1, b.f1, (b.precision or 0) - (a.precision or 0), (b.recall or 0) - (a.recall or 0)]
        for p, a, b in zip(made, measured.without, measured.with_index, strict=True)
    ]
    parts = [
        f"## Site chrome: {len(sites)} sites of {PAGES_PER_SITE} real pages each "
        f"({pages} pages, {timed.blocks:,} blocks)",
        markdown_table(["system", "F1", "precision", "recall"], rows),
        "Targets:\n\n" + markdown_table(["target", "floor", "value", "status"], targets),
        "Speed (best of the runs; Dask after a warm-up, with its task overhead on this small corpus):\n\n"
        + markdown_table(["pass", "pages/s", "blocks/s"], speeds),
        f"Index of these pages: {index.size:,} keys, {saved_mb(index):.2f} MB on disk. "
        f"Synthetic stream: {stream.blocks:,} blocks in {stream.seconds:.1f} s, {stream.keys:,} keys, "
        f"{stream.disk_mb:.1f} MB on disk; the index holds {stream.index_mb:.0f} MB, the whole process "
        f"peaked at {peak:.0f} MB resident (Python, libraries, the real pages and everything before).",
        f"Fingerprints ({fp.NUM_PERM} permutations, {fp.BANDS} bands of {fp.ROWS} rows, threshold "
        f"{fp.LSH_THRESHOLD}): of {check.paragraphs:,} different ground-truth paragraphs, "
        f"{check.met_another} met another in a band (near-copies: list items, template sentences). "
        "Copies with one word in n replaced that still "
        "meet their paragraph:\n\n"
        + markdown_table(["one word in", "met"], [[f"{n:,}", share] for n, share in check.caught.items()]),
        "Mean F1 per site:\n\n" + markdown_table(["site", "F1 without", "F1 with index"], per_site),
        "<details><summary>F1 per article</summary>\n\n"
        + markdown_table(["site", "page", "F1 without", "F1 with", "P gain", "R change"], per_page)
        + "\n\n</details>",
        f"Command: `{command_line('benchmarks.sites')}`  \nMachine: {machine_line()}",
    ]
    return "\n\n".join(parts)


def _site_mean(found: Sequence[PageScore], made: Sequence[SitePage], site: str) -> float:
    return fmean(score.f1 for score, page in zip(found, made, strict=True) if page.site == site)


if __name__ == "__main__":
    sys.exit(main())
