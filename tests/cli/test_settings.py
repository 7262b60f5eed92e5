"""Settings from the command line and from a settings file, checked against one table: a value
of the wrong type, out of range or naming no rule stops the command with exit 2 and one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.cli import commands, settings
from cleaner.cli.commands import main

from .test_commands import ARTICLE


@pytest.mark.parametrize(
    ("options", "content", "message"),
    [
        ([], b'jobs = "\xff"\n', "cleaner.toml: not UTF-8 text (byte 8)"),
        (["--timeout", "-1"], b"", "--timeout must be between 0 and 1,000,000,000, not -1"),
        (["--jobs", "100000"], b"", f"--jobs must be between 1 and {4 * settings.CORES:,}, not 100,000"),
        ([], b'in-body = "maybe"\n', "cleaner.toml: in-body must be one of drop, keep, not 'maybe'"),
        ([], b"min-pages = -3\n", "cleaner.toml: min-pages must be at least 2, not -3"),
        ([], b"select = [1, 2]\n", "cleaner.toml: select must be a list of strings"),
        (
            [],
            b"timeout = 1e12\n",
            "cleaner.toml: timeout must be between 0 and 1,000,000,000, not 1,000,000,000,000",
        ),
        (["--max-bytes", "0"], b"", "--max-bytes must be between 1 and"),
        (["--select", "XX999"], b"", "select: no rule matches 'XX999'"),
        ([], b'ignore = ["comments", "no-such-family"]\n', "ignore: no rule matches 'no-such-family'"),
        ([], b'favor = "speed"\n', "cleaner.toml: favor must be one of precision, balanced, recall"),
        ([], b'fast = "yes"\n', "cleaner.toml: fast has the wrong type (str)"),
    ],
    ids=[
        "not-utf8",
        "negative-timeout",
        "too-many-jobs",
        "in-body",
        "min-pages",
        "select-types",
        "huge-timeout",
        "max-bytes",
        "unknown-select",
        "unknown-ignore",
        "favor",
        "fast-type",
    ],
)
def test_a_bad_setting_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], content: bytes, message: str
) -> None:
    (tmp_path / "cleaner.toml").write_bytes(content)
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    arguments = [
        str(tmp_path / "one.txt"),
        str(tmp_path / "out.txt"),
        "--config",
        str(tmp_path / "cleaner.toml"),
    ]
    assert main(["clean", *arguments, *options]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("cleaner: error: ") and message in line, line
    assert not (tmp_path / "out.txt").exists()


def test_every_setting_has_a_default_its_own_checks_accept() -> None:
    for setting in settings.SETTINGS:
        assert setting.default is None or setting.problem(setting.default) is None, setting.key


def test_good_selectors_of_every_kind_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    selectors = "RM101,CM,comments.reply-form,repeats"
    assert (
        main(["clean", str(tmp_path / "one.txt"), str(tmp_path / "out.txt"), "-q", "--select", selectors])
        == 0
    )


def test_favor_and_fast_reach_the_cleaner_from_the_command_line_and_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Config] = []

    def cleaner(config: Config, corpus: object = None) -> Cleaner:
        seen.append(config)
        return Cleaner(config)

    monkeypatch.setattr(commands, "_cleaner", cleaner)
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cleaner.toml").write_text("fast = true\n", encoding="utf-8")
    common = [str(tmp_path / "one.txt"), "--config", str(tmp_path / "cleaner.toml")]
    assert main(["clean", *common, str(tmp_path / "a.txt"), "--favor", "recall"]) == 0
    assert (seen[-1].favor, seen[-1].fast) == ("recall", True)
    (tmp_path / "cleaner.toml").write_text("", encoding="utf-8")
    assert main(["clean", *common, str(tmp_path / "b.txt")]) == 0
    assert (seen[-1].favor, seen[-1].fast) == ("balanced", False)
