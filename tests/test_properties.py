"""The contract of ``clean``, as properties over generated input (cleaner.testing), and the
strategies of cleaner.testing themselves.

Inputs these properties found are pinned with ``@example`` (see each test): those the engine
still gets wrong fail until it is fixed (the property is not weakened); the others guard
against regressions.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, CleanerError, Result, clean
from cleaner.blocks import count_line_breaks, segment
from cleaner.packs.loader import load_rules
from cleaner.testing import (
    ALL_LINE_BREAKS,
    LANGUAGES,
    LINE_KINDS,
    Article,
    ArticleWithChrome,
    any_text,
    articles,
    articles_with_chrome,
    assert_contract,
    assert_keeps,
    chrome_lines,
    large_texts,
    paragraphs,
    sentences,
    slots_for,
)

settings.register_profile(
    "cleaner-properties",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("cleaner-thorough", settings.get_profile("cleaner-properties"), max_examples=2_000)
PROPERTY = settings.get_profile(os.environ.get("CLEANER_HYPOTHESIS_PROFILE", "cleaner-properties"))
"""100 examples a property and no deadline, so the file runs in well under a minute; hunt
for bugs with ``CLEANER_HYPOTHESIS_PROFILE=cleaner-thorough``."""
QUICK = settings(PROPERTY, max_examples=40)
"""For the checks of the strategies themselves."""
LARGE = settings(PROPERTY, max_examples=max(1, PROPERTY.max_examples // 5))
"""For large texts (100-1,500 lines, up to about a megabyte): a fifth of the examples, so that
each property runs in a few seconds."""

SHORT_MAX_LINES = 10
"""Lines of the short generated texts that cleaning twice must leave as cleaning once did
(many examples, quickly; the large texts below hold hundreds of lines)."""

RULES = load_rules(())
STRUCTURE_PREFIX = "ST1"

raw_bytes = st.one_of(
    st.binary(max_size=3_000),
    any_text().map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.tuples(articles_with_chrome(), st.sampled_from(["utf-8-sig", "utf-16", "cp1252", "latin-1"])).map(
        lambda pair: pair[0].text.encode(pair[1], "replace")
    ),
    st.tuples(st.binary(max_size=40), articles().map(lambda a: a.text.encode()), st.binary(max_size=40)).map(
        lambda parts: b"".join(parts)
    ),
)
"""Bytes: random, invalid UTF-8 among them, and articles in several encodings with junk."""


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- the strategies


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_have_8_to_30_words_a_capital_and_a_closing_mark(language: str) -> None:
    @QUICK
    @given(sentences(language))
    def check(sentence: str) -> None:
        assert 8 <= len(sentence.split()) <= 30
        assert sentence[0].isupper()
        assert sentence[-1] in ".!?"
        assert "\n" not in sentence

    check()


@QUICK
@given(paragraphs())
def test_paragraphs_are_2_to_5_sentences_on_one_line(paragraph: str) -> None:
    ends = sum(paragraph.count(mark + " ") for mark in ".!?") + 1
    assert 2 <= ends <= 5
    assert "\n" not in paragraph


@pytest.mark.parametrize("language", LANGUAGES)
def test_articles_are_a_headline_and_3_to_10_paragraphs_between_blank_lines(language: str) -> None:
    @QUICK
    @given(articles(language))
    def check(article: Article) -> None:
        assert 3 <= len(article.paragraphs) <= 10
        assert article.text == "\n\n".join((article.title, *article.paragraphs)) + "\n"
        assert article.title[-1] not in ".!?"
        assert len(set(article.paragraphs)) == len(article.paragraphs)

    check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_generated_article_without_chrome_is_kept_whole(language: str) -> None:
    @QUICK
    @given(articles(language))
    def check(article: Article) -> None:
        result = clean(article.text)
        assert result.removals == (), result.explain()
        assert result.text == article.text

    check()


@pytest.mark.parametrize("language", LANGUAGES)
def test_large_texts_hold_every_line_kind_and_line_break_they_draw(language: str) -> None:
    """Over a handful of texts the strategy writes hundreds of lines, long lines, lone
    surrogates and control characters, and line breaks of several kinds. The draws are
    fixed: each kind is likely, not certain, in 40 random texts (one run in many drew no
    surrogate)."""
    seen: dict[str, int] = {"lines": 0, "long": 0, "surrogates": 0, "controls": 0}
    breaks: set[str] = set()

    @settings(QUICK, derandomize=True)
    @given(large_texts(language))
    def check(text: str) -> None:
        seen["lines"] = max(seen["lines"], count_line_breaks(text))
        seen["long"] += any(len(line) >= 1_000 for line in text.splitlines())
        seen["surrogates"] += any("\ud800" <= char <= "\udfff" for char in text)
        seen["controls"] += any(char < " " and char not in "\t\n\r\x0b\x0c\x1c\x1d\x1e" for char in text)
        breaks.update(brk for brk in ALL_LINE_BREAKS if brk in text)

    check()
    assert seen["lines"] >= 300
    assert seen["long"] and seen["surrogates"] and seen["controls"]
    assert len(breaks) >= 6


def test_large_texts_refuse_bounds_the_wrong_way_round() -> None:
    with pytest.raises(ValueError, match="min_lines <= max_lines"):
        large_texts(min_lines=10, max_lines=5)
    assert set(LINE_KINDS) >= {"paragraph", "odd", "long", "blank"}


@pytest.mark.parametrize("family", sorted({rule.family for rule in RULES}))
def test_chrome_lines_of_a_family_are_its_rules_removes_examples(family: str) -> None:
    examples = {line for rule in RULES if rule.family == family for line in rule.removes}

    @QUICK
    @given(chrome_lines(family))
    def check(line: str) -> None:
        assert line in examples

    check()


def test_unknown_families_and_languages_are_refused_when_the_strategy_is_built() -> None:
    with pytest.raises(ValueError, match="no rules of family 'nonsense'"):
        chrome_lines("nonsense")
    with pytest.raises(ValueError, match="no word lists for language 'xx'"):
        articles("xx")


@QUICK
@given(articles_with_chrome())
def test_chrome_is_injected_on_its_own_line_where_its_rule_allows(sample: ArticleWithChrome) -> None:
    by_code = {rule.code: rule for rule in RULES}
    lines = sample.text.splitlines()
    paragraph_rows = [lines.index(p) for p in sample.article.paragraphs]
    assert lines[0] == sample.article.title
    assert 1 <= len(sample.lines) <= 4
    for line, code, start in zip(sample.lines, sample.codes, sample.starts, strict=True):
        assert sample.text[start : start + len(line) + 1] == line + "\n"
        assert line in by_code[code].removes
        row = sample.text[:start].count("\n")
        slot = "head" if row < paragraph_rows[0] else "tail" if row > paragraph_rows[-1] else "between"
        assert slot in slots_for(by_code[code])


# --------------------------------------------------------------------------- the contract


@PROPERTY
@given(any_text())
def test_any_text_is_cleaned_without_an_exception_and_keeps_the_contract(raw: str) -> None:
    assert_contract(raw, clean(raw))


@PROPERTY
@given(raw_bytes)
def test_any_bytes_are_cleaned_without_an_exception_and_keep_the_contract(raw: bytes) -> None:
    assert_contract(raw, clean(raw))


@PROPERTY
@given(articles_with_chrome())
def test_an_article_with_chrome_keeps_the_contract(sample: ArticleWithChrome) -> None:
    assert_contract(sample.text, clean(sample.text))


@settings(LARGE, max_examples=2 * LARGE.max_examples)
@given(st.one_of(large_texts(), large_texts().map(lambda text: text.encode("utf-8", "surrogatepass"))))
def test_a_large_text_is_cleaned_without_an_exception_and_keeps_the_contract(raw: str | bytes) -> None:
    """Hundreds of lines, long lines, surrogates inside paragraphs, every line break, as text
    or as bytes: a Result that keeps the contract, or a CleanerError (a text may hold more
    lines than allowed)."""
    try:
        result = clean(raw)
    except CleanerError:
        return
    assert_contract(raw, result)


ANOTHER_CLEANER = Cleaner()
"""A second cleaner of the default config, built apart from the one ``clean`` caches."""


@PROPERTY
@given(st.one_of(articles_with_chrome().map(lambda sample: sample.text), any_text()))
def test_cleaning_is_deterministic(raw: str) -> None:
    first = clean(raw).to_dict()
    assert clean(raw).to_dict() == first
    assert ANOTHER_CLEANER.clean(raw).to_dict() == first


@LARGE
@given(large_texts())
def test_cleaning_a_large_text_is_deterministic(raw: str) -> None:
    first = clean(raw).to_dict()
    assert ANOTHER_CLEANER.clean(raw).to_dict() == first


@PROPERTY
@given(articles_with_chrome())
def test_cleaning_an_article_with_chrome_again_changes_nothing(sample: ArticleWithChrome) -> None:
    once = clean(sample.text).text
    assert clean(once).text == once


SENTENCE = "The city council approved the harbour bridge at the fishing docks in the winter."
PROSE_50_WORDS = (
    "The city council approved the harbour bridge at the fishing docks in the winter, and the port "
    "engineers inspected the rusting steel supports on the northern quay. It was after the storm that "
    "the harbour authority delayed the ferry timetable at the harbour office, as a port spokesman said."
)
PROSE_30_WORDS = (
    "The transport committee rebuilt the harbour bridge by the lighthouse on Tuesday morning. It was "
    "in the winter that the port engineers inspected the ferry timetable at the harbour office."
)


@PROPERTY
# engine bug: the headline is kept although its only body line is removed (CP102), and alone
# the headline is head chrome the next time:
@example("Storm damage\n\nA fallen tree blocks the road near the harbour. (Photo: AP)\n")
# regressions, fixed in the engine during this work: a repeat (RP101) and a CM101 section
# were cut from the body's end, leaving "0" as a last line that the next run cut as ST105:
@example(f"{SENTENCE}\n0\n{SENTENCE}\n")
@example(f"{PROSE_50_WORDS}\n0\nLeave a Reply\n{PROSE_30_WORDS}\n")
# regression: removing the second of two long lines of numbers (RP101) left few enough
# words for the language to count as known, and the next run cut the first as ST104:
@example(f"{'000 ' * 300}\n{'000 ' * 300}\n{SENTENCE}\n")
# regression: a weak repeat of the first paragraph counted as on the diagonal of a pair
# before the first paragraph, once the repeat between them was gone:
@example(
    f"{SENTENCE}\nIn the winter, the city council approved the harbour bridge at the fishing docks.\n"
    "Will the port engineers approve the harbour bridge at the fishing docks again?\n"
)
@given(any_text())
def test_cleaning_any_text_again_changes_nothing(raw: str) -> None:
    once = clean(raw).text
    twice = clean(once)
    assert twice.text == once, twice.explain()


@LARGE
@given(large_texts(min_lines=1, max_lines=SHORT_MAX_LINES))
def test_cleaning_a_short_generated_text_again_changes_nothing(raw: str) -> None:
    """Texts of up to ``SHORT_MAX_LINES`` lines of every kind: the second cleaning removes
    nothing more."""
    once = clean(raw).text
    twice = clean(once)
    assert twice.text == once, twice.explain()


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@LARGE
@given(large_texts())
def test_cleaning_a_large_text_again_changes_nothing(raw: str) -> None:
    once = clean(raw).text
    twice = clean(once)
    assert twice.text == once, twice.explain()


def _pinned(line: str, code: str, gap: int) -> ArticleWithChrome:
    """A short generated-style article with ``line`` injected at ``gap`` (0 head, 3 tail)."""
    title = "Harbour bridge to be rebuilt after years of delays"
    body = (
        "The city council approved the harbour bridge at the fishing docks in the winter. In the "
        "winter, the city council approved the harbour bridge at the fishing docks.",
        "The school board criticised the reading programme in primary classrooms this term. The school "
        "board criticised the reading programme in primary classrooms this term, a union "
        "representative said.",
        "Local farmers feared the wheat harvest on the dry plains during the heatwave. Local farmers "
        "feared the wheat harvest on the dry plains during the heatwave, one grower said.",
    )
    blocks = [title, *body]
    blocks.insert(gap + 1, line)
    text = "\n\n".join(blocks) + "\n"
    article = Article(title, body, "\n\n".join((title, *body)) + "\n", "en")
    return ArticleWithChrome(article, text, (line,), (code,), (text.index("\n" + line + "\n") + 1,))


@PROPERTY
# regressions, fixed during this work: a tail line that reads as a sentence joined the body as
# a "closing sentence", where tail rules never looked, so it was kept (BY106, SH105) ...
@example(_pinned("(Reporting by Anna Smith in Niamey; Editing by Mark Heinrich)", "BY106", 3))
@example(_pinned("Like this story? Share it with a friend!", "SH105", 3))
# ... and CP102 (captions.glued-credit) took CP105's example before CP105 did:
@example(_pinned("(AP Photo/Evan Vucci)", "CP105", 1))
@given(articles_with_chrome())
def test_injected_chrome_is_removed_and_the_headline_and_paragraphs_are_kept(
    sample: ArticleWithChrome,
) -> None:
    result = clean(sample.text)
    for line, code, start in zip(sample.lines, sample.codes, sample.starts, strict=True):
        holder = next((r for r in result.removals if r.start <= start < r.end), None)
        assert holder is not None, f"{line!r} ({code}) was kept\n{result.explain()}"
        assert holder.code == code or holder.code.startswith(STRUCTURE_PREFIX), (
            f"{line!r} was removed by {holder.code}, not {code}\n{result.explain()}"
        )
    assert_keeps(result, sample.article.title)
    for paragraph in sample.article.paragraphs:
        assert_keeps(result, paragraph)


# --------------------------------------------------------------------------- threads


def _inputs(drawn: list[str]) -> list[str]:
    """50 inputs from 10 drawn texts: the texts, and each joined to four others."""
    joined = [
        drawn[i] + "\n\n" + drawn[(i + k) % len(drawn)] for i in range(len(drawn)) for k in (1, 2, 3, 4)
    ]
    return drawn + joined


def _record(result: Result) -> str:
    return json.dumps(result.to_dict(), sort_keys=True)


@settings(PROPERTY, max_examples=8)
@given(
    st.lists(st.one_of(articles_with_chrome().map(lambda s: s.text), any_text()), min_size=10, max_size=10)
)
def test_one_cleaner_shared_by_8_threads_gives_the_sequential_results(drawn: list[str]) -> None:
    inputs = _inputs(drawn)
    assert len(inputs) == 50
    shared = Cleaner()
    sequential = [_record(shared.clean(raw)) for raw in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded: list[Any] = list(pool.map(lambda raw: _record(shared.clean(raw)), inputs))
    assert threaded == sequential


# --------------------------------------------------------------------------- line breaks


_LINES = st.lists(st.text(st.characters(exclude_characters=ALL_LINE_BREAKS[:-1]), min_size=1), max_size=30)
"""Lines without line breaks, none of them empty: between two breaks, an empty line would let
a "\\r" and a "\\n" pair into one "\\r\\n" break."""


@PROPERTY
@given(st.one_of(st.text(), any_text(), large_texts(max_lines=300)))
def test_line_breaks_are_counted_as_segment_splits_lines(text: str) -> None:
    """``count_line_breaks`` (the ``max_lines`` cap, issue 13's D2) agrees with
    ``str.splitlines``, which ``segment`` cuts lines with."""
    assert count_line_breaks(text) == len((text + "x").splitlines()) - 1


@PROPERTY
@given(_LINES, st.data())
def test_mixed_line_breaks_segment_and_clean_like_newlines(lines: list[str], data: st.DataObject) -> None:
    """The same lines ended by any mix of line breaks give the same blocks and the same
    verdicts as ended by "\\n" (issue 13, D13), with offsets into their own text."""
    ends = data.draw(st.lists(st.sampled_from(ALL_LINE_BREAKS), min_size=len(lines), max_size=len(lines)))
    plain = "".join(line + "\n" for line in lines)
    mixed = "".join(map(str.__add__, lines, ends))
    plain_blocks, mixed_blocks = segment(plain), segment(mixed)
    assert [(b.text, b.words, b.blank_before) for b in mixed_blocks] == [
        (b.text, b.words, b.blank_before) for b in plain_blocks
    ]
    assert all(mixed[b.start : b.end] == b.text for b in mixed_blocks)
    kept = [" ".join(line.split()) for line in clean(plain).text.splitlines()]
    assert [" ".join(line.split()) for line in clean(mixed).text.splitlines()] == kept
