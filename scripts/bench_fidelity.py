"""How far the audit's major alarms agree with expert judgements, and with gold edits.

MQM part (``--mqm``, default ``../shared/mqm/ted-zhen-dev.jsonl``): one audit per MT
system, the reference lines as the English original and the system's lines as the
repost (English, no MT), measured two ways. As a user's audit runs (the figure that
counts): each side written as one document, a line a paragraph and a blank line
between talks, and passed through the public ``pipeline.audit`` on texts, so
segmentation and alignment are the tool's own. And pre-split, for comparison: one
sentence a line fed to ``align``/``compare`` directly. A line counts as flagged when a
major or critical divergence's span touches it on either side. Against the experts' ``label``
(``error`` = a major accuracy error; ``null`` lines are left out) the script prints
precision, recall and F1 of the flags, the false-alarm rate on ``clean`` lines, the
precision a sentence-chrF threshold reaches at the same recall, the best F1 any chrF
threshold reaches, and Kendall's tau-b of the audit's per-line signal and of chrF
with the MQM score; then the false alarms on clean lines broken down by cause (the
finding's type, kind and message without the words it quotes), ``--false-alarms N``
lines of each.

``--lost-meaning 7.5,9,...`` runs the MQM part once for each value of the `missing`
check's ``LOST_MEANING`` (the curve behind its choice), ``--changed-meaning 16,18,...``
once for each value of its ``CHANGED_MEANING`` (lost plus added meaning of one pair,
each side under ``LOST_MEANING``: a `meaning` divergence), ``--user-only`` only as a
user's audit runs. Measured (2026-12, under load from other processes; as a user's
audit), before ``CHANGED_MEANING`` existed:

    LOST_MEANING        precision  recall  false alarms on clean  chrF P at that recall
    before (6 words)      0.387     0.138         0.047                  0.216
    7.5                   0.335     0.181         0.078                  0.222
    9.0                   0.393     0.168         0.056                  0.226
    10.0                  0.427     0.153         0.044                  0.222
    10.7 (the default)    0.453     0.135         0.035                  0.216
    12.0                  0.471     0.122         0.030                  0.219
    13.5                  0.453     0.105         0.027                  0.232

``--diagnose`` adds, per mode, the recall of the flags by the experts' error category
and the flags by line length, and once, how many of a system's words without a
counterpart in the reference lie in an expert's error span (docs/fidelity-mqm-diagnosis.md).

With ``CHANGED_MEANING`` (LOST_MEANING 10.7; one-to-one pairs only; the figures count
lines, so a line two findings touch counts once):

    CHANGED_MEANING     precision  recall  false alarms on clean  chrF P at that recall
    none (before)         0.453     0.135         0.035                  0.216
    16                    0.429     0.172         0.049                  0.230
    18 (the default)      0.438     0.153         0.042                  0.222
    20                    0.457     0.140         0.036                  0.217

A little above the LOST_MEANING curve (alone: 0.393 at recall 0.168, 0.427 at 0.153),
far from acceptance 1 (precision 0.5 at recall 0.22): docs/fidelity-mqm-diagnosis.md
says why no reference-based signal tried gets there.

On this split the length of a line alone (reference characters, a longer line being
more likely to hold an error) reaches precision 0.47 at recall 0.14 and 0.43 at 0.22;
a pair's sentence cosine (mean-pooled MiniLM) stays at the base rate (0.19 at recall
0.22) and does not tell error from clean among the flagged lines (AUC 0.47).

Synthetic part: the gold-labelled reposts of ``tests/synth.py`` (alignment F1,
meaning-change recall at major, share of format-only and wording edits reported major).

Usage: PYTHONPATH=. python scripts/bench_fidelity.py [--mqm FILE] [--synthetic 84] [--systems N] [--show N] [--false-alarms N]
       [--lost-meaning V1,V2,...] [--changed-meaning V1,V2,...] [--user-only] [--diagnose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sacrebleu.metrics.chrf import CHRF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402

from pipeline import audit  # noqa: E402
from pipeline.engines.local import Options  # noqa: E402
from pipeline.fidelity.align import align  # noqa: E402
from pipeline.fidelity.checks import missing  # noqa: E402
from pipeline.fidelity.compare import Divergence, SideSpan, compare, severity_rank  # noqa: E402
from pipeline.types import Segment, Sentence  # noqa: E402

MAJOR = severity_rank("major")
# Per-line audit signal for the rank correlation: MQM's own weights for its severities.
WEIGHT = {"critical": 10.0, "major": 5.0, "minor": 1.0, "info": 0.0}


@dataclass(frozen=True)
class Line:
    talk: str
    seg: int
    system: str
    ref: str
    hyp: str
    label: str | None
    mqm: float
    # The experts' major (or critical) accuracy errors: (category, span in ``hyp`` or None).
    major: tuple[tuple[str, tuple[int, int] | None], ...] = ()


def read_mqm(path: Path) -> list[Line]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(raw)
        major = tuple((e["category"], tuple(e["span"]) if e["span"] else None) for e in r.get("errors", [])
                      if e["severity"] in ("Major", "Critical") and e["category"].startswith("Accuracy"))
        lines.append(Line(r["talk"], int(r["seg"]), r["system"], r["ref"], r["hyp"], r["label"], float(r["mqm"]), major))
    return lines


def one_a_line(texts: Sequence[str]) -> tuple[str, list[Sentence]]:
    """A document with one sentence a line (no segmenter: the MQM segments are the unit)."""
    sentences, offset = [], 0
    for k, t in enumerate(texts):
        t = " ".join(t.split())
        sentences.append(Sentence(k, offset, offset + len(t), t, k))
        offset += len(t) + 1
    return "\n".join(s.text for s in sentences), sentences


def passthrough(sents: Sequence[Sentence]) -> list[Segment]:
    return [Segment(s, "en", 1.0, "passthrough", s.text) for s in sents]


def lines_touched(span: SideSpan | None, sents: Sequence[Sentence]) -> set[int]:
    if span is None:
        return set()
    return {s.id for s in sents if s.start <= span.end and span.start <= s.end and (span.start < s.end or s.start == span.start)}


# Per line: flagged major+, the MQM-weighted signal, the divergences, the types that
# flagged it, and the causes (type, kind and message, numbers blanked) with each message.
Audited = tuple[list[bool], list[float], list[Divergence], list[set[str]], list[dict[str, str]]]


def cause(d: Divergence) -> str:
    """What a divergence says, without the words it quotes: its type, kind and message head."""
    head = re.sub(r"\d+", "N", d.message.split(":")[0])
    return f"{d.type}/{d.kind}: {head}"


def _flags(divergences: Sequence[Divergence], o_lines: Sequence[Sentence], r_lines: Sequence[Sentence]) -> Audited:
    """Per line: flagged major+, the MQM-weighted signal, the types and causes that flagged it."""
    flagged = [False] * len(o_lines)
    signal = [0.0] * len(o_lines)
    kinds: list[set[str]] = [set() for _ in o_lines]
    causes: list[dict[str, str]] = [{} for _ in o_lines]
    for d in divergences:
        touched = lines_touched(d.original, o_lines) | lines_touched(d.repost, r_lines)
        for k in touched:
            signal[k] -= WEIGHT[d.severity]
            if severity_rank(d.severity) <= MAJOR:
                flagged[k] = True
                kinds[k].add(d.type)
                causes[k].setdefault(cause(d), d.message)
    return flagged, signal, list(divergences), kinds, causes


def audit_presplit(lines: Sequence[Line]) -> Audited:
    """One sentence a line, fed to ``align`` and ``compare`` directly."""
    o_text, o_sents = one_a_line([x.ref for x in lines])
    r_text, r_sents = one_a_line([x.hyp for x in lines])
    groups = align([s.text for s in o_sents], [s.text for s in r_sents])
    return _flags(compare(o_text, o_sents, r_text, passthrough(r_sents), groups), o_sents, r_sents)


def as_document(texts: Sequence[str], talks: Sequence[str]) -> tuple[str, list[Sentence]]:
    """One document, a line a paragraph and a blank line between talks; the lines' spans."""
    parts: list[str] = []
    spans: list[Sentence] = []
    offset = 0
    for k, (t, talk) in enumerate(zip(texts, talks)):
        if k:
            sep = "\n\n" if talk != talks[k - 1] else "\n"
            parts.append(sep)
            offset += len(sep)
        t = " ".join(t.split())
        parts.append(t)
        spans.append(Sentence(k, offset, offset + len(t), t, k))
        offset += len(t)
    return "".join(parts), spans


AS_USER = Options(assume_english=True, use_cache=False)


def audit_document(lines: Sequence[Line]) -> Audited:
    """Both sides as documents through the public ``audit``: the tool segments and aligns."""
    talks = [x.talk for x in lines]
    o_text, o_lines = as_document([x.ref for x in lines], talks)
    r_text, r_lines = as_document([x.hyp for x in lines], talks)
    report = audit("reference.txt", "system.txt", AS_USER, original_text=o_text, repost_text=r_text)
    return _flags(report.divergences, o_lines, r_lines)


def prf(pred: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    p = tp / sum(pred) if any(pred) else 0.0
    r = tp / sum(gold) if any(gold) else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b (ties on either side handled), O(n^2) in numpy: n is a few thousand."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    concordant = discordant = ties_a = ties_b = 0.0
    for k in range(len(a) - 1):
        da, db = np.sign(a[k + 1 :] - a[k]), np.sign(b[k + 1 :] - b[k])
        prod = da * db
        concordant += float((prod > 0).sum())
        discordant += float((prod < 0).sum())
        ties_a += float(((da == 0) & (db != 0)).sum())
        ties_b += float(((db == 0) & (da != 0)).sum())
    denom = ((concordant + discordant + ties_a) * (concordant + discordant + ties_b)) ** 0.5
    return (concordant - discordant) / denom if denom else 0.0


def chrf_at_recall(chrf: Sequence[float], gold: Sequence[bool], recall: float) -> tuple[float, float]:
    """Precision of "chrF below t" at the smallest t reaching ``recall``, and the best F1 of any t."""
    order = np.argsort(np.asarray(chrf), kind="stable")
    positives = sum(gold)
    tp = 0
    best_f1, at_recall = 0.0, 0.0
    found = False
    for rank, k in enumerate(order, 1):
        tp += gold[k]
        if rank < len(order) and chrf[order[rank]] == chrf[k]:
            continue  # a threshold takes every line with the same score
        p, r = tp / rank, tp / positives
        best_f1 = max(best_f1, 2 * p * r / (p + r) if p + r else 0.0)
        if not found and r >= recall:
            at_recall, found = p, True
    return at_recall, best_f1


MODES: dict[str, Callable[[Sequence[Line]], Audited]] = {
    "as a user's audit (documents, segmented)": audit_document,
    "pre-split (one sentence a line)": audit_presplit,
}


# Line length bins (reference characters) of the diagnosis: a longer line is likelier to hold an error.
LENGTH_BINS = (0, 60, 100, 150, 250)


def diagnose(lines: Sequence[Line], flags: Sequence[bool]) -> None:
    """Recall of the flags by the experts' error category, and the flags by line length."""
    by_category: dict[str, list[bool]] = defaultdict(list)
    for line, flag in zip(lines, flags):
        if line.label == "error":
            for category in sorted({c for c, _ in line.major}):
                by_category[category].append(flag)
    print("    recall by MQM major accuracy category (lines): " + ", ".join(
        f"{c.split('/')[-1]} {sum(f)}/{len(f)} ({sum(f) / len(f):.3f})" for c, f in sorted(by_category.items())))
    for lo, hi in zip(LENGTH_BINS, [*LENGTH_BINS[1:], None]):
        pick = [(x.label == "error", f) for x, f in zip(lines, flags)
                if x.label in ("error", "clean") and lo <= len(x.ref) and (hi is None or len(x.ref) < hi)]
        errors, flagged = sum(e for e, _ in pick), sum(f for _, f in pick)
        hits = sum(e and f for e, f in pick)
        print(f"    reference length {lo}-{hi or ''}: {len(pick)} lines, base rate {errors / len(pick):.2f}, "
              f"flagged {flagged} (precision {hits / flagged if flagged else 0:.2f}, recall "
              f"{hits / errors if errors else 0:.2f}, false alarms {(flagged - hits) / (len(pick) - errors):.3f})")


def words_in_spans(lines: Sequence[Line]) -> None:
    """How many of the system's content words without a counterpart in the reference
    (``meaning.unmatched``, near-synonyms left out) lie in an expert's major accuracy
    span, and on how many error lines such a span holds one: what word evidence can see."""
    from pipeline.fidelity import meaning
    from pipeline.fidelity.divergence import tokens

    words = inside = lines_with_spans = seen = 0
    for x in lines:
        if x.label not in ("error", "clean"):
            continue
        own, other = tokens(x.hyp, 0, 0), meaning.Side(tuple(tokens(x.ref, 0, 1)))
        lacking = meaning.unmatched(own, other)
        lacking = [k for k in lacking if k not in meaning.near_synonyms(own, lacking, other)]
        spans = [s for _, s in x.major if s is not None]
        hit = [any(a < own[k].end and own[k].start < b for a, b in spans) for k in lacking]
        words, inside = words + len(hit), inside + sum(hit)
        if x.label == "error" and spans:
            lines_with_spans, seen = lines_with_spans + 1, seen + any(hit)
    print(f"  word evidence: {inside}/{words} ({inside / words:.3f}) system words without a counterpart in the "
          f"reference lie in an expert's major accuracy span; {seen}/{lines_with_spans} "
          f"({seen / lines_with_spans:.2f}) error lines with spans have one there")


def bench_mqm(path: Path, systems: int | None, show: int, false_alarms_shown: int = 0, user_only: bool = False,
              diagnosis: bool = False) -> None:
    by_system: dict[str, list[Line]] = defaultdict(list)
    for line in read_mqm(path):
        by_system[line.system].append(line)
    names = sorted(by_system)[:systems] if systems else sorted(by_system)
    chrf = CHRF()
    ordered = [sorted(by_system[name], key=lambda x: (x.talk, x.seg)) for name in names]
    everything = [x for lines in ordered for x in lines]
    scores = [chrf.sentence_score(x.hyp, [x.ref]).score for x in everything]
    labels = [x.label for x in everything]
    mqm = [x.mqm for x in everything]
    keep = [k for k, lab in enumerate(labels) if lab in ("error", "clean")]
    gold = [labels[k] == "error" for k in keep]
    print(f"MQM {path.name}: {len(names)} systems, {len(labels)} lines, {len(keep)} labelled "
          f"({sum(gold)} error, base rate {sum(gold) / len(gold):.2f}); chrF Kendall tau-b with mqm "
          f"{kendall_tau_b(scores, mqm):.3f}")
    for mode, run in list(MODES.items())[: 1 if user_only else None]:
        flags: list[bool] = []
        signal: list[float] = []
        types: list[set[str]] = []
        examples: dict[str, list[str]] = defaultdict(list)
        alarms: dict[str, list[str]] = defaultdict(list)  # cause -> clean lines it flagged
        started = time.perf_counter()
        for lines in ordered:
            f, s, divergences, k, c = run(lines)
            flags += f
            signal += s
            types += k
            for line, kinds in enumerate(k):
                for kind in kinds:
                    examples[kind].append(f"{kind} [{lines[line].label}]: {lines[line].ref!r} / {lines[line].hyp!r}")
                if lines[line].label == "clean":
                    for why, message in c[line].items():
                        alarms[why].append(f"{message} | {lines[line].ref!r} / {lines[line].hyp!r}")
        elapsed = time.perf_counter() - started
        pred = [flags[k] for k in keep]
        p, r, f1 = prf(pred, gold)
        clean = [flags[k] for k in keep if labels[k] == "clean"]
        false_alarms = sum(clean) / len(clean) if clean else 0.0
        chrf_p, chrf_best = chrf_at_recall([scores[k] for k in keep], gold, r)
        print(f"  {mode} ({elapsed:.1f} s):")
        print(f"    audit major+: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  false alarms on clean "
              f"{false_alarms:.3f} | chrF at the same recall: precision {chrf_p:.3f} (best chrF F1 {chrf_best:.3f})")
        print(f"    Kendall tau-b with mqm (all {len(labels)} lines): audit signal {kendall_tau_b(signal, mqm):.3f}")
        by_type = {kind: [k for k in keep if kind in types[k]] for kind in sorted({t for ts in types for t in ts})}
        print("    lines flagged major+ by type (precision vs error): " + ", ".join(
            f"{kind} {len(ks)} ({sum(labels[k] == 'error' for k in ks) / len(ks):.2f})"
            for kind, ks in by_type.items() if ks))
        for kind, items in examples.items():
            for item in items[:show]:
                print(f"      {item}")
        print("    false alarms on clean lines by cause (lines; a line may have several): " + ", ".join(
            f"{why} {len(items)}" for why, items in sorted(alarms.items(), key=lambda kv: -len(kv[1]))))
        for why, items in sorted(alarms.items(), key=lambda kv: -len(kv[1])):
            for item in items[:false_alarms_shown]:
                print(f"      {why} [clean]: {item}")
        if diagnosis:
            diagnose(everything, flags)
    if diagnosis:
        words_in_spans(everything)


def bench_synthetic(documents: int) -> None:
    m = synth.Measures()
    started = time.perf_counter()
    for doc in synth.corpus(documents):
        o_text, o_sents = synth.sentences(doc.original)
        r_text, r_sents = synth.sentences(doc.repost)
        groups = align([s.text for s in o_sents], [s.text for s in r_sents])
        synth.evaluate(doc, groups, compare(o_text, o_sents, r_text, synth.passthrough(r_sents), groups), m)
    print(f"synthetic: {documents} reposts ({time.perf_counter() - started:.1f} s)")
    print(m.summary())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mqm", type=Path, default=ROOT.parent / "shared" / "mqm" / "ted-zhen-dev.jsonl")
    parser.add_argument("--systems", type=int, default=None, help="only the first N systems (quick look)")
    parser.add_argument("--synthetic", type=int, default=84, help="synthetic reposts (0: skip)")
    parser.add_argument("--show", type=int, default=0, help="print N major+ messages per type")
    parser.add_argument("--lost-meaning", default="",
                        help="comma-separated values of checks.missing.LOST_MEANING: one MQM run each (the curve)")
    parser.add_argument("--changed-meaning", default="",
                        help="comma-separated values of checks.missing.CHANGED_MEANING: one MQM run each (the curve)")
    parser.add_argument("--diagnose", action="store_true",
                        help="MQM: recall by error category, flags by line length, word evidence in the experts' spans")
    parser.add_argument("--user-only", action="store_true", help="MQM: only the audit as a user runs it")
    parser.add_argument("--false-alarms", type=int, default=0,
                        help="print N clean lines flagged major+ per cause (the counts are always printed)")
    args = parser.parse_args(argv)
    if args.mqm and args.mqm.exists():
        changed = [float(v) for v in args.changed_meaning.split(",") if v] or [missing.CHANGED_MEANING]
        for value in [float(v) for v in args.lost_meaning.split(",") if v] or [missing.LOST_MEANING]:
            for pair in changed:
                missing.LOST_MEANING, missing.CHANGED_MEANING = value, pair
                print(f"LOST_MEANING {value}  CHANGED_MEANING {pair}")
                bench_mqm(args.mqm, args.systems, args.show, args.false_alarms, args.user_only, args.diagnose)
    else:
        print(f"MQM file {args.mqm} not found: skipped")
    if args.synthetic:
        bench_synthetic(args.synthetic)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
