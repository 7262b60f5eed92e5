"""Issue 13, D3: cleaning the cleaned text removes nothing more. Each case is a minimal
counterexample that a detector once got wrong, because its verdict depended on blocks that
the first cleaning removed."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.blocks import segment
from cleaner.detectors.structure import HEADLINE_SEARCH_BLOCKS, doubled_headline

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS


def _cleaned_twice(cleaner: Cleaner, text: str) -> tuple[str, str]:
    once = cleaner.clean(text).text
    return once, cleaner.clean(once).text


def test_a_copy_of_the_title_is_marked_however_far_below_it() -> None:
    """ST101 once looked at the 10 blocks under the title only: a copy further down moved
    into that window once a repeat (or copies) above it were gone."""
    far = HEADLINE_SEARCH_BLOCKS * 2
    text = "\n".join([LIBRARY_HEADLINE, *[LIBRARY_PARAGRAPHS[i % 4] + f" ({i})" for i in range(far)]])
    blocks = segment(f"{text}\n{LIBRARY_HEADLINE}\n{LIBRARY_PARAGRAPHS[0]}")
    assert list(doubled_headline(blocks, 0)) == [far + 1]


def test_a_copy_of_the_title_below_removed_chrome(cleaner: Cleaner) -> None:
    """The first cleaning drops ad labels (AD101) among the ten blocks under the title; the
    copy of the title below them must go in that same cleaning, not in the next."""
    first, *rest = LIBRARY_PARAGRAPHS
    body = [first, *[line for paragraph in rest for line in ("Advertisement", "Advertisement", paragraph)]]
    closing = "Readers can send their questions about the opening hours to the council by post or by email."
    text = "\n".join([LIBRARY_HEADLINE, *body, LIBRARY_HEADLINE, closing]) + "\n"
    once, twice = _cleaned_twice(cleaner, text)
    assert once.count(LIBRARY_HEADLINE) == 1
    assert twice == once
