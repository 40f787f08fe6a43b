"""Files from Windows tools: byte-order marks honoured, other encodings named (issue 22)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from pipeline.cli import main
from pipeline.io.inputs import decode_text

TEXT = EXAMPLES.joinpath("repost.id.txt").read_text(encoding="utf-8")
TM = EXAMPLES / "repost.tm.tsv"


@pytest.mark.parametrize("encoding, data", [
    ("UTF-8", TEXT.encode("utf-8")),
    ("UTF-8 with BOM", TEXT.encode("utf-8-sig")),
    ("UTF-16LE", TEXT.encode("utf-16-le").join([b"\xff\xfe", b""])),
    ("UTF-16BE", TEXT.encode("utf-16-be").join([b"\xfe\xff", b""])),
    ("UTF-32LE", TEXT.encode("utf-32")),
])
def test_a_byte_order_mark_selects_the_encoding(encoding: str, data: bytes) -> None:
    assert decode_text(data, "doc") == (TEXT, encoding)


def test_offsets_of_a_utf16_file_are_exact_into_its_text(tmp_path: Path) -> None:
    doc = tmp_path / "repost.txt"
    doc.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(doc), "--tm", str(TM), "--format", "jsonl", "-o", str(out), "--no-cache", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(TEXT[r["start"]:r["end"]] == r["text"] for r in records)


@pytest.mark.parametrize("data, named", [
    (TEXT.encode("utf-16-le"), "looks like UTF-16LE without a byte-order mark"),
    (TEXT.encode("utf-16-be"), "looks like UTF-16BE without a byte-order mark"),
    ("Café au lait, naïve façade — déjà vu. Ça coûte 3 €.".encode("cp1252"), "it looks like WINDOWS-1252"),
    ("Новости дня: президент встретился с министрами в Москве во вторник.".encode("cp1251"),
     "it looks like WINDOWS-1251"),
])
def test_another_encoding_is_named_with_the_remedy(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    data: bytes, named: str) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(data)
    assert main(["translate", str(doc), "--no-cache", "-q", "-o", str(tmp_path / "out.txt")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert named in line and "iconv -f " in line and "-t UTF-8" in line and "binary" not in line


def test_the_report_says_which_encoding_each_file_was_read_in(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    original = EXAMPLES / "original.en.txt"
    repost = tmp_path / "repost.txt"
    repost.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    out = tmp_path / "report.json"
    assert main(["audit", str(original), str(repost), "--tm", str(TM), "--no-cache", "-q",
                 "--format", "json", "-o", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["original"]["encoding"], report["repost"]["encoding"]) == ("UTF-8", "UTF-16LE")
    assert all(TEXT[s["start"]:s["end"]] == s["text"] for s in report["repost"]["sentences"])
    main(["audit", str(original), str(repost), "--tm", str(TM), "--no-cache", "-q", "--format", "text"])
    assert f"{repost} (read as UTF-16LE)" in capsys.readouterr().out
