"""A sentence's language in the context of its document.

A judgement is *weak* when it rests on few words or a low confidence; a weak judgement
for a language that no firmly judged sentence of the document shares gives way to the
language around it (``lang_source="context"``). Fragments too short to judge take a
neighbour's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.types import Sentence

Judgement = tuple[str, float]  # (language code, confidence)

SENTENCE = "sentence"  # lang_source: the sentence's own evidence decided
CONTEXT = "context"  # lang_source: the sentences around it decided


@dataclass(frozen=True)
class Verdict:
    """One sentence's own judgement."""

    lang: str
    confidence: float
    strong: bool  # enough evidence to stand against the sentences around it


def overruled(
    sentences: Sequence[Sentence], verdicts: Sequence[Verdict | None], english_words: Callable[[int, str], bool],
    min_confidence: float,
) -> dict[int, tuple[Judgement, str]]:
    """The weak verdicts that give way, with the judgement that replaces them and its ``lang_source``.

    A weak verdict stands when some firm (strong) verdict of the document shares its
    language: a genuinely mixed document keeps its languages. English words count for
    English (``english_words(i, lang)``: sentence ``i``'s words are at least half English
    words rather than ``lang`` words): a weak foreign verdict on such a sentence becomes
    English at its own confidence, and a weak English one stands. Any other takes the
    nearest firm verdict of its paragraph (previous, else next), else the document's most
    common firm language at its mean firm confidence. In a document without firm
    verdicts (a table of figures, a list of short lines) the document's language is the
    one its verdicts give most confidence to, summed; a verdict for another language
    under ``min_confidence`` (a guess: "Revs 41.1 mln vs 20.3 mln" -> pl 0.32 in an
    English earnings table) takes it.
    """
    firm_langs = {v.lang for v in verdicts if v is not None and v.strong}
    weak = [i for i, v in enumerate(verdicts) if v is not None and not v.strong and v.lang not in firm_langs]
    out: dict[int, tuple[Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is not None and own.lang != "en" and english_words(i, own.lang):
            out[i] = (("en", own.confidence), SENTENCE)  # its own words decided
    weak = [i for i in weak if i not in out]
    if not weak:
        return out
    if not firm_langs:
        return {**out, **_pooled(verdicts, out, weak, min_confidence)}
    by_lang: dict[str, list[float]] = {}
    for v in verdicts:
        if v is not None and v.strong:
            by_lang.setdefault(v.lang, []).append(v.confidence)
    document_lang = max(by_lang, key=lambda lang: len(by_lang[lang]))
    document = (document_lang, sum(by_lang[document_lang]) / len(by_lang[document_lang]))
    previous: dict[int, Judgement] = {}
    following: dict[int, Judgement] = {}
    for order, nearest in ((range(len(verdicts)), previous), (range(len(verdicts) - 1, -1, -1), following)):
        last: dict[int, Judgement] = {}  # paragraph -> nearest firm verdict so far
        for i in order:
            paragraph = sentences[i].paragraph
            if paragraph in last:
                nearest[i] = last[paragraph]
            verdict = verdicts[i]
            if verdict is not None and verdict.strong:
                last[paragraph] = (verdict.lang, verdict.confidence)
    for i in weak:
        context = previous.get(i) or following.get(i) or document
        own = verdicts[i]
        if own is None or context[0] == own.lang or (own.lang == "en" and english_words(i, context[0])):
            continue
        out[i] = (context, CONTEXT)
    return out


def _pooled(verdicts: Sequence[Verdict | None], decided: Mapping[int, tuple[Judgement, str]],
            weak: Sequence[int], min_confidence: float) -> dict[int, tuple[Judgement, str]]:
    """Where no verdict is firm: the guesses under ``min_confidence`` for a language other
    than the document's (the one with the most confidence, summed over its verdicts)
    take the document's language, at the mean confidence of its verdicts."""
    by_lang: dict[str, list[float]] = {}
    for i, v in enumerate(verdicts):
        if v is not None:
            lang, confidence = decided[i][0] if i in decided else (v.lang, v.confidence)
            by_lang.setdefault(lang, []).append(confidence)
    lang = max(by_lang, key=lambda code: sum(by_lang[code]))
    document = (lang, sum(by_lang[lang]) / len(by_lang[lang]))
    out: dict[int, tuple[Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is not None and own.lang != lang and own.confidence < min_confidence:
            out[i] = (document, CONTEXT)
    return out



def fill_short(
    sentences: Sequence[Sentence], judged: list[Judgement | None], guess: Callable[[], Judgement]
) -> list[Judgement]:
    """Give each unjudged sentence its nearest judged neighbour's language.

    Previous in the same paragraph, else next in the same paragraph, else previous, else
    next; when no sentence was judged at all, every one takes ``guess()``.
    """
    if not any(judged):
        return [guess()] * len(sentences)
    # Four sweeps remember the nearest judged result in each direction, so a run of
    # fragments costs no more than one sentence.
    n = len(sentences)
    prev_same: list[Judgement | None] = [None] * n
    next_same: list[Judgement | None] = [None] * n
    prev_any: list[Judgement | None] = [None] * n
    next_any: list[Judgement | None] = [None] * n
    for order, same, any_ in ((range(n), prev_same, prev_any), (range(n - 1, -1, -1), next_same, next_any)):
        by_paragraph: dict[int, Judgement] = {}
        last: Judgement | None = None
        for i in order:
            same[i] = by_paragraph.get(sentences[i].paragraph)
            any_[i] = last
            own = judged[i]
            if own is not None:
                by_paragraph[sentences[i].paragraph] = own
                last = own
    chosen: list[Judgement] = []
    for i, own in enumerate(judged):
        for candidate in (own, prev_same[i], next_same[i], prev_any[i], next_any[i]):
            if candidate is not None:
                chosen.append(candidate)
                break
    return chosen
