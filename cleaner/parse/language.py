"""The language a text is written in, and the function words of the major web languages.

``identify`` names the language (an ISO 639-1 code, or ``und``) with CLD2, the compact
language detector of Chromium, whose model is compiled into the ``pycld2`` extension: it
loads in about a millisecond, on the first call, not at ``import cleaner``. The function
words tell running prose from menus and labels (their share of a line's words); where the
text's sentences name no language with a list here, a vote of the lists (``guess_language``)
picks one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import chain, islice
from typing import Any, NamedTuple

_STOPWORDS_TEXT: dict[str, str] = {
    "en": """a an and are as at be been but by for from had has have he her his i if in into is
        it its more not of on or our she so than that the their them there they this to was we
        were what when which who will with would you""",
    "de": """aber als am an auch auf aus bei bis das dass dem den der des die doch ein eine einem
        einen einer es für hat hatte ich ihr im in ist mit nach nicht noch nur oder sich sie sind
        so um und uns von vor war wie wir wird wurde zu zum zur über""",
    "fr": """au aux avec ce ces dans de des du elle en est et il ils la le les leur mais ne nous
        on ou par pas pour qu que qui sa se ses son sont sur un une été être était cette aussi
        plus""",
    "es": """al como con de del el en es esta este fue ha la las lo los más no para pero por que
        se sin sobre su sus un una y ya también entre cuando desde son era""",
    "it": """al alla anche che come con da dal della delle di del e è gli ha il in la le lo ma
        nel nella non per più si sono su sua suo tra un una uno dei questo""",
    "pt": """a ao aos as com como da das de do dos e em entre foi mais mas na nas no nos o os
        para pela pelo por que se sem ser seu sua são também um uma é""",
    "nl": """aan als bij dan dat de den der die dit door een en er het hij in is je maar met na
        naar niet nog of om ook op over te tot uit van voor was werd wij worden zijn ze zich""",
}

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _STOPWORDS_TEXT.items()
}
_TRAILING = ("", ",", ".", ";", ":", "!", "?", ")", '"', "”", "’", "»")
STOPWORD_TOKENS: dict[str, frozenset[str]] = {
    lang: frozenset(word + mark for word in words for mark in _TRAILING) for lang, words in STOPWORDS.items()
}
"""Function words as ``str.split`` leaves them: also with the punctuation that may follow,
so lines can be counted without a tokenising regex."""
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    token: tuple(lang for lang, tokens in STOPWORD_TOKENS.items() if token in tokens)
    for token in frozenset().union(*STOPWORD_TOKENS.values())
}
"""Each function-word token -> the languages it is a function word of."""
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values())
DEFAULT_LANGUAGE = "en"
SAMPLE_WORDS = 400
"""Words looked at to guess an article's language: enough for a stable count, bounded cost."""


def guess_language(words: Iterable[str]) -> str:
    """The language whose function words are most frequent among ``words`` (lowercased,
    split on white space); ties go to the language listed first."""
    sample = islice(words, SAMPLE_WORDS)
    counts = Counter(chain.from_iterable(filter(None, map(_LANGUAGES_OF.get, sample))))
    if not counts:
        return DEFAULT_LANGUAGE
    return max(STOPWORD_TOKENS, key=lambda lang: counts[lang])


UNDETERMINED = "und"
"""ISO 639-2's code for a text whose language was not determined."""
SAMPLE_CHARS = 3000
"""Characters given to the identifier: a few paragraphs name a language surely, and a huge
page costs no more than that."""
MIN_PROSE_LETTERS = 20
"""Letters the sentences of a text must hold to be identified by them: a sentence does
(seven words or more, ``features.MEASURED_MIN_WORDS``), a run of numbers does not."""
MIN_TEXT_LETTERS = 200
"""Letters a text without sentences must hold: a menu line, a date or a price list is not
enough to name a language ("Home About Contact Login" would come out English)."""
MIN_PERCENT = 50
"""Share of the sample, in percent, that CLD2 must give the top language. Below it the
detector is unsure (most of the text in no language it knows, or split between two). Whole
paragraphs come out at 97-99, and every page of WCXB and ScrapingHub with sentences at 70
or more; a two-sentence Russian paragraph at 66, its last sentence left unknown."""
_CLD2_CODES = {"iw": "he", "jw": "jv", "zh-Hant": "zh"}
"""CLD2's codes that are not today's ISO 639-1 ones: Hebrew, Javanese, Chinese."""
_ISO_639_1 = re.compile("[a-z]{2}")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(p << 16 | end) for p in range(17) for end in (0xFFFE, 0xFFFF))
_UNENCODABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
"""Control characters, lone surrogates and noncharacters: CLD2 refuses them as invalid UTF-8."""


@cache
def _cld2() -> Any:
    """The ``pycld2`` module, imported on first use, not with ``cleaner``: once (the import
    lock makes that thread-safe), and its model is compiled in. CLD2 keeps no state between
    calls, so threads share it."""
    import pycld2

    return pycld2


class Identified(NamedTuple):
    """A text's language as ``identify`` names it."""

    code: str
    """An ISO 639-1 code, or ``und`` (``UNDETERMINED``)."""
    by_sentences: bool
    """Whether the text's sentences named it (not its other lines: menus, a dateline)."""


def identify(prose: str, text: str) -> Identified:
    """The language ``prose`` (a text's sentences) is written in, or where it names none,
    ``text`` (the whole text); ``und`` (``UNDETERMINED``) when neither does: too short
    (``MIN_PROSE_LETTERS``, ``MIN_TEXT_LETTERS``), or CLD2 names no language or is unsure of
    it. Only the first ``SAMPLE_CHARS`` of either are read."""
    for sample, least, by_sentences in ((prose, MIN_PROSE_LETTERS, True), (text, MIN_TEXT_LETTERS, False)):
        sample = sample[:SAMPLE_CHARS]
        if _has_letters(sample, least) and (code := _detect(sample)) != UNDETERMINED:
            return Identified(code, by_sentences)
    return Identified(UNDETERMINED, False)


def _detect(sample: str) -> str:
    """CLD2's language for ``sample``, as ``identify`` returns it."""
    cld2 = _cld2()
    try:
        _, _, found = cld2.detect(sample, isPlainText=True)
    except (cld2.error, UnicodeEncodeError):  # blanked only on refusal: the scan costs more
        try:
            _, _, found = cld2.detect(_UNENCODABLE.sub(" ", sample), isPlainText=True)
        except cld2.error:  # any input it still refuses has no language for us either
            return UNDETERMINED
    _, code, percent, _ = found[0]
    code = _CLD2_CODES.get(code, code)
    if percent < MIN_PERCENT or not _ISO_639_1.fullmatch(code):
        return UNDETERMINED
    return str(code)


def _has_letters(text: str, least: int) -> bool:
    """``text`` holds ``least`` letters (read only until they are found)."""
    return next(islice(filter(str.isalpha, text), least - 1, None), None) is not None
