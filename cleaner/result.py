"""What cleaning returns: the text, every removal with its rule and reason, the score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Removal:
    """One span of the decoded input that cleaning removed, and the rule that removed it."""

    code: str
    name: str
    reason: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in ("code", "name", "reason", "text", "start", "end")}


@dataclass(frozen=True, slots=True)
class Result:
    """The cleaned article. ``text`` is the decoded input with every removal cut out."""

    text: str
    removals: tuple[Removal, ...]
    score: float
    signals: Mapping[str, float]
    issues: tuple[str, ...]
    language: str
    """The language of the text: an ISO 639-1 code ("en", "pl", "zh"), or "und" when it is
    too short to tell (a menu line, numbers) or the identifier is unsure."""
    format: Literal["text", "html"] = "text"
    """How the input was read. For HTML, offsets point into the page's extracted main text
    (``original()``), not into the markup."""
    metadata: Mapping[str, str] = field(default_factory=dict)
    """What an HTML page says of itself (title, author, date, url, sitename, language,
    where it has them); empty for text input."""
    page_type: str = "other"
    """What sort of page this is: article, forum, product, collection, listing,
    documentation, service or other; the signals named ``type_*`` hold the evidence."""

    def original(self) -> str:
        """The decoded input, rebuilt by putting the removals back."""
        pieces: list[str] = []
        in_text = in_original = 0
        for removal in self.removals:
            kept = removal.start - in_original
            pieces.append(self.text[in_text : in_text + kept])
            pieces.append(removal.text)
            in_text += kept
            in_original = removal.end
        pieces.append(self.text[in_text:])
        return "".join(pieces)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {
            "text": self.text,
            "score": self.score,
            "signals": dict(self.signals),
            "issues": list(self.issues),
            "language": self.language,
            "format": self.format,
            "metadata": dict(self.metadata),
            "page_type": self.page_type,
            "removals": [r.to_dict() for r in self.removals],
        }

    def explain(self) -> str:
        """The input line by line: kept lines as they are, removed ones struck and coded."""
        out: list[str] = []
        original = self.original()
        spans = iter(self.removals)
        current = next(spans, None)
        offset = 0
        for line in original.splitlines(keepends=True):
            while current is not None and current.end <= offset:
                current = next(spans, None)
            body = line.rstrip("\r\n")
            if body.strip() and current is not None and current.start <= offset < current.end:
                out.append(f"- {body.strip()}    [{current.code} {current.name}]")
            elif body.strip():
                out.append(f"  {body.strip()}")
            offset += len(line)
        summary = ", ".join(f"{k}={v:.2f}" for k, v in self.signals.items())
        out.append(f"score {self.score:.2f} ({summary})")
        return "\n".join(out)
