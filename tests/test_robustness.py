"""Issue 7: hostile input gets a result or a clear one-line error, and nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from pipeline.cli import main
from pipeline.io.inputs import decode
from pipeline.text.segment import segment


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _translate_jsonl(tmp_path: Path, content: bytes, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(doc), "--format", "jsonl", "-o", str(out), "--no-cache", "-q", *extra])
    text = decode(content, "doc") if code == 0 else ""
    return code, _records(out) if out.exists() else [], text


# --- segmentation never loses or invents text ---------------------------------------

_ALPHABET = st.sampled_from(
    list("abc XYZ.!?,;:\"'“”«»()-–—\n\r\t") + ["\u00a0", "\u200b", "\u200d", "\u202f", "\ufeff", "é", "ß",
                                              "я", "ع", "ש", "中", "。", "🎉", "1", "2,033", "Mr.", "Aug. 18"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_segmentation_offsets_reproduce_the_input(text: str) -> None:
    cursor = 0
    for s in segment(text):
        assert text[s.start : s.end] == s.text and s.text.strip()
        assert not text[cursor : s.start].strip(), "only whitespace may fall between sentences"
        cursor = s.end
    assert not text[cursor:].strip()


# --- encodings and odd characters ---------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffThe first line.\r\nThe second line.\r\n".encode(),  # BOM + CRLF
        "A non\u00a0breaking space. Zero\u200bwidth and joiner\u200d here.\n".encode(),
        "Emoji 🎉🚢 in a sentence. Another one 👍.\n".encode(),
        '<div class="paragraphs"><p>Raw &nbsp;HTML</p></div>\nPlain text after it.\n'.encode(),
    ],
)
def test_odd_but_valid_text_keeps_offsets(tmp_path: Path, content: bytes) -> None:
    code, records, text = _translate_jsonl(tmp_path, content)
    assert code == 0 and records
    assert not text.startswith("\ufeff"), "the BOM is not part of the text offsets refer to"
    for r in records:
        assert text[int(r["start"]) : int(r["end"])] == r["text"]  # type: ignore[call-overload]
        assert r["route"] == "passthrough" and r["translation"] == r["text"]
    joined = "".join(str(r["text"]) for r in records)
    assert "".join(joined.split()) == "".join(text.split()), "every non-space character is in a sentence"


def test_crlf_is_kept_in_text_output(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"Line one.\r\nLine two.\r\n\r\nLine three.\r\n")
    out = tmp_path / "out.txt"
    assert main(["translate", str(doc), "-o", str(out), "--no-cache", "-q"]) == 0
    assert out.read_bytes() == doc.read_bytes()


def test_right_to_left_without_a_route_is_passed_through_and_flagged(tmp_path: Path) -> None:
    registry = tmp_path / "registry.toml"
    registry.write_text('[fallback]\nmodel = ""\n', encoding="utf-8")
    content = "مرحبا بكم في المدينة الكبيرة اليوم. The council met on Tuesday.\n".encode()
    code, records, text = _translate_jsonl(tmp_path, content, "--registry", str(registry))
    assert code == 0 and len(records) == 2
    arabic, english = records
    assert arabic["lang"] == "ar" and arabic["route"] == "untranslatable" and arabic["translation"] == arabic["text"]
    assert "no translation model" in str(arabic["flag"])
    assert english["route"] == "passthrough"


def test_audit_of_empty_repost_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    code = main(["audit", str(EXAMPLES / "original.en.txt"), str(empty), "--no-cache", "-o", str(tmp_path / "r.json")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "empty document" in err
    assert not (tmp_path / "r.json").exists()


def test_missing_and_directory_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", str(tmp_path / "nope.txt"), "--no-cache", "-q"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["translate", str(tmp_path), "--no-cache", "-q"]) == 2  # a directory is read: nothing in it
    assert "a directory with no file to read" in capsys.readouterr().err


def test_max_chars_fails_one_document_and_the_batch_completes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "small", "text": "The council met on Tuesday."}) + "\n"
        + json.dumps({"id": "big", "text": "The council met again. " * 50}) + "\n"
        + json.dumps({"id": "after", "text": "It adjourned on Wednesday."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(feed), "--format", "jsonl", "-o", str(out), "--no-cache", "-q", "--max-chars", "200"])
    assert code == 1
    records = _records(out)
    assert [r["doc"] for r in records] == ["small", "big", "after"]
    assert "over the limit of 200" in str(records[1]["error"])


def test_ten_megabyte_single_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "huge.txt"
    doc.write_text("kata " * 2_000_000, encoding="utf-8")  # 10 MB, no line break, no full stop
    assert main(["translate", str(doc), "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "10,000,000 characters, over the limit" in err
    # The segmenter itself copes with such a line: one sentence, offsets intact.
    text = doc.read_text(encoding="utf-8")
    sentences = segment(text)
    assert len(sentences) == 1 and sentences[0].text == text.strip()
