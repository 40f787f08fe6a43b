"""The `flagged` check: a sentence passed through untranslated."""

from __future__ import annotations

from pipeline.fidelity.divergence import Checked, Finding, Group, sentence_span


def check_flagged(g: Group, done: Checked) -> Checked:
    """A sentence passed through untranslated is one `untranslated` divergence, with the
    reason as message; it is never an omission or addition. When nothing else is left
    on the repost side, the original sentences are taken as its counterpart."""
    findings = tuple(
        Finding("untranslated", g.original_span() if g.original else None, sentence_span(seg.sentence),
                f"sentence left untranslated: {seg.flag}", kind="sentence")
        for seg in g.flagged
    )
    return Checked(findings, final=bool(g.flagged) and not g.repost)
