"""Monotone sentence alignment of an English original and the English side of a repost.

Sentences are scored by the blend of character 3-gram and anchor (numbers, names)
cosines of ``pipeline.fidelity.similarity``. ``align`` finds the monotone path of 1-1,
1-2, 2-1, 2-2, 1-0 and 0-1 groups that maximises the sum of ``similarity -
threshold`` over its paired groups (``pipeline.fidelity.search``); skips earn
nothing. Merged groups pay a small penalty, so a merge must beat the 1-1 it replaces
by a margin: adding an unrelated line to a true pair lowers the cosine, so page
furniture (ADVERTISEMENT, captions, newsletter footers) stays on its own as a 1-0
group. Long inputs are aligned coarse to fine: blocks of consecutive sentences are
aligned first, then each finer level (blocks a quarter the size, down to sentences)
searches only a band around the path of the level above, so time and memory grow
about linearly with document length.

One gap pass then pairs what the path left unpaired on both sides between two paired
groups, as Bleualign's gap filler does (``pipeline.fidelity.gaps``). Every group says
how it was formed: ``kind`` "path", "gap" or "lonely".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from pipeline.settings import AlignParams
from pipeline.fidelity.gaps import fill_gaps, path_spans
from pipeline.fidelity.search import Band, full_band, move_scores, search
from pipeline.fidelity.similarity import (Channel, anchor_features, anchor_keys, blend, block_sum, channel, cosine,
                                          text_features, text_keys)
from pipeline.types import AlignedGroup


DEFAULT_PARAMS = AlignParams()  # the [align] table's defaults (pipeline.settings)


# Each level of the coarse-to-fine search pools this many blocks of the next one.
_FACTOR = 4
# Coarse levels pair two blocks only when their similarity beats the median block
# pair by this many times the lower half's spread (median - 25th percentile), so
# that a run of inserted text is skipped rather than paired at random.
_COARSE_SPREAD = 2.0


def similarity(a: str, b: str, params: AlignParams = DEFAULT_PARAMS) -> float:
    """How closely English text ``b`` renders English text ``a``, from 0 (unrelated) to 1.

    The blend of character 3-gram cosine and anchor cosine (numbers by value,
    capitalised names) that ``align`` scores groups with, except that features carry
    no inverse-document-frequency weight, which a lone pair cannot estimate; so
    ``align``'s group scores differ somewhat from this function's for the same texts.
    """
    text = cosine(text_features(a, params.ngram), text_features(b, params.ngram))
    anchors_a, anchors_b = anchor_features(a), anchor_features(b)
    present = np.asarray(bool(anchors_a or anchors_b), dtype=np.bool_)
    parts = [
        (1.0 - params.anchor_weight, np.asarray(text, dtype=np.float64), np.asarray(True, dtype=np.bool_)),
        (params.anchor_weight, np.asarray(cosine(anchors_a, anchors_b), dtype=np.float64), present),
    ]
    return float(blend(parts))


def _band_around(path: Sequence[tuple[int, int]], size: int, half_width: int, n: int, m: int) -> Band:
    """Band of a finer level around a path found on blocks of ``size`` of its units.

    Each coarse step covers a rectangle of fine nodes. The band keeps every node
    within ``half_width`` of a rectangle, across rows as well as columns: a long run
    of skipped sentences is found as a jump at one coarse row, and the fine path
    may have to take it a few rows earlier or later. The bounds are monotone and
    consecutive rows overlap, so the band always holds a path from (0, 0) to (n, m).
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        r0, r1 = min(i0 * size, n), min(i1 * size, n)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], min(j0 * size, m))
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], min(j1 * size, m))
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    # Widening by rows: row i takes the bounds of rows i - half_width and i + half_width.
    rows = np.arange(n + 1)
    lo = np.maximum(lo[np.maximum(rows - half_width, 0)] - half_width, 0)
    hi = np.minimum(hi[np.minimum(rows + half_width, n)] + half_width, m)
    lo[0], hi[-1] = 0, m
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return Band(lo, hi)


def _levels(n: int, m: int, params: AlignParams, banded: bool) -> list[int]:
    """Block sizes to align at, coarsest first, each ``_FACTOR`` times the next, ending at 1.

    The coarsest grid is searched whole, so its blocks are made big enough for it to
    have at most ``params.coarse_cells`` nodes; every finer level searches a band of
    fixed width in its own units, which keeps the total work linear in the length.
    """
    if not banded:
        return [1]
    size = _FACTOR
    while (n // size + 2) * (m // size + 2) > params.coarse_cells:
        size *= _FACTOR
    levels = [size]
    while levels[-1] > 1:
        levels.append(levels[-1] // _FACTOR)
    return levels


def align(
    original: Sequence[str],
    repost: Sequence[str],
    *,
    band: int | None = None,
    params: AlignParams = DEFAULT_PARAMS,
    opaque: Collection[int] = (),
    floor: float = -1.0,
) -> list[AlignedGroup]:
    """Align original sentences to repost sentences monotonically, in document order.

    Both sides are English: ``repost`` holds each repost sentence's translation, or
    the sentence itself where it is English. Returns groups pairing one or two
    consecutive sentences of each side (1-1, 1-2, 2-1, 2-2; the gap pass may pair a
    longer run whole) or one sentence with none (1-0: only in the original; 0-1:
    added in the repost). Every index of both lists is in exactly one group and
    indices increase along the list. ``score`` is the group's similarity, 0.0 for
    1-0 and 0-1; ``kind`` says how the group was formed: "path" (the search),
    "gap" (the gap pass, ``pipeline.fidelity.gaps``) or "lonely" (1-0 and 0-1). The
    gap pass's thresholds are the ``gap_*`` fields of ``AlignParams``;
    ``gap_sentences=0, gap_pair_sentences=0`` turn it off. ``opaque`` lists repost
    sentences that have no English (left untranslated): the gap pass pairs them by
    position, since no word can speak for or against a pair. ``floor``: a caller that
    reads only pairs scoring at least this (matching) lets the gap pass leave a
    one-to-one pair by position scoring under it lonely without weighing its words.

    With ``band=None`` the whole grid is searched when it has at most
    ``params.full_cells`` nodes; longer documents are aligned coarse to fine (blocks
    of 4^k sentences, then 4^(k-1)... then sentences), each level searching only near
    the path of the level above. An integer ``band`` forces that route and sets the
    half-width, in sentences, of the window kept around the block path at the last
    level (default ``2 * _FACTOR``).
    """
    if band is not None and band < 1:
        raise ValueError(f"band must be a positive number of sentences, not {band}")
    n, m = len(original), len(repost)
    if n == 0 or m == 0:
        alone = [AlignedGroup((i,), (), 0.0, "lonely") for i in range(n)]
        return alone + [AlignedGroup((), (j,), 0.0, "lonely") for j in range(m)]
    sentences = [
        channel(
            [text_keys(s, params.ngram) for s in original],
            [text_keys(s, params.ngram) for s in repost],
            1.0 - params.anchor_weight,
        ),
        channel(
            [anchor_keys(s) for s in original],
            [anchor_keys(s) for s in repost],
            params.anchor_weight,
        ),
    ]
    merge = params.merge_penalty
    penalty = {(1, 1): 0.0, (2, 1): merge, (1, 2): merge, (2, 2): params.merge_penalty_22}

    path: list[tuple[int, int]] = []
    levels = _levels(n, m, params, banded=band is not None or (n + 1) * (m + 1) > params.full_cells)
    for level, size in enumerate(levels):
        channels = sentences if size == 1 else [
            Channel(block_sum(c.x, size, c.width), block_sum(c.y, size, c.width), c.width, c.weight)
            for c in sentences
        ]
        rows, cols = channels[0].x.rows, channels[0].y.rows
        if level == 0:
            grid = full_band(rows, cols)
        else:
            half_width = band if size == 1 and band is not None else 2 * _FACTOR
            grid = _band_around(path, _FACTOR, half_width, rows, cols)
        scores = move_scores(channels, grid)
        threshold = params.threshold
        if size > 1:
            # Blocks pool many sentences, so unrelated blocks share more n-grams than
            # unrelated sentences do: measure what an unrelated pair scores at this level.
            # Most cells of the grid are unrelated pairs; true ones are a few per row.
            pairs = scores[(1, 1)]
            q25, q50 = np.quantile(pairs[np.isfinite(pairs)], [0.25, 0.5])
            threshold = float(q50 + _COARSE_SPREAD * (q50 - q25))
        path = search(grid, {k: s - threshold - penalty[k] for k, s in scores.items()})

    spans = fill_gaps(path_spans(path, scores, grid), sentences, (original, repost), params, penalty,
                      frozenset(opaque), floor, scores if len(levels) == 1 else None)
    return [AlignedGroup(tuple(range(s.i0, s.i1)), tuple(range(s.j0, s.j1)), s.score, s.kind) for s in spans]