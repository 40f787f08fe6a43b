"""Sentences moved: a paragraph reordered is no omission and no addition.

The aligner is monotone: a sentence the repost moves elsewhere is left lonely at both
places, and the comparison would report it dropped (major) where it stood and added
(major) where it now stands. Here a sentence lonely in the original and one lonely in
the repost that say the same thing (their content lemmas' Dice coefficient at least
``MOVED_SIMILARITY``, with ``MOVED_MIN_CONTENT`` content words or more, page furniture
left out, not both between the same two pairs) become one group of ``kind`` "moved", placed where the original has it: the
checks compare the two sentences as any pair (a number changed on the way is still
found), the comparison reports the move (`moved`, minor) and the scores pair them.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.fidelity.checks.common import content_words
from pipeline.fidelity.divergence import is_boilerplate, lemma, tokens
from pipeline.text.dates import extract_dates
from pipeline.types import AlignedGroup

TIME_WORDS = frozenset("day days week weeks month months year years quarter quarters ago yesterday today tomorrow".split())

# A moved paragraph is copied, or edited a word or two: one content word in ten changed
# leaves 0.9. Two sentences of one story about different things can share 0.8 ("Shipments
# of wheat to the Soviet Union totalled 1.2 mln tonnes in the week." / "Shipments of
# sorghum to the Soviet Union were expected to total 1.2 mln tonnes next week.").
MOVED_SIMILARITY = 0.85
# A sentence needs this many content words to be recognised elsewhere.
MOVED_MIN_CONTENT = 4
# Lonely sentences weighed on each side at most: two unrelated documents leave every
# sentence lonely, and their verdict says so without this search.
MOVED_MAX = 300


def find_moves(groups: Sequence[AlignedGroup], original: Sequence[str], repost: Sequence[str]) -> list[AlignedGroup]:
    """``groups`` with each moved sentence's two lonely groups made one "moved" group."""
    lonely_o = [(k, g.original[0]) for k, g in enumerate(groups) if g.kind == "lonely" and len(g.original) == 1]
    lonely_r = [(k, g.repost[0]) for k, g in enumerate(groups) if g.kind == "lonely" and len(g.repost) == 1]
    if not lonely_o or not lonely_r or len(lonely_o) > MOVED_MAX or len(lonely_r) > MOVED_MAX:
        return list(groups)
    lemmas_o = {k: _lemmas(original[i]) for k, i in lonely_o}
    lemmas_r = {k: _lemmas(repost[j]) for k, j in lonely_r}
    ranked = sorted(((_dice(lemmas_o[ko], lemmas_r[kr]), ko, kr) for ko, _ in lonely_o for kr, _ in lonely_r
                     if lemmas_o[ko] and lemmas_r[kr]), reverse=True)
    pairs: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for score, ko, kr in ranked:
        if score < MOVED_SIMILARITY:
            break
        if ko not in pairs and kr not in taken and not _same_place(groups, ko, kr):
            pairs[ko] = (kr, score)
            taken.add(kr)
    out: list[AlignedGroup] = []
    for k, g in enumerate(groups):
        if k in taken:
            continue
        if k in pairs:
            kr, score = pairs[k]
            out.append(AlignedGroup(g.original, groups[kr].repost, round(score, 4), "moved"))
        else:
            out.append(g)
    return out


def _same_place(groups: Sequence[AlignedGroup], ko: int, kr: int) -> bool:
    """Whether two lonely groups stand between the same two pairs: a sentence reworded
    there (and left unpaired), not one moved elsewhere."""
    low, high = min(ko, kr), max(ko, kr)
    return all(groups[k].kind == "lonely" for k in range(low, high + 1))


def _lemmas(text: str) -> frozenset[str]:
    """The content lemmas of a sentence that may be recognised elsewhere (none for furniture or
    a short line), its dates and words of time left out: a sentence moved with its date
    changed ("last month" -> "in February") is still the one moved, and the checks then
    compare its dates as in any pair."""
    if is_boilerplate(text):
        return frozenset()
    dated = [(d.start, d.end) for d in extract_dates(text, "en")]
    found = frozenset(lemma(t.text) for t in content_words(tokens(text, 0, 0))
                      if t.key not in TIME_WORDS and not any(a <= t.start < b for a, b in dated))
    return found if len(found) >= MOVED_MIN_CONTENT else frozenset()


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))
