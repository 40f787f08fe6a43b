"""The dynamic-programming core of alignment: group scores on a band of the grid, and
the best monotone path through it.

Node (i, j) of the grid is "the first i original and j repost sentences done". A
move (di, dj) from one node to the next makes a group of di original and dj repost
sentences: 1-1, 2-1, 1-2 and 2-2 pair them, 1-0 and 0-1 leave one alone. Because a
group's vector is the sum of its sentences' vectors, the score of a merged group
follows from pairwise dot products, so merged groups cost nothing extra to score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.fidelity.similarity import Channel, FloatArray, IntArray, band_dots, blend, self_dots

Move = tuple[int, int]  # (original sentences, repost sentences) a group takes

MOVES: tuple[Move, ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PAIRINGS: tuple[Move, ...] = tuple(move for move in MOVES if 0 not in move)


@dataclass(frozen=True)
class Band:
    """The grid nodes searched: node (i, j) = first i original and j repost sentences done.

    Row i holds columns ``lo[i]..hi[i]`` inclusive, stored at ``[i, j - lo[i]]`` in
    every per-node array.
    """

    lo: IntArray
    hi: IntArray

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max()) + 1

    def columns(self) -> IntArray:
        return self.lo[:, None] + np.arange(self.width, dtype=np.int64)[None, :]


def full_band(n: int, m: int) -> Band:
    return Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def move_scores(channels: Sequence[Channel], band: Band) -> dict[Move, FloatArray]:
    """Similarity of the group each pairing move closes at every node; -inf where impossible.

    Move (di, dj) closing at node (i, j) groups original sentences i-di..i-1 with
    repost sentences j-dj..j-1. In each channel its cosine is the sum of the pairwise
    dots over the group, divided by the norms of the two summed vectors (squared
    norm of a 2-sentence side = both squared norms plus twice their dot).
    """
    n, m = channels[0].x.rows, channels[0].y.rows
    rows = np.broadcast_to(np.arange(n + 1, dtype=np.int64)[:, None], (n + 1, band.width))
    cols = band.columns()
    # Pairwise dots are kept for cell (a, b) = (sentence a, sentence b) where nodes of
    # rows a+1 and a+2 read them: columns lo[a+1]-2 (a 2-2 move) to hi[a+2]-1.
    first = np.maximum(band.lo[1:] - 2, 0)
    last = np.maximum(band.hi[np.minimum(np.arange(2, n + 2), n)] - 1, first)

    def cell(dots: FloatArray, a: IntArray, b: IntArray) -> FloatArray:
        row = np.clip(a, 0, max(n - 1, 0))
        offset = b - first[row]
        span = dots.shape[1]
        ok = (a >= 0) & (a < n) & (b >= 0) & (b < m) & (offset >= 0) & (offset < span)
        return np.where(ok, dots[row, np.clip(offset, 0, span - 1)], 0.0)

    def side_norm(norm: FloatArray, adjacent: FloatArray, end: IntArray, size: int) -> FloatArray:
        final = np.clip(end - 1, 0, max(len(norm) - 1, 0))
        if size == 1:
            return norm[final]
        return norm[final] + norm[np.maximum(final - 1, 0)] + 2.0 * adjacent[final]

    prepared = [
        (c.weight, band_dots(c.x, c.y, first, last), *self_dots(c.x, c.width), *self_dots(c.y, c.width))
        for c in channels
    ]
    # Moves share cells and group norms (a 2-2 move reads the cells of the 1-1 at the
    # same node): each is computed once per channel.
    cells: dict[tuple[int, int, int], FloatArray] = {}
    norms: dict[tuple[int, str, int], FloatArray] = {}
    scores: dict[Move, FloatArray] = {}
    for di, dj in PAIRINGS:
        parts = []
        for k, (weight, dots, x_norm, x_adj, y_norm, y_adj) in enumerate(prepared):
            dot = np.zeros(cols.shape)
            for p in range(di):
                for q in range(dj):
                    if (k, p, q) not in cells:
                        cells[(k, p, q)] = cell(dots, rows - 1 - p, cols - 1 - q)
                    dot += cells[(k, p, q)]
            if (k, "x", di) not in norms:
                norms[(k, "x", di)] = side_norm(x_norm, x_adj, rows, di)
            if (k, "y", dj) not in norms:
                norms[(k, "y", dj)] = side_norm(y_norm, y_adj, cols, dj)
            nx, ny = norms[(k, "x", di)], norms[(k, "y", dj)]
            scale = np.sqrt(nx * ny)
            cosine = np.divide(dot, scale, out=np.zeros_like(dot), where=scale > 0)
            parts.append((weight, cosine, (nx > 0) | (ny > 0)))
        possible = (rows >= di) & (cols >= dj) & (cols <= band.hi[:, None])
        scores[(di, dj)] = np.where(possible, blend(parts), -np.inf)
    return scores


def search(band: Band, gains: dict[Move, FloatArray]) -> list[tuple[int, int]]:
    """Best monotone path through the band; returns the nodes it passes, from (0, 0).

    ``gains[move][i, j - lo[i]]`` is what closing a group with ``move`` at node (i, j)
    earns; the skips (1, 0) and (0, 1) earn nothing. Rows are filled one at a time:
    every move but (0, 1) comes from an earlier row, and (0, 1) chains within the
    row, which a running maximum resolves because it earns nothing.
    """
    n, width = len(band.lo) - 1, band.width
    best = np.full((n + 1, width), -np.inf)
    back = np.zeros((n + 1, width), dtype=np.int8)
    full = ((band.lo == 0) & (band.hi == width - 1)).tolist()  # rows holding every column
    for i in range(n + 1):
        columns = band.lo[i] + np.arange(width)
        candidate = np.where(columns == 0, 0.0, -np.inf) if i == 0 else np.full(width, -np.inf)
        choice = np.zeros(width, dtype=np.int8)
        for index, (di, dj) in enumerate(MOVES):
            if di == 0 or i < di:
                continue
            if full[i] and full[i - di]:  # both rows span the whole width: a shift
                total = np.empty(width)
                total[:dj] = -np.inf
                total[dj:] = best[i - di][: width - dj]
            else:
                source = columns - dj - band.lo[i - di]
                reachable = (source >= 0) & (source <= band.hi[i - di] - band.lo[i - di])
                total = np.where(reachable, best[i - di].take(source, mode="clip"), -np.inf)
            if (di, dj) in gains:
                total += gains[(di, dj)][i]
            better = total > candidate  # on ties the earlier move in MOVES wins
            candidate[better] = total[better]
            choice[better] = index
        running = np.maximum.accumulate(candidate)
        # Ties go to the (0, 1) skip, so a dropped sentence's 1-0 group comes before
        # the 0-1 group of a sentence added in its place, as in a diff.
        left = np.concatenate(([-np.inf], running[:-1]))
        choice[(left >= candidate) & (left > -np.inf)] = MOVES.index((0, 1))
        running[columns > band.hi[i]] = -np.inf
        best[i], back[i] = running, choice
    path = [(n, int(band.hi[n]))]
    while path[-1] != (0, 0):
        i, j = path[-1]
        di, dj = MOVES[back[i, j - band.lo[i]]]
        path.append((i - di, j - dj))
    return path[::-1]

