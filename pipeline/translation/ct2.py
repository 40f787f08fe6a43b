"""CTranslate2 backend: the same MarianMT model, converted once, decoded in int8 on CPU.

The transformers checkpoint is converted with CTranslate2's own converter the first
time it is needed and the result is kept: next to a ``--model-dir`` model as
``<model dir>.ct2-<quantization>/``, and for a Hugging Face cache model under
``<user cache dir>/mtaudit/ct2/<model id>--<commit>--<quantization>/``. Batching is
shared with the transformers backend (``BatchedTranslator``), so at float32 the greedy
output is the transformers output, token for token.

Tokenisation is ``MarianTokenizer``'s, done here with the model's SentencePiece files and
``vocab.json`` (``SentencePieceMarian``), so that this backend never imports transformers
(or torch): a smaller process that starts faster. transformers' ``MarianTokenizer`` does
not apply its Moses punctuation normaliser when encoding, so neither does this. A model
directory whose tokenizer settings this does not reproduce (separate vocabularies, extra
special or added tokens, SentencePiece options) is tokenised by ``MarianTokenizer``.

Two differences between the decoders are bridged here: CTranslate2 takes the source
tokens with their closing ``</s>`` as given, and it does not force ``</s>`` when it
reaches the length limit the way transformers does (``forced_eos_token_id``), so its
limit is one token less than ``max_new_tokens``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs

from pipeline.errors import BackendError, ConfigError
from pipeline.translation.route import ModelSpec
from pipeline.settings import DecodeOptions, RetryDecoding
from pipeline.translation.batching import BatchedTranslator
from pipeline.translation.models import cpu_threads, load_with_fallback
from pipeline.engines.options import COMPUTE_TYPES
from pipeline.translation.spm_tokenizer import SentencePieceMarian

log = logging.getLogger(__name__)

# Written last into a converted directory: its presence means the conversion finished,
# its content says which source files (by size and mtime) it was converted from.
_STAMP = "mtaudit-source.json"
_SOURCE_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "vocab.json", "source.spm", "target.spm")


def ct2_available() -> bool:
    """Whether the ``ctranslate2`` package can be imported (the ``ct2`` extra)."""
    return importlib.util.find_spec("ctranslate2") is not None


def resolve_backend(backend: str) -> str:
    """``auto`` becomes the fastest installed backend: ctranslate2 if importable, else transformers."""
    if backend == "auto":
        return "ctranslate2" if ct2_available() else "transformers"
    if backend == "ctranslate2" and not ct2_available():
        raise ConfigError("--backend ctranslate2 needs the ctranslate2 package: pip install 'mtaudit[ct2]'")
    return backend


def pick_ct2_device(device: str) -> str:
    """``auto`` becomes ``cuda`` when CTranslate2 sees a GPU, else ``cpu``."""
    import ctranslate2

    has_gpu = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if has_gpu else "cpu"
    if device == "cuda" and not has_gpu:
        raise ConfigError("--device cuda: CTranslate2 sees no CUDA device")
    return device


def resolve_compute_type(compute_type: str, device: str) -> str:
    """The concrete compute type (also the conversion's quantization) for ``device``.

    ``auto`` is int8 on CPU (about three times float32's speed at a quarter of its
    memory) and float16 on GPU. A type the device cannot run is an error rather than
    CTranslate2's silent substitution, because the type is part of the cache key.
    """
    import ctranslate2

    if compute_type not in COMPUTE_TYPES:
        raise ConfigError(f"--compute-type must be one of {', '.join(COMPUTE_TYPES)}, not {compute_type!r}")
    supported = set(ctranslate2.get_supported_compute_types(device))
    if compute_type == "auto":
        preferred = ("float16", "int8", "float32") if device == "cuda" else ("int8", "float32")
        return next(t for t in preferred if t in supported or t == "float32")
    if compute_type not in supported:
        raise ConfigError(
            f"--compute-type {compute_type} is not supported on {device} (supported: {', '.join(sorted(supported))})"
        )
    return compute_type


def warn_if_mkl_on_amd() -> None:
    """CT2_USE_MKL=1 makes CTranslate2 13-15 times slower on AMD CPUs: say so once."""
    if os.environ.get("CT2_USE_MKL", "").strip().lower() not in ("1", "true", "on", "yes"):
        return
    with contextlib.suppress(OSError):
        if "AuthenticAMD" in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace"):
            log.warning("CT2_USE_MKL=1 on an AMD CPU makes CTranslate2 much slower; unset it for oneDNN")


def ct2_threads(device: str) -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` for a CTranslate2 ``Translator`` on ``device``.

    On CPU two workers decode two batches at once, each with half the cores (one each on
    a 2-core machine): a greedy decoding step is many small matrix products, and one
    batch spread over every core spends much of its time waiting at OpenMP barriers.
    Measured on 2 cores (opus-mt-size model, int8): two single-threaded workers decode
    about 1.4 times as many sentences per second as one two-threaded worker. The cost is
    memory for a second batch in flight. On GPU, one worker (one CUDA stream).
    """
    if device != "cpu":
        return 1, 0
    cores = cpu_threads()
    workers = 2 if cores >= 2 else 1
    return workers, max(1, cores // workers)


def _fingerprint(source: Path) -> dict[str, Any]:
    files = {}
    for name in _SOURCE_FILES:
        path = source / name
        if path.exists():
            st = path.stat()  # follows HF-cache symlinks to the blobs
            files[name] = [st.st_size, st.st_mtime_ns]
    return {"source": str(source.resolve()), "files": files}


def converted_path(source: Path, spec: ModelSpec, quantization: str, from_hf_cache: bool) -> Path:
    """Where the conversion of ``source`` at ``quantization`` is kept.

    A Hugging Face snapshot directory is named by its commit, which goes into the key.
    """
    cache_root = Path(platformdirs.user_cache_dir("mtaudit")) / "ct2"
    if from_hf_cache:
        return cache_root / f"{spec.model_id.replace('/', '--')}--{source.name}--{quantization}"
    return source.parent / f"{source.name}.ct2-{quantization}"


def _fallback_path(source: Path, spec: ModelSpec, quantization: str) -> Path:
    # A read-only --model-dir: keep the conversion in the user cache, keyed by the path.
    digest = hashlib.sha256(str(source.resolve()).encode("utf-8")).hexdigest()[:12]
    cache_root = Path(platformdirs.user_cache_dir("mtaudit")) / "ct2"
    return cache_root / f"{spec.model_id.replace('/', '--')}--local-{digest}--{quantization}"


def _is_current(target: Path, stamp: dict[str, Any]) -> bool:
    try:
        return bool(json.loads((target / _STAMP).read_text(encoding="utf-8")) == stamp)
    except (OSError, ValueError):
        return False


def convert_once(source: Path, target: Path, quantization: str) -> Path:
    """Convert the transformers model at ``source`` into ``target`` unless that is done already.

    The conversion goes into a temporary sibling directory that is renamed into place when
    complete, so a killed run leaves no half directory and concurrent runs do not clash
    (the loser of the race discards its copy). A conversion made from different source
    files (the model was replaced) is redone.
    """
    stamp = _fingerprint(source)
    if _is_current(target, stamp):
        return target
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        log.info("converting %s for CTranslate2 (%s), once, into %s", source, quantization, target)
        try:
            TransformersConverter(str(source)).convert(str(tmp), quantization=quantization, force=True)
        except Exception as exc:  # the converter raises bare Exception/ValueError/RuntimeError
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise BackendError(f"cannot convert {source} for CTranslate2: {detail}") from exc
        (tmp / _STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        if target.exists() and not _is_current(target, stamp):
            # Converted from other files (the model was replaced): move it aside, then drop it.
            stale = target.with_name(f".{target.name}.stale-{os.getpid()}")
            with contextlib.suppress(OSError):  # a concurrent run may have moved it already
                os.replace(target, stale)
            shutil.rmtree(stale, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:  # a concurrent run renamed its complete copy into place first
            if not _is_current(target, stamp):
                raise
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _source_dir(kwargs: dict[str, Any]) -> tuple[Path, bool]:
    """The model directory behind ``from_pretrained`` arguments, and whether it is an HF snapshot."""
    name = kwargs["pretrained_model_name_or_path"]
    if Path(name).is_dir():
        return Path(name), False
    from huggingface_hub import snapshot_download

    snapshot = snapshot_download(
        name,
        revision=kwargs.get("revision"),
        local_files_only=bool(kwargs.get("local_files_only", False)),
        # opus-mt repos also hold TF, Flax and Rust weights: fetch only what conversion reads.
        allow_patterns=["*.json", "*.spm", "*.txt", "*.safetensors", "pytorch_model.bin"],
    )
    return Path(snapshot), True


def load_marian_tokenizer(kwargs: dict[str, Any]) -> tuple[Any, Path, bool]:
    """The tokenizer for ``from_pretrained`` arguments, the model directory, and whether it is an HF snapshot.

    ``SentencePieceMarian`` where it reproduces the model's ``MarianTokenizer``, else that.
    A model that cannot be found fails in ``MarianTokenizer.from_pretrained``, so the
    error reads as the transformers backend's does.
    """
    try:
        source, from_hf_cache = _source_dir(kwargs)
    except (OSError, ValueError, TypeError, KeyError):
        source = None
    fast = SentencePieceMarian.load(source) if source is not None else None
    if fast is not None and source is not None:
        return fast, source, from_hf_cache
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(**kwargs)
    if source is None:
        source, from_hf_cache = _source_dir(kwargs)
    return tokenizer, source, from_hf_cache


class CTranslate2Translator(BatchedTranslator):
    """CTranslate2 backend for a MarianMT model; converts on first use, loads lazily."""

    backend = "ctranslate2"

    def __init__(
        self,
        spec: ModelSpec,
        options: DecodeOptions,
        model_dir: Path | None = None,
        compute_type: str = "auto",
    ) -> None:
        super().__init__(spec, options, model_dir)
        self.device = pick_ct2_device(options.device)
        self.compute_type = resolve_compute_type(compute_type, self.device)
        self.converted: Path | None = None
        self.inter_threads, self.intra_threads = ct2_threads(self.device)

    @property
    def settings(self) -> dict[str, Any]:
        # int8 and float32 decode differently: the compute type belongs in the cache key.
        return {**super().settings, "compute_type": self.compute_type}

    def _load(self) -> None:
        if self._model is not None:
            return
        import ctranslate2

        tokenizer, source, from_hf_cache = load_with_fallback(self.spec, self.model_dir, load_marian_tokenizer)
        vocab = tokenizer.get_vocab()
        if vocab.get(tokenizer.pad_token) != max(vocab.values()):
            # The converter drops <pad> only when it is last; elsewhere CTranslate2 could
            # generate it, which transformers forbids (bad_words_ids).
            raise BackendError(
                f"{self.spec.model_id}: <pad> is not the last vocabulary entry, so CTranslate2 would not "
                "decode as transformers does; use --backend transformers"
            )
        warn_if_mkl_on_amd()
        target = converted_path(source, self.spec, self.compute_type, from_hf_cache)
        try:
            self.converted = convert_once(source, target, self.compute_type)
        except PermissionError:
            self.converted = convert_once(source, _fallback_path(source, self.spec, self.compute_type), self.compute_type)
        config = json.loads((source / "config.json").read_text(encoding="utf-8"))
        self._position_limit = int(config.get("max_position_embeddings", 512))
        if self.device == "cpu":
            # oneMKL (CTranslate2's GEMM backend on Intel CPUs) keeps every freed buffer in a
            # per-thread cache, and batches of varying shape leave buffers of many sizes
            # there: about 30 MB more peak memory, for no measurable speed. Read when MKL
            # first allocates, so it must be set before the model loads; a user's value wins.
            os.environ.setdefault("MKL_DISABLE_FAST_MM", "1")
        self._model = ctranslate2.Translator(
            str(self.converted),
            device=self.device,
            compute_type=self.compute_type,
            inter_threads=self.inter_threads,
            intra_threads=self.intra_threads,
        )
        self._tokenizer = tokenizer

    def close(self) -> None:
        if self._model is not None:
            self._model.unload_model()
        super().close()

    def _generate_all(
        self, batches: Sequence[list[list[int]]], caps: Sequence[int], retry: RetryDecoding | None = None
    ) -> list[list[tuple[str, bool]]]:
        """The base class's batches and caps; with several workers, submitted at once and decoded concurrently.

        Each batch is still one ``translate_batch`` call of the same sentences with the same
        limit as in sequence, so the output does not depend on the number of workers.
        """
        if self.inter_threads <= 1:
            return super()._generate_all(batches, caps, retry)
        pending = [
            (self._model.translate_batch(self._source_tokens(batch), asynchronous=True, **self._decode_options(cap, retry)), cap)
            for batch, cap in zip(batches, caps, strict=True)
        ]
        return [[self._decode(r.result(), cap) for r in results] for results, cap in pending]

    def _generate(
        self, batch: list[list[int]], max_new_tokens: int, retry: RetryDecoding | None = None
    ) -> list[tuple[str, bool]]:
        results = self._model.translate_batch(self._source_tokens(batch), **self._decode_options(max_new_tokens, retry))
        return [self._decode(r, max_new_tokens) for r in results]

    def _source_tokens(self, batch: list[list[int]]) -> list[list[str]]:
        return [self._tokenizer.convert_ids_to_tokens(ids) for ids in batch]  # ids end with </s>

    def _decode_options(self, max_new_tokens: int, retry: RetryDecoding | None = None) -> dict[str, Any]:
        options: dict[str, Any] = {
            "beam_size": self.options.num_beams,
            # transformers spends its last step on the forced </s>; CTranslate2 just stops.
            "max_decoding_length": max(1, max_new_tokens - 1),
            "max_input_length": 0,  # never truncate: long sentences were split already
        }
        if retry is not None:
            options.update(beam_size=retry.num_beams, no_repeat_ngram_size=retry.no_repeat_ngram_size,
                           repetition_penalty=retry.repetition_penalty)
        return options

    def _decode(self, result: Any, max_new_tokens: int) -> tuple[str, bool]:
        """The text of the best hypothesis, and whether it ran to the length limit."""
        tokens = result.hypotheses[0]
        capped = len(tokens) >= max(1, max_new_tokens - 1)
        tokenizer = self._tokenizer
        if isinstance(tokenizer, SentencePieceMarian):
            return tokenizer.decode_tokens(tokens), capped
        ids = tokenizer.convert_tokens_to_ids(tokens)
        return str(tokenizer.decode(ids, skip_special_tokens=True)), capped
