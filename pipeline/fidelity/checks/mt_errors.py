"""The `mt-error` check: what a translation failed against its own source."""

from __future__ import annotations

from pipeline.fidelity.divergence import Checked, Finding, Group, sentence_span
from pipeline.translation.checks import DESCRIPTIONS


def check_mt_errors(g: Group, done: Checked) -> Checked:
    """Each check a translation failed against its own source (``pipeline.translation.checks``) is
    one `mt-error` on its repost sentence; its severity key is ``mt-error-<check>``."""
    findings = tuple(
        Finding("mt-error", None, sentence_span(seg.sentence), f"{name}: {DESCRIPTIONS.get(name, name)}",
                key=f"mt-error-{name}")
        for seg in g.repost
        for name in seg.checks
    )
    return Checked(findings)
