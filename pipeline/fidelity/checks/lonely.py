"""The `lonely` check: a group with one side empty."""

from __future__ import annotations

from pipeline.fidelity.checks.common import added, omitted
from pipeline.fidelity.divergence import Checked, Group


def check_lonely(g: Group, done: Checked) -> Checked:
    """A group with one side empty: each sentence is an omission or addition, or page
    furniture (`boilerplate`) when it carries no content."""
    if g.original and g.repost:
        return Checked()
    findings = [omitted(g, s) for s in g.original]
    findings += [added(g, i) for i in range(len(g.repost))]
    return Checked(tuple(findings), final=True)
