"""Rule packs: a malformed pack is refused with a message naming its file and rule; user
packs add rules; select and ignore switch rules on and off by code, prefix, name or family."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Config, RulePackError, clean
from cleaner.testing import assert_keeps, assert_removes

from ..conftest import LIBRARY_HEADLINE, LIBRARY_PARAGRAPHS

GOOD_RULE = """
[[rule]]
code = "ZZ901"
name = "widgets.zorblax"
why = "The Zorblax widget's label, left on the page by the scraper"
action = "drop-line"
where = "anywhere"
match.en = ['^zorblax widget\\W*$']
removes = ["Zorblax widget"]
keeps = ["The Zorblax widget was the talk of the trade fair, visitors said."]
"""
"""A valid rule of the family ``widgets`` (so it lives in ``widgets.toml``)."""


def article(*, middle: str = "", headline_twice: bool = False) -> str:
    """A short article, with ``middle`` as a line between its first two paragraphs."""
    blocks = [LIBRARY_HEADLINE, *([LIBRARY_HEADLINE] if headline_twice else []), LIBRARY_PARAGRAPHS[0]]
    blocks += [middle] if middle else []
    blocks += LIBRARY_PARAGRAPHS[1:]
    return "\n\n".join(blocks) + "\n"


def write_pack(folder: Path, family: str, text: str) -> Path:
    path = folder / f"{family}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    """The message of the RulePackError that loading ``path`` as a user pack raises."""
    with pytest.raises(RulePackError) as caught:
        Cleaner(Config(extra_packs=[path]))
    return str(caught.value)


# --------------------------------------------------------------------------- malformed packs


def with_field(field: str, value: str) -> str:
    """GOOD_RULE with one field replaced (or added, when it is not there)."""
    lines = [line for line in GOOD_RULE.splitlines() if not line.startswith(f"{field} =")]
    return "\n".join([*lines, f"{field} = {value}"]) + "\n"


@pytest.mark.parametrize(
    ("pack", "complaint"),
    [
        (with_field("action", '"drop-page"'), "action"),
        (with_field("where", '"middle"'), "where"),
        (with_field("match.en", "['^zorblax (widget']"), "does not compile"),
        (with_field("match.en", "['^(a+)+$']"), "runs past"),
        (with_field("match.en", "['(a+)+b']"), "runs past"),
        (with_field("match.en", "['(x+x+)+y']"), "runs past"),
        (with_field("match.en", "['(?:&+&+)+widget']"), "runs past"),
        (GOOD_RULE.replace('removes = ["Zorblax widget"]\n', ""), "removes"),
        (GOOD_RULE.replace("keeps = [", "# keeps = ["), "keeps"),
        (with_field("removes", "[]"), "removes"),
        (with_field("matches", "['^zorblax$']"), "unknown field"),
        (with_field("max_words", "0"), "max_words"),
        (with_field("match.english", "['^zorblax$']"), "language"),
        (with_field("match.en", "['^(?P<widget>zorblax)$']"), "named groups"),
        (GOOD_RULE.replace('why = "The', 'why = ""\n# "The'), "why"),
    ],
    ids=[
        "bad-action",
        "bad-where",
        "pattern-does-not-compile",
        "catastrophic-nested-plus-anchored",
        "catastrophic-nested-plus",
        "catastrophic-on-its-own-letters",
        "catastrophic-on-its-own-marks",
        "missing-removes",
        "missing-keeps",
        "empty-removes",
        "unknown-field",
        "bad-max-words",
        "bad-language",
        "named-group",
        "empty-why",
    ],
)
def test_a_malformed_rule_is_refused_naming_the_file_and_the_code(
    tmp_path: Path, pack: str, complaint: str
) -> None:
    path = write_pack(tmp_path, "widgets", pack)
    message = load_error(path)
    assert str(path) in message
    assert "ZZ901" in message
    assert complaint in message


def test_a_pattern_that_backtracks_on_its_own_letters_is_refused_at_load(tmp_path: Path) -> None:
    """``(x+x+)+y`` passed the generic adversarial lines (none holds an "x") and then hung the
    cleaner on an article with a line of 40 "x" (issue 13, D4): lines made of the pattern's own
    literals now show it at load."""
    path = write_pack(tmp_path, "widgets", with_field("match.en", "['(x+x+)+y']"))
    message = load_error(path)
    assert f"{path}: ZZ901: match.en: pattern '(x+x+)+y' runs past" in message
    assert "'xxxxxxxxxxxx'" in message


@pytest.mark.parametrize(
    "pattern",
    [r"^zorblax widget\W*$", r"^(?:see|read) (?:also|more)\W*$", r"^[»›]\s*zorblax(?: \d+)?$"],
)
def test_a_pattern_that_stays_fast_on_its_own_literals_loads(tmp_path: Path, pattern: str) -> None:
    path = write_pack(tmp_path, "widgets", with_field("match.en", f"['{pattern}']"))
    assert Cleaner(Config(extra_packs=[path])).clean(article()).removals == ()


@pytest.mark.parametrize(
    ("family", "rules", "named"),
    [
        (
            "widgets",
            GOOD_RULE + GOOD_RULE.replace("widgets.zorblax", "widgets.zorblax-two"),
            ("ZZ901", "already used"),
        ),
        ("widgets", GOOD_RULE.replace("ZZ901", "CM101"), ("CM101", "already used")),
        ("widgets", GOOD_RULE + GOOD_RULE.replace("ZZ901", "ZZ902"), ("ZZ902", "widgets.zorblax")),
        ("gadgets", GOOD_RULE, ("ZZ901", "gadgets")),
    ],
    ids=["duplicate-code", "code-of-a-shipped-pack", "duplicate-name", "name-outside-the-family"],
)
def test_a_clash_is_refused_naming_the_file_and_the_rule(
    tmp_path: Path, family: str, rules: str, named: tuple[str, ...]
) -> None:
    path = write_pack(tmp_path, family, rules)
    message = load_error(path)
    assert str(path) in message
    for part in named:
        assert part in message


def test_a_pack_that_is_not_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "widgets", "[[rule]\ncode = ")
    assert str(path) in load_error(path)


def test_a_missing_pack_is_refused_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    assert str(path) in load_error(path)


# --------------------------------------------------------------------------- user packs


def test_a_user_pack_adds_its_rules(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "widgets", GOOD_RULE)
    cleaner = Cleaner(Config(extra_packs=[path]))
    assert "ZZ901" in {rule.code for rule in cleaner.pack_rules}
    assert len(cleaner.pack_rules) == len(Cleaner().pack_rules) + 1
    result = cleaner.clean(article(middle="Zorblax widget"))
    assert_removes(result, "Zorblax widget", code="ZZ901")
    for paragraph in LIBRARY_PARAGRAPHS:
        assert_keeps(result, paragraph)


def test_a_folder_of_user_packs_adds_every_pack_in_it(tmp_path: Path) -> None:
    write_pack(tmp_path, "widgets", GOOD_RULE)
    other = GOOD_RULE.replace("ZZ901", "ZZ911").replace("widgets.", "gizmos.").replace("zorblax", "frobnik")
    write_pack(tmp_path, "gizmos", other.replace("Zorblax", "Frobnik"))
    codes = {rule.code for rule in Cleaner(Config(extra_packs=[tmp_path])).pack_rules}
    assert {"ZZ901", "ZZ911"} <= codes


def test_without_a_user_pack_its_line_stays(tmp_path: Path) -> None:
    assert_keeps(clean(article(middle="Zorblax widget")), "Zorblax widget")


def test_the_shipped_rules_are_loaded_from_the_packs_with_their_source() -> None:
    rules = Cleaner().pack_rules
    assert {"CM101", "RM101"} <= {rule.code for rule in rules}
    for rule in rules:
        assert Path(rule.source).name == f"{rule.family}.toml"


# --------------------------------------------------------------------------- select / ignore


def test_keep_reading_is_removed_by_default() -> None:
    assert_removes(clean(article(middle="Keep Reading")), "Keep Reading", code="RM101")


@pytest.mark.parametrize("selector", ["RM101", "RM", "readmore.keep-reading", "readmore"])
def test_ignoring_the_keep_reading_rule_keeps_keep_reading(selector: str) -> None:
    result = clean(article(middle="Keep Reading"), ignore=[selector])
    assert_keeps(result, "Keep Reading")
    assert "RM101" not in {r.code for r in result.removals}


@pytest.mark.parametrize("selector", ["CM101", "CM", "comments"])
def test_selecting_other_rules_switches_keep_reading_off(selector: str) -> None:
    assert_keeps(clean(article(middle="Keep Reading"), select=[selector]), "Keep Reading")


@pytest.mark.parametrize("selector", ["RM101", "readmore"])
def test_selecting_the_keep_reading_rule_keeps_it_on(selector: str) -> None:
    result = clean(article(middle="Keep Reading"), select=[selector])
    assert_removes(result, "Keep Reading", code="RM101")


def test_ignore_wins_over_select() -> None:
    result = clean(article(middle="Keep Reading"), select=["readmore"], ignore=["RM101"])
    assert_keeps(result, "Keep Reading")


def test_a_doubled_headline_is_removed_by_default() -> None:
    result = clean(article(headline_twice=True))
    assert result.text.count(LIBRARY_HEADLINE) == 1
    assert "ST101" in {r.code for r in result.removals}


@pytest.mark.parametrize("selector", ["structure", "ST"])
def test_ignoring_the_structure_family_keeps_a_doubled_headline(selector: str) -> None:
    result = clean(article(headline_twice=True), ignore=[selector])
    assert result.text.count(LIBRARY_HEADLINE) == 2, result.explain()


@pytest.mark.parametrize("selector", ["ST101", "structure.doubled-headline"])
def test_ignoring_only_the_doubled_headline_rule_leaves_the_copy_to_head_chrome(selector: str) -> None:
    result = clean(article(headline_twice=True), ignore=[selector])
    assert result.text.count(LIBRARY_HEADLINE) == 1, result.explain()
    assert [r.code for r in result.removals] == ["ST104"], result.explain()


def test_a_user_rule_can_be_ignored_like_a_shipped_one(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "widgets", GOOD_RULE)
    result = Cleaner(Config(extra_packs=[path], ignore=["widgets"])).clean(article(middle="Zorblax widget"))
    assert_keeps(result, "Zorblax widget")
