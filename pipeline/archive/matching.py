"""Which original(s) of an archive is a repost a version of?

``match_sentences`` takes a repost already in English (one string per sentence:
the translation, or the sentence itself where it was English) and an
``ArchiveIndex``:

1. **retrieve**: the repost is cut into chunks of consecutive sentences; each chunk
   asks the index for the documents sharing its rarest words (names, numbers and
   uncommon words have the lowest document frequency), ranked by BM25. Chunks make a
   repost that combines two originals find both, and keep each query short. The
   chunk rankings are fused by reciprocal rank.
2. **re-rank**: each candidate is aligned with the repost by ``pipeline.fidelity.align``.
   The aligner is monotone, so a repost whose paragraphs were reordered is aligned
   again on what is left unpaired (a few passes pick up each reordered run). The
   share of the repost's characters in pairs scoring at least ``pair_score`` is the
   candidate's ``repost_share``; the same on the original's side is its
   ``original_share`` (a repost of part of an original has a high repost share and a
   low original share).
3. **decide**: the confidence is a logistic function of the best candidate's two
   shares, its mean pair similarity and the share of the repost's numbers its
   counterparts state too (templated stories share wording, not figures); the
   coefficients are in ``[match]`` (``pipeline.settings.MatchParams``), fitted with
   ``scripts/bench_match.py --fit``. Below ``threshold`` there is no match.
   Every other candidate that explains at least ``min_share`` more of the repost, in
   pairs of ``extra_score`` mean similarity, and is a version of the part left
   unexplained above the threshold (``Coverage.part_confidence``: the calibration
   judges it as a partial repost of that part) is listed as a further original, with
   that confidence (a repost combining two stories lists both).
4. **equivalents**: an archive may hold one story twice (Reuters re-issues a story
   under a new id with a line changed). A candidate whose text shares at least
   ``near_duplicate`` of the word 3-grams of the shorter of it and a listed original
   is that original's equivalent: the repost's text cannot tell which of the two was
   copied, so the record lists it beside the original rather than as a rival or a
   further original. The listed one is the group's best by the ranking below
   (closest wording first), ties broken by id, so the choice is deterministic.
"""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.fidelity.align import align
from pipeline.archive.screen import Bound, Side, bound
from pipeline.archive.retrieval import query_chunks, retrieve
from pipeline.archive.store import ArchiveIndex, words
from pipeline.fidelity.similarity import english_numbers
from pipeline.text.numbers import NumberMention, diff_numbers
from pipeline.settings import MatchParams
from pipeline.text.segment import segment


@dataclass(frozen=True)
class Coverage:
    """How much of a repost and of one original align with each other."""

    id: str
    repost_share: float
    original_share: float
    mean_score: float
    weighted_share: float  # repost_share with each pair's characters weighted by its score
    covered: frozenset[int]  # repost sentence indices in shared pairs
    pairs: int
    bm25: float
    numbers_agree: float = 1.0  # share of the numbers of paired repost sentences found in their counterpart
    aligned: bool = True  # False: too few shared words to be worth aligning (shares are 0)

    def confidence(self, params: MatchParams) -> float:
        """Probability that this original is a version of the repost (as calibrated on the benchmark)."""
        z = (params.bias + params.share_weight * self.repost_share + params.cover_weight * self.original_share
             + params.score_weight * self.mean_score + params.number_weight * self.numbers_agree)
        return 1.0 / (1.0 + math.exp(-z))

    def part_confidence(self, params: MatchParams, side: Side, explained: frozenset[int] | set[int]) -> float:
        """Probability that this original is a version of the part of the repost outside ``explained``.

        A repost combining two stories is, past its first original, a partial repost of
        the second: the calibration (which partial reposts are part of) judges the
        second on the share of that part it explains, not of the whole repost, where a
        story of a few lines would stay under the threshold. With nothing explained
        this is ``confidence``.
        """
        rest = side.share(frozenset(range(len(side.lengths))) - explained)
        part = side.share(self.covered - explained) / rest if rest else 0.0
        return replace(self, repost_share=part).confidence(params)

    def figures(self, params: MatchParams) -> dict[str, Any]:
        """The record fields of this candidate."""
        return {
            "id": self.id,
            "confidence": round(self.confidence(params), 4),
            "repost_share": round(self.repost_share, 4),
            "original_share": round(self.original_share, 4),
            "mean_score": round(self.mean_score, 4),
            "numbers_agree": round(self.numbers_agree, 4),
            "pairs": self.pairs,
        }


@dataclass(frozen=True)
class Equivalent:
    """An archived near-duplicate of a listed original: as much a source of the repost as it."""

    coverage: Coverage
    overlap: float  # share of the shorter text's word 3-grams the two texts share


@dataclass(frozen=True)
class MatchResult:
    """The decision for one repost: candidates ranked, the originals it copies, or why none."""

    ranked: tuple[Coverage, ...]
    originals: tuple[tuple[Coverage, float], ...]  # (original, share of the repost it adds)
    params: MatchParams = field(default_factory=MatchParams)
    reason: str | None = None
    equivalents: tuple[tuple[Equivalent, ...], ...] = ()  # per original, in the order of ``originals``
    # Per original: the confidence that it is a version of the part of the repost it was
    # listed for (the first: the whole repost; see ``Coverage.part_confidence``).
    confidences: tuple[float, ...] = ()

    @property
    def best(self) -> Coverage | None:
        """The matched original, or None."""
        return self.originals[0][0] if self.originals else None

    def equivalents_of(self, doc_id: str) -> tuple[Equivalent, ...]:
        """The archived near-duplicates of the listed original ``doc_id`` (none if it is not listed)."""
        for (original, _), same in zip(self.originals, self.equivalents):
            if original.id == doc_id:
                return same
        return ()

    def sources(self, k: int = 0) -> tuple[str, ...]:
        """The ids the ``k``-th listed original stands for: itself, then its equivalents."""
        if k >= len(self.originals):
            return ()
        original = self.originals[k][0]
        return (original.id, *(e.coverage.id for e in self.equivalents_of(original.id)))

    def listed(self, original: Coverage) -> dict[str, Any]:
        """The record figures of a listed original, with its equivalents."""
        figures = original.figures(self.params)
        for (listed, _), confidence in zip(self.originals, self.confidences):
            if listed.id == original.id:
                figures["confidence"] = round(confidence, 4)
        figures["equivalents"] = [{**e.coverage.figures(self.params), "overlap": round(e.overlap, 4)}
                                  for e in self.equivalents_of(original.id)]
        return figures

    def to_record(self, doc: str, top: int = 3) -> dict[str, Any]:
        """The JSON record ``mtaudit match`` writes for this repost."""
        p = self.params
        best = self.best
        same = set(self.sources())
        # The runner-up is another story: an equivalent of the best is listed with it.
        runner = next((c for c in self.ranked if c.id not in same), None)
        return {
            "repost": doc,
            "match": self.listed(best) if best is not None else None,
            "originals": [{**self.listed(c), "adds_share": round(extra, 4)} for c, extra in self.originals],
            "runner_up": runner.figures(p) if runner is not None and best is not None else None,
            "candidates": [c.figures(p) for c in self.ranked[:top]],
            "reason": self.reason,
        }


def original_sentences(text: str) -> list[str]:
    """The sentences of an archived original (the segmenter joins hard-wrapped lines)."""
    return list(_segmented(text))


# What is read off an archived original, kept for the originals a feed meets again (a
# story reposted many times, its near-duplicates): keyed by the text itself, so an
# updated index can never be answered from an older copy.
_RECENT_ORIGINALS = 256


@lru_cache(maxsize=_RECENT_ORIGINALS)
def _segmented(text: str) -> tuple[str, ...]:
    return tuple(s.text for s in segment(text))


def coverage(doc_id: str, original: Sequence[str], repost: Sequence[str], params: MatchParams,
             bm25: float = 0.0, side: Side | None = None) -> Coverage:
    """Align ``original`` with ``repost`` (both English sentences) and measure what is shared.

    The first pass aligns everything; each further pass aligns only the sentences left
    unpaired on both sides, so paragraphs moved elsewhere are still found. A further
    pass is made only when the repost sentences left that the screen
    (``pipeline.archive.screen``) finds reachable from the original sentences left
    make ``min_share`` of the repost: a pass can pair no others. ``side`` is the
    repost's screen side, when the caller has it.
    """
    side = side or Side.of(repost)
    left_o, left_r = list(range(len(original))), list(range(len(repost)))
    covered_o: set[int] = set()
    covered_r: set[int] = set()
    scores: list[float] = []
    weighted = 0.0
    numbers = [0, 0]  # numbers of paired repost sentences: found in the counterpart, all
    for _ in range(params.passes):
        if not left_o or not left_r:
            break
        # Pairs under pair_score count for nothing here: the gap pass need not weigh them.
        groups = align([original[i] for i in left_o], [repost[j] for j in left_r], floor=params.pair_score)
        shared = [g for g in groups if g.original and g.repost and g.score >= params.pair_score]
        if not shared:
            break
        for g in shared:
            covered_o.update(left_o[i] for i in g.original)
            covered_r.update(left_r[j] for j in g.repost)
            scores.append(g.score)
            weighted += g.score * sum(len(repost[left_r[j]]) for j in g.repost)
            theirs = _numbers(" ".join(repost[left_r[j]] for j in g.repost))
            unmatched = diff_numbers(_numbers(" ".join(original[left_o[i]] for i in g.original)), theirs).extra
            numbers[0] += len(theirs) - len(unmatched)
            numbers[1] += len(theirs)
        left_o = [i for i in left_o if i not in covered_o]
        left_r = [j for j in left_r if j not in covered_r]
        if not left_o or side.share(side.reachable(Side.of([original[i] for i in left_o]), left_r)) < params.min_share:
            break  # what is left (an inserted line or two, another story) cannot make a run worth another pass
    return Coverage(
        id=doc_id,
        repost_share=_share(repost, covered_r),
        original_share=_share(original, covered_o),
        mean_score=sum(scores) / len(scores) if scores else 0.0,
        weighted_share=weighted / max(1, sum(len(s) for s in repost)),
        covered=frozenset(covered_r),
        pairs=len(scores),
        bm25=bm25,
        # Templated stories (bond issues, results tables) share wording but not numbers. Pairs
        # without numbers disagree on none (1.0); with no pair there is nothing to agree (0.0).
        numbers_agree=numbers[0] / numbers[1] if numbers[1] else 1.0 if scores else 0.0,
    )


def _numbers(text: str) -> tuple[NumberMention, ...]:
    # The repost's sentences meet every candidate, and the aligner's anchors have read
    # each sentence's numbers already: read once, in one cache.
    return english_numbers(text)


def _share(sentences: Sequence[str], chosen: set[int] | frozenset[int]) -> float:
    total = sum(len(s) for s in sentences)
    return sum(len(sentences[i]) for i in chosen) / total if total else 0.0


def match_sentences(index: ArchiveIndex, repost: Sequence[str], params: MatchParams = MatchParams()) -> MatchResult:
    """Find the original(s) the English ``repost`` sentences are a version of.

    Candidates are retrieved for the whole repost, then again for the part the best
    of them leaves unexplained (the other half of a repost combining two stories
    rarely ranks among the first hits of the whole).
    """
    if not any(s.strip() for s in repost):
        return MatchResult((), (), params, "the repost has no text")
    found: dict[str, Coverage] = {}
    side = Side.of(repost)
    _rank_candidates(index, repost, range(len(repost)), params, found, side)
    ranked = _aligned(found)
    if ranked:
        explained = _explained(ranked, side, params)
        rest = [j for j in range(len(repost)) if j not in explained]
        # When nothing is explained, a second query would ask what the first asked.
        if len(rest) < len(repost) and _share(repost, set(rest)) >= params.second_query_share:
            _rank_candidates(index, repost, rest, params, found, side)
            ranked = _aligned(found)
    if not ranked:
        return MatchResult((), (), params, "no archived document shares enough of the repost's distinctive words")
    best = ranked[0]
    confidence = best.confidence(params)
    if confidence < params.threshold:
        reason = (f"no version found: the best candidate, {best.id}, shares {best.repost_share:.0%} of the "
                  f"repost (confidence {confidence:.2f} < {params.threshold})")
        return MatchResult(tuple(ranked), (), params, reason)
    fingerprints = {c.id: shingles(index.text(c.id)) for c in found.values()}
    ranked = _align_near_duplicates(index, ranked, repost, params, found, fingerprints, side)
    listed = _cover(ranked, side, params, fingerprints)
    originals = tuple((c, adds) for c, adds, _ in listed)
    equivalents = tuple(_equivalents(c, ranked, params, fingerprints) for c, _ in originals)
    return MatchResult(tuple(ranked), originals, params, equivalents=equivalents,
                       confidences=tuple(confidence for *_, confidence in listed))


def _rank_key(c: Coverage) -> tuple[float, float, float, str]:
    # Near-identical archived versions tie on shares: the closer wording wins, then the id
    # (an explainable, deterministic pick among texts the repost cannot tell apart).
    return (-c.weighted_share, -c.original_share, c.bm25, c.id)


@lru_cache(maxsize=_RECENT_ORIGINALS)
def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The word 3-grams of ``text`` as the index tokenizes it: the usual near-duplicate fingerprint."""
    tokens = words(text)
    if len(tokens) < 3:
        return frozenset([tuple(tokens)])
    return frozenset(zip(tokens, tokens[1:], tokens[2:]))


def overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Share of the smaller fingerprint found in the other (a story and its extended re-issue: 1.0)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _align_near_duplicates(index: ArchiveIndex, ranked: list[Coverage], repost: Sequence[str],
                           params: MatchParams, found: dict[str, Coverage],
                           fingerprints: Mapping[str, frozenset[tuple[str, ...]]], side: Side) -> list[Coverage]:
    """``ranked`` again, after aligning the skipped near-duplicates of the best and of likely further originals.

    A near-duplicate of the best holds as many of the repost's words, so it was skipped
    only by a quirk of retrieval or by the screen; aligned, it competes with the best
    on wording, and is listed as an equivalent of whichever of the two is listed.
    """
    likely = [fingerprints[c.id] for c, *_ in _cover(ranked, side, params)]
    skipped = [c for c in found.values()
               if not c.aligned and any(overlap(mine, fingerprints[c.id]) >= params.near_duplicate for mine in likely)]
    if not skipped:
        return ranked
    for c in skipped:
        found[c.id] = coverage(c.id, original_sentences(index.text(c.id)), repost, params, c.bm25, side)
    return _aligned(found)


def _aligned(found: Mapping[str, Coverage]) -> list[Coverage]:
    """The candidates aligned with the repost, best first (the others are only retrieval's guesses)."""
    return sorted((c for c in found.values() if c.aligned), key=_rank_key)


def _explained(aligned: Sequence[Coverage], side: Side, params: MatchParams) -> set[int]:
    """The repost sentences that the best candidate, and those likely to be further originals, explain."""
    return set().union(*(c.covered for c, *_ in _cover(aligned, side, params)))


def _equivalents(original: Coverage, ranked: Sequence[Coverage], params: MatchParams,
                 fingerprints: Mapping[str, frozenset[tuple[str, ...]]]) -> tuple[Equivalent, ...]:
    """The candidates whose texts are near-duplicates of ``original``'s, in rank order."""
    mine = fingerprints[original.id]
    out = []
    for c in ranked:
        if c.id != original.id:
            shared = overlap(mine, fingerprints[c.id])
            if shared >= params.near_duplicate:
                out.append(Equivalent(c, shared))
    return tuple(out)


def _rank_candidates(index: ArchiveIndex, repost: Sequence[str], focus: Sequence[int], params: MatchParams,
                     found: dict[str, Coverage], side: Side) -> None:
    """Retrieve candidates for the ``focus`` sentences and measure the promising ones against the whole repost.

    The aligner is the expensive step, so a candidate is aligned only when it may
    matter. One holding under ``min_overlap`` of the focus's distinctive words, or
    under ``relative_overlap`` times what the best candidate holds, is not (unless a
    chunk ranked it first: it may be the second story of a combined repost). The rest
    are screened (``pipeline.archive.screen``), most promising first: the first is
    aligned, and each further one only when its bound leaves it a chance to reach
    the threshold and either to outrank the best so far or to explain ``min_share``
    of the repost that the likely originals so far leave unexplained.
    """
    queries = query_chunks(index, [repost[j] for j in focus], params)
    distinctive = {w for q in queries for w in q.words}
    hits = [(doc_id, bm25, first, index.text(doc_id)) for doc_id, bm25, first in retrieve(index, queries, params)
            if doc_id not in found or not found[doc_id].aligned]
    overlaps = [len(distinctive & set(words(text))) / max(1, len(distinctive)) for *_, text in hits]
    floor = max([params.min_overlap] + [params.relative_overlap * o for o in overlaps])
    screened: list[tuple[Bound, str, float, str]] = []
    for (doc_id, bm25, first, text), overlap in zip(hits, overlaps):
        if overlap < floor and not first:
            found[doc_id] = _unaligned(doc_id, bm25)
        else:
            screened.append((bound(side, text), doc_id, bm25, text))
    screened.sort(key=lambda s: -s[0].repost_share)  # stable: retrieval's order breaks ties
    for limit, doc_id, bm25, text in screened:
        aligned = _aligned(found)
        if not aligned or _may_matter(limit, aligned, side, params):
            found[doc_id] = coverage(doc_id, original_sentences(text), repost, params, bm25, side)
        else:
            found[doc_id] = _unaligned(doc_id, bm25)


def _unaligned(doc_id: str, bm25: float) -> Coverage:
    return Coverage(doc_id, 0.0, 0.0, 0.0, 0.0, frozenset(), 0, bm25, numbers_agree=0.0, aligned=False)


def _may_matter(limit: Bound, aligned: Sequence[Coverage], side: Side, params: MatchParams) -> bool:
    """Whether a candidate bounded by ``limit`` may be the match or a further original.

    ``aligned`` are the candidates aligned so far, best first. The candidate must be
    able to reach the threshold as a version of the whole repost, and either outrank
    the best or explain ``min_share`` of the repost that no likely original among
    ``aligned`` explains. (A further original is listed on its confidence for the part
    it explains, which this bound does not prune on: bounded that way, nearly every
    candidate sharing a line with what the best leaves would be aligned, 1.5 times as
    many on the benchmark's short reposts, for 0.01 more merged reposts with both
    stories listed.)
    """
    best = aligned[0]
    # The most it can score: every pair perfect, every number agreeing.
    ceiling = replace(best, repost_share=limit.repost_share, original_share=limit.original_share,
                      mean_score=1.0, numbers_agree=1.0)
    if ceiling.confidence(params) < params.threshold:
        return False
    if limit.repost_share >= best.weighted_share:
        return True
    return side.share(limit.repost - _explained(aligned, side, params)) >= params.min_share


def _cover(ranked: Sequence[Coverage], side: Side, params: MatchParams,
           fingerprints: Mapping[str, frozenset[tuple[str, ...]]] | None = None) -> list[tuple[Coverage, float, float]]:
    """The best candidate, then each one that is a version of ``min_share`` more of the repost (greedy cover).

    Each comes with the share of the repost it adds and its confidence as a version of
    the part the ones before it leave unexplained (``Coverage.part_confidence``): a
    further original pairs at ``extra_score`` or more on average and is a version of that
    part above the threshold. A near-duplicate of an original already listed (when
    ``fingerprints`` are given) is not a further original: it is listed as that
    original's equivalent.
    """
    best = ranked[0]
    chosen = [(best, best.repost_share, best.confidence(params))]
    covered = set(best.covered)
    for candidate in ranked[1:]:
        if len(chosen) >= params.max_originals:
            break
        if fingerprints is not None and any(
                overlap(fingerprints[c.id], fingerprints[candidate.id]) >= params.near_duplicate for c, *_ in chosen):
            continue
        adds = side.share(candidate.covered - covered)
        if adds < params.min_share or candidate.mean_score < params.extra_score:
            continue
        confidence = candidate.part_confidence(params, side, covered)
        if confidence >= params.threshold:
            chosen.append((candidate, adds, confidence))
            covered |= candidate.covered
    return chosen
