"""Text and Markdown renderings of an audit report (the JSON schema dict).

Rendering works on the ``Report.to_dict()`` form so that a saved JSON report can be
re-rendered without re-running anything. Both lead with what matters: divergences are
grouped by severity, worst first, each located as ``line:column`` in both files, and
items below ``min_severity`` are counted rather than listed.
"""

from __future__ import annotations

import bisect
import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.fidelity.compare import severity_rank
from pipeline.fidelity.taxonomy import SEVERITIES

_COLOURS = {"critical": "\033[1;31m", "major": "\033[31m", "minor": "\033[33m", "info": "\033[2m"}
_RESET = "\033[0m"

# Shown under every text and Markdown report: each mark the report uses, explained.
LEGEND = (
    "L:C = line:column (1-based) in that file; — = nothing on that side (a sentence dropped or added); "
    "~ = approximate: the exact words could not be pinned, the whole repost sentence is shown; "
    "English = what the translated repost sentence says, the text the comparison used; "
    "change = the values compared (the original's → the repost's English), where the two sides do not show them."
)


@dataclass(frozen=True)
class Lines:
    """Turns code-point offsets of one text into 1-based ``line:column``."""

    starts: tuple[int, ...]  # offset of the first character of each line

    @classmethod
    def of(cls, text: str) -> Lines:
        return cls((0, *(i + 1 for i, c in enumerate(text) if c == "\n")))

    def at(self, offset: int) -> str:
        line = bisect.bisect_right(self.starts, offset) - 1
        return f"{line + 1}:{offset - self.starts[line] + 1}"


def check_severity(severity: str) -> str:
    """``severity`` itself when it is one of critical/major/minor/info, else ``ArgumentError``."""
    severity_rank(severity)
    return severity


# Control characters and bidi overrides in a document's text are shown, not obeyed: a repost's
# ESC sequences cleared the terminal or retitled it, U+202E reordered the line around it.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _short(text: str, width: int) -> str:
    text = _UNSHOWN.sub(lambda m: f"\\u{ord(m.group()):04x}", " ".join(text.split()))
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _side_text(side: dict[str, Any] | None, width: int) -> str:
    if side is None:
        return "—"
    return _short(side["text"], width) if side["text"].strip() else "(nothing: words were inserted here)"


def _sorted(report: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(report["divergences"], key=lambda d: (SEVERITIES.index(d["severity"]), d["id"]))


def _shown(report: dict[str, Any], min_severity: str) -> tuple[list[dict[str, Any]], int]:
    """The divergences at ``min_severity`` or worse, worst first; and how many were left out."""
    limit = SEVERITIES.index(check_severity(min_severity))
    shown = [d for d in _sorted(report) if SEVERITIES.index(d["severity"]) <= limit]
    return shown, len(report["divergences"]) - len(shown)


class _Locator:
    """``line:column`` of each side of a divergence, when the texts are at hand."""

    def __init__(self, texts: Mapping[str, str] | None) -> None:
        self.lines = {side: Lines.of(text) for side, text in (texts or {}).items()}

    def where(self, d: dict[str, Any], side: str) -> str:
        span = d[side]
        if span is None:
            return "—"
        if side in self.lines:
            return self.lines[side].at(span["start"])
        return f"@{span['start']}"  # a saved report without its files: the offset


def _english(d: dict[str, Any]) -> str | None:
    """The English of the repost side, when the repost side is not English already."""
    translation = (d.get("translation") or {}).get("text")
    repost = (d.get("repost") or {}).get("text")
    if not translation or repost is None or " ".join(translation.split()) == " ".join(repost.split()):
        return None
    return str(translation)


def change(d: Mapping[str, Any]) -> str | None:
    """The divergence's values (``before`` → ``after``) when the side texts do not show
    them exactly: an English phrase inside a whole translated sentence, the numbers a
    translation lost. None when there are no values or the sides say it all."""
    before, after = d.get("before"), d.get("after")
    if not isinstance(before, str) and not isinstance(after, str):
        return None
    sides = [side.get("text") if isinstance(side, Mapping) else None for side in (d.get("original"), d.get("repost"))]
    if [before, after] == sides:
        return None
    return " → ".join(f"'{v}'" if isinstance(v, str) else "—" for v in (before, after))


def _hidden_note(hidden: int, min_severity: str) -> str:
    return (f"{hidden} item(s) below {min_severity} not shown (--min-severity info shows all; "
            "the JSON and HTML reports keep everything).")


def _read_as(side: dict[str, Any]) -> str:
    """" (read as UTF-16LE)" for a file not in plain UTF-8; nothing for UTF-8 or a string."""
    encoding = side.get("encoding")
    return f" (read as {encoding})" if encoding and encoding != "UTF-8" else ""


def render_json(report: dict[str, Any]) -> str:
    """The report as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_markdown(report: dict[str, Any], limit: int = 50, min_severity: str = "minor",
                    texts: Mapping[str, str] | None = None) -> str:
    """A concise summary for a pull-request comment: scores, counts, worst divergences first.

    ``texts`` maps ``"original"``/``"repost"`` to the files' text, for ``line:column``
    locations (without it, code-point offsets are shown as ``@N``).
    """
    scores = report["scores"]
    counts = report.get("counts", {})
    locate = _Locator(texts)
    lines = [
        f"### mtaudit: `{report['repost']['path']}`{_read_as(report['repost'])} vs "
        f"`{report['original']['path']}`{_read_as(report['original'])}",
        "",
        f"**BLEU** {scores['bleu']:.1f} · **chrF** {scores['chrf']:.1f} · **TER** {scores['ter']:.1f}",
        "",
        "| severity | count |",
        "|---|---|",
    ]
    by_sev = counts.get("severity", {})
    lines += [f"| {sev} | {by_sev.get(sev, 0)} |" for sev in SEVERITIES]
    divergences, hidden = _shown(report, min_severity)
    lines += ["", f"#### Divergences, worst first ({len(divergences)} at {min_severity} or worse)", ""]
    if divergences:
        lines += ["| severity | type | original L:C | repost L:C | original | repost | note |",
                  "|---|---|---|---|---|---|---|"]
        for d in divergences[:limit]:
            english = _english(d)
            repost = _side_text(d["repost"], 60) + (" ~" if d.get("approximate") else "")
            if english:
                repost += f" (English: {_short(english, 60)})"
            cells = [
                d["severity"],
                d["type"],
                locate.where(d, "original"),
                locate.where(d, "repost"),
                _side_text(d["original"], 60),
                repost,
                _short(d["message"], 80) + (f" ({_short(values, 60)})" if (values := change(d)) else ""),
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if len(divergences) > limit:
            lines.append(f"\n… and {len(divergences) - limit} more (see the JSON or HTML report).")
    if hidden:
        lines += ["", _hidden_note(hidden, min_severity)]
    lines += ["", f"<sub>{LEGEND}</sub>", "",
              f"<sub>{scores['signatures'].get('bleu', '')} · mtaudit {report.get('signature', {}).get('mtaudit', '')}</sub>",
              ""]
    return "\n".join(lines)


def render_text(report: dict[str, Any], colour: bool = False, width: int | None = None,
                min_severity: str = "info", texts: Mapping[str, str] | None = None) -> str:
    """A readable listing for a terminal: grouped by severity, worst first, located.

    Each divergence gives its type, ``line:column`` in the original and the repost, the
    message, both sides' words and, for a translated repost sentence, its English.
    Divergences below ``min_severity`` are counted in one line instead of listed.
    ``texts`` is as for ``render_markdown``.
    """
    width = width or shutil.get_terminal_size((120, 20)).columns
    counts = report.get("counts", {}).get("severity", {})
    scores = report["scores"]
    locate = _Locator(texts)
    out = [
        f"{report['repost']['path']}{_read_as(report['repost'])}  vs  "
        f"{report['original']['path']}{_read_as(report['original'])}",
        f"BLEU {scores['bleu']:.1f}   chrF {scores['chrf']:.1f}   TER {scores['ter']:.1f}   "
        + "   ".join(f"{sev} {counts.get(sev, 0)}" for sev in SEVERITIES),
    ]
    shown, hidden = _shown(report, min_severity)
    body = width - 12
    for severity in SEVERITIES:
        group = [d for d in shown if d["severity"] == severity]
        if not group:
            continue
        paint, reset = (_COLOURS[severity], _RESET) if colour else ("", "")
        out += ["", f"{paint}{severity.upper()} ({len(group)}){reset}"]
        for d in group:
            head = f"  {d['type']:<12} original {locate.where(d, 'original'):<8} repost {locate.where(d, 'repost'):<8} "
            message = _short(d["message"], 10_000)
            # A message too long for the line goes whole on its own: cut, the verdict lost its figures.
            out += [head + message] if len(head) + len(message) <= width else [head.rstrip(), f"{'':4}{message}"]
            approx = " ~" if d.get("approximate") else ""
            out.append(f"{'':4}original: {_side_text(d['original'], body)}")
            out.append(f"{'':4}repost:   {_side_text(d['repost'], body - 2)}{approx}")
            english = _english(d)
            if english:
                out.append(f"{'':4}English:  {_short(english, body)}")
            values = change(d)
            if values:
                out.append(f"{'':4}change:   {_short(values, body)}")
    if not report["divergences"]:
        out += ["", "no divergences"]
    if hidden:
        out += ["", _hidden_note(hidden, min_severity)]
    out += ["", _short(LEGEND, 10_000)]
    return "\n".join(out) + "\n"
