"""Config: every knob of a Cleaner, frozen so one Cleaner can be shared by threads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import ConfigError
from .parse.favor import FAVORS, Favor
from .parse.kinds import PAGE_TYPES, PageType

InputFormat = Literal["auto", "text", "html"]
"""How to read an input: sniff it (auto), as plain text, or as an HTML page."""
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "html")

DEFAULT_MAX_BYTES = 20_000_000
"""Inputs larger than this (UTF-8 bytes) raise InputTooLargeError: 20 MB is far past any article."""
DEFAULT_MAX_HTML_BYTES = 5_000_000
"""HTML inputs larger than this raise InputTooLargeError, unless they are at most four times
larger and fit once their scripts, styles and inline data are cut (``parse.html.without_code``).
trafilatura's time grows faster than its input (22 s at 20 MB); at 5 MB a page takes a few
seconds, and article pages are rarely past 1 MB even with inline scripts."""
DEFAULT_MAX_LINES = 200_000
"""Inputs with more lines raise InputTooLargeError. A whole web page has a few thousand;
each line costs about 5 µs and a few hundred bytes, so this bounds one call near 1 s."""


@dataclass(frozen=True, slots=True)
class Config:
    """How to clean.

    ``select``/``ignore`` hold rule selectors: a code (``CM101``), a code prefix (``CM``),
    a name (``comments.reply-form``) or a family (``comments``). An empty ``select``
    selects everything; ``ignore`` wins over ``select``.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extra_packs: tuple[Path, ...] = ()
    default_packs: bool = True
    format: InputFormat = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    max_html_bytes: int = DEFAULT_MAX_HTML_BYTES
    max_lines: int = DEFAULT_MAX_LINES
    favor: Favor = "balanced"
    """HTML input: how trafilatura weighs precision against recall when it picks the main
    content ("precision", "balanced" or "recall")."""
    fast: bool = False
    """HTML input: leave out trafilatura's fallback extractors (readability, jusText), which
    it otherwise runs on every page and compares with its own. Measured on the WCXB pages
    (even / odd ids; ``python -m benchmarks.settings``): F1 0.820 / 0.826 with them, 0.784 /
    0.801 without (forums 0.712 against 0.601: the fallbacks find the replies); on
    ScrapingHub 0.974 with them, 0.975 without."""
    page_type: PageType | None = None
    """What sort of page every input is ("article", "forum", "product", "collection",
    "listing", "documentation", "service", "other"); None: found from each page (HTML from
    its markup, text from whether one run of prose holds it). Only "article" lets cleaning cut
    the text down to one body run and drop whole sections under chrome headings."""
    find_body: bool = True
    repeats: bool = True
    keep_title: bool = True

    def __post_init__(self) -> None:
        for name in ("select", "ignore"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise ConfigError(f"Config.{name} takes a list of selectors, not the string {value!r}")
            object.__setattr__(self, name, tuple(str(v) for v in value))
        object.__setattr__(self, "extra_packs", tuple(Path(p) for p in self.extra_packs))
        if self.page_type is not None and self.page_type not in PAGE_TYPES:
            raise ConfigError(
                f"Config.page_type must be one of {', '.join(PAGE_TYPES)}, not {self.page_type!r}"
            )
        if self.favor not in FAVORS:
            raise ConfigError(f"Config.favor must be one of {', '.join(FAVORS)}, not {self.favor!r}")
        if self.format not in INPUT_FORMATS:
            raise ConfigError(f"Config.format must be one of {', '.join(INPUT_FORMATS)}, not {self.format!r}")
        for name in ("max_bytes", "max_html_bytes", "max_lines"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"Config.{name} must be positive, not {getattr(self, name)}")

    def enables(self, code: str, name: str) -> bool:
        """Whether the rule with this code and name is switched on."""
        if self.select and not _matches_any(self.select, code, name):
            return False
        return not _matches_any(self.ignore, code, name)


def _matches_any(selectors: Iterable[str], code: str, name: str) -> bool:
    family = name.split(".", 1)[0]
    return any(s in (name, family) or code.startswith(s) for s in selectors)
