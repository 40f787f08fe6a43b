"""A cheap bound on what aligning a candidate with a repost can find, to skip hopeless ones.

Aligning is the expensive step of matching (milliseconds per candidate, more for long
texts). Before it, each candidate is screened by word containment: a repost sentence
can only be in a shared pair (``pair_score`` or more) when at least ``CONTAINMENT`` of
its words are in one original sentence or two adjacent ones, and the same the other way
round. The shares of the sentences passing this test bound the shares alignment can
find; ``matching`` aligns a candidate only when those bounds leave it a chance to be the
match, a further original or the best candidate so far.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.archive.store import words
from pipeline.text.lexicon import NON_CONTENT_WORDS

# On the Reuters benchmark (scripts/bench_match.py, spun, paraphrased, merged and long
# reposts), every repost sentence the aligner put in a shared pair had 0.24 or more of
# its words in its counterpart window; 0.2 leaves a margin.
CONTAINMENT = 0.2
# Sentence ends, loosely: the screen needs windows of text, not the segmenter's sentences.
_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")


@dataclass(frozen=True)
class Side:
    """One text's sentences as word sets, and its windows (each sentence, each adjacent pair)."""

    sets: tuple[frozenset[str], ...]
    lengths: tuple[int, ...]  # characters per sentence, for shares
    windows: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, sentences: Sequence[str]) -> Side:
        """The side of already-split sentences (the repost's)."""
        sets = tuple(frozenset(w for w in words(s) if w not in NON_CONTENT_WORDS) for s in sentences)
        pairs = tuple(a | b for a, b in zip(sets, sets[1:]))
        return cls(sets, tuple(len(s) for s in sentences), sets + pairs)

    @classmethod
    def of_text(cls, text: str) -> Side:
        """The side of a whole text (an archived original), split loosely."""
        return _side_of_text(text)

    def reachable(self, other: Side, among: Iterable[int] | None = None) -> frozenset[int]:
        """The sentences of this side (``among`` them) with ``CONTAINMENT`` of their words in a window of ``other``."""
        chosen = range(len(self.sets)) if among is None else among
        windows = other.windows
        anywhere = frozenset().union(*other.sets)  # a window holds at most what the whole text does
        found = []
        for k in chosen:
            mine = self.sets[k]
            need = CONTAINMENT * len(mine)
            if mine and len(mine & anywhere) >= need and any(len(mine & w) >= need for w in windows):
                found.append(k)
        return frozenset(found)

    def share(self, chosen: frozenset[int] | set[int]) -> float:
        """The share of this side's characters in the ``chosen`` sentences."""
        total = sum(self.lengths)
        return sum(self.lengths[k] for k in chosen) / total if total else 0.0


@lru_cache(maxsize=256)  # the originals a feed meets again (keyed by the text: never stale)
def _side_of_text(text: str) -> Side:
    return Side.of([s for s in _SPLIT.split(text) if s.strip()])


@dataclass(frozen=True)
class Bound:
    """At most what aligning one candidate with the repost can find."""

    repost: frozenset[int]  # repost sentences that may be in a shared pair
    repost_share: float
    original_share: float


def bound(repost: Side, original_text: str) -> Bound:
    """The screen's bound for one archived original against the repost."""
    original = Side.of_text(original_text)
    reach = repost.reachable(original)
    return Bound(reach, repost.share(reach), original.share(original.reachable(repost)))
