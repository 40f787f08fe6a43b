"""scripts/bench_languages.py: its measures computed from what identification, routing and
the checks return, on a tiny sample written here (no ../shared)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bench_languages as bench
import pytest


@dataclass(frozen=True)
class Spec:
    model_id: str


class FakeRegistry:
    """A registry: de and nl have models of their own, the fallback covers ``covered``."""

    def __init__(self, covered: set[str] | None) -> None:
        self.languages = {"de": Spec("opus-de"), "nl": Spec("opus-nl"), "pt": Spec("romance"), "es": Spec("romance")}
        self.fallback = Spec("opus-mul")
        self.covered = covered

    def route(self, lang: str) -> Spec | None:
        if lang in ("en", "und"):
            return None
        if lang in self.languages:
            return self.languages[lang]
        return self.fallback if self.covered is None or lang in self.covered else None


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Failure:
    name: str
    message: str


def fake_identify(labels: dict[str, str]) -> bench.Identify:
    """Each line labelled as ``labels`` says (und otherwise), one sentence per line."""
    def identify(text: str) -> Sequence[Found]:
        found, at = [], 0
        for line in text.split("\n"):
            found.append(Found(at, at + len(line), labels.get(line, "und")))
            at += len(line) + 1
        return found
    return identify


def test_words_scripts_and_bands() -> None:
    assert bench.word_count("Tom needs water.") == 3
    assert bench.word_count("我该去睡觉了。") == 3  # six Han letters: two a word
    assert bench.word_count("彼は手紙を書く。") == 4
    assert bench.word_count("Tomは手紙を書く") == 1 + 3
    assert [bench.band(n) for n in (1, 3, 4, 8, 9)] == ["<=3", "<=3", "4-8", "4-8", ">8"]
    assert bench.script_of("Привет, Tom!") == "Cyrillic"
    assert bench.script_of("ผมหิว") == "Thai"
    assert bench.script_of("これは本") == "Kana"
    assert bench.script_of("123") == ""


def test_router_kinds_and_wrong_model() -> None:
    listed = bench.Router(FakeRegistry({"cs"}))
    assert (listed.kind("de"), listed.kind("cs"), listed.kind("fi")) == ("own", "fallback", "none")
    assert listed.fallback_listed and listed.routed("cs") and not listed.routed("fi")
    unlisted = bench.Router(FakeRegistry(None))  # a fallback taking any code declares no list
    assert unlisted.kind("fi") == "fallback" and not unlisted.fallback_listed and not unlisted.routed("fi")
    assert unlisted.routed("de")
    assert listed.wrong_model("cs", "de")  # another language's dedicated model
    assert not listed.wrong_model("cs", "fi") and not listed.wrong_model("cs", "en") and not listed.wrong_model("de", "de")
    assert not listed.wrong_model("es", "pt")  # the same model: not a wrong one
    assert listed.wrong_model("nl", "de")


def sample_language(tmp_path: Path, code3: str, pairs: list[tuple[str, str]]) -> bench.Language:
    folder = tmp_path / "tatoeba"
    folder.mkdir(exist_ok=True)
    (folder / f"tatoeba.{code3}-eng.{code3}").write_text("".join(s + "\n" for s, _ in pairs), encoding="utf-8")
    (folder / f"tatoeba.{code3}-eng.eng").write_text("".join(e + "\n" for _, e in pairs), encoding="utf-8")
    languages, _ = bench.tatoeba_languages(folder)
    return next(lang for lang in languages if lang.code3 == code3)


GERMAN = [("Ich bin müde.", "I am tired."),
          ("Der Hund schläft im Garten.", "The dog sleeps in the garden."),
          ("Wir gehen morgen mit den Kindern in den großen Park.", "Tomorrow we go to the big park with the children."),
          ("Das Haus ist alt und sehr klein.", "The house is old and very small.")]


def test_measure_language_counts_what_identification_and_checks_return(tmp_path: Path) -> None:
    german = sample_language(tmp_path, "deu", GERMAN)
    assert (german.lang, german.name) == ("de", "German")
    labels = {GERMAN[0][0]: "de", GERMAN[1][0]: "nl", GERMAN[2][0]: "de", GERMAN[3][0]: "en"}

    def check(source: str, lang: str, translation: str) -> list[Failure]:
        assert lang == "de"
        return [Failure("names", "a name lost")] if "Park" in source else []

    row = bench.measure_language(german, bench.read_pairs(german, None), fake_identify(labels), check,
                                 bench.Router(FakeRegistry(None)))
    assert (row.lines, row.route, row.routed, row.script) == (4, "own", True, "Latin")
    assert (row.bands["<=3"].n, row.bands["<=3"].hits) == (1, 1)
    assert (row.bands["4-8"].n, row.bands["4-8"].hits) == (2, 0)  # one nl, one en
    assert (row.bands[">8"].n, row.bands[">8"].hits) == (1, 1)
    assert (row.wrong_model.hits, row.as_english.hits) == (1, 1)  # nl has its own model; en is not a model
    assert (row.checks.n, row.checks.hits, dict(row.checks.by)) == (3, 1, {"names": 1})  # 4+ words only
    assert row.rate is not None and row.rate > 0
    # Another verdict, other figures: nothing is fixed in advance.
    labels = {line: "de" for line, _ in GERMAN}
    row = bench.measure_language(german, bench.read_pairs(german, 2), fake_identify(labels), check,
                                 bench.Router(FakeRegistry(None)))
    assert row.lines == 2 and row.bands["4-8"].rate() == 1.0 and row.wrong_model.hits == 0


def test_identification_that_throws_is_reported(tmp_path: Path) -> None:
    german = sample_language(tmp_path, "deu", GERMAN)

    def broken(text: str) -> Sequence[Found]:
        raise RuntimeError("model missing")

    row = bench.measure_language(german, bench.read_pairs(german, None), broken, lambda s, l, t: [],
                                 bench.Router(FakeRegistry(None)))
    assert sum(t.errors for t in row.bands.values()) == 4 and "model missing" in row.bands["4-8"].error
    lines = bench.summary([row], None, None, [], 1.0)
    assert any(line.startswith("identification failed on: de (4: RuntimeError: model missing)") for line in lines)


def test_mixed_documents_join_as_each_script_writes() -> None:
    pools = {"zh": ["我们试试看！", "我该去睡觉了。", "你在干什么？"], "ja": ["彼は手紙を書く。", "雨が降る。", "本を読む。"]}
    english = ["Tom needs water.", "I am tired.", "It is late."]
    docs = bench.mixed_documents(pools, english, 3, per_block=3)
    assert len(docs) == 3
    for doc in docs:
        assert [lang for *_, lang in doc.spans].count("en") == 3
        for start, end, lang in doc.spans:
            assert doc.text[start:end] in (english if lang == "en" else pools[lang])
        for (_, left_end, left), (right_start, _, right) in zip(doc.spans, doc.spans[1:]):
            # no space between two CJK sentences, one next to English
            assert doc.text[left_end:right_start] == ("" if "en" not in (left, right) else " ")
    assert [doc.spans[0][2] == "en" for doc in docs] == [False, False, True]  # the order rotates


def test_measure_mixed_per_line_and_non_latin_as_english() -> None:
    text = "Ich bin müde. Привет, друг. Tom needs water."
    spans = ((0, 13, "de"), (14, 27, "ru"), (28, 44, "en"))
    assert [text[s:e] for s, e, _ in spans] == ["Ich bin müde.", "Привет, друг.", "Tom needs water."]

    def identify(doc: str) -> Sequence[Found]:  # the Cyrillic line takes its neighbour's English
        return [Found(0, 13, "de"), Found(14, 27, "en"), Found(28, 44, "en")]

    result = bench.measure_mixed([bench.MixedDoc(text, spans)], identify, bench.Router(FakeRegistry(None)))
    assert (result.lines.n, result.lines.hits) == (3, 2)
    assert (result.non_latin, result.non_latin_as_en) == (1, 1)
    assert (result.foreign, result.wrong_model) == (2, 0)
    assert result.by_lang["ru"].rate() == 0.0 and result.by_lang["de"].rate() == 1.0


def test_table_columns_and_cells(tmp_path: Path) -> None:
    german = sample_language(tmp_path, "deu", GERMAN)
    row = bench.measure_language(german, bench.read_pairs(german, None), fake_identify({GERMAN[1][0]: "de"}),
                                 lambda s, l, t: [], bench.Router(FakeRegistry(None)))
    table = bench.markdown([row]).splitlines()
    assert [c.strip() for c in table[0].strip("|").split("|")] == list(bench.COLUMNS)
    assert len(table) == 3
    cells = [c.strip() for c in table[2].strip("|").split("|")]
    by_column = dict(zip(bench.COLUMNS, cells))
    assert by_column["language"] == "de German" and by_column["route"] == "own" and by_column["routed"] == "yes"
    assert by_column["id 4-8"] == "50.0% (2)" and by_column["id <=3"] == "0% (1)"
    assert by_column["checks: human"] == "0% (3)"


def test_main_on_a_tiny_sample_through_the_public_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample_language(tmp_path, "deu", GERMAN)
    sample_language(tmp_path, "cmn", [("我该去睡觉了。", "I should go to sleep."), ("你在干什么啊？", "What are you doing?"),
                                      ("我们明天去北京看朋友。", "Tomorrow we go to Beijing to see friends.")])
    (tmp_path / "nusax").mkdir()
    (tmp_path / "nusax" / "train.csv").write_text(
        ",indonesian,english\n0,\"Saya makan nasi goreng di rumah setiap hari.\",\"I eat fried rice at home every day.\"\n",
        encoding="utf-8")
    for split in ("valid", "test"):
        (tmp_path / "nusax" / f"{split}.csv").write_text(",indonesian,english\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert bench.main(["--shared", str(tmp_path), "--mixed", "2", "--speed-sentences", "0", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("| " + " | ".join(bench.COLUMNS) + " |")
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["lang"]: row for row in data["rows"]}
    assert set(rows) == {"de", "zh"}  # no Indonesian row: NusaX goes with it
    assert rows["zh"]["route"] == "own" and rows["zh"]["bands"]["<=3"]["n"] == 2 and rows["zh"]["bands"]["4-8"]["n"] == 1
    assert rows["zh"]["as_english"]["hits"] == 0 and sum(rows["zh"]["labels"].values()) == 3
    assert rows["de"]["checks"]["n"] == 3 and data["mixed"]["lines"]["n"] == 2 * 9


def test_fresh_process_speed(tmp_path: Path) -> None:
    archive = tmp_path / "news.jsonl.gz"
    with gzip.open(archive, "wt", encoding="utf-8") as fh:
        for n, text in enumerate(["Skipped article. It is read by others.",
                                  "Shares rose sharply on Monday. The company said profits doubled.",
                                  "Oil prices fell. Traders sold futures in New York."]):
            fh.write(json.dumps({"id": f"r{n}", "text": text}) + "\n")
    figures = bench.speed_fresh(archive, 1, 3, None)
    assert "error" not in figures, figures
    assert (figures["sentences"], figures["articles"]) == (4, 2)
    assert figures["rate"] > 0 and figures["cpu_seconds"] > 0 and figures["process_wall_seconds"] >= figures["seconds"]
