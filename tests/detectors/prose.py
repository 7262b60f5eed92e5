"""Paragraphs for the detector tests: finished sentences of an exact length that share no
pair of content words, so that no repeat detector takes one for another."""

from __future__ import annotations

_NOUNS = [
    "river",
    "harbour",
    "garden",
    "window",
    "kitchen",
    "market",
    "village",
    "engine",
    "ladder",
    "pocket",
    "island",
    "mirror",
    "blanket",
    "candle",
    "forest",
    "meadow",
    "bridge",
    "castle",
    "tunnel",
    "orchard",
    "valley",
    "station",
    "bakery",
    "library",
    "lantern",
    "compass",
    "saddle",
    "anchor",
    "carpet",
    "pillow",
    "kettle",
    "basket",
]


def paragraph(seed: int, words: int) -> str:
    """A finished sentence of exactly ``words`` words, every other one a function word; the
    content words carry ``seed``, so paragraphs of different seeds share none."""
    tokens: list[str] = []
    step = 0
    while len(tokens) < words:
        tokens.append("the" if len(tokens) % 2 == 0 else f"{_NOUNS[(seed * 7 + step) % len(_NOUNS)]}{seed}")
        step += len(tokens) % 2
    return tokens[0].capitalize() + " " + " ".join(tokens[1:]) + "."
