"""Translation into English: model loading, token-budget batching, cache, TM, routing.

``Engine.translate`` is the stage function: it takes a document's sentences and their
language identification and returns one ``Segment`` per sentence, in input order.
Models are loaded lazily, once, and only when a sentence actually needs one: a rerun
whose translations are all cached never loads a model.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .cache import TranslationCache, cache_key
from .errors import ModelNotFoundError, MtauditError
from .route import NO_ROUTE, PASSTHROUGH, TM, ModelSpec, Registry
from .tm import normalise
from .types import Identified, Segment, Sentence


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
class DecodeOptions:
    """Batching and decoding options shared by the backends."""

    batch_size: int = 32
    token_budget: int = 4096
    num_beams: int = 1
    device: str = "auto"
    max_length_ratio: float = 1.5
    max_length_extra: int = 10

    @classmethod
    def from_config(cls, section: Mapping[str, Any], **overrides: Any) -> DecodeOptions:
        """Build from the ``[translate]`` config table, with non-None overrides applied."""
        known = {k: section[k] for k in cls.__dataclass_fields__ if k in section}
        known.update({k: v for k, v in overrides.items() if v is not None})
        options = cls(**known)
        if options.batch_size < 1 or options.token_budget < 1 or options.num_beams < 1:
            raise MtauditError("batch size, token budget and beams must be positive")
        if options.device not in ("auto", "cpu", "cuda"):
            raise MtauditError(f"--device must be auto, cpu or cuda, not {options.device!r}")
        return options


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


def load_marian(spec: ModelSpec, model_dir: Path | None) -> tuple[Any, Any]:
    """Load tokenizer and model: from ``model_dir``, else the HF cache, else the hub.

    The hub is tried only when the cache has no copy and ``HF_HUB_OFFLINE`` is not set;
    any failure becomes a ``ModelNotFoundError`` that names the model and the remedy.
    """
    from transformers import MarianMTModel, MarianTokenizer  # heavy: import on first use

    local = resolve_local_model(spec.model_id, model_dir)
    attempts: list[dict[str, Any]]
    if local is not None:
        attempts = [{"pretrained_model_name_or_path": str(local)}]
    else:
        remote = {"pretrained_model_name_or_path": spec.model_id, "revision": spec.revision}
        attempts = [dict(remote, local_files_only=True)]
        if os.environ.get("HF_HUB_OFFLINE", "0").lower() not in ("1", "true", "yes", "on"):
            attempts.append(remote)
    last_error = "not found"
    for kwargs in attempts:
        try:
            tokenizer = MarianTokenizer.from_pretrained(**kwargs)
            model = MarianMTModel.from_pretrained(**kwargs)
            return tokenizer, model
        except (OSError, ValueError, TypeError, KeyError) as exc:  # transformers raises all of these for missing files
            last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = f"under {model_dir}" if model_dir is not None else "in the Hugging Face cache or on the hub"
    raise ModelNotFoundError(spec.model_id, f"not found {where}: {last_error}")


def pick_device(device: str) -> str:
    """Resolve ``auto`` to ``cuda`` when a GPU is usable, else ``cpu``."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise MtauditError("--device cuda: no CUDA device is available")
    return device


def token_batches(lengths: Sequence[int], batch_size: int, token_budget: int) -> Iterator[list[int]]:
    """Group indices into batches by length so that padding stays small.

    Longest first (a batch that would run out of memory does so at once), each batch at
    most ``batch_size`` sentences and ``token_budget`` padded source tokens.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batch: list[int] = []
    for i in order:
        widest = max([lengths[j] for j in batch] + [lengths[i]])
        if batch and (len(batch) + 1 > batch_size or (len(batch) + 1) * widest > token_budget):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


_CLAUSE_BREAK = re.compile(r"(?<=[,;:\u2013\u2014)])\s+|\s+(?=[\u2013\u2014(])")


def split_long(text: str, n_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` tokens, at clause breaks if possible.

    Never truncates: a piece without a clause break is split between words, and a single
    overlong word is split by characters as a last resort.
    """
    if n_tokens(text) <= limit:
        return [text]
    pieces: list[str] = []
    for unit_pattern in (_CLAUSE_BREAK, re.compile(r"\s+")):
        units = [u for u in unit_pattern.split(text) if u]
        if len(units) > 1:
            current = ""
            for unit in units:
                candidate = f"{current} {unit}" if current else unit
                if current and n_tokens(candidate) > limit:
                    pieces.extend(split_long(current, n_tokens, limit))
                    current = unit
                else:
                    current = candidate
            pieces.extend(split_long(current, n_tokens, limit) if current else [])
            return pieces
    half = max(1, len(text) // 2)
    return split_long(text[:half], n_tokens, limit) + split_long(text[half:], n_tokens, limit)


class MarianTranslator:
    """transformers ``MarianMTModel`` backend, loaded on first use."""

    backend = "transformers"

    def __init__(self, spec: ModelSpec, options: DecodeOptions, model_dir: Path | None = None) -> None:
        self.spec = spec
        self.options = options
        self.model_dir = model_dir
        self.model_calls = 0
        self._tokenizer: Any = None
        self._model: Any = None
        self._device = "cpu"

    @property
    def settings(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "num_beams": self.options.num_beams,
            "max_length_ratio": self.options.max_length_ratio,
            "max_length_extra": self.options.max_length_extra,
        }

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch

        self._tokenizer, model = load_marian(self.spec, self.model_dir)
        self._device = pick_device(self.options.device)
        self._model = model.to(self._device).eval()
        torch.set_grad_enabled(False)

    @property
    def max_source_tokens(self) -> int:
        self._load()
        limit = int(getattr(self._model.config, "max_position_embeddings", 512))
        return min(limit, int(self._tokenizer.model_max_length or limit)) - 1  # room for </s>

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text`` including the closing ``</s>``."""
        self._load()
        return len(self._tokenizer(text)["input_ids"])

    def translate(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        self._load()
        limit = self.max_source_tokens
        # Long sentences are translated in pieces and rejoined, never truncated.
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for piece in split_long(text, self.count_tokens, limit):
                pieces.append(piece)
                owner.append(i)
        outputs = self._translate_pieces(pieces)
        joined: list[list[str]] = [[] for _ in texts]
        for i, out in zip(owner, outputs):
            joined[i].append(out)
        return [" ".join(parts).strip() for parts in joined]

    def _translate_pieces(self, pieces: Sequence[str]) -> list[str]:
        import torch

        encoded = self._tokenizer(list(pieces))["input_ids"]
        lengths = [len(ids) for ids in encoded]
        results: list[str] = [""] * len(pieces)
        limit = int(getattr(self._model.config, "max_position_embeddings", 512))
        for batch in token_batches(lengths, self.options.batch_size, self.options.token_budget):
            widest = max(lengths[i] for i in batch)
            inputs = self._tokenizer.pad(
                {"input_ids": [encoded[i] for i in batch]}, padding=True, return_tensors="pt"
            ).to(self._device)
            max_new = min(limit, int(widest * self.options.max_length_ratio) + self.options.max_length_extra)
            with torch.inference_mode():
                generated = self._model.generate(
                    **inputs, num_beams=self.options.num_beams, max_new_tokens=max_new, do_sample=False
                )
            self.model_calls += 1
            for i, text in zip(batch, self._tokenizer.batch_decode(generated, skip_special_tokens=True)):
                results[i] = text
        return results


Factory = Callable[[ModelSpec], Translator]


@dataclass
class TranslatorPool:
    """Lazily created translators, at most ``capacity`` kept (least recently used evicted)."""

    factory: Factory
    capacity: int = 2
    _live: OrderedDict[str, Translator] = field(default_factory=OrderedDict)
    model_calls: int = 0
    used: dict[str, ModelSpec] = field(default_factory=dict)

    def get(self, spec: ModelSpec) -> Translator:
        key = f"{spec.model_id}@{spec.revision}"
        if key in self._live:
            self._live.move_to_end(key)
            return self._live[key]
        translator = self.factory(spec)
        self._live[key] = translator
        while len(self._live) > self.capacity:
            _, evicted = self._live.popitem(last=False)
            self.model_calls += evicted.model_calls
        return translator

    def total_model_calls(self) -> int:
        return self.model_calls + sum(t.model_calls for t in self._live.values())


@dataclass
class Engine:
    """Routes, looks up TM and cache, and translates what is left, batched per model."""

    registry: Registry
    pool: TranslatorPool
    cache: TranslationCache
    tm: Mapping[str, str] = field(default_factory=dict)
    on_progress: Callable[[int], None] | None = None  # called with sentences translated

    def translate(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> list[Segment]:
        """One ``Segment`` per sentence, in order: passed through, from the TM, or translated."""
        routes: list[str] = []
        translations: list[str | None] = []
        flags: list[str | None] = []
        pending: dict[ModelSpec, list[int]] = {}
        for i, (sentence, ident) in enumerate(zip(sentences, identified, strict=True)):
            flag = None
            hit = self.tm.get(normalise(sentence.text)) if ident.lang != "en" else None
            spec = self.registry.route(ident.lang)
            if ident.lang == "en":
                route, text = PASSTHROUGH, sentence.text
            elif hit is not None:
                route, text = TM, hit
            elif spec is None:
                route, text = NO_ROUTE, sentence.text
                flag = f"no translation model is configured for language {ident.lang!r}; passed through"
            else:
                route, text = spec.model_id, None
                pending.setdefault(spec, []).append(i)
            routes.append(route)
            translations.append(text)
            flags.append(flag)
        for spec, indices in pending.items():
            for i, text in zip(indices, self._translate_cached(spec, [sentences[i].text for i in indices])):
                translations[i] = text
        return [
            Segment(
                sentence=s,
                lang=ident.lang,
                confidence=ident.confidence,
                route=route,
                translation=text if text is not None else "",
                foreign_spans=ident.foreign_spans,
                flag=flag,
            )
            for s, ident, route, text, flag in zip(sentences, identified, routes, translations, flags)
        ]

    def _translate_cached(self, spec: ModelSpec, texts: Sequence[str]) -> list[str]:
        translator = self.pool.get(spec)
        keys = [cache_key(spec.model_id, spec.revision, translator.settings, t) for t in texts]
        found = self.cache.get_many(keys)
        missing = list({k: t for k, t in zip(keys, texts) if k not in found}.items())
        # Commit after each chunk so that an interrupted run keeps its finished work.
        chunk = max(1, getattr(getattr(translator, "options", None), "batch_size", 32) * 4)
        for start in range(0, len(missing), chunk):
            part = missing[start : start + chunk]
            outputs = translator.translate([t for _, t in part])
            self.cache.put_many((k, spec.model_id, t, o) for (k, t), o in zip(part, outputs))
            found.update((k, o) for (k, _), o in zip(part, outputs))
            if self.on_progress is not None:
                self.on_progress(len(part))
        self.pool.used[spec.model_id] = spec
        return [found[k] for k in keys]
