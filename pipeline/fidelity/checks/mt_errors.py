"""The `mt-error` check: what a translation failed against its own source.

The per-translation checks (``pipeline.translation.checks``) ran once, when the
sentence was translated; their results travel with the segment (``Segment.failed``)
and are never run again. The audit judges the repost, not its translator, so a
failure is set against the original before it is reported: a number the translation
lost or misread ("2.033", "0,3 persen" kept as digits an English reader takes for
2.033 and 0.3) whose value in the repost's own text, read in its locale, is the
original's, or a name the translation dropped that the original has, is the
translation's error, not the repost's: at most minor, and the message says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.fidelity.divergence import Checked, Finding, Group, SideSpan, sentence_span
from pipeline.text.numbers import NumberMention, diff_numbers, extract_numbers
from pipeline.types import CheckFailure, Segment
from pipeline.text.unknown import reads

# The per-translation checks whose values can be set against the original.
_BY_VALUE = ("numbers", "names")
TRANSLATION_FAULT = "minor"


def check_mt_errors(g: Group, done: Checked) -> Checked:
    """Each check a translation failed against its own source (``pipeline.translation.checks``) is
    one `mt-error` on its repost sentence; its severity key is ``mt-error-<check>``. The
    values the check found (the numbers or names lost) are the divergence's ``before``,
    and its repost span is where they stand in the repost when they can be found there.
    Where every value agrees with the original, the translation alone is at fault: at
    most minor (``TRANSLATION_FAULT``)."""
    findings = []
    for seg in g.repost:
        for failed in seg.failed:
            span, approximate = _values_span(seg, failed.values)
            message = f"{failed.name}: {failed.message}"
            at_most = None
            if failed.name in _BY_VALUE and failed.values and _agrees(g, seg, failed):
                at_most = TRANSLATION_FAULT
                message += (f"; the repost's own {', '.join(repr(v) for v in failed.values)} "
                            f"{'agrees' if len(failed.values) == 1 else 'agree'} with the original: "
                            "the translation's error, not the repost's")
            findings.append(Finding("mt-error", None, span, message, approximate, at_most,
                                    key=f"mt-error-{failed.name}", before=", ".join(failed.values) or None,
                                    kind=failed.name))
    return Checked(tuple(findings))


def _agrees(g: Group, seg: Segment, failed: CheckFailure) -> bool:
    """Whether every value the translation lost is, in the repost's own text, one the
    original has: numbers by value (read in the repost's locale), names by spelling."""
    if failed.name == "numbers":
        lost = _lost_numbers(seg, failed.values)
        if len(lost) < len(failed.values):
            return False  # a value the check named cannot be read again: no verdict
        original = [n for s in g.original for n in extract_numbers(s.text, "en")]
        return not diff_numbers(lost, original).missing
    # "Zelenskiy" kept as "Zelensky": one name when most of it starts an original word.
    keys = [t.key for t in g.o_toks]
    return all(any(k.startswith(v.lower()[: max(4, len(v) - 2)]) for k in keys) for v in failed.values)


def _lost_numbers(seg: Segment, values: Sequence[str]) -> list[NumberMention]:
    mentions = extract_numbers(seg.sentence.text, reads(seg).split("-")[0].lower())
    out = []
    for v in values:
        hit = next((n for n in mentions if n.text == v and n not in out), None)
        if hit is not None:
            out.append(hit)
    return out


def _values_span(seg: Segment, values: Sequence[str]) -> tuple[SideSpan, bool]:
    """The repost span from the first value to the last where the sentence has them
    all (the values are the source's words), else the sentence, marked approximate
    when the failure names values it does not locate."""
    text, base = seg.sentence.text, seg.sentence.start
    found = [re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text) for v in values]
    if not values or any(m is None for m in found):
        return sentence_span(seg.sentence), bool(values)
    start = min(m.start() for m in found if m)
    end = max(m.end() for m in found if m)
    return SideSpan(seg.sentence.id, base + start, base + end, text[start:end]), False
