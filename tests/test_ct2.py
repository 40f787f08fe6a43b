"""The CTranslate2 backend: same greedy tokens as transformers at float32, cached conversion, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, TINY_MODEL_ID
from pipeline.cli import main
from pipeline.errors import MtauditError
from pipeline.engines.local import Options, Pipeline
from pipeline.translation.route import ModelSpec
from pipeline.settings import DecodeOptions
from pipeline.translation.batching import MarianTranslator
from pipeline.translation.engine import TranslatorPool

ct2 = pytest.importorskip("ctranslate2")

from pipeline.translation import ct2 as backend_ct2  # noqa: E402  (needs ctranslate2)
from pipeline.translation.ct2 import CTranslate2Translator  # noqa: E402

REPOST = EXAMPLES / "repost.id.txt"
SPEC = ModelSpec(TINY_MODEL_ID)
# Short outputs keep the test fast: the random model never stops before its length limit.
CPU = DecodeOptions(device="cpu", max_length_ratio=0.1, max_length_extra=8)
# Lengths differ a lot, so one batch carries padding; the last is short enough to end early.
SENTENCES = [
    "Empat belas negara pesisir sepakat pada hari Selasa untuk mendanai jaringan stasiun pengumpulan limbah.",
    "Halo.",
    "Ruiz mengatakan pakta itu akan bergantung pada satu donor.",
    "Kesenjangan Pendanaan",
    "Belum semua negara menjanjikan dana, kata pejabat itu kepada wartawan di Port Alder pada bulan Oktober.",
    "2026",
]


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    # The tiny model is all per-op overhead: on a busy 2-core machine two OpenMP threads
    # wait on each other far longer than they compute (4x slower test run).
    patch = pytest.MonkeyPatch()
    patch.setenv("OMP_NUM_THREADS", "1")
    yield
    patch.undo()


@pytest.fixture(scope="module")
def both(model_dir: Path) -> tuple[MarianTranslator, CTranslate2Translator]:
    return MarianTranslator(SPEC, CPU, model_dir), CTranslate2Translator(SPEC, CPU, model_dir, "float32")


def _hf_tokens(translator: MarianTranslator, batch: list[list[int]], max_new: int) -> list[list[int]]:
    inputs = translator._tokenizer.pad({"input_ids": batch}, padding=True, return_tensors="pt")
    generated = translator._model.generate(**inputs, num_beams=1, max_new_tokens=max_new, do_sample=False)
    special = {translator._tokenizer.pad_token_id, translator._tokenizer.eos_token_id}
    return [[t for t in row[1:] if t not in special] for row in generated.tolist()]  # row[0]: decoder start


def _ct2_tokens(translator: CTranslate2Translator, batch: list[list[int]], max_new: int) -> list[list[int]]:
    tokenizer = translator._tokenizer
    results = translator._model.translate_batch(
        [tokenizer.convert_ids_to_tokens(ids) for ids in batch], beam_size=1, max_decoding_length=max_new - 1
    )
    return [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]


@pytest.mark.parametrize("max_new", [3, 24])
def test_greedy_tokens_identical_at_float32(both: tuple[MarianTranslator, CTranslate2Translator], max_new: int) -> None:
    hf, ct = both
    hf._load()
    ct._load()
    batch = hf._tokenizer(SENTENCES)["input_ids"]
    assert len({len(ids) for ids in batch}) > 1, "the batch must need padding"
    assert batch == ct._tokenizer(SENTENCES)["input_ids"]
    expected = _hf_tokens(hf, batch, max_new)
    assert all(expected)
    assert _ct2_tokens(ct, batch, max_new) == expected


def test_translate_identical_at_float32(both: tuple[MarianTranslator, CTranslate2Translator]) -> None:
    hf, ct = both
    long = ", ".join(["pasukan Rusia menyerang kota di wilayah timur"] * 40) + "."  # split, not truncated
    texts = SENTENCES + [long]
    expected = hf.translate(texts)
    assert all(expected)
    assert ct.translate(texts) == expected
    assert ct.settings == {**hf.settings, "backend": "ctranslate2", "compute_type": "float32"}


def test_two_workers_decode_the_same_batches(model_dir: Path) -> None:
    # Batches submitted to two CTranslate2 workers at once come back in order, each the
    # same as when decoded one after another.
    texts = SENTENCES * 3 + [f"Kalimat nomor {i} tentang pasukan dan kota." for i in range(20)]
    options = DecodeOptions(device="cpu", max_length_ratio=0.1, max_length_extra=8, batch_size=4)
    one = CTranslate2Translator(SPEC, options, model_dir, "float32")
    one.inter_threads, one.intra_threads = 1, 1
    two = CTranslate2Translator(SPEC, options, model_dir, "float32")
    two.inter_threads, two.intra_threads = 2, 1
    expected = one.translate(texts)
    assert two.translate(texts) == expected and all(expected)
    assert two.model_calls == one.model_calls > 2


def test_ct2_threads_split_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, expected in ((1, (1, 1)), (2, (2, 1)), (16, (2, 8))):
        monkeypatch.setenv("OMP_NUM_THREADS", str(cores))
        assert backend_ct2.ct2_threads("cpu") == expected
    assert backend_ct2.ct2_threads("cuda") == (1, 0)


TOKENIZER_TEXTS = SENTENCES + [
    "", " ", "a", "  spasi   ganda\tdan tab ", "“Kutipan” — tanda… ‘baca’", "Ekspor naik 12,5% (y/y).",
    "漢字とかな", "Ünïcödé ñ ß", ">>fr<< Bonjour", ">>", ">><<", "<<>>", "x >>fr<< y",
    "</s>", " </s> ", "a</s>b", "<unk>", "<pad>x", "<</s>>", ">>fr<< a </s>>>de<< b<unk>",
]


def test_sentencepiece_tokenizer_matches_marian_tokenizer(model_dir: Path) -> None:
    from transformers import MarianTokenizer

    path = model_dir / TINY_MODEL_ID.replace("/", "--")
    marian = MarianTokenizer.from_pretrained(path)
    fast = backend_ct2.SentencePieceMarian.load(path)
    assert fast is not None
    examples = [line for p in sorted(EXAMPLES.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    texts = TOKENIZER_TEXTS + examples
    expected = marian(texts)["input_ids"]
    assert fast(texts)["input_ids"] == expected
    assert [fast(t)["input_ids"] for t in TOKENIZER_TEXTS] == [marian(t)["input_ids"] for t in TOKENIZER_TEXTS]
    assert fast.model_max_length == marian.model_max_length
    assert fast.get_vocab() == marian.get_vocab()
    ids = expected + [[5, 1, 7, 0, 9], [len(marian.get_vocab()) - 1, 3, 0]]  # with <unk>, </s> and <pad>
    assert fast.batch_decode(ids) == marian.batch_decode(ids, skip_special_tokens=True)
    assert [fast.decode_tokens(marian.convert_ids_to_tokens(i)) for i in ids] == marian.batch_decode(
        ids, skip_special_tokens=True
    )
    assert fast.convert_ids_to_tokens(expected[0]) == marian.convert_ids_to_tokens(expected[0])


def test_unusual_tokenizer_settings_fall_back_to_marian_tokenizer(model_dir: Path, tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "m"
    shutil.copytree(model_dir / TINY_MODEL_ID.replace("/", "--"), path)
    assert backend_ct2.SentencePieceMarian.load(path) is not None
    config = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    (path / "tokenizer_config.json").write_text(json.dumps({**config, "sp_model_kwargs": {"enable_sampling": False}}), encoding="utf-8")
    assert backend_ct2.SentencePieceMarian.load(path) is None
    tokenizer, source, from_hf_cache = backend_ct2.load_marian_tokenizer({"pretrained_model_name_or_path": str(path)})
    assert type(tokenizer).__name__ == "MarianTokenizer" and source == path and not from_hf_cache


def test_ct2_backend_does_not_import_transformers(model_dir: Path) -> None:
    import subprocess
    import sys

    CTranslate2Translator(SPEC, CPU, model_dir, "int8")._load()  # the one-off conversion needs torch
    code = (
        "import sys; from pathlib import Path; from pipeline.translation.ct2 import CTranslate2Translator; "
        "from pipeline.translation.route import ModelSpec; from pipeline.settings import DecodeOptions; "
        f"t = CTranslate2Translator(ModelSpec({TINY_MODEL_ID!r}), DecodeOptions(device='cpu', max_length_extra=4), "
        f"Path({str(model_dir)!r}), 'int8'); assert t.translate(['Halo dunia.']); "
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]"


def test_conversion_is_cached_and_redone_when_model_changes(
    model_dir: Path, both: tuple[MarianTranslator, CTranslate2Translator], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, first = both
    first._load()
    converted = model_dir / f"{TINY_MODEL_ID.replace('/', '--')}.ct2-float32"
    assert first.converted == converted and (converted / "model.bin").is_file()
    assert not list(model_dir.glob(".*tmp-*")), "no temporary directory is left behind"

    calls: list[Any] = []
    real = ct2.converters.TransformersConverter

    class Spy(real):  # type: ignore[misc, valid-type]
        def convert(self, *args: Any, **kwargs: Any) -> Any:
            calls.append(args)
            return super().convert(*args, **kwargs)

    monkeypatch.setattr(ct2.converters, "TransformersConverter", Spy)
    second = CTranslate2Translator(SPEC, CPU, model_dir, "float32")
    assert second.translate(["Halo dunia."]) and calls == []

    stamp = converted / "mtaudit-source.json"
    stamp.write_text(stamp.read_text(encoding="utf-8").replace('"files"', '"older_files"'), encoding="utf-8")
    third = CTranslate2Translator(SPEC, CPU, model_dir, "float32")
    assert third.translate(["Halo dunia."]) == second.translate(["Halo dunia."])
    assert len(calls) == 1 and '"files"' in stamp.read_text(encoding="utf-8")


def test_hf_cache_conversion_is_keyed_by_commit_in_the_user_cache(tmp_path: Path) -> None:
    snapshot = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-id-en" / "snapshots" / "0123abcd"
    path = backend_ct2.converted_path(snapshot, SPEC, "int8", from_hf_cache=True)
    assert path.name == "Helsinki-NLP--opus-mt-id-en--0123abcd--int8"
    assert path.parent.name == "ct2" and str(tmp_path / "xdg-cache") in str(path)  # conftest's user cache
    local = backend_ct2.converted_path(tmp_path / "m" / "opus-mt-id-en", SPEC, "float32", from_hf_cache=False)
    assert local == tmp_path / "m" / "opus-mt-id-en.ct2-float32"


def test_int8_translates(model_dir: Path) -> None:
    translator = CTranslate2Translator(SPEC, CPU, model_dir, "int8")
    out = translator.translate(SENTENCES)
    assert len(out) == len(SENTENCES) and all(out)
    assert translator.settings["compute_type"] == "int8"
    translator.close()
    assert translator._model is None


def test_auto_backend_and_signature(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = Pipeline.build(Options(model_dir=model_dir, use_cache=False, device="cpu"))
    # No translator made yet: no decoder ran, and the compute type is resolved on first need.
    assert pipeline.signature()["backend"] == {"name": "ctranslate2"}
    assert pipeline.engine.pool.get(SPEC).settings["compute_type"] == "int8"
    assert pipeline.signature()["backend"] == {"name": "ctranslate2", "compute_type": "int8"}
    # A compute type asked for is resolved (and checked) when the pipeline is built.
    pipeline = Pipeline.build(Options(model_dir=model_dir, use_cache=False, compute_type="float32"))
    assert pipeline.signature()["backend"] == {"name": "ctranslate2", "compute_type": "float32"}
    monkeypatch.setattr(backend_ct2, "ct2_available", lambda: False)
    pipeline = Pipeline.build(Options(model_dir=model_dir, use_cache=False))
    assert pipeline.signature()["backend"] == {"name": "transformers"}
    with pytest.raises(MtauditError, match="ctranslate2 package"):
        Pipeline.build(Options(model_dir=model_dir, use_cache=False, backend="ctranslate2"))


def test_a_run_that_translates_nothing_does_not_import_ctranslate2() -> None:
    # The bundled example audits from its TM: importing ctranslate2 (and asyncio with it)
    # cost its cold run 0.14 s for a decoder that never ran.
    import subprocess
    import sys

    code = ("import sys; from pipeline.cli import main; "
            f"code = main(['audit', '{EXAMPLES / 'original.en.txt'}', '{EXAMPLES / 'repost.id.txt'}', "
            f"'--tm', '{EXAMPLES / 'repost.tm.tsv'}', '--no-cache']); "
            "print('ctranslate2' in sys.modules, code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    assert out[-2] == "False" and out[-1] in ("0", "1")  # the audit ran to its end


def test_pool_eviction_frees_the_model() -> None:
    closed: list[str] = []

    class Fake:
        model_calls = 0
        settings: dict[str, Any] = {}

        def __init__(self, spec: ModelSpec) -> None:
            self.spec = spec

        def translate(self, texts: Any) -> list[str]:
            return list(texts)

        def close(self) -> None:
            closed.append(self.spec.model_id)

    pool = TranslatorPool(Fake, capacity=2)  # type: ignore[arg-type]
    for name in ("a", "b", "a", "c"):
        pool.get(ModelSpec(name))
    assert closed == ["b"] and list(pool._live) == ["a@None", "c@None"]
    with pytest.raises(MtauditError, match="--max-models"):
        TranslatorPool(Fake, capacity=0)  # type: ignore[arg-type]


def _translate_jsonl(tmp_path: Path, model_dir: Path, *extra: str) -> list[dict[str, Any]]:
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(REPOST), "--format", "jsonl", "-o", str(out), "--model-dir", str(model_dir),
                 "--no-cache", "-q", "--device", "cpu", *extra])
    assert code == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_cli_ctranslate2_end_to_end(tmp_path: Path, model_dir: Path) -> None:
    # Greedy output is the same token for token; the second try is beam search, which
    # the two decoders need not agree on, so it is off here.
    greedy = tmp_path / "greedy.toml"
    greedy.write_text("[checks]\nretry = false\n", encoding="utf-8")
    records = _translate_jsonl(
        tmp_path, model_dir, "--backend", "ctranslate2", "--compute-type", "float32", "--max-models", "1",
        "--config", str(greedy),
    )
    translated = [r for r in records if r["route"] == TINY_MODEL_ID]
    assert translated and all(r["translation"] for r in translated)
    reference = _translate_jsonl(tmp_path, model_dir, "--backend", "transformers", "--config", str(greedy))
    assert [r["translation"] for r in records] == [r["translation"] for r in reference]
    # Both decoders tell the same sentences cut at the length limit, so the checks agree too.
    assert [r["checks"] for r in records] == [r["checks"] for r in reference]
    assert any("length-cap" in r["checks"] for r in records)


def test_missing_model_same_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "id.txt"
    doc.write_text(REPOST.read_text(encoding="utf-8"), encoding="utf-8")
    errors = []
    for backend in ("ctranslate2", "transformers"):
        code = main(["translate", str(doc), "--no-cache", "--model-dir", str(tmp_path / "none"), "--backend", backend])
        errors.append(capsys.readouterr().err.strip())
        assert code == 2
    assert len(errors[0].splitlines()) == 1 and TINY_MODEL_ID in errors[0] and "Traceback" not in errors[0]
    assert errors[0] == errors[1]


def _unconvertible(tmp_path: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the tiny model (no earlier conversion beside it) that CTranslate2's converter refuses."""
    import shutil

    from ctranslate2.converters import TransformersConverter

    copy = tmp_path / "models"
    shutil.copytree(model_dir, copy, ignore=shutil.ignore_patterns("*.ct2-*"))

    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("unsupported architecture")  # as the converter says of a model it cannot read

    monkeypatch.setattr(TransformersConverter, "convert", refuse)
    return copy


def test_auto_runs_a_model_ctranslate2_cannot_convert_on_transformers(
        tmp_path: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # The conversion error ended the whole run (exit 2), every other model's sentences with it.
    models = _unconvertible(tmp_path, model_dir, monkeypatch)
    greedy = tmp_path / "greedy.toml"
    greedy.write_text("[checks]\nretry = false\n", encoding="utf-8")
    out = tmp_path / "auto.jsonl"
    with caplog.at_level("WARNING"):
        code = main(["translate", str(REPOST), "--format", "jsonl", "-o", str(out), "--model-dir", str(models),
                     "--no-cache", "--device", "cpu", "--config", str(greedy)])
    assert code == 0
    assert any("cannot convert" in r.message and "runs on transformers instead" in r.message for r in caplog.records)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    reference = _translate_jsonl(tmp_path, models, "--backend", "transformers", "--config", str(greedy))
    assert [r["translation"] for r in records] == [r["translation"] for r in reference]
    assert not any(r.get("flag") for r in records)


def test_explicit_ctranslate2_flags_a_model_it_cannot_convert_and_goes_on(
        tmp_path: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = _unconvertible(tmp_path, model_dir, monkeypatch)
    english = [line for line in (EXAMPLES / "original.en.txt").read_text(encoding="utf-8").splitlines()
               if len(line.split()) > 6][:6]
    doc = tmp_path / "mostly-english.txt"
    doc.write_text("\n".join([*english, SENTENCES[0]]), encoding="utf-8")  # one Indonesian sentence among English
    out = tmp_path / "out.jsonl"
    code = main(["translate", str(doc), "--format", "jsonl", "-o", str(out), "--model-dir", str(models),
                 "--no-cache", "-q", "--device", "cpu", "--backend", "ctranslate2"])
    assert code == 1  # the run finished, not everything was translated
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [flagged] = [r for r in records if r.get("flag")]
    assert flagged["text"] == SENTENCES[0] and flagged["translation"] == SENTENCES[0]
    assert flagged["flag"].startswith("model-unavailable") and "for CTranslate2: unsupported architecture" in flagged["flag"]
    assert all(r["route"] == "passthrough" for r in records if r is not flagged)
