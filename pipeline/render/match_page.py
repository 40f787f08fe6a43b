"""The index page of ``mtaudit match --audit DIR``: one row per audited pair, linking its report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any


def audit_index_page(rows: Sequence[Mapping[str, Any]], done: bool = True, stopped: bool = False) -> str:
    """The index page of ``mtaudit match --audit DIR``: one line per audited pair, linking its page.

    Each row holds ``repost``, ``original``, ``confidence``, ``repost_share``,
    ``original_share``, ``divergences`` (a count), ``worst`` (a severity or None) and
    ``page`` (the file name of its report). The page is rewritten as pairs are done:
    until the run is ``done`` it says that more may come, or that the run ``stopped``.
    """
    status = ("" if done else "<p><strong>The run stopped before every repost was matched: the pairs audited "
              "until then.</strong></p>" if stopped else "<p>Run in progress: the pairs audited so far.</p>")
    lines = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>mtaudit match: audited pairs</title>",
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}"
        "tr:nth-child(even){background:#f4f4f4}</style></head><body>",
        f"<h1>Audited pairs ({len(rows)})</h1>", status,
        "<table><tr><th>repost</th><th>original</th><th>confidence</th><th>share of repost</th>"
        "<th>share of original</th><th>divergences</th><th>worst</th></tr>",
    ]
    for row in rows:
        lines.append(
            f"<tr><td>{escape(str(row['repost']))}</td>"
            f"<td><a href=\"{escape(str(row['page']))}\">{escape(str(row['original']))}</a></td>"
            f"<td>{float(row['confidence']):.2f}</td><td>{float(row['repost_share']):.0%}</td>"
            f"<td>{float(row['original_share']):.0%}</td><td>{int(row['divergences'])}</td>"
            f"<td>{escape(str(row['worst'] or '-'))}</td></tr>"
        )
    lines += ["</table></body></html>", ""]
    return "\n".join(lines)
