"""The aligner's one gap pass: every group says how it was formed, the thresholds are
``AlignParams`` fields, and matching and the audit align through the same pass."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

import pipeline.fidelity.align as align_module
from pipeline.archive import matching
from pipeline.archive.matching import MatchParams
from pipeline.fidelity import report
from pipeline.fidelity.align import DEFAULT_PARAMS, align
from pipeline.settings import AlignParams
from support import assert_partition

# Between two pairs, a sentence and its loose rendering: under every trigram bar, but
# both name the Sun (a rare word), and too few other content words of the original
# have a counterpart, even by meaning ("Sun"/"sunlight" is one of six).
SUN = (["Leaders met in Paris.", "The Sun burns our peripheral vision badly each summer.", "The talks end today."],
       ["Leaders met in Paris.", "The strong sunlight is so dazzling,", "The talks end today."])


def kinds(original: list[str], repost: list[str], params: AlignParams = DEFAULT_PARAMS) -> list[tuple[object, ...]]:
    return [(g.original, g.repost, g.kind) for g in align(original, repost, params=params)]


def test_every_group_says_how_it_was_formed() -> None:
    assert kinds(*SUN) == [((0,), (0,), "path"), ((1,), (1,), "gap"), ((2,), (2,), "path")]
    dropped = kinds(SUN[0], [SUN[1][0], SUN[1][2]])
    assert dropped == [((0,), (0,), "path"), ((1,), (), "lonely"), ((2,), (1,), "path")]


def test_gap_and_lonely_groups_are_told_apart_when_their_scores_coincide() -> None:
    # Empty sentences score 0.0 wherever they are grouped: only ``kind`` tells a run the
    # gap pass paired whole from a sentence left alone.
    original, repost = ["Macron", ""], ["Macron", "", "", ""]
    alignment = align(original, repost)
    assert_partition(alignment, 2, 4)
    assert [(g.original, g.repost, g.score, g.kind) for g in alignment[1:]] == [((1,), (1, 2, 3), 0.0, "gap")]
    lonely = align(["Macron", ""], ["Macron"])[1]
    assert (lonely.score, lonely.kind) == (0.0, "lonely")


@pytest.mark.parametrize("change", [
    {"gap_shared_zipf": 0.0},  # no word is that rare: the shared "sun" no longer counts
    {"gap_pair_sentences": 0},  # no pairing by position at all
    {"gap_pair_length_ratio": 1.0},  # lengths must match exactly for any word evidence to count
])
def test_the_gap_thresholds_are_alignment_parameters(change: dict[str, float]) -> None:
    params = replace(DEFAULT_PARAMS, **change)  # type: ignore[arg-type]
    assert kinds(*SUN, params=params)[1:3] == [((1,), (), "lonely"), ((), (1,), "lonely")]


def test_the_scored_step_s_bar_is_an_alignment_parameter() -> None:
    original = ["Leaders met in Paris.", "Not every country has committed money yet.", "The talks end today."]
    repost = ["Leaders met in Paris.", "Not all countries have pledged funds yet.", "The talks end today."]
    scored = align(original, repost)[1]
    assert scored.kind == "gap" and DEFAULT_PARAMS.gap_threshold <= scored.score < DEFAULT_PARAMS.threshold
    # Over the bar the scored step leaves them, and pairing by position takes them on words.
    by_position = align(original, repost, params=replace(DEFAULT_PARAMS, gap_threshold=scored.score + 0.01))[1]
    assert (by_position.kind, by_position.score) == ("gap", pytest.approx(scored.score))
    off = replace(DEFAULT_PARAMS, gap_threshold=scored.score + 0.01, gap_pair_trigrams=1.0, gap_pair_sentences=0)
    assert [g.kind for g in align(original, repost, params=off)] == ["path", "lonely", "lonely", "path"]


def test_matching_and_the_audit_align_through_the_same_gap_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    assert matching.align is report.align is align
    seen: list[tuple[AlignParams, list[str]]] = []
    fill = align_module.fill_gaps

    def spy(*args: Any, **kwargs: Any) -> Any:
        spans = fill(*args, **kwargs)
        seen.append((args[3], [s.kind for s in spans]))
        return spans

    monkeypatch.setattr(align_module, "fill_gaps", spy)
    matching.coverage("doc", SUN[0], SUN[1], MatchParams())
    # Matching runs the same pass with the same parameters. The audit's gap pair scores
    # under MatchParams.pair_score, where matching counts no pair: matching leaves it
    # lonely without weighing its words (see test_a_floor_spares_the_word_evidence...).
    assert align(*SUN)[1].score < MatchParams().pair_score
    assert seen[0] == (DEFAULT_PARAMS, ["path", "lonely", "lonely", "path"])
    assert all(params is DEFAULT_PARAMS for params, _ in seen)


def test_a_floor_spares_the_word_evidence_of_pairs_the_caller_ignores(monkeypatch: pytest.MonkeyPatch) -> None:
    # Matching reads only pairs scoring pair_score or more: the gap pass's word evidence
    # (near-synonyms run a sentence encoder) is not asked about a by-position pair under
    # it, and every pair at or over it is the same as without the floor.
    import pipeline.fidelity.gaps as gaps
    from synth import generate

    asked: list[tuple[str, str]] = []
    worded_alike = gaps._worded_alike

    def spy(original: str, repost: str, params: AlignParams) -> bool:
        asked.append((original, repost))
        return worded_alike(original, repost, params)

    monkeypatch.setattr(gaps, "_worded_alike", spy)
    floor = MatchParams().pair_score
    assert [g.kind for g in align(*SUN, floor=floor)] == ["path", "lonely", "lonely", "path"]
    assert asked == []
    assert [(g.original, g.repost, g.kind) for g in align(*SUN)][1] == ((1,), (1,), "gap") and len(asked) == 1
    for seed in range(12):
        doc = generate(seed)
        full, floored = align(doc.original, doc.repost), align(doc.original, doc.repost, floor=floor)
        assert [g for g in floored if g.score >= floor] == [g for g in full if g.score >= floor]
        assert_partition(floored, len(doc.original), len(doc.repost))


def test_a_sentence_left_untranslated_pairs_by_position_not_as_an_omission() -> None:
    from pipeline.fidelity.compare import compare
    from pipeline.text.segment import segment
    from pipeline.types import Segment

    original = "Leaders met in Paris. The ministers signed a new trade pact. The talks end today."
    sentences = segment(original)
    repost_text = "Leaders met in Paris. Мтвыщ ффхъ цукен гшщзх. The talks end today."
    repost = segment(repost_text)
    segments = [Segment(s, "en", 1.0, "passthrough", s.text) for s in repost]
    segments[1] = Segment(repost[1], "xx", 0.9, "untranslatable", repost[1].text, flag="no-route: xx")
    english = [seg.translation for seg in segments]
    # Without knowing that sentence has no English, nothing speaks for the pair...
    assert align([s.text for s in sentences], english)[1].kind == "lonely"
    # ...told so, the gap pass pairs it by position, and the audit reports one finding.
    alignment = align([s.text for s in sentences], english, opaque=[1])
    assert [(g.original, g.repost, g.kind) for g in alignment][1] == ((1,), (1,), "gap")
    found = compare(original, sentences, repost_text, segments, alignment)
    assert [d.type for d in found] == ["untranslated"]


def test_the_gap_pass_reads_the_search_s_scores_and_finds_what_it_computed_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A whole-grid search has already scored every group a gap can make: the scored step
    # reads them off (one move_scores per alignment, not one more per gap), and the
    # groups and scores are those of scoring each gap again.
    import pipeline.fidelity.gaps as gaps
    from pipeline.fidelity import search
    from synth import generate

    scored = (["Leaders met in Paris.", "Not every country has committed money yet.", "The talks end today."],
              ["Leaders met in Paris.", "Not all countries have pledged funds yet.", "The talks end today."])
    docs = [(d.original, d.repost) for d in map(generate, range(12))] + [SUN, scored]
    fill = gaps.fill_gaps

    def again(*args: Any, **kwargs: Any) -> Any:
        return fill(*args[:7])  # without the search's scores: every gap scored anew

    recomputed = []
    with monkeypatch.context() as patch:
        patch.setattr(align_module, "fill_gaps", again)
        recomputed = [align(*d) for d in docs]
    calls: list[int] = []
    move_scores = search.move_scores

    def counted(*args: Any) -> Any:
        calls.append(1)
        return move_scores(*args)

    monkeypatch.setattr(align_module, "move_scores", counted)
    monkeypatch.setattr(gaps, "move_scores", counted)
    assert [align(*d) for d in docs] == recomputed
    assert len(calls) == len(docs)
    assert any(g.kind == "gap" for alignment in recomputed for g in alignment)


def test_channels_number_features_in_the_order_first_met() -> None:
    # Features of each sentence are hashed once (cached across candidates and passes); the
    # channel numbers them as first met, original then repost, with sublinear tf times idf.
    import math

    from pipeline.fidelity.similarity import channel, text_features, text_keys

    original, repost = ["ab ab", "cd"], ["cd ab"]
    c = channel([text_keys(s, 3) for s in original], [text_keys(s, 3) for s in repost], 0.7)
    first_met = list(dict.fromkeys(f for s in original + repost for f in text_features(s, 3)))
    assert c.width == len(first_met) and c.weight == 0.7
    bags = [text_features(s, 3) for s in original + repost]
    idf = {f: math.log(4 / (1 + sum(f in b for b in bags))) + 1 for f in first_met}
    row = text_features("ab ab", 3)
    start, stop = c.x.indptr[0], c.x.indptr[1]
    assert list(c.x.indices[start:stop]) == [first_met.index(f) for f in row]
    assert list(c.x.data[start:stop]) == pytest.approx([(1 + math.log(n)) * idf[f] for f, n in row.items()])
    assert list(c.y.indices) == [first_met.index(f) for f in text_features("cd ab", 3)]
