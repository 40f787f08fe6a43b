"""The audit: translate the repost, align it with the original, compare, score, report.

``audit(original, repost)`` is the Python API; ``mtaudit audit`` calls the same
function. The returned ``Report`` turns into the DESIGN.md JSON schema with
``to_dict()``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.fidelity.align import align
from pipeline.fidelity.compare import Divergence, SideSpan, Verdict, compare_documents, severity_rank
from pipeline.errors import InputError
from pipeline.engines.local import Pipeline, Processed, span_records
from pipeline.fidelity.metrics import Pair, Scores, score_pairs
from pipeline.fidelity.moves import find_moves
from pipeline.types import AlignedGroup, Document, Identified

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Report:
    """Everything an audit found; ``to_dict`` gives the versioned JSON form."""

    original: Document
    original_langs: tuple[Identified, ...]
    repost: Processed
    alignment: tuple[AlignedGroup, ...]
    divergences: tuple[Divergence, ...]
    pairs: tuple[Pair, ...]
    scores: Scores
    signature: dict[str, Any] = field(default_factory=dict)
    verdict: Verdict | None = None  # coverage of each document by the other

    def worst(self) -> str | None:
        """The worst severity found, or None when there is no divergence."""
        if not self.divergences:
            return None
        return min((d.severity for d in self.divergences), key=severity_rank)

    def fails(self, threshold: str) -> bool:
        """True when a divergence of ``threshold`` severity or worse was found."""
        rank = severity_rank(threshold)
        return any(severity_rank(d.severity) <= rank for d in self.divergences)

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of divergences per type and per severity."""
        by_type: dict[str, int] = {}
        by_severity: dict[str, int] = {}
        for d in self.divergences:
            by_type[d.type] = by_type.get(d.type, 0) + 1
            by_severity[d.severity] = by_severity.get(d.severity, 0) + 1
        return {"type": by_type, "severity": by_severity}

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md report schema (``schema_version`` 1)."""
        text = self.repost.document.text
        return {
            "schema_version": SCHEMA_VERSION,
            "original": {
                "path": self.original.path,
                **({"encoding": self.original.encoding} if self.original.encoding else {}),
                "sentences": [
                    {"id": s.id, "start": s.start, "end": s.end, "text": s.text, "lang": ident.lang}
                    for s, ident in zip(self.original.sentences, self.original_langs)
                ],
            },
            "repost": {
                "path": self.repost.document.path,
                **({"encoding": self.repost.document.encoding} if self.repost.document.encoding else {}),
                "sentences": [
                    {
                        "id": seg.sentence.id,
                        "start": seg.sentence.start,
                        "end": seg.sentence.end,
                        "text": seg.sentence.text,
                        "lang": seg.lang,
                        "lang_confidence": round(seg.confidence, 4),
                        "lang_source": seg.lang_source,
                        **({"lang_alternatives": list(seg.alternatives)} if seg.alternatives else {}),
                        "route": seg.route,
                        "translation": seg.translation,
                        "foreign_spans": span_records(text, seg.foreign_spans),
                        **({"flag": seg.flag} if seg.flag else {}),
                        **({"checks": list(seg.checks), "retried": seg.retried} if seg.checks or seg.retried else {}),
                    }
                    for seg in self.repost.segments
                ],
            },
            "alignment": [
                {"original": list(g.original), "repost": list(g.repost), "score": round(g.score, 4), "kind": g.kind}
                for g in self.alignment
            ],
            "divergences": [_divergence(d) for d in self.divergences],
            "scores": {
                **self.scores.to_dict(),
                "pairs": [
                    {"original": list(p.original_ids), "repost": list(p.repost_ids), "chrf": round(c, 2)}
                    for p, c in zip(self.pairs, self.scores.segment_chrf)
                ],
            },
            **({"verdict": self.verdict.to_dict()} if self.verdict else {}),
            "counts": self.counts(),
            "signature": self.signature,
        }


def _side(span: SideSpan | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"sentence": span.sentence, "start": span.start, "end": span.end, "text": span.text}


def _divergence(d: Divergence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id,
        "type": d.type,
        "severity": d.severity,
        "original": _side(d.original),
        "repost": _side(d.repost),
        "translation": {"text": d.translation} if d.translation is not None else None,
        "message": d.message,
    }
    if d.approximate:
        out["approximate"] = True
    # The values compared, as data: renderers show them without reading the message.
    out.update({key: value for key, value in (("before", d.before), ("after", d.after), ("kind", d.kind))
                if value is not None})
    return out


def aligned_pairs(original: Document, repost: Processed, alignment: Sequence[AlignedGroup],
                  furniture_original: frozenset[int] = frozenset(),
                  furniture_repost: frozenset[int] = frozenset()) -> list[Pair]:
    """The scoring pairs: each group with content; lonely content sentences pair with ''.

    Dropped or added sentences count against the score (an empty side), page furniture
    does not: ``furniture_*`` are the sentences the comparison judged furniture
    (``Comparison.furniture_original``/``furniture_repost``), so that the scores and the
    divergences rest on one judgement.
    """
    pairs: list[Pair] = []
    for g in alignment:
        hyp = " ".join(repost.segments[i].translation for i in g.repost)
        ref = " ".join(original.sentences[i].text for i in g.original)
        lonely = not (g.original and g.repost)
        if lonely and set(g.original) <= furniture_original and set(g.repost) <= furniture_repost:
            continue
        pairs.append(Pair(hyp, ref, g.original, g.repost))
    return pairs


@dataclass(frozen=True)
class Original:
    """An English original, segmented and identified once (reusable across reposts)."""

    document: Document
    langs: tuple[Identified, ...]


def read_original(pipeline: Pipeline, path: str, text: str, encoding: str | None = None,
                  limited: bool = True) -> Original:
    """Segment and identify the original an audit compares against (held to the size limit
    the repost is held to, unless it was read already: ``limited`` False for an archived one)."""
    if limited:
        pipeline.check_size(path, text)
    document = pipeline.segment(path, text, encoding)
    if not document.sentences:
        raise InputError(f"{path}: empty document (nothing to audit against)")
    langs = tuple(pipeline.identifier.identify(text, document.sentences))
    _warn_if_foreign(path, document, langs)
    return Original(document, langs)


def _warn_if_foreign(path: str, document: Document, langs: Sequence[Identified]) -> None:
    """Say so when most of an original reads as another language: it is compared as English,
    and ORIGINAL and REPOST given the wrong way round read so (the audit still runs)."""
    by_lang: Counter[str] = Counter()
    for sentence, ident in zip(document.sentences, langs):
        by_lang[ident.lang] += len(sentence.text)
    lang, size = max(by_lang.items(), key=lambda item: item[1])
    if lang not in ("en", "und") and size > 0.5 * sum(by_lang.values()):
        from pipeline.translation.route import language_name

        log.warning("%s reads as %s (%d%% of its text), not English: the original is compared as English "
                    "(the arguments are ORIGINAL REPOST)", path, language_name(lang),
                    round(100 * size / sum(by_lang.values())))


def audit_texts(
    pipeline: Pipeline, original_path: str, original_text: str, repost_path: str, repost_text: str,
    encodings: tuple[str | None, str | None] = (None, None),
) -> Report:
    """Audit two already-read texts with a configured ``pipeline`` (``encodings``: what
    each file was decoded as, for the report; None for a text given as a string)."""
    prepared = read_original(pipeline, original_path, original_text, encodings[0])
    return audit_against(pipeline, prepared, repost_path, repost_text, encodings[1])


def audit_against(pipeline: Pipeline, prepared: Original, repost_path: str, repost_text: str,
                  repost_encoding: str | None = None) -> Report:
    """Audit a repost against an already prepared original."""
    original, original_langs = prepared.document, prepared.langs
    original_text = original.text
    repost = pipeline.process(repost_path, repost_text, repost_encoding)
    # A sentence left untranslated (flagged) has no English to weigh: its neighbours place it.
    opaque = [k for k, seg in enumerate(repost.segments) if seg.flag]
    original_texts = [s.text for s in original.sentences]
    repost_texts = [seg.translation or seg.sentence.text for seg in repost.segments]
    alignment = tuple(find_moves(align(original_texts, repost_texts, params=pipeline.config.align, opaque=opaque),
                                 original_texts, repost_texts))
    compared = compare_documents(original_text, original.sentences, repost_text, repost.segments, alignment,
                                 pipeline.config.compare.severity, pipeline.config.compare.off)
    pairs = tuple(aligned_pairs(original, repost, alignment, compared.furniture_original, compared.furniture_repost))
    scores = score_pairs(pairs)
    signature = {**pipeline.signature(), "metrics": scores.signatures, "aligner": "mtaudit.align"}
    return Report(original, original_langs, repost, alignment, compared.divergences, pairs, scores, signature,
                  compared.verdict)
