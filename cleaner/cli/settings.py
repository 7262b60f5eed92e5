"""Command-line defaults from a file: ``[tool.cleaner]`` in ``pyproject.toml``, or ``--config``.

Keys are the long options of ``cleaner clean`` (``min-score = 0.5``, ``select = ["CM"]``);
rule pack paths are relative to the file. The command line wins over the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..errors import ConfigError

KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "ignore": list,
    "rules": list,
    "format": str,
    "jobs": int,
    "min-score": (int, float),
    "max-bytes": int,
    "max-lines": int,
    "max-html-bytes": int,
    "timeout": (int, float),
    "text-field": str,
    "html-field": str,
    "id-field": str,
    "url-field": str,
    "site-key": str,
    "site-field": str,
    "min-pages": int,
    "in-body": str,
}
"""Every key a settings table may hold, and the TOML type of its value."""


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.cleaner]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "cleaner" in _read(candidate).get("tool", {}):
            return candidate
    return None


def load_settings(path: Path) -> dict[str, Any]:
    """The settings in ``path``, keyed as argparse names them (``min_score``).

    A file with a ``[tool.cleaner]`` table uses that table; any other file is the table.
    """
    data = _read(path)
    table = data.get("tool", {}).get("cleaner", data)
    settings: dict[str, Any] = {}
    for key, value in table.items():
        expected = KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{path}: {key} has the wrong type ({type(value).__name__})")
        if isinstance(value, list):
            value = [str(v) for v in value]
        if key == "rules":
            value = [path.parent / v for v in value]
        settings[key.replace("-", "_")] = value
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
