"""Text and Markdown renderings of an audit report (the JSON schema dict).

Rendering works on the ``Report.to_dict()`` form so that a saved JSON report can be
re-rendered without re-running anything.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

from .compare import SEVERITIES

_COLOURS = {"critical": "\033[1;31m", "major": "\033[31m", "minor": "\033[33m", "info": "\033[2m"}
_RESET = "\033[0m"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _side_text(side: dict[str, Any] | None) -> str:
    return side["text"] if side else "—"


def _sorted(report: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(report["divergences"], key=lambda d: (SEVERITIES.index(d["severity"]), d["id"]))


def render_json(report: dict[str, Any]) -> str:
    """The report as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_markdown(report: dict[str, Any], limit: int = 50) -> str:
    """A concise summary for a pull-request comment: scores, counts, worst divergences."""
    scores = report["scores"]
    counts = report.get("counts", {})
    lines = [
        f"### mtaudit: `{report['repost']['path']}` vs `{report['original']['path']}`",
        "",
        f"**BLEU** {scores['bleu']:.1f} · **chrF** {scores['chrf']:.1f} · **TER** {scores['ter']:.1f}",
        "",
        "| severity | count |",
        "|---|---|",
    ]
    by_sev = counts.get("severity", {})
    lines += [f"| {sev} | {by_sev.get(sev, 0)} |" for sev in SEVERITIES]
    divergences = [d for d in _sorted(report) if d["severity"] != "info"]
    lines += ["", f"#### Divergences ({len(divergences)} above info)", ""]
    if divergences:
        lines += ["| # | severity | type | original | repost | note |", "|---|---|---|---|---|---|"]
        for d in divergences[:limit]:
            cells = [
                str(d["id"]),
                d["severity"],
                d["type"],
                _short(_side_text(d["original"]), 60),
                _short(_side_text(d["repost"]), 60) + (" (approx.)" if d.get("approximate") else ""),
                _short(d["message"], 80),
            ]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if len(divergences) > limit:
            lines.append(f"\n… and {len(divergences) - limit} more (see the JSON or HTML report).")
    info = len(report["divergences"]) - len(divergences)
    if info:
        lines += ["", f"{info} info item(s) (format, boilerplate) not listed."]
    lines += ["", f"<sub>{scores['signatures'].get('bleu', '')} · mtaudit {report.get('signature', {}).get('mtaudit', '')}</sub>", ""]
    return "\n".join(lines)


def render_text(report: dict[str, Any], colour: bool = False, width: int | None = None) -> str:
    """A readable table for a terminal, worst divergences first."""
    width = width or shutil.get_terminal_size((120, 20)).columns
    col = max(20, (width - 30) // 2)
    scores = report["scores"]
    out = [
        f"{report['repost']['path']}  vs  {report['original']['path']}",
        f"BLEU {scores['bleu']:.1f}   chrF {scores['chrf']:.1f}   TER {scores['ter']:.1f}   "
        + "   ".join(f"{sev} {report.get('counts', {}).get('severity', {}).get(sev, 0)}" for sev in SEVERITIES),
        "",
    ]
    for d in _sorted(report):
        paint = _COLOURS[d["severity"]] if colour else ""
        reset = _RESET if colour else ""
        out.append(f"{paint}{d['severity']:<8}{reset} {d['type']:<12} {_short(d['message'], width - 22)}")
        original = _short(_side_text(d["original"]), col)
        repost = _short(_side_text(d["repost"]), col) + (" ~" if d.get("approximate") else "")
        out.append(f"{'':21}{original}  →  {repost}")
    if not report["divergences"]:
        out.append("no divergences")
    return "\n".join(out) + "\n"
