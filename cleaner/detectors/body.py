"""Find the article body in whole-page text: the text analogue of Body Text Extraction.

Every line gets a prose score: running prose (enough words, finished sentences, the
language's function words) counts for its length, anything else against. The body is the
best-scoring contiguous run of lines (a maximum subarray), widened by further strong runs
on either side that are separated from it by only a short gap.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from itertools import compress

from ..blocks import Block
from ..parse.features import LONG_LINE_WORDS, MEASURED_MIN_WORDS, Features, measure_line

PROSE_MIN_STOPWORDS = 0.15
"""Share of function words below which a line reads as a list of names or keywords."""
TITLE_CASE_RATIO = 0.6
"""Share of capitalised words above which a line reads as headlines, not prose."""
UNFINISHED_WEIGHT = 0.5
"""A long line without closing punctuation counts at this fraction of its length."""
NON_PROSE_COST = 12.0
"""What a non-prose line subtracts from a run (in words of prose)."""
SIDE_RUN_MIN = 40.0
"""A further run beside the body must carry at least this much prose to join it."""
SIDE_GAP_MAX = 6
"""...and be separated from it by at most this many non-prose lines."""
CLOSING_SENTENCES_MAX = 2
"""Short finished sentences that may close the text after the body and still belong to it."""
CLOSING_MIN_WORDS = 3
LIST_INTRO_MIN_WORDS = 4
"""A colon line announcing a list is a phrase ("Tour dates for 2020:"), not a label ("Tags:")."""
LIST_MAX_ITEMS = 60
"""Most lines a list announced after the body may have."""
RUN_WORDS = 200
"""A body run holding this many words of prose is an article's body, whatever else the page
holds (news pages carry as much prose again in teaser feeds and comments)."""
RUN_MIN_PROSE_WORDS = 100
"""A shorter run is the body only if it holds this many words of prose..."""
RUN_MIN_PROSE_SHARE = 0.6
"""...and this share of the page's prose words: otherwise the content is spread over the
page (a thread's replies, a listing's items, a product's specs) and the run is one piece of
it. Chosen on the WCXB pages with even ids, keeping ScrapingHub's text-mode F1: text-mode F1
on the even ids 0.683 -> 0.748 (odd ids 0.720 -> 0.764), ScrapingHub 0.926 -> 0.929. Without
``RUN_WORDS`` the even ids reach 0.786, but ScrapingHub falls to 0.905: on news pages the
body run often holds under half of the prose."""

SPARED_HEAD_SHARE = 0.6
"""An article whose body run holds less than this share of the page's prose keeps the prose
before the run as well: a service page's opening sections, a guide's introduction, a list
article's first items stand apart from its longest run. Only the lines around them that are
not prose go..."""
SPARED_TAIL_SHARE = 0.35
"""...and under this share the prose after the run too: after an article, prose is more
often another story's teaser or a reader's comment. Chosen together on the WCXB pages with
even ids, keeping ScrapingHub's text-mode F1 at 0.926 or more (news pages carry teaser feeds
beside a short body). Text-mode F1 on the even ids: nothing kept 0.755, both sides under 0.4
0.7861, these two 0.7929 (service pages 0.717 -> 0.757); ScrapingHub 0.9266 -> 0.9273. With
the head at 0.7 the even ids reach 0.7940, ScrapingHub 0.9264; both sides at 0.5 cost
ScrapingHub 0.005."""
SPAN_MIN_PROSE_WORDS = 50
"""Spread content whose prose holds fewer words than this has no edges worth trusting: a
grid of product names or a listing of titles with a sentence or two among them. All of the
page is its span then, none of it after the content (no tail rule names a line of it), and
only rules, repeats and the site index remove anything. Chosen on the WCXB pages with even
ids (flat from 40 to 75): text-mode F1 0.775 -> 0.780 (collections 0.571 -> 0.626,
listings 0.584 -> 0.620), odd ids 0.778 -> 0.785; ScrapingHub 0.9271 -> 0.9266."""


def _unnamed(index: int) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Body:
    """Where the article body lies: block indexes ``first`` to ``last`` inclusive.

    ``closing`` is where the run of prose ended: lines from there to ``last`` (short closing
    sentences, an announced list) belong to the article but stand where a tail rule may
    still recognise them as chrome ("Share it with a friend!").
    """

    first: int
    last: int
    closing: int

    def __contains__(self, index: int) -> bool:
        return self.first <= index <= self.last


def prose_scores(blocks: Sequence[Block], features: Features, named: Callable[[int], bool]) -> list[float]:
    """The prose score of each block: positive for paragraphs, negative for chrome (and for
    the paragraphs that ``named`` says a rule names as chrome: a cookie notice, say).
    Lines under ``MEASURED_MIN_WORDS`` words, most of a page, are not looked at one by one."""
    scores = [-NON_PROSE_COST] * len(blocks)
    for index in compress(range(len(blocks)), map(MEASURED_MIN_WORDS.__le__, features.lengths)):
        score = _line_score(features, index)
        scores[index] = -NON_PROSE_COST if score > 0 and named(index) else score
    return scores


def _line_score(features: Features, index: int) -> float:
    length = features.lengths[index]
    if length < MEASURED_MIN_WORDS or features.capital_ratio[index] > TITLE_CASE_RATIO:
        return -NON_PROSE_COST
    if (
        features.language_known
        and not features.unspaced[index]
        and features.stopword_ratio[index] < PROSE_MIN_STOPWORDS
    ):
        return -NON_PROSE_COST
    if features.terminal[index]:
        return float(length)
    if length >= LONG_LINE_WORDS:
        return length * UNFINISHED_WEIGHT
    return -NON_PROSE_COST


@dataclass(frozen=True, slots=True)
class Content:
    """Where a page's content may lie: its best ``run`` of prose (an article's body), and the
    ``span`` from its first line of prose to its last (spread content: a thread's replies, a
    listing's items, a product's specs). ``one_run`` is the evidence's verdict."""

    run: Body | None
    span: Body | None
    one_run: bool
    """The run holds ``RUN_WORDS`` words of prose, or ``RUN_MIN_PROSE_WORDS`` and
    ``RUN_MIN_PROSE_SHARE`` of the page's prose."""
    prose_share: float
    """The share of the page's prose words that the run holds."""
    prose: tuple[int, ...] = ()
    """The blocks that read as prose."""


def spared_prose(content: Content) -> frozenset[int]:
    """The prose blocks outside the body run that an article keeps: those before the run
    when it holds under ``SPARED_HEAD_SHARE`` of the page's prose, those after it under
    ``SPARED_TAIL_SHARE``."""
    run, share = content.run, content.prose_share
    if run is None:
        return frozenset()
    head, tail = share < SPARED_HEAD_SHARE, share < SPARED_TAIL_SHARE
    before = (index for index in content.prose if head and index < run.first)
    after = (index for index in content.prose if tail and index > run.last)
    return frozenset((*before, *after))


def reaching(body: Body, spared: frozenset[int]) -> Body:
    """The body widened to take in the ``spared`` prose: where the detectors look, so that
    what the cleaned text holds was judged as a second pass will judge it."""
    if not spared:
        return body
    return Body(min(body.first, min(spared)), max(body.last, max(spared)), body.closing)


def locate(
    blocks: Sequence[Block],
    features: Features,
    named: Callable[[int], bool] = _unnamed,
    gone: Callable[[int], bool] | None = None,
) -> Content:
    """The page's best run of prose, the span of its prose, and which of them the evidence
    says holds the content. Where it says the content is spread, it is asked again among
    the blocks that are not ``gone`` on any page (lines a rule drops wherever they stand):
    the cleaned text lacks them, and a second cleaning would find a shorter gap, or a longer
    run, than one that counted them. An article's body found among all lines stays as it is:
    the gaps such lines make are where it ends."""
    content = _locate(blocks, features, named)
    if content.one_run or gone is None:
        return content  # asking every line whether it goes costs a rule match each
    kept = [index for index in range(len(blocks)) if not gone(index)]
    if len(kept) in (0, len(blocks)):
        return content
    seen = _locate([blocks[i] for i in kept], features.only(kept), lambda i: named(kept[i]))
    if not seen.one_run:
        return content
    return Content(
        _mapped(seen.run, kept, len(blocks)),
        _mapped(seen.span, kept, len(blocks)),
        seen.one_run,
        seen.prose_share,
        tuple(kept[i] for i in seen.prose),
    )


def _mapped(body: Body | None, kept: Sequence[int], length: int) -> Body | None:
    """A ``body`` found among the ``kept`` blocks, in the indexes of all ``length`` blocks."""
    if body is None:
        return None
    closing = kept[body.closing] if body.closing < len(kept) else length
    return Body(kept[body.first], kept[body.last], closing)


def _locate(blocks: Sequence[Block], features: Features, named: Callable[[int], bool]) -> Content:
    """``locate`` among all of ``blocks``."""
    scores = prose_scores(blocks, features, named)
    run = _run(blocks, features, scores)
    prose = [index for index, score in enumerate(scores) if score > 0]
    total = sum(blocks[i].words for i in prose)
    held = sum(blocks[i].words for i in prose if run is not None and i in run)
    share = held / total if total else 0.0
    one_run = run is not None and (
        held >= RUN_WORDS or (held >= RUN_MIN_PROSE_WORDS and share >= RUN_MIN_PROSE_SHARE)
    )
    if not blocks:
        return Content(None, None, one_run, share)
    bounded = _span(blocks, features, prose)
    # too little prose to bound the content: all of the page is its span, none of it a tail
    first, last = bounded or (0, len(blocks) - 1)
    span = Body(first, last, prose[-1] + 1 if bounded else len(blocks))
    return Content(run, span, one_run, share, tuple(prose))


def _span(blocks: Sequence[Block], features: Features, prose: Sequence[int]) -> tuple[int, int] | None:
    """From the first prose block to the last and the lines that close it; None when the
    prose is too little to bound the content (``SPAN_MIN_PROSE_WORDS``)."""
    if not prose or sum(blocks[i].words for i in prose) < SPAN_MIN_PROSE_WORDS:
        return None
    return prose[0], _announced_list(blocks, _closing_sentences(blocks, features, prose[-1]))


def settle_span(
    blocks: Sequence[Block], features: Features, content: Content, dropped: Container[int]
) -> tuple[int, int]:
    """``settle`` for spread content: the span of the prose blocks still kept, so that
    cleaning the cleaned text finds the same span; all of the text when none is left."""
    kept = [index for index in content.prose if index not in dropped]
    return _span(blocks, features, kept) or (0, len(blocks) - 1)


def find_body(
    blocks: Sequence[Block], features: Features, named: Callable[[int], bool] = _unnamed
) -> Body | None:
    """The body run, or None when the text holds no prose at all; ``named(index)`` tells
    whether a rule names a block chrome wherever it stands (then it is not prose)."""
    return _run(blocks, features, prose_scores(blocks, features, named))


def _run(blocks: Sequence[Block], features: Features, scores: Sequence[float]) -> Body | None:
    """The best-scoring run of prose lines, widened by strong runs beside it and the short
    sentences or announced list that close it; None when no line is prose."""
    if not blocks:
        return None
    first, last, total = _max_subarray(scores)
    if total <= 0:
        return None
    first = _widen(scores, first, step=-1)
    last = _widen(scores, last, step=1)
    closing = last + 1
    last = _closing_sentences(blocks, features, last)
    last = _announced_list(blocks, last)
    return Body(first, last, closing)


def _closing_sentences(blocks: Sequence[Block], features: Features, last: int) -> int:
    """Take in short finished sentences that end the text right after the body ("Stay safe.")."""
    end = last
    while (
        end + 1 < len(blocks)
        and end - last < CLOSING_SENTENCES_MAX
        and _is_sentence(blocks, features, end + 1)
    ):
        end += 1
    return end if end + 1 == len(blocks) else last


def _announced_list(blocks: Sequence[Block], last: int) -> int:
    """Take in a list that the article announces at its end: a line ending in a colon (the
    body's last line or the one after it) and the lines that follow it without a blank line."""
    for intro in (last, last + 1):
        if intro < len(blocks) and _is_list_intro(blocks[intro]):
            end = intro
            while end + 1 < len(blocks) and not blocks[end + 1].blank_before and end - intro < LIST_MAX_ITEMS:
                end += 1
            return max(last, end) if end > intro else last
    return last


def _is_list_intro(block: Block) -> bool:
    return block.words >= LIST_INTRO_MIN_WORDS and block.text.endswith(":")


def _is_sentence(blocks: Sequence[Block], features: Features, index: int) -> bool:
    if features.lengths[index] >= MEASURED_MIN_WORDS:
        terminal, capitals, stopwords = (
            features.terminal[index],
            features.capital_ratio[index],
            features.stopword_ratio[index],
        )
    elif features.lengths[index] >= CLOSING_MIN_WORDS:
        terminal, capitals, stopwords = measure_line(blocks[index].text, features.prose_language)
    else:
        return False
    return (
        terminal
        and capitals <= TITLE_CASE_RATIO
        and (not features.language_known or features.unspaced[index] or stopwords >= PROSE_MIN_STOPWORDS)
    )


def _max_subarray(scores: Sequence[float]) -> tuple[int, int, float]:
    best = (0, 0, scores[0])
    start, running = 0, 0.0
    for index, score in enumerate(scores):
        if running <= 0:
            start, running = index, 0.0
        running += score
        if running > best[2]:
            best = (start, index, running)
    return best


def _widen(scores: Sequence[float], edge: int, step: int) -> int:
    """Move ``edge`` outwards over strong prose runs that lie beyond a short gap."""
    index = edge + step
    while 0 <= index < len(scores):
        gap = 0
        while 0 <= index < len(scores) and scores[index] < 0 and gap <= SIDE_GAP_MAX:
            index += step
            gap += 1
        run_total, run_end = 0.0, index
        while 0 <= index < len(scores) and scores[index] > 0:
            run_total += scores[index]
            run_end = index
            index += step
        if gap > SIDE_GAP_MAX or run_total < SIDE_RUN_MIN:
            break
        edge = run_end
    return edge


def settle(blocks: Sequence[Block], features: Features, dropped: Container[int]) -> tuple[int, int] | None:
    """The body as it stands among the blocks that are kept: what the body finder sees when
    the cleaned text is cleaned again. Removing a repeat or a chrome line inside the body
    can leave a label at its new edge; taking the body again makes cleaning idempotent.

    Returns the first and last kept block of that body, or None when no prose is left.
    """
    kept = [b.number for b in blocks if b.number not in dropped]
    if not kept:
        return None
    view = features.only(kept)
    again = find_body([blocks[i] for i in kept], view)
    return None if again is None else (kept[again.first], kept[again.last])
