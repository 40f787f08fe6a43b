"""Translation into English: model loading, token-budget batching, cache, TM, routing.

``Engine.translate`` is the stage function: it takes a document's sentences and their
language identification and returns one ``Segment`` per sentence, in input order.
Models are loaded lazily, once, and only when a sentence actually needs one: a rerun
whose translations are all cached never loads a model.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pipeline.translation.cache import TranslationCache, cache_key
from pipeline.errors import ModelNotFoundError, MtauditError
from pipeline.settings import CheckConfig, DecodeOptions, RetryDecoding
from pipeline.translation.checks import Candidate, cost, failures, has_letters
from pipeline.translation.route import NO_ROUTE, PASSTHROUGH, TM, ModelSpec, Registry
from pipeline.translation.tm import normalise
from pipeline.types import CheckFailure, Identified, Segment, Sentence

T = TypeVar("T")
log = logging.getLogger(__name__)

# The start of the flag of a sentence whose model could not be loaded: it is passed
# through untranslated (its route stays the model's id, which says what to install).
MODEL_UNAVAILABLE = "model-unavailable"


def model_unavailable(flag: str | None) -> bool:
    """Whether a sentence's ``flag`` says its model could not be loaded (it was passed through)."""
    return (flag or "").startswith(MODEL_UNAVAILABLE)


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
        if os.environ.get("HF_HUB_OFFLINE", "0").lower() not in ("1", "true", "yes", "on"):
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
        except (OSError, ValueError, TypeError, KeyError) as exc:  # transformers raises all of these for missing files
            if kwargs.get("local_files_only"):
                # What transformers says of a cache miss varies by version and is rarely
                # readable ("expected str ... not NoneType"): say what it means.
                reasons.append("not in the Hugging Face cache")
            else:
                where = "the local copy" if local is not None else "the hub"
                reasons.append(f"{where} failed to load: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if local is None and model_dir is not None:
        reasons.insert(0, f"no copy under {model_dir}")
    if local is None and len(attempts) == 1:
        reasons.append("HF_HUB_OFFLINE is set, so the hub was not tried")
    raise ModelNotFoundError(spec.model_id, "; ".join(reasons))


def hub_reachable(timeout: float = 3.0) -> tuple[bool, str]:
    """Whether a TCP connection to the Hugging Face endpoint opens (and why not).

    Behind a proxy the answer cannot be known from here, so it is taken as yes.
    """
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
        raise MtauditError("--device cuda: no CUDA device is available")
    return device


def length_bucket(n_tokens: int) -> int:
    """The upper bound of ``n_tokens``'s length bucket: 8, 10, 13, 17, 22... (x1.25 steps)."""
    bound = 8
    while bound < n_tokens:
        bound = -(-bound * 5 // 4)
    return bound


def token_batches(
    lengths: Sequence[int], batch_size: int, token_budget: int, cap: Callable[[int], int] | None = None
) -> Iterator[list[int]]:
    """Group indices into batches by length so that padding stays small.

    Longest first (a batch that would run out of memory does so at once), each batch at
    most ``batch_size`` sentences and ``token_budget`` padded source tokens. With ``cap``
    (source length -> output token limit), a batch never mixes sentences of different
    caps, so each sentence is decoded under its own limit whatever its batchmates.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batch: list[int] = []
    for i in order:
        widest = lengths[batch[0]] if batch else lengths[i]
        if batch and (
            len(batch) + 1 > batch_size
            or (len(batch) + 1) * widest > token_budget
            or (cap is not None and cap(lengths[i]) != cap(widest))
        ):
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
            # Each unit is tokenised once and the counts summed (subword tokenisers are
            # nearly additive over whitespace-separated units); every finished piece is
            # then checked with one real count and halved if the sum was off.
            # Tokenising the growing piece at each unit instead is quadratic.
            group: list[str] = []
            size = 1  # the closing </s>, counted once per piece, not once per unit
            for unit in units:
                cost = max(1, n_tokens(unit) - 1)
                if group and size + cost > limit:
                    pieces.extend(_checked(group, n_tokens, limit))
                    group, size = [], 1
                group.append(unit)
                size += cost
            pieces.extend(_checked(group, n_tokens, limit))
            return pieces
    half = max(1, len(text) // 2)
    return split_long(text[:half], n_tokens, limit) + split_long(text[half:], n_tokens, limit)


def _checked(units: list[str], n_tokens: Callable[[str], int], limit: int) -> list[str]:
    """``units`` joined as one piece if it fits, else halved until each part does."""
    text = " ".join(units)
    if len(units) == 1 or n_tokens(text) <= limit:
        return split_long(text, n_tokens, limit) if len(units) == 1 else [text]
    half = len(units) // 2
    return _checked(units[:half], n_tokens, limit) + _checked(units[half:], n_tokens, limit)


class BatchedTranslator:
    """What the backends share: long sentences split, token-budget batches, output length.

    A backend sets ``_tokenizer``, ``_model`` and ``_position_limit`` in ``_load`` and
    decodes one batch of token ids in ``_generate``. Both backends batch the same way and
    give each batch the same output limit, so their greedy outputs can be compared token
    for token.
    """

    backend = "none"

    def __init__(self, spec: ModelSpec, options: DecodeOptions, model_dir: Path | None = None) -> None:
        self.spec = spec
        self.options = options
        self.model_dir = model_dir
        self.model_calls = 0
        self._tokenizer: Any = None
        self._model: Any = None
        self._position_limit = 512

    @property
    def settings(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "num_beams": self.options.num_beams,
            "max_length_ratio": self.options.max_length_ratio,
            "max_length_extra": self.options.max_length_extra,
        }

    def _load(self) -> None:
        raise NotImplementedError

    def _generate(
        self, batch: list[list[int]], max_new_tokens: int, retry: RetryDecoding | None = None
    ) -> list[tuple[str, bool]]:
        """Decoded translations of one batch of source ids (each ending with ``</s>``), and
        whether each ran to ``max_new_tokens`` (one token less than the cap, as the last
        step is spent on the forced ``</s>``)."""
        raise NotImplementedError

    def load(self) -> None:
        """Load the model now (it loads on first use otherwise); ``ModelNotFoundError`` if it cannot."""
        self._load()

    def close(self) -> None:
        """Drop the model and tokenizer so that their memory can be freed (reloaded on next use)."""
        self._model = None
        self._tokenizer = None

    @property
    def max_source_tokens(self) -> int:
        self._load()
        limit = self._position_limit
        return min(limit, int(self._tokenizer.model_max_length or limit)) - 1  # room for </s>

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text`` including the closing ``</s>``."""
        self._load()
        return len(self._tokenizer(text)["input_ids"])

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [d.text for d in self.decode(texts)]

    def decode(self, texts: Sequence[str], retry: RetryDecoding | None = None) -> list[Decoded]:
        """Translations of ``texts`` with whether each hit its length cap; ``retry``: second-try settings."""
        if not texts:
            return []
        self._load()
        limit = self.max_source_tokens
        # Tokenise everything once; only the rare overlong sentence is tokenised again,
        # piece by piece. Long sentences are translated in pieces and rejoined, never truncated.
        encoded: list[list[int]] = []
        owner: list[int] = []
        for i, (text, ids) in enumerate(zip(texts, self._tokenizer(list(texts))["input_ids"])):
            if len(ids) <= limit:
                encoded.append(ids)
                owner.append(i)
                continue
            pieces = split_long(text, self.count_tokens, limit)
            encoded.extend(self._tokenizer(pieces)["input_ids"])
            owner.extend([i] * len(pieces))
        outputs = self._translate_ids(encoded, retry)
        joined: list[list[str]] = [[] for _ in texts]
        capped = [False] * len(texts)
        for i, (out, hit) in zip(owner, outputs):
            joined[i].append(out)
            capped[i] = capped[i] or hit
        again = retry is not None
        return [Decoded(" ".join(parts).strip(), hit, again, again) for parts, hit in zip(joined, capped)]

    def output_cap(self, n_tokens: int, retry: RetryDecoding | None = None) -> int:
        """New tokens allowed for a source of ``n_tokens``: set by its length bucket, not by
        the longest sentence it happens to be batched with, so that a translation never
        depends on its batchmates (a feed translated in other batches, e.g. on Ray, gives
        the same text)."""
        bound = length_bucket(n_tokens)
        cap = int(bound * self.options.max_length_ratio) + self.options.max_length_extra
        if retry is not None:
            cap = int(cap * retry.length_factor)  # a second try may run longer than the first
        return min(self._position_limit, cap)

    def _translate_ids(self, encoded: Sequence[list[int]], retry: RetryDecoding | None = None) -> list[tuple[str, bool]]:
        lengths = [len(ids) for ids in encoded]
        batches = list(token_batches(lengths, self.options.batch_size, self.options.token_budget,
                                     lambda n: self.output_cap(n, retry)))
        outputs = self._generate_all(
            [[encoded[i] for i in batch] for batch in batches],
            [self.output_cap(lengths[batch[0]], retry) for batch in batches],
            retry,
        )
        self.model_calls += len(batches)
        results: list[tuple[str, bool]] = [("", False)] * len(encoded)
        for batch, texts in zip(batches, outputs, strict=True):
            for i, text in zip(batch, texts, strict=True):
                results[i] = text
        return results

    def _generate_all(
        self, batches: Sequence[list[list[int]]], caps: Sequence[int], retry: RetryDecoding | None = None
    ) -> list[list[tuple[str, bool]]]:
        """Decode each batch under its output cap; a backend that runs batches concurrently overrides this."""
        return [self._generate(batch, cap, retry) for batch, cap in zip(batches, caps, strict=True)]


class MarianTranslator(BatchedTranslator):
    """transformers ``MarianMTModel`` backend, loaded on first use."""

    backend = "transformers"

    def __init__(self, spec: ModelSpec, options: DecodeOptions, model_dir: Path | None = None) -> None:
        super().__init__(spec, options, model_dir)
        self._device = "cpu"

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch

        self._tokenizer, model = load_marian(self.spec, self.model_dir)
        self._device = pick_device(self.options.device)
        if self._device == "cpu":
            torch.set_num_threads(cpu_threads())
        self._model = model.to(self._device).eval()
        # Each call passes max_new_tokens; a max_length left in the model's generation
        # config would only make transformers warn on every batch.
        self._model.generation_config.max_length = None
        self._position_limit = int(getattr(self._model.config, "max_position_embeddings", 512))
        torch.set_grad_enabled(False)

    def _generate(
        self, batch: list[list[int]], max_new_tokens: int, retry: RetryDecoding | None = None
    ) -> list[tuple[str, bool]]:
        import torch

        inputs = self._tokenizer.pad({"input_ids": batch}, padding=True, return_tensors="pt").to(self._device)
        settings: dict[str, Any] = {"num_beams": self.options.num_beams}
        if retry is not None:
            settings = {"num_beams": retry.num_beams, "no_repeat_ngram_size": retry.no_repeat_ngram_size,
                        "repetition_penalty": retry.repetition_penalty}
        with torch.inference_mode():
            generated = self._model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False, **settings)
        texts = self._tokenizer.batch_decode(generated, skip_special_tokens=True)
        eos = self._model.generation_config.eos_token_id
        eos = eos[0] if isinstance(eos, list) else eos
        # Content tokens before the first </s> (the first position is the decoder's start token).
        content = [next((k for k, t in enumerate(row[1:]) if t == eos), len(row) - 1) for row in generated.tolist()]
        return [(str(t), n >= max_new_tokens - 1) for t, n in zip(texts, content, strict=True)]


Factory = Callable[[ModelSpec], Translator]


@dataclass
class TranslatorPool:
    """Lazily created translators, at most ``capacity`` kept (least recently used evicted)."""

    factory: Factory
    capacity: int = 2
    _live: OrderedDict[str, Translator] = field(default_factory=OrderedDict)
    model_calls: int = 0
    used: dict[str, ModelSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise MtauditError(f"--max-models must be at least 1, not {self.capacity}")

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
            close = getattr(evicted, "close", None)
            if close is not None:
                close()
            del evicted
            gc.collect()  # model weights sit in reference cycles; free them before the next load
        return translator

    def total_model_calls(self) -> int:
        return self.model_calls + sum(t.model_calls for t in self._live.values())


@dataclass
class RoutePlan:
    """Where each sentence of a batch goes; ``translations[i]`` is None until its model ran."""

    routes: list[str] = field(default_factory=list)
    translations: list[str | None] = field(default_factory=list)
    flags: list[str | None] = field(default_factory=list)
    pending: dict[ModelSpec, list[int]] = field(default_factory=dict)
    failed: list[tuple[CheckFailure, ...]] = field(default_factory=list)  # a model's translations: once they are in
    retried: list[bool] = field(default_factory=list)

    def segments(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> list[Segment]:
        """The finished segments, once every pending translation is filled in."""
        return [
            Segment(
                sentence=s,
                lang=ident.lang,
                confidence=ident.confidence,
                route=route,
                translation=text if text is not None else "",
                foreign_spans=ident.foreign_spans,
                flag=flag,
                failed=failed,
                retried=retried,
                lang_source=ident.lang_source,
            )
            for s, ident, route, text, flag, failed, retried in zip(
                sentences, identified, self.routes, self.translations, self.flags, self.failed, self.retried
            )
        ]


@dataclass
class Engine:
    """Routes, looks up TM and cache, and translates what is left, batched per model."""

    registry: Registry
    pool: TranslatorPool
    cache: TranslationCache
    tm: Mapping[str, str] = field(default_factory=dict)
    on_progress: Callable[[int], None] | None = None  # called with sentences translated
    # What happened to each sentence, summed over the run (``mtaudit translate --stats``).
    counts: dict[str, int] = field(
        default_factory=lambda: {"passthrough": 0, "tm": 0, "untranslatable": 0, "cached": 0, "translated": 0}
    )
    checks: CheckConfig = field(default_factory=CheckConfig)  # [checks]: what each translation is checked for
    # Sentences that failed each check, and that were decoded a second time (``--stats``).
    check_counts: dict[str, int] = field(default_factory=dict)
    strict: bool = False  # any model that cannot be loaded stops the run (``--strict``)
    # Models that could not be loaded, by id: their sentences are passed through, flagged.
    unavailable: dict[str, ModelNotFoundError] = field(default_factory=dict)
    _started: bool = False  # a first call has finished: the fail-fast check is behind us
    _warned: set[str] = field(default_factory=set)

    def translate(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> list[Segment]:
        """One ``Segment`` per sentence, in order: passed through, from the TM, or translated and checked.

        A model that cannot be loaded fails only its own sentences: they are passed
        through untranslated, flagged ``model-unavailable``, and the model is logged once
        as a warning naming the remedy. The run stops instead (the ``ModelNotFoundError``
        propagates) with ``strict``, or when the first call finds that missing models are
        needed by more than half of its sentences: an offline first run would produce
        nothing useful, so it fails before any long work.
        """
        plan = self.plan(sentences, identified)
        self.check_models(plan.pending, sentences)
        for spec, indices in plan.pending.items():
            texts = [sentences[i].text for i in indices]
            error = self.unavailable.get(spec.model_id)
            results: list[Decoded] = []
            if error is None:
                try:
                    results = self.translate_results(spec, texts, [identified[i].lang for i in indices])
                except ModelNotFoundError as exc:  # a translator that loads only when it translates
                    self._unavailable(spec, exc)
                    error = exc
            if error is not None:
                if self.strict:
                    raise error
                self._warn(spec.model_id)
                for i in indices:
                    plan.translations[i], plan.flags[i] = sentences[i].text, unavailable_flag(error)
                self.counts[MODEL_UNAVAILABLE] = self.counts.get(MODEL_UNAVAILABLE, 0) + len(indices)
                continue
            for i, out in zip(indices, results):
                plan.translations[i], plan.retried[i] = out.text, out.retried
                # Checked once, when translated (``translate_results``): kept, not run again.
                plan.failed[i] = out.failed if out.failed is not None else self.check(sentences[i].text, out,
                                                                                      identified[i].lang)
        for failed in plan.failed:
            for f in failed:
                self.check_counts[f.name] = self.check_counts.get(f.name, 0) + 1
        self.check_counts["retried"] = self.check_counts.get("retried", 0) + sum(plan.retried)
        self._started = True
        return plan.segments(sentences, identified)

    def check_models(self, pending: Mapping[ModelSpec, Sequence[int]], sentences: Sequence[Sentence]) -> None:
        """Load the models ``pending`` needs before translating anything, and apply the fail-fast rule.

        A model whose sentences are all in the cache is not loaded. When more models are
        due than the pool keeps loaded, loading them all first would load some twice:
        they are found missing when their turn comes instead (their sentences still pass
        through, flagged), and only those found so far count here. Raises the
        ``ModelNotFoundError`` of a missing model when ``strict``, or when this is the
        engine's first call and missing models are due for more than half of ``sentences``.
        """
        probed = pending if len(pending) <= self.pool.capacity else {}
        for spec, indices in probed.items():
            if spec.model_id in self.unavailable:
                continue
            try:
                if not self._uncached(spec, [sentences[i].text for i in indices]):
                    continue
                translator = self.pool.get(spec)
                load = getattr(translator, "load", None)  # a custom translator may load on first use only
                if callable(load):
                    load()
            except ModelNotFoundError as exc:
                self._unavailable(spec, exc)
        missing = [spec for spec in pending if spec.model_id in self.unavailable]
        if not missing:
            return
        needed = sum(len(pending[spec]) for spec in missing)
        if self.strict or (not self._started and 2 * needed > len(sentences)):
            raise self.unavailable[missing[0].model_id]
        for spec in missing:
            self._warn(spec.model_id)

    def _uncached(self, spec: ModelSpec, texts: Sequence[str]) -> bool:
        keys = self._keys(spec, self.pool.get(spec), texts)
        return len(self.cache.get_many(keys)) < len(set(keys))

    def _unavailable(self, spec: ModelSpec, error: ModelNotFoundError) -> None:
        self.unavailable.setdefault(spec.model_id, error)

    def _warn(self, model_id: str) -> None:
        """One warning per missing model and run, once the run is known to go on."""
        if model_id not in self._warned:
            self._warned.add(model_id)
            log.warning("%s; its sentences are passed through untranslated, flagged %s",
                        self.unavailable[model_id], MODEL_UNAVAILABLE)

    def plan(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> RoutePlan:
        """Route each sentence: English passes through, the TM answers, or a model is due.

        The sentences a model must translate are listed in ``pending`` by model; every
        other sentence already has its output (and is counted in ``counts``).
        """
        plan = RoutePlan()
        for i, (sentence, ident) in enumerate(zip(sentences, identified, strict=True)):
            flag = None
            hit = self.tm.get(normalise(sentence.text)) if ident.lang != "en" else None
            spec = self.registry.route(ident.lang)
            if ident.lang == "en" or not has_letters(sentence.text):
                # No letters (a number, punctuation, emoji): nothing to translate, and a
                # model asked anyway invents a sentence.
                route, text = PASSTHROUGH, sentence.text
            elif hit is not None:
                route, text = TM, hit
            elif spec is None:
                route, text = NO_ROUTE, sentence.text
                flag = f"no translation model is configured for language {ident.lang!r}; passed through"
            else:
                route, text = spec.model_id, None
                plan.pending.setdefault(spec, []).append(i)
            plan.routes.append(route)
            plan.translations.append(text)
            plan.flags.append(flag)
            # A TM translation is checked as soon as it is known (a model's once it ran); English
            # passed through and sentences with no route (flagged already) are not translations.
            plan.failed.append(self.check(sentence.text, Decoded(text), ident.lang) if route == TM and text else ())
            plan.retried.append(False)
            if text is not None:
                self.counts[route] += 1
        return plan

    def check(self, source: str, out: Decoded, lang: str) -> tuple[CheckFailure, ...]:
        """The checks (``[checks]``) that translation ``out`` of ``source`` (in ``lang``) fails."""
        return failures(Candidate(source, out.text, lang, out.capped), self.checks)

    def _retry_settings(self, translator: Translator) -> RetryDecoding | None:
        """The second-try decoding, when checks and retries are on and the backend can decode so."""
        enabled = self.checks.enabled and self.checks.retry and self.checks.retry_on
        return self.checks.retry_decoding if enabled and hasattr(translator, "decode") else None

    def translate_results(
        self, spec: ModelSpec, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> list[Decoded]:
        """Translate ``texts`` with the model of ``spec``, through the cache, in deterministic
        chunks, with how each translation was made (length cap hit, second try).

        ``langs`` (each text's language) lets the choice between a first and a second try
        count the number check in the source's locale. Each result comes with the checks
        its text fails (``Decoded.failed``), run once per text and language: the ones the
        second try ran are reused, the rest (cached texts, no second try) run here.
        """
        translator = self.pool.get(spec)
        retry = self._retry_settings(translator)
        keys = self._keys(spec, translator, texts)
        lang_of = dict(zip(keys, langs)) if langs is not None else {}
        checked: dict[tuple[str, str], Decoded] = {}  # (key, lang) -> a text decoded and checked here
        found = self.cache.get_entries(keys)
        cached = sum(1 for k in keys if k in found)
        # Chunks are cut from every distinct sentence of the route, longest first, cached or
        # not, so that they come out the same on every run over the same input; each is
        # committed in one transaction. A run killed midway has finished whole chunks, and
        # its rerun translates the rest in the very same batches: the same bytes out, even
        # where a float32 sum would round differently in another batch shape.
        distinct = sorted(dict(zip(keys, texts)).items(), key=lambda kt: -len(kt[1]))
        # Chunks are equal whole numbers of batches: a short last chunk would be a nearly empty batch.
        batch = max(1, int(getattr(getattr(translator, "options", None), "batch_size", 32)))
        calls = -(-len(distinct) // (batch * 16))
        chunk = max(1, -(-len(distinct) // max(1, calls * batch)) * batch)
        for start in range(0, len(distinct), chunk):
            part = [(k, t) for k, t in distinct[start : start + chunk] if k not in found]
            if not part:
                continue
            outputs = self._decode(translator, [t for _, t in part], [lang_of.get(k, "und") for k, _ in part], retry)
            checked.update(((k, lang_of.get(k, "und")), o) for (k, _), o in zip(part, outputs) if o.failed is not None)
            metas = [_meta(o, translator.settings, retry) for o in outputs]
            self.cache.put_many(((k, spec.model_id, t, o.text) for (k, t), o in zip(part, outputs)), metas)
            found.update((k, (o.text, m)) for (k, _), o, m in zip(part, outputs, metas))
            # Another process may have stored some of these first: use its text, so that
            # every run sharing the cache reads the same translation.
            found.update(self.cache.get_entries([k for k, _ in part]))
            if self.on_progress is not None:
                self.on_progress(len(part))
        self.pool.used[spec.model_id] = spec
        # Counted once translated: a model that fails to load leaves its sentences to the caller.
        self.counts["cached"] += cached
        self.counts["translated"] += len(keys) - cached
        out = []
        for k, text, lang in zip(keys, texts, langs if langs is not None else ["und"] * len(keys)):
            decoded = _decoded(*found[k])
            known = checked.get((k, lang))
            # Reused when it is this very text (another process may have cached its own first).
            if known is None or (known.text, known.capped) != (decoded.text, decoded.capped):
                known = replace(decoded, failed=self.check(text, decoded, lang))
                checked[(k, lang)] = known
            out.append(replace(decoded, failed=known.failed))
        return out

    def _keys(self, spec: ModelSpec, translator: Translator, texts: Sequence[str]) -> list[str]:
        """Cache keys of ``texts``. With a second try the kept text depends on its decoding
        and on the checks that chose it, so both are part of the key."""
        retry = self._retry_settings(translator)
        settings = dict(translator.settings)
        if retry is not None:
            settings.update(retry.settings(), checks=self.checks.fingerprint())
        return [cache_key(spec.model_id, spec.revision, settings, t) for t in texts]

    def _decode(
        self, translator: Translator, texts: Sequence[str], langs: Sequence[str], retry: RetryDecoding | None
    ) -> list[Decoded]:
        """First tries of ``texts``; those failing a retry check decoded again, the better kept."""
        decode = getattr(translator, "decode", None)
        if decode is None:  # a backend that only translates: no cap information, no second try
            return [Decoded(t) for t in translator.translate(texts)]
        first: list[Decoded] = decode(texts)
        if retry is None:
            return first
        # Every candidate is checked once; the result decides the second try and the
        # choice, and travels with the kept text.
        first = [replace(d, failed=self.check(s, d, lang)) for s, d, lang in zip(texts, first, langs)]
        due = [i for i, d in enumerate(first) if any(f.name in self.checks.retry_on for f in d.failed or ())]
        if not due:
            return first
        second: list[Decoded] = decode([texts[i] for i in due], retry)
        for i, again in zip(due, second, strict=True):
            again = replace(again, failed=self.check(texts[i], again, langs[i]))
            # Kept only when better: a tie keeps the first try.
            better = cost(again.failed or (), self.checks) < cost(first[i].failed or (), self.checks)
            first[i] = again if better else replace(first[i], retried=True)
        return first


def _meta(out: Decoded, settings: Mapping[str, Any], retry: RetryDecoding | None) -> dict[str, Any]:
    """What a cache entry records of how its text was made."""
    produced = {**settings, **(retry.settings() if out.second and retry is not None else {})}
    return {"settings": produced, "capped": out.capped, "retried": out.retried, "second": out.second}


def _decoded(text: str, meta: Mapping[str, Any]) -> Decoded:
    return Decoded(text, bool(meta.get("capped")), bool(meta.get("retried")), bool(meta.get("second")))
