"""Raw input -> text. Bytes are decoded from their BOM, as UTF-8 (also with a few corrupt
bytes), or from a sniffed charset; nothing raises on odd bytes: undecodable ones become
U+FFFD, which the mojibake signal counts."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import InputTooLargeError

SNIFF_BYTES = 64_000
"""How much of a non-UTF-8 input the charset sniffer reads: enough to decide, bounded."""
UTF8_MAX_BAD_SHARE = 1 / 500
"""Input that is UTF-8 but for a few undecodable sequences (at most this many a byte, and
fewer than its multi-byte characters) is read as UTF-8, each bad sequence a U+FFFD: a UTF-8
page with a few corrupt bytes, which the sniffer took for a legacy charset, every accented
letter becoming mojibake (issue 13). Measured on text in legacy charsets read as UTF-8
(cp1252, cp1250, cp1251, koi8-r, ISO 8859-7, Shift JIS, EUC-JP, EUC-KR, GB2312): 3 to 86 bad
sequences a hundred bytes, and fewer multi-byte characters decoding by chance than bad
sequences (none in the single-byte charsets, so that one cp1252 curly quote in a long English
text still reads as cp1252)."""
_HIGH_BYTES = bytes(range(0x80, 0x100))
"""The bytes that are not ASCII."""
_REPLACEMENT = "\ufffd"
"""What an undecodable sequence becomes; the input may hold some of its own."""


def decode(raw: str | bytes | bytearray, max_bytes: int, limit: str = "max_bytes") -> str:
    """The input as text, or InputTooLargeError past ``max_bytes`` (named ``limit`` in the
    message: the Config field that set it)."""
    if isinstance(raw, str):
        if len(raw) > max_bytes or (len(raw) * 4 > max_bytes and _utf8_size(raw) > max_bytes):
            raise InputTooLargeError(f"input is larger than {limit}={max_bytes}")
        return raw
    if not isinstance(raw, (bytes, bytearray)):
        raise TypeError(f"clean() takes str or bytes, not {type(raw).__name__}")
    if len(raw) > max_bytes:
        raise InputTooLargeError(f"input of {len(raw)} bytes is larger than {limit}={max_bytes}")
    data = bytes(raw)
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    guess = from_bytes(data[:SNIFF_BYTES]).best()
    codec = guess.encoding if guess is not None else "utf-8"
    return data.decode(codec, errors="replace")


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with U+FFFD for its undecodable sequences, when they are few enough
    (``UTF8_MAX_BAD_SHARE``); None when the charset is to be sniffed instead."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())
    multibyte = len(text) - len(data.translate(None, _HIGH_BYTES)) - bad
    if bad <= UTF8_MAX_BAD_SHARE * len(data) and multibyte >= bad:
        return text
    return None


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))
