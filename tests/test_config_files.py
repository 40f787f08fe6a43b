"""Files a run is configured with (settings, thresholds, registry, TM, manifest): a bad one
is a one-line usage error naming the file (and line), never a traceback, and never a
silent change of behaviour (a misspelt registry key, a TM line with an empty side)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPOST = str(EXAMPLES / "repost.id.txt")


def _fails(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    capsys.readouterr()
    assert main([*argv, "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err, err


def test_a_settings_file_that_is_a_directory_or_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[identify]\n# caf\xe9\n'.encode("latin-1"))
    for option in ("--config", "--registry"):
        _fails(capsys, ["translate", REPOST, option, str(tmp_path)], "is a directory, not a TOML file")
        _fails(capsys, ["translate", REPOST, option, str(latin1)], "not UTF-8 text")
    _fails(capsys, ["score", str(EXAMPLES / "original.en.txt"), REPOST, "--thresholds", str(tmp_path)],
           "is a directory")


def test_a_misspelt_or_empty_registry_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = tmp_path / "registry.toml"
    registry.write_text('[languages.de]\nmodle = "Helsinki-NLP/opus-mt-de-en"\n', encoding="utf-8")
    _fails(capsys, ["translate", REPOST, "--registry", str(registry)], "[languages.de]")
    registry.write_text('[languages.de]\nmodel = "Helsinki-NLP/opus-mt-de-en"\nlicense = "x"\n', encoding="utf-8")
    _fails(capsys, ["translate", REPOST, "--registry", str(registry)], "unknown key(s) license")
    registry.write_text('[langauges.de]\nmodel = "Helsinki-NLP/opus-mt-de-en"\n', encoding="utf-8")
    _fails(capsys, ["translate", REPOST, "--registry", str(registry)], "unknown table(s) langauges")
    registry.write_text("", encoding="utf-8")
    _fails(capsys, ["translate", REPOST, "--registry", str(registry)], "nothing could be translated")


def test_a_tm_line_with_an_empty_side_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tm = tmp_path / "tm.tsv"
    tm.write_text("Menteri mengatakan bahwa biaya naik.\tThe minister said costs rose.\n"
                  "Kapal besar membayar lebih banyak tahun ini.\t\n", encoding="utf-8")
    _fails(capsys, ["translate", REPOST, "--tm", str(tm)], f"{tm}:2: the English side is empty")


def test_a_short_manifest_row_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("source,translated\na.txt,b.txt\nonlyonecol\n", encoding="utf-8")
    _fails(capsys, ["score", "--pairs", str(manifest)], f"{manifest}:3: a row needs two paths")
    manifest.write_text("source,translated\n,\n", encoding="utf-8")
    _fails(capsys, ["score", "--pairs", str(manifest)], f"{manifest}:2: a row needs two paths")
