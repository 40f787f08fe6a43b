"""Text and Markdown reports lead with what matters: worst first, located, explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import Options, audit
from pipeline.cli import main
from pipeline.errors import ArgumentError
from pipeline.render.text import LEGEND, Lines, render_markdown, render_text

from conftest import EXAMPLES

ORIGINAL, REPOST, TM = EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt", EXAMPLES / "repost.tm.tsv"
_ITEM = re.compile(r"^  (\w[\w-]*) +original (\S+) +repost (\S+)(?: |$)")


@pytest.fixture(scope="module")
def example() -> tuple[dict, dict[str, str]]:  # type: ignore[type-arg]
    report = audit(ORIGINAL, REPOST, Options(tm_file=TM, use_cache=False))
    return report.to_dict(), {"original": report.original.text, "repost": report.repost.document.text}


def _line_col(text: str, offset: int) -> str:
    before = text[:offset]
    return f"{before.count(chr(10)) + 1}:{offset - (before.rfind(chr(10)) + 1) + 1}"


def test_lines_match_a_plain_count() -> None:
    text = "ab\ncd\n\nef"
    assert [Lines.of(text).at(i) for i in range(len(text))] == [_line_col(text, i) for i in range(len(text))]


def test_example_lists_the_critical_item_first_located_in_both_files(example) -> None:  # type: ignore[no-untyped-def]
    data, texts = example
    out = render_text(data, width=120, texts=texts)
    items = [m.groups() for m in map(_ITEM.match, out.splitlines()) if m]
    assert len(items) == len(data["divergences"])  # min_severity info: everything listed
    [critical] = [d for d in data["divergences"] if d["severity"] == "critical"]
    assert out.index("CRITICAL (1)") < out.index("MAJOR (") < out.index("MINOR (") < out.index("INFO (")
    kind, original_at, repost_at = items[0]
    assert kind == critical["type"] == "negation"
    assert original_at == _line_col(texts["original"], critical["original"]["start"])
    assert repost_at == _line_col(texts["repost"], critical["repost"]["start"])
    # The location points at the words themselves.
    line, col = map(int, original_at.split(":"))
    assert texts["original"].splitlines()[line - 1][col - 1:].startswith(critical["original"]["text"])


def test_translated_sentences_show_their_english_and_symbols_are_explained(example) -> None:  # type: ignore[no-untyped-def]
    data, texts = example
    out = render_text(data, width=200, texts=texts)
    # The assistant-minister entity change: an Indonesian sentence the TM put into English.
    [entity] = [d for d in data["divergences"] if d["type"] == "entity" and "Asisten" in d["repost"]["text"]]
    block = out[out.index(entity["repost"]["text"]):]
    assert entity["translation"] and f"English:  {entity['translation']['text']}" in [line.strip() for line in block.splitlines()[1:3]]
    approximate = [d for d in data["divergences"] if d.get("approximate")]
    assert bool(approximate) == (" ~\n" in out) and LEGEND in out
    assert "~ = approximate" in LEGEND and "— = nothing on that side" in LEGEND


def test_min_severity_counts_what_it_hides(example) -> None:  # type: ignore[no-untyped-def]
    data, texts = example
    out = render_text(data, width=120, min_severity="major", texts=texts)
    counts = data["counts"]["severity"]
    hidden = counts.get("minor", 0) + counts.get("info", 0)
    assert "MINOR (" not in out and "INFO (" not in out
    assert f"{hidden} item(s) below major not shown" in out
    with pytest.raises(ArgumentError, match="use one of critical, major, minor, info"):
        render_text(data, min_severity="bogus")


def test_markdown_is_worst_first_and_located(example) -> None:  # type: ignore[no-untyped-def]
    data, texts = example
    out = render_markdown(data, texts=texts, min_severity="minor")
    rows = [line for line in out.splitlines() if line.startswith("| ") and line.count("|") == 8][1:]
    assert rows[0].startswith("| critical | negation |")
    [critical] = [d for d in data["divergences"] if d["severity"] == "critical"]
    assert f"| {_line_col(texts['original'], critical['original']['start'])} |" in rows[0]
    assert f"{data['counts']['severity']['info']} item(s) below minor not shown" in out


def test_cli_hides_minor_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    args = ["audit", str(ORIGINAL), str(REPOST), "--tm", str(TM), "--no-cache", "--format", "text"]
    monkeypatch.setattr("pipeline.commands._stdout_is_terminal", lambda: True)
    assert main(args) == 0
    terminal = capsys.readouterr().out
    assert "below major not shown" in terminal and "MINOR (" not in terminal
    assert main([*args, "-o", str(tmp_path / "r.txt")]) == 0
    assert "MINOR (" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert main([*args, "--min-severity", "critical"]) == 0
    assert "MAJOR (" not in capsys.readouterr().out
