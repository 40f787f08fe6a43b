"""A translation model that cannot be loaded fails only its own sentences, unless it would fail most of them."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.translation.cache import TranslationCache
from pipeline.cli import main
from pipeline.errors import BackendError, ModelNotFoundError
from pipeline.translation.route import ModelSpec, Registry
from pipeline.text.segment import segment
from pipeline.translation.engine import Engine, TranslatorPool
from pipeline.translation.models import MODEL_UNAVAILABLE
from pipeline.types import Identified, Sentence

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORIGINAL = EXAMPLES / "original.en.txt"
GERMAN_MODEL = "Helsinki-NLP/opus-mt-de-en"  # not in the tests' --model-dir, and the hub is off
# Written for this test: a German sentence in an English repost.
GERMAN = "Die Küstenstaaten haben am Dienstag vereinbart, ein Netz von Sammelstellen zu finanzieren."
GERMAN_MORE = [
    "Der Minister sagte den Journalisten, die erste Station werde spätestens im März eröffnet.",
    "Die Kosten von drei Milliarden Dollar sollen sich die vierzehn Staaten in den nächsten fünf Jahren teilen.",
]


def english_repost(tmp_path: Path, extra: Sequence[str] = (GERMAN,)) -> Path:
    """The English original with ``extra`` lines inserted as paragraphs of their own."""
    lines = ORIGINAL.read_text(encoding="utf-8").split("\n")
    for line in reversed(extra):
        lines.insert(6, line)
    path = tmp_path / "repost.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def audit_args(repost: Path, out: Path, model_dir: Path, *more: str) -> list[str]:
    return ["audit", str(ORIGINAL), str(repost), "-o", str(out), "--format", "json", "--no-cache",
            "--model-dir", str(model_dir), *more]


def assert_stops_with_one_line(
    repost: Path, tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str], *more: str
) -> None:
    """The audit stops with exit 2 and today's one-line error naming the model; no report."""
    out = tmp_path / "report.json"
    assert main(audit_args(repost, out, model_dir, *more)) == 2
    err = capfd.readouterr().err
    assert err.startswith(f"mtaudit: error: model '{GERMAN_MODEL}' is not available offline")
    assert len(err.splitlines()) == 1
    assert not out.exists()


def test_audit_goes_on_without_a_missing_model(
    tmp_path: Path, model_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repost = english_repost(tmp_path)
    out = tmp_path / "report.json"
    with caplog.at_level(logging.WARNING):
        assert main(audit_args(repost, out, model_dir)) == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    sentences = report["repost"]["sentences"]
    assert [s["text"] for s in sentences] == [s.text for s in segment(repost.read_text(encoding="utf-8"))]
    flagged = [s for s in sentences if s.get("flag")]
    assert [s["text"] for s in flagged] == [GERMAN]
    [german] = flagged
    assert german["flag"].startswith(f"{MODEL_UNAVAILABLE}: {GERMAN_MODEL}")
    assert "not in the Hugging Face cache" in german["flag"]
    assert (german["lang"], german["route"], german["translation"]) == ("de", GERMAN_MODEL, GERMAN)
    # Every other sentence is English, and passed through unflagged.
    assert all(s["lang"] == "en" and s["route"] == "passthrough" for s in sentences if s is not german)
    warnings = [r.getMessage() for r in caplog.records
                if r.levelno == logging.WARNING and GERMAN_MODEL in r.getMessage()]
    assert len(warnings) == 1
    assert f"`hf download {GERMAN_MODEL}`" in warnings[0]
    assert "--model-dir" in warnings[0] and "--tm" in warnings[0]


def test_strict_turns_a_missing_model_into_the_one_line_error(
    tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert_stops_with_one_line(english_repost(tmp_path), tmp_path, model_dir, capfd, "--strict")


def test_a_repost_mostly_in_a_missing_models_language_fails_fast(
    tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    repost = tmp_path / "repost.de.txt"
    repost.write_text("\n".join([GERMAN, *GERMAN_MORE, "The deal was signed on Tuesday in the capital."]) + "\n",
                      encoding="utf-8")
    assert_stops_with_one_line(repost, tmp_path, model_dir, capfd)


def test_feed_with_one_missing_model_sentence_writes_every_record(
    tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    english = [line for line in ORIGINAL.read_text(encoding="utf-8").splitlines() if len(line.split()) > 6]
    docs = [{"id": f"item-{n}", "text": "\n".join(english[n : n + 2])} for n in range(0, 10, 2)]
    docs[2]["text"] += "\n" + GERMAN
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(feed), "-o", str(out), "--format", "jsonl", "--no-cache", "-q", "--stats",
                 "--model-dir", str(model_dir)])
    assert code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [(d["id"], s.text) for d in docs for s in segment(d["text"])]
    assert [(r["fields"]["id"], r["text"]) for r in records] == expected
    flagged = [r for r in records if r.get("flag")]
    assert [(r["text"], r["translation"], r["route"]) for r in flagged] == [(GERMAN, GERMAN, GERMAN_MODEL)]
    assert flagged[0]["flag"].startswith(MODEL_UNAVAILABLE)
    assert all("lang_source" in r for r in records)
    assert "1 model-unavailable" in capfd.readouterr().err


class Missing:
    """A translator whose model is never there."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.model_calls = 0
        self.loads = 0

    @property
    def settings(self) -> dict[str, object]:
        return {}

    def load(self) -> None:
        self.loads += 1
        raise ModelNotFoundError(self.spec.model_id, "test: no such model")

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.load()
        return []


def doc(langs: Sequence[str]) -> tuple[list[Sentence], list[Identified]]:
    sentences = [Sentence(i, 10 * i, 10 * i + 9, f"sentence{i}") for i in range(len(langs))]
    return sentences, [Identified(lang, 0.9) for lang in langs]


def test_engine_passes_through_warns_once_and_counts(caplog: pytest.LogCaptureFixture) -> None:
    made: list[Missing] = []

    def factory(spec: ModelSpec) -> Missing:
        made.append(Missing(spec))
        return made[-1]

    spec = ModelSpec(GERMAN_MODEL)
    engine = Engine(Registry({"de": spec}, None), TranslatorPool(factory), TranslationCache(None))
    with caplog.at_level(logging.WARNING):
        first = engine.translate(*doc(["en", "en", "de"]))
        second = engine.translate(*doc(["de", "de", "en"]))  # after the first call: no fail-fast any more
    assert [s.translation for s in first + second] == [s.sentence.text for s in first + second]
    assert [bool(s.flag) for s in first + second] == [False, False, True, True, True, False]
    assert engine.counts[MODEL_UNAVAILABLE] == 3
    assert sum(m.loads for m in made) == 1  # remembered: not loaded again for the second document
    assert len([r for r in caplog.records if GERMAN_MODEL in r.getMessage()]) == 1


def test_engine_fails_fast_on_a_first_call_mostly_for_missing_models() -> None:
    spec = ModelSpec(GERMAN_MODEL)
    engine = Engine(Registry({"de": spec}, None), TranslatorPool(Missing), TranslationCache(None))
    with pytest.raises(ModelNotFoundError):
        engine.translate(*doc(["de", "de", "en"]))
    strict = Engine(Registry({"de": spec}, None), TranslatorPool(Missing), TranslationCache(None), strict=True)
    with pytest.raises(ModelNotFoundError):
        strict.translate(*doc(["en", "en", "en", "de"]))


class Upper:
    """A translator that is always there: upper-cases its input."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.model_calls = 0

    @property
    def settings(self) -> dict[str, object]:
        return {}

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        return [t.upper() for t in texts]


def test_more_models_than_the_pool_keeps_are_found_missing_in_turn() -> None:
    # With one model kept loaded, loading both first would load one twice: the missing
    # one is found when its turn comes, and still fails only its own sentences.
    def factory(spec: ModelSpec) -> Missing | Upper:
        return Missing(spec) if spec.model_id == GERMAN_MODEL else Upper(spec)

    registry = Registry({"de": ModelSpec(GERMAN_MODEL), "id": ModelSpec("Helsinki-NLP/opus-mt-id-en")}, None)
    engine = Engine(registry, TranslatorPool(factory, capacity=1), TranslationCache(None))
    segments = engine.translate(*doc(["id", "id", "de", "en"]))
    assert [s.translation for s in segments] == ["SENTENCE0", "SENTENCE1", "sentence2", "sentence3"]
    assert [bool(s.flag) for s in segments] == [False, False, True, False]
    assert engine.counts[MODEL_UNAVAILABLE] == 1
    assert (engine.counts["translated"], engine.counts["passthrough"]) == (2, 1)  # the German one counted once


def test_score_fails_a_document_left_partly_untranslated(
    tmp_path: Path, model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fidelity gate never passes text it could not translate; --strict stops it outright."""
    repost = english_repost(tmp_path)
    args = ["score", str(ORIGINAL), str(repost), "--format", "json", "--no-cache", "--model-dir", str(model_dir)]
    assert main(args) == 1
    [result] = json.loads(capsys.readouterr().out)["documents"]
    assert not result["passed"]
    assert any("1 sentence(s) left untranslated" in f for f in result["failures"])
    assert main([*args, "--strict"]) == 2


def test_match_flags_a_repost_partly_untranslated_and_strict_stops(
    tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "originals.idx"
    assert main(["index", str(ORIGINAL), "-o", str(index), "-q"]) == 0
    repost = english_repost(tmp_path)
    out = tmp_path / "matches.jsonl"
    args = ["match", str(repost), "--index", str(index), "-o", str(out), "--no-cache", "--model-dir", str(model_dir)]
    assert main(args) == 1  # matched, but not on all of its text
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert str(record["match"]["id"]).endswith("original.en.txt")
    assert record["untranslated_sentences"] == 1
    capfd.readouterr()
    assert main([*args, "--strict"]) == 2
    err = capfd.readouterr().err
    assert err.startswith(f"mtaudit: error: model '{GERMAN_MODEL}' is not available offline")


def test_records_name_the_languages_a_sentence_was_left_open_between(tmp_path: Path, model_dir: Path) -> None:
    # A line lingua ranks Malay and the word lists read as Indonesian: routing sends it to a
    # model covering both; the record said only "id" and the family model's name, not why.
    english = "The ministers met in Jakarta on Tuesday to discuss the budget."
    source = tmp_path / "doc.txt"
    source.write_text(f"{english}\nDia pergi memancing sebagai ganti bermain tenis.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["translate", str(source), "-o", str(out), "--format", "jsonl", "--no-cache", "-q",
          "--model-dir", str(model_dir)])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["lang"], r["alternatives"]) for r in records] == [("en", []), ("id", ["ms"])]
    assert records[1]["route"] == "Helsinki-NLP/opus-mt-tc-bible-big-poz-en"
    # The audit's report names them too, on the repost's sentences that have any.
    report_path = tmp_path / "report.json"
    main(audit_args(english_repost(tmp_path, ("Dia pergi memancing sebagai ganti bermain tenis.",)), report_path,
                    model_dir))
    sentences = json.loads(report_path.read_text(encoding="utf-8"))["repost"]["sentences"]
    open_ = [(s["lang"], s["lang_alternatives"]) for s in sentences if "lang_alternatives" in s]
    assert open_ == [("id", ["ms"])]


def test_stats_count_english_lines_that_may_be_foreign(tmp_path: Path, model_dir: Path,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    # Written for this test: Afrikaans ("stay with me") that lingua's English wins, Afrikaans
    # left open; alone in its document, no context decides it. It passes through as English.
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "Bly by my."}) + "\n"
                    + json.dumps({"id": "b", "text": "The ministers met in Jakarta on Tuesday."}) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(feed), "-o", str(out), "--format", "jsonl", "--no-cache", "-q", "--stats",
                 "--model-dir", str(model_dir)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["lang"], r["route"], r["alternatives"]) for r in records] == [("en", "passthrough", ["af"]),
                                                                               ("en", "passthrough", [])]
    assert "1 sentence(s) passed through as English may be in another language" in capfd.readouterr().err


class Unconvertible(Missing):
    """A translator whose backend cannot run its model, found only when it translates."""

    def load(self) -> None:
        self.loads += 1
        raise BackendError(f"cannot convert {self.spec.model_id} for CTranslate2: test")


class Upper:
    """The fallback backend: it translates by upper-casing."""

    def __init__(self, spec: ModelSpec) -> None:
        self.model_calls = 0

    @property
    def settings(self) -> dict[str, object]:
        return {"backend": "fallback"}

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        return [t.upper() for t in texts]


def test_a_model_its_backend_cannot_run_falls_back_when_met_mid_translation(caplog: pytest.LogCaptureFixture) -> None:
    # More models due than the pool keeps: none is loaded ahead, so the backend's refusal
    # comes from the translate call itself. With a fallback its sentences are translated
    # there; without one they are flagged, and the run goes on either way.
    de, fr = ModelSpec(GERMAN_MODEL), ModelSpec("Helsinki-NLP/opus-mt-fr-en")
    registry = Registry({"de": de, "fr": fr}, None)
    sentences, identified = doc(["de", "fr", "en", "de"])
    pool = TranslatorPool(Unconvertible, capacity=1, fallback=Upper)
    engine = Engine(registry, pool, TranslationCache(None))
    with caplog.at_level(logging.WARNING):
        out = engine.translate(sentences, identified)
    assert [s.translation for s in out] == ["SENTENCE0", "SENTENCE1", "sentence2", "SENTENCE3"]
    assert not any(s.flag for s in out) and set(pool.fallen_back) == {de.model_id, fr.model_id}
    assert len([r for r in caplog.records if "runs on transformers instead" in r.getMessage()]) == 2
    strict_backend = Engine(registry, TranslatorPool(Unconvertible, capacity=1), TranslationCache(None))
    out = strict_backend.translate(*doc(["en", "en", "en", "de"]))
    assert [bool(s.flag) for s in out] == [False, False, False, True] and "CTranslate2" in (out[3].flag or "")


def test_a_local_copy_missing_files_names_them(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # A copy holding only config.json: transformers said "expected str, bytes or os.PathLike
    # object, not NoneType"; the error names what the copy lacks.
    copy = tmp_path / "models" / "Helsinki-NLP--opus-mt-id-en"
    copy.mkdir(parents=True)
    (copy / "config.json").write_text("{}", encoding="utf-8")
    repost = Path(__file__).resolve().parents[1] / "examples" / "repost.id.txt"
    argv = ["translate", str(repost), "--model-dir", str(tmp_path / "models"), "--backend", "transformers",
            "--registry", str(_id_only_registry(tmp_path)), "--no-cache", "-q"]
    assert main(argv) == 2
    err = capfd.readouterr().err
    assert f"the local copy at {copy} lacks model.safetensors (or pytorch_model.bin), source.spm" in err, err


def _id_only_registry(tmp_path: Path) -> Path:
    """Indonesian to opus-mt-id-en, Malay left open or not: one model to look for."""
    registry = tmp_path / "registry.toml"
    registry.write_text('[languages.id]\nmodel = "Helsinki-NLP/opus-mt-id-en"\n'
                        '[languages.ms]\nmodel = "Helsinki-NLP/opus-mt-id-en"\n', encoding="utf-8")
    return registry


def test_a_tm_that_leaves_most_sentences_unanswered_is_named_in_the_error() -> None:
    # The TM holds one of three sentences (its entries cut as the user's paragraphs were):
    # "supply translations with --tm" alone reads as a riddle to someone who did.
    spec = ModelSpec(GERMAN_MODEL)
    engine = Engine(Registry({"de": spec}, None), TranslatorPool(Missing), TranslationCache(None),
                    tm={"sentence0": "The first."})
    with pytest.raises(ModelNotFoundError, match="the TM answered 1 sentence"):
        engine.translate(*doc(["de", "de", "de"]))
