"""The integrations are front doors, as ``cleaner.dask`` is (docs/ARCHITECTURE.md): the
library never imports them, they never import the command line or the batch, and
``import cleaner`` loads none of them (nor datatrove nor datasets)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import ROOT
from ..test_architecture import FRONT_DOORS, group, in_parts, modules, reachable

INTEGRATIONS = "cleaner.integrations"
LIBRARY = [m for m in modules() if not in_parts([m], *FRONT_DOORS, INTEGRATIONS, "cleaner.testing")]


@pytest.mark.parametrize("name", LIBRARY)
def test_the_library_never_imports_an_integration(name: str) -> None:
    assert in_parts(reachable(name), INTEGRATIONS) == []


@pytest.mark.parametrize("name", group(INTEGRATIONS))
def test_an_integration_never_imports_the_command_line_or_the_batch(name: str) -> None:
    assert in_parts(reachable(name), "cleaner.cli", "cleaner.batch", "cleaner.dask") == []


def test_importing_cleaner_loads_no_integration() -> None:
    code = "import sys, cleaner; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert in_parts(loaded, INTEGRATIONS, "datatrove", "datasets") == []
