"""clean_batch in Dataset.map: 50 documents, in one process and in two."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cleaner import Config
from cleaner.integrations import NESTED_FIELDS
from cleaner.result import Result

from .conftest import CONFIG, TOO_LARGE, documents, expected

datasets = pytest.importorskip(
    "datasets", reason="datasets is not installed: pip install 'page-cleaner[datasets]'"
)
from cleaner.integrations.datasets import COLUMNS, clean_batch  # noqa: E402


@pytest.fixture(autouse=True)
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's own datasets cache, so that no run reads another's."""
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_fifty_documents_give_the_same_columns_in_one_process_and_in_two() -> None:
    texts = documents()
    source = datasets.Dataset.from_dict({"text": texts, "id": list(range(len(texts)))})
    options = {"batched": True, "batch_size": 8, "fn_kwargs": {"config": CONFIG}}
    alone = source.map(clean_batch, **options)
    two = source.map(clean_batch, num_proc=2, **options)
    assert json.dumps(alone.to_list()) == json.dumps(two.to_list())  # NaN, the failed score, equals nothing
    assert list(alone.features) == ["text", "id", *list(COLUMNS)[1:]]
    assert {name: alone.features[name].dtype for name in COLUMNS} == {
        name: "float64" if name == "cleaner_score" else "string" for name in COLUMNS
    }
    for record, outcome, text in zip(alone, expected(), texts, strict=True):
        if isinstance(outcome, Result):
            assert record["text"] == outcome.text
            assert record["cleaner_score"] == outcome.score
            assert record["cleaner_page_type"] == outcome.page_type
            assert record["cleaner_language"] == outcome.language
            assert json.loads(record["cleaner_removals"]) == [r.to_dict() for r in outcome.removals]
            assert record["cleaner_error"] == ""
        else:
            assert record["id"] == TOO_LARGE
            assert record["text"] == text  # kept as it was
            assert math.isnan(record["cleaner_score"])
            assert record["cleaner_error"].startswith("InputTooLargeError")
    kept = alone.filter(lambda record: record["cleaner_score"] >= 0.8)
    assert 0 < len(kept) < len(texts) - 1


def test_a_batch_of_results_without_removals_then_one_with_keeps_the_types() -> None:
    """Arrow types a column from the first batch: a batch of documents with nothing removed
    comes first, and the removals of the next must still fit."""
    plain = (
        "Quiet morning\n\n" + "The ferry left the harbour on time and the passengers watched the gulls. " * 3
    )
    texts = [plain, plain, documents()[0], None]
    mapped = datasets.Dataset.from_dict({"text": texts}).map(
        clean_batch, batched=True, batch_size=2, fn_kwargs={"config": Config(), "column": "text"}
    )
    assert mapped[0]["cleaner_removals"] == "[]"
    assert json.loads(mapped[2]["cleaner_removals"])
    assert mapped[3]["cleaner_error"] == "not text: NoneType"
    assert all(json.loads(mapped[0][f"cleaner_{name}"]) is not None for name in NESTED_FIELDS)
