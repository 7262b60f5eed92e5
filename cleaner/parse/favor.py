"""The choices of how trafilatura weighs precision against recall, apart from ``parse.html``
so that settings and configuration name them without loading trafilatura."""

from __future__ import annotations

from typing import Literal

Favor = Literal["precision", "balanced", "recall"]
FAVORS: tuple[Favor, ...] = ("precision", "balanced", "recall")
"""How trafilatura weighs precision against recall (its ``favor_precision``, neither, or
``favor_recall``), its fallback extractors (readability, jusText) on
in all three, comments left out. Measured on the WCXB pages with even ids, main text of
trafilatura alone (F1 / P / R): precision 0.753 / 0.860 / 0.746, balanced 0.817 / 0.860 /
0.832, recall 0.792 / 0.860 / 0.803; the cleaner's earlier choice, recall without fallbacks,
0.774 / 0.850 / 0.793 (forum pages 0.46 against 0.67 balanced: the fallbacks find the
replies). Comments included lose 0.005 overall and win nothing on forums."""
