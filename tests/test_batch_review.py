"""What a batch user found running feeds through ``mtaudit translate`` (twelfth round):
output formats, pipes, gzip feeds, directories, bad bytes and missing models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main


def test_an_output_named_jsonl_is_written_as_jsonl(tmp_path: Path) -> None:
    """``-o out.jsonl`` wrote text blocks ("==> doc <=="); Parquet was inferred, JSONL not."""
    source, out = tmp_path / "news.txt", tmp_path / "out.jsonl"
    source.write_text("Prices rose in March. The bank said so.\n", encoding="utf-8")
    assert main(["translate", str(source), "-o", str(out), "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == ["Prices rose in March.", "The bank said so."]


def test_a_directory_is_read_file_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"in/dir: is a directory, not a file", exit 2; ``index`` read directories."""
    feeds = tmp_path / "in"
    (feeds / "sub").mkdir(parents=True)
    (feeds / "b.txt").write_text("Prices rose in March.\n", encoding="utf-8")
    (feeds / "sub" / "a.jsonl").write_text('{"id": "x", "text": "The bank said so."}\n', encoding="utf-8")
    (feeds / ".hidden.txt").write_text("Not read.\n", encoding="utf-8")
    (feeds / "notes.bin").write_bytes(b"\x00\x01")
    assert main(["translate", str(feeds), "--format", "jsonl", "-q"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doc"], r["text"]) for r in records] == [(str(feeds / "b.txt"), "Prices rose in March."),
                                                        ("x", "The bank said so.")]


def test_a_stray_byte_costs_its_character_not_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """One byte that is not UTF-8 in a text file lost every sentence of it (exit 2)."""
    source = tmp_path / "de.txt"
    source.write_bytes("Die Regierung hat am Dienstag beschlossen, die Steuern zu senken. ".encode() * 4
                       + b"Der Minister sagte \x80 nichts dazu.\n")
    assert main(["translate", str(source), "--format", "jsonl", "-q", "--tm", str(_tm(tmp_path))]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 5 and records[-1]["text"] == "Der Minister sagte \ufffd nichts dazu."
    assert "1 byte(s) not UTF-8 at character offset(s) 283" in caplog.text


def _tm(tmp_path: Path) -> Path:
    tm = tmp_path / "tm.tsv"
    tm.write_text("Die Regierung hat am Dienstag beschlossen, die Steuern zu senken.\tThe government decided on "
                  "Tuesday to cut taxes.\nDer Minister sagte \ufffd nichts dazu.\tThe minister said nothing about it.\n",
                  encoding="utf-8")
    return tm


@pytest.mark.parametrize("data, says", [
    (b"Ich bin im Krankenhaus.\x00 Das ist gut.\n", "binary data (byte 0x00 at offset 23)"),  # was "UTF-16LE"
    (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "invalid UTF-8"),  # too many stray bytes: another encoding
])
def test_bytes_that_make_no_utf8_are_named_rightly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   data: bytes, says: str) -> None:
    source = tmp_path / "x.txt"
    source.write_bytes(data)
    assert main(["translate", str(source), "-q"]) == 2
    assert says in capsys.readouterr().err


def test_an_offline_first_run_needing_more_models_than_it_keeps_stops(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A document needing more models than ``--max-models`` keeps, none of them reachable
    (offline, no copy), came out untranslated with exit 1: the fail-fast rule counted only
    the models it had loaded first, and it loads none when they are more than it keeps."""
    source = tmp_path / "mixed.txt"
    source.write_text("Die Regierung hat am Dienstag beschlossen, die Steuern zu senken. "
                      "Правительство решило снизить налоги во вторник. "
                      "El gobierno decidió bajar los impuestos el martes.\n", encoding="utf-8")
    code = main(["translate", str(source), "--model-dir", str(tmp_path), "--max-models", "1", "--no-cache", "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not available offline" in err and "hf download" in err


def test_a_failed_document_keeps_its_place_in_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Text output left no trace of a document that failed (only stderr named it)."""
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text("Prices rose in March.\n", encoding="utf-8")
    empty.write_text("  \n", encoding="utf-8")
    assert main(["translate", str(good), str(empty), "-q"]) == 1
    out = capsys.readouterr().out
    assert out == (f"==> {good} <==\nPrices rose in March.\n"
                   f"==> {empty} <==\n[not translated: {empty}: empty document (no text to translate)]\n"), out


def test_a_record_with_an_unpaired_surrogate_keeps_its_id_and_clean_fields(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """It was named ``PATH:LINE`` with no fields: a join on id lost it."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "lone", "src": "wire", "note": "bad \\udc00", "text": "A lone surrogate \\ud800 here."}\n'
                    '{"id": "ok", "text": "Prices rose."}\n', encoding="utf-8")
    assert main(["translate", str(feed), "--format", "jsonl", "-q"]) == 1
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["doc"] == "lone" and first["fields"] == {"id": "lone", "src": "wire"} and "unpaired surrogate" in first["error"]


@pytest.mark.parametrize("line, says", [
    ('{"id": "a", "body": "Hello there."}', "field 'text' is missing (it has 'id', 'body': --text-field names another)"),
    ('{"id": "b", "text": 5}', "field 'text' is a number, not a string"),  # was "is a int"
])
def test_a_record_without_its_text_says_what_it_has(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    line: str, says: str) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(line + '\n{"id": "c", "text": "Prices rose."}\n', encoding="utf-8")
    assert main(["translate", str(feed), "--format", "jsonl", "-q"]) == 1
    assert says in json.loads(capsys.readouterr().out.splitlines()[0])["error"]


def test_markup_alone_and_zero_width_text_reach_no_model() -> None:
    """"</p>" split off an HTML line went to the German model; a document of zero-width
    characters and a BOM was labelled Arabic (U+FEFF sits in Arabic's presentation block)."""
    import pipeline
    from pipeline.translation.checks import has_letters

    assert not has_letters("</p>") and not has_letters("<br/>&nbsp;") and has_letters("<p>Ja.")
    text = "\u200b\u200b\ufeff"
    assert [s.lang for s in pipeline.identify(text, pipeline.Options())] == ["und"]


def test_an_id_used_twice_is_warned_of(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Two records named "ok1" came out indistinguishable, without a word."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "ok1", "text": "Prices rose."}\n{"id": "ok1", "text": "Prices fell."}\n', encoding="utf-8")
    assert main(["translate", str(feed), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "ok1: a second document of that name" in caplog.text
