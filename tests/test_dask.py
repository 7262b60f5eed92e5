"""Both corpus passes on a Dask LocalCluster give byte for byte what one process gives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner import Config, CorpusIndex, cli, page_blocks
from cleaner.integrations import NESTED_FIELDS

from .cli.test_index import files
from .corpus.test_index import ARTICLES, page

db = pytest.importorskip("dask.bag", reason="Dask is not installed: pip install 'page-cleaner[dask]'")
distributed = pytest.importorskip(
    "distributed", reason="distributed is not installed: pip install 'page-cleaner[dask]'"
)
cleaner_dask = pytest.importorskip("cleaner.dask")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def records() -> list[dict[str, Any]]:
    """Seven pages of two sites, in an order that mixes the sites across partitions."""
    pages = [("gazette", n, article) for n, article in enumerate(ARTICLES)]
    pages += [("blog", n, article) for n, article in enumerate(ARTICLES[:2])]
    return [
        {"id": f"{site}-{number}", "site": site, "text": page(article, number), "lang": "en"}
        for site, number, article in sorted(pages, key=lambda p: (p[1], p[0]))
    ]


def test_dask_passes_give_the_bytes_the_command_line_writes_in_one_process(
    client: Any, tmp_path: Path
) -> None:
    source = tmp_path / "pages.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    single = tmp_path / "single.jsonl"
    arguments = ["--learn-sites", "--site-key", "field", "--site-field", "site", "--jobs", "1", "-q"]
    assert cli.main(["clean", str(source), str(single), *arguments]) == 0
    for partitions in (1, 3, 7):
        bag = db.from_sequence(records(), npartitions=partitions)
        lines = cleaner_dask.clean_bag(bag, cleaner_dask.corpus_index(bag)).compute()
        assert "".join(lines) == single.read_text(encoding="utf-8"), f"{partitions} partitions"
    assert "SB101" in single.read_text(encoding="utf-8")


def test_the_index_a_reduction_builds_is_the_one_a_loop_builds(client: Any, tmp_path: Path) -> None:
    bag = db.from_sequence(records(), npartitions=4)
    reduced = cleaner_dask.corpus_index(bag, min_pages=4).compute()
    looped = CorpusIndex(min_pages=4)
    for record in records():
        looped.add_blocks(page_blocks(record["text"]), record["site"], record["id"])
    reduced.save(tmp_path / "reduced.idx")
    looped.save(tmp_path / "looped.idx")
    assert (tmp_path / "reduced.idx").read_bytes() == (tmp_path / "looped.idx").read_bytes()


def test_a_dataframe_is_cleaned_like_a_bag(client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame(records()), npartitions=2)
    index = cleaner_dask.corpus_index(frame.to_bag(format="dict"))
    cleaned = cleaner_dask.clean_dataframe(frame, index, Config()).compute()
    bag = db.from_sequence(records(), npartitions=2)
    expected = [json.loads(line) for line in cleaner_dask.clean_bag(bag, index).compute()]
    assert list(cleaned["text"]) == [record["text"] for record in expected]
    assert list(cleaned.columns) == [*records()[0], *cleaner_dask.FRAME_COLUMNS]
    for field in cleaner_dask.FRAME_COLUMNS[:-1]:  # every field of the result; nested ones as JSON
        column = [json.loads(v) if field in NESTED_FIELDS else v for v in cleaned[field]]
        assert column == [record["cleaner"][field] for record in expected], field
    assert set(cleaned["error"]) == {""}


def test_a_row_cleaning_fails_on_is_kept_with_the_reason(client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame(records()), npartitions=2)
    config = Config(max_bytes=4_000)  # three pages are longer
    cleaned = cleaner_dask.clean_dataframe(frame, CorpusIndex(), config).compute()
    failed = cleaned[cleaned["error"] != ""]
    assert len(failed) == 3
    assert all(error.startswith("InputTooLargeError") for error in failed["error"])
    assert list(failed["text"]) == [r["text"] for r in records() if r["id"] in set(failed["id"])]
    assert failed["score"].isna().all()


def test_the_command_line_on_a_cluster_writes_what_it_writes_alone(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "in"
    for record in records():
        path = source / record["site"] / f"{record['id']}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record["text"], encoding="utf-8")
    address = client.scheduler.address
    assert cli.main(["clean", str(source), str(tmp_path / "alone"), "--learn-sites", "-q"]) == 0
    assert (
        cli.main(
            ["clean", str(source), str(tmp_path / "dask"), "--learn-sites", "-q", "--scheduler", address]
        )
        == 0
    )
    assert files(tmp_path / "dask") == files(tmp_path / "alone")
    index = tmp_path / "site.idx"
    assert cli.main(["index", "build", str(source), "--out", str(index), "-q", "--scheduler", address]) == 0
    assert cli.main(["clean", str(source), str(tmp_path / "saved"), "--corpus", str(index), "-q"]) == 0
    assert files(tmp_path / "saved") == files(tmp_path / "alone")


def test_a_page_a_bag_cannot_clean_is_a_recorded_skip_with_its_fields(client: Any) -> None:
    bag = db.from_sequence(records(), npartitions=2)
    config = Config(max_bytes=4_000)  # three pages are longer
    lines = [json.loads(line) for line in cleaner_dask.clean_bag(bag, CorpusIndex(), config).compute()]
    assert len(lines) == len(records())
    skipped = [line for line in lines if "skipped" in line["cleaner"]]
    assert len(skipped) == 3
    for line in skipped:
        original = next(r for r in records() if r["id"] == line["id"])
        assert line == {**original, "cleaner": {"skipped": line["cleaner"]["skipped"]}}
        assert line["cleaner"]["skipped"].startswith("InputTooLargeError")
    assert all("score" in line["cleaner"] for line in lines if line not in skipped)


def test_a_dataframe_needs_no_site_column_nor_index(client: Any) -> None:
    """Without an index no site chrome is removed, and without a site column no site is
    used: each page is cleaned as ``cleaner.clean`` cleans it alone."""
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    import pandas as pd

    from cleaner import clean

    frame = pd.DataFrame(records()).drop(columns="site")
    cleaned = cleaner_dask.clean_dataframe(dd.from_pandas(frame, npartitions=2)).compute()
    assert list(cleaned["text"]) == [clean(record["text"]).text for record in records()]
    assert set(cleaned["error"]) == {""}
    with_sites = pd.DataFrame(records())
    alone = cleaner_dask.clean_dataframe(dd.from_pandas(with_sites, npartitions=2)).compute()
    assert list(alone["text"]) == list(cleaned["text"])  # no index: a site column changes nothing


def test_a_page_without_a_site_is_counted_and_cleaned_as_no_sites(client: Any) -> None:
    """A record with no site field, and a DataFrame row whose site is missing (NaN), are
    counted under the site "" (not a KeyError, not a site named "nan") and cleaned alike."""
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    import pandas as pd

    unsited = [{key: value for key, value in record.items() if key != "site"} for record in records()]
    index = cleaner_dask.corpus_index(db.from_sequence(unsited, npartitions=2)).compute()
    assert index.sites == ("",)
    lines = cleaner_dask.clean_bag(db.from_sequence(unsited), index).compute()
    from_bag = [json.loads(line) for line in lines]
    frame = pd.DataFrame(records()).assign(site=float("nan"))
    cleaned = cleaner_dask.clean_dataframe(dd.from_pandas(frame, npartitions=2), index).compute()
    assert list(cleaned["text"]) == [record["text"] for record in from_bag]
    assert any(r["code"] == "SB101" for record in from_bag for r in record["cleaner"]["removals"])
