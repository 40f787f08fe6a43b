"""What a user found in a first hour (round 13): a broken translation model made the bundled
example read as "not versions of each other", with no word of the translator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from pipeline.cli import main


def test_an_unrelated_verdict_names_a_translator_whose_every_output_failed(
        model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The tests' model has random weights: every translation fails its checks.
    out = tmp_path / "report.json"
    main(["audit", str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "repost.id.txt"), "--model-dir", str(model_dir),
          "--no-cache", "-q", "-o", str(out)])
    found = json.loads(out.read_text(encoding="utf-8"))["divergences"]
    [unrelated] = [d for d in found if d["type"] == "unrelated"]
    assert "machine translations failed their checks" in unrelated["message"]
    assert any(d["type"] == "mt-error" for d in found)  # the translator's failures stay in the report


def test_the_text_report_shows_a_long_message_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The verdict on two unrelated articles lost its figures to the line's width ("covers 0% of…").
    original, repost = tmp_path / "a.txt", tmp_path / "b.txt"
    original.write_text("The central bank raised its main interest rate by half a point on Tuesday. "
                        "Economists had expected the move after inflation rose again in March.\n", encoding="utf-8")
    repost.write_text("Heavy rain flooded roads across the northern province over the weekend. "
                      "Rescue teams evacuated hundreds of families from low-lying villages.\n", encoding="utf-8")
    main(["audit", str(original), str(repost), "--format", "text", "--no-cache", "-q"])
    out = capsys.readouterr().out
    assert "the original" in out and "of the repost" in out and "…" not in out.split("unrelated")[1].split("\n\n")[0]


def test_a_value_across_a_line_break_is_quoted_as_a_reader_sees_it() -> None:
    import pipeline

    report = pipeline.audit("o", "r", original_text="The index rose 5\npct on Monday, the ministry said.",
                            repost_text="The index rose 6 pct on Monday, the ministry said.")
    [number] = [d for d in report.divergences if d.type == "number"]
    assert "\\n" not in number.message and "'5 pct'" in number.message
