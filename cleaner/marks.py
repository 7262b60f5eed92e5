"""Marks: a detector's verdict that one block should go, with the rule that says so."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """The identity every rule shares, declared in a pack or by a built-in detector."""

    code: str
    name: str
    why: str

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Mark:
    """Drop one block because of ``rule``; ``reason`` says why in this article."""

    rule: RuleInfo
    reason: str
    kind: str
    """What the removal counts as in the score: "chrome" or "repeat"."""


Marks = dict[int, Mark]
"""Block index -> the mark that drops it."""
