"""Helpers shared by the repo-held test modules and the seed-corpus ones (``test_seed_*.py``).

The seed-corpus modules skip as a whole in a clone without ../shared; the checks they
make are the same as the repo-held tests make on ``examples/``, so the code lives here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sentencex import segment as sentencex_segment

from pipeline.engines.local import Options, Pipeline
from pipeline.translation.route import ModelSpec
from pipeline.text.segment import segment as pipeline_segment
from pipeline.types import AlignedGroup, Identified, Sentence

if TYPE_CHECKING:
    from pipeline.text.langid import LanguageIdentifier

Group = tuple[tuple[int, ...], tuple[int, ...]]
SEVERE = ("critical", "major")  # the severities an audit must give a real meaning change


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- alignment ----------------------------------------------------------------------


def groups_of(alignment: Sequence[AlignedGroup]) -> list[Group]:
    return [(g.original, g.repost) for g in alignment]


def assert_partition(alignment: Sequence[AlignedGroup], n: int, m: int) -> None:
    """Every index of both sides in exactly one group, in order, with an allowed shape
    for how it was formed (the gap pass may pair a longer run whole)."""
    # Read in group order, both sides count up from 0 without a gap: this is
    # "exactly once" and monotone at the same time.
    assert [i for g in alignment for i in g.original] == list(range(n))
    assert [j for g in alignment for j in g.repost] == list(range(m))
    for g in alignment:
        shape = (len(g.original), len(g.repost))
        if g.kind == "lonely":
            assert shape in {(1, 0), (0, 1)} and g.score == 0.0
        else:
            assert g.kind in ("path", "gap") and 0.0 <= g.score <= 1.0
            assert shape in {(1, 1), (1, 2), (2, 1), (2, 2)} or (g.kind == "gap" and min(shape) > 0)


# --- segmentation -------------------------------------------------------------------


def segment_texts(text: str) -> list[str]:
    """The sentences of ``text`` with whitespace runs made one space, offsets checked."""
    sentences = pipeline_segment(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    return [" ".join(s.text.split()) for s in sentences]


# --- translation memory feeds -------------------------------------------------------


class Recorder:
    """A translator that records what it is asked to translate and answers a fixed sentence."""

    model_calls = 0
    settings: dict[str, Any] = {}

    def __init__(self, spec: ModelSpec, calls: list[str], answer: str = "The talks went on.") -> None:
        self.spec, self.calls, self.answer = spec, calls, answer

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        self.calls.extend(texts)
        return [self.answer] * len(texts)


def tm_pipeline(tm: Path, calls: list[str] | None = None) -> Pipeline:
    def factory(spec: ModelSpec) -> Any:
        return Recorder(spec, calls if calls is not None else [])

    return Pipeline.build(Options(tm_file=tm, use_cache=False), translator_factory=factory)


def assert_tm_translations_clean(repost_path: Path, tm_path: Path) -> None:
    """A faithful TM covers every foreign sentence and no check flags its translations."""
    calls: list[str] = []
    processed = tm_pipeline(tm_path, calls).process(str(repost_path), repost_path.read_text(encoding="utf-8"))
    from_tm = [seg for seg in processed.segments if seg.route == "tm"]
    assert len(from_tm) >= 10
    assert [(seg.sentence.text, seg.checks) for seg in processed.segments if seg.checks] == []
    assert calls == []  # every foreign sentence came from the TM


# --- language identification --------------------------------------------------------


def split(text: str, lang: str) -> list[Sentence]:
    """Lines, then sentencex sentences; blank lines separate paragraphs."""
    sentences: list[Sentence] = []
    cursor = 0
    paragraph = 0
    for line in text.split("\n"):
        if not line.strip():
            paragraph += 1
            continue
        for piece in sentencex_segment(lang, line):
            piece = piece.strip()
            if not piece:
                continue
            start = text.index(piece, cursor)
            cursor = start + len(piece)
            sentences.append(Sentence(len(sentences), start, cursor, piece, paragraph))
    return sentences


def span_texts(text: str, result: Identified) -> list[str]:
    return [text[s.start : s.end] for s in result.foreign_spans]


def assert_spans_exact(text: str, sentences: Sequence[Sentence], results: Sequence[Identified]) -> None:
    for sentence, result in zip(sentences, results, strict=True):
        for span in result.foreign_spans:
            assert sentence.start <= span.start < span.end <= sentence.end
            found = text[span.start : span.end]
            assert found == found.strip(" \t\n,.;:!?()“”\"'"), f"untrimmed span {found!r}"
            assert span.lang == "en"


def pipeline_identify(identifier: LanguageIdentifier, text: str) -> tuple[list[Sentence], list[Identified]]:
    """Segment as ``mtaudit`` does (each line a paragraph) and identify."""
    sentences = pipeline_segment(text)
    return sentences, identifier.identify(text, sentences)


def lid_gold() -> dict[str, list[str]]:
    """tests/fixtures/lid_gold.tsv: each document's sentence languages, in order."""
    gold: dict[str, list[str]] = {}
    for line in (Path(__file__).resolve().parent / "fixtures" / "lid_gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, _, lang, _ = line.split("\t", 3)
            gold.setdefault(doc, []).append(lang)
    return gold


# --- audit --------------------------------------------------------------------------


def assert_audit_says_unrelated(original: Path, repost: Path, out: Path) -> None:
    """Documents that are not versions of each other: one plain statement, not an omission per sentence."""
    from pipeline.cli import main

    code = main(["audit", str(original), str(repost), "--format", "json", "-o", str(out), "--no-cache"])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["verdict"]["kind"] == "unrelated", data["verdict"]
    assert "not versions of each other" in data["verdict"]["message"]
    assert [d["type"] for d in data["divergences"]] == ["unrelated"]
    assert data["divergences"][0]["severity"] == "critical"
