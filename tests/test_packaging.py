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
    (wheel,) = tmp_path.glob("page_cleaner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {f"cleaner/rules/{p.name}" for p in (ROOT / "rules").glob("*.toml")}
    assert packs and packs <= names
    assert "cleaner/py.typed" in names


def test_a_plain_install_runs_the_readme_main_command(tmp_path: Path) -> None:
    """``pip install .`` without extras must bring every module the command imports: a
    dependency that only a dev extra pulled in once broke the README's main command."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True, cwd=tmp_path)
    output = tmp_path / "out"
    done = subprocess.run(
        [str(venv / "bin" / "cleaner"), "clean", str(ROOT / "seeds"), str(output)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert sorted(p.name for p in output.glob("*.txt")) == seeds
