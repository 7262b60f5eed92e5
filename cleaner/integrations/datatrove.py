"""A datatrove pipeline step that cleans each document (extra ``page-cleaner[datatrove]``).

``CleanerStep`` is a datatrove ``BaseFilter``: it replaces ``doc.text`` with the cleaned
text, puts the rest of the result in ``doc.metadata`` (the keys of
``cleaner.integrations.row``, each behind ``cleaner_``: ``cleaner_score``,
``cleaner_page_type``, ``cleaner_removals`` as JSON, ...), counts in the step's stats the
removals of each rule (``removed_<CODE>``), the page types (``page_type_<type>``) and the
score (``cleaner_score``), and drops through datatrove's own filter mechanism (counted as
``dropped_<reason>``, written to ``exclusion_writer`` with ``filter_reason`` when one is given):

* a document scoring under ``min_score``: reason ``below_min_score``;
* a document cleaning fails on (a ``CleanerError``: too large, unreadable HTML; or no text):
  reason ``cleaner_error``, its text left as it was and ``cleaner_error`` in its metadata.
  Uncleaned text is not passed on as if it were clean; the exclusion writer keeps it.
"""

from __future__ import annotations

from collections import Counter

from ..config import Config
from ..result import Result
from . import clean_or_error, cleaner_for, prefixed, row

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as exc:  # pragma: no cover - the extra is installed in CI
    raise ImportError(
        f"cleaner.integrations.datatrove needs datatrove ({exc.name} is missing): "
        "pip install 'page-cleaner[datatrove]'"
    ) from exc

LOW_SCORE = "below_min_score"
"""The filter reason of a document scoring under ``min_score``."""
FAILED = "cleaner_error"
"""The filter reason of a document cleaning failed on, and its metadata key for the error."""


class CleanerStep(BaseFilter):
    """Clean ``doc.text``; record the result in metadata and stats; drop what scores under
    ``min_score`` (None: drop nothing for its score) and what cannot be cleaned.

    The step carries its ``Config`` (which pickles) and each worker process builds its own
    cleaner on its first document, so datatrove's executors can ship the step anywhere.
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        config: Config | None = None,
        min_score: float | None = None,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        self.config = config or Config()
        self.min_score = min_score

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean one document in place: True keeps it, ``(False, reason)`` drops it."""
        outcome = clean_or_error(cleaner_for(self.config), doc.text)
        fields = prefixed(row(doc.text, outcome))
        doc.text = fields.pop("text")
        doc.metadata.update(fields)
        if not isinstance(outcome, Result):
            return False, FAILED
        self._count(outcome)
        if self.min_score is not None and outcome.score < self.min_score:
            return False, LOW_SCORE
        return True

    def _count(self, result: Result) -> None:
        self.stat_update("cleaner_score", value=result.score)
        self.stat_update(f"page_type_{result.page_type}")
        self.stat_update("removals", value=len(result.removals))
        for code, count in sorted(Counter(r.code for r in result.removals).items()):
            self.stat_update(f"removed_{code}", value=count)
