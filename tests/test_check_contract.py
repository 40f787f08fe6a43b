"""Issue 19 point 5: one check contract, one list of divergence types, values as data.

Every divergence type renders in every format with its values; the per-translation
checks run once per translated candidate and travel with the segment; the documented
types are the code's.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import pipeline.translation.checks as translation_checks
from pipeline.engines.local import Options, Pipeline
from pipeline.fidelity.compare import DEFAULT_SEVERITY as COMPARE_DEFAULT_SEVERITY
from pipeline.fidelity.compare import compare_documents
from pipeline.fidelity.taxonomy import DEFAULT_SEVERITY, SEVERITIES, TYPES
from pipeline.render import html as html_module
from pipeline.render.html import render_html
from pipeline.render.text import render_json, render_markdown, render_text
from pipeline.translation.checks import Candidate
from pipeline.translation.models import Decoded
from pipeline.translation.route import ModelSpec
from pipeline.types import AlignedGroup

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- every type, every format


def _report_with_every_type() -> dict[str, Any]:
    """A report dict with one divergence of each type, its values distinct from its message."""
    original = "One. Two."
    repost = "Satu. Dua."
    divergences = [
        {"id": k, "type": t, "severity": DEFAULT_SEVERITY[t], "original": None, "repost": None,
         "translation": None, "message": f"finding {k}", "before": f"was-{t}", "after": f"now-{t}", "kind": "value"}
        for k, t in enumerate(TYPES)
    ]
    return {
        "schema_version": 1,
        "original": {"path": "original.txt", "sentences": [
            {"id": 0, "start": 0, "end": 4, "text": original[0:4], "lang": "en"},
            {"id": 1, "start": 5, "end": 9, "text": original[5:9], "lang": "en"}]},
        "repost": {"path": "repost.txt", "sentences": [
            {"id": 0, "start": 0, "end": 5, "text": repost[0:5], "lang": "id", "route": "tm", "translation": "One.",
             "foreign_spans": []},
            {"id": 1, "start": 6, "end": 10, "text": repost[6:10], "lang": "id", "route": "tm", "translation": "Two.",
             "foreign_spans": []}]},
        "alignment": [{"original": [0], "repost": [0], "score": 0.9}, {"original": [1], "repost": [1], "score": 0.9}],
        "divergences": divergences,
        "scores": {"bleu": 50.0, "chrf": 60.0, "ter": 40.0, "signatures": {"bleu": "b", "chrf": "c", "ter": "t"},
                   "pairs": []},
        "counts": {"type": {t: 1 for t in TYPES}, "severity": dict(Counter(DEFAULT_SEVERITY[t] for t in TYPES))},
        "signature": {"mtaudit": "test"},
    }


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html"])
def test_every_type_renders_with_its_values_in_every_format(fmt: str) -> None:
    report = _report_with_every_type()
    texts = {"original": "One. Two.", "repost": "Satu. Dua."}
    out = {
        "json": lambda: render_json(report),
        "text": lambda: render_text(report, width=200, min_severity="info", texts=texts),
        "markdown": lambda: render_markdown(report, limit=100, min_severity="info", texts=texts),
        "html": lambda: render_html(report),
    }[fmt]()
    for t in TYPES:
        assert re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", out), (fmt, t)
        assert f"was-{t}" in out and f"now-{t}" in out, (fmt, t)
    if fmt == "json":
        parsed = json.loads(out)["divergences"]
        assert [(d["type"], d["before"], d["after"], d["kind"]) for d in parsed] == [
            (t, f"was-{t}", f"now-{t}", "value") for t in TYPES]


def test_html_renderer_reads_no_values_out_of_messages() -> None:
    tree = ast.parse(Path(html_module.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "ast" not in imported


def test_a_translated_phrase_is_highlighted_from_the_after_value() -> None:
    report = _report_with_every_type()
    report["repost"]["sentences"][0]["translation"] = "One more time."
    report["divergences"] = [{"id": 0, "type": "paraphrase", "severity": "minor", "original": None,
                              "repost": {"sentence": 0, "start": 0, "end": 5, "text": "Satu."},
                              "translation": {"text": "One more time."}, "message": "wording differs",
                              "approximate": True, "before": "One", "after": "more time", "kind": "words"}]
    page = render_html(report)
    assert re.search(r'<mark class="sev-minor type-paraphrase in-tr" data-div="0" id="d0-t">more time</mark>', page)


# --------------------------------------------------------------------------- one list of types


def test_types_and_severities_are_the_documented_ones() -> None:
    doc = (ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8")
    table = doc[doc.index("| type | what changed | default |"):]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    documented = [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert documented == list(TYPES)
    assert {t: row.rstrip(" |").rsplit("| ", 1)[-1].strip() for t, row in zip(documented, rows)} == {
        t: DEFAULT_SEVERITY[t] for t in TYPES}
    assert set(TYPES) <= set(DEFAULT_SEVERITY)
    assert all(v in SEVERITIES for v in DEFAULT_SEVERITY.values())
    assert COMPARE_DEFAULT_SEVERITY is DEFAULT_SEVERITY  # the settings branch imports it from compare


# --------------------------------------------------------------------------- checks run once


LOOP = "The talks went on and on and on and on and on and on and on."


class Decoder:
    """A translator with ``decode``: a loop on the first try of one sentence, fixed on the second."""

    model_calls = 0
    settings: dict[str, Any] = {}

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [d.text for d in self.decode(texts)]

    def decode(self, texts: Sequence[str], retry: object | None = None) -> list[Decoded]:
        self.model_calls += 1
        out = []
        for t in texts:
            if "berulang" in t and retry is None:
                out.append(Decoded(LOOP))
            else:
                out.append(Decoded(f"The leaders agreed on it ({len(t)}).", retried=retry is not None,
                                   second=retry is not None))
        return out


def test_per_translation_checks_run_once_per_translated_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[tuple[str, str]] = Counter()

    def counting(name: str, check: translation_checks.Check) -> translation_checks.Check:
        def run(c: Candidate, cfg: translation_checks.CheckConfig) -> translation_checks.Problem | None:
            calls[(name, c.translation)] += 1
            return check(c, cfg)
        return run

    for name, check in list(translation_checks.CHECKS.items()):
        monkeypatch.setitem(translation_checks.CHECKS, name, counting(name, check))
    pipeline = Pipeline.build(Options(use_cache=False), translator_factory=Decoder)
    text = ("Para pemimpin Eropa sepakat pada hari Kamis untuk mengirim bantuan ke wilayah timur.\n"
            "Pembicaraan itu berulang kali ditunda oleh para menteri luar negeri.\n"
            "Pasukan Rusia menyerang kota di wilayah timur pada malam hari.")
    processed = pipeline.process("doc", text)
    translated = [s for s in processed.segments if s.route not in ("passthrough", "tm")]
    assert len(translated) == 3
    retried = [s for s in translated if s.retried]
    assert len(retried) == 1 and retried[0].translation != LOOP and not retried[0].failed
    # Each check ran once on each candidate: the three kept texts and the one rejected loop.
    candidates = [s.translation for s in translated] + [LOOP]
    for name in translation_checks.CHECKS:
        assert [calls[(name, t)] for t in candidates] == [1] * len(candidates), name
    assert sum(calls.values()) == len(translation_checks.CHECKS) * len(candidates)
    # The audit's mt-error check reports what the segments carry: no check runs again.
    before = sum(calls.values())
    compare_documents("Leaders agreed.", [processed.document.sentences[0]], text, processed.segments,
                      [AlignedGroup((0,), (0,), 0.9, "path"), AlignedGroup((), (1,), 0.0, "lonely"),
                       AlignedGroup((), (2,), 0.0, "lonely")])
    assert sum(calls.values()) == before


def test_failed_checks_travel_with_the_segment_and_the_record(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = Pipeline.build(Options(use_cache=False),
                              translator_factory=lambda spec: Decoder(spec))
    monkeypatch.setitem(translation_checks.CHECKS, "names",
                        lambda c, cfg: translation_checks.Problem("name(s) missing: Stubb", ("Stubb",)))
    processed = pipeline.process("doc", "Presiden Stubb mengatakan para pemimpin Eropa sepakat pada hari Kamis.")
    seg = processed.segments[0]
    assert [(f.name, f.values) for f in seg.failed if f.name == "names"] == [("names", ("Stubb",))]
    assert "names" in seg.checks and all(isinstance(n, str) for n in seg.checks)
