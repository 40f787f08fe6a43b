"""What a robustness hunt found (round 13): a repost's control sequences obeyed by the
terminal, a JSONL number too large for a float written back as Infinity, a TM that
dropped '#' entries and took a line separator inside a sentence for a line's end, a
quadratic pattern on long lines."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.text.scripts import latin_mark
from pipeline.translation.tm import load_tm


def test_control_sequences_in_a_repost_are_shown_not_obeyed(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    original = tmp_path / "o.txt"
    repost = tmp_path / "r.txt"
    original.write_text("Prices rose 5 percent on Monday.\nThe minister said the plan works.\n", encoding="utf-8")
    repost.write_text("Prices rose 7 percent on Monday \x1b[2J\u202edone.\nThe minister said the plan works.\n",
                      encoding="utf-8")
    main(["audit", str(original), str(repost), "--format", "text", "--min-severity", "info", "--no-cache", "-q"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\u001b" in out and "\\u202e" in out


def test_a_json_number_too_large_for_a_float_is_an_error_record(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "The dog sleeps.", "score": 1e400}\n{"id": "b", "text": "The cat sleeps."}\n',
                    encoding="utf-8")
    assert main(["translate", str(feed), "--format", "jsonl", "-q", "--no-cache"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]  # strict: no Infinity
    assert "too large" in records[0]["error"] and records[1]["translation"] == "The cat sleeps."


def test_the_tm_reads_hash_entries_line_separators_and_warns_of_a_source_given_twice(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tm = tmp_path / "tm.tsv"
    tm.write_text("# a comment\n#Gempa: lima tewas.\t#Earthquake: five dead.\nSatu\u2028dua.\tOne\u2028two.\n"
                  "Anjing tidur.\tThe dog sleeps.\nAnjing tidur.\tThe cat is awake.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        memory = load_tm(tm)
    assert memory["#Gempa: lima tewas."] == "#Earthquake: five dead."
    assert memory["Satu dua."] == "One\u2028two."  # the key folds its whitespace, as every key does
    assert memory["Anjing tidur."] == "The cat is awake." and "given again" in caplog.text
    assert not any(key.startswith("# a") for key in memory)


def test_the_letter_pairs_are_read_over_the_whole_line() -> None:
    assert latin_mark("Eg eri glaður í dag, sigur hon við ø") == "fo"
    assert latin_mark("Þetta er ø og ð") is None  # Icelandic's þ: not Faroese
    assert latin_mark("Der Hund schläft und " * 50) is None
