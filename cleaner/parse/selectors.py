"""DOM selectors of rule packs: the elements a rule targets by tag, class/id word or role.

A selector is a small subset of CSS, checked at load: ``figcaption`` (a tag), ``.share``
(a word of the element's ``class`` or ``id``), ``[role=navigation]``, or a tag with either
(``div.related``). Class and id values are split into lowercase words at every non-letter
and at camelCase humps, so ``.related`` finds ``related-posts``, ``relatedPosts`` and
``td_related_block``, but not ``unrelated``. Word look-ups are one dict probe per word, far
cheaper than general CSS, and they are what chrome containers are named by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<word>[a-z0-9]+))?(?:\[role=(?P<role>[a-z-]+)\])?$")
_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")

T = TypeVar("T")
SEEN_MAX = 100_000
"""Element keys (tag, class, id, role) whose answer a SelectorIndex remembers: a few MB."""


@dataclass(frozen=True, slots=True)
class Selector:
    """One parsed selector; a missing part matches anything."""

    tag: str | None
    word: str | None
    role: str | None

    def matches(self, tag: str, words: Sequence[str], role: str | None) -> bool:
        """Whether an element with this tag, class/id words and role is selected."""
        return (
            (self.tag is None or self.tag == tag)
            and (self.word is None or self.word in words)
            and (self.role is None or self.role == role)
        )


def parse_selector(text: str) -> Selector | None:
    """The selector ``text`` spells, or None when it is not one this module reads."""
    found = _SELECTOR.match(text.strip().lower())
    if found is None or not any(found.groups()):
        return None
    return Selector(found["tag"], found["word"], found["role"])


def attribute_words(*values: str | None) -> list[str]:
    """The lowercase words of class/id attribute values, camelCase humps split."""
    return [word for value in values if value for word in _WORD.findall(_HUMP.sub(" ", value).lower())]


class SelectorIndex(Generic[T]):
    """Selectors of many owners (rules), looked up by an element's tag, words and role: each
    element costs a dict probe per class/id word, never a pass over every selector."""

    __slots__ = ("_by_tag", "_by_word", "_by_role", "_seen", "tags", "xpath")

    def __init__(self, owners: Iterable[tuple[T, Sequence[Selector]]]) -> None:
        self._by_tag: dict[str, list[tuple[int, T, Selector]]] = {}
        self._by_word: dict[str, list[tuple[int, T, Selector]]] = {}
        self._by_role: dict[str, list[tuple[int, T, Selector]]] = {}
        for order, (owner, selectors) in enumerate(owners):
            for selector in selectors:
                if selector.word is not None:
                    table, key = self._by_word, selector.word
                elif selector.role is not None:
                    table, key = self._by_role, selector.role
                else:
                    table, key = self._by_tag, str(selector.tag)
                table.setdefault(key, []).append((order, owner, selector))
        self.tags = frozenset(self._by_tag)
        """Tags that select an element without any attribute."""
        self.xpath = "//*[@class or @id or @role]" + "".join(f" | //{tag}" for tag in sorted(self.tags))
        """The elements worth asking ``owner`` about, in one XPath: any with a class, id or
        role, and any of a selected tag."""
        self._seen: dict[tuple[str, str | None, str | None, str | None], T | None] = {}

    def __bool__(self) -> bool:
        return bool(self._by_tag or self._by_word or self._by_role)

    def owner(self, tag: str, attrib: Any) -> T | None:
        """The first owner (in declaration order) whose selector picks this element. Pages
        repeat a few class names hundreds of times, so answers are remembered (a pure
        function of the four values; at most ``SEEN_MAX`` of them)."""
        key = (tag, attrib.get("class"), attrib.get("id"), attrib.get("role"))
        if key in self._seen:
            return self._seen[key]
        if len(self._seen) >= SEEN_MAX:
            self._seen.clear()
        found = self._seen[key] = self._owner(*key)
        return found

    def _owner(self, tag: str, classes: str | None, ids: str | None, role: str | None) -> T | None:
        words = attribute_words(classes, ids)
        best: tuple[int, T] | None = None
        for order, owner, selector in self._candidates(tag, words, role):
            if (best is None or order < best[0]) and selector.matches(tag, words, role):
                best = (order, owner)
        return None if best is None else best[1]

    def _candidates(
        self, tag: str, words: Sequence[str], role: str | None
    ) -> Iterator[tuple[int, T, Selector]]:
        yield from self._by_tag.get(tag, ())
        if role is not None:
            yield from self._by_role.get(role, ())
        for word in words:
            yield from self._by_word.get(word, ())
