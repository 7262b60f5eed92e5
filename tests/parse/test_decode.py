"""Bytes -> text: UTF-8 stays UTF-8 even with a few corrupt bytes; text in a legacy charset
is still sniffed, even when a single byte of it is not ASCII."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.parse.decode import UTF8_MAX_BAD_SHARE, decode

GERMAN = "Die Bürger fürchten höhere Gebühren für Straßen und Brücken, sagte der Bürgermeister.\n"
RUSSIAN = "Президент заявил, что правительство рассмотрит новые меры поддержки экономики.\n"
ENGLISH = "The council met on Tuesday and said that the decision on the harbour bridge was final.\n"
NO_LIMIT = 10**8


def _corrupt(data: bytes, every: int, bad: bytes) -> bytes:
    """``data`` with ``bad`` inserted after every ``every`` bytes."""
    return b"".join(data[i : i + every] + bad for i in range(0, len(data), every))


@pytest.mark.parametrize("bad", [b"\xff", b"\xe9", b"\x81"], ids=["ff", "latin-1-e-acute", "c1"])
def test_a_megabyte_of_utf8_with_a_bad_byte_every_kilobyte_stays_utf8(bad: bytes) -> None:
    """Issue 13, D13: the sniffer took such input for cp1250 or mac_iceland, and every
    accented letter became mojibake. Now the bad bytes become U+FFFD, and each spoils at
    most the line it cuts into."""
    data = _corrupt((GERMAN * 12_000).encode()[:1_000_000], 1_000, bad)
    text = decode(data, NO_LIMIT)
    assert text.count("\ufffd") <= UTF8_MAX_BAD_SHARE * len(data)
    assert text.count(GERMAN) >= 1_000_000 // len(GERMAN.encode()) - 1_000


def test_clean_keeps_the_accents_of_utf8_with_a_few_bad_bytes() -> None:
    data = _corrupt((GERMAN * 2_000).encode(), 1_000, b"\xff")
    assert "Bürgermeister" in clean(data).text


@pytest.mark.parametrize(
    ("text", "codec"),
    [(GERMAN * 20, "cp1252"), (RUSSIAN * 20, "cp1251"), (RUSSIAN * 20, "koi8-r")],
    ids=["german-cp1252", "russian-cp1251", "russian-koi8-r"],
)
def test_text_in_a_legacy_charset_is_still_sniffed(text: str, codec: str) -> None:
    assert decode(text.encode(codec), NO_LIMIT) == text


def test_one_curly_quote_in_a_long_cp1252_text_is_not_read_as_broken_utf8() -> None:
    """One bad byte in 7 KB is under ``UTF8_MAX_BAD_SHARE``, but no multi-byte character
    decodes: this is cp1252, not UTF-8, and the quote stays a quote."""
    data = (ENGLISH * 80 + "It\x92s over.\n").encode("latin-1")
    assert decode(data, NO_LIMIT).endswith("It’s over.\n")


def test_a_genuine_replacement_character_is_not_counted_as_a_bad_byte() -> None:
    """Some 780 bytes allow one bad byte (``UTF8_MAX_BAD_SHARE``), not two."""
    data = ("Ein Zeichen \ufffd, das im Text steht. " + GERMAN * 8).encode() + b"\xff"
    assert 1 <= UTF8_MAX_BAD_SHARE * len(data) < 2
    text = decode(data, NO_LIMIT)
    assert text.startswith("Ein Zeichen \ufffd, das") and text.endswith("\ufffd")
