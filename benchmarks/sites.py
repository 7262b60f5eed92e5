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

Run from the repo root: ``python -m benchmarks.sites [--blocks N] [--repeat N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from statistics import fmean

if __package__ in (None, ""):  # run as `python benchmarks/sites.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metric import PageScore, Scores, aggregate, page_scores  # noqa: E402
from benchmarks.results import command_line, machine_line, markdown_table, verdict, write_section  # noqa: E402
from benchmarks.scrapinghub import Page, load_pages  # noqa: E402
from cleaner import Cleaner, CorpusIndex  # noqa: E402
from cleaner.corpus import DEFAULT_MIN_PAGES  # noqa: E402

PAGES_PER_SITE = 10
TEASER_SLOTS = 5
"""Chrome lines per site that show other pages' titles (a recent-posts feed)."""
TEASER_WORDS = (4, 14)
"""A chrome line of this many words without final punctuation is teaser-shaped."""
MIN_PAGES_TRIED = (2, 3, 4, 5)
PRECISION_GAIN = 0.05
RECALL_LOSS = 0.005
BLOCKS_PER_S = 20_000
STREAM_CHUNK_PAGES = 500
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
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best taken (default 3)")
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


def build_index(made: Sequence[SitePage], min_pages: int = DEFAULT_MIN_PAGES) -> CorpusIndex:
    index = CorpusIndex(min_pages=min_pages)
    for page in made:
        index.add(page.text, page.site, page.id)
    return index


def scores(cleaner: Cleaner, made: Sequence[SitePage]) -> list[PageScore]:
    return [page_scores(cleaner.clean(page.text, site=page.site).text, page.truth) for page in made]


def best_time(work: object, repeat: int) -> float:
    assert callable(work)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def synthetic_stream(blocks: int, seed: int = 7) -> Iterator[tuple[str, str, list[str]]]:
    """Pages of 40 blocks: 10 chrome lines fixed per site, 15 short lines, 15 paragraphs of
    about 250 bytes, with words drawn from a 20,000-word vocabulary; 20 pages a site."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(20_000)]
    for number in range(blocks // 40):
        site = f"site{number // 20}"
        site_rng = random.Random(site)
        chrome = [" ".join(site_rng.choices(vocabulary, k=site_rng.randint(1, 6))) for _ in range(10)]
        short = [" ".join(rng.choices(vocabulary, k=rng.randint(2, 7))) for _ in range(15)]
        long = [" ".join(rng.choices(vocabulary, k=42)) for _ in range(15)]
        yield site, str(number), chrome + short + long


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


def stream_run(blocks: int) -> StreamRun:
    """Build an index of a synthetic stream of about ``blocks`` blocks."""
    index = CorpusIndex()
    seconds, added = 0.0, 0
    stream = synthetic_stream(blocks)
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


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    made = make_sites(load_pages())
    plain = Cleaner()
    without = scores(plain, made)
    index = build_index(made)
    sweep: dict[int, Scores] = {}
    with_index: list[PageScore] = []
    for min_pages in MIN_PAGES_TRIED:
        index.min_pages = min_pages
        found = scores(Cleaner(corpus=index), made)
        sweep[min_pages] = aggregate(found)
        if min_pages == DEFAULT_MIN_PAGES:
            with_index = found
    index.min_pages = DEFAULT_MIN_PAGES
    index.in_body = "keep"
    kept_body = aggregate(scores(Cleaner(corpus=index), made))
    index.in_body = "drop"
    blocks = sum(len([line for line in page.text.splitlines() if line.strip()]) for page in made)
    build_s = best_time(lambda: build_index(made), args.repeat)
    cleaner = Cleaner(corpus=index)
    clean_s = best_time(lambda: [cleaner.clean(p.text, site=p.site) for p in made], args.repeat)
    plain_s = best_time(lambda: [plain.clean(p.text, site=p.site) for p in made], args.repeat)
    stream = stream_run(args.blocks)
    markdown = report(
        made, without, with_index, sweep, kept_body, blocks, build_s, clean_s, plain_s, index, stream
    )
    print(markdown)
    if not args.no_write:
        write_section("sites", markdown)
    return 0


def report(
    made: Sequence[SitePage],
    without: Sequence[PageScore],
    with_index: Sequence[PageScore],
    sweep: dict[int, Scores],
    kept_body: Scores,
    blocks: int,
    build_s: float,
    clean_s: float,
    plain_s: float,
    index: CorpusIndex,
    stream: StreamRun,
) -> str:
    before, after = aggregate(list(without)), aggregate(list(with_index))
    rate, peak = stream.rate, stream.rss_mb
    rows = [
        ["cleaner, one article at a time", before.f1, before.precision, before.recall],
        [f"cleaner + corpus index (min_pages {DEFAULT_MIN_PAGES})", after.f1, after.precision, after.recall],
        [
            f"  ... in_body='keep' (min_pages {DEFAULT_MIN_PAGES})",
            kept_body.f1,
            kept_body.precision,
            kept_body.recall,
        ],
    ]
    rows += [[f"  ... min_pages {n}", s.f1, s.precision, s.recall] for n, s in sweep.items()]
    gain, loss = after.precision - before.precision, before.recall - after.recall
    targets = [
        ["precision gain", f">= {PRECISION_GAIN}", gain, verdict(gain, PRECISION_GAIN)],
        ["recall loss", f"<= {RECALL_LOSS}", loss, verdict(-loss, -RECALL_LOSS)],
        [
            "index build, blocks/s (synthetic)",
            f">= {BLOCKS_PER_S:,}",
            f"{rate:,.0f}",
            verdict(rate, BLOCKS_PER_S),
        ],
        [
            f"memory for {stream.blocks:,} blocks, MB (peak RSS)",
            f"< {MEMORY_MB:,}",
            f"{peak:,.0f}",
            verdict(-peak, -MEMORY_MB),
        ],
    ]
    speed = [
        ["pass 1: build the index", len(made) / build_s, blocks / build_s],
        ["pass 2: clean with the index", len(made) / clean_s, blocks / clean_s],
        ["clean without an index", len(made) / plain_s, blocks / plain_s],
    ]
    sites = sorted({page.site for page in made})
    per_site = [
        [
            site,
            *(
                fmean(s.f1 for s, p in zip(found, made, strict=True) if p.site == site)
                for found in (without, with_index)
            ),
        ]
        for site in sites
    ]
    per_page = [
        [p.site, p.id, a.f1, b.f1, (b.precision or 0) - (a.precision or 0), (b.recall or 0) - (a.recall or 0)]
        for p, a, b in zip(made, without, with_index, strict=True)
    ]
    parts = [
        f"## Site chrome: {len(sites)} sites of {PAGES_PER_SITE} real pages each "
        f"({len(made)} pages, {blocks:,} blocks)",
        markdown_table(["system", "F1", "precision", "recall"], rows),
        "Targets:\n\n" + markdown_table(["target", "floor", "value", "status"], targets),
        "Speed on these pages (one process, best of the runs):\n\n"
        + markdown_table(["pass", "pages/s", "blocks/s"], speed),
        f"Index of these pages: {index.size:,} keys, {saved_mb(index):.2f} MB on disk. "
        f"Synthetic stream: {stream.blocks:,} blocks in {stream.seconds:.1f} s, {stream.keys:,} keys, "
        f"{stream.disk_mb:.1f} MB on disk; the index holds {stream.index_mb:.0f} MB, the whole process "
        f"peaked at {peak:.0f} MB resident (Python, libraries and everything before).",
        "Mean F1 per site:\n\n" + markdown_table(["site", "F1 without", "F1 with index"], per_site),
        "<details><summary>F1 per article</summary>\n\n"
        + markdown_table(["site", "page", "F1 without", "F1 with", "P gain", "R change"], per_page)
        + "\n\n</details>",
        f"Command: `{command_line('benchmarks.sites')}`  \nMachine: {machine_line()}",
    ]
    return "\n\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
