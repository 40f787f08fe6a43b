"""Alignment and divergence quality on synthetic reposts with gold labels (tests/synth.py).

Acceptance: over generated reposts of English news text,

* alignment F1 >= 0.95, computed over links: every gold or predicted group contributes
  the pairs (i, j) of its original x repost sentences, and a 1-0 / 0-1 group the link
  (i, None) / (None, j); precision, recall and F1 are micro-averaged over all documents
  (as in Bleualign and Vecalign evaluations);
* recall of meaning changes >= 0.9: a number, entity or negation edit, a dropped
  sentence (omission) or an inserted one (addition) counts as found when ``compare``
  reports a divergence **of the edit's own type** at severity major or worse on the
  edited sentence (original or repost side). The looser reading, any major-or-worse
  divergence on that sentence, is reported alongside;
* fewer than 5% of format-only edits (same values in another locale's format) are
  reported as major: an edit counts as reported when any divergence of severity major
  or worse lands on its original or repost sentence.

The repost is English, so no model is involved. The bulk runs ``align`` + ``compare``
on hand-made passthrough segments (fast); one case runs the whole ``audit_texts``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from pipeline.fidelity.align import align  # noqa: E402
from pipeline.fidelity.compare import compare  # noqa: E402

DOCUMENTS = 84  # ten or eleven reposts of each of the eight articles


@pytest.fixture(scope="module")
def measures() -> synth.Measures:
    m = synth.Measures()
    for doc in synth.corpus(DOCUMENTS):
        o_text, o_sents = synth.sentences(doc.original)
        r_text, r_sents = synth.sentences(doc.repost)
        groups = align([s.text for s in o_sents], [s.text for s in r_sents])
        divergences = compare(o_text, o_sents, r_text, synth.passthrough(r_sents), groups)
        synth.evaluate(doc, groups, divergences, m)
    print("\n" + m.summary())
    return m


# --- the generator itself --------------------------------------------------------------


def test_generator_is_seeded_and_consistent() -> None:
    a, b = synth.generate(7), synth.generate(7)
    assert (a.original, a.repost, a.groups, a.edits) == (b.original, b.repost, b.groups, b.edits)
    kinds: Counter[str] = Counter()
    edits: Counter[str] = Counter()
    for doc in synth.corpus(DOCUMENTS):
        # The gold groups cover every sentence of both sides exactly once, in order.
        assert [i for o, _ in doc.groups for i in o] == list(range(len(doc.original)))
        assert [j for _, r in doc.groups for j in r] == list(range(len(doc.repost)))
        for g in doc.groups:
            assert len(g[0]) <= 2 and len(g[1]) <= 2 and (g[0] or g[1])
        for e in doc.edits:
            kinds[e.kind] += 1
            edits[e.edit] += 1
            if e.kind in ("number", "entity", "negation", "date", "format", "paraphrase", "honorific"):
                [i], [j] = e.original, e.repost
                assert doc.original[i] != doc.repost[j], e
        for orig, rep in doc.untouched():
            assert doc.original[orig[0]] == doc.repost[rep[0]]
    # Every kind of edit is well represented.
    for kind in (*synth.MEANING_KINDS, *synth.FORMAT_ONLY_KINDS, *synth.WORDING_KINDS, *synth.STRUCTURE_KINDS):
        assert kinds[kind] >= (5 if kind == "honorific" else 15), (kind, kinds)
    # ...and so is each phenomenon of issue 12 (one generator each).
    for name in ("date", "name-start", "rank", "date-layout", "honorific", "number-words", "magnitude", "merge-drop"):
        assert edits[name] >= 5, (name, edits)


def test_format_edits_keep_values() -> None:
    # The generator's own promise, checked with the project's number reader.
    from pipeline.text.numbers import extract_numbers, numbers_equal_as_multisets

    for doc in synth.corpus(DOCUMENTS):
        for e in doc.edits:
            # Dates are read by pipeline.text.dates; numbers.py reads number words and
            # spelled-out amounts by value.
            if e.edit == "format" or e.edit in synth.NEEDS_VALUE_NUMBERS:
                [i], [j] = e.original, e.repost
                a, b = extract_numbers(doc.original[i], "en"), extract_numbers(doc.repost[j], "en")
                assert numbers_equal_as_multisets(a, b), (doc.original[i], doc.repost[j])


# --- acceptance ------------------------------------------------------------------------


def test_alignment_f1(measures: synth.Measures) -> None:
    assert measures.f1 >= 0.95, f"{measures.summary()}\n{measures.cases()}"


def test_meaning_change_recall(measures: synth.Measures) -> None:
    assert measures.meaning_recall() >= 0.9, f"{measures.summary()}\n{measures.cases()}"


def test_format_only_edits_rarely_major(measures: synth.Measures) -> None:
    # Number words and spelled-out amounts included: numbers.py reads them by value.
    assert measures.format_rate() < 0.05, f"{measures.summary()}\n{measures.cases()}"


def test_date_edits_keep_values() -> None:
    # The generator's promise for date layouts, checked with the project's date reader.
    from pipeline.text.dates import diff_dates, extract_dates

    checked = 0
    for doc in synth.corpus(DOCUMENTS):
        for e in doc.edits:
            if e.edit in ("date-layout", "date"):
                [i], [j] = e.original, e.repost
                diff = diff_dates(extract_dates(doc.original[i]), extract_dates(doc.repost[j]))
                same = not diff.missing and not diff.extra
                assert same == (e.edit == "date-layout"), (e, diff)
                checked += 1
    assert checked >= 20


def test_wording_and_structure_edits_rarely_major(measures: synth.Measures) -> None:
    # Beyond the acceptance, same spirit: synonyms, splits, merges and untouched
    # sentences carry no meaning change, so they should rarely raise a major alarm.
    for kind in (*synth.WORDING_KINDS, *synth.STRUCTURE_KINDS, "untouched"):
        assert measures.rate(kind) < 0.05, f"{kind}\n{measures.summary()}\n{measures.cases()}"


def test_each_kind_of_meaning_change_found(measures: synth.Measures) -> None:
    # The acceptance pools the kinds; each kind on its own should reach the same recall.
    for kind in synth.MEANING_KINDS:
        assert measures.found[kind] >= 0.9 * measures.total[kind], f"{kind}\n{measures.summary()}\n{measures.cases()}"


# --- end to end ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_pipeline():  # type: ignore[no-untyped-def]
    pytest.importorskip("lingua")
    pytest.importorskip("sentencex")
    from pipeline.engines.local import Options, Pipeline

    return Pipeline.build(Options(use_cache=False))


def test_audit_end_to_end(english_pipeline) -> None:  # type: ignore[no-untyped-def]
    from pipeline.fidelity.report import audit_texts

    doc = synth.generate(20240 + 1, article=1)
    o_text, _ = synth.layout(doc.original)
    r_text, _ = synth.layout(doc.repost)
    report = audit_texts(english_pipeline, "original.txt", o_text, "repost.txt", r_text)

    # Segmentation finds the generator's sentences and nothing needs a model.
    assert [s.text for s in report.original.sentences] == doc.original
    assert [seg.sentence.text for seg in report.repost.segments] == doc.repost
    assert all(seg.route == "passthrough" and seg.translation == seg.sentence.text for seg in report.repost.segments)

    m = synth.Measures()
    synth.evaluate(doc, report.alignment, report.divergences, m)
    assert m.f1 >= 0.95, f"{m.summary()}\n{m.cases()}"
    assert m.meaning_recall() == 1.0, f"{m.summary()}\n{m.cases()}"
    assert m.alarmed["format"] == 0, m.cases()

    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["schema_version"] == 1
    for d in data["divergences"]:
        for side, text in (("original", o_text), ("repost", r_text)):
            if d[side] is not None:
                assert text[d[side]["start"] : d[side]["end"]] == d[side]["text"]
