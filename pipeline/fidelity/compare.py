"""Comparison of aligned groups: typed divergences with spans in both inputs, and a
document-level verdict.

For each alignment group the English side of the repost (its translation, or the
sentence itself when English) is compared with the original by the checks of
``pipeline.fidelity.checks.CHECKS`` (flagged sentences, lonely sentences, content without a
counterpart, numbers, dates, names and titles, embedded English, negation, wording),
each a small function returning its findings and the tokens they explain. Divergence
types and their default severities are in ``pipeline.fidelity.taxonomy`` (``TYPES``,
``DEFAULT_SEVERITY``, re-exported here), overridden by ``[compare.severity]``;
``[compare] off`` lists checks to skip.

Lonely sentences between the same two aligned neighbours are paired by the aligner's
gap pass (``pipeline.fidelity.gaps``) where their words say they render each other, so
a loosely reworded sentence is judged by its content, not reported as an omission plus
an addition; the comparison takes the alignment as it is.

A sentence the aligner left alone beside a pair of its own paragraph, whose content
that pair's other side holds, is a sentence rendered together with its neighbour ("We
don't ever want to do that. We want to be inside..." -> "We never want this; we want
to be inside..."): it is judged with that pair (``attach_lonely``), so the split is
neither an omission nor an addition, and its words are compared with the words that
render them.

The verdict measures how much of each document the other covers. When both coverages
are under ``UNRELATED_COVERAGE`` the documents are not versions of each other: the
divergence list then holds one ``unrelated`` divergence instead of a major omission
for every sentence, which would tell an auditor nothing more.

Spans: original spans are exact. Repost spans are exact for English sentences, for
numbers and dates, for embedded English and for words copied verbatim into a
translated sentence (names, acronyms); other words of a translated sentence are placed
by the word alignment of the translation to its source (``divergence.align_words``:
same words and cognates pin it, "Assistant" -> "Asisten"), a window marked
``approximate`` where that alignment only bounds them, and the whole sentence,
``approximate``, where it says nothing. A change reported by an earlier (stronger)
check is not reported again by a later one: each check returns the tokens it explains.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from pipeline.fidelity.checks import CHECKS
from pipeline.fidelity.checks.common import has_counterpart
from pipeline.fidelity.divergence import (Checked, Divergence, Documents, Finding, SideSpan, furniture, is_boilerplate,
                                          prepare, tokens, word_cases)
from pipeline.errors import ArgumentError, ConfigError
from pipeline.fidelity.meaning import Side, is_content, stem
from pipeline.fidelity.taxonomy import DEFAULT_SEVERITY, SEVERITIES
from pipeline.types import AlignedGroup, Segment, Sentence

# Under this share of sentences with a counterpart, on both sides, the two documents
# are not versions of each other (seed 002 against 003 covers under 5%).
UNRELATED_COVERAGE = 0.2
# How much further from 1 (in log length ratio) joining a lonely sentence to its
# neighbouring pair may move the pair's length ratio: two English renderings of one
# sentence differ by up to about a fifth in length (MQM dev split: reference and
# system lines), a sentence dropped or added beside a faithful pair doubles it.
ATTACH_LENGTH_SLACK = 0.2


@dataclass(frozen=True)
class Verdict:
    """How much of each document the other covers, and what that makes the repost."""

    coverage_original: float  # share of the original's content sentences with a counterpart
    coverage_repost: float  # share of the repost's content sentences with a counterpart
    kind: str  # "version", "partial" or "unrelated"
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "coverage_original": round(self.coverage_original, 4),
                "coverage_repost": round(self.coverage_repost, 4), "message": self.message}


@dataclass(frozen=True)
class Comparison:
    """Divergences in document order, the verdict, and the sentences judged page
    furniture (scores leave those out, so both use one judgement)."""

    divergences: tuple[Divergence, ...]
    verdict: Verdict
    furniture_original: frozenset[int]
    furniture_repost: frozenset[int]


def _severity(finding: Finding, table: Mapping[str, str]) -> str:
    severity = table.get(finding.key, table[finding.type]) if finding.key else table[finding.type]
    if finding.at_most is not None and SEVERITIES.index(severity) < SEVERITIES.index(finding.at_most):
        return finding.at_most
    return severity


def compare_documents(original_text: str, original: Sequence[Sentence], repost_text: str, repost: Sequence[Segment],
                      alignment: Sequence[AlignedGroup], severity: Mapping[str, str] | None = None,
                      off: Collection[str] = ()) -> Comparison:
    """Divergences between an original and a (translated) repost along ``alignment``,
    and the verdict on the two documents."""
    unknown = set(off) - set(CHECKS)
    if unknown:
        raise ConfigError(f"[compare] off names unknown checks {sorted(unknown)}; known: {sorted(CHECKS)}")
    table = {**DEFAULT_SEVERITY, **severity} if severity else dict(DEFAULT_SEVERITY)
    bad = {k: v for k, v in table.items() if v not in SEVERITIES}
    if bad:
        raise ConfigError(f"[compare.severity] values must be one of {SEVERITIES}: {bad}")
    # A capitalised word neither document writes in lower case is a name wherever it
    # stands, sentence starts included ("Ruiz told reporters" -> "Herrera told reporters").
    texts = [*(s.text for s in original), *(seg.translation for seg in repost)]
    lower, named = word_cases(texts)
    docs = Documents(original_text, repost_text, tuple(original), tuple(seg.sentence for seg in repost),
                     lower, named)
    checks = [check for name, check in CHECKS.items() if name not in off]
    found: list[tuple[int, Finding]] = []
    judged = attach_lonely(alignment, original, repost)
    for index, (o_ids, r_ids) in judged.items():
        g = prepare(index, docs, [original[i] for i in o_ids], [repost[j] for j in r_ids])
        if alignment[index].kind == "moved":
            found.append((index, Finding("moved", g.original_span(), g.repost_whole(), "sentence moved elsewhere in the "
                                         "repost", approximate=g.translation is not None, kind="sentence")))
        done = Checked()
        for check in checks:
            result = check(g, done)
            found.extend((index, f) for f in result.findings)
            done = done | Checked((), result.original, result.repost, result.final)
            if done.final:
                break
    # The aligner's pairs vouch for coverage, those of its gap pass too: it pairs
    # nothing between two documents whose search paired nothing.
    vouched_o = {i for k, (o_ids, r_ids) in judged.items() if alignment[k].kind != "lonely" for i in o_ids}
    vouched_r = {j for k, (o_ids, r_ids) in judged.items() if alignment[k].kind != "lonely" for j in r_ids}
    verdict = judge(original, repost, [f for _, f in found], vouched_o, vouched_r)
    if verdict.kind == "unrelated":
        # The translator's failures stay: "unrelated" may be a broken model's doing (``judge``).
        found = [(-1, Finding("unrelated", None, None, verdict.message, kind="documents")),
                 *((k, f) for k, f in found if f.type == "mt-error")]
    divergences = tuple(
        # A hard-wrapped input's line breaks read as "\n" inside a quoted value: one space, as a reader sees it.
        Divergence(k, f.type, _severity(f, table), f.original, f.repost, _translation(f, repost),
                   f.message.replace("\\r\\n", " ").replace("\\n", " "),
                   f.approximate, index, f.before, f.after, f.kind)
        for k, (index, f) in enumerate(found)
    )
    return Comparison(
        divergences, verdict,
        frozenset(f.original.sentence for _, f in found if f.type == "boilerplate" and f.original),
        frozenset(f.repost.sentence for _, f in found if f.type == "boilerplate" and f.repost),
    )


def attach_lonely(alignment: Sequence[AlignedGroup], original: Sequence[Sentence],
                  repost: Sequence[Segment]) -> dict[int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """The groups the checks judge, by alignment index: the aligner's, except that a
    lonely sentence joins the nearest pair beside it when it stands in the same
    paragraph as that pair's sentence on its side (or the pair's other side runs on
    across the line break between them), the pair's other side holds its content (the
    content check's own test, ``has_counterpart``) and is longer by about its length.
    Two lonely sentences in a row join one after the other ("The Sun burns our
    peripheral vision. / We see light reflected off the Moon." rendered inside the
    next sentence). Page furniture stays alone."""
    judged = {k: (g.original, g.repost) for k, g in enumerate(alignment)}

    def english(j: int) -> str:
        return repost[j].translation or repost[j].sentence.text

    def attach(k: int, g: AlignedGroup) -> bool:
        on_original = bool(g.original)
        own = original[g.original[0]] if on_original else repost[g.repost[0]].sentence
        text = own.text if on_original else english(g.repost[0])
        if is_boilerplate(text) or (on_original and furniture(original, own)):
            return False
        before_k, after_k = [n for n in judged if n < k], [n for n in judged if n > k]
        for n in ([max(before_k)] if before_k else []) + ([min(after_k)] if after_k else []):
            if alignment[n].kind in ("lonely", "moved"):
                continue
            o_ids, r_ids = judged[n]
            side = [original[i] for i in o_ids] if on_original else [repost[j].sentence for j in r_ids]
            theirs = [repost[j].sentence for j in r_ids] if on_original else [original[i] for i in o_ids]
            # A sentence of the other side that runs on across a line break joins what
            # this side breaks into paragraphs there; across a paragraph break the other
            # side must otherwise be longer by the lonely sentence, about (``evens``, below):
            # paragraphs merged into one sentence ("...; the company said...; last week...").
            if not side:
                continue
            across = (all(s.paragraph != own.paragraph for s in side)
                      and not any("\n" in s.text for s in theirs))
            other = " ".join(english(j) for j in r_ids) if on_original else " ".join(original[i].text for i in o_ids)
            mine = " ".join(original[i].text for i in o_ids) if on_original else " ".join(english(j) for j in r_ids)
            # The pair's other side must be longer by about what the lonely sentence says:
            # joining it must not move the two sides' length ratio much further from
            # one. A sentence dropped or slipped in beside a faithful pair (lengths
            # alike) stays alone.
            before = abs(math.log(max(len(mine), 1) / max(len(other), 1)))
            after = abs(math.log((len(mine) + 1 + len(text)) / max(len(other), 1)))
            balanced = after < before + ATTACH_LENGTH_SLACK
            # Where joining it evens the two sides' lengths, the longer side most likely says
            # it in other words ("Shares rose." in "Stocks advanced, with..."); where it only
            # stays within the slack, one of its words must be there ("Terms were not disclosed.").
            evens = after < before - ATTACH_LENGTH_SLACK / 2
            theirs_toks = tokens(other, 0, -1)
            toks = tokens(text, 0, own.id)
            # A figure the pair's other side has and its own side lacks, carried by the lonely
            # sentence: a sentence split in two ("... in section 1002 of the Refuge" / "... in
            # the Refuge. The area in question is section 1002 of the refuge."), however long.
            figures = {t.text for t in toks if t.text[0].isdigit()}
            mine_toks = tokens(mine, 0, -1)
            lost = {stem(t.text) for t in theirs_toks if is_content(t)} - {stem(t.text) for t in mine_toks}
            # ...with a word of its own that the pair's own side lost too: a sentence added
            # that shares a year ("... founded in 1987 in Ohio.") carries no part of the pair.
            carried = (bool(figures) and figures <= {t.text for t in theirs_toks}
                       and not figures & {t.text for t in mine_toks}
                       and any(is_content(t) and not t.text[0].isdigit() and stem(t.text) in lost for t in toks))
            # The other side must say about half as many words again as the pair's own
            # side does: "He gave no date for the launch." dropped beside "... will be
            # launched ..." kept on both sides is an omission, not a merge.
            if not carried and (not balanced or across and not evens):
                continue
            said = Counter(stem(t.text) for t in mine_toks)
            beyond = sum((Counter(stem(t.text) for t in theirs_toks if is_content(t)) - said).values())
            if (carried and not across) or 2 * beyond >= sum(map(is_content, toks)) and has_counterpart(
                    toks, Side(theirs_toks), joining=not evens):
                judged[n] = ((*o_ids, *g.original) if n < k else (*g.original, *o_ids),
                             (*r_ids, *g.repost) if n < k else (*g.repost, *r_ids))
                del judged[k]
                return True
        return False

    waiting = [k for k, g in enumerate(alignment) if g.kind == "lonely" and len(g.original) + len(g.repost) == 1]
    # Each pass joins what it can; a lonely sentence whose neighbour joined a pair in
    # this pass is asked again in the next, until a pass joins nothing.
    while waiting:
        left = [k for k in waiting if not attach(k, alignment[k])]
        if len(left) == len(waiting):
            break
        waiting = left
    return dict(sorted(judged.items()))


def _translation(f: Finding, repost: Sequence[Segment]) -> str | None:
    """The English the repost side of a finding was judged by, when a model or TM wrote it."""
    if f.repost is None:
        return None
    seg = repost[f.repost.sentence]
    return seg.translation if seg.route != "passthrough" else None


def judge(original: Sequence[Sentence], repost: Sequence[Segment], findings: Sequence[Finding],
          paired_original: Collection[int], paired_repost: Collection[int]) -> Verdict:
    """Coverage of each document by the other: the share of its content sentences (page
    furniture left out) that the aligner paired and the checks did not find lonely.
    A sentence left untranslated counts as covered: its counterpart is there."""
    furniture_o = {f.original.sentence for f in findings if f.type == "boilerplate" and f.original}
    furniture_r = {f.repost.sentence for f in findings if f.type == "boilerplate" and f.repost}
    omitted = {f.original.sentence for f in findings if f.type == "omission" and f.original}
    added = {f.repost.sentence for f in findings if f.type == "addition" and f.repost}
    flagged = {f.repost.sentence for f in findings if f.type == "untranslated" and f.repost and f.original is None}
    content_o = [s.id for s in original if s.id not in furniture_o]
    content_r = [s.sentence.id for s in repost if s.sentence.id not in furniture_r]
    covered_o = [i for i in content_o if i in paired_original and i not in omitted]
    covered_r = [j for j in content_r if (j in paired_repost and j not in added) or j in flagged]
    omitted = set(content_o) - set(covered_o)
    cov_o = len(covered_o) / len(content_o) if content_o else 1.0
    cov_r = len(covered_r) / len(content_r) if content_r else 1.0
    if cov_o < UNRELATED_COVERAGE and cov_r < UNRELATED_COVERAGE:
        # A model that translates nothing right (a broken or test copy) makes any repost look unrelated.
        translated = [s for s in repost if s.route not in ("passthrough", "tm") and s.flag is None]
        failed = sum(1 for s in translated if s.checks)
        blame = (f"; but {failed} of {len(translated)} machine translations failed their checks (mt-error): "
                 "the translation model may be at fault, not the repost" if translated and 2 * failed >= len(translated)
                 else "")
        return Verdict(cov_o, cov_r, "unrelated",
                       f"the documents are not versions of each other: the repost covers {cov_o:.0%} of the "
                       f"original and the original {cov_r:.0%} of the repost{blame}")
    if cov_o < 0.9:
        return Verdict(cov_o, cov_r, "partial",
                       f"the repost covers {cov_o:.0%} of the original ({len(omitted)} of {len(content_o)} sentences "
                       f"missing); the original covers {cov_r:.0%} of the repost")
    return Verdict(cov_o, cov_r, "version",
                   f"the repost covers {cov_o:.0%} of the original and the original {cov_r:.0%} of the repost")


def compare(original_text: str, original: Sequence[Sentence], repost_text: str, repost: Sequence[Segment],
            alignment: Sequence[AlignedGroup], severity: Mapping[str, str] | None = None) -> list[Divergence]:
    """Divergences between an original and a translated repost along ``alignment``."""
    return list(compare_documents(original_text, original, repost_text, repost, alignment, severity).divergences)


def severity_rank(severity: str) -> int:
    """0 for critical ... 3 for info (lower is worse); ``ArgumentError`` for another word."""
    if severity not in SEVERITIES:
        raise ArgumentError(f"unknown severity {severity!r}: use one of {', '.join(SEVERITIES)}")
    return SEVERITIES.index(severity)


__all__ = ["DEFAULT_SEVERITY", "SEVERITIES", "Comparison", "Divergence", "SideSpan", "Verdict", "compare",
           "compare_documents", "is_boilerplate", "severity_rank"]
