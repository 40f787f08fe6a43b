"""Monotone sentence alignment of an English original and the English side of a repost.

Every sentence becomes a bag of weighted features in two channels:

* **text**: character 3-grams of the lowercased sentence with punctuation folded to
  spaces. They survive machine-translation noise and synonym spinning far better
  than words: "said" -> "stated" costs a few n-grams, the rest of the sentence still
  matches.
* **anchors**: numbers by value (``pipeline.text.numbers``, so "2,033" meets "2 033") and
  capitalised tokens (Macron, NATO, Pokrovsk), which rarely change in translation
  and tell apart neighbouring sentences on the same topic.

Features are weighted by sublinear term frequency times inverse document frequency
over both documents. The similarity of two groups of sentences is the cosine of their
summed text vectors, blended with the cosine of their anchor vectors when either side
has anchors. Because a group's vector is the sum of its sentences' vectors, the score
of a 2-1, 1-2 or 2-2 group (the concatenation) follows from pairwise dot products, so
merged groups cost nothing extra to score.

``align`` finds the monotone path of 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 groups that
maximises the sum of ``similarity - threshold`` over its paired groups; skips earn
nothing. Merged groups pay a small penalty, so a merge must beat the 1-1 it replaces
by a margin: adding an unrelated line to a true pair lowers the cosine, so page
furniture (ADVERTISEMENT, captions, newsletter footers) stays on its own as a 1-0
group. Long inputs are aligned coarse to fine: blocks of consecutive sentences are
aligned first, then each finer level (blocks a quarter the size, down to sentences)
searches only a band around the path of the level above, so time and memory grow
about linearly with document length.

A second pass fills the gaps, as Bleualign does after its first alignment: where the
path leaves sentences unpaired on both sides between two paired groups (or a
document's end), those sentences are aligned again among themselves with a lower
bar (``gap_threshold``), pairing only sides whose lengths fit. Two faithful
renderings of one sentence can share few n-grams; sandwiched between pairs and of a
matching length, they are far likelier a rewording than a sentence dropped and
another added in the same place. A gap with sentences on one side only (a real drop
or insertion) has nothing to pair and stays 1-0 or 0-1.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pipeline.settings import AlignParams
from pipeline.text.numbers import extract_numbers
from pipeline.types import AlignedGroup

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Move = tuple[int, int]  # (original sentences, repost sentences) a group takes


DEFAULT_PARAMS = AlignParams()

# Capitalised words that start sentences or headlines without naming anything.
_NOT_NAMES = frozenset(
    """a about after against all also although amid an and any are as at be because before
    between but by can could despite during each even for from had has have he her here his
    how however i if in into is it its last meanwhile more most my new no nor not now of on
    once one only or other our over since so some such than that the their them then there
    these they this those though through to under until up us was we were what when where
    whether which while who whom whose why will with within without would yet you your""".split()
)
_NAME = re.compile(r"\b[^\W\d_][\w'’]*")  # a word; _anchor_features keeps capitalised ones
_POSSESSIVE = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[\W_]+")

# Each level of the coarse-to-fine search pools this many blocks of the next one.
_FACTOR = 4
# Coarse levels pair two blocks only when their similarity beats the median block
# pair by this many times the lower half's spread (median - 25th percentile), so
# that a run of inserted text is skipped rather than paired at random.
_COARSE_SPREAD = 2.0
# Elements of the per-block buffer of _band_dots (8 bytes each): bounds its memory.
_BLOCK_ELEMENTS = 1 << 21

_MOVES: tuple[Move, ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
_PAIRINGS: tuple[Move, ...] = tuple(move for move in _MOVES if 0 not in move)


# Both feature functions are cached: matching aligns the same repost sentences with
# every candidate original, pass after pass. The bags are shared, so never mutated.
@lru_cache(maxsize=1024)
def _text_features(text: str, n: int) -> Counter[str]:
    folded = " " + _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip() + " "
    return Counter([folded[k : k + n] for k in range(len(folded) - n + 1)])


@lru_cache(maxsize=1024)
def _anchor_features(text: str) -> Counter[str]:
    # Numbers by value ("#2033", so "two" meets "2"), names lowercased ("@macron"); idf
    # does the weighting, and numbers, being rarer than the names of a story's
    # protagonists, weigh more. Ambiguous words ("one of", "at first") anchor nothing.
    anchors = Counter(
        f"#{m.value:.12g}{'%' if m.percent else ''}" for m in extract_numbers(text, "en") if not m.ambiguous
    )
    for token in _NAME.findall(unicodedata.normalize("NFKC", text)):
        name = _POSSESSIVE.sub("", token).strip("'’").lower()
        if token[0].isupper() and len(name) > 1 and name not in _NOT_NAMES:
            anchors["@" + name] += 1
    return anchors


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two bags under sublinear term frequency (1 + log count)."""
    wa = {f: 1.0 + math.log(c) for f, c in a.items()}
    wb = {f: 1.0 + math.log(c) for f, c in b.items()}
    dot = sum(w * wb[f] for f, w in wa.items() if f in wb)
    norms = math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))
    return dot / norms if norms > 0 else 0.0


def _blend(parts: Iterable[tuple[float, FloatArray, npt.NDArray[np.bool_]]]) -> FloatArray:
    """Weighted mean of channel cosines over the channels present on either side.

    A channel neither side has any feature of (no numbers, no names) is left out of
    the mean rather than counted as a mismatch.
    """
    total: FloatArray | float = 0.0
    weights: FloatArray | float = 0.0
    for weight, cosine, present in parts:
        total = total + np.where(present, weight * np.clip(cosine, 0.0, 1.0), 0.0)
        weights = weights + np.where(present, weight, 0.0)
    total_array, weight_array = np.asarray(total, dtype=np.float64), np.asarray(weights, dtype=np.float64)
    return np.divide(total_array, weight_array, out=np.zeros_like(total_array), where=weight_array > 0)


def similarity(a: str, b: str, params: AlignParams = DEFAULT_PARAMS) -> float:
    """How closely English text ``b`` renders English text ``a``, from 0 (unrelated) to 1.

    The blend of character 3-gram cosine and anchor cosine (numbers by value,
    capitalised names) that ``align`` scores groups with, except that features carry
    no inverse-document-frequency weight, which a lone pair cannot estimate; so
    ``align``'s group scores differ somewhat from this function's for the same texts.
    """
    text = _cosine(_text_features(a, params.ngram), _text_features(b, params.ngram))
    anchors_a, anchors_b = _anchor_features(a), _anchor_features(b)
    present = np.asarray(bool(anchors_a or anchors_b), dtype=np.bool_)
    parts = [
        (1.0 - params.anchor_weight, np.asarray(text, dtype=np.float64), np.asarray(True, dtype=np.bool_)),
        (params.anchor_weight, np.asarray(_cosine(anchors_a, anchors_b), dtype=np.float64), present),
    ]
    return float(_blend(parts))


@dataclass(frozen=True)
class _Vectors:
    """Sparse row vectors in CSR layout: row r is ``indices/data[indptr[r]:indptr[r+1]]``."""

    indptr: IntArray
    indices: IntArray
    data: FloatArray

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1


@dataclass(frozen=True)
class _Channel:
    """One feature channel of both documents, and its weight in the blend."""

    x: _Vectors  # original sentences (or blocks)
    y: _Vectors  # repost sentences (or blocks)
    width: int  # vocabulary size
    weight: float


def _channel(x_bags: Sequence[Counter[str]], y_bags: Sequence[Counter[str]], weight: float) -> _Channel:
    """Both documents' bags as sublinear-tf times idf vectors over one vocabulary."""
    vocabulary: dict[str, int] = {}
    rows: list[_Vectors] = []
    for bags in (x_bags, y_bags):
        indptr = np.zeros(len(bags) + 1, dtype=np.int64)
        indices: list[int] = []
        counts: list[int] = []
        for row, bag in enumerate(bags):
            indices.extend(vocabulary.setdefault(f, len(vocabulary)) for f in bag)
            counts.extend(bag.values())
            indptr[row + 1] = len(indices)
        tf = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
        rows.append(_Vectors(indptr, np.asarray(indices, dtype=np.int64), tf))
    # Smoothed idf over the sentences of both documents: n-grams that every sentence
    # has ("the", "ion") say little about which sentence a translation renders.
    df = np.bincount(np.concatenate([v.indices for v in rows]), minlength=len(vocabulary))
    idf = np.log((1.0 + len(x_bags) + len(y_bags)) / (1.0 + df)) + 1.0
    x, y = (_Vectors(v.indptr, v.indices, v.data * idf[v.indices]) for v in rows)
    return _Channel(x, y, len(vocabulary), weight)


def _block_sum(v: _Vectors, size: int, width: int) -> _Vectors:
    """Sum every ``size`` consecutive rows into one: the vectors of coarse blocks."""
    rows = np.repeat(np.arange(v.rows, dtype=np.int64) // size, np.diff(v.indptr))
    keys, inverse = np.unique(rows * width + v.indices, return_inverse=True)
    blocks = -(-v.rows // size)
    indptr = np.zeros(blocks + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(keys // width, minlength=blocks))
    return _Vectors(indptr, keys % width, np.bincount(inverse, weights=v.data).astype(np.float64))


def _dense_by_feature(v: _Vectors, start: int, stop: int, features: IntArray) -> FloatArray:
    """Rows ``start:stop`` of ``v`` densified over the sorted ids ``features``, one line per feature."""
    lo, hi = int(v.indptr[start]), int(v.indptr[stop])
    rows = np.repeat(np.arange(stop - start), np.diff(v.indptr[start : stop + 1]))
    position = np.minimum(np.searchsorted(features, v.indices[lo:hi]), len(features) - 1)
    keep = features[position] == v.indices[lo:hi]
    out = np.zeros((len(features), stop - start), dtype=np.float64)
    out[position[keep], rows[keep]] = v.data[lo:hi][keep]
    return out


def _band_dots(x: _Vectors, y: _Vectors, first: IntArray, last: IntArray) -> FloatArray:
    """Dot products ``out[a, t] = x[a] . y[first[a] + t]`` for rows ``first[a]..last[a]`` of y.

    Entries past ``last[a]`` or past the end of ``y`` are 0. Rows of ``x`` are taken
    a block at a time; the ``y`` rows the block meets are densified over the block's
    features, each nonzero of ``x`` picks its line out of them, and the picked lines
    are summed row by row. That costs (nonzeros of x) x (y rows met) per block, a
    fraction of a dense matrix product, and needs no BLAS threads, which fight over
    the cores when other processes are busy.
    """
    span = int((last - first).max()) + 1 if x.rows else 1
    out = np.zeros((x.rows, span), dtype=np.float64)
    if x.rows == 0 or y.rows == 0:
        return out
    # A block meets about (its rows + the span) rows of y: blocks of half a span keep
    # that near the span itself, and the buffer within _BLOCK_ELEMENTS.
    per_row = max(len(x.indices) / x.rows, 1.0)
    typical_span = float(np.median(last - first)) + 1.0
    block = int(max(1, min(typical_span // 2 + 1, _BLOCK_ELEMENTS // (per_row * 1.5 * typical_span), 64)))
    for start in range(0, x.rows, block):
        stop = min(start + block, x.rows)
        c0 = int(first[start:stop].min())
        c1 = min(int(last[start:stop].max()) + 1, y.rows)
        lo, hi = int(x.indptr[start]), int(x.indptr[stop])
        if c1 <= c0 or hi == lo:
            continue
        features = x.indices[lo:hi]
        vocabulary = np.unique(features)
        y_block = _dense_by_feature(y, c0, c1, vocabulary)
        products = y_block[np.searchsorted(vocabulary, features)] * x.data[lo:hi, None]
        filled = np.diff(x.indptr[start : stop + 1]) > 0
        dots = np.zeros((stop - start, c1 - c0), dtype=np.float64)
        dots[filled] = np.add.reduceat(products, x.indptr[start:stop][filled] - lo, axis=0)
        # Each row keeps its own window of the block's column range.
        offsets = first[start:stop, None] - c0 + np.arange(span)[None, :]
        valid = (offsets >= 0) & (offsets < c1 - c0) & (offsets <= last[start:stop, None] - c0)
        rows = np.broadcast_to(np.arange(stop - start)[:, None], offsets.shape)
        out[start:stop][valid] = dots[rows[valid], offsets[valid]]
    return out


def _self_dots(v: _Vectors, width: int) -> tuple[FloatArray, FloatArray]:
    """Squared norms of the rows, and dot products of each row with the one before it."""
    owner = np.repeat(np.arange(v.rows, dtype=np.int64), np.diff(v.indptr))
    norms = np.bincount(owner, weights=v.data**2, minlength=v.rows).astype(np.float64)
    # Key every entry by (row, feature) and the previous row's entries as if they were
    # this row's: the keys both sets share are the features two neighbours share.
    _, mine, previous = np.intersect1d(
        owner * width + v.indices, (owner + 1) * width + v.indices, assume_unique=True, return_indices=True
    )
    products = v.data[mine] * v.data[previous]
    adjacent = np.bincount(owner[mine], weights=products, minlength=v.rows).astype(np.float64)
    return norms, adjacent


@dataclass(frozen=True)
class _Band:
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


def _full_band(n: int, m: int) -> _Band:
    return _Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def _move_scores(channels: Sequence[_Channel], band: _Band) -> dict[Move, FloatArray]:
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
        (c.weight, _band_dots(c.x, c.y, first, last), *_self_dots(c.x, c.width), *_self_dots(c.y, c.width))
        for c in channels
    ]
    scores: dict[Move, FloatArray] = {}
    for di, dj in _PAIRINGS:
        parts = []
        for weight, dots, x_norm, x_adj, y_norm, y_adj in prepared:
            dot = np.zeros(cols.shape)
            for p in range(di):
                for q in range(dj):
                    dot += cell(dots, rows - 1 - p, cols - 1 - q)
            nx = side_norm(x_norm, x_adj, rows, di)
            ny = side_norm(y_norm, y_adj, cols, dj)
            scale = np.sqrt(nx * ny)
            cosine = np.divide(dot, scale, out=np.zeros_like(dot), where=scale > 0)
            parts.append((weight, cosine, (nx > 0) | (ny > 0)))
        possible = (rows >= di) & (cols >= dj) & (cols <= band.hi[:, None])
        scores[(di, dj)] = np.where(possible, _blend(parts), -np.inf)
    return scores


def _search(band: _Band, gains: dict[Move, FloatArray]) -> list[tuple[int, int]]:
    """Best monotone path through the band; returns the nodes it passes, from (0, 0).

    ``gains[move][i, j - lo[i]]`` is what closing a group with ``move`` at node (i, j)
    earns; the skips (1, 0) and (0, 1) earn nothing. Rows are filled one at a time:
    every move but (0, 1) comes from an earlier row, and (0, 1) chains within the
    row, which a running maximum resolves because it earns nothing.
    """
    n, width = len(band.lo) - 1, band.width
    best = np.full((n + 1, width), -np.inf)
    back = np.zeros((n + 1, width), dtype=np.int8)
    for i in range(n + 1):
        columns = band.lo[i] + np.arange(width)
        candidate = np.where(columns == 0, 0.0, -np.inf) if i == 0 else np.full(width, -np.inf)
        choice = np.zeros(width, dtype=np.int8)
        for index, (di, dj) in enumerate(_MOVES):
            if di == 0 or i < di:
                continue
            source = columns - dj - band.lo[i - di]
            reachable = (source >= 0) & (source <= band.hi[i - di] - band.lo[i - di])
            total = np.where(reachable, best[i - di].take(source, mode="clip"), -np.inf)
            if (di, dj) in gains:
                total += gains[(di, dj)][i]
            better = total > candidate  # on ties the earlier move in _MOVES wins
            candidate[better] = total[better]
            choice[better] = index
        running = np.maximum.accumulate(candidate)
        # Ties go to the (0, 1) skip, so a dropped sentence's 1-0 group comes before
        # the 0-1 group of a sentence added in its place, as in a diff.
        left = np.concatenate(([-np.inf], running[:-1]))
        choice[(left >= candidate) & (left > -np.inf)] = _MOVES.index((0, 1))
        running[columns > band.hi[i]] = -np.inf
        best[i], back[i] = running, choice
    path = [(n, int(band.hi[n]))]
    while path[-1] != (0, 0):
        i, j = path[-1]
        di, dj = _MOVES[back[i, j - band.lo[i]]]
        path.append((i - di, j - dj))
    return path[::-1]


def _band_around(path: Sequence[tuple[int, int]], size: int, half_width: int, n: int, m: int) -> _Band:
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
    return _Band(lo, hi)


def _rows(v: _Vectors, start: int, stop: int) -> _Vectors:
    """Rows ``start:stop`` of ``v`` as vectors of their own."""
    lo, hi = int(v.indptr[start]), int(v.indptr[stop])
    return _Vectors(v.indptr[start : stop + 1] - lo, v.indices[lo:hi], v.data[lo:hi])


@dataclass(frozen=True)
class _Span:
    """A group found by the search: original sentences i0..i1-1 with repost j0..j1-1."""

    i0: int
    j0: int
    i1: int
    j1: int
    score: float

    @property
    def paired(self) -> bool:
        return self.i1 > self.i0 and self.j1 > self.j0


def _fill_gap(
    channels: Sequence[_Channel],
    lengths: tuple[IntArray, IntArray],
    corner: tuple[int, int],
    size: tuple[int, int],
    params: AlignParams,
    penalty: dict[Move, float],
) -> list[_Span]:
    """Align the sentences of one gap (unpaired on both sides) with the gap's lower bar.

    ``corner`` is the gap's first node (i0, j0) and ``size`` its (original, repost)
    sentence counts. A pairing must score ``params.gap_threshold`` and have sides of
    compatible length (``params.gap_length_ratio``); what pairs nothing stays 1-0/0-1.
    (Refusing pairs whose sides share no name or number was tried: on the MQM dev
    split it unpaired more true pairs than it kept unrelated ones apart.)
    """
    (i0, j0), (a, b) = corner, size
    sub = [_Channel(_rows(c.x, i0, i0 + a), _rows(c.y, j0, j0 + b), c.width, c.weight) for c in channels]
    grid = _full_band(a, b)
    scores = _move_scores(sub, grid)
    rows, cols = np.arange(a + 1)[:, None], grid.columns()

    def group_sum(per_sentence: IntArray, ends: IntArray, count: int) -> IntArray:
        """Sum of ``per_sentence`` over the ``count`` sentences before each node ``ends``."""
        before = np.concatenate(([0], np.cumsum(per_sentence)))
        return np.asarray(before[ends] - before[np.maximum(ends - count, 0)], dtype=np.int64)

    length_o, length_r = lengths[0][i0 : i0 + a], lengths[1][j0 : j0 + b]
    gains: dict[Move, FloatArray] = {}
    for (di, dj), similarities in scores.items():
        side_o, side_r = group_sum(length_o, rows, di), group_sum(length_r, cols, dj)
        fits = np.minimum(side_o, side_r) >= params.gap_length_ratio * np.maximum(side_o, side_r)
        gains[(di, dj)] = np.where(fits, similarities - params.gap_threshold - penalty[(di, dj)], -np.inf)
    return _path_spans(_search(grid, gains), scores, grid, corner)


def _path_spans(
    path: Sequence[tuple[int, int]], scores: dict[Move, FloatArray], grid: _Band, corner: tuple[int, int] = (0, 0)
) -> list[_Span]:
    """The groups a searched path makes, with their scores; ``corner`` offsets a gap's path."""
    spans = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        paired = i1 > i0 and j1 > j0
        score = float(scores[(i1 - i0, j1 - j0)][i1, j1 - grid.lo[i1]]) if paired else 0.0
        spans.append(_Span(corner[0] + i0, corner[1] + j0, corner[0] + i1, corner[1] + j1, score))
    return spans


def _fill_gaps(
    spans: Sequence[_Span],
    channels: Sequence[_Channel],
    lengths: tuple[IntArray, IntArray],
    params: AlignParams,
    penalty: dict[Move, float],
) -> list[_Span]:
    """Replace every run of 1-0/0-1 groups that leaves sentences on both sides by its gap alignment.

    A run is bounded by paired groups or by the documents' ends, which anchor it as
    Bleualign's gap filler has them: what lies between two pairs in both documents
    most likely renders each other. Runs with sentences on one side only have
    nothing to pair, and runs longer than ``params.gap_sentences`` on either side are
    other text; both stay as they are, and so does everything when nothing was paired
    (two documents that are not versions of each other have no neighbours to trust).
    """
    if not any(span.paired for span in spans):
        return list(spans)
    out: list[_Span] = []
    run: list[_Span] = []
    for span in [*spans, None]:
        if span is not None and not span.paired:
            run.append(span)
            continue
        if run:
            i0, j0 = run[0].i0, run[0].j0
            a, b = run[-1].i1 - i0, run[-1].j1 - j0
            if a and b and max(a, b) <= params.gap_sentences:
                out.extend(_fill_gap(channels, lengths, (i0, j0), (a, b), params, penalty))
            else:
                out.extend(run)
            run = []
        if span is not None:
            out.append(span)
    return out


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
) -> list[AlignedGroup]:
    """Align original sentences to repost sentences monotonically, in document order.

    Both sides are English: ``repost`` holds each repost sentence's translation, or
    the sentence itself where it is English. Returns groups pairing one or two
    consecutive sentences of each side (1-1, 1-2, 2-1, 2-2) or one sentence with none
    (1-0: only in the original; 0-1: added in the repost). Every index of both lists
    is in exactly one group and indices increase along the list. ``score`` is the
    group's similarity, 0.0 for 1-0 and 0-1. Gaps between paired groups are filled
    by a second pass (see the module docstring); ``AlignParams(gap_threshold=...)``
    tunes it, and a threshold above 1 turns it off.

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
        alone = [AlignedGroup((i,), (), 0.0) for i in range(n)]
        return alone + [AlignedGroup((), (j,), 0.0) for j in range(m)]
    sentences = [
        _channel(
            [_text_features(s, params.ngram) for s in original],
            [_text_features(s, params.ngram) for s in repost],
            1.0 - params.anchor_weight,
        ),
        _channel(
            [_anchor_features(s) for s in original],
            [_anchor_features(s) for s in repost],
            params.anchor_weight,
        ),
    ]
    merge = params.merge_penalty
    penalty = {(1, 1): 0.0, (2, 1): merge, (1, 2): merge, (2, 2): params.merge_penalty_22}

    path: list[tuple[int, int]] = []
    levels = _levels(n, m, params, banded=band is not None or (n + 1) * (m + 1) > params.full_cells)
    for level, size in enumerate(levels):
        channels = sentences if size == 1 else [
            _Channel(_block_sum(c.x, size, c.width), _block_sum(c.y, size, c.width), c.width, c.weight)
            for c in sentences
        ]
        rows, cols = channels[0].x.rows, channels[0].y.rows
        if level == 0:
            grid = _full_band(rows, cols)
        else:
            half_width = band if size == 1 and band is not None else 2 * _FACTOR
            grid = _band_around(path, _FACTOR, half_width, rows, cols)
        scores = _move_scores(channels, grid)
        threshold = params.threshold
        if size > 1:
            # Blocks pool many sentences, so unrelated blocks share more n-grams than
            # unrelated sentences do: measure what an unrelated pair scores at this level.
            # Most cells of the grid are unrelated pairs; true ones are a few per row.
            pairs = scores[(1, 1)]
            q25, q50 = np.quantile(pairs[np.isfinite(pairs)], [0.25, 0.5])
            threshold = float(q50 + _COARSE_SPREAD * (q50 - q25))
        path = _search(grid, {k: s - threshold - penalty[k] for k, s in scores.items()})

    spans = _path_spans(path, scores, grid)
    lengths = (
        np.array([len(s.strip()) for s in original], dtype=np.int64),
        np.array([len(s.strip()) for s in repost], dtype=np.int64),
    )
    spans = _fill_gaps(spans, sentences, lengths, params, penalty)
    return [AlignedGroup(tuple(range(s.i0, s.i1)), tuple(range(s.j0, s.j1)), s.score) for s in spans]
