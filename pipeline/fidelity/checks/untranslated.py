"""The `untranslated` check: English words left inside a foreign sentence."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.fidelity.divergence import Checked, Finding, Group, SideSpan, token_span, tokens


def check_untranslated(g: Group, done: Checked) -> Checked:
    """English words left inside a foreign sentence that the original does not have
    ("koalisi The Ready" for "coalition of the willing")."""
    o_words = {t.key for t in g.o_toks}
    findings: list[Finding] = []
    o_ids: set[int] = set()
    t_ids: set[int] = set()
    for seg in g.repost:
        for sp in seg.foreign_spans:
            text = g.docs.repost_text[sp.start : sp.end]
            words = tokens(text, sp.start, seg.sentence.id)
            if not any(w.text[0].isalpha() and w.key not in o_words for w in words):
                continue
            r_span = SideSpan(seg.sentence.id, sp.start, sp.end, text)
            o_range, t_range = _counterpart(g, [w.key for w in words])
            o_ids.update(o_range)
            t_ids.update(t_range)
            o_span = token_span(g.docs.original_text, [g.o_toks[k] for k in o_range])
            said = f" for {o_span.text!r}" if o_span else ""
            findings.append(Finding("untranslated", o_span, r_span, f"English {r_span.text!r} left in the repost{said}",
                                    before=o_span.text if o_span else None, after=r_span.text, kind="words"))
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _counterpart(g: Group, words: Sequence[str]) -> tuple[range, range]:
    """The original tokens that the English-side tokens spelling ``words`` stand for.

    "coalition of the willing" vs "coalition The Ready": the diff matches "the" with
    "The", so the counterpart is everything between the unchanged words around the
    span ("coalition" ... ","), not the diff's smallest edit.
    """
    keys = [t.key for t in g.t_toks]
    n = len(words)
    for j in range(len(keys) - n + 1):
        if keys[j : j + n] != list(words):
            continue
        o_start, o_end = 0, len(g.o_toks)
        for tag, i1, i2, j1, j2 in g.opcodes:
            if tag != "equal":
                continue
            if j2 <= j:  # unchanged run before the span
                o_start = i2
            elif j1 >= j + n:  # first unchanged run after it
                o_end = i1
                break
            else:  # an unchanged run overlapping the span: trim to what lies outside
                if j1 < j:
                    o_start = i1 + (j - j1)
                if j2 > j + n:
                    o_end = i1 + (j + n - j1)
                    break
        return range(o_start, max(o_end, o_start)), range(j, j + n)
    return range(0), range(0)
