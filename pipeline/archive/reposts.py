"""Reposts as documents: translated through the pipeline, matched, audited against their originals.

``pipeline.archive.matching`` decides on English sentences; this module takes a repost
as read (any language), translates it (``Pipeline``), hands its English to
``match_sentences``, and audits the pairs found. It also loads up front what a batch
of reposts will need (``preload``), so that no repost pays for a model load.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.archive.matching import MatchResult, match_sentences
from pipeline.archive.store import ArchiveIndex
from pipeline.engines.local import Pipeline
from pipeline.errors import InputError, LimitError, ModelNotFoundError
from pipeline.fidelity import meaning
from pipeline.fidelity.report import Report, audit_against, read_original
from pipeline.settings import MatchParams
from pipeline.text.lexicon import zipf
from pipeline.translation.models import left_untranslated
from pipeline.types import Identified, Sentence


@dataclass(frozen=True)
class MatchedRepost:
    """A repost after translation and matching, or the error that stopped it (then ``result`` is None)."""

    doc: str
    text: str | None
    result: MatchResult | None
    sentences: int = 0
    flagged: int = 0  # sentences passed through untranslated (no model, no route)
    unavailable: int = 0  # ...of which their model could not be loaded or failed on them
    error: str | None = None

    def to_record(self, top: int, fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON record of this repost: the match, its figures, or the error as the reason."""
        if self.result is None:
            record: dict[str, Any] = {"repost": self.doc, "match": None, "originals": [], "runner_up": None,
                                      "candidates": [], "reason": f"not matched: {self.error}", "error": self.error}
        else:
            record = self.result.to_record(self.doc, top)
            record["sentences"] = self.sentences
            if self.flagged:
                record["untranslated_sentences"] = self.flagged
        if fields:
            record["fields"] = dict(fields)
        return record


def match_document(pipeline: Pipeline, index: ArchiveIndex, doc: str, text: str,
                   params: MatchParams) -> MatchedRepost:
    """Translate one repost through ``pipeline`` (TM, cache, models) and match it against ``index``.

    A repost that cannot be translated (its language's model is missing, it is empty or
    too long) is returned with its error instead of raising: one bad repost of a feed
    must not stop the others. With ``--strict`` a missing model stops the run.
    """
    try:
        processed = pipeline.process(doc, text)
    except ModelNotFoundError as exc:
        if pipeline.engine.strict:
            raise
        return MatchedRepost(doc, text, None, error=str(exc))
    except (InputError, LimitError) as exc:
        return MatchedRepost(doc, text, None, error=str(exc))
    english = [seg.translation or seg.sentence.text for seg in processed.segments]
    flagged = sum(1 for seg in processed.segments if seg.flag)
    unavailable = sum(1 for seg in processed.segments if left_untranslated(seg.flag))
    return MatchedRepost(doc, text, match_sentences(index, english, params), len(english), flagged, unavailable)


@dataclass(frozen=True)
class Preloaded:
    """What ``preload`` loaded: the languages identified and the translation models."""

    languages: frozenset[str]
    models: tuple[str, ...]


def preload(pipeline: Pipeline, docs: Iterable[tuple[str, str]]) -> Preloaded:
    """Load now what matching ``docs`` (name, text) will need, so that no repost pauses for it.

    The identifier loads a language's models and word list the first time a sentence
    needs them, a translation model loads when its language first comes, the checks
    of a translation read its source language's word list (up to 4 s for Arabic), and
    the aligner reads the English one when it first pairs sentences by word evidence
    and its near-synonym encoder when words first lack a counterpart:
    pauses of 0.2-4 s inside whichever repost comes first. Identifying a batch's first
    documents, loading the translation models they need (as many as the pool keeps)
    and the word lists of their languages up front takes them before the first result.
    """
    found: set[str] = set()
    sentences: list[Sentence] = []
    identified: list[Identified] = []
    for doc, text in docs:
        try:
            document, langs = pipeline.prepare(doc, text)
        except (InputError, LimitError):
            continue  # reported when its turn comes
        found.update(i.lang for i in langs)
        sentences += document.sentences
        identified += langs
    models = pipeline.load_models(sentences, identified)
    for lang in found | {"en"}:
        zipf("the", lang)  # reads the language's word list, as the checks of a translation from it will
    meaning.preload()  # the aligner's near-synonym encoder, read when words first lack a counterpart
    return Preloaded(frozenset(found), models)


def match_rows(index: ArchiveIndex, rows: Iterable[Mapping[str, Any]], texts: Mapping[str, str],
               params: MatchParams) -> Iterator[tuple[MatchedRepost, dict[str, Any]]]:
    """Match the documents of a translation engine's output rows (``--engine ray``).

    ``rows`` are the per-sentence records ``mtaudit translate --format jsonl`` writes,
    in input order: a document's rows are consecutive, an untranslatable document is
    one row with ``error``. ``texts`` gives each document's text as read (for the
    audit). Yields each repost with the fields its input record carried.
    """
    for doc, group in itertools.groupby(rows, key=lambda row: str(row["doc"])):
        batch = list(group)
        fields = dict(batch[0].get("fields") or {})
        error = next((str(row["error"]) for row in batch if "error" in row), None)
        if error is not None:
            yield MatchedRepost(doc, texts.get(doc), None, error=error), fields
            continue
        english = [str(row["translation"] or row["text"]) for row in batch]
        flagged = sum(1 for row in batch if row.get("flag"))
        unavailable = sum(1 for row in batch if left_untranslated(row.get("flag")))
        yield (MatchedRepost(doc, texts.get(doc), match_sentences(index, english, params), len(english), flagged,
                             unavailable), fields)


def audit_pairs(pipeline: Pipeline, index: ArchiveIndex, matched: MatchedRepost) -> list[Report]:
    """The audit of the repost against each original it was matched to (best first)."""
    if matched.result is None or matched.text is None:
        return []
    reports = []
    for original, _ in matched.result.originals:
        # Archived already (indexed whatever its size): no limit for a repost's input to stop it.
        prepared = read_original(pipeline, f"{index.path}#{original.id}", index.text(original.id), limited=False)
        reports.append(audit_against(pipeline, prepared, matched.doc, matched.text))
    return reports
