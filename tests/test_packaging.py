"""The wheel carries the rule packs, so an installed cleaner finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_the_wheel_ships_every_rule_pack(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("cleaner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {f"cleaner/rules/{p.name}" for p in (ROOT / "rules").glob("*.toml")}
    assert packs and packs <= names
    assert "cleaner/py.typed" in names
