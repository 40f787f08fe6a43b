"""The `wording` check: other words (`paraphrase`), or little content in common (`meaning`)."""

from __future__ import annotations

from pipeline.fidelity.checks.common import content_words, similarity
from pipeline.fidelity.divergence import Checked, Finding, Group, Token, token_span

# Below this content similarity two sentences say different things in other words: a
# `meaning` divergence, but at most minor unless a structural check corroborates it.
MEANING_SIMILARITY = 0.34


def check_wording(g: Group, done: Checked) -> Checked:
    """Other wording. Two sentences with little content in common are `meaning`, but a
    low similarity alone is at most minor (``at_most``); otherwise each changed run of
    content words is a `paraphrase`."""
    score = similarity(g.o_toks, g.t_toks)
    if score < MEANING_SIMILARITY:
        return Checked((Finding("meaning", g.original_span(), g.repost_whole(),
                                f"the sentences share little content ({score:.0%} of content words)",
                                approximate=g.translation is not None, at_most="minor", kind="sentence"),), final=True)
    t_all = {t.key for t in g.t_toks}
    o_all = {t.key for t in g.o_toks}
    findings: list[Finding] = []
    for tag, i1, i2, j1, j2 in g.opcodes:
        if tag == "equal":
            continue
        for o_reg, t_reg, at in _pieces(g, i1, i2, j1, j2, done):
            o_content, t_content = content_words(o_reg), content_words(t_reg)
            if not o_content and not t_content:
                continue  # punctuation, function words, honorifics: not worth an auditor's time
            # Words merely moved within the sentence are not a difference.
            if all(t.key in t_all for t in o_content) and all(t.key in o_all for t in t_content):
                continue
            o_span = token_span(g.docs.original_text, o_reg) or g.original_anchor(at)
            r_span, approximate = g.repost_span(t_reg)
            after = " ".join(t.text for t in t_reg)
            findings.append(Finding("paraphrase", o_span, r_span, f"wording differs: {o_span.text!r} -> {after!r}",
                                    approximate, before=o_span.text or None, after=after or None, kind="words"))
    return Checked(tuple(findings))


def _pieces(g: Group, i1: int, i2: int, j1: int, j2: int,
            done: Checked) -> list[tuple[list[Token], list[Token], int]]:
    """A changed region cut where an earlier check explained tokens on both sides (a
    number reformatted, a negation reported): the words before and after such a change
    are two wordings, not one fragment around it ("by 0.7% a" -> "0, 7 % per"). Each
    piece: original tokens, English-side tokens, the original index it starts at."""
    o_runs = _runs(range(i1, i2), done.original)
    t_runs = _runs(range(j1, j2), done.repost)
    if len(o_runs) != len(t_runs):  # the explained changes do not line up: one region
        o_runs = [[k for run in o_runs for k in run]]
        t_runs = [[k for run in t_runs for k in run]]
    return [([g.o_toks[k] for k in o], [g.t_toks[k] for k in t], o[0] if o else i1)
            for o, t in zip(o_runs, t_runs)]


def _runs(indices: range, explained: frozenset[int]) -> list[list[int]]:
    """``indices`` cut at each run of explained ones, which are left out: one run (maybe
    empty) before, between and after them."""
    runs: list[list[int]] = [[]]
    for k in indices:
        if k not in explained:
            runs[-1].append(k)
        elif k - 1 not in explained or k == indices.start:
            runs.append([])
    return runs
