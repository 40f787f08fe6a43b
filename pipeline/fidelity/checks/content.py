"""The `content` check: a sentence of a paired group with no counterpart on the other side."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.fidelity.checks.common import added, has_counterpart, omitted
from pipeline.fidelity.divergence import Checked, Finding, Group, Token
from pipeline.fidelity.meaning import side

__all__ = ["check_content", "has_counterpart"]


def check_content(g: Group, done: Checked) -> Checked:
    """Inside a paired group, a sentence whose content has no counterpart on the other
    side is an omission (original) or addition (repost) of that sentence: a sentence
    dropped inside a merged group, or inside a run the aligner's gap pass paired whole.
    A one-to-one pair stands: the aligner judged the two alike (its gap pass on word
    evidence, ``pipeline.fidelity.gaps``), and a low word overlap there is rewording
    (the wording check's business)."""
    if len(g.original) == 1 and len(g.repost) == 1:
        return Checked()
    t_side, o_side = side(g.t_toks), side(g.o_toks)
    findings: list[Finding] = []
    o_ids: set[int] = set()
    t_ids: set[int] = set()
    for s in g.original:
        own = [k for k, t in enumerate(g.o_toks) if t.sentence == s.id]
        if not has_counterpart(_tokens(g.o_toks, own), t_side):
            findings.append(omitted(g, s))
            o_ids.update(own)
    for k, seg in enumerate(g.repost):
        own = [i for i, t in enumerate(g.t_toks) if t.sentence == seg.sentence.id]
        if not has_counterpart(_tokens(g.t_toks, own), o_side):
            findings.append(added(g, k))
            t_ids.update(own)
    whole = len(o_ids) == len(g.o_toks) or len(t_ids) == len(g.t_toks)
    if whole and findings:
        # One side has nothing in common with the other: every sentence of both is
        # lonely, and a word-by-word comparison would only repeat that.
        findings = [omitted(g, s) for s in g.original] + [added(g, k) for k in range(len(g.repost))]
        return Checked(tuple(findings), final=True)
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _tokens(toks: Sequence[Token], indices: Sequence[int]) -> list[Token]:
    return [toks[k] for k in indices]
