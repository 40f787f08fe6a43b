"""Issue 15: checks of each translation against its own source, no-letters passthrough, second try."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES, TINY_MODEL_ID
from pipeline.translation.cache import TranslationCache
from pipeline.cli import main
from pipeline.fidelity.compare import compare
from pipeline.errors import ConfigError
from pipeline.settings import CheckConfig, Settings, merge_settings
from pipeline.translation.checks import (
    CHECKS, Candidate, cost, failures, findings, has_letters, run_checks, source_names, validate_names,
)
from pipeline.engines.local import Options, Pipeline
from pipeline.translation.route import ModelSpec
from pipeline.settings import DecodeOptions
from pipeline.translation.batching import MarianTranslator
from pipeline.types import AlignedGroup, CheckFailure, Segment, Sentence
from support import assert_tm_translations_clean, tm_pipeline

CFG = CheckConfig()
SOURCE = "Presiden Finlandia Alexander Stubb mengatakan 2.033 tentara NATO akan tiba di perbatasan pada hari Selasa."
GOOD = "Finnish President Alexander Stubb said 2,033 NATO troops would arrive at the border on Tuesday."

# One crafted failure per check (source, translation, capped), each against the same
# source where it can be: the good translation above passes every one of them.
CRAFTED: dict[str, tuple[str, str, bool]] = {
    "repetition": (SOURCE, "Finnish President Alexander Stubb said 2,033 NATO troops would would would would arrive.", False),
    "length": (SOURCE, "Stubb: 2,033 NATO.", False),
    "length-cap": (SOURCE, GOOD, True),
    "copy": (SOURCE, SOURCE, False),
    "not-english": (SOURCE, "Pemerintah Stubb akan membahas anggaran 2.033 NATO dengan tentara pada hari Kamis.", False),
    "numbers": (SOURCE, "Finnish President Alexander Stubb said 2.033 NATO troops would arrive at the border on Tuesday.", False),
    "names": (SOURCE, "The Finnish president said 2,033 alliance troops would arrive at the border on Tuesday.", False),
}


def test_every_check_has_a_crafted_case() -> None:
    assert set(CRAFTED) == set(CHECKS)


def test_good_translation_passes_every_check() -> None:
    assert findings(Candidate(SOURCE, GOOD, "id"), CFG) == {}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_each_check_fires_on_its_crafted_case(name: str) -> None:
    source, translation, capped = CRAFTED[name]
    found = findings(Candidate(source, translation, "id", capped), CFG)
    assert name in found, found
    assert CHECKS[name](Candidate(source, translation, "id", capped), CFG) == found[name]


def test_checking_a_good_translation_reads_only_the_head_of_englishs_list(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its common words make it English, and the source's names need English's frequency
    # only down to where they would decide: the rest of the list (a quarter of a second
    # of a cold run) is read only for a word that needs it.
    from pipeline.text import lexicon
    from pipeline.translation import checks

    read_buckets: dict[str, int] = {}
    read = lexicon._read_cbpack

    def counting(path: Path) -> object:
        name = path.name.split(".")[0].split("_", 1)[1]
        for bucket in read(path):
            read_buckets[name] = read_buckets.get(name, 0) + 1
            yield bucket

    monkeypatch.setattr(lexicon, "_read_cbpack", counting)
    for cached in (lexicon.word_list, lexicon.zipf, checks._is_english, checks._common_english):
        cached.cache_clear()
    assert findings(Candidate(SOURCE, GOOD, "id"), CFG) == {}
    assert 0 < read_buckets["en"] <= 652
    assert "not-english" in findings(Candidate(SOURCE, CRAFTED["not-english"][1], "id"), CFG)
    for cached in (lexicon.word_list, lexicon.zipf, checks._is_english, checks._common_english):
        cached.cache_clear()


def test_each_check_can_be_switched_off() -> None:
    source, translation, capped = CRAFTED["numbers"]
    assert "numbers" not in run_checks(Candidate(source, translation, "id", capped), CheckConfig(skip=("numbers",)))
    assert run_checks(Candidate(source, translation, "id", capped), CheckConfig(enabled=False)) == ()


def test_repetition_loops_inside_words_and_only_beyond_the_source() -> None:
    assert "repetition" in run_checks(Candidate("Para pemimpin Eropa sepakat pada hari Kamis.", "wawawawawawawa gigi"), CFG)
    # A source that repeats itself may be translated repeating itself.
    chant = "Tolak, tolak, tolak, tolak, tolak perang!"
    assert "repetition" not in run_checks(Candidate(chant, "No, no, no, no, no war!", "id"), CFG)


def test_numbers_are_read_in_the_source_locale() -> None:
    # Indonesian "2.033" is two thousand and thirty-three; "0, 3 %" is 0.3 percent.
    ok = Candidate("Pasukan merebut 2.033 kilometer persegi atau 0, 3 % wilayah.", "Troops captured 2,033 square kilometres or 0.3% of the area.", "id")
    assert "numbers" not in run_checks(ok, CFG)
    changed = Candidate(ok.source, "Troops captured 2,330 square kilometres or 0.3% of the area.", "id")
    assert "numbers" in run_checks(changed, CFG)


def test_names_skip_words_that_translate_and_sentence_starts() -> None:
    text = "Presiden Rusia Vladimir Putin bertemu Stubb di Helsinki pada hari Selasa bersama NATO dan AS."
    names = source_names(text, "id", CFG)
    # Rusia, Selasa translate; "Presiden" starts the sentence; "AS" (= US) is too short an acronym.
    assert {"Putin", "Stubb", "NATO"} <= set(names)
    assert not {"Presiden", "Rusia", "Selasa", "AS"} & set(names)
    kept = Candidate(text, "Russian President Vladimir Putin met Stubb in Helsinki on Tuesday with NATO and the US.", "id")
    assert "names" not in run_checks(kept, CFG)
    # A transliteration that differs in its last letters is the same name.
    assert "names" not in run_checks(Candidate("Kata Zelenskiy kepada para wartawan di sana.", "Zelensky told reporters there.", "id"), CFG)


def test_copy_allows_names_copied_alone() -> None:
    assert "copy" not in run_checks(Candidate("Volodymyr Zelenskiy", "Volodymyr Zelenskiy", "id"), CFG)


def test_cost_ranks_retry_failures_first_then_failures() -> None:
    # The engine keeps a second try only when its cost is strictly lower (a tie keeps the first).
    loop = failures(Candidate(SOURCE, CRAFTED["repetition"][1], "id"), CFG)
    fixed = failures(Candidate(SOURCE, GOOD, "id"), CFG)
    assert cost(fixed, CFG) < cost(loop, CFG)
    assert not cost(fixed, CFG) < cost(failures(Candidate(SOURCE, GOOD, "id"), CFG), CFG)
    assert cost((CheckFailure("length", ""),), CFG) < cost((CheckFailure("repetition", ""),), CFG)


def test_max_flagged_from_the_thresholds_table(tmp_path: Path) -> None:
    from pipeline.fidelity.gate import Thresholds

    toml = tmp_path / "ci.toml"
    toml.write_text("[thresholds]\nmax_flagged = 2\n", encoding="utf-8")
    assert Thresholds.load(toml, {}).max_flagged == 2
    assert Thresholds.load(toml, {"max_flagged": 0}).max_flagged == 0  # the flag wins
    toml.write_text("[thresholds]\nmax_flagged = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_flagged"):
        Thresholds.load(toml, {})


def test_config_is_validated() -> None:
    def load(table: dict[str, object]) -> CheckConfig:
        settings = merge_settings(Settings(), {"checks": table})
        validate_names(settings.checks, settings.compare.severity)
        return settings.checks

    with pytest.raises(ConfigError, match="unknown key"):
        load({"repetition_nram": 3})
    with pytest.raises(ConfigError, match="unknown check"):
        load({"skip": ["spelling"]})
    with pytest.raises(ConfigError, match="low < high"):
        load({"length_ratio": [2.0, 0.5]})
    cfg = load({"length_ratio_by_lang": {"de": [0.5, 1.5]}, "retry_decoding": {"num_beams": 2}})
    assert cfg.band("de") == (0.5, 1.5) and cfg.band("fr") == cfg.length_ratio and cfg.retry_decoding.num_beams == 2


# --------------------------------------------------------------------------- faithful feeds are clean


def test_faithful_tm_translations_are_all_clean() -> None:
    # The seed pair's TM gets the same check in test_seed_corpus.py.
    assert_tm_translations_clean(EXAMPLES / "repost.id.txt", EXAMPLES / "repost.tm.tsv")


def test_a_bad_tm_entry_is_flagged_in_records_stats_and_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = (EXAMPLES / "repost.tm.tsv").read_text(encoding="utf-8").splitlines()
    bad = [r.replace("14 countries", "41 countries") if "14 countries" in r else r for r in rows]
    assert bad != rows
    tm = tmp_path / "bad.tm.tsv"
    tm.write_text("\n".join(bad) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(EXAMPLES / "repost.id.txt"), "--tm", str(tm), "--format", "jsonl", "-o", str(out),
                 "--no-cache", "--stats", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(r["checks"], list) and r["retried"] is False for r in records)
    flagged = [r for r in records if r["checks"]]
    assert [r["checks"] for r in flagged] == [["numbers"]] and "14 negara" in flagged[0]["text"]
    assert "checks failed: 1 numbers" in capsys.readouterr().err
    # score gates on it: --max-flagged 0 fails, 1 passes; the clean TM passes at 0.
    original, repost = str(EXAMPLES / "original.en.txt"), str(EXAMPLES / "repost.id.txt")
    common = ["score", original, repost, "--no-cache", "-q", "--format", "json"]
    assert main([*common, "--tm", str(tm), "--max-flagged", "0"]) == 1
    assert '"flagged": 1' in capsys.readouterr().out
    assert main([*common, "--tm", str(tm), "--max-flagged", "1"]) == 0
    assert main([*common, "--tm", str(EXAMPLES / "repost.tm.tsv"), "--max-flagged", "0"]) == 0


def test_parquet_records_carry_checks(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    assert main(["translate", str(EXAMPLES / "repost.id.txt"), "--tm", str(EXAMPLES / "repost.tm.tsv"),
                 "-o", str(out), "--no-cache", "-q"]) == 0
    table = pq.read_table(out)
    assert table.column("checks").to_pylist() == [[]] * table.num_rows
    assert set(table.column("retried").to_pylist()) == {False}


# --------------------------------------------------------------------------- audit divergences


def test_failed_checks_become_mt_error_divergences() -> None:
    # The original says 62: the repost's own 26 differs, so a lost 26 is not only the
    # translation's fault (where it agrees, it is at most minor: test_judge.py).
    original_text = "Stubb said 62 countries are ready. The talks went on."
    repost_text = "Stubb mengatakan 26 negara siap. Pembicaraan berlanjut."
    o = [Sentence(0, 0, 34, original_text[:34]), Sentence(1, 35, 53, original_text[35:])]
    r = [Sentence(0, 0, 32, repost_text[:32]), Sentence(1, 33, 55, repost_text[33:])]
    segments = [
        Segment(r[0], "id", 1.0, "m", "Stubb said countries are ready ready ready ready.",
                failed=(CheckFailure("repetition", "a phrase repeated 4 times in a row"),
                        CheckFailure("numbers", "number(s) lost or changed: '26'", ("26",)))),
        Segment(r[1], "id", 1.0, "m", "The talks went on.",
                failed=(CheckFailure("length-cap", "the decoder stopped at its length limit"),)),
    ]
    assert segments[0].checks == ("repetition", "numbers")  # the records' list of names
    groups = [AlignedGroup((0,), (0,), 0.9, "path"), AlignedGroup((1,), (1,), 0.9, "path")]
    found = [d for d in compare(original_text, o, repost_text, segments, groups) if d.type == "mt-error"]
    assert [(d.severity, d.message.split(":")[0], d.repost.sentence if d.repost else None) for d in found] == [
        ("major", "repetition", 0), ("major", "numbers", 0), ("minor", "length-cap", 1)]
    assert found[0].repost is not None and found[0].repost.text == r[0].text
    # The check's own message and values travel as they were found, not run again.
    assert found[1].message == "numbers: number(s) lost or changed: '26'"
    assert (found[1].before, found[1].after, found[1].kind) == ("26", None, "numbers")
    # mt-error-<check> sets one check's severity, mt-error the checks with no key of their
    # own (repetition keeps its default major key).
    configured = compare(original_text, o, repost_text, segments, groups, {"mt-error-numbers": "critical", "mt-error": "info"})
    assert [d.severity for d in configured if d.type == "mt-error"] == ["major", "critical", "info"]


# --------------------------------------------------------------------------- no letters: no model


def test_sentences_without_letters_never_reach_the_model() -> None:
    text = "Pasukan Rusia menyerang kota di wilayah timur.\n2.033\n—\n🙂 🎉\n12, 5 %\nPara pemimpin Eropa sepakat."
    calls: list[str] = []
    processed = tm_pipeline(EXAMPLES / "repost.tm.tsv", calls).process("doc", text)
    blank = {"2.033", "—", "🙂 🎉", "12, 5 %"}
    by_text = {seg.sentence.text: seg for seg in processed.segments}
    assert blank <= set(by_text)
    assert not blank & set(calls) and len(calls) == 2  # only the two sentences with words
    for t in blank:
        assert by_text[t].route == "passthrough" and by_text[t].translation == t and by_text[t].checks == ()
    assert not has_letters("12, 5 % — 🙂") and has_letters("KTT")


# --------------------------------------------------------------------------- second try with the tiny model


def _tiny(model_dir: Path) -> MarianTranslator:
    return MarianTranslator(ModelSpec(TINY_MODEL_ID), DecodeOptions(device="cpu", max_length_ratio=0.6, max_length_extra=4),
                            model_dir)


def test_tiny_model_failures_are_retried_and_the_better_kept(model_dir: Path, tmp_path: Path) -> None:
    text = (EXAMPLES / "repost.id.txt").read_text(encoding="utf-8")
    cache = tmp_path / "cache.sqlite3"
    options = Options(model_dir=model_dir, cache_path=cache, backend="transformers")
    pipeline = Pipeline.build(options, translator_factory=lambda spec: _tiny(model_dir))
    processed = pipeline.process("repost", text)
    translated = [seg for seg in processed.segments if seg.route == TINY_MODEL_ID]
    cfg = pipeline.engine.checks
    # Decode the same sentences again, first and second try apart, to judge each choice.
    sources = [seg.sentence.text for seg in translated]
    first = _tiny(model_dir).decode(sources)
    second = _tiny(model_dir).decode(sources, cfg.retry_decoding)
    assert any("repetition" in run_checks(Candidate(s, f.text, seg.lang, f.capped), cfg)
               for s, f, seg in zip(sources, first, translated))
    # The second try breaks the loops (no repeated 3-gram): some are kept, and fail no repetition.
    kept_second = [seg for seg, f, s in zip(translated, first, second) if seg.retried and seg.translation == s.text != f.text]
    assert kept_second and all("repetition" not in seg.checks for seg in kept_second)
    for seg, f, s in zip(translated, first, second):
        one = Candidate(seg.sentence.text, f.text, seg.lang, f.capped)
        due = bool(run_checks(one, cfg, cfg.retry_on))
        assert seg.retried == due
        if due:
            two = Candidate(seg.sentence.text, s.text, seg.lang, s.capped)
            kept = two if cost(failures(two, cfg), cfg) < cost(failures(one, cfg), cfg) else one
            assert seg.translation == kept.translation
        else:
            assert seg.translation == f.text
        assert seg.checks == run_checks(Candidate(seg.sentence.text, seg.translation, seg.lang,
                                                  (s if seg.translation == s.text and due else f).capped), cfg)
    # Rerun from the cache: no model call, the same translations, checks and retries.
    again = Pipeline.build(options, translator_factory=lambda spec: _tiny(model_dir))
    rerun = again.process("repost", text)
    assert again.engine.pool.total_model_calls() == 0
    assert [(s.translation, s.checks, s.retried) for s in rerun.segments] == [
        (s.translation, s.checks, s.retried) for s in processed.segments]
    # Each entry records the settings that made its text.
    with sqlite3.connect(cache) as db:
        metas = [json.loads(m) for (m,) in db.execute("SELECT meta FROM translations")]
    assert metas and all("settings" in m and "capped" in m for m in metas)
    assert any(m["retried"] for m in metas)
    assert all(("retry_num_beams" in m["settings"]) == m["second"] for m in metas)


def test_cache_from_before_meta_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE translations (key TEXT PRIMARY KEY, model TEXT NOT NULL, source TEXT NOT NULL, "
                   "translation TEXT NOT NULL, created REAL NOT NULL)")
        db.execute("INSERT INTO translations VALUES ('k', 'm', 'Halo', 'Hello', 0)")
    cache = TranslationCache(path)
    assert cache.get_entries(["k"]) == {"k": ("Hello", {})}
    cache.put_many([("k2", "m", "Dunia", "World")], [{"capped": True}])
    assert cache.get_entries(["k2"]) == {"k2": ("World", {"capped": True})}
    cache.close()
    assert TranslationCache(path).get_many(["k", "k2"]) == {"k": "Hello", "k2": "World"}
