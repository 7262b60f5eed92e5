"""Raw input -> text. Bytes are decoded from their BOM or sniffed charset; nothing raises
on odd bytes: undecodable ones become U+FFFD, which the mojibake signal counts."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import InputTooLargeError

SNIFF_BYTES = 64_000
"""How much of a non-UTF-8 input the charset sniffer reads: enough to decide, bounded."""


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
    guess = from_bytes(data[:SNIFF_BYTES]).best()
    codec = guess.encoding if guess is not None else "utf-8"
    return data.decode(codec, errors="replace")


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))
