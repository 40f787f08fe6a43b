"""What several comparison checks share: content words, similarity, lonely sentences.

The checks of ``pipeline.fidelity.checks`` import them, and so does the aligner's gap
pass (``pipeline.fidelity.gaps``), which judges a gap pair on the same word evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.fidelity.divergence import (FUNCTION_WORDS, Finding, Group, Token, furniture, is_boilerplate, lemma,
                                          sentence_span, tokens)
from pipeline.fidelity.meaning import Side, near_synonyms, stem, unmatched
from pipeline.types import Sentence

HONORIFICS = frozenset("mr mrs ms miss mx dr sir madam dame pak bu ibu bapak prof".split())


def content_words(toks: Iterable[Token]) -> list[Token]:
    return [t for t in toks if t.text[0].isalpha() and t.key not in FUNCTION_WORDS and t.key not in HONORIFICS]


# A sentence inside a group has no counterpart when less than this share of its
# content words (one a lemma) has a counterpart on the other side
# (``pipeline.fidelity.meaning``: lemma, stem, name or near-synonym). Calibrated on
# both the synthetic suite (an unrelated sentence shares 0-10%) and the MQM dev split
# (two faithful renderings of one sentence rarely share under 20%).
NO_COUNTERPART = 0.2
# A sentence needs this many content words to be judged at all ("Funding Gap").
MIN_CONTENT = 3


# Words that say a clause is negated, not what it is about: no evidence that a lonely
# sentence's content is in its neighbour ("Terms were not disclosed." beside "... is not
# expected to have a significant impact").
NEGATIONS = frozenset({"not", "no", "never", "nor", "n't"})


def has_counterpart(toks: Sequence[Token], other: Side, joining: bool = False) -> bool:
    """Whether enough of ``toks``'s content words have a counterpart in ``other``: by
    lemma, stem or name first, and only where those fall short, by near-synonym. A
    sentence of fewer than ``MIN_CONTENT`` content words is not judged, except where a
    lonely sentence asks whether it can join a pair (``joining``): then its negations do
    not count and one of its words must be matched."""
    first = _first_of_lemmas(toks, NEGATIONS if joining else frozenset())
    if not first or len(first) < MIN_CONTENT and not joining:
        return True
    if len(first) < MIN_CONTENT:
        missing = unmatched(toks, other, first.values(), compounds=False)
        return len(missing) < len(first) or bool(near_synonyms(toks, missing, other))
    return _matched(toks, first, other, NO_COUNTERPART)


def _first_of_lemmas(toks: Sequence[Token], left_out: frozenset[str] = frozenset()) -> dict[str, int]:
    """Each content lemma of ``toks`` (but ``left_out`` words) and the position of its first word."""
    first: dict[str, int] = {}
    for k, t in enumerate(toks):
        if content_words([t]) and t.key not in left_out:
            first.setdefault(lemma(t.text), k)
    return first


def _matched(toks: Sequence[Token], first: dict[str, int], other: Side, share: float) -> bool:
    """Whether ``share`` of the lemmas ``first`` has a counterpart in ``other``: by lemma, stem
    or name, and only where those fall short, by near-synonym. Whole words only: a compound
    ("sun"/"sunlight") is the gap pass's evidence of a shared rare word, not a counterpart."""
    missing = unmatched(toks, other, first.values(), compounds=False)
    if (len(first) - len(missing)) / len(first) >= share:
        return True
    return (len(first) - len(missing) + len(near_synonyms(toks, missing, other))) / len(first) >= share


def similarity(a: Sequence[Token], b: Sequence[Token]) -> float:
    """Dice coefficient of the two sides' content lemmas (1.0 when neither has any), a lemma
    shared where the other side has it or its Snowball stem ("agree" / "agreed": the crude
    lemma reads "agree" and "agre", the stem "agre" both)."""
    la, lb = _keyed(a), _keyed(b)
    if not la or not lb:
        return 1.0 if la.keys() == lb.keys() else 0.0
    stems_a, stems_b = set(la.values()), set(lb.values())
    shared = sum(key in lb or s in stems_b for key, s in la.items()) + sum(key in la or s in stems_a for key, s in lb.items())
    return shared / (len(la) + len(lb))


def _keyed(toks: Sequence[Token]) -> dict[str, str]:
    """Each content lemma of ``toks`` and the stem of its first word."""
    out: dict[str, str] = {}
    for t in content_words(toks):
        out.setdefault(lemma(t.text), stem(t.text))
    return out


def omitted(g: Group, s: Sentence) -> Finding:
    if furniture(g.docs.original, s):
        return Finding("boilerplate", sentence_span(s), None, f"page furniture not in the repost: {s.text!r}",
                       kind="sentence")
    return Finding("omission", sentence_span(s), None, "original sentence missing from the repost", kind="sentence")


def added(g: Group, k: int) -> Finding:
    seg = g.repost[k]
    english = seg.translation or seg.sentence.text
    if furniture(g.docs.repost, seg.sentence) or is_boilerplate(english):
        return Finding("boilerplate", None, sentence_span(seg.sentence), "page furniture added by the repost",
                       kind="sentence")
    if seg.sentence.id == 0 and _summary(english, g.docs.original_text):
        return Finding("addition", None, sentence_span(seg.sentence), "headline added by the repost (its words are "
                       "the original's)", at_most="minor", kind="sentence")
    return Finding("addition", None, sentence_span(seg.sentence), "repost sentence with no counterpart in the original",
                   kind="sentence")


# A headline the repost puts over the story says what the story says: half or more of its
# content words (lemma, stem, name or near-synonym) are the original's ("Treasury sees no bank
# reform before 1988 vote" over "A top Treasury official said he does not expect any ...
# reform of the U.S. banking industry until after the 1988 presidential election"). One with
# news of its own ("Ministers agree to ban all fishing in the bay") is an addition like any other.
HEADLINE_WORDS = (3, 15)
HEADLINE_COVERED = 0.5


def _summary(english: str, original: str) -> bool:
    """Whether a repost's first line is a headline whose words the original has (by lemma,
    stem or name, then near-synonym)."""
    text = english.strip()
    toks = tokens(text, 0, 1)
    first = _first_of_lemmas(toks)
    if text[-1:] in ".!?\"”:" or not HEADLINE_WORDS[0] <= len(first) <= HEADLINE_WORDS[1]:
        return False
    return _matched(toks, first, Side(tokens(original, 0, 0)), HEADLINE_COVERED)
