"""The package's boundaries, checked from its import graph (docs/ARCHITECTURE.md).

The library never imports the command line or the batch; detectors never call back up into
the flow or touch files; parsing knows nothing of rules or detection; the corpus index is an
index alone; rule packs are data and their loader runs nothing.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "cleaner"
ROOT_PACKAGE = "cleaner"
MAX_TOP_LEVEL_MODULES = 15


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def direct_imports(name: str) -> frozenset[str]:
    """The package's modules that ``name`` imports itself (at any depth of its code)."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(m for m in found if m in modules())


def _resolve(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def reachable(name: str) -> set[str]:
    """Every module of the package that importing ``name`` loads, through its sub-packages'
    ``__init__`` too. The root ``cleaner/__init__`` is left out: it is the public face,
    which Python runs before any module of the package."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen or current == ROOT_PACKAGE:
            continue
        seen.add(current)
        todo.extend(direct_imports(current))
        parent = current.rpartition(".")[0]
        if parent:
            todo.append(parent)
    return seen - {name, ROOT_PACKAGE}


def in_parts(found: Iterable[str], *parts: str) -> list[str]:
    """The modules of ``found`` that are any of ``parts`` or lie below one of them."""
    return sorted(m for m in found if any(m == p or m.startswith(p + ".") for p in parts))


def group(prefix: str) -> list[str]:
    return [name for name in modules() if name == prefix or name.startswith(prefix + ".")]


FRONT_DOORS = ("cleaner.cli", "cleaner.batch", "cleaner.dask")
LIBRARY = [m for m in modules() if not in_parts([m], *FRONT_DOORS, "cleaner.testing")]


def test_the_top_level_holds_few_modules() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, sorted(top)


@pytest.mark.parametrize("name", LIBRARY)
def test_the_library_never_imports_the_command_line_or_the_batch(name: str) -> None:
    assert in_parts(reachable(name), *FRONT_DOORS) == []


def test_importing_cleaner_loads_no_front_door() -> None:
    """Checked in a fresh interpreter, as a pipeline imports it. (argparse itself is loaded
    by trafilatura's own imports, so the check is on the package's modules.)"""
    code = "import sys, cleaner; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert in_parts(loaded, *FRONT_DOORS, "cleaner.testing") == []
    assert "cleaner.api" in loaded


@pytest.mark.parametrize("name", group("cleaner.detectors"))
def test_a_detector_never_calls_back_into_the_flow(name: str) -> None:
    forbidden = (
        "cleaner.api",
        "cleaner.detect",
        "cleaner.config",
        "cleaner.corpus",
        "cleaner.atomic",
        *FRONT_DOORS,
    )
    assert in_parts(reachable(name), *forbidden) == []


@pytest.mark.parametrize("name", group("cleaner.detectors"))
def test_a_detector_reads_no_file(name: str) -> None:
    tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not imported & {"os", "io", "pathlib", "shutil", "tempfile", "gzip"}
    assert "open" not in called


@pytest.mark.parametrize("name", [*group("cleaner.parse"), "cleaner.blocks"])
def test_parsing_knows_nothing_of_rules_or_detection(name: str) -> None:
    forbidden = (
        "cleaner.packs",
        "cleaner.detectors",
        "cleaner.detect",
        "cleaner.api",
        "cleaner.score",
        "cleaner.decide",
    )
    assert in_parts(reachable(name), *forbidden, "cleaner.corpus", *FRONT_DOORS) == []


@pytest.mark.parametrize("name", group("cleaner.corpus"))
def test_the_corpus_index_is_an_index_alone(name: str) -> None:
    """It counts and looks up blocks (split into words as features split them); it reads no page."""
    forbidden = (
        "cleaner.api",
        "cleaner.detect",
        "cleaner.config",
        "cleaner.parse.html",
        "cleaner.parse.decode",
        "cleaner.packs",
    )
    forbidden += ("cleaner.detectors",)
    assert in_parts(reachable(name), *forbidden, *FRONT_DOORS) == []


@pytest.mark.parametrize("name", group("cleaner.packs"))
def test_the_rule_engine_stands_below_the_flow(name: str) -> None:
    forbidden = ("cleaner.api", "cleaner.detect", "cleaner.detectors", "cleaner.corpus", "cleaner.config")
    assert in_parts(reachable(name), *forbidden, *FRONT_DOORS) == []


def test_a_pack_loader_runs_nothing() -> None:
    """Packs are TOML data: the loader reads them with tomllib and never evaluates or imports."""
    tree = ast.parse(modules()["cleaner.packs.loader"].read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not names & {"eval", "exec", "compile", "__import__"}
    assert not attributes & {"import_module", "exec_module", "load_source"}
    assert sorted({p.suffix for p in (ROOT / "rules").iterdir()}) == [".toml"]


def test_no_module_imports_one_above_its_own_layer() -> None:
    """The plain data modules at the top import none of the flow's parts."""
    data = ("cleaner.errors", "cleaner.marks", "cleaner.blocks", "cleaner.result", "cleaner.atomic")
    flow = (
        "cleaner.api",
        "cleaner.detect",
        "cleaner.parse",
        "cleaner.packs",
        "cleaner.detectors",
        "cleaner.corpus",
    )
    for name in data:
        assert in_parts(reachable(name), *flow, *FRONT_DOORS) == [], name


def test_importing_cleaner_loads_no_html_parser_and_no_corpus_index() -> None:
    """Start-up stays cheap (issue 14): trafilatura, datasketch and SciPy load on first use."""
    code = "import sys, cleaner; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert loaded.isdisjoint(
        {"cleaner.parse.html", "cleaner.corpus.index", "trafilatura", "datasketch", "scipy"}
    )
    assert {"cleaner.parse.sniff", "cleaner.api"} <= loaded
