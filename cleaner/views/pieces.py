"""A result's input cut into kept and removed pieces, and each rule family's colour: what
every view of a result shows."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from ..result import Removal, Result

FAMILY_COLOURS: dict[str, str] = {
    "AD": "#c62828",
    "BY": "#1565c0",
    "CK": "#8d6e00",
    "CM": "#ad1457",
    "CP": "#00838f",
    "FD": "#e65100",
    "NL": "#2e7d32",
    "NV": "#546e7a",
    "PW": "#6a1b9a",
    "RL": "#bf360c",
    "RM": "#00796b",
    "RP": "#5e35b1",
    "SB": "#004d40",
    "SH": "#283593",
    "ST": "#9e5a00",
    "TG": "#558b2f",
}
"""The colour of each built-in family (a code's two letters), far enough apart to tell."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the input: kept (``removal`` None) or removed by ``removal``."""

    text: str
    removal: Removal | None = None


def pieces(result: Result) -> list[Piece]:
    """The input (``result.original()``) as kept and removed pieces, in order; none for an
    empty input."""
    original = result.original()
    found: list[Piece] = []
    at = 0
    for removal in result.removals:
        if removal.start > at:
            found.append(Piece(original[at : removal.start]))
        found.append(Piece(original[removal.start : removal.end], removal))
        at = removal.end
    if at < len(original):
        found.append(Piece(original[at:]))
    return found


def family(code: str) -> str:
    """A rule code's family: its two letters (``RM101`` -> ``RM``)."""
    return code[:2]


def family_name(name: str) -> str:
    """A rule name's family, the part before its dot (``readmore.keep-reading`` -> ``readmore``)."""
    return name.partition(".")[0]


def colour(family_code: str) -> str:
    """A family's colour: its own for the built-in ones, else one drawn from its letters
    (the same on every run)."""
    known = FAMILY_COLOURS.get(family_code)
    if known is not None:
        return known
    hue = zlib.crc32(family_code.encode("utf-8")) % 360
    return f"hsl({hue}, 65%, 35%)"
