"""The `wording` check: other words (`paraphrase`), or little content in common (`meaning`)."""

from __future__ import annotations

from pipeline.fidelity.checks.common import content_words, similarity
from pipeline.fidelity.divergence import Checked, Finding, Group, token_span

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
        o_reg = [t for k, t in enumerate(g.o_toks[i1:i2], i1) if k not in done.original]
        t_reg = [t for k, t in enumerate(g.t_toks[j1:j2], j1) if k not in done.repost]
        o_content, t_content = content_words(o_reg), content_words(t_reg)
        if not o_content and not t_content:
            continue  # punctuation, function words, honorifics: not worth an auditor's time
        # Words merely moved within the sentence are not a difference.
        if all(t.key in t_all for t in o_content) and all(t.key in o_all for t in t_content):
            continue
        o_span = token_span(g.docs.original_text, o_reg) or g.original_anchor(i1)
        r_span, approximate = g.repost_span(t_reg)
        after = " ".join(t.text for t in t_reg)
        findings.append(Finding("paraphrase", o_span, r_span, f"wording differs: {o_span.text!r} -> {after!r}",
                                approximate, before=o_span.text or None, after=after or None, kind="words"))
    return Checked(tuple(findings))
