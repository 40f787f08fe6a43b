"""The `missing` check: content words of the original the repost does not have at all."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pipeline.fidelity.checks.common import HONORIFICS, content_words
from pipeline.fidelity.divergence import FUNCTION_WORDS, Checked, Finding, Group, Token, token_span
from pipeline.fidelity.meaning import Side, lost_meaning, near_synonyms, side, unmatched
from pipeline.text.lexicon import zipf

# This many consecutive content words of the original with no counterpart anywhere in
# the repost side are missing content, not rewording. Calibrated on both sets: on the
# MQM dev split a run of 5 flags 4% of lines at 36% precision (3 words: 17% of lines at
# 28%); synonym spinning replaces at most three words in a row.
MISSING_RUN = 5
# An original sentence whose words with no counterpart carry this much meaning that the
# repost does not say (``meaning.lost_meaning``: each word's rarity weight, about 2-3 for
# a common content word, times one less its best cosine on the other side) has lost
# content; the same for a repost sentence that says this much the original does not
# (added content). A clause of four or five content words with nothing like them on
# the other side (cosine about 0.2) loses about 9; a few words reworded keep most of
# their meaning. On the MQM dev split's aligned pairs (unlabelled) 9 is the 95th
# percentile of the original side's loss. The curve over thresholds is in
# scripts/bench_fidelity.py's docstring.
LOST_MEANING = 10.7
# ...and only over at least as many words as a missing run (``MISSING_RUN``): a few
# rare words reworded (synonym spinning: "decline to make use of" / "refuse to use",
# "penalties" / "fines", "trip" / "voyage") are wording, however rare.
LOST_WORDS = MISSING_RUN
# ...unless every word of the run is a very common one (Zipf 4.5 or more in English:
# "you all", "take a moment", "very simple"), which is how a rewording reads. On the
# MQM dev split this keeps 86% of the runs and lifts their precision from 35% to 39%.
COMMON_ZIPF = 4.5


def _common(word: str) -> bool:

    return zipf(word, "en") >= COMMON_ZIPF


def check_missing(g: Group, done: Checked) -> Checked:
    """A run of content words of the original that the repost does not have at all
    ("… the hardest, most elusive questions" -> "… the hardest questions") is an
    `omission` of those words. A word has it when the repost has a counterpart
    (``pipeline.fidelity.meaning``): near-synonyms are asked for only inside a run long
    enough to report."""
    other = side(g.t_toks)
    lacking = set(unmatched(g.o_toks, other, (k for k in range(len(g.o_toks)) if k not in done.original)))
    runs = _runs(g, done, lacking)
    if any(_reportable(g, run) for run in runs):
        asked = [k for run in runs if _reportable(g, run) for k in run if k in lacking]
        lacking -= near_synonyms(g.o_toks, asked, other)
        runs = _runs(g, done, lacking)
    findings = []
    explained: set[int] = set()
    for run in runs:
        if not _reportable(g, run):
            continue
        content = [k for k in run if g.o_toks[k].key not in FUNCTION_WORDS]
        span = token_span(g.docs.original_text, g.o_toks[content[0] : content[-1] + 1])
        assert span is not None
        findings.append(Finding("omission", span, None, f"words missing from the repost: {span.text!r}",
                                before=span.text, kind="words"))
        explained.update(range(content[0], content[-1] + 1))
    lost, lost_words = _lost_meaning(g, done.original | explained, lacking, other)
    added, added_words = _added_meaning(g, done)
    return Checked(tuple(findings + lost + added), frozenset(explained | lost_words), frozenset(added_words))


def _runs(g: Group, done: Checked, lacking: set[int]) -> list[list[int]]:
    """Runs of original tokens whose content words all lack a counterpart, broken by
    a word that has one, by sentence punctuation and by what earlier checks explained."""
    runs: list[list[int]] = [[]]
    for k, t in enumerate(g.o_toks):
        if k in done.original or not t.text[0].isalnum():
            if k in done.original or t.text in ".;:!?":
                runs.append([])
            continue
        if t.key in FUNCTION_WORDS or t.key in HONORIFICS:
            if runs[-1]:
                runs[-1].append(k)  # function words inside a run belong to its span
            continue
        if k in lacking:
            runs[-1].append(k)
        else:
            runs.append([])
    return runs


def _reportable(g: Group, run: Sequence[int]) -> bool:
    content = [k for k in run if g.o_toks[k].key not in FUNCTION_WORDS]
    return len(content) >= MISSING_RUN and not all(_common(g.o_toks[k].key) for k in content)


def _weighed(toks: Sequence[Token], sentence: int, lacking: Collection[int],
             other: Side) -> tuple[float, list[Token]] | None:
    """The meaning that the words of ``sentence`` without a counterpart (``lacking``)
    carry and ``other`` does not say, and those words, when it makes lost (or added)
    content: ``LOST_MEANING`` or more over ``LOST_WORDS`` words or more. None when not."""
    asked = [k for k in lacking if toks[k].sentence == sentence and toks[k] in content_words([toks[k]])]
    if len(asked) < LOST_WORDS:
        return None
    value, words = lost_meaning(toks, asked, other, bound=LOST_MEANING)
    if value < LOST_MEANING or len(words) < LOST_WORDS:
        return None
    return value, [toks[k] for k in words]


def _lost_meaning(g: Group, skip: frozenset[int] | set[int], lacking: set[int],
                  other: Side) -> tuple[list[Finding], set[int]]:
    """An original sentence whose words without a counterpart carry ``LOST_MEANING`` of
    meaning that the repost does not say (``meaning.lost_meaning``: rarity-weighted,
    BERTScore-style), though no single run of them is long, has lost content: one
    `omission` over those words (a clause rendered as something else). A few loosely
    reworded words ("sending out a fantastic array of scent" / "exude a wonderful
    aroma") have near counterparts and lose little. Also the words reported."""
    findings = []
    reported: set[int] = set()
    for s in g.original:
        weighed = _weighed(g.o_toks, s.id, sorted(k for k in lacking if k not in skip), other)
        if weighed is None:
            continue
        lost, toks = weighed
        reported.update(g.o_toks.index(t) for t in toks)
        span = token_span(g.docs.original_text, [toks[0], toks[-1]])
        assert span is not None
        listed = ", ".join(t.text for t in toks)
        findings.append(Finding("omission", span, None,
                                f"{len(toks)} content words of the original have no counterpart in the repost "
                                f"(meaning lost {lost:.1f}): {listed}", before=listed, kind="words"))
    return findings, reported


def _added_meaning(g: Group, done: Checked) -> tuple[list[Finding], set[int]]:
    """The same the other way: a repost sentence whose words without a counterpart in
    the original carry ``LOST_MEANING`` of meaning the original does not say has added
    content (what a mistranslation reads as): one `addition` over those words. Also
    the words reported."""
    other = side(g.o_toks)
    lacking = unmatched(g.t_toks, other, (k for k in range(len(g.t_toks)) if k not in done.repost))
    findings = []
    reported: set[int] = set()
    for seg in g.repost:
        weighed = _weighed(g.t_toks, seg.sentence.id, lacking, other)
        if weighed is None:
            continue
        added, toks = weighed
        reported.update(g.t_toks.index(t) for t in toks)
        span, approximate = g.repost_span(toks)
        listed = ", ".join(t.text for t in toks)
        findings.append(Finding("addition", None, span,
                                f"{len(toks)} content words of the repost have no counterpart in the original "
                                f"(meaning added {added:.1f}): {listed}", approximate, after=listed, kind="words"))
    return findings, reported
