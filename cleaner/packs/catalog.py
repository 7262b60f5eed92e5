"""Rule identities: the built-in detectors' rules (same fields as pack rules, so they list and
select alike) and the catalog of all of a cleaner's rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..marks import RuleInfo
from .loader import Rule

DOUBLED_HEADLINE = RuleInfo("ST101", "structure.doubled-headline", "The headline printed a second time")
TEASER_FEED = RuleInfo(
    "ST102", "structure.teaser-feed", "A feed of other articles: titles, teasers cut short and dates"
)
HEAD_CHROME = RuleInfo("ST104", "structure.head-chrome", "Page chrome before the article starts")
TAIL_CHROME = RuleInfo("ST105", "structure.tail-chrome", "Page chrome after the article ends")
COMMENT_THREAD = RuleInfo(
    "ST106", "structure.comment-thread", "Readers' comments: names and timestamps over short posts"
)
LINK_TEASER = RuleInfo(
    "ST107",
    "structure.link-teaser",
    "A paragraph, list item or heading that is nothing but a link: a teaser of another page",
)
THREAD_FURNITURE = RuleInfo(
    "ST108",
    "structure.thread-furniture",
    "In a forum thread, a short line that is no sentence: a poster's name, a date, a thread's title",
)
EXACT_REPEAT = RuleInfo("RP101", "repeats.exact", "A paragraph repeated word for word")
NEAR_REPEAT = RuleInfo("RP102", "repeats.near", "A paragraph repeated in other words")
SITE_CHROME = RuleInfo(
    "SB101", "corpus.site-chrome", "A block the site prints on many of its pages (a corpus index saw it)"
)

BUILT_IN: tuple[RuleInfo, ...] = (
    DOUBLED_HEADLINE,
    TEASER_FEED,
    HEAD_CHROME,
    TAIL_CHROME,
    COMMENT_THREAD,
    LINK_TEASER,
    THREAD_FURNITURE,
    EXACT_REPEAT,
    NEAR_REPEAT,
    SITE_CHROME,
)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every rule identity one cleaner knows, pack rules then built-in detectors, and the
    codes its configuration switches on: the one place that says whether a rule may mark."""

    rules: tuple[RuleInfo, ...]
    enabled: frozenset[str]

    @classmethod
    def of(cls, pack_rules: Iterable[Rule], enables: Callable[[str, str], bool]) -> Catalog:
        """The catalog of ``pack_rules`` and the built-ins, ``enables(code, name)`` choosing."""
        rules = (*(r.info for r in pack_rules), *BUILT_IN)
        return cls(rules, frozenset(r.code for r in rules if enables(r.code, r.name)))
