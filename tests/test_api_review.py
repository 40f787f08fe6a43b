"""A library user's and a batch user's review (tenth round): a damaged model file, added
sentences and the chrF gate, a short English line among another script's lines, strings
no UTF-8 file can hold. Each case failed on 27a161c."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.cli import main
from pipeline.errors import ArgumentError
from pipeline.text.segment import segment
from pipeline.translation.models import MODEL_UNAVAILABLE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORIGINAL = EXAMPLES / "original.en.txt"
INDONESIAN = "Negara-negara pesisir sepakat untuk mendanai jaringan titik pengumpulan sampah di pelabuhan."


def test_a_damaged_model_file_flags_its_sentences_and_the_run_goes_on(tmp_path: Path, model_dir: Path) -> None:
    # A truncated model.safetensors raised SafetensorError out of the run: no output at all.
    damaged = tmp_path / "models"
    shutil.copytree(model_dir, damaged)
    (weights,) = damaged.glob("*/model.safetensors")
    weights.write_bytes(weights.read_bytes()[:1000])
    english = [line for line in ORIGINAL.read_text(encoding="utf-8").splitlines() if len(line.split()) > 6][:6]
    source = tmp_path / "doc.txt"
    source.write_text("\n\n".join([*english, INDONESIAN]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(source), "-o", str(out), "--format", "jsonl", "--no-cache", "-q",
                 "--model-dir", str(damaged)])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code == 1 and [r["text"] for r in records] == [s.text for s in segment(source.read_text(encoding="utf-8"))]
    flagged = [r for r in records if r.get("flag")]
    assert [r["text"] for r in flagged] == [INDONESIAN] and flagged[0]["flag"].startswith(MODEL_UNAVAILABLE)


def test_added_sentences_count_against_chrf(tmp_path: Path) -> None:
    # sacrebleu's chrF skips a segment whose reference is empty: eight sentences slipped
    # into a faithful copy scored 100 and passed --min-chrf 99.
    added = [f"Unrelated claim number {n} says the minister secretly owns several shipping companies." for n in range(8)]
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(ORIGINAL.read_text(encoding="utf-8") + "\n" + "\n\n".join(added) + "\n", encoding="utf-8")
    result = pipeline.score(ORIGINAL, hyp, thresholds={"min_chrf": 99})
    assert result.failures and result.chrf < 95, result
    same = pipeline.score(ORIGINAL, ORIGINAL, thresholds={"min_chrf": 99})
    assert not same.failures and same.chrf == 100.0


@pytest.mark.parametrize("other", ["总统周二在北京会见了部长们。", "الرئيس التقى بالوزراء يوم الثلاثاء.",
                                   "Президент встретился с министрами во вторник."])
def test_a_short_english_line_among_another_scripts_lines_is_english(other: str) -> None:
    # It took its neighbour's language (nothing in Latin script was judged) and went to its model.
    found = pipeline.identify(f"{other}\n\nPrices rose.")
    assert [s.lang for s in found][1] == "en"
    # A name or an acronym alone still goes with its neighbours: it has no language of its own.
    assert [s.lang for s in pipeline.identify(f"{other}\n\nUNESCO")][1] != "en"


def test_a_lone_surrogate_in_an_api_string_is_a_replacement_character() -> None:
    # A raw UnicodeEncodeError came out of segmentation.
    found = pipeline.identify("Hello \ud800 world. This is a test.")
    assert [s.text for s in found] == ["Hello \ufffd world.", "This is a test."]


@pytest.mark.parametrize("kwargs", [{"device": "gpu"}, {"compute_type": "int4"}, {"use_cache": "no"},
                                    {"strict": 1}, {"assume_english": "yes"}])
def test_options_refuse_what_no_run_could_use(kwargs: dict[str, object]) -> None:
    # They were accepted: a run then failed naming a config table or a CLI flag, or
    # ("no") took the string for true and wrote the cache.
    with pytest.raises(ArgumentError, match=f"Options.{next(iter(kwargs))}"):
        pipeline.Options(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "named"), [({"input_format": "JSONL"}, "input_format"),
                                               ({"text_field": 5}, "text_field")])
def test_index_refuses_an_unknown_format_or_field(tmp_path: Path, kwargs: dict[str, object], named: str) -> None:
    # "JSONL" indexed the raw feed as one text document; a field 5 failed every record.
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "The ministers met on Tuesday."}\n', encoding="utf-8")
    with pytest.raises(ArgumentError, match=named):
        pipeline.index(feed, tmp_path / "i.idx", **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "i.idx").exists()


def test_a_gzip_compressed_input_is_read_decompressed(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # "binary data (byte 0x1f at offset 0), not text" named no gzip; then "decompress it first", whose
    # advice (`zcat feed.jsonl.gz | mtaudit translate -`) read the JSON as plain text: index reads
    # .jsonl.gz, translate now does too, and a gzip stream on standard input.
    import gzip

    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(gzip.compress(b'{"id": "a", "text": "The ministers met on Tuesday."}\n'))
    assert main(["translate", str(feed), "--format", "jsonl", "-q"]) == 0
    out = capfd.readouterr().out
    assert [(r["doc"], r["text"]) for r in map(json.loads, out.splitlines())] == [("a", "The ministers met on Tuesday.")]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(feed.read_bytes()[:-6])
    assert main(["translate", str(cut), "-q"]) == 2
    assert "gzip data cut short or damaged" in capfd.readouterr().err


def test_an_empty_feed_says_so_and_succeeds(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # It exited 0 without a word (an empty text file is an error, exit 2: no text to translate).
    feed = tmp_path / "feed.jsonl"
    feed.write_text("", encoding="utf-8")
    assert main(["translate", str(feed), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "no documents in" in caplog.text


def test_index_takes_any_iterable_of_paths(tmp_path: Path) -> None:
    # The argument check of this round refused a generator (a glob) and a set.
    (tmp_path / "a.txt").write_text("The ministers met on Tuesday in Brussels.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Prices rose in March, the agency said.\n", encoding="utf-8")
    stats = pipeline.index(tmp_path.glob("*.txt"), tmp_path / "i.idx")
    assert stats.added == 2
