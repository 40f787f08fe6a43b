"""Fidelity scores with sacrebleu over aligned pairs (repost English side vs original).

Per-segment statistics are kept apart from the corpus score so that re-thresholding or
bootstrapping never re-runs translation. Only the 13a/intl tokenizers are used: others
download resources at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER


@dataclass(frozen=True)
class Pair:
    """One aligned pair: the repost's English side (hypothesis) and the original (reference)."""

    hypothesis: str
    reference: str
    original_ids: tuple[int, ...]
    repost_ids: tuple[int, ...]


@dataclass(frozen=True)
class Scores:
    """Corpus-level BLEU/chrF/TER, per-pair chrF, and the metric signatures."""

    bleu: float
    chrf: float
    ter: float
    segment_chrf: tuple[float, ...]
    signatures: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bleu": round(self.bleu, 2),
            "chrf": round(self.chrf, 2),
            "ter": round(self.ter, 2),
            "signatures": dict(self.signatures),
        }


def metrics(tokenize: str = "13a") -> tuple[BLEU, CHRF, TER]:
    """The three metrics with mtaudit's settings."""
    return BLEU(tokenize=tokenize), CHRF(), TER()


def score_pairs(pairs: Sequence[Pair], tokenize: str = "13a") -> Scores:
    """Corpus scores over ``pairs`` (empty input scores 0 BLEU/chrF and 100 TER)."""
    bleu, chrf, ter = metrics(tokenize)
    hyps = [p.hypothesis for p in pairs]
    refs = [[p.reference for p in pairs]]
    if not pairs:  # sacrebleu needs one segment to know the reference count
        hyps, refs = [""], [[""]]
    chrf_hyps, chrf_refs = _added_joined(hyps, refs[0])
    ter_hyps, ter_refs = _pieces(hyps, refs[0])
    corpus = (bleu.corpus_score(hyps, refs), chrf.corpus_score(chrf_hyps, [chrf_refs]),
              ter.corpus_score(ter_hyps, [ter_refs]))
    # Signatures are only complete once a metric has seen references.
    signatures = {name: str(m.get_signature()) for name, m in zip(("bleu", "chrf", "ter"), (bleu, chrf, ter))}
    if not pairs:
        return Scores(0.0, 0.0, 100.0, (), signatures)
    segment = tuple(chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs[0]))
    return Scores(corpus[0].score, corpus[1].score, corpus[2].score, segment, signatures)


# TER's shift search grows with the cube of a segment's length: a pair of 1,000 words (a text
# with no full stop) took 48 s, 2,000 words 4 minutes. A pair longer than ``TER_LONG_WORDS``
# (no sentence of news is) is scored for TER in pieces of about ``TER_PIECE_WORDS`` on both
# sides: the edits within each piece count as before, a shift across a piece's edge as a
# deletion and an insertion. 1,000 words of Reuters text without a full stop: 25.7 -> 7.3 s.
TER_LONG_WORDS, TER_PIECE_WORDS = 100, 40


def _pieces(hyps: Sequence[str], refs: Sequence[str]) -> tuple[list[str], list[str]]:
    """``hyps`` and ``refs`` with every pair longer than ``TER_LONG_WORDS`` cut into
    pieces, the same number on both sides, each side in pieces of equal length."""
    out_h: list[str] = []
    out_r: list[str] = []
    for hyp, ref in zip(hyps, refs):
        h, r = hyp.split(), ref.split()
        count = -(-max(len(h), len(r)) // TER_PIECE_WORDS)
        if max(len(h), len(r)) <= TER_LONG_WORDS:
            out_h.append(hyp)
            out_r.append(ref)
            continue
        for k in range(count):
            out_h.append(" ".join(h[k * len(h) // count:(k + 1) * len(h) // count]))
            out_r.append(" ".join(r[k * len(r) // count:(k + 1) * len(r) // count]))
    return out_h, out_r


def _added_joined(hyps: Sequence[str], refs: Sequence[str]) -> tuple[list[str], list[str]]:
    """The pairs for corpus chrF, each added sentence (an empty reference) joined to the
    pair before it (or after it): sacrebleu's chrF skips a segment whose reference is
    empty, so eight sentences slipped into a faithful repost left it at 100."""
    out_h: list[str] = []
    out_r: list[str] = []
    waiting = ""
    for hyp, ref in zip(hyps, refs):
        if not ref.strip() and out_h:
            out_h[-1] = f"{out_h[-1]} {hyp}".strip()
        elif not ref.strip():
            waiting = f"{waiting} {hyp}".strip()
        else:
            out_h.append(f"{waiting} {hyp}".strip())
            out_r.append(ref)
            waiting = ""
    if not out_h:  # nothing but additions: no reference to score against
        return list(hyps), list(refs)
    return out_h, out_r
