"""``mtaudit audit -o report.html`` writes HTML, as ``translate -o x.jsonl`` writes JSONL (it wrote JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from pipeline.cli import main


@pytest.mark.parametrize("name, check", [
    ("report.html", lambda text: text.lstrip().lower().startswith("<!doctype html")),
    ("report.md", lambda text: text.lstrip().startswith("#")),
    ("report.json", lambda text: isinstance(json.loads(text), dict)),
    ("report.out", lambda text: isinstance(json.loads(text), dict)),  # an unknown suffix: JSON, as before
])
def test_the_output_suffix_picks_the_report_format(tmp_path: Path, name: str, check: object) -> None:
    out = tmp_path / name
    code = main(["audit", str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "repost.id.txt"),
                 "--tm", str(EXAMPLES / "repost.tm.tsv"), "--no-cache", "-q", "-o", str(out)])
    assert code == 0
    assert callable(check) and check(out.read_text(encoding="utf-8"))
