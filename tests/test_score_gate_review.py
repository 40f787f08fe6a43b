"""The CI gate as a team wiring it in meets it (round 13's review): a mistyped thresholds
file may not leave the gate open, a failed ``--fail-on`` names the divergences that failed
it at their lines, every output stays valid whatever the text holds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES
from pipeline.cli import main

ORIGINAL = EXAMPLES / "original.en.txt"
REPOST = EXAMPLES / "repost.id.txt"
TM = EXAMPLES / "repost.tm.tsv"


def _score(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["score", *args, "--no-cache"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("toml", ["[threshold]\nmin_chrf = 99\n", "min_chrf = 99\n", "[identify]\nmin_words = 3\n"])
def test_a_thresholds_file_without_its_table_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        toml: str) -> None:
    path = tmp_path / "ci.toml"
    path.write_text(toml, encoding="utf-8")
    code, _, err = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(ORIGINAL), "--thresholds", str(path))
    assert code == 2 and "[thresholds]" in err


def test_a_configuration_file_holding_the_thresholds_table_is_read(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "all.toml"
    path.write_text("[identify]\nmin_words = 3\n\n[thresholds]\nmin_chrf = 100\n", encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(ORIGINAL.read_text(encoding="utf-8").replace("14 countries", "15 countries"), encoding="utf-8")
    code, out, _ = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(edited), "--thresholds", str(path), "-q")
    assert code == 1 and "< 100" in out


def test_no_threshold_at_all_warns_that_nothing_can_fail(capsys: pytest.CaptureFixture[str],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    code, _, _ = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(ORIGINAL))
    assert code == 0 and "no threshold" in caplog.text


def test_fail_on_names_each_divergence_at_its_line_in_every_format(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = [str(ORIGINAL), str(REPOST), "--tm", str(TM), "--fail-on", "critical", "-q"]
    junit = tmp_path / "j.xml"
    code, out, _ = _score(capsys, *base, "--format", "github", "--junit", str(junit))
    assert code == 1
    # The example's critical change is the negation on line 12 of the repost.
    assert any(line.startswith(f"::error file={REPOST},line=12,title=mtaudit critical negation::")
               for line in out.splitlines()), out
    # No score failed: the lowest-scoring lines are not annotated (they were five errors on faithful lines).
    assert "low fidelity" not in out
    failure = ET.parse(junit).getroot().find("testcase/failure")
    assert failure is not None and "line 12: critical negation" in (failure.text or "")
    code, out, _ = _score(capsys, *base, "--format", "json")
    [doc] = json.loads(out)["documents"]
    assert [(b["line"], b["severity"], b["type"]) for b in doc["blocking"]] == [(12, "critical", "negation")]
    code, out, _ = _score(capsys, *base)
    assert "line 12: critical negation:" in out


def test_junit_stays_valid_xml_with_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = tmp_path / "ctrl.txt"
    hyp.write_text(ORIGINAL.read_text(encoding="utf-8").replace("Container ships", "Container\x0b boats\x0c"), encoding="utf-8")
    junit = tmp_path / "j.xml"
    code, _, _ = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(hyp), "--min-chrf", "100", "--junit",
                        str(junit), "-q")
    assert code == 1
    ET.parse(junit)  # raises on an invalid character


def test_thresholds_compare_the_scores_as_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    edited = tmp_path / "edited.txt"
    edited.write_text(ORIGINAL.read_text(encoding="utf-8").replace("14 countries", "15 countries"), encoding="utf-8")
    _, out, _ = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(edited), "--format", "json", "-q")
    chrf = json.loads(out)["documents"][0]["chrf"]
    code, out, _ = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(edited), "--min-chrf", str(chrf), "-q")
    assert code == 0, out  # "chrF 98.76 < 98.76" never fails


def test_manifest_header_with_a_bom_or_spaces_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, head in (("bom.csv", "\ufeffsource,translated"), ("spaces.csv", "source, translated")):
        manifest = tmp_path / name
        manifest.write_text(f"{head}\n{ORIGINAL},{ORIGINAL}\n", encoding="utf-8")
        code, out, _ = _score(capsys, "--pairs", str(manifest), "--min-chrf", "50", "-q")
        assert code == 0 and out.startswith("PASS"), out


def test_an_unscorable_document_says_why_on_stderr_and_has_no_made_up_scores(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _score(capsys, "--ref", str(ORIGINAL), "--hyp", str(tmp_path / "nope.txt"), "--format", "json")
    assert code == 2 and "nope.txt" in err
    [doc] = json.loads(out)["documents"]
    assert (doc["bleu"], doc["chrf"], doc["ter"]) == (None, None, None) and doc["error"]


@pytest.mark.parametrize("args", [
    ["--ref", str(ORIGINAL), "--hyp", str(ORIGINAL), str(ORIGINAL)],  # a stray path was ignored
    ["--pairs", "m.csv", "--baseline", str(ORIGINAL)],  # one baseline for every row
])
def test_arguments_that_would_be_ignored_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _score(capsys, *args)[0] == 2
