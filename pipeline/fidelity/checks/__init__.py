"""The comparison checks: one small module per kind of divergence, in a registry.

The contract, shared with the per-translation checks (``pipeline.translation.checks``):
a check is a plain function over one unit that returns findings, registered by name in
a plain dict, with its thresholds as module constants next to it (each with the reason
it holds). Here the unit is an aligned group: each check takes a ``Group`` and what the
checks before it explained, and returns a ``Checked``: its findings (each with the
values it compares, ``before``/``after``/``kind``, as data) and the tokens they
explain, which later checks leave alone. The caller (``compare.compare_documents``)
combines the results; a check never sees another's state.

The per-translation checks ran once, when the sentence was translated, and their
results travel with the ``Segment`` (``Segment.failed``): the `mt-error` check turns
them into divergences without running them again.

``CHECKS`` lists the checks in the order they run; ``[compare] off`` in the
configuration switches any of them off by name. Adding a check is one module and one
line here.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.fidelity.checks.content import check_content
from pipeline.fidelity.checks.flagged import check_flagged
from pipeline.fidelity.checks.lonely import check_lonely
from pipeline.fidelity.checks.missing import check_missing
from pipeline.fidelity.checks.mt_errors import check_mt_errors
from pipeline.fidelity.checks.names import check_names
from pipeline.fidelity.checks.negation import check_negation
from pipeline.fidelity.checks.opposites import check_opposites
from pipeline.fidelity.checks.swaps import check_swaps
from pipeline.fidelity.checks.numbers import check_dates, check_numbers
from pipeline.fidelity.checks.untranslated import check_untranslated
from pipeline.fidelity.checks.wording import check_wording
from pipeline.fidelity.divergence import Checked, Group

Check = Callable[[Group, Checked], Checked]

# The checks in the order they run; a name in ``[compare] off`` switches one off.
CHECKS: dict[str, Check] = {
    "mt-error": check_mt_errors,  # first: a group judged whole by a later check still shows it
    "flagged": check_flagged,
    "lonely": check_lonely,
    "content": check_content,
    "swaps": check_swaps,  # before numbers and names: a swap keeps every value and name, in other places
    "numbers": check_numbers,
    "dates": check_dates,
    "names": check_names,
    "untranslated": check_untranslated,
    "negation": check_negation,
    "opposites": check_opposites,
    "missing": check_missing,
    "wording": check_wording,
}

__all__ = ["CHECKS", "Check"]
