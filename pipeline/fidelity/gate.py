"""Fidelity gate for CI: score documents, apply thresholds, compare with a baseline.

``score_document`` turns an audit ``Report`` into a ``DocResult``: corpus scores, the
worst segments with their line numbers in the translated file, and which thresholds
failed. Output formats (text, JSON, GitHub annotations, JUnit XML) are plain functions
of the results.
"""

from __future__ import annotations

import csv
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.io.inputs import read_text_encoding
from pipeline.engines.local import Pipeline
from pipeline.fidelity.report import Report, audit_against, read_original
from pipeline.fidelity.compare import severity_rank
from pipeline.fidelity.taxonomy import SEVERITIES
from pipeline.settings import Settings, read_toml
from pipeline.translation.models import left_untranslated
from pipeline.errors import ConfigError
from pipeline.fidelity.metrics import metrics


@dataclass(frozen=True)
class Thresholds:
    """Pass conditions; None disables a check."""

    min_chrf: float | None = None
    min_bleu: float | None = None
    max_ter: float | None = None
    fail_on: str | None = None  # a severity: fail when a divergence this bad or worse exists
    max_flagged: int | None = None  # fail when more translated sentences than this fail a check (mtcheck)
    worst: int = 5  # how many worst segments to list
    p_value: float = 0.05  # baseline comparison: significance level

    def gates(self) -> bool:
        """Whether any condition can fail a document (beyond an unreadable or untranslatable one)."""
        return any(value is not None for value in (self.min_chrf, self.min_bleu, self.max_ter, self.fail_on,
                                                   self.max_flagged))

    @classmethod
    def load(cls, path: Path | None, overrides: Mapping[str, Any]) -> Thresholds:
        """``[thresholds]`` of a TOML file, with non-None ``overrides`` (CLI flags) on top."""
        values: dict[str, Any] = {}
        if path is not None:
            data = read_toml(path)
            # A configuration file may hold [thresholds] beside the other tables; anything else is a
            # typo that would leave the gate open ("[threshold]", "min_chrf = 90" outside a table).
            stray = sorted(set(data) - {"thresholds"} - set(Settings.__dataclass_fields__))
            if stray or "thresholds" not in data:
                found = f"found {', '.join(stray)}" if stray else "it has none"
                raise ConfigError(f"{path}: the thresholds go in a [thresholds] table ({found}); "
                                  "e.g. [thresholds] min_chrf = 50, as in configs/ci.example.toml")
            table = data["thresholds"]
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [thresholds] must be a table")
            unknown = set(table) - set(cls.__dataclass_fields__)
            if unknown:
                raise ConfigError(f"{path}: unknown threshold(s): {', '.join(sorted(unknown))}")
            values.update(table)
        values.update({k: v for k, v in overrides.items() if v is not None})
        problem = _out_of_range(values)
        if problem:  # named after the file when the value is the file's, not a flag's
            name, message = problem
            raise ConfigError(message if path is None or overrides.get(name) is not None else f"{path}: {message}")
        return cls(**values)



def _out_of_range(values: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first threshold off its scale, with what fits; None when every one fits."""
    if values.get("fail_on") not in (None, *SEVERITIES):
        return "fail_on", f"fail_on must be one of {', '.join(SEVERITIES)}, not {values['fail_on']!r}"
    for name, high in (("min_chrf", 100.0), ("min_bleu", 100.0), ("max_ter", math.inf)):
        value = values.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not 0 <= value <= high):
            scale = "from 0 to 100" if high == 100.0 else "of 0 or more"
            return name, f"{name} must be a number {scale}, not {value!r}"
    for name in ("max_flagged", "worst"):
        value = values.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            return name, f"{name} must be a whole number >= 0, not {value!r}"
    p_value = values.get("p_value")
    if p_value is not None and (isinstance(p_value, bool) or not isinstance(p_value, (int, float))
                                or not 0 < p_value < 1):
        return "p_value", f"p_value must be a number between 0 and 1, not {p_value!r}"
    return None

@dataclass(frozen=True)
class Segment:
    """One scored pair, located in the translated file."""

    line: int | None  # 1-based line in TRANSLATED; None when the source sentence was dropped
    chrf: float
    translated: str
    source: str
    source_line: int | None = None  # 1-based line of the source sentence(s) in SOURCE

    @property
    def dropped(self) -> bool:
        """The source sentence has no counterpart in the translation."""
        return self.line is None

    def describe(self, width: int) -> str:
        """The pair in one line: the translation, or the dropped source sentence and its line."""
        if self.dropped:
            where = f" (source line {self.source_line})" if self.source_line else ""
            return f"dropped: {' '.join(self.source.split())[:width]!r}{where} has no counterpart in the translation"
        return repr(" ".join(self.translated.split())[:width])


@dataclass(frozen=True)
class Blocking:
    """A divergence at or above ``fail_on``: what failed the gate, and where."""

    severity: str
    type: str
    message: str
    line: int | None  # 1-based line in TRANSLATED; None when the repost side has nothing (a dropped sentence)
    source_line: int | None  # 1-based line in SOURCE, where the original side has something


@dataclass(frozen=True)
class Baseline:
    """Paired bootstrap comparison with a previous translation."""

    path: str
    chrf: float
    bleu: float
    p_chrf: float
    p_bleu: float
    dropped: bool  # significantly worse (chrF or BLEU) at the configured level


@dataclass(frozen=True)
class DocResult:
    """The verdict for one document."""

    source: str
    translated: str
    bleu: float | None  # None: no score, the document could not be read or translated (``error``)
    chrf: float | None
    ter: float | None
    worst: tuple[Segment, ...]
    counts: dict[str, int]
    failures: tuple[str, ...]
    signature: dict[str, Any] = field(default_factory=dict)
    baseline: Baseline | None = None
    error: str | None = None
    flagged: int = 0  # translated sentences that failed a check against their own source
    blocking: tuple[Blocking, ...] = ()  # the divergences that failed ``fail_on``, in document order

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    def scores_text(self) -> str:
        """"BLEU 41.20 chrF 63.05 TER 48.10", or "no score" for a document that could not be scored."""
        if self.bleu is None or self.chrf is None or self.ter is None:
            return "no score"
        return f"BLEU {self.bleu:.2f}  chrF {self.chrf:.2f}  TER {self.ter:.2f}"

    def to_dict(self) -> dict[str, Any]:
        """The record ``score --format json`` writes (lists where this holds tuples, as JSON reads back)."""
        out = asdict(self)
        out["worst"] = [{**asdict(s), "dropped": s.dropped} for s in self.worst]
        out["failures"], out["blocking"] = list(self.failures), [asdict(b) for b in self.blocking]
        out["passed"] = self.passed
        return out


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset."""
    return text.count("\n", 0, offset) + 1


def score_files(pipeline: Pipeline, source: str, translated: str, thresholds: Thresholds,
                baseline: str | None = None) -> DocResult:
    """Audit ``translated`` (and ``baseline``) against the English ``source`` and apply
    ``thresholds``. The source is read, segmented and identified once for both."""
    original = read_original(pipeline, source, *read_text_encoding(source))
    report = audit_against(pipeline, original, translated, *read_text_encoding(translated))
    previous = audit_against(pipeline, original, baseline, *read_text_encoding(baseline)) if baseline else None
    return score_document(report, thresholds, previous)


def score_document(report: Report, thresholds: Thresholds, baseline: Report | None = None) -> DocResult:
    """Apply ``thresholds`` to an audit report (and compare with a ``baseline`` report)."""
    text = report.repost.document.text
    segments = []
    for pair, chrf in zip(report.pairs, report.scores.segment_chrf):
        line = line_of(text, report.repost.segments[pair.repost_ids[0]].sentence.start) if pair.repost_ids else None
        source_line = (line_of(report.original.text, report.original.sentences[pair.original_ids[0]].start)
                       if pair.original_ids else None)
        segments.append(Segment(line, round(chrf, 2), pair.hypothesis, pair.reference, source_line))
    worst = tuple(sorted(segments, key=lambda s: s.chrf)[: thresholds.worst])
    s = report.scores
    # The scores as reported (two decimals) are the ones compared: "TER 11.76 > 11.76" never fails.
    chrf, bleu, ter = round(s.chrf, 2), round(s.bleu, 2), round(s.ter, 2)
    failures = []
    if thresholds.min_chrf is not None and chrf < thresholds.min_chrf:
        failures.append(f"chrF {chrf:.2f} < {thresholds.min_chrf}")
    if thresholds.min_bleu is not None and bleu < thresholds.min_bleu:
        failures.append(f"BLEU {bleu:.2f} < {thresholds.min_bleu}")
    if thresholds.max_ter is not None and ter > thresholds.max_ter:
        failures.append(f"TER {ter:.2f} > {thresholds.max_ter}")
    blocking: list[Blocking] = []
    if thresholds.fail_on is not None:
        bad = [d for d in report.divergences if severity_rank(d.severity) <= severity_rank(thresholds.fail_on)]
        blocking = [Blocking(d.severity, d.type, d.message, line_of(text, d.repost.start) if d.repost else None,
                             line_of(report.original.text, d.original.start) if d.original else None) for d in bad]
        if bad:
            failures.append(f"{len(bad)} divergence(s) of severity {thresholds.fail_on} or worse")
    missing = sum(1 for seg in report.repost.segments if left_untranslated(seg.flag))
    if missing:  # untranslated text scores as a drop: the gate cannot vouch for the document
        failures.append(f"{missing} sentence(s) left untranslated: their model could not be loaded or failed on them")
    flagged = sum(1 for seg in report.repost.segments if seg.checks)
    if thresholds.max_flagged is not None and flagged > thresholds.max_flagged:
        failures.append(f"{flagged} translated sentence(s) failed a check against their source "
                        f"(at most {thresholds.max_flagged})")
    compared = compare_baseline(report, baseline, thresholds.p_value) if baseline is not None else None
    if compared is not None and compared.dropped:
        failures.append(
            f"fidelity dropped significantly against {compared.path} "
            f"(chrF {compared.chrf:.2f} -> {s.chrf:.2f}, p={compared.p_chrf:.3f}; "
            f"BLEU {compared.bleu:.2f} -> {s.bleu:.2f}, p={compared.p_bleu:.3f})"
        )
    counts = {sev: 0 for sev in SEVERITIES}
    for d in report.divergences:
        counts[d.severity] += 1
    return DocResult(
        report.original.path, report.repost.document.path, bleu, chrf, ter,
        worst, counts, tuple(failures), report.signature, compared, flagged=flagged, blocking=tuple(blocking),
    )


def anchored_hypotheses(report: Report) -> list[str]:
    """One hypothesis per original sentence, so that two translations can be paired.

    Two translations of one source align differently; redistributing each group's
    translation onto the original sentences it covers (all of it on the first) gives
    both systems the same segments, as a paired test needs.
    """
    hyps = [""] * len(report.original.sentences)
    for g in report.alignment:
        if g.original:
            hyps[g.original[0]] = " ".join(report.repost.segments[i].translation for i in g.repost)
    return hyps


def compare_baseline(current: Report, baseline: Report, p_value: float) -> Baseline:
    """Paired bootstrap (sacrebleu) of the current translation against the baseline."""
    from sacrebleu.significance import PairedTest, Result

    refs = [[s.text for s in current.original.sentences]]
    bleu, chrf, _ = metrics()
    test = PairedTest(
        [("baseline", anchored_hypotheses(baseline)), ("current", anchored_hypotheses(current))],
        {"BLEU": bleu, "chrF": chrf},
        refs,
        test_type="bs",
        n_samples=1000,
    )
    _, results = test()
    chrf_key = next(k for k in results if k.startswith("chrF"))  # sacrebleu renames it "chrF2"
    base_bleu, cur_bleu = (r for r in results["BLEU"] if isinstance(r, Result))
    base_chrf, cur_chrf = (r for r in results[chrf_key] if isinstance(r, Result))
    p_bleu = float(cur_bleu.p_value if cur_bleu.p_value is not None else 1.0)
    p_chrf = float(cur_chrf.p_value if cur_chrf.p_value is not None else 1.0)
    dropped = (cur_chrf.score < base_chrf.score and p_chrf < p_value) or (
        cur_bleu.score < base_bleu.score and p_bleu < p_value
    )
    return Baseline(str(baseline.repost.document.path), round(base_chrf.score, 2), round(base_bleu.score, 2),
                    p_chrf, p_bleu, dropped)


def read_manifest(path: Path) -> list[tuple[str, str]]:
    """(source, translated) path pairs from a CSV (header ``source,translated``) or JSONL.

    Relative paths are taken relative to the manifest's folder.
    """
    base = path.parent
    rows: list[tuple[str, str]] = []
    try:
        raw = path.read_text(encoding="utf-8-sig")  # a spreadsheet's CSV starts with a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read manifest ({exc})") from None
    if path.suffix in (".jsonl", ".json"):
        for lineno, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                pair = obj["source"], obj["translated"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ConfigError(f"{path}:{lineno}: expected {{\"source\": ..., \"translated\": ...}}") from None
            rows.append(_paths(path, lineno, pair))
    else:
        reader = csv.DictReader(raw.splitlines())
        if reader.fieldnames is not None:  # "source, translated": the header's cells trimmed
            reader.fieldnames = [name.strip() for name in reader.fieldnames]
        if reader.fieldnames is None or not {"source", "translated"} <= set(reader.fieldnames):
            found = ",".join(reader.fieldnames or [])
            raise ConfigError(f"{path}: CSV header must name the columns source,translated (found {found!r})")
        rows = [_paths(path, reader.line_num, (r["source"], r["translated"])) for r in reader]
    if not rows:
        raise ConfigError(f"{path}: manifest lists no document")
    return [(_rel(base, s), _rel(base, t)) for s, t in rows]


def _paths(path: Path, line: int, pair: tuple[object, object]) -> tuple[str, str]:
    """A manifest row's two paths, or a ``ConfigError`` naming the row (a short row, an empty cell)."""
    if not all(isinstance(p, str) and p.strip() for p in pair):
        raise ConfigError(f"{path}:{line}: a row needs two paths, source and translated; found {list(pair)!r}")
    return str(pair[0]).strip(), str(pair[1]).strip()


def _rel(base: Path, p: str) -> str:
    return p if Path(p).is_absolute() else str(base / p)


def format_text(results: Sequence[DocResult]) -> str:
    """Human-readable verdicts."""
    out = []
    for r in results:
        verdict = "PASS" if r.passed else "FAIL"
        if r.error:
            out.append(f"{verdict} {r.translated}: {r.error}")
            continue
        out.append(f"{verdict} {r.translated}  {r.scores_text()}")
        out += [f"  - {f}" for f in r.failures]
        out += [f"    {_where(b)}: {b.severity} {b.type}: {_one_line(b.message)}" for b in r.blocking]
        if r.flagged:
            out.append(f"  {r.flagged} translated sentence(s) failed a check against their own source")
        if r.baseline:
            out.append(f"  baseline {r.baseline.path}: chrF {r.baseline.chrf:.2f} (p={r.baseline.p_chrf:.3f})")
        for s in r.worst:
            where = f"line {s.line}" if s.line else "missing"
            out.append(f"  worst {where}: chrF {s.chrf:.1f}  {s.describe(70)}")
    return "\n".join(out) + "\n"


def _where(b: Blocking) -> str:
    return f"line {b.line}" if b.line is not None else f"source line {b.source_line}" if b.source_line else "document"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def format_json(results: Sequence[DocResult]) -> str:
    """All results as JSON (one object with a ``documents`` list)."""
    return json.dumps(
        {"passed": all(r.passed for r in results), "documents": [r.to_dict() for r in results]},
        ensure_ascii=False, indent=2,
    ) + "\n"


def _escape_annotation(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_annotation(text).replace(":", "%3A").replace(",", "%2C")


def format_github(results: Sequence[DocResult]) -> str:
    """GitHub Actions workflow commands: an ``::error`` per failing segment and threshold."""
    out = []
    for r in results:
        file = _escape_property(r.translated)
        if r.error:
            out.append(f"::error file={file}::{_escape_annotation(r.error)}")
            continue
        if r.passed:
            out.append(f"::notice file={file}::mtaudit passed ({r.scores_text()})")
            continue
        for failure in r.failures:
            out.append(f"::error file={file},title=mtaudit::{_escape_annotation(failure)}")
        for b in r.blocking:  # what failed --fail-on, at its line
            location = (f"file={file},line={b.line}" if b.line is not None
                        else f"file={_escape_property(r.source)}" + (f",line={b.source_line}" if b.source_line else ""))
            out.append(f"::error {location},title=mtaudit {b.severity} {b.type}::{_escape_annotation(_one_line(b.message))}")
        # The lowest-scoring lines say where a low score comes from: notes, not errors, and only
        # when a score failed (a divergence that failed the gate is annotated above).
        scored = any(not f[0].isdigit() for f in r.failures)
        for s in r.worst if scored else ():
            if s.dropped:  # nothing in the translation to point at: point at the source's line
                location = f"file={_escape_property(r.source)}" + (f",line={s.source_line}" if s.source_line else "")
                message = f"low fidelity (chrF {s.chrf:.1f}): {s.describe(120)}"
            else:
                location = f"file={file},line={s.line}"
                message = f"low fidelity (chrF {s.chrf:.1f}): {s.translated[:120]} | source: {s.source[:120]}"
            out.append(f"::warning {location},title=mtaudit segment::{_escape_annotation(message)}")
    return "\n".join(out) + "\n"


def junit_xml(results: Sequence[DocResult]) -> str:
    """JUnit XML: one testcase per document; a failure lists its reasons and worst segments."""
    suite = ET.Element("testsuite", name="mtaudit", tests=str(len(results)),
                       failures=str(sum(1 for r in results if not r.passed and not r.error)),
                       errors=str(sum(1 for r in results if r.error)))
    for r in results:
        case = ET.SubElement(suite, "testcase", classname="mtaudit.fidelity", name=r.translated)
        if r.error:
            ET.SubElement(case, "error", message=r.error).text = r.error
        elif not r.passed:
            body = list(r.failures) + [f"{_where(b)}: {b.severity} {b.type}: {_one_line(b.message)}"
                                       for b in r.blocking] + [
                f"line {s.line}: chrF {s.chrf:.1f}: {s.translated}" if not s.dropped
                else f"source line {s.source_line}: chrF {s.chrf:.1f}: {s.describe(200)}" for s in r.worst
            ]
            ET.SubElement(case, "failure", message="; ".join(r.failures)).text = "\n".join(body)
        ET.SubElement(case, "system-out").text = r.scores_text()
    for element in suite.iter():  # XML 1.0 has no place for most control characters (a \x0b in a line)
        element.text = _xml_safe(element.text) if element.text else element.text
        for key, value in element.attrib.items():
            element.attrib[key] = _xml_safe(value)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_UNSAFE.sub("\ufffd", text)
