"""What several comparison checks share: content words, lemma sets, lonely sentences.

The checks of ``pipeline.fidelity.checks`` import them, and so does the aligner's gap
pass (``pipeline.fidelity.gaps``), which judges a gap pair on the same word evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.fidelity.divergence import FUNCTION_WORDS, Finding, Group, Token, furniture, is_boilerplate, lemma, sentence_span
from pipeline.types import Sentence

HONORIFICS = frozenset("mr mrs ms miss mx dr sir madam dame pak bu ibu bapak prof".split())


def content_words(toks: Iterable[Token]) -> list[Token]:
    return [t for t in toks if t.text[0].isalpha() and t.key not in FUNCTION_WORDS and t.key not in HONORIFICS]


def lemmas(toks: Iterable[Token]) -> set[str]:
    return {lemma(t.text) for t in content_words(toks)}


# An original sentence inside a group has no counterpart when less than this share of
# its content words (by lemma) occurs on the other side. Calibrated on both the
# synthetic suite (an unrelated sentence shares 0-10%) and the MQM dev split (two
# faithful renderings of one sentence rarely share under 20%).
NO_COUNTERPART = 0.2
# A sentence needs this many content words to be judged at all ("Funding Gap").
MIN_CONTENT = 3


def has_counterpart(toks: Sequence[Token], other: set[str]) -> bool:
    own = lemmas(toks)
    return len(own) < MIN_CONTENT or len(own & other) / len(own) >= NO_COUNTERPART


def similarity(a: Sequence[Token], b: Sequence[Token]) -> float:
    """Dice coefficient of the two sides' content lemmas (1.0 when neither has any)."""
    la, lb = lemmas(a), lemmas(b)
    if not la or not lb:
        return 1.0 if la == lb else 0.0
    return 2 * len(la & lb) / (len(la) + len(lb))


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
    return Finding("addition", None, sentence_span(seg.sentence), "repost sentence with no counterpart in the original",
                   kind="sentence")


def matches(word: str, others: set[str]) -> bool:
    """A content lemma found among ``others`` itself or as the start of a compound
    ("sun" in "sunlight")."""
    return word in others or any(len(o) >= 3 and len(word) >= 3 and (o.startswith(word) or word.startswith(o))
                                 for o in others)
