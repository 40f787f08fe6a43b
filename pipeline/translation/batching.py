"""Batching shared by the backends, and the transformers (MarianMT) backend.

Long sentences are split at clause breaks to fit the model's positions; sentences are
sorted by length into token-budget batches; each batch gets an output cap from its
longest source. Both backends (``MarianTranslator`` here, ``CTranslate2Translator`` in
``pipeline.translation.ct2``) batch the same way, so their greedy outputs can be
compared token for token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.settings import DecodeOptions, RetryDecoding
from pipeline.errors import ModelNotFoundError
from pipeline.translation.models import Decoded, cpu_threads, load_marian, local_weights, pick_device, unreachable
from pipeline.translation.route import ModelSpec

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
        settings: dict[str, Any] = {
            "backend": self.backend,
            "num_beams": self.options.num_beams,
            "max_length_ratio": self.options.max_length_ratio,
            "max_length_extra": self.options.max_length_extra,
        }
        if self._weights is not None:  # a copy in --model-dir: its translations are its own, not the hub model's
            settings["weights"] = self._weights
        return settings

    @cached_property
    def _weights(self) -> str | None:
        # Read once: the cache key is made for every batch.
        return local_weights(self.spec.model_id, self.model_dir)

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

    def unreachable(self) -> ModelNotFoundError | None:
        """The ``ModelNotFoundError`` loading would raise, told without loading (``models.unreachable``)."""
        return unreachable(self.spec, self.model_dir)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (evicting one that is not frees nothing)."""
        return self._model is not None

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
        self._tokenizer, model = load_marian(self.spec, self.model_dir)
        self._device = pick_device(self.options.device)
        self._model = model.to(self._device).eval()
        # Each call passes max_new_tokens; a max_length left in the model's generation
        # config would only make transformers warn on every batch.
        self._model.generation_config.max_length = None
        self._position_limit = int(getattr(self._model.config, "max_position_embeddings", 512))

    def _generate(
        self, batch: list[list[int]], max_new_tokens: int, retry: RetryDecoding | None = None
    ) -> list[tuple[str, bool]]:
        import torch

        inputs = self._tokenizer.pad({"input_ids": batch}, padding=True, return_tensors="pt").to(self._device)
        settings: dict[str, Any] = {"num_beams": self.options.num_beams}
        if retry is not None:
            settings = {"num_beams": retry.num_beams, "no_repeat_ngram_size": retry.no_repeat_ngram_size,
                        "repetition_penalty": retry.repetition_penalty}
        # Torch's state is the caller's (a notebook may train a model beside this one): no
        # gradients and our thread count only while generating, then as they were.
        threads, ours = torch.get_num_threads(), cpu_threads() if self._device == "cpu" else 0
        if ours and ours != threads:
            torch.set_num_threads(ours)
        try:
            with torch.inference_mode():
                generated = self._model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False, **settings)
        finally:
            if ours and ours != threads:
                torch.set_num_threads(threads)
        texts = self._tokenizer.batch_decode(generated, skip_special_tokens=True)
        eos = self._model.generation_config.eos_token_id
        eos = eos[0] if isinstance(eos, list) else eos
        # Content tokens before the first </s> (the first position is the decoder's start token).
        content = [next((k for k, t in enumerate(row[1:]) if t == eos), len(row) - 1) for row in generated.tolist()]
        return [(str(t), n >= max_new_tokens - 1) for t, n in zip(texts, content, strict=True)]
