"""CleanerStep in a datatrove pipeline: 50 documents read, cleaned, counted and filtered."""

from __future__ import annotations

import gzip
import json
import math
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cleaner.result import Result

from .conftest import CONFIG, TOO_LARGE, documents, expected, threshold

pytest.importorskip("datatrove", reason="datatrove is not installed: pip install 'page-cleaner[datatrove]'")
pytest.importorskip("orjson", reason="datatrove's JsonlReader needs orjson: pip install orjson")
from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.integrations.datatrove import FAILED, LOW_SCORE, CleanerStep  # noqa: E402


def written(folder: Path) -> dict[str, dict[str, Any]]:
    """The documents a JsonlWriter wrote below ``folder``, by id."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                found[record["id"]] = record
    return found


def test_a_pipeline_of_two_tasks_cleans_fifty_documents(tmp_path: Path) -> None:
    texts = documents()
    (tmp_path / "in").mkdir()
    for part in range(2):  # one input file per task
        lines = [{"id": str(n), "text": texts[n], "source": "test"} for n in range(part, len(texts), 2)]
        (tmp_path / "in" / f"{part}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    outcomes = expected()
    min_score = threshold(outcomes)
    stats = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerStep(CONFIG, min_score=min_score, exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    kept, dropped = written(tmp_path / "out"), written(tmp_path / "dropped")
    results = {str(n): r for n, r in enumerate(outcomes) if isinstance(r, Result)}
    assert set(kept) == {n for n, r in results.items() if r.score >= min_score}
    assert set(dropped) == set(map(str, range(len(texts)))) - set(kept)
    assert 0 < len(kept) < len(texts) - 1
    for number, record in kept.items():
        result, metadata = results[number], record["metadata"]
        assert record["text"] == result.text
        assert metadata["source"] == "test"
        assert metadata["cleaner_score"] == result.score
        assert metadata["cleaner_page_type"] == result.page_type
        assert json.loads(metadata["cleaner_removals"]) == [r.to_dict() for r in result.removals]
        assert metadata["cleaner_error"] == ""
    failed = dropped[str(TOO_LARGE)]["metadata"]
    assert failed["filter_reason"] == FAILED
    assert failed["cleaner_error"].startswith("InputTooLargeError")
    assert dropped[str(TOO_LARGE)]["text"] == texts[TOO_LARGE]  # left as it was
    assert {d["metadata"]["filter_reason"] for n, d in dropped.items() if n != str(TOO_LARGE)} == {LOW_SCORE}

    step = stats.stats[1]  # the merged stats of both tasks, which logs/stats.json holds
    assert step.name == str(CleanerStep())
    assert "removed_ST105" in (tmp_path / "logs" / "stats.json").read_text(encoding="utf-8")
    per_rule = Counter(r.code for result in results.values() for r in result.removals)
    assert len(per_rule) > 20
    assert {code: step[f"removed_{code}"].total for code in per_rule} == per_rule
    assert step["removals"].total == per_rule.total()
    assert step["cleaner_score"].n == len(results)
    types = Counter(result.page_type for result in results.values())
    assert {kind: step[f"page_type_{kind}"].total for kind in types} == types
    assert step[f"dropped_{FAILED}"].total == 1
    assert step[f"dropped_{LOW_SCORE}"].total == len(texts) - 1 - len(kept)
    assert step["forwarded"].total == len(kept)


def test_without_min_score_only_a_failed_document_is_dropped() -> None:
    step = pickle.loads(pickle.dumps(CleanerStep(CONFIG)))  # as an executor ships it
    docs = [Document(text=text, id=str(n)) for n, text in enumerate(documents())]
    kept = list(step.run(iter(docs)))
    assert [doc.id for doc in kept] == [str(n) for n in range(len(docs)) if n != TOO_LARGE]
    assert step.stats["dropped"].total == 1
    assert math.isnan(docs[TOO_LARGE].metadata["cleaner_score"])
