"""Whether an input is an HTML page, read from its first characters: cheap, and without
loading the HTML parser or trafilatura (``parse.html``), which a text pipeline never needs."""

from __future__ import annotations

import re

SNIFF_CHARS = 1_024
"""How far into the input ``looks_like_html`` looks: a page's doctype or first tags."""
SNIFF_WINDOW = 262_144
"""How far into an input sniffing looks past the scripts and templates a page opens with
(a page of WCXB opens with 2 KB of script before its doctype)."""
SNIFF_MIN_TAGS = 4
"""Common HTML tags a start without a doctype or ``<html>`` needs to count as HTML."""
CODE_TAGS = "script|style|svg|template|noscript"
"""Elements that hold no text to extract: what sniffing looks past and large pages lose."""
_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_OPENING_CODE = re.compile(
    rf"(?:\s+|<!--.*?-->|<({CODE_TAGS})\b[^>]*>.*?</\1\s*>)*", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<(?:p|div|span|a|br|li|ul|table|td|h[1-6]|img|script|meta|link)\b[^>]*>", re.IGNORECASE)


def looks_like_html(raw: str | bytes) -> bool:
    """Whether the input starts like an HTML page: a doctype, ``<html>``, ``<head>`` or
    ``<body>`` first, or several common tags in its first ``SNIFF_CHARS`` characters; the
    scripts, styles, templates and comments a page may open with are looked past, within
    its first ``SNIFF_WINDOW`` characters."""
    if isinstance(raw, (bytes, bytearray)):
        window = bytes(raw[:SNIFF_WINDOW]).decode("latin-1")
    elif isinstance(raw, str):
        window = raw[:SNIFF_WINDOW]
    else:
        return False  # decode() says what it takes
    window = window.lstrip("\ufeff\xef\xbb\xbf")
    opening = _OPENING_CODE.match(window)
    start = window[opening.end() if opening else 0 :][:SNIFF_CHARS]
    return _START.match(start) is not None or len(_TAG.findall(start)) >= SNIFF_MIN_TAGS


def reads_as_html(raw: str | bytes, format: str) -> bool:
    """Whether ``raw`` is read as HTML: ``format`` says so, or is "auto" and it looks like a page."""
    return format == "html" or (format == "auto" and looks_like_html(raw))
