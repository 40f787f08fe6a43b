"""The features and vector arithmetic the aligner scores sentences with.

Every sentence becomes a bag of weighted features in two channels:

* **text**: character 3-grams of the lowercased sentence with punctuation folded to
  spaces. They survive machine-translation noise and synonym spinning far better
  than words: "said" -> "stated" costs a few n-grams, the rest of the sentence still
  matches.
* **anchors**: numbers by value (``pipeline.text.numbers``, so "2,033" meets "2 033") and
  capitalised tokens (Macron, NATO, Pokrovsk), which rarely change in translation
  and tell apart neighbouring sentences on the same topic.

Features are weighted by sublinear term frequency times inverse document frequency
over both documents (``channel``). The similarity of two groups of sentences is the
cosine of their summed text vectors, blended with the cosine of their anchor vectors
when either side has anchors (``blend``). ``band_dots`` and ``self_dots`` give the
pairwise dot products the search (``pipeline.fidelity.search``) builds group cosines
from.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from pipeline.text.numbers import NumberMention, extract_numbers

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Capitalised words that start sentences or headlines without naming anything.
_NOT_NAMES = frozenset(
    """a about after against all also although amid an and any are as at be because before
    between but by can could despite during each even for from had has have he her here his
    how however i if in into is it its last meanwhile more most my new no nor not now of on
    once one only or other our over since so some such than that the their them then there
    these they this those though through to under until up us was we were what when where
    whether which while who whom whose why will with within without would yet you your""".split()
)
_NAME = re.compile(r"\b[^\W\d_][\w'’]*")  # a word; anchor_features keeps capitalised ones
_POSSESSIVE = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[\W_]+")
# Elements of the per-block buffer of band_dots (8 bytes each): bounds its memory.
_BLOCK_ELEMENTS = 1 << 21


# Both feature functions are cached: matching aligns the same repost sentences with
# every candidate original, pass after pass. The bags are shared, so never mutated.
@lru_cache(maxsize=1024)
def text_features(text: str, n: int) -> Counter[str]:
    folded = " " + _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip() + " "
    return Counter([folded[k : k + n] for k in range(len(folded) - n + 1)])


@lru_cache(maxsize=8192)
def english_numbers(text: str) -> tuple[NumberMention, ...]:
    """The numbers of English ``text`` (``extract_numbers``), cached: anchors and matching's
    number agreement read the same sentences, the repost's with every candidate."""
    return tuple(extract_numbers(text, "en"))


@lru_cache(maxsize=1024)
def anchor_features(text: str) -> Counter[str]:
    # Numbers by value ("#2033", so "two" meets "2"), names lowercased ("@macron"); idf
    # does the weighting, and numbers, being rarer than the names of a story's
    # protagonists, weigh more. Ambiguous words ("one of", "at first") anchor nothing.
    anchors = Counter(
        f"#{m.value:.12g}{'%' if m.percent else ''}" for m in english_numbers(text) if not m.ambiguous
    )
    for token in _NAME.findall(unicodedata.normalize("NFKC", text)):
        if not token[0].isupper():
            continue
        name = _POSSESSIVE.sub("", token).strip("'’").lower()
        if len(name) > 1 and name not in _NOT_NAMES:
            anchors["@" + name] += 1
    return anchors


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two bags under sublinear term frequency (1 + log count)."""
    wa = {f: 1.0 + math.log(c) for f, c in a.items()}
    wb = {f: 1.0 + math.log(c) for f, c in b.items()}
    dot = sum(w * wb[f] for f, w in wa.items() if f in wb)
    norms = math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))
    return dot / norms if norms > 0 else 0.0


def blend(parts: Iterable[tuple[float, FloatArray, npt.NDArray[np.bool_]]]) -> FloatArray:
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



@dataclass(frozen=True)
class Vectors:
    """Sparse row vectors in CSR layout: row r is ``indices/data[indptr[r]:indptr[r+1]]``."""

    indptr: IntArray
    indices: IntArray
    data: FloatArray

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1


@dataclass(frozen=True)
class Channel:
    """One feature channel of both documents, and its weight in the blend."""

    x: Vectors  # original sentences (or blocks)
    y: Vectors  # repost sentences (or blocks)
    width: int  # vocabulary size
    weight: float


# A bag as arrays: each feature's 64-bit hash (``hash(str)``, fixed within a process) and
# its sublinear term frequency, in the bag's order. Cached per sentence: matching meets
# one repost sentence in every candidate and pass, and an archived original's in every
# repost that retrieves it; channels are then built by array operations, not feature by
# feature. (Two features of one alignment sharing a hash: odds about 1e-11.)
Keys = tuple[IntArray, FloatArray]


def _keys(bag: Counter[str]) -> Keys:
    ids = np.fromiter(map(hash, bag), dtype=np.int64, count=len(bag))
    return ids, 1.0 + np.log(np.fromiter(bag.values(), dtype=np.float64, count=len(bag)))


@lru_cache(maxsize=8192)
def text_keys(text: str, n: int) -> Keys:
    """``text_features`` as arrays (see ``Keys``)."""
    return _keys(text_features(text, n))


@lru_cache(maxsize=8192)
def anchor_keys(text: str) -> Keys:
    """``anchor_features`` as arrays (see ``Keys``)."""
    return _keys(anchor_features(text))


def channel(x_keys: Sequence[Keys], y_keys: Sequence[Keys], weight: float) -> Channel:
    """Both documents' bags as sublinear-tf times idf vectors over one vocabulary.

    The vocabulary numbers features in the order they are first met (the original's
    sentences, then the repost's), so that every sum runs in one fixed order.
    """
    bags = [*x_keys, *y_keys]
    sizes = np.fromiter((len(ids) for ids, _ in bags), dtype=np.int64, count=len(bags))
    ids = np.concatenate([k for k, _ in bags]) if bags else np.zeros(0, dtype=np.int64)
    tf = np.concatenate([t for _, t in bags]) if bags else np.zeros(0, dtype=np.float64)
    unique, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    number = np.empty(len(unique), dtype=np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(len(unique), dtype=np.int64)
    indices = number[inverse.reshape(-1)]
    # Smoothed idf over the sentences of both documents: n-grams that every sentence
    # has ("the", "ion") say little about which sentence a translation renders.
    df = np.bincount(indices, minlength=len(unique))
    idf = np.log((1.0 + len(x_keys) + len(y_keys)) / (1.0 + df)) + 1.0
    split = int(sizes[: len(x_keys)].sum())
    x, y = (
        Vectors(np.concatenate(([0], np.cumsum(part))).astype(np.int64), indices[lo:hi],
                tf[lo:hi] * idf[indices[lo:hi]])
        for part, lo, hi in ((sizes[: len(x_keys)], 0, split), (sizes[len(x_keys):], split, len(indices)))
    )
    return Channel(x, y, len(unique), weight)


def block_sum(v: Vectors, size: int, width: int) -> Vectors:
    """Sum every ``size`` consecutive rows into one: the vectors of coarse blocks."""
    rows = np.repeat(np.arange(v.rows, dtype=np.int64) // size, np.diff(v.indptr))
    keys, inverse = np.unique(rows * width + v.indices, return_inverse=True)
    blocks = -(-v.rows // size)
    indptr = np.zeros(blocks + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(keys // width, minlength=blocks))
    return Vectors(indptr, keys % width, np.bincount(inverse, weights=v.data).astype(np.float64))


def _dense_by_feature(v: Vectors, start: int, stop: int, features: IntArray) -> FloatArray:
    """Rows ``start:stop`` of ``v`` densified over the sorted ids ``features``, one line per feature."""
    lo, hi = int(v.indptr[start]), int(v.indptr[stop])
    rows = np.repeat(np.arange(stop - start), np.diff(v.indptr[start : stop + 1]))
    position = np.minimum(np.searchsorted(features, v.indices[lo:hi]), len(features) - 1)
    keep = features[position] == v.indices[lo:hi]
    out = np.zeros((len(features), stop - start), dtype=np.float64)
    out[position[keep], rows[keep]] = v.data[lo:hi][keep]
    return out


def band_dots(x: Vectors, y: Vectors, first: IntArray, last: IntArray) -> FloatArray:
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
        # np.unique's values, without its first call importing numpy.ma (a cold run's 20 ms).
        ordered = np.sort(features)
        first_of_value = np.ones(len(ordered), dtype=bool)
        first_of_value[1:] = ordered[1:] != ordered[:-1]
        vocabulary = ordered[first_of_value]
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


def self_dots(v: Vectors, width: int) -> tuple[FloatArray, FloatArray]:
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



def rows_of(v: Vectors, start: int, stop: int) -> Vectors:
    """Rows ``start:stop`` of ``v`` as vectors of their own."""
    lo, hi = int(v.indptr[start]), int(v.indptr[stop])
    return Vectors(v.indptr[start : stop + 1] - lo, v.indices[lo:hi], v.data[lo:hi])



def group_similarity(channels: Sequence[Channel], original: range, repost: range) -> float:
    """The blended cosine of the summed vectors of ``original`` and ``repost`` rows: the
    score the search gives a group, for a group of any size."""
    parts = []
    for c in channels:
        x, y = (
            np.bincount(v.indices[v.indptr[r.start] : v.indptr[r.stop]], weights=v.data[v.indptr[r.start] : v.indptr[r.stop]],
                        minlength=c.width)
            for v, r in ((c.x, original), (c.y, repost))
        )
        nx, ny = float(x @ x), float(y @ y)
        cos = float(x @ y) / math.sqrt(nx * ny) if nx > 0 and ny > 0 else 0.0
        parts.append((c.weight, np.asarray(cos, dtype=np.float64), np.asarray(nx > 0 or ny > 0, dtype=np.bool_)))
    return float(blend(parts))


def shared_trigrams(a: str, b: str) -> float:
    """Dice coefficient of the two texts' sets of character 3-grams (lowercased, runs of
    white space as one space); 0.0 when either is shorter than three characters.

    Plain sets, without the weights and the punctuation folding of ``channel``: the gap
    pass asks it of two lone sentences, whose overlap no document statistics weigh.
    """
    grams = []
    for text in (a, b):
        s = " ".join(text.lower().split())
        grams.append({s[k : k + 3] for k in range(len(s) - 2)})
    if not grams[0] or not grams[1]:
        return 0.0
    return 2 * len(grams[0] & grams[1]) / (len(grams[0]) + len(grams[1]))
