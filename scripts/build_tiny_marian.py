"""Build a tiny MarianMT model directory with random weights, for offline tests.

The directory has the layout of a downloaded Helsinki-NLP opus-mt model (``config.json``,
``generation_config.json``, ``model.safetensors``, ``source.spm``, ``target.spm``,
``vocab.json``, ``tokenizer_config.json``, ``special_tokens_map.json``), so
``MarianMTModel.from_pretrained`` and ``MarianTokenizer.from_pretrained`` load it through
the same code path as a real model. Its translations are gibberish, but deterministic for
a given seed, non-empty, and dependent on the input.

Usage: ``python scripts/build_tiny_marian.py OUT_DIR [--text FILE ...] [--seed N]``
(default texts: the files in ``examples/``).
"""

from __future__ import annotations

import argparse
import io
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import sentencepiece as spm
import torch
from transformers import GenerationConfig, MarianConfig, MarianMTModel

EOS, UNK, PAD = "</s>", "<unk>", "<pad>"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Logit offset for </s>: with random weights </s> can win at any step, the first
# included (empty output). Lowering it keeps output non-empty inside the model itself,
# not through a generation option (min_new_tokens) that other backends such as
# CTranslate2 would not apply. Output then usually runs to max_new_tokens/max_length.
EOS_LOGIT_BIAS = -4.0


def _train_sentencepiece(lines: list[str], vocab_size: int) -> bytes:
    """Train a unigram SentencePiece model whose ids match opus-mt's vocab.json order.

    ``</s>`` is id 0 and ``<unk>`` id 1, as in Marian vocabularies, so spm ids and
    vocab.json ids coincide; there is no ``<s>`` (Marian does not use one) and no pad
    (the tokenizer's ``<pad>`` is appended after the last piece).
    """
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # little text: accept fewer pieces than asked for
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        eos_piece=EOS,
        unk_piece=UNK,
        num_threads=1,  # deterministic and light on shared CPUs
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    return model.getvalue()


def _text_lines(texts: Iterable[str]) -> list[str]:
    lines = [line.strip() for text in texts for line in text.splitlines()]
    return [line for line in lines if line]


def build_tiny_marian(
    out_dir: Path,
    texts: Iterable[str],
    *,
    vocab_size: int = 500,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 2,
    ffn: int = 64,
    seed: int = 0,
    max_length: int = 64,
) -> Path:
    """Write a tiny random-weight MarianMT model to ``out_dir`` and return it.

    ``texts`` are whole documents (not paths); the SentencePiece vocabulary is trained
    on their non-blank lines and may come out smaller than ``vocab_size`` when the text
    is short. The same texts and ``seed`` give byte-identical weights, hence the same
    greedy translations. The global torch RNG is left as it was.
    """
    lines = _text_lines(texts)
    if not lines:
        raise ValueError("build_tiny_marian needs some non-blank text to train a vocabulary")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    spm_bytes = _train_sentencepiece(lines, vocab_size)
    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # opus-mt layout: </s> 0, <unk> 1, the pieces, and <pad> last (pad id = size - 1).
    vocab = {piece: i for i, piece in enumerate(pieces)}
    vocab[PAD] = len(vocab)
    pad_id, eos_id = vocab[PAD], vocab[EOS]
    n_vocab = len(vocab)
    # As in opus-mt, the encoder accepts 512 tokens (sinusoidal positions are computed,
    # not stored, so this costs nothing on disk); max_length only caps generation.
    n_positions = max(512, max_length)

    for name in ("source.spm", "target.spm"):
        (out_dir / name).write_bytes(spm_bytes)
    _write_json(out_dir / "vocab.json", vocab)
    _write_json(
        out_dir / "tokenizer_config.json",
        {
            "source_lang": "id",
            "target_lang": "en",
            "separate_vocabs": False,
            "model_max_length": n_positions,
            "tokenizer_class": "MarianTokenizer",
        },
    )
    _write_json(out_dir / "special_tokens_map.json", {"eos_token": EOS, "unk_token": UNK, "pad_token": PAD})

    config = MarianConfig(
        vocab_size=n_vocab,
        decoder_vocab_size=n_vocab,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=n_positions,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        bos_token_id=eos_id,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        architectures=["MarianMTModel"],
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = MarianMTModel(config)
        _spread_weights(model, d_model, pad_id, eos_id)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        bos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        pad_token_id=pad_id,
        max_length=max_length,
        num_beams=1,
        renormalize_logits=True,
    )
    model.save_pretrained(out_dir)
    return out_dir


# Init gains (times 1/sqrt(fan_in)): sharper attention (q, k) and stronger attention
# outputs (v, out) keep the input visible through the layers; see _spread_weights.
_GAINS = {"q_proj": 3.0, "k_proj": 3.0, "v_proj": 2.0, "out_proj": 2.0}


@torch.no_grad()
def _spread_weights(model: MarianMTModel, d_model: int, pad_id: int, eos_id: int) -> None:
    """Rescale the random init so that outputs depend on the input.

    With the default init (std 0.02) the scaled token embeddings are about 50 times
    smaller than the sinusoidal position embeddings and attention is nearly uniform,
    so cross-attention averages the source away and every input decodes to the same
    string. Token embeddings of std 1/sqrt(d_model) (about unit size after the
    sqrt(d_model) embedding scale) and weight matrices of std gain/sqrt(fan_in)
    make the output depend on the source and the logits spread (std about 1).
    """
    shared = model.model.shared.weight
    shared.normal_(0.0, 1.0 / math.sqrt(d_model))
    shared[pad_id].zero_()  # the decoder starts from pad's zero embedding, as in opus-mt
    for name, param in model.named_parameters():
        if param.dim() == 2 and "embed" not in name and "shared" not in name and "lm_head" not in name:
            gain = next((g for key, g in _GAINS.items() if key in name), 1.0)
            param.normal_(0.0, gain / math.sqrt(param.shape[1]))
    model.final_logits_bias.zero_()
    model.final_logits_bias[0, eos_id] = EOS_LOGIT_BIAS


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--text", type=Path, action="append", metavar="FILE", help="text file to train the vocabulary on (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vocab-size", type=int, default=500)
    parser.add_argument("--max-length", type=int, default=64)
    args = parser.parse_args(argv)
    files = args.text or sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".tsv"})
    texts = [f.read_text(encoding="utf-8") for f in files]
    out = build_tiny_marian(args.out_dir, texts, seed=args.seed, vocab_size=args.vocab_size, max_length=args.max_length)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
