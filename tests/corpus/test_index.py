"""The corpus index: blocks a site prints on many of its pages are dropped as site chrome."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xxhash
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config, CorpusIndex, CorpusIndexError, clean, page_blocks
from cleaner.batch.sites import Sites
from cleaner.corpus import fingerprint as fp
from cleaner.testing import any_text, articles_with_chrome, assert_contract

from ..conftest import SEEDS

HEAD = [
    "Riverside Gazette | Local news for locals",
    "Home  Town  Sport  Weather",
    "The Riverside Gazette, independent since 1921 and proud of it",
]
TAIL = [
    "Our reporters: Ann Lee, Bob Ray and Cy Young",
    "Sign up for the Gazette letter and hear about the town from us every single Friday morning",
    "Ann Lee has written about Riverside for the Gazette since 2009, covering the council, the "
    "schools and the river, and she lives in the old town with her two dogs and a cat.",
]
DISCLAIMER = (
    "The views expressed in this article are the author's own and do not reflect the "
    "editorial position of the Riverside Gazette."
)
ARTICLES = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))[:5]]


def page(article: str, number: int = 0, middle: str | None = None) -> str:
    """An article in the Gazette's chrome; ``number`` varies the dates in it."""
    head = [*HEAD, f"Posted March {number + 1}, 2024 at {number + 7}:15"]
    if middle is not None:
        paragraphs = article.split("\n\n")
        article = "\n\n".join([*paragraphs[:3], middle, *paragraphs[3:]])
    return "\n".join(head) + "\n\n" + article + "\n\n" + "\n".join(TAIL) + "\n"


def gazette(count: int = 5, **options: object) -> CorpusIndex:
    index = CorpusIndex(**options)  # type: ignore[arg-type]
    for number, article in enumerate(ARTICLES[:count]):
        index.add_blocks(page_blocks(page(article, number)), "gazette", f"page-{number}")
    return index


def kept_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    return gazette()


@given(
    st.lists(st.lists(st.binary(min_size=1, max_size=12), min_size=1, max_size=20), min_size=1, max_size=8)
)
@settings(max_examples=50)
def test_block_minhashes_are_datasketch_minhashes(sets: list[list[bytes]]) -> None:
    reference = MinHash.bulk(
        sets, num_perm=fp.NUM_PERM, seed=fp.SEED, scheme=fp.SCHEME, hashfunc=xxhash.xxh32_intdigest
    )
    for row, minhash in zip(fp.minhashes(sets), reference, strict=True):
        assert np.array_equal(row, minhash.hashvalues)


def test_chrome_seen_on_every_page_of_the_site_is_removed_with_its_own_code(index: CorpusIndex) -> None:
    cleaner = Cleaner(corpus=index)
    for number, article in enumerate(ARTICLES):
        raw = page(article, number)
        result = cleaner.clean(raw, site="gazette")
        assert_contract(raw, result)
        for line in [*HEAD[1:], *TAIL, f"Posted March {number + 1}, 2024 at {number + 7}:15"]:
            assert line not in result.text
        plain = clean(raw)
        assert kept_lines(plain.text) - kept_lines(result.text) <= {*HEAD, *TAIL}, "article text was lost"
        codes = {r.code for r in result.removals}
        assert "SB101" in codes
        reasons = [r.reason for r in result.removals if r.code == "SB101"]
        assert all("of the 5 pages of site 'gazette'" in reason for reason in reasons)


def test_dates_and_counters_do_not_hide_a_line_and_a_new_page_meets_the_chrome(index: CorpusIndex) -> None:
    unseen = page(ARTICLES[0], number=41)  # dates never indexed
    seen = index.pages_of(unseen.splitlines()[:4], "gazette")
    assert seen == [5, 5, 5, 5]


def test_a_long_block_reworded_a_little_is_still_the_same_chrome(index: CorpusIndex) -> None:
    reworded = TAIL[2].replace("two dogs and a cat", "two dogs and a parrot")
    assert index.pages_of([reworded], "gazette") == [5]
    assert index.pages_of(["Sign up for the Gazette letter and win a car"], "gazette") == [0]


def test_below_min_pages_nothing_is_removed_and_other_sites_do_not_count() -> None:
    index = gazette(count=2)
    raw = page(ARTICLES[2], 2)
    assert "SB101" not in {r.code for r in Cleaner(corpus=index).clean(raw, site="gazette").removals}
    index.add_blocks(page_blocks(page(ARTICLES[3], 3)), "other-site", "x")
    assert index.pages_of(HEAD[1:2], "gazette") == [2]
    assert index.pages_of(HEAD[1:2], "other-site") == [1]
    assert index.pages_of(HEAD[1:2], "never-seen") == [0]


def test_a_page_added_twice_is_counted_once() -> None:
    index = gazette(count=1)
    assert index.add_blocks(page_blocks(page(ARTICLES[0], 0)), "gazette", "page-0") is False
    assert index.add_blocks(page_blocks(page(ARTICLES[0], 0)), "gazette", "page-0-copy") is True
    assert index.pages_of(HEAD[1:2], "gazette") == [2]
    assert index.site_pages("gazette") == 2


def test_without_a_site_only_an_index_of_one_site_is_used(index: CorpusIndex) -> None:
    raw = page(ARTICLES[1], 1)
    assert "SB101" in {r.code for r in Cleaner(corpus=index).clean(raw).removals}
    two = gazette()
    two.add_blocks(page_blocks("Some other page"), "elsewhere")
    assert "SB101" not in {r.code for r in Cleaner(corpus=two).clean(raw).removals}


def test_site_chrome_can_be_switched_off_like_any_rule(index: CorpusIndex) -> None:
    raw = page(ARTICLES[1], 1)
    for selector in ("SB101", "corpus", "corpus.site-chrome"):
        result = Cleaner(Config(ignore=[selector]), corpus=index).clean(raw, site="gazette")
        assert "SB101" not in {r.code for r in result.removals}


@pytest.mark.parametrize(("in_body", "kept"), [("drop", False), ("keep", True)])
def test_a_disclaimer_inside_every_article_is_dropped_or_kept_as_configured(in_body: str, kept: bool) -> None:
    index = CorpusIndex(in_body=in_body)  # type: ignore[arg-type]
    pages = [page(article, n, middle=DISCLAIMER) for n, article in enumerate(ARTICLES)]
    for number, raw in enumerate(pages):
        index.add_blocks(page_blocks(raw), "gazette", str(number))
    result = Cleaner(corpus=index).clean(pages[2], site="gazette")
    assert (DISCLAIMER in result.text) is kept
    assert HEAD[1] not in result.text


def test_a_saved_index_cleans_exactly_as_the_one_in_memory(index: CorpusIndex, tmp_path: Path) -> None:
    path = tmp_path / "site.idx"
    index.save(path)
    loaded = CorpusIndex.load(path)
    assert (loaded.sites, loaded.size, loaded.blocks, loaded.min_pages) == (
        index.sites,
        index.size,
        index.blocks,
        index.min_pages,
    )
    raw = page(ARTICLES[4], 4)
    assert Cleaner(corpus=loaded).clean(raw, "gazette") == Cleaner(corpus=index).clean(raw, "gazette")
    assert loaded.add_blocks(page_blocks(page(ARTICLES[0], 0)), "gazette", "page-0") is False, (
        "page ids are saved"
    )
    assert CorpusIndex.load(path, min_pages=9).min_pages == 9


def saved_arrays(path: Path) -> dict[str, Any]:
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def rewrite_meta(path: Path, change: dict[str, object]) -> None:
    arrays = saved_arrays(path)
    meta = json.loads(arrays["meta"].tobytes())
    for key, value in change.items():
        target = meta["parameters"] if key in meta["parameters"] else meta
        target[key] = value
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def rewrite_arrays(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    arrays = saved_arrays(path)
    change(arrays)
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def declare_huge_keys(path: Path) -> None:
    """Replace the keys with an array whose header declares 10^12 elements (8 TB) and holds 8 bytes."""
    arrays = saved_arrays(path)
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w") as member:
                if name == "keys":
                    header = {"descr": "<u8", "fortran_order": False, "shape": (10**12,)}
                    np.lib.format.write_array_header_1_0(member, header)
                    member.write(b"\0" * 8)
                else:
                    np.lib.format.write_array(member, array)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"datasketch": "1.5.0"}, "datasketch='1.5.0' (now"),
        ({"num_perm": 128}, "num_perm=128 (now 32)"),
        ({"version": 99}, "index format version 99"),
        ({"format": "something-else"}, "not a cleaner corpus index"),
    ],
)
def test_an_index_built_with_other_parameters_is_refused_with_a_clear_error(
    index: CorpusIndex, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    assert_refused(index, tmp_path, change, message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"min_pages": "3"}, "metadata min_pages missing or wrong"),
        ({"in_body": "maybe"}, "metadata in_body missing or wrong"),
        ({"sites": "gazette"}, "metadata sites, pages missing or wrong"),
        ({"pages": [1, 2]}, "metadata pages missing or wrong"),
        ({"blocks": -1}, "metadata blocks missing or wrong"),
        ({"parameters": 7}, "built with other fingerprint parameters"),
    ],
)
def test_an_index_with_mistyped_metadata_is_refused_with_a_clear_error(
    index: CorpusIndex, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    assert_refused(index, tmp_path, change, message)


def assert_refused(index: CorpusIndex, tmp_path: Path, change: dict[str, object], message: str) -> None:
    """Loading ``index`` saved with ``change`` made to its metadata raises, saying ``message``."""
    path = tmp_path / "site.idx"
    index.save(path)
    rewrite_meta(path, change)
    with pytest.raises(CorpusIndexError, match=re.escape(message)):
        CorpusIndex.load(path)


def _drop_a_count(arrays: dict[str, Any]) -> None:
    arrays["counts"] = arrays["counts"][1:]


def _unsort_keys(arrays: dict[str, Any]) -> None:
    arrays["keys"] = arrays["keys"][::-1].copy()


def _float_keys(arrays: dict[str, Any]) -> None:
    arrays["keys"] = arrays["keys"].astype(np.float64)


def _more_ids_than_counted(arrays: dict[str, Any]) -> None:
    arrays["ids"] = np.concatenate([arrays["ids"], arrays["ids"]])


def _no_keys(arrays: dict[str, Any]) -> None:
    del arrays["keys"]


def _matrix_counts(arrays: dict[str, Any]) -> None:
    arrays["counts"] = arrays["counts"].reshape(1, -1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_drop_a_count, "keys but .* counts"),
        (_unsort_keys, "keys are not sorted"),
        (_float_keys, "array 'keys' is float64"),
        (_more_ids_than_counted, "page ids do not add up"),
        (_no_keys, "no item named 'keys.npy'"),
        (_matrix_counts, "array 'counts' is uint32"),
    ],
)
def test_an_index_whose_arrays_do_not_fit_together_is_refused_with_a_clear_error(
    index: CorpusIndex, tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    path = tmp_path / "site.idx"
    index.save(path)
    rewrite_arrays(path, change)
    with pytest.raises(CorpusIndexError, match=message):
        CorpusIndex.load(path)


def test_an_index_declaring_more_than_it_holds_is_refused_before_anything_is_allocated(
    index: CorpusIndex, tmp_path: Path
) -> None:
    path = tmp_path / "site.idx"
    index.save(path)
    declare_huge_keys(path)
    with pytest.raises(CorpusIndexError, match=r"array 'keys' is uint64\[1000000000000\]"):
        CorpusIndex.load(path)


def test_a_compressed_index_is_refused_so_that_a_small_file_cannot_unpack_to_gigabytes(
    index: CorpusIndex, tmp_path: Path
) -> None:
    path = tmp_path / "site.idx"
    index.save(path)
    arrays = saved_arrays(path)
    arrays["counts"] = np.ones(10_000_000, np.uint32)  # 40 MB in 40 kB
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(CorpusIndexError, match="array 'meta' is compressed"):
        CorpusIndex.load(path)


@pytest.mark.parametrize("content", [b"", b"not an index", b"PK\x03\x04broken"])
def test_a_file_that_is_not_an_index_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "site.idx"
    path.write_bytes(content)
    with pytest.raises(CorpusIndexError, match="not a readable corpus index"):
        CorpusIndex.load(path)
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("x.txt", "x")
    with pytest.raises(CorpusIndexError):
        CorpusIndex.load(tmp_path / "other.zip")


@given(st.integers(min_value=0, max_value=len(ARTICLES)))
@settings(max_examples=6, deadline=None)
def test_indexes_of_two_halves_merged_count_like_one_index(split: int) -> None:
    pages = [(page(a, n), f"page-{n}") for n, a in enumerate(ARTICLES)]
    whole, first, second = CorpusIndex(), CorpusIndex(), CorpusIndex()
    for number, (raw, name) in enumerate(pages):
        whole.add_blocks(page_blocks(raw), "gazette", name)
        (first if number < split else second).add_blocks(page_blocks(raw), "gazette", name)
    merged = first.merge(second)
    lines = [line for raw, _ in pages for line in raw.splitlines() if line.strip()]
    assert merged.pages_of(lines, "gazette") == whole.pages_of(lines, "gazette")
    assert (merged.size, merged.blocks, merged.site_pages("gazette")) == (whole.size, whole.blocks, 5)


def test_merging_indexes_that_both_counted_a_page_warns() -> None:
    from cleaner.corpus.index import RepeatedPagesWarning

    first, second = CorpusIndex(), CorpusIndex()
    first.add_blocks(page_blocks(page(ARTICLES[0], 0)), "gazette", "page-0")
    second.add_blocks(page_blocks(page(ARTICLES[0], 0)), "gazette", "page-0")
    second.add_blocks(page_blocks(page(ARTICLES[1], 1)), "gazette", "page-1")
    with pytest.warns(RepeatedPagesWarning, match="1 page ids"):
        first.merge(second)


def test_bad_policies_are_configuration_errors() -> None:
    from cleaner import ConfigError

    with pytest.raises(ConfigError):
        CorpusIndex(min_pages=1)
    with pytest.raises(ConfigError):
        CorpusIndex(in_body="maybe")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def growing() -> tuple[CorpusIndex, Cleaner]:
    """An index that each example adds a new site to, and one cleaner reading it."""
    index = CorpusIndex(min_pages=2)
    return index, Cleaner().with_corpus(index)


@given(st.lists(st.one_of(any_text(), articles_with_chrome().map(lambda s: s.text)), min_size=1, max_size=4))
@settings(max_examples=20, deadline=None)
def test_any_pages_in_an_index_clean_without_an_exception_and_keep_the_contract(
    growing: tuple[CorpusIndex, Cleaner], pages: list[str]
) -> None:
    index, cleaner = growing
    site = f"site-{len(index.sites)}"
    for number, raw in enumerate(pages):
        index.add_blocks(page_blocks(raw), site, str(number))
    for raw in pages:
        result = cleaner.clean(raw, site=site)
        assert_contract(raw, result)
        assert all(
            f"of the {len(pages)} pages of site" in r.reason for r in result.removals if r.code == "SB101"
        )


@given(
    st.dictionaries(st.sampled_from(["url", "site", "text"]), st.one_of(st.text(), st.integers(), st.none()))
)
def test_any_record_has_a_site_and_urls_give_their_host(record: dict[str, object]) -> None:
    for sites in (Sites("url"), Sites("field", "site"), Sites()):
        assert isinstance(sites.of_record(record, "dumps/a.jsonl"), str)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.example.com/a?b", "example.com"),
        ("news.example.org/x", "news.example.org"),
        ("http://[bad", "dumps"),
    ],
)
def test_a_url_gives_its_host_and_one_that_does_not_parse_the_folder(url: str, site: str) -> None:
    assert Sites("url").of_record({"url": url}, "dumps/a.jsonl") == site


def _html_page(article: str) -> str:
    """An HTML page of the Gazette: its article paragraphs, then the paper's own box."""
    paragraphs = "".join(f"<p>{line}</p>" for line in article.splitlines() if len(line.split()) >= 12)
    return (
        "<!doctype html><html><head><title>Riverside Gazette</title></head><body>"
        f"<article>{paragraphs}<p>{TAIL[2]}</p></article></body></html>"
    )


def test_html_pages_are_indexed_by_the_main_text_that_cleaning_reads() -> None:
    pages = [_html_page(article) for article in ARTICLES]
    index = CorpusIndex()
    for number, page in enumerate(pages):
        index.add_blocks(page_blocks(page), site="gazette", page=str(number))
    alone = Cleaner(Config()).clean(pages[0])
    with_index = Cleaner(Config(), corpus=index).clean(pages[0], site="gazette")
    assert TAIL[2] in alone.text
    assert TAIL[2] not in with_index.text
    assert any(r.code == "SB101" and TAIL[2] in r.text for r in with_index.removals)
    assert with_index.metadata.get("title") == "Riverside Gazette"
