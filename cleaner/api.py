"""The whole flow of one article: decode, segment, detect, decide, score."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import decide
from .blocks import block_text, count_line_breaks, segment
from .config import DEFAULT_MAX_BYTES, DEFAULT_MAX_HTML_BYTES, Config, InputFormat
from .detect import PageDetector
from .errors import InputTooLargeError
from .marks import RuleInfo
from .packs.catalog import Catalog
from .packs.loader import Rule, load_rules
from .parse.decode import decode
from .parse.features import measure
from .parse.selectors import SelectorIndex
from .parse.sniff import reads_as_html
from .result import Removal, Result
from .score import issues, score, signals

if TYPE_CHECKING:
    from .corpus.index import CorpusIndex
    from .parse.html import Page


class Cleaner:
    """Cleans articles with one configuration. Build once, reuse, share across threads:
    everything is compiled in ``__init__`` and nothing changes afterwards."""

    __slots__ = ("config", "pack_rules", "catalog", "_detector")

    def __init__(self, config: Config | None = None, corpus: CorpusIndex | None = None) -> None:
        self.config = config if config is not None else Config()
        loaded = load_rules(self.config.extra_packs, with_defaults=self.config.default_packs)
        self.pack_rules: tuple[Rule, ...] = loaded
        self.catalog = Catalog.of(loaded, self.config.enables)
        self._detector = PageDetector(self.config, loaded, self.catalog, corpus)

    @property
    def corpus(self) -> CorpusIndex | None:
        """Drops what this index saw on many pages of the article's site (``clean(site=...)``)."""
        return self._detector.corpus

    def with_corpus(self, corpus: CorpusIndex | None) -> Cleaner:
        """This cleaner with another corpus index, its rules not compiled again."""
        other = copy(self)
        other._detector = self._detector.with_corpus(corpus)
        return other

    def rule_infos(self) -> tuple[RuleInfo, ...]:
        """Every rule this cleaner knows, pack rules then built-in detectors."""
        return self.catalog.rules

    def clean(self, raw: str | bytes, site: str | None = None) -> Result:
        """Clean one article given as text or HTML (or bytes of either); ``site`` names the
        site whose pages the corpus index counted (None: the index's only site)."""
        if reads_as_html(raw, self.config.format):
            from .parse.html import read_page  # lxml and trafilatura load with the first page

            config = self.config
            page = read_page(
                raw,
                config.max_html_bytes,
                self._detector.selectors,
                config.favor,
                config.page_type,
                config.fast,
            )
            return self._clean(page.text, page, site)
        return self._clean(decode(raw, self.config.max_bytes), None, site)

    def _clean(self, text: str, page: Page | None, site: str | None) -> Result:
        """decode/parse are done: segment, detect, decide, score."""
        _check_lines(text, self.config.max_lines)
        blocks = segment(text)
        features = measure(blocks)
        if page is None or page.whole:
            stated = self.config.page_type or (page.page_type if page is not None else None)
            features, found = self._detector.text(blocks, features, site, stated)
        else:
            found = self._detector.html(blocks, features, page, site)
        cuts = decide.removals(text, blocks, found.marks)
        kept = _cut(text, cuts)
        values = signals(blocks, found.marks, kept, features, page.visible if page is not None else None)
        return Result(
            text=kept,
            removals=cuts,
            score=score(values),
            signals={**values, **found.evidence},
            issues=issues(values),
            language=features.language,
            format="text" if page is None else "html",
            metadata=page.metadata if page is not None else {},
            page_type=found.page_type,
        )


def _check_lines(text: str, max_lines: int) -> None:
    """Refuse text with more than ``max_lines`` line breaks of any kind, counted as ``segment``
    splits lines (issue 13: lines ending in "\\r" slipped past a count of "\\n"). Text no
    longer than ``max_lines`` cannot hold more, and is not counted."""
    if len(text) > max_lines and count_line_breaks(text) > max_lines:
        raise InputTooLargeError(f"input has more than max_lines={max_lines} lines")


def _cut(text: str, removals: Sequence[Removal]) -> str:
    pieces = []
    position = 0
    for removal in removals:
        pieces.append(text[position : removal.start])
        position = removal.end
    pieces.append(text[position:])
    return "".join(pieces)


_NO_SELECTORS: SelectorIndex[RuleInfo] = SelectorIndex(())
"""Reading a page for a corpus index needs only its main text, not what selector rules pick."""


def page_blocks(
    raw: str | bytes,
    format: InputFormat = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES,
) -> list[str]:
    """The blocks cleaning ``raw`` judges, as texts: what a corpus index counts of a page
    (``CorpusIndex.add_blocks``). HTML (sniffed, or ``format="html"``) gives the main-text
    lines that cleaning it reads, so they meet the blocks ``Cleaner.clean`` looks up."""
    if reads_as_html(raw, format):
        from .parse.html import read_page  # as in Cleaner.clean

        text = read_page(raw, max_html_bytes, _NO_SELECTORS).text
    else:
        text = decode(raw, max_bytes)
    return list(map(block_text, segment(text)))


@lru_cache(maxsize=8)
def _cleaner_for(config: Config) -> Cleaner:
    return Cleaner(config)


def clean(raw: str | bytes, **options: Any) -> Result:
    """Clean one article; ``options`` are ``Config`` fields. Cleaners are built once per config."""
    return _cleaner_for(Config(**options)).clean(raw)
