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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from pipeline.align import align  # noqa: E402
from pipeline.compare import Divergence, compare, severity_rank  # noqa: E402
from pipeline.types import AlignedGroup, Segment, Sentence  # noqa: E402

DOCUMENTS = 84  # twelve reposts of each of the seven articles
MAJOR = severity_rank("major")


def sentences(texts: Sequence[str]) -> tuple[str, list[Sentence]]:
    text, spans = synth.layout(texts)
    paragraphs = [text.count("\n\n", 0, start) for start, _ in spans]
    return text, [Sentence(k, a, b, s, p) for k, ((a, b), s, p) in enumerate(zip(spans, texts, paragraphs))]


def passthrough(sents: Sequence[Sentence]) -> list[Segment]:
    return [Segment(s, "en", 1.0, "passthrough", s.text) for s in sents]


def links(groups: Sequence[tuple[Sequence[int], Sequence[int]]]) -> set[tuple[int | None, int | None]]:
    out: set[tuple[int | None, int | None]] = set()
    for orig, rep in groups:
        if not orig:
            out.update((None, j) for j in rep)
        elif not rep:
            out.update((i, None) for i in orig)
        else:
            out.update((i, j) for i in orig for j in rep)
    return out


def on_sentence(d: Divergence, orig: Sequence[int], rep: Sequence[int]) -> bool:
    return (d.original is not None and d.original.sentence in orig) or (
        d.repost is not None and d.repost.sentence in rep
    )


def major(d: Divergence) -> bool:
    return severity_rank(d.severity) <= MAJOR


def show(d: Divergence) -> str:
    o = d.original.text if d.original else None
    r = d.repost.text if d.repost else None
    return f"{d.type}/{d.severity} {o!r} -> {r!r} ({d.message})"


@dataclass
class Measures:
    """Counts over the whole synthetic corpus, and the cases behind each shortfall."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    exact_groups: int = 0
    gold_groups: int = 0
    found: Counter[str] = field(default_factory=Counter)  # meaning edits found with their own type
    loose: Counter[str] = field(default_factory=Counter)  # ... or any major+ on the sentence
    total: Counter[str] = field(default_factory=Counter)
    alarmed: Counter[str] = field(default_factory=Counter)  # non-meaning edits with a major+ divergence
    misses: list[str] = field(default_factory=list)
    alarms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    misaligned: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def meaning_recall(self, loose: bool = False) -> float:
        hits = self.loose if loose else self.found
        total = sum(self.total[k] for k in synth.MEANING_KINDS)
        return sum(hits[k] for k in synth.MEANING_KINDS) / total if total else 1.0

    def rate(self, kind: str) -> float:
        return self.alarmed[kind] / self.total[kind] if self.total[kind] else 0.0

    def summary(self) -> str:
        lines = [
            f"alignment (links): P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}; "
            f"exact groups {self.exact_groups}/{self.gold_groups}",
            f"meaning-change recall at major+: typed {self.meaning_recall():.3f}, "
            f"any major+ on the sentence {self.meaning_recall(loose=True):.3f}",
        ]
        for kind in synth.MEANING_KINDS:
            lines.append(f"  {kind:<10} {self.found[kind]}/{self.total[kind]} typed, {self.loose[kind]} loose")
        for kind in (*synth.FORMAT_ONLY_KINDS, *synth.WORDING_KINDS, *synth.STRUCTURE_KINDS, "untouched"):
            lines.append(f"  {kind:<10} reported major+: {self.alarmed[kind]}/{self.total[kind]} = {self.rate(kind):.3f}")
        return "\n".join(lines)

    def cases(self, limit: int = 25) -> str:
        parts = ["misaligned:", *self.misaligned[:limit], "missed meaning changes:", *self.misses[:limit]]
        for kind, items in self.alarms.items():
            parts += [f"major+ on {kind} edits:", *items[:limit]]
        return "\n".join(parts)


def evaluate(doc: synth.SynthDoc, groups: Sequence[AlignedGroup], divergences: Sequence[Divergence], m: Measures) -> None:
    predicted = links([(g.original, g.repost) for g in groups])
    gold = links(doc.groups)
    m.tp += len(predicted & gold)
    m.predicted += len(predicted)
    m.gold += len(gold)
    got = {(tuple(g.original), tuple(g.repost)) for g in groups}
    m.gold_groups += len(doc.groups)
    m.exact_groups += sum(g in got for g in doc.groups)
    for g in doc.groups:
        if g not in got:
            near = [x for x in got if set(x[0]) & set(g[0]) or set(x[1]) & set(g[1])]
            m.misaligned.append(f"seed {doc.seed}: gold {g} got {sorted(near)}")

    for edit in doc.edits:
        m.total[edit.kind] += 1
        here = [d for d in divergences if on_sentence(d, edit.original, edit.repost)]
        pair = (
            f"seed {doc.seed} {edit.kind} [{edit.detail}] "
            f"orig {[doc.original[i] for i in edit.original]} repost {[doc.repost[j] for j in edit.repost]}"
        )
        if edit.kind in synth.MEANING_KINDS:
            typed = any(d.type == edit.kind and major(d) for d in here)
            m.found[edit.kind] += typed
            m.loose[edit.kind] += typed or any(major(d) for d in here)
            if not typed:
                m.misses.append(f"{pair}\n    compare gave: {[show(d) for d in here] or 'nothing'}")
        elif any(major(d) for d in here):
            m.alarmed[edit.kind] += 1
            m.alarms[edit.kind].append(f"{pair}\n    compare gave: {[show(d) for d in here if major(d)]}")
    for orig, rep in doc.untouched():
        m.total["untouched"] += 1
        bad = [d for d in divergences if major(d) and on_sentence(d, orig, rep)]
        if bad:
            m.alarmed["untouched"] += 1
            m.alarms["untouched"].append(f"seed {doc.seed} {doc.original[orig[0]]!r}: {[show(d) for d in bad]}")


@pytest.fixture(scope="module")
def measures() -> Measures:
    m = Measures()
    for doc in synth.corpus(DOCUMENTS):
        o_text, o_sents = sentences(doc.original)
        r_text, r_sents = sentences(doc.repost)
        groups = align([s.text for s in o_sents], [s.text for s in r_sents])
        divergences = compare(o_text, o_sents, r_text, passthrough(r_sents), groups)
        evaluate(doc, groups, divergences, m)
    print("\n" + m.summary())
    return m


# --- the generator itself --------------------------------------------------------------


def test_generator_is_seeded_and_consistent() -> None:
    a, b = synth.generate(7), synth.generate(7)
    assert (a.original, a.repost, a.groups, a.edits) == (b.original, b.repost, b.groups, b.edits)
    kinds: Counter[str] = Counter()
    for doc in synth.corpus(DOCUMENTS):
        # The gold groups cover every sentence of both sides exactly once, in order.
        assert [i for o, _ in doc.groups for i in o] == list(range(len(doc.original)))
        assert [j for _, r in doc.groups for j in r] == list(range(len(doc.repost)))
        for g in doc.groups:
            assert len(g[0]) <= 2 and len(g[1]) <= 2 and (g[0] or g[1])
        for e in doc.edits:
            kinds[e.kind] += 1
            if e.kind in ("number", "entity", "negation", "format", "paraphrase"):
                [i], [j] = e.original, e.repost
                assert doc.original[i] != doc.repost[j], e
        for orig, rep in doc.untouched():
            assert doc.original[orig[0]] == doc.repost[rep[0]]
    # Every kind of edit is well represented.
    for kind in (*synth.MEANING_KINDS, *synth.FORMAT_ONLY_KINDS, *synth.WORDING_KINDS, *synth.STRUCTURE_KINDS):
        assert kinds[kind] >= 15, (kind, kinds)


def test_format_edits_keep_values() -> None:
    # The generator's own promise, checked with the project's number reader.
    from pipeline.numbers import extract_numbers, numbers_equal_as_multisets

    for doc in synth.corpus(DOCUMENTS):
        for e in doc.edits:
            if e.kind == "format":
                [i], [j] = e.original, e.repost
                a, b = extract_numbers(doc.original[i], "en"), extract_numbers(doc.repost[j], "en")
                assert numbers_equal_as_multisets(a, b), (doc.original[i], doc.repost[j])


# --- acceptance ------------------------------------------------------------------------


def test_alignment_f1(measures: Measures) -> None:
    assert measures.f1 >= 0.95, f"{measures.summary()}\n{measures.cases()}"


def test_meaning_change_recall(measures: Measures) -> None:
    assert measures.meaning_recall() >= 0.9, f"{measures.summary()}\n{measures.cases()}"


def test_format_only_edits_rarely_major(measures: Measures) -> None:
    assert measures.rate("format") < 0.05, f"{measures.summary()}\n{measures.cases()}"


def test_wording_and_structure_edits_rarely_major(measures: Measures) -> None:
    # Beyond the acceptance, same spirit: synonyms, splits, merges and untouched
    # sentences carry no meaning change, so they should rarely raise a major alarm.
    for kind in (*synth.WORDING_KINDS, *synth.STRUCTURE_KINDS, "untouched"):
        assert measures.rate(kind) < 0.05, f"{kind}\n{measures.summary()}\n{measures.cases()}"


def test_each_kind_of_meaning_change_found(measures: Measures) -> None:
    # The acceptance pools the kinds; each kind on its own should reach the same recall.
    for kind in synth.MEANING_KINDS:
        assert measures.found[kind] >= 0.9 * measures.total[kind], f"{kind}\n{measures.summary()}\n{measures.cases()}"


# --- end to end ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_pipeline():  # type: ignore[no-untyped-def]
    pytest.importorskip("lingua")
    pytest.importorskip("sentencex")
    from pipeline.process import Options, Pipeline

    return Pipeline.build(Options(use_cache=False))


def test_audit_end_to_end(english_pipeline) -> None:  # type: ignore[no-untyped-def]
    from pipeline.report import audit_texts

    doc = synth.generate(20240 + 1, article=1)
    o_text, _ = synth.layout(doc.original)
    r_text, _ = synth.layout(doc.repost)
    report = audit_texts(english_pipeline, "original.txt", o_text, "repost.txt", r_text)

    # Segmentation finds the generator's sentences and nothing needs a model.
    assert [s.text for s in report.original.sentences] == doc.original
    assert [seg.sentence.text for seg in report.repost.segments] == doc.repost
    assert all(seg.route == "passthrough" and seg.translation == seg.sentence.text for seg in report.repost.segments)

    m = Measures()
    evaluate(doc, report.alignment, report.divergences, m)
    assert m.f1 >= 0.95, f"{m.summary()}\n{m.cases()}"
    assert m.meaning_recall() == 1.0, f"{m.summary()}\n{m.cases()}"
    assert m.alarmed["format"] == 0, m.cases()

    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["schema_version"] == 1
    for d in data["divergences"]:
        for side, text in (("original", o_text), ("repost", r_text)):
            if d[side] is not None:
                assert text[d[side]["start"] : d[side]["end"]] == d[side]["text"]
