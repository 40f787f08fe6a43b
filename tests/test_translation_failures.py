"""A model that raises on a sentence fails that sentence only: it is passed through,
flagged, and the rest of the run is translated (one sentence never ends a run)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.translation.batching import BatchedTranslator
from pipeline.translation.cache import TranslationCache
from pipeline.translation.engine import Engine, TranslatorPool
from pipeline.translation.models import TRANSLATION_FAILED, Decoded
from pipeline.translation.route import ModelSpec, Registry
from pipeline.types import Identified, Sentence

MODEL = "Helsinki-NLP/opus-mt-id-en"
REPOST = Path(__file__).resolve().parents[1] / "examples" / "repost.id.txt"
ORIGINAL = REPOST.with_name("original.en.txt")


class Fragile:
    """Upper-cases its input, but raises on any batch holding a text with ``poison`` in it,
    or on any batch longer than ``widest`` (as a backend runs out of memory on a wide batch)."""

    def __init__(self, spec: ModelSpec, poison: str = "sentence2", widest: int = 10**6) -> None:
        self.spec, self.poison, self.widest = spec, poison, widest
        self.model_calls = 0

    @property
    def settings(self) -> dict[str, object]:
        return {}

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        if len(texts) > self.widest:
            raise MemoryError(f"cannot allocate a batch of {len(texts)}")
        if any(self.poison in t for t in texts):
            raise RuntimeError("index out of range in self")
        return [t.upper() for t in texts]


def doc(n: int) -> tuple[list[Sentence], list[Identified]]:
    sentences = [Sentence(i, 10 * i, 10 * i + 9, f"sentence{i}") for i in range(n)]
    return sentences, [Identified("id", 0.9) for _ in range(n)]


def engine(factory: object, cache: TranslationCache | None = None) -> Engine:
    registry = Registry({"id": ModelSpec(MODEL)}, None)
    return Engine(registry, TranslatorPool(factory, capacity=1), cache if cache is not None else TranslationCache(None))  # type: ignore[arg-type]


def test_a_sentence_the_model_raises_on_is_flagged_and_the_rest_translated(caplog: pytest.LogCaptureFixture) -> None:
    made: list[Fragile] = []

    def factory(spec: ModelSpec) -> Fragile:
        made.append(Fragile(spec))
        return made[-1]

    eng = engine(factory)
    with caplog.at_level(logging.WARNING):
        segments = eng.translate(*doc(6))
    assert [s.translation for s in segments] == ["SENTENCE0", "SENTENCE1", "sentence2", "SENTENCE3", "SENTENCE4",
                                                 "SENTENCE5"]
    flags = [s.flag for s in segments]
    assert flags[:2] == [None, None] and flags[3:] == [None, None, None]
    assert flags[2] is not None and flags[2].startswith(f"{TRANSLATION_FAILED}: {MODEL} failed on this sentence")
    assert "RuntimeError: index out of range in self" in flags[2] and "passed through untranslated" in flags[2]
    assert (eng.counts["translated"], eng.counts[TRANSLATION_FAILED]) == (5, 1)
    # One warning for the model, however many of its sentences fail.
    assert sum(TRANSLATION_FAILED in r.getMessage() for r in caplog.records) == 1


def test_a_batch_too_wide_for_memory_is_translated_in_smaller_ones() -> None:
    eng = engine(lambda spec: Fragile(spec, poison="\0", widest=2))
    segments = eng.translate(*doc(7))
    assert [s.translation for s in segments] == [f"SENTENCE{i}" for i in range(7)]
    assert [s.flag for s in segments] == [None] * 7
    assert TRANSLATION_FAILED not in eng.counts


def test_a_failed_sentence_is_not_cached_so_a_rerun_tries_it_again(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    engine(lambda spec: Fragile(spec), cache).translate(*doc(4))
    again = engine(lambda spec: Fragile(spec, poison="\0"), cache)
    segments = again.translate(*doc(4))
    assert [s.translation for s in segments] == ["SENTENCE0", "SENTENCE1", "SENTENCE2", "SENTENCE3"]
    assert [s.flag for s in segments] == [None] * 4
    assert (again.counts["cached"], again.counts["translated"]) == (3, 1)


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> str:
    """The real backends (transformers and CTranslate2 alike) raise on any batch holding
    the repost's sentence about 2 450 tonnes of plastic."""
    poison = "2 450 ton"
    decode = BatchedTranslator.decode

    def fragile(self: BatchedTranslator, texts: Sequence[str], *args: object, **kwargs: object) -> list[Decoded]:
        if any(poison in t for t in texts):
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return decode(self, texts, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BatchedTranslator, "decode", fragile)
    return poison


def test_translate_flags_the_sentence_and_exits_1(tmp_path: Path, model_dir: Path, poisoned: str,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(REPOST), "-o", str(out), "--format", "jsonl", "--no-cache", "-q", "--stats",
                 "--model-dir", str(model_dir)])
    assert code == 1  # written whole, but not all of it translated
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    failed = [r for r in records if (r.get("flag") or "").startswith(TRANSLATION_FAILED)]
    assert [poisoned in r["text"] for r in failed] == [True]
    assert failed[0]["translation"] == failed[0]["text"]
    assert "CUDA out of memory" in failed[0]["flag"]
    translated = [r for r in records if r["route"] == MODEL and not r.get("flag")]
    assert len(translated) >= 5 and all(r["translation"] != r["text"] for r in translated)
    assert f"1 {TRANSLATION_FAILED}" in capfd.readouterr().err


def test_audit_and_score_say_the_repost_was_not_all_translated(tmp_path: Path, model_dir: Path,
                                                               poisoned: str) -> None:
    report = tmp_path / "report.json"
    assert main(["audit", str(ORIGINAL), str(REPOST), "-o", str(report), "--format", "json", "--no-cache",
                 "--model-dir", str(model_dir)]) == 1
    sentences = json.loads(report.read_text(encoding="utf-8"))["repost"]["sentences"]
    assert sum(TRANSLATION_FAILED in (s.get("flag") or "") for s in sentences) == 1
    scored = tmp_path / "score.json"
    assert main(["score", str(ORIGINAL), str(REPOST), "--format", "json", "-o", str(scored), "--no-cache",
                 "--model-dir", str(model_dir)]) == 1
    [result] = json.loads(scored.read_text(encoding="utf-8"))["documents"]
    assert any("1 sentence(s) left untranslated" in f for f in result["failures"])


def test_the_ray_translate_stage_flags_the_sentence_as_the_local_engine_does(
    tmp_path: Path, model_dir: Path, poisoned: str
) -> None:
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("ray")
    from pipeline.engines.ray import PrepareActor, TranslateActor, model_specs

    from pipeline.engines.options import Options

    options = Options(model_dir=model_dir, use_cache=False)
    text = REPOST.read_text(encoding="utf-8")
    docs = pa.Table.from_pylist([{"n": 0, "doc": "repost", "text": text, "error": "", "fields": "{}"}])
    prepare = PrepareActor(options)
    rows = prepare(docs).to_pylist()
    [key] = {r["model"] for r in rows if r["model"]}
    stage = TranslateActor(options, model_specs(prepare.pipeline.engine.registry)[key])
    done = stage(pa.Table.from_pylist([r for r in rows if r["model"]])).to_pylist()
    records = [json.loads(r["record"]) for r in done]
    failed = [r for r in records if (r.get("flag") or "").startswith(TRANSLATION_FAILED)]
    assert [poisoned in r["text"] and r["translation"] == r["text"] for r in failed] == [True]
    assert all(r["translation"] != r["text"] for r in records if not r.get("flag"))
    # The record is the local engine's, key for key.
    out = tmp_path / "local.jsonl"
    main(["translate", str(REPOST), "-o", str(out), "--format", "jsonl", "--no-cache", "-q",
          "--model-dir", str(model_dir)])
    local = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [local_failed] = [r for r in local if (r.get("flag") or "").startswith(TRANSLATION_FAILED)]
    assert list(local_failed) == list(failed[0]) and local_failed["flag"] == failed[0]["flag"]


def test_a_model_that_fails_on_everything_is_not_tried_sentence_by_sentence_for_ever() -> None:
    # Halving down to single sentences cost 2n - 1 decode calls for a device that fails on
    # everything (the code review: 1,023 calls for 512 sentences).
    made: list[Fragile] = []

    def factory(spec: ModelSpec) -> Fragile:
        made.append(Fragile(spec, poison="sentence"))
        return made[-1]

    eng = engine(factory)
    segments = eng.translate(*doc(64))
    assert all((s.flag or "").startswith(TRANSLATION_FAILED) for s in segments)
    assert sum(m.model_calls for m in made) < 40
    assert sum("not tried alone" in (s.flag or "") for s in segments) > 0


class Decoder(Fragile):
    """A backend that decodes (so the engine checks each first try inside the guarded call)."""

    def decode(self, texts: Sequence[str], retry: object = None) -> list[Decoded]:
        return [Decoded(t) for t in self.translate(texts)]


def test_a_bug_in_mtaudits_own_checks_is_not_reported_as_the_models_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Engine, *args: object) -> None:
        raise IndexError("a bug in a check")

    monkeypatch.setattr(Engine, "check", broken)
    eng = engine(lambda spec: Decoder(spec, poison="\0"))
    assert eng._retry_settings(Decoder(ModelSpec(MODEL))) is not None  # the checks run inside _decode
    with pytest.raises(IndexError, match="a bug in a check"):
        eng.translate(*doc(3))


def test_reading_a_models_cache_keys_evicts_no_loaded_model() -> None:
    # The feed review: asking the cache about a model (``models``, the fail-fast check) went
    # through ``TranslatorPool.get``, which evicted the loaded model and collected garbage:
    # 567 collections took 61 of the 80 s of `mtaudit models` on a 1,000-document feed.
    closed: list[str] = []

    class Closing(Fragile):
        def close(self) -> None:
            closed.append(self.spec.model_id)

    registry = Registry({"id": ModelSpec(MODEL), "de": ModelSpec("Helsinki-NLP/opus-mt-de-en")}, None)
    pool = TranslatorPool(lambda spec: Closing(spec, poison="\0"), capacity=1)
    eng = Engine(registry, pool, TranslationCache(None))
    pool.get(ModelSpec(MODEL))
    assert eng.cached(ModelSpec("Helsinki-NLP/opus-mt-de-en"), ["Guten Tag."]) == 0
    assert closed == [] and pool.is_live(ModelSpec(MODEL))
