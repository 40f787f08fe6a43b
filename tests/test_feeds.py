"""Feed formats for ``translate``: RSS and Atom items, Parquet in and out."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.io.inputs import html_to_text, iter_feed, iter_parquet
from pipeline.io.outputs import record_from_parquet_row

FIXTURES = Path(__file__).parent / "fixtures"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _translate(args: list[str], model_dir: Path) -> int:
    return main(["translate", *args, "--no-cache", "-q", "--model-dir", str(model_dir)])


def test_rss_items_translate_to_jsonl_with_ids_links_and_dates(tmp_path: Path, model_dir: Path) -> None:
    out = tmp_path / "rss.jsonl"
    code = _translate([str(FIXTURES / "news.rss"), "--format", "jsonl", "-o", str(out)], model_dir)
    assert code == 1  # the third item has no text: reported, the others translated
    records = _jsonl(out)
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["doc"], []).append(r)
    assert list(by_doc) == ["kabar-2026-0301", "https://kabar.example/2026/03/pelabuhan-baru", "kabar-2026-0303"]

    first = by_doc["kabar-2026-0301"]
    assert [r["text"] for r in first] == [
        "Empat belas negara sepakat mendanai stasiun limbah",
        "Empat belas negara pesisir sepakat pada hari Selasa untuk mendanai jaringan stasiun pengumpulan limbah.",
        "Biayanya diperkirakan $3,2 miliar selama lima tahun.",
    ]
    assert all(r["fields"]["id"] == "kabar-2026-0301" for r in first)
    assert all(r["fields"]["link"] == "https://kabar.example/2026/03/stasiun-limbah" for r in first)
    assert all(r["fields"]["published"] == "2026-03-03T01:15:00Z" for r in first)  # +0700 in the feed, UTC here
    assert all(r["lang"] == "id" and r["route"] == "Helsinki-NLP/opus-mt-id-en" and r["translation"] for r in first)

    second = by_doc["https://kabar.example/2026/03/pelabuhan-baru"]
    assert "id" not in second[0]["fields"]  # no <guid>: named by its link
    assert second[0]["fields"]["published"] == "2026-03-04T10:00:00Z"
    texts = [r["text"] for r in second]
    assert "Stasiun pertama: Port Alder" in texts  # <content:encoded> preferred to <description>
    assert not any("track()" in t or "Ringkasan" in t for t in texts)  # scripts dropped; summary not used

    (empty,) = by_doc["kabar-2026-0303"]
    assert "has no title or content" in empty["error"]
    assert empty["fields"] == {"id": "kabar-2026-0303", "link": "https://kabar.example/2026/03/kosong"}


def test_atom_entries_translate_to_jsonl_with_ids_and_links(tmp_path: Path, model_dir: Path) -> None:
    out = tmp_path / "atom.jsonl"
    assert _translate([str(FIXTURES / "news.atom"), "--format", "jsonl", "-o", str(out)], model_dir) == 0
    records = _jsonl(out)
    docs = list(dict.fromkeys(r["doc"] for r in records))
    assert docs == ["tag:kabar.example,2026:0301", "tag:kabar.example,2026:0302"]
    for r in records:
        assert r["fields"]["id"] == r["doc"]
        assert r["fields"]["link"].startswith("https://kabar.example/2026/03/")
    first = [r for r in records if r["doc"] == docs[0]]
    assert first[0]["fields"]["published"] == "2026-03-03T01:15:00Z"
    assert first[0]["fields"]["updated"] == "2026-03-03T02:00:00Z"
    second = [r for r in records if r["doc"] == docs[1]]
    english = [r for r in second if r["text"] == "The plan was welcomed by shipping companies."]
    assert english and english[0]["route"] == "passthrough" and english[0]["translation"] == english[0]["text"]
    assert "published" not in second[0]["fields"] and second[0]["fields"]["updated"] == "2026-03-04T10:00:00Z"


def test_not_a_feed_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text("this is not xml at all", encoding="utf-8")
    assert main(["translate", str(bad), "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err
    assert "not an RSS or Atom feed" in err and str(bad) in err


def test_html_to_text_keeps_blocks_and_entities() -> None:
    assert html_to_text("<p>Satu &amp; dua</p><p>tiga<br>empat</p><style>p{}</style>") == "Satu & dua\n\ntiga\nempat"


def test_parquet_in_and_out_match_jsonl(tmp_path: Path, model_dir: Path) -> None:
    table = pa.table({
        "id": ["a", None, "c"],
        "body": ["Empat belas negara pesisir sepakat pada hari Selasa.", "The plan was welcomed.", None],
        "score": [1.5, 2.0, 3.0],
    })
    src = tmp_path / "feed.parquet"
    pq.write_table(table, src)
    records = list(iter_parquet(str(src), "body"))
    assert [r.doc for r in records] == ["a", f"{src}:2", "c"]
    assert records[2].error is not None and "is null" in records[2].error
    assert records[0].fields == {"id": "a", "score": 1.5}

    as_jsonl = tmp_path / "out.jsonl"
    as_parquet = tmp_path / "out.parquet"
    assert _translate([str(src), "--text-field", "body", "--format", "jsonl", "-o", str(as_jsonl)], model_dir) == 1
    assert _translate([str(src), "--text-field", "body", "-o", str(as_parquet)], model_dir) == 1  # format from suffix
    rows = pq.read_table(as_parquet).to_pylist()
    assert [record_from_parquet_row(r) for r in rows] == _jsonl(as_jsonl)
    assert any(r["error"] for r in rows) and any(r["translation"] for r in rows)


def test_parquet_missing_column_and_parquet_to_stdout_are_clear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "feed.parquet"
    pq.write_table(pa.table({"body": ["x"]}), src)
    assert main(["translate", str(src), "--no-cache", "-q"]) == 2
    assert "no column 'text' (columns: body); pick one with --text-field" in capsys.readouterr().err
    assert main(["translate", str(src), "--text-field", "body", "--format", "parquet", "--no-cache", "-q"]) == 2
    assert "needs an output file" in capsys.readouterr().err


def test_feed_reader_never_fetches_urls(tmp_path: Path) -> None:
    # A feed path that looks like a URL is a file name like any other: nothing is fetched.
    with pytest.raises(Exception, match="no such file"):
        list(iter_feed("https://kabar.example/feed.rss"))


# Lines a feed may carry that the JSON reader, a UTF-8 decoder or a UTF-8 writer cannot:
# each one an error record in its place, the other lines translated.
BAD_LINES = [
    (b'{"id":"lone","text":"A lone surrogate \\ud800 here."}', "unpaired surrogate"),
    (b'{"id":"deep","x":' + b"[" * 5000 + b"]" * 5000 + b',"text":"Deep."}', "nested too deeply"),
    (b'{"id":"nan","v":NaN,"text":"Not a number."}', "NaN is not a JSON value"),
    (b'{"id":"nul","text":null}', "field 'text' is null"),
]


def test_a_bad_line_is_an_error_record_and_the_feed_goes_on(tmp_path: Path) -> None:
    good = b'{"id":"%d","text":"The talks ended late on Tuesday."}'
    feed = tmp_path / "feed.jsonl"
    # A byte that is not UTF-8 is read as U+FFFD, as in a text file: the record keeps its id and
    # fields (the feed review: an error record named PATH:LINE lost both).
    latin1 = b'{"id":"latin1","text":"caf\xe9 au lait","src":"x"}'
    feed.write_bytes(b"\n".join([good % 0, *[line for line, _ in BAD_LINES], latin1, good % 1,
                                 b'{"id":null,"text":"x y"}']) + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(feed), "--format", "jsonl", "-o", str(out), "--no-cache", "-q"]) == 1
    records = _jsonl(out)  # valid JSON throughout: no NaN, no surrogate written back
    errors = [r["error"] for r in records if "error" in r]
    assert len(errors) == len(BAD_LINES) and all(says in error for error, (_, says) in zip(errors, BAD_LINES))
    translated = [r["doc"] for r in records if "error" not in r]
    assert translated[0] == "0" and translated[-1] == f"{feed}:{len(BAD_LINES) + 4}"  # a null id: PATH:LINE
    [kept] = [r for r in records if r["doc"] == "latin1"]
    assert kept["text"] == "caf\ufffd au lait" and kept["fields"] == {"id": "latin1", "src": "x"}
    index = tmp_path / "archive.db"  # an archive's JSONL is read the same way
    assert main(["index", str(feed), "-o", str(index), "-q"]) == 1


def test_a_feed_in_another_encoding_is_still_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "utf16.jsonl"
    feed.write_bytes('{"text":"Hello there, friends."}\n'.encode("utf-16"))
    assert main(["translate", str(feed), "--format", "jsonl", "--no-cache", "-q"]) in (0, 1)  # read as UTF-16 text
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"text":"a"}\n\x00\x01\x02\xff\n')
    capsys.readouterr()
    assert main(["translate", str(binary), "--format", "jsonl", "--no-cache", "-q"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1  # one line for the file, not one per line


def test_a_feed_cut_off_mid_item_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "cut.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                    "<title>The minister spoke today</title><description>&lt;p&gt;Costs rose again.&lt;/p&gt;",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(feed), "--format", "jsonl", "-o", str(out), "--no-cache", "-q"]) == 1
    records = _jsonl(out)
    assert records[0]["text"] == "The minister spoke today"  # what parsed is kept
    assert "ends before its closing tag" in records[-1]["error"] and "cut short" in records[-1]["error"]


def test_a_feed_the_loose_parser_recovers_whole_is_no_error(tmp_path: Path) -> None:
    # A stray "&" or an HTML entity makes the XML "not well-formed", but every item is read.
    feed = tmp_path / "amp.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                    "<item><title>AT&T results beat forecasts</title></item>"
                    "<item><title>First&nbsp;story of the day</title></item></channel></rss>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(feed), "--format", "jsonl", "-o", str(out), "--no-cache", "-q"]) == 0
    assert not [r for r in _jsonl(out) if "error" in r]


def test_a_feed_with_carriage_return_line_ends_is_read_line_by_line(tmp_path: Path) -> None:
    from pipeline.io.inputs import iter_jsonl

    feed = tmp_path / "cr.jsonl"
    feed.write_bytes(b'{"id":"a","text":"One."}\r{"id":"b","text":"Two."}\r')
    assert [(r.doc, r.text) for r in iter_jsonl(str(feed))] == [("a", "One."), ("b", "Two.")]
