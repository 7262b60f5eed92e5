"""Command-line defaults from a file: ``[tool.cleaner]`` in ``pyproject.toml``, or ``--config``.

Keys are the long options of ``cleaner clean`` (``min-score = 0.5``, ``select = ["CM"]``);
rule pack paths are relative to the file. The command line wins over the file. Values from
both are checked against the one table, ``SETTINGS``: type, choices, range.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast, get_args

from ..batch.deadline import DEFAULT_TIMEOUT
from ..batch.sites import SITE_KEYS
from ..config import DEFAULT_MAX_BYTES, DEFAULT_MAX_HTML_BYTES, DEFAULT_MAX_LINES
from ..corpus.index import InBody
from ..errors import ConfigError
from ..parse.favor import FAVORS
from ..parse.kinds import PAGE_TYPES

CORES = os.cpu_count() or 1
JOBS_PER_CORE = 4
"""``--jobs`` may start at most this many worker processes per core: more only adds memory
and switching (cleaning is CPU-bound), and a typo (``--jobs 640``) must not fork hundreds."""
MOST_BYTES = sys.maxsize - 1
"""The largest size limit: reading a limit plus one byte must still be a valid size."""
MOST_SECONDS = 1e9
"""The longest ``--timeout`` (31 years; 0 is no limit): the timer refuses much longer ones."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One option of ``cleaner clean`` that a settings file may also set, and what it may be."""

    key: str
    """As a settings file spells it, the long option without its dashes (``min-score``)."""
    types: type | tuple[type, ...]
    """The TOML types its value may have."""
    default: Any
    """What it is when neither the command line nor a settings file sets it."""
    choices: tuple[str, ...] = ()
    """The values it may take, if only some."""
    low: float | None = None
    """Its least value, for a number."""
    high: float | None = None
    """Its greatest value, for a number."""
    items: type | tuple[type, ...] = str
    """What a list's items may be (rule pack paths: strings in a file, paths on the command line)."""

    @property
    def dest(self) -> str:
        """As argparse names it (``min_score``)."""
        return self.key.replace("-", "_")

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` for this setting, to follow its name, or None."""
        if isinstance(value, bool) != (self.types is bool) or not isinstance(value, self.types):
            return f"has the wrong type ({type(value).__name__})"
        if isinstance(value, list) and not all(isinstance(item, self.items) for item in value):
            return "must be a list of strings"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, not {value!r}"
        return self._range_problem(cast(float, value))

    def _range_problem(self, number: float) -> str | None:
        low, high = self.low, self.high
        if low is not None and high is not None and not low <= number <= high:
            return f"must be between {_shown(low)} and {_shown(high)}, not {_shown(number)}"
        if low is not None and number < low:
            return f"must be at least {_shown(low)}, not {_shown(number)}"
        return None


def _shown(number: float) -> str:
    """A number as a message shows it: ``1,000,000``, ``0.5``."""
    return f"{int(number):,}" if number == int(number) else f"{number:g}"


SETTINGS: tuple[Setting, ...] = (
    Setting("select", list, []),
    Setting("ignore", list, []),
    Setting("rules", list, [], items=(str, Path)),
    Setting("output-format", str, "auto", choices=("auto", "jsonl", "text", "parquet")),
    Setting("jobs", int, CORES, low=1, high=JOBS_PER_CORE * CORES),
    Setting("min-score", (int, float), None, low=0, high=1),
    Setting("max-bytes", int, DEFAULT_MAX_BYTES, low=1, high=MOST_BYTES),
    Setting("max-lines", int, DEFAULT_MAX_LINES, low=1, high=MOST_BYTES),
    Setting("max-html-bytes", int, DEFAULT_MAX_HTML_BYTES, low=1, high=MOST_BYTES),
    Setting("timeout", (int, float), DEFAULT_TIMEOUT, low=0, high=MOST_SECONDS),
    Setting("favor", str, "balanced", choices=FAVORS),
    Setting("fast", bool, False),
    Setting("text-field", str, "text"),
    Setting("html-field", str, None),
    Setting("id-field", str, None),
    Setting("url-field", str, None),
    Setting("type-field", str, None),
    Setting("page-type", str, None, choices=PAGE_TYPES),
    Setting("site-key", str, None, choices=SITE_KEYS),
    Setting("site-field", str, None),
    Setting("min-pages", int, None, low=2),
    Setting("in-body", str, None, choices=get_args(InBody)),
)
"""The one table of settings: the command line's defaults, a settings file's keys, and what
values each may take (argparse's choices come from here too)."""
KEYS: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}


def check(setting: Setting, value: Any, where: str) -> None:
    """Refuse ``value`` (None: unset) for ``setting`` with a ConfigError that names ``where``
    it was set: the settings file, or the command line."""
    problem = None if value is None else setting.problem(value)
    if problem is not None:
        raise ConfigError(f"{where}{setting.key} {problem}")


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
        check(setting, value, f"{path}: ")
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
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
