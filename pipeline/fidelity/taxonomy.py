"""Divergence types and severities: the one list every stage and renderer imports.

``TYPES`` is every ``type`` a divergence can have, in the order reports list them
(worst default first); ``DEFAULT_SEVERITY`` gives each its default severity, plus the
``mt-error-<check>`` keys that set one per-translation check's severity apart from
``mt-error``. ``[compare.severity]`` in the configuration overrides any of them, and
``docs/report-schema.md`` documents the same list (a test holds them equal).
"""

from __future__ import annotations

SEVERITIES = ("critical", "major", "minor", "info")  # worst first

TYPES = (
    "unrelated",
    "negation",
    "number",
    "date",
    "entity",
    "untranslated",
    "meaning",
    "omission",
    "addition",
    "moved",
    "mt-error",
    "paraphrase",
    "format",
    "boilerplate",
)

# Severity of each divergence type (``[compare.severity]`` overrides it). A ``meaning``
# divergence from low wording similarity alone is capped at minor whatever this says.
DEFAULT_SEVERITY = {
    "number": "major",
    "date": "major",
    "entity": "major",
    "negation": "critical",
    "untranslated": "major",
    "meaning": "major",
    "omission": "major",
    "addition": "major",
    "moved": "minor",  # a sentence the repost moved elsewhere, said the same
    "mt-error": "minor",  # a failed check of a translation against its own source...
    "mt-error-numbers": "major",  # ...except a number lost or changed
    "mt-error-repetition": "major",  # ...or a repetition loop
    "unrelated": "critical",
    "paraphrase": "minor",
    "format": "info",
    "boilerplate": "info",
}
