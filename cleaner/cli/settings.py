"""Command-line defaults from a file: ``[tool.cleaner]`` in ``pyproject.toml``, or ``--config``.

Keys are the long options of ``cleaner clean`` (``min-score = 0.5``, ``select = ["CM"]``);
rule pack paths are relative to the file. The command line wins over the file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..batch.deadline import DEFAULT_TIMEOUT
from ..config import DEFAULT_MAX_BYTES, DEFAULT_MAX_HTML_BYTES, DEFAULT_MAX_LINES
from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    """One option of ``cleaner clean`` that a settings file may also set."""

    key: str
    """As a settings file spells it, the long option without its dashes (``min-score``)."""
    types: type | tuple[type, ...]
    """The TOML types its value may have."""
    default: Any
    """What it is when neither the command line nor a settings file sets it."""

    @property
    def dest(self) -> str:
        """As argparse names it (``min_score``)."""
        return self.key.replace("-", "_")


SETTINGS: tuple[Setting, ...] = (
    Setting("select", list, []),
    Setting("ignore", list, []),
    Setting("rules", list, []),
    Setting("output-format", str, "auto"),
    Setting("jobs", int, os.cpu_count() or 1),
    Setting("min-score", (int, float), None),
    Setting("max-bytes", int, DEFAULT_MAX_BYTES),
    Setting("max-lines", int, DEFAULT_MAX_LINES),
    Setting("max-html-bytes", int, DEFAULT_MAX_HTML_BYTES),
    Setting("timeout", (int, float), DEFAULT_TIMEOUT),
    Setting("text-field", str, "text"),
    Setting("html-field", str, None),
    Setting("id-field", str, None),
    Setting("url-field", str, None),
    Setting("site-key", str, None),
    Setting("site-field", str, None),
    Setting("min-pages", int, None),
    Setting("in-body", str, None),
)
"""The one table of settings: the command line's defaults and a settings file's keys."""
KEYS: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}


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
        setting = KEYS.get(key)
        if setting is None:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, setting.types) or isinstance(value, bool):
            raise ConfigError(f"{path}: {key} has the wrong type ({type(value).__name__})")
        if isinstance(value, list):
            value = [str(v) for v in value]
        if key == "rules":
            value = [path.parent / v for v in value]
        settings[setting.dest] = value
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
