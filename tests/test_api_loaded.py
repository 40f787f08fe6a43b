"""The Python API keeps loaded models between calls with the same options (``pipeline.api._pipeline``).

A loop of ``translate`` calls used to build a new pipeline each time and load every model
again (about a second for an opus-mt-size model on transformers: ``scripts/bench_api.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pipeline
from pipeline.engines.options import Options
from pipeline.translation.route import ModelSpec

INDONESIAN = ("Pemerintah mengumumkan anggaran baru untuk sekolah pada hari Selasa. Menteri Keuangan mengatakan "
              "bahwa dana tersebut akan dicairkan bulan depan.")
ENGLISH = "The government announced a new budget for schools on Tuesday."


class Counted:
    """A translator that answers a fixed sentence and counts how often it was made and closed."""

    model_calls = 0
    settings: dict[str, Any] = {}

    def __init__(self, spec: ModelSpec, made: list[str], closed: list[str]) -> None:
        self.spec, self.closed = spec, closed
        made.append(spec.model_id)

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        return ["The government announced a new budget."] * len(texts)

    def close(self) -> None:
        self.closed.append(self.spec.model_id)


def _factory(made: list[str], closed: list[str]) -> Any:
    return lambda spec: Counted(spec, made, closed)


def test_a_loop_of_translate_calls_loads_the_model_once() -> None:
    made: list[str] = []
    factory = _factory(made, [])
    options = Options(use_cache=False)
    for n in range(5):
        result = pipeline.translate(f"doc-{n}", options, text=INDONESIAN, translator_factory=factory)
        assert result.segments[0].translation == "The government announced a new budget."
    assert made == ["Helsinki-NLP/opus-mt-id-en"]


def test_other_options_load_their_own_and_the_oldest_set_is_freed() -> None:
    made: list[str] = []
    closed: list[str] = []
    factory = _factory(made, closed)
    for batch_size in (4, 8, 16):  # three option sets: two are kept
        pipeline.translate("doc", Options(use_cache=False, batch_size=batch_size), text=INDONESIAN,
                           translator_factory=factory)
    assert len(made) == 3 and closed == ["Helsinki-NLP/opus-mt-id-en"]
    pipeline.translate("doc", Options(use_cache=False, batch_size=16), text=INDONESIAN, translator_factory=factory)
    assert len(made) == 3  # the newest set's model is still loaded


def test_each_thread_loads_its_own() -> None:
    made: list[str] = []
    factory = _factory(made, [])
    options = Options(use_cache=False)
    pipeline.translate("doc", options, text=INDONESIAN, translator_factory=factory)
    worker = threading.Thread(target=pipeline.translate, args=("doc", options),
                              kwargs={"text": INDONESIAN, "translator_factory": factory})
    worker.start()
    worker.join()
    assert len(made) == 2


def test_a_report_names_only_the_models_its_own_call_used() -> None:
    made: list[str] = []
    factory = _factory(made, [])
    options = Options(use_cache=False)
    first = pipeline.audit("original", "repost", options, factory, original_text=ENGLISH, repost_text=INDONESIAN)
    assert [m["id"] for m in first.signature["models"]] == ["Helsinki-NLP/opus-mt-id-en"]
    second = pipeline.audit("original", "repost", options, factory, original_text=ENGLISH, repost_text=ENGLISH)
    assert second.signature["models"] == []
    assert made == ["Helsinki-NLP/opus-mt-id-en"]


def test_the_real_backend_is_loaded_once_too(model_dir: Path, monkeypatch: Any) -> None:
    import pipeline.engines.local as local

    made: list[str] = []
    real = local.MarianTranslator

    def counting(spec: ModelSpec, *args: Any) -> Any:
        made.append(spec.model_id)
        return real(spec, *args)

    monkeypatch.setattr(local, "MarianTranslator", counting)
    options = Options(use_cache=False, model_dir=model_dir, backend="transformers")
    for n in range(3):
        result = pipeline.translate(f"doc-{n}", options, text=INDONESIAN)
        assert result.segments[0].route == "Helsinki-NLP/opus-mt-id-en"
    assert made == ["Helsinki-NLP/opus-mt-id-en"]


def test_a_translator_shared_by_two_option_sets_is_not_closed_while_kept(tmp_path: Path) -> None:
    # A factory may hand the same translator to every option set: freeing the oldest set
    # must not close the one the newest still uses.
    closed: list[str] = []
    shared = Counted(ModelSpec("Helsinki-NLP/opus-mt-id-en"), [], closed)

    def factory(spec: ModelSpec) -> Any:
        return shared

    for batch_size in (4, 8, 16, 32):
        pipeline.translate("doc", Options(use_cache=False, batch_size=batch_size), text=INDONESIAN,
                           translator_factory=factory)
    assert closed == []


def test_options_that_make_no_translator_share_one(tmp_path: Path) -> None:
    made: list[str] = []
    factory = _factory(made, [])
    tm = tmp_path / "tm.tsv"
    tm.write_text("Satu.\tOne.\n", encoding="utf-8")
    for options in (Options(use_cache=False), Options(use_cache=False, tm_file=tm), Options(use_cache=False, strict=True)):
        pipeline.translate("doc", options, text=INDONESIAN, translator_factory=factory)
    assert made == ["Helsinki-NLP/opus-mt-id-en"]


def test_release_models_frees_what_calls_kept() -> None:
    from pipeline.api import release_models

    made: list[str] = []
    closed: list[str] = []
    factory = _factory(made, closed)
    pipeline.translate("doc", Options(use_cache=False), text=INDONESIAN, translator_factory=factory)
    release_models()
    assert closed == ["Helsinki-NLP/opus-mt-id-en"]
    pipeline.translate("doc", Options(use_cache=False), text=INDONESIAN, translator_factory=factory)
    assert len(made) == 2


def test_a_report_names_only_its_own_runs_backend_fallbacks() -> None:
    from pipeline.engines.local import Pipeline, loaded

    options = Options(use_cache=False)
    kept = loaded(options, _factory([], []))
    kept.fallen_back["Helsinki-NLP/opus-mt-de-en"] = "an earlier call's model fell back"
    run = Pipeline.build(options, kept.factory, kept)
    run.process("doc", INDONESIAN)
    assert "transformers_for" not in run.signature()["backend"]
