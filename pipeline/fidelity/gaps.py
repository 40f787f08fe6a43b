"""The gap pass of alignment: the one place where sentences the search left unpaired
on both sides are paired after all.

Where the path leaves sentences unpaired on both sides between two paired groups (or
a document's end), those sentences are most likely renderings of each other: two
faithful renderings of one sentence can share few n-grams, and sandwiched between
pairs they are far likelier a rewording than a sentence dropped and another added in
the same place. The pass pairs them in two steps, as Bleualign's gap filler does:

1. **Scored**: the gap's sentences are aligned again among themselves with a lower bar
   (``gap_threshold``), pairing only sides whose lengths fit (``gap_length_ratio``).
2. **By position**: what is still unpaired on both sides (at most
   ``gap_pair_sentences`` a side) is paired in order, one to one when both sides have
   as many sentences, otherwise as one group. A pair or group stands only on word
   evidence (a group's sides read joined): lengths that fit and shared character trigrams or a shared rare word,
   or every sentence having a counterpart among the other's content words (the
   comparison's own test for a counterpart); otherwise the two stay lonely.

Groups made here have ``kind`` "gap". A gap with sentences on one side only (a real
drop or insertion) has nothing to pair and stays 1-0 or 0-1 (``kind`` "lonely"), and
when the search paired nothing at all the pass does nothing: two documents that are
not versions of each other have no neighbours to trust.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# The content check's own idea of content words and of a counterpart: a pair this pass
# keeps is one the comparison would not split again.
from pipeline.fidelity.checks.common import content_words, has_counterpart
from pipeline.fidelity.divergence import tokens
from pipeline.fidelity.meaning import Side
from pipeline.fidelity.search import Band, Move, full_band, move_scores, search
from pipeline.fidelity.similarity import Channel, FloatArray, IntArray, group_similarity, rows_of, shared_trigrams
from pipeline.settings import AlignParams
from pipeline.text.lexicon import zipf
from pipeline.types import GroupKind



@dataclass(frozen=True)
class Span:
    """A group of the alignment: original sentences i0..i1-1 with repost j0..j1-1."""

    i0: int
    j0: int
    i1: int
    j1: int
    score: float
    kind: GroupKind

    @property
    def paired(self) -> bool:
        return self.i1 > self.i0 and self.j1 > self.j0


def path_spans(
    path: Sequence[tuple[int, int]], scores: dict[Move, FloatArray], grid: Band, corner: tuple[int, int] = (0, 0),
    kind: GroupKind = "path",
) -> list[Span]:
    """The groups a searched path makes, with their scores; ``corner`` offsets a gap's
    path, and ``kind`` names how its paired groups were formed."""
    spans = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        paired = i1 > i0 and j1 > j0
        score = float(scores[(i1 - i0, j1 - j0)][i1, j1 - grid.lo[i1]]) if paired else 0.0
        spans.append(Span(corner[0] + i0, corner[1] + j0, corner[0] + i1, corner[1] + j1, score,
                          kind if paired else "lonely"))
    return spans


@dataclass(frozen=True)
class _Gap:
    """What both steps of the pass read: the documents' sentences and their vectors."""

    channels: Sequence[Channel]
    original: Sequence[str]
    repost: Sequence[str]
    lengths: tuple[IntArray, IntArray]
    params: AlignParams
    penalty: dict[Move, float]
    opaque: frozenset[int] = frozenset()  # repost sentences with no English to weigh
    floor: float = -1.0  # a one-to-one pair scoring under it stays lonely unweighed (see ``fill_gaps``)
    scores: dict[Move, FloatArray] | None = None  # the search's move scores over the whole grid, if it had them


def fill_gaps(
    spans: Sequence[Span],
    channels: Sequence[Channel],
    texts: tuple[Sequence[str], Sequence[str]],
    params: AlignParams,
    penalty: dict[Move, float],
    opaque: frozenset[int] = frozenset(),
    floor: float = -1.0,
    scores: dict[Move, FloatArray] | None = None,
) -> list[Span]:
    """The search's groups with every gap (a run of 1-0/0-1 groups with sentences on
    both sides, between paired groups or the documents' ends) paired as far as the
    evidence goes: first by score, then by position (see the module docstring).
    ``opaque`` repost sentences (left untranslated: no English to weigh) pair by
    position alone, their neighbours being all the evidence there is. A caller that
    reads only pairs scoring ``floor`` or more (matching) has the by-position step
    leave lonely, without weighing their words, the one-to-one pairs scoring under
    it: the word evidence (near-synonyms run a sentence encoder) could only make a
    pair the caller ignores. ``scores``: the search's ``move_scores`` over the whole
    grid (``full_band``), when it searched the whole grid: a gap's are read off them
    rather than computed again."""
    if not any(span.paired for span in spans):
        return list(spans)
    lengths = (
        np.array([len(s.strip()) for s in texts[0]], dtype=np.int64),
        np.array([len(s.strip()) for s in texts[1]], dtype=np.int64),
    )
    gap = _Gap(channels, texts[0], texts[1], lengths, params, penalty, opaque, floor, scores)
    scored = _each_run(spans, params.gap_sentences, lambda corner, size: _scored(gap, corner, size))
    return _each_run(scored, params.gap_pair_sentences, lambda corner, size: _by_position(gap, corner, size))


def _each_run(
    spans: Sequence[Span], longest: int, fill: Callable[[tuple[int, int], tuple[int, int]], list[Span]]
) -> list[Span]:
    """``spans`` with every maximal run of unpaired spans that has sentences on both sides,
    at most ``longest`` a side, replaced by ``fill(corner, size)``. Longer runs are
    other text (an unrelated document, a long insertion), not a rewording between
    neighbours, and stay as they are."""
    out: list[Span] = []
    run: list[Span] = []
    for span in [*spans, None]:
        if span is not None and not span.paired:
            run.append(span)
            continue
        if run:
            i0, j0 = run[0].i0, run[0].j0
            a, b = run[-1].i1 - i0, run[-1].j1 - j0
            out.extend(fill((i0, j0), (a, b)) if a and b and max(a, b) <= longest else run)
            run = []
        if span is not None:
            out.append(span)
    return out


def _scored(gap: _Gap, corner: tuple[int, int], size: tuple[int, int]) -> list[Span]:
    """Align the sentences of one gap with the gap's lower bar.

    ``corner`` is the gap's first node (i0, j0) and ``size`` its (original, repost)
    sentence counts. A pairing must score ``gap_threshold`` and have sides of
    compatible length (``gap_length_ratio``); what pairs nothing stays 1-0/0-1.
    (Refusing pairs whose sides share no name or number was tried: on the MQM dev
    split it unpaired more true pairs than it kept unrelated ones apart.)
    """
    (i0, j0), (a, b), params = corner, size, gap.params
    grid = full_band(a, b)
    if gap.scores is None:
        sub = [Channel(rows_of(c.x, i0, i0 + a), rows_of(c.y, j0, j0 + b), c.width, c.weight) for c in gap.channels]
        scores = move_scores(sub, grid)
    else:
        # The same groups' scores, computed once by the search: a group must lie in the gap.
        inside = np.arange(a + 1)[:, None], np.arange(b + 1)[None, :]
        scores = {(di, dj): np.where((inside[0] >= di) & (inside[1] >= dj), s[i0 : i0 + a + 1, j0 : j0 + b + 1], -np.inf)
                  for (di, dj), s in gap.scores.items()}
    rows, cols = np.arange(a + 1)[:, None], grid.columns()

    def group_sum(per_sentence: IntArray, ends: IntArray, count: int) -> IntArray:
        """Sum of ``per_sentence`` over the ``count`` sentences before each node ``ends``."""
        before = np.concatenate(([0], np.cumsum(per_sentence)))
        return np.asarray(before[ends] - before[np.maximum(ends - count, 0)], dtype=np.int64)

    length_o, length_r = gap.lengths[0][i0 : i0 + a], gap.lengths[1][j0 : j0 + b]
    gains: dict[Move, FloatArray] = {}
    for (di, dj), similarities in scores.items():
        side_o, side_r = group_sum(length_o, rows, di), group_sum(length_r, cols, dj)
        fits = np.minimum(side_o, side_r) >= params.gap_length_ratio * np.maximum(side_o, side_r)
        gains[(di, dj)] = np.where(fits, similarities - params.gap_threshold - gap.penalty[(di, dj)], -np.inf)
    return path_spans(search(grid, gains), scores, grid, corner, kind="gap")


def _by_position(gap: _Gap, corner: tuple[int, int], size: tuple[int, int]) -> list[Span]:
    """Pair what the scored step left of one gap in order: one to one where both sides
    have as many sentences (each pair on word evidence), otherwise as one group."""
    (i0, j0), (a, b) = corner, size
    if a != b:
        # As one group on word evidence too: a sign-off ("REUTER") beside a moved sentence and
        # an added one is no rendering of them.
        if any(j in gap.opaque for j in range(j0, j0 + b)) or _worded_alike(
                " ".join(gap.original[i0 : i0 + a]), " ".join(gap.repost[j0 : j0 + b]), gap.params):
            score = group_similarity(gap.channels, range(i0, i0 + a), range(j0, j0 + b))
            return [Span(i0, j0, i0 + a, j0 + b, score, "gap")]
        return ([Span(i, j0, i + 1, j0, 0.0, "lonely") for i in range(i0, i0 + a)]
                + [Span(i0 + a, j, i0 + a, j + 1, 0.0, "lonely") for j in range(j0, j0 + b)])
    out: list[Span] = []
    for k in range(a):
        i, j = i0 + k, j0 + k
        # Scored first only for a caller with a floor: the audit pairs on words alone.
        floored = gap.floor > -1.0
        score = group_similarity(gap.channels, range(i, i + 1), range(j, j + 1)) if floored else 0.0
        if (not floored or score >= gap.floor) and (
                j in gap.opaque or _worded_alike(gap.original[i], gap.repost[j], gap.params)):
            if not floored:
                score = group_similarity(gap.channels, range(i, i + 1), range(j, j + 1))
            out.append(Span(i, j, i + 1, j + 1, score, "gap"))
        else:
            # A drop before the addition in its place, as the search orders them.
            out += [Span(i, j, i + 1, j, 0.0, "lonely"), Span(i + 1, j, i + 1, j + 1, 0.0, "lonely")]
    return out


def _worded_alike(original: str, repost: str, params: AlignParams) -> bool:
    """Whether two sentences paired by position say the same thing, on word evidence.

    Lengths must fit (``gap_pair_length_ratio``) for the shared character trigrams
    (``gap_pair_trigrams``) or a shared rare content word (under ``gap_shared_zipf``,
    compounds included: "The Sun burns..." / "The strong sunlight...") to count;
    or else each sentence must have a counterpart among the other's content words
    (by lemma, name or near-synonym: ``pipeline.fidelity.meaning``), as the
    comparison asks of every sentence in a merged group.
    """
    fits = min(len(original), len(repost)) >= params.gap_pair_length_ratio * max(len(original), len(repost))
    if fits and shared_trigrams(original, repost) >= params.gap_pair_trigrams:
        return True
    o_toks, r_toks = tokens(original, 0, 0), tokens(repost, 0, 1)
    o_side, r_side = Side(o_toks), Side(r_toks)
    # The word-frequency list before the near-synonyms: both are loaded only for a pair
    # that fails the rest, and the frequencies cost less.
    if fits and any(r_side.has(t) and zipf(t.key, "en", params.gap_shared_zipf) < params.gap_shared_zipf
                 for t in content_words(o_toks)):
        return True
    return has_counterpart(o_toks, r_side) and has_counterpart(r_toks, o_side)
