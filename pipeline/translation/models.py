"""What a translation backend is, and how its model is found and loaded.

``Translator`` is the protocol the engine needs of a backend; ``Decoded`` is one
translation with how it was made. Models load through ``load_with_fallback``: a
``--model-dir`` directory, then the Hugging Face cache or hub (``HF_HUB_OFFLINE=1``
honoured), and a missing model raises ``ModelNotFoundError`` naming it and the remedy
(``hf download``); the engine passes that model's sentences through, flagged
``model-unavailable``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pipeline.errors import ConfigError, ModelNotFoundError
from pipeline.settings import hub_offline
from pipeline.translation.route import ModelSpec
from pipeline.types import CheckFailure

T = TypeVar("T")
log = logging.getLogger(__name__)

# The start of the flag of a sentence whose model could not be loaded: it is passed
# through untranslated (its route stays the model's id, which says what to install).
MODEL_UNAVAILABLE = "model-unavailable"


# The start of the flag of a sentence its model failed on (the backend raised on it,
# alone in its batch): it is passed through untranslated, the rest of the run goes on.
TRANSLATION_FAILED = "translation-failed"


def model_unavailable(flag: str | None) -> bool:
    """Whether a sentence's ``flag`` says its model could not be loaded (it was passed through)."""
    return (flag or "").startswith(MODEL_UNAVAILABLE)


def left_untranslated(flag: str | None) -> bool:
    """Whether a sentence's ``flag`` says it was passed through for want of a working model:
    its model could not be loaded, or failed on it."""
    return model_unavailable(flag) or (flag or "").startswith(TRANSLATION_FAILED)


def failed_flag(model_id: str, error: str) -> str:
    """The flag of a sentence passed through because its model failed on it."""
    return f"{TRANSLATION_FAILED}: {model_id} failed on this sentence ({error}); passed through untranslated"


def unavailable_flag(error: ModelNotFoundError) -> str:
    """The flag of a sentence passed through because its model could not be loaded."""
    why = f" ({error.detail})" if error.detail else ""
    return f"{MODEL_UNAVAILABLE}: {error.model_id} could not be loaded{why}; passed through untranslated"


class Translator(Protocol):
    """What the engine needs of a backend: translate a list of sentences, in order."""

    spec: ModelSpec
    model_calls: int

    @property
    def settings(self) -> dict[str, Any]:
        """Decoding settings that change the output (part of the cache key)."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]:
        """English translations of ``texts``, same length and order."""
        ...


@dataclass(frozen=True)
class Decoded:
    """One translation and how it was made: cut at the length cap, decoded twice."""

    text: str
    capped: bool = False
    retried: bool = False  # decoded a second time (the kept text may still be the first try's)
    second: bool = False  # the kept text is the second try's
    # The checks the text fails (``Engine.translate_results``), run once: None until run.
    failed: tuple[CheckFailure, ...] | None = None
    # Set when the model raised on this text alone: ``text`` is then the source, untranslated.
    error: str | None = None


def resolve_local_model(model_id: str, model_dir: Path | None) -> Path | None:
    """A local copy of ``model_id`` under ``model_dir``, if there is one.

    Accepted layouts: ``DIR/Helsinki-NLP--opus-mt-id-en``, ``DIR/Helsinki-NLP/opus-mt-id-en``,
    ``DIR/opus-mt-id-en``, or ``DIR`` itself holding the model's ``config.json``.
    """
    if model_dir is None:
        return None
    for candidate in (
        model_dir / model_id.replace("/", "--"),
        model_dir / model_id,
        model_dir / model_id.split("/")[-1],
    ):
        if (candidate / "config.json").is_file():
            return candidate
    return None


def local_weights(model_id: str, model_dir: Path | None) -> str | None:
    """A fingerprint of the local copy of ``model_id`` under ``model_dir`` (its files' names,
    sizes and times, its config), for the translation cache's key: a test model, a
    fine-tuned one or a broken one in ``--model-dir`` is not the hub's, and what it
    translated is never served later as the hub model's. None without a local copy."""
    import hashlib

    local = resolve_local_model(model_id, model_dir)
    if local is None:
        return None
    digest = hashlib.sha256((local / "config.json").read_bytes())
    for entry in sorted(local.iterdir()):
        if entry.is_file():
            stat = entry.stat()
            digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def cached_copy(spec: ModelSpec) -> Path | None:
    """The Hugging Face cache's copy of ``spec`` (its folder), if there is one."""
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(spec.model_id, "config.json", revision=spec.revision)
    except (OSError, ValueError):  # an id or revision the cache layout cannot hold
        return None
    return Path(found).parent if isinstance(found, str) else None


def unreachable(spec: ModelSpec, model_dir: Path | None) -> ModelNotFoundError | None:
    """The error loading ``spec`` would end in, told without loading it: no copy under
    ``model_dir`` nor in the Hugging Face cache, and the hub not to be asked
    (``HF_HUB_OFFLINE``) or unreachable; None where a copy may load."""
    if resolve_local_model(spec.model_id, model_dir) is not None or cached_copy(spec) is not None:
        return None
    under = f"no copy under {model_dir}; " if model_dir is not None else ""
    if hub_offline():
        return ModelNotFoundError(spec.model_id, f"{under}not in the Hugging Face cache; HF_HUB_OFFLINE is set, "
                                                 "so the hub was not tried")
    reachable, why = hub_reachable()
    return None if reachable else ModelNotFoundError(
        spec.model_id, f"{under}not in the Hugging Face cache, and the hub is unreachable: {why}")


def load_with_fallback(spec: ModelSpec, model_dir: Path | None, load: Callable[[dict[str, Any]], T]) -> T:
    """Call ``load`` with ``from_pretrained`` arguments: ``model_dir``, else the HF cache, else the hub.

    The hub is tried only when the cache has no copy and ``HF_HUB_OFFLINE`` is not set;
    any failure becomes a ``ModelNotFoundError`` that names the model and the remedy.
    Every backend loads through here, so a missing model reads the same for all of them.
    """
    local = resolve_local_model(spec.model_id, model_dir)
    attempts: list[dict[str, Any]]
    if local is not None:
        attempts = [{"pretrained_model_name_or_path": str(local)}]
    else:
        remote = {"pretrained_model_name_or_path": spec.model_id, "revision": spec.revision}
        attempts = [dict(remote, local_files_only=True)]
        if not hub_offline():
            reachable, why = hub_reachable()
            if not reachable:
                # Without this the hub client retries every file with back-off: minutes of
                # waiting before the same answer.
                raise ModelNotFoundError(spec.model_id, f"not in the Hugging Face cache, and the hub is unreachable: {why}")
            attempts.append(remote)
    reasons: list[str] = []
    for kwargs in attempts:
        try:
            return load(kwargs)
        # transformers raises OSError, ValueError, TypeError or KeyError for missing files; a
        # damaged one raises what its reader does (safetensors' SafetensorError,
        # SentencePiece's RuntimeError): either way this model is unavailable, not the run.
        except Exception as exc:
            if kwargs.get("local_files_only"):
                # What transformers says of a cache miss varies by version and is rarely
                # readable ("expected str ... not NoneType"): say what it means.
                reasons.append("not in the Hugging Face cache")
            elif local is not None and _lacks(local):
                reasons.append(f"the local copy at {local} lacks {', '.join(_lacks(local))}")
            else:
                where = "the local copy" if local is not None else "the hub"
                reasons.append(f"{where} failed to load: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if local is None and model_dir is not None:
        reasons.insert(0, f"no copy under {model_dir}")
    if local is None and len(attempts) == 1:
        reasons.append("HF_HUB_OFFLINE is set, so the hub was not tried")
    raise ModelNotFoundError(spec.model_id, "; ".join(reasons))


def _lacks(local: Path) -> list[str]:
    """The files a MarianMT copy needs that ``local`` does not hold (transformers' own
    message for them is rarely readable: "expected str ... not NoneType")."""
    lacking = [name for name in ("source.spm", "target.spm", "vocab.json") if not (local / name).is_file()]
    if not any((local / name).is_file() for name in ("model.safetensors", "pytorch_model.bin")):
        lacking.insert(0, "model.safetensors (or pytorch_model.bin)")
    return lacking


# A run that asks about several models asks the network once: an answer is kept this long.
HUB_ANSWER_SECONDS = 60.0
_hub_answer: tuple[float, tuple[bool, str]] | None = None


def hub_reachable(timeout: float = 3.0) -> tuple[bool, str]:
    """Whether a TCP connection to the Hugging Face endpoint opens (and why not), asked at
    most once in ``HUB_ANSWER_SECONDS``: a firewalled run needing many models waited 3 s
    for each. Behind a proxy the answer cannot be known from here, so it is taken as yes."""
    global _hub_answer
    import time

    if _hub_answer is None or time.monotonic() - _hub_answer[0] > HUB_ANSWER_SECONDS:
        _hub_answer = (time.monotonic(), _connect(timeout))
    return _hub_answer[1]


def _connect(timeout: float) -> tuple[bool, str]:
    import socket
    from urllib.parse import urlparse

    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True, ""
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    url = urlparse(endpoint)
    host, port = url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return False, f"{host}:{port}: {exc.strerror or exc}"
    return True, ""


def load_marian(spec: ModelSpec, model_dir: Path | None) -> tuple[Any, Any]:
    """Load tokenizer and model: from ``model_dir``, else the HF cache, else the hub."""
    from transformers import MarianMTModel, MarianTokenizer  # heavy: import on first use

    return load_with_fallback(
        spec,
        model_dir,
        lambda kwargs: (MarianTokenizer.from_pretrained(**kwargs), MarianMTModel.from_pretrained(**kwargs)),
    )


def cpu_threads() -> int:
    """Threads for a model's matrix products: ``OMP_NUM_THREADS`` when set, else every CPU we may use.

    The CPUs are this process's affinity mask (containers, taskset), else the CPU count.
    On a machine shared with other busy processes, ``OMP_NUM_THREADS=1`` can be faster.
    """
    configured = os.environ.get("OMP_NUM_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pick_device(device: str) -> str:
    """Resolve ``auto`` to ``cuda`` when a GPU is usable, else ``cpu``."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--device cuda: no CUDA device is available")
    return device
