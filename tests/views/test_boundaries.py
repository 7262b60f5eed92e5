"""Views read results and plain report data: of the package they import only ``result``, so
the library, the batch and the command line can all use them and none is loaded by them."""

from __future__ import annotations

import pytest

from ..test_architecture import group, in_parts, reachable


@pytest.mark.parametrize("name", group("cleaner.views"))
def test_a_view_imports_nothing_of_the_package_but_the_result(name: str) -> None:
    found = in_parts(reachable(name), "cleaner")
    assert {m for m in found if not m.startswith("cleaner.views")} <= {"cleaner.result"}
