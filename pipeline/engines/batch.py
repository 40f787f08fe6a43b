"""Translating a feed of records, and the output records every engine writes.

A feed is a stream of ``Record`` (JSONL lines, Parquet rows, RSS/Atom items, files).
The local engine groups consecutive records so that short items share model batches;
``pipeline.engines.ray`` spreads the same work over a Ray cluster. Both give each
record the same output: one record per sentence (``segment_records``), or one error
record naming why the document could not be translated (``error_record``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.errors import MtauditError
from pipeline.io.inputs import Record
from pipeline.engines.local import Pipeline, Processed, segment_record


@dataclass(frozen=True)
class Outcome:
    """One input record after translation: the document, or why there is none."""

    record: Record
    processed: Processed | None
    error: str | None = None

    def records(self) -> list[dict[str, Any]]:
        """The output records of this document (JSONL/Parquet rows)."""
        if self.processed is None:
            return [error_record(self.record, self.error or f"{self.record.doc}: unreadable")]
        return segment_records(self.processed, self.record)


def carried(record: Record) -> dict[str, Any]:
    """The input record's other fields, kept in every output record under ``fields``."""
    return {"fields": record.fields} if record.fields else {}


def error_record(record: Record, error: str) -> dict[str, Any]:
    """The output record of a document that could not be translated."""
    return {"doc": record.doc, "error": error, **carried(record)}


def segment_records(processed: Processed, record: Record) -> list[dict[str, Any]]:
    """One output record per sentence of a translated document."""
    extra = carried(record)
    return [{**segment_record(processed, seg), **extra} for seg in processed.segments]


def groups(records: Iterable[Record], max_chars: int = 200_000, max_docs: int = 512) -> Iterator[list[Record]]:
    """Consecutive groups of records, translated together so that short items share batches."""
    group: list[Record] = []
    size = 0
    for record in records:
        length = len(record.text or "")
        if group and (size + length > max_chars or len(group) >= max_docs):
            yield group
            group, size = [], 0
        group.append(record)
        size += length
    if group:
        yield group


def translate_local(
    pipeline: Pipeline, records: Iterable[Record], tick: Callable[[int], None] = lambda n: None
) -> Iterator[Outcome]:
    """Translate a feed in this process, in input order; a failed record does not stop the rest."""
    for group in groups(records):
        readable = [r for r in group if r.error is None and r.text is not None]
        results = iter(pipeline.process_many([(r.doc, r.text or "") for r in readable]))
        for record in group:
            outcome = next(results) if record.error is None and record.text is not None else None
            tick(1)
            if isinstance(outcome, Processed):
                yield Outcome(record, outcome)
            else:
                error = str(outcome) if isinstance(outcome, MtauditError) else (record.error or f"{record.doc}: unreadable")
                yield Outcome(record, None, error)
