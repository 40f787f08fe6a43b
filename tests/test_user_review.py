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
