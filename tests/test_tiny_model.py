"""The offline test model loads and behaves like a downloaded opus-mt model directory."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

transformers = pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")
torch = pytest.importorskip("torch")
from transformers import MarianMTModel, MarianTokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SOURCES = [
    "Belum semua negara menjanjikan dana.",
    "Limbah itu memukul kota-kota nelayan paling heavy.",
    "Kelompok itu akan bertemu lagi pada 12 November untuk meninjau kemajuan, tambahnya.",
]


def _load_builder():  # scripts/ is not a package: load the module from its path
    spec = importlib.util.spec_from_file_location("build_tiny_marian", ROOT / "scripts" / "build_tiny_marian.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.t*"))]


def _translate(model_dir: Path, batch: list[str]) -> list[str]:
    tok = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir)
    out = model.generate(**tok(batch, return_tensors="pt", padding=True), num_beams=1, max_new_tokens=20)
    return tok.batch_decode(out, skip_special_tokens=True)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builder.build_tiny_marian(tmp_path_factory.mktemp("tiny") / "opus-mt-id-en", _texts())


def test_layout_matches_opus_mt(model_dir: Path) -> None:
    names = {p.name for p in model_dir.iterdir()}
    assert {"config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm",
            "vocab.json", "tokenizer_config.json"} <= names
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == max(vocab.values())


def test_tokenizer_and_config_agree(model_dir: Path) -> None:
    tok = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir)
    cfg, gen = model.config, model.generation_config
    assert tok.pad_token_id == cfg.pad_token_id == len(tok) - 1 == cfg.vocab_size - 1
    assert cfg.decoder_start_token_id == cfg.pad_token_id == gen.decoder_start_token_id
    assert tok.eos_token_id == cfg.eos_token_id == gen.eos_token_id == 0
    assert tok.unk_token_id == 1
    assert gen.bad_words_ids == [[cfg.pad_token_id]]
    assert cfg.activation_function == "swish" and cfg.scale_embedding
    assert cfg.max_position_embeddings >= gen.max_length
    assert not model.training
    # The decoder starts from pad's embedding, which must stay zero (opus-mt convention).
    assert torch.count_nonzero(model.model.shared.weight[cfg.pad_token_id]) == 0
    ids = tok(SOURCES[0])["input_ids"]
    assert ids[-1] == tok.eos_token_id and tok.unk_token_id not in ids


def test_translations_are_non_empty_varied_and_deterministic(model_dir: Path, tmp_path: Path) -> None:
    first = _translate(model_dir, SOURCES)
    assert all(t.strip() for t in first)
    assert len(set(first)) == len(SOURCES)  # output depends on the input
    rebuilt = builder.build_tiny_marian(tmp_path / "again", _texts())
    digest = [hashlib.sha256((d / "model.safetensors").read_bytes()).hexdigest() for d in (model_dir, rebuilt)]
    assert digest[0] == digest[1]
    assert _translate(rebuilt, SOURCES) == first
    other_seed = builder.build_tiny_marian(tmp_path / "seed1", _texts(), seed=1)
    assert _translate(other_seed, SOURCES) != first


def test_padding_does_not_change_output(model_dir: Path) -> None:
    batched = _translate(model_dir, SOURCES)
    alone = [_translate(model_dir, [s])[0] for s in SOURCES]
    assert batched == alone


def test_global_rng_is_left_alone(tmp_path: Path) -> None:
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    builder.build_tiny_marian(tmp_path / "m", ["Satu baris teks saja."])
    assert torch.equal(torch.rand(3), expected)


def test_cli_builds_from_example_files(tmp_path: Path) -> None:
    assert builder.main([str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "model.safetensors").is_file()
    with pytest.raises(ValueError):
        builder.build_tiny_marian(tmp_path / "empty", ["", "  \n"])


def test_ctranslate2_conversion_matches_transformers_float32(model_dir: Path, tmp_path: Path) -> None:
    ctranslate2 = pytest.importorskip("ctranslate2")
    out = tmp_path / "ct2"
    ctranslate2.converters.TransformersConverter(str(model_dir)).convert(str(out))
    tok = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir)
    # HF spends the last of max_new_tokens on the forced </s>; CTranslate2's
    # max_decoding_length counts content tokens only.
    hf = model.generate(**tok(SOURCES, return_tensors="pt", padding=True), num_beams=1, max_new_tokens=20)
    expected = [[t for t in tok.convert_ids_to_tokens(row) if t not in ("<pad>", "</s>")] for row in hf]
    translator = ctranslate2.Translator(str(out), device="cpu", compute_type="float32")
    source_tokens = [tok.convert_ids_to_tokens(tok(s)["input_ids"]) for s in SOURCES]  # ends with </s>
    results = translator.translate_batch(source_tokens, beam_size=1, max_decoding_length=19)
    assert [r.hypotheses[0] for r in results] == expected
