"""Function words of the major web languages: a cheap, dependency-free language guess
and the stopword density that tells running prose from menus and labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import chain, islice

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
