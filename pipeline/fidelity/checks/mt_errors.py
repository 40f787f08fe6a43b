"""The `mt-error` check: what a translation failed against its own source.

The per-translation checks (``pipeline.translation.checks``) ran once, when the
sentence was translated; their results travel with the segment (``Segment.failed``)
and are reported here as they are, never run again.
"""

from __future__ import annotations

from pipeline.fidelity.divergence import Checked, Finding, Group, sentence_span


def check_mt_errors(g: Group, done: Checked) -> Checked:
    """Each check a translation failed against its own source (``pipeline.translation.checks``) is
    one `mt-error` on its repost sentence; its severity key is ``mt-error-<check>``. The
    values the check found (the numbers or names lost) are the divergence's ``before``."""
    findings = tuple(
        Finding("mt-error", None, sentence_span(seg.sentence), f"{failed.name}: {failed.message}",
                key=f"mt-error-{failed.name}", before=", ".join(failed.values) or None, kind=failed.name)
        for seg in g.repost
        for failed in seg.failed
    )
    return Checked(findings)
