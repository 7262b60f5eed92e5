"""Load the ScrapingHub article-extraction benchmark pages.

Each page's ``text`` is the whole-page text as the benchmark's html-text baseline
makes it (``html_text.extract_text(html)``).  Extracting it takes a while, so the
texts are cached in ``benchmarks/.cache/`` per html-text version.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = BENCH_DIR / "data" / "scrapinghub"
CACHE_DIR = BENCH_DIR / ".cache"


@dataclass(frozen=True)
class Page:
    """One benchmark page: its HTML, whole-page text and hand-made article body."""

    id: str
    url: str
    html: str
    text: str
    truth: str


def load_pages(data_dir: Path = DEFAULT_DATA_DIR) -> list[Page]:
    """Return all pages of the benchmark, sorted by id."""
    truth = _load_truth(data_dir)
    htmls = {page_id: _read_html(data_dir, page_id) for page_id in sorted(truth)}
    texts = _page_texts(htmls)
    return [
        Page(
            id=page_id,
            url=truth[page_id].get("url", ""),
            html=htmls[page_id],
            text=texts[page_id],
            truth=truth[page_id].get("articleBody", ""),
        )
        for page_id in sorted(truth)
    ]


def _load_truth(data_dir: Path) -> dict[str, dict[str, str]]:
    """Read ``ground-truth.json``: ``{id: {"articleBody": ..., "url": ...}}``."""
    with (data_dir / "ground-truth.json").open(encoding="utf-8") as f:
        data: dict[str, dict[str, str]] = json.load(f)
    return data


def _read_html(data_dir: Path, page_id: str) -> str:
    """Decode ``html/<id>.html.gz`` (all benchmark pages are UTF-8)."""
    raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
    return raw.decode("utf-8", errors="replace")


def _page_texts(htmls: dict[str, str]) -> dict[str, str]:
    """Whole-page texts for ``htmls``, extracted with html-text and cached."""
    cache_path = CACHE_DIR / f"scrapinghub-html_text-{version('html-text')}.json"
    cached = _read_cache(cache_path)
    missing = [page_id for page_id in htmls if page_id not in cached]
    if missing:
        import html_text  # only needed when the cache is cold

        for page_id in missing:
            cached[page_id] = html_text.extract_text(htmls[page_id])
        _write_cache(cache_path, cached)
    return {page_id: cached[page_id] for page_id in htmls}


def _read_cache(path: Path) -> dict[str, str]:
    """Return the cached ``{id: text}`` map, or an empty one if absent or broken."""
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(path: Path, texts: dict[str, str]) -> None:
    """Write the cache atomically so an interrupted run cannot corrupt it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(texts, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
