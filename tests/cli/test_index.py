"""``cleaner index build``, ``cleaner clean --corpus`` and ``--learn-sites``, run as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, CorpusIndex, page_blocks

from ..cli.test_commands import run
from ..corpus.test_index import ARTICLES, page


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sites as sub-folders: the Gazette (five pages in its chrome) and a blog of two,
    and a binary file that cleaning must skip."""
    root = tmp_path_factory.mktemp("sites") / "in"
    for number, article in enumerate(ARTICLES):
        path = root / "gazette" / f"{number}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(article, number), encoding="utf-8")
    for number, article in enumerate(ARTICLES[:2]):
        (root / "blog").mkdir(exist_ok=True)
        (root / "blog" / f"{number}.txt").write_text(page(article, number), encoding="utf-8")
    (root / "blog" / "broken.txt").write_bytes(b"\x00\x01binary")
    return root


def test_an_index_built_then_used_cleans_like_learning_in_one_command_and_like_the_library(
    sites: Path, tmp_path: Path
) -> None:
    built = run("index", "build", sites, "--out", tmp_path / "site.idx")
    assert built.returncode == 0, built.stderr
    assert "2 sites, 7 pages" in built.stderr
    first = run("clean", sites, tmp_path / "a", "--corpus", tmp_path / "site.idx", "--jobs", "2")
    second = run("clean", sites, tmp_path / "b", "--learn-sites", "--jobs", "1")
    assert first.returncode == second.returncode == 1, first.stderr + second.stderr  # the binary file
    assert "skipped blog/broken.txt" in first.stderr
    assert files(tmp_path / "a") == files(tmp_path / "b")
    index = CorpusIndex()
    for path in sorted(sites.rglob("*.txt")):
        if path.name != "broken.txt":
            index.add_blocks(
                page_blocks(path.read_bytes()), path.parent.name, path.relative_to(sites).as_posix()
            )
    cleaner = Cleaner(corpus=index)
    for name, content in files(tmp_path / "a").items():
        raw = (sites / name).read_bytes()
        assert content.decode() == cleaner.clean(raw, site=name.split("/")[0]).text
    explained = run(
        "explain", sites / "gazette" / "3.txt", "--corpus", tmp_path / "site.idx", "--site", "gazette"
    )
    assert "[SB101 corpus.site-chrome]" in explained.stdout
    codes = {
        name: {r.code for r in cleaner.clean((sites / name).read_bytes(), site=name.split("/")[0]).removals}
        for name in ("gazette/3.txt", "blog/1.txt")
    }
    assert "SB101" in codes["gazette/3.txt"]
    assert "SB101" not in codes["blog/1.txt"], "two pages are not site chrome"


def test_records_are_grouped_into_sites_by_the_host_of_their_url(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"link": f"https://{host}/{number}", "text": page(article, number)})
        for number, article in enumerate(ARTICLES[:4])
        for host in ("www.gazette.example", "blog.example")
    ]
    source.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    done = run(
        "clean", source, tmp_path / "out.jsonl", "--learn-sites", "--site-key", "url", "--url-field", "link"
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {r["link"].split("/")[2]: {m["reason"] for m in r["cleaner"]["removals"]} for r in records}
    assert any(
        "of the 4 pages of site 'gazette.example'" in reason for reason in reasons["www.gazette.example"]
    )
    assert any("of the 3 pages of site 'blog.example'" in reason for reason in reasons["blog.example"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--learn-sites", "--site-key", "field"], "--site-key field needs --site-field NAME"),
        (["--corpus", "missing.idx"], "not a readable corpus index"),
        (["--learn-sites", "--min-pages", "1"], "min-pages must be at least 2"),
    ],
)
def test_corpus_usage_errors_exit_2_with_a_reason(
    sites: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    done = run("clean", sites, tmp_path / "out", *arguments, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "out").exists()


def test_learning_needs_an_input_it_can_read_twice(tmp_path: Path) -> None:
    done = run("clean", "-", "-", "--learn-sites", stdin=page(ARTICLES[0]))
    assert done.returncode == 2
    assert "cannot be stdin" in done.stderr
