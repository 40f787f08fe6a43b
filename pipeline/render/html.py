"""A self-contained HTML rendering of an audit report (the JSON schema dict).

``render_html(report)`` returns one HTML file: inline CSS and JavaScript, no network
access, no external fonts. The original and the repost stand side by side, one row
per alignment group (1-0 / 0-1 groups show a gap on the missing side); every
divergence is highlighted in both columns with ``<mark data-div="ID">`` coloured by
severity, listed in a table that links to its highlights, and can be filtered by
type and severity and stepped through with the keyboard (j/k or n/p). The list leads:
on a phone it comes first (and folds away), on a wide screen it is a column beside the
texts, and it never scrolls in a box of its own; given the documents' texts it locates
each divergence by ``line:column``, as the text report does.

Everything taken from the documents is escaped: the page is a Jinja2 template with
autoescape on, and the one piece of markup built in Python, a sentence's text with its
``<mark>`` elements (``_runs_html``: a template macro per run of text made a
2,000-sentence report take seconds), passes every piece of text through
``markupsafe.escape``. A Content-Security-Policy allows only the page's own inline
style and script (by hash), so the file cannot load anything, even from a web server.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from pipeline.errors import ArgumentError
from pipeline.fidelity.taxonomy import SEVERITIES, TYPES
from pipeline.render.text import Lines, change

SIDE_ORIGINAL = "original"
SIDE_REPOST = "repost"

_SLUG = re.compile(r"[^a-z0-9_-]+")


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _slug(value: Any) -> str:
    """A CSS class token for a type or severity from the report."""
    return _SLUG.sub("-", str(value).lower()).strip("-") or "unknown"


# --------------------------------------------------------------------------- segments


@dataclass
class _Span:
    start: int  # relative to the text being marked
    end: int
    div: int
    classes: str
    anchor: str | None = None  # element id for the first mark of this divergence on this side


@dataclass
class _Mark:
    """One ``<mark>`` element: a divergence's span over one run of text."""

    div: int
    classes: str
    id: str | None  # set on the first mark of a divergence on each side only


@dataclass
class _Seg:
    """A run of text under a stack of marks (outermost first), or an insertion point."""

    text: str
    marks: list[_Mark] = field(default_factory=list)
    foreign: bool = False
    point: _Mark | None = None  # zero-width divergence (something inserted on the other side)


def _segments(text: str, spans: list[_Span], foreign: Iterable[tuple[int, int]] = (),
              seen: set[str] | None = None) -> list[_Seg]:
    """Split ``text`` into non-overlapping runs, each carrying the spans that cover it.

    Overlapping spans become nested marks per run (longest outermost), so the
    output is always well nested; empty spans become insertion points. ``seen``
    holds the element ids already given out, so each anchor is used once.
    """
    seen = set() if seen is None else seen

    def mark(sp: _Span) -> _Mark:
        anchor = sp.anchor if sp.anchor and sp.anchor not in seen else None
        if anchor:
            seen.add(anchor)
        return _Mark(sp.div, sp.classes, anchor)

    n = len(text)
    ranged: list[_Span] = []
    points: dict[int, list[_Span]] = {}
    for sp in spans:
        s, e = sorted((max(0, min(sp.start, n)), max(0, min(sp.end, n))))
        sp.start, sp.end = s, e
        if s == e:
            points.setdefault(s, []).append(sp)
        else:
            ranged.append(sp)
    fspans = [(max(0, a), min(n, b)) for a, b in foreign if min(n, b) > max(0, a)]
    if not ranged and not points and not fspans:
        return [_Seg(text)] if text else []
    cuts = {0, n, *points}
    for sp in ranged:
        cuts.update((sp.start, sp.end))
    for a, b in fspans:
        cuts.update((a, b))
    bounds = sorted(cuts)
    ranged.sort(key=lambda sp: (-(sp.end - sp.start), sp.start, sp.div))
    out: list[_Seg] = []
    for i, a in enumerate(bounds):
        for sp in points.get(a, ()):
            out.append(_Seg("", point=mark(sp)))
        if i + 1 == len(bounds):
            break
        b = bounds[i + 1]
        marks = [mark(sp) for sp in ranged if sp.start <= a and sp.end >= b]
        is_foreign = any(fa <= a and fb >= b for fa, fb in fspans)
        out.append(_Seg(text[a:b], marks, is_foreign))
    return out


def _mark_open(m: _Mark, extra: str = "") -> str:
    anchor = f' id="{escape(m.id)}"' if m.id else ""
    return f'<mark class="{extra}{escape(m.classes)}" data-div="{int(m.div)}"{anchor}>'


def _runs_html(segs: list[_Seg]) -> Markup:
    """The marked-up text of one sentence. Every piece of text goes through ``escape``;
    this is the one place markup is built outside the template (a macro per run made a
    2,000-sentence report take seconds)."""
    out: list[str] = []
    for g in segs:
        if g.point is not None:
            out.append(_mark_open(g.point, "point ") + "</mark>")
            continue
        out.extend(_mark_open(m) for m in g.marks)
        text = str(escape(g.text))
        out.append(f'<span class="fs">{text}</span>' if g.foreign else text)
        out.append("</mark>" * len(g.marks))
    return Markup("".join(out))


# --------------------------------------------------------------------------- view model


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fmt_score(value: Any) -> str:
    v = _num(value)
    return "—" if v is None else f"{v:.1f}"


def _translated_phrase(div: Mapping[str, Any]) -> str | None:
    """The English wording the translation has for this divergence, if it can be told:
    its ``after`` value, else the exact repost span."""
    after = div.get("after")
    if isinstance(after, str) and after.strip():
        return after
    rep = div.get("repost")
    if isinstance(rep, Mapping) and not div.get("approximate"):
        text = rep.get("text")
        if isinstance(text, str) and text.strip():
            return text
    return None


def _find_once(haystack: str, needle: str) -> int | None:
    """Where ``needle`` occurs in ``haystack`` as whole words, when it occurs exactly once."""
    hits: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(hits) < 2:
        end = at + len(needle)
        if not (needle[0].isalnum() and at > 0 and haystack[at - 1].isalnum()) and not (
                needle[-1].isalnum() and end < len(haystack) and haystack[end].isalnum()):
            hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits[0] if len(hits) == 1 else None


def _sentences(side: Any) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    if isinstance(side, Mapping):
        for s in side.get("sentences") or ():
            if isinstance(s, Mapping) and isinstance(s.get("id"), int):
                out[s["id"]] = {**s, "start": _int(s.get("start"), 0), "text": str(s.get("text") or "")}
    return out


class _Where:
    """How the page names a place: ``line:column`` (1-based) as the text report does,
    when the document texts are at hand; else the 1-based sentence number (``O3``)."""

    def __init__(self, texts: Mapping[str, str] | None) -> None:
        self.lines = {side: Lines.of(text) for side, text in (texts or {}).items()}

    def line(self, side: str, s: Mapping[str, Any]) -> str | None:
        """The line the sentence starts on (shown on hover), when the text is at hand."""
        return self.lines[side].at(s["start"]).split(":")[0] if side in self.lines else None

    @staticmethod
    def sentence(side: str, s: Mapping[str, Any]) -> tuple[str, str]:
        """The sentence's marker (``O3``) and what it means."""
        return f"{side[0].upper()}{s['id'] + 1}", f"sentence {s['id'] + 1} of the {side}"

    def span(self, side: str, span: Mapping[str, Any] | None, s: Mapping[str, Any] | None) -> tuple[str, str]:
        """A divergence's side as the list shows it (``27:26``, or ``O23``; ``—`` when it has none)."""
        if span is None or s is None:
            return "—", f"nothing in the {side}"
        if side not in self.lines:
            return self.sentence(side, s)
        at = self.lines[side].at(_int(span.get("start"), s["start"]))
        line, column = at.split(":")
        return at, f"{side} line {line}, column {column} (sentence {s['id'] + 1})"


def _build(report: Mapping[str, Any], order: str = "severity",
           texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    orig = _sentences(report.get("original"))
    rep = _sentences(report.get("repost"))
    where = _Where(texts)
    divs = [d for d in report.get("divergences") or () if isinstance(d, Mapping)]

    # Rows: one per alignment group; sentences no group mentions get their own row.
    groups: list[dict[str, Any]] = []
    seen_o: set[int] = set()
    seen_r: set[int] = set()
    for g in report.get("alignment") or ():
        g = _map(g)
        o_ids = [i for i in g.get("original") or () if i in orig]
        r_ids = [i for i in g.get("repost") or () if i in rep]
        if not o_ids and not r_ids:
            continue
        seen_o.update(o_ids)
        seen_r.update(r_ids)
        groups.append({"original": o_ids, "repost": r_ids, "score": _num(g.get("score"))})
    groups += [{"original": [i], "repost": [], "score": None} for i in orig if i not in seen_o]
    groups += [{"original": [], "repost": [i], "score": None} for i in rep if i not in seen_r]
    row_of_o = {i: n for n, g in enumerate(groups) for i in g["original"]}
    row_of_r = {i: n for n, g in enumerate(groups) for i in g["repost"]}

    # Divergences: the list order is the j/k order.
    items: list[dict[str, Any]] = []
    spans_o: dict[int, list[_Span]] = {}
    spans_r: dict[int, list[_Span]] = {}
    spans_t: dict[int, list[_Span]] = {}
    for pos, d in enumerate(divs):
        div_id = d.get("id", pos)
        if not isinstance(div_id, int):
            div_id = pos
        sev, typ = str(d.get("severity", "info")), str(d.get("type", "unknown"))
        o, r = d.get("original"), d.get("repost")
        o = o if isinstance(o, Mapping) else None
        r = r if isinstance(r, Mapping) else None
        approx = bool(d.get("approximate"))
        msg = str(d.get("message") or "")
        base = f"sev-{_slug(sev)} type-{_slug(typ)}"
        row = None
        o_sid = o.get("sentence") if o else None
        r_sid = r.get("sentence") if r else None
        has_o = has_r = False
        o_sent: dict[str, Any] | None = None
        r_sent: dict[str, Any] | None = None
        if o and o_sid in orig:
            s = o_sent = orig[o_sid]
            spans_o.setdefault(o_sid, []).append(_Span(
                _int(o.get("start"), s["start"]) - s["start"], _int(o.get("end"), s["start"]) - s["start"],
                div_id, base, f"d{div_id}-o"))
            row, has_o = row_of_o.get(o_sid), True
        if r and r_sid in rep:
            s = r_sent = rep[r_sid]
            spans_r.setdefault(r_sid, []).append(_Span(
                _int(r.get("start"), s["start"]) - s["start"], _int(r.get("end"), s["start"]) - s["start"],
                div_id, base + (" approx" if approx else ""), f"d{div_id}-r"))
            row, has_r = (row if row is not None else row_of_r.get(r_sid)), True
            tr = s.get("translation")
            phrase = _translated_phrase(d) if isinstance(tr, str) and _shows_translation(s) else None
            if phrase and isinstance(tr, str):
                at = _find_once(tr, phrase)
                if at is not None:
                    spans_t.setdefault(r_sid, []).append(_Span(
                        at, at + len(phrase), div_id, base + " in-tr", f"d{div_id}-t"))
        o_loc, r_loc = where.span(SIDE_ORIGINAL, o, o_sent), where.span(SIDE_REPOST, r, r_sent)
        items.append({
            "loc": f"{o_loc[0]} ↔ {r_loc[0]}", "loc_title": f"{o_loc[1]} ↔ {r_loc[1]}",
            "id": div_id, "type": typ, "severity": sev, "sev_slug": _slug(sev), "type_slug": _slug(typ),
            "message": msg, "change": change(d), "approximate": approx, "row": row if row is not None else len(groups),
            "target": f"d{div_id}-o" if has_o else f"d{div_id}-r" if has_r else None,
        })
    # The list leads with what matters: worst severity first, then document order (row,
    # then id). The page can switch to document order (`order`, and a toggle in it).
    rank = {sev: n for n, sev in enumerate(SEVERITIES)}
    items.sort(key=lambda it: (it["row"], it["id"]))
    for n, it in enumerate(items):
        it["doc_pos"] = n
    if order == "severity":
        items.sort(key=lambda it: (rank.get(it["severity"], len(rank)), it["doc_pos"]))

    def sentence_view(s: dict[str, Any], spans: list[_Span], tspans: list[_Span] | None,
                      side: str) -> dict[str, Any]:
        text = s["text"]
        foreign = [(_int(f.get("start"), 0) - s["start"], _int(f.get("end"), 0) - s["start"])
                   for f in s.get("foreign_spans") or () if isinstance(f, Mapping)]
        view: dict[str, Any] = {
            "marker": where.sentence(side, s)[0], "line": where.line(side, s),
            "id": s["id"], "lang": _lang(s.get("lang")), "html": _runs_html(_segments(text, spans, foreign, seen)),
            "translation": None, "route": s.get("route"), "flag": s.get("flag"),
        }
        if side == SIDE_REPOST and _shows_translation(s):
            view["translation"] = _runs_html(_segments(str(s["translation"]), tspans or [], (), seen))
        return view

    seen: set[str] = set()
    rows = []
    for n, g in enumerate(groups):
        o_views = [sentence_view(orig[i], spans_o.get(i, []), None, SIDE_ORIGINAL) for i in g["original"]]
        r_views = [sentence_view(rep[i], spans_r.get(i, []), spans_t.get(i), SIDE_REPOST) for i in g["repost"]]
        n_div = sum(len(spans_o.get(i, ())) for i in g["original"]) + sum(len(spans_r.get(i, ())) for i in g["repost"])
        kind = f"{len(g['original'])}–{len(g['repost'])}"
        rows.append({"index": n, "kind": kind, "score": g["score"], "original": o_views, "repost": r_views,
                     "clean": n_div == 0})
    return {"rows": rows, "items": items, "orig": orig, "rep": rep, "divs": divs}


def _shows_translation(s: Mapping[str, Any]) -> bool:
    tr, text = s.get("translation"), s.get("text")
    if not isinstance(tr, str) or not tr.strip():
        return False
    if s.get("route") == "passthrough":
        return False
    return " ".join(tr.split()) != " ".join(str(text or "").split())


def _lang(value: Any) -> str | None:
    value = str(value or "")
    return value if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", value) else None


# --------------------------------------------------------------------------- header


def _counts(report: Mapping[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    by_sev: dict[str, int] = {}
    by_type: dict[str, int] = {}
    matrix: dict[str, dict[str, int]] = {}
    for it in items:
        by_sev[it["severity"]] = by_sev.get(it["severity"], 0) + 1
        by_type[it["type"]] = by_type.get(it["type"], 0) + 1
        matrix.setdefault(it["type"], {})
        matrix[it["type"]][it["severity"]] = matrix[it["type"]].get(it["severity"], 0) + 1
    severities = list(SEVERITIES) + sorted(s for s in by_sev if s not in SEVERITIES)
    types = [t for t in TYPES if t in by_type] + sorted(t for t in by_type if t not in TYPES)
    return {
        "severities": [{"name": s, "slug": _slug(s), "count": by_sev.get(s, 0)} for s in severities],
        "types": [{"name": t, "slug": _slug(t), "count": by_type.get(t, 0),
                   "cells": [matrix[t].get(s, 0) for s in severities]} for t in types],
        "total": len(items),
    }


def _scores(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    scores = _map(report.get("scores"))
    sigs = _map(scores.get("signatures"))
    out = []
    for key, label, hint in (("bleu", "BLEU", "↑ higher is better"), ("chrf", "chrF", "↑ higher is better"),
                             ("ter", "TER", "↓ lower is better")):
        v = _num(scores.get(key))
        out.append({"key": key, "label": label, "value": _fmt_score(v), "hint": hint,
                    "signature": str(sigs.get(key, ""))})
    return out


# --------------------------------------------------------------------------- render


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.render", "templates"),
        autoescape=True,  # explicit: "report.html.j2" would escape nothing under select_autoescape()
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    base = resources.files("pipeline.render") / "templates"
    return (base / "report.css").read_text(encoding="utf-8"), (base / "report.js").read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _filter_css(severities: Iterable[str], types: Iterable[str]) -> str:
    """Rules that hide highlights and list items of unchecked severities and types."""
    sel_m = [f"body.hs-{s} mark.sev-{s}" for s in severities] + [f"body.ht-{t} mark.type-{t}" for t in types]
    sel_i = [f'body.hs-{s} .item[data-sev="{s}"]' for s in severities] + [
        f'body.ht-{t} .item[data-type="{t}"]' for t in types]
    return (
        "\n/* filters */\n" + ",\n".join(sel_m)
        + " {background: none !important; box-shadow: none !important; text-decoration: none !important;"
        " outline: none !important; padding: 0; cursor: auto;}\n"
        + ",\n".join(m + ".point" for m in sel_m) + " {display: none !important;}\n"
        + ",\n".join(sel_i) + " {display: none !important;}\n"
    )


ORDERS = ("severity", "document")


def render_html(report: Mapping[str, Any], *, title: str | None = None, order: str = "severity",
                texts: Mapping[str, str] | None = None) -> str:
    """The report as one self-contained HTML page (UTF-8 text).

    ``report`` is the schema dict (``Report.to_dict()`` or a loaded JSON report);
    ``order`` is the divergence list's first order, ``"severity"`` (worst first) or
    ``"document"``; the page has a toggle for the other. ``texts`` maps ``"original"``
    and ``"repost"`` to the files' text: the list then locates each divergence by
    ``line:column`` as the text report does (without it, by 1-based sentence number).
    """
    if order not in ORDERS:
        raise ArgumentError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
    view = _build(report, order, texts)
    counts = _counts(report, view["items"])
    css, js = _static()
    css += _filter_css([s["slug"] for s in counts["severities"]], [t["slug"] for t in counts["types"]])
    o_path = str(_map(report.get("original")).get("path") or "original")
    r_path = str(_map(report.get("repost")).get("path") or "repost")
    rows = view["rows"]
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    signature = _map(report.get("signature"))
    models = signature.get("models")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    html = _env().get_template("report.html.j2").render(
        title=title or f"mtaudit · {_basename(r_path)} vs {_basename(o_path)}",
        csp=csp,
        css=Markup(css),  # our own static files, not document text
        js=Markup(js),
        o_path=o_path, r_path=r_path, o_name=_basename(o_path), r_name=_basename(r_path),
        scores=_scores(report),
        counts=counts,
        rows=rows,
        items=view["items"],
        doc_order=order == "document",
        line_column=bool(texts),
        n_orig=len(view["orig"]), n_rep=len(view["rep"]),
        n_foreign=sum(1 for s in view["rep"].values() if _shows_translation(s)),
        kinds=sorted(kinds.items(), key=lambda kv: -kv[1]),
        schema_version=report.get("schema_version"),
        version=str(signature.get("mtaudit") or ""),
        models=[str(m.get("id", m)) if isinstance(m, Mapping) else str(m) for m in models]
        if isinstance(models, (list, tuple)) else [],
        tm=str(signature.get("tm") or ""),
    )
    return html


def _basename(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1] or path
