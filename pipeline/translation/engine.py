"""Translation into English: model loading, token-budget batching, cache, TM, routing.

``Engine.translate`` is the stage function: it takes a document's sentences and their
language identification and returns one ``Segment`` per sentence, in input order.
Models are loaded lazily, once, and only when a sentence actually needs one: a rerun
whose translations are all cached never loads a model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pipeline.translation.cache import TranslationCache, cache_key
from pipeline.errors import BackendError, ModelNotFoundError, MtauditError
from pipeline.settings import CheckConfig, RetryDecoding
from pipeline.translation.checks import Candidate, cost, failures, has_letters
from pipeline.translation.route import NO_ROUTE, PASSTHROUGH, TM, ModelSpec, Registry, names_foreign
from pipeline.translation.pool import TranslatorPool as TranslatorPool  # re-exported: where callers found it
from pipeline.translation.tm import normalise
from pipeline.translation.models import (
    MODEL_UNAVAILABLE,
    TRANSLATION_FAILED,
    Decoded,
    Translator,
    failed_flag,
    unavailable_flag,
)
from pipeline.text.unknown import reads
from pipeline.types import CheckFailure, Identified, Segment, Sentence

T = TypeVar("T")
log = logging.getLogger(__name__)



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
                alternatives=ident.alternatives,
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
    # English passed through whose evidence left another language open (``route.names_foreign``; ``--stats``).
    maybe_foreign: int = 0
    # Sentences passed through for want of a model, by language (``mtaudit translate`` names them).
    untranslatable: dict[str, int] = field(default_factory=dict)
    _warned: set[str] = field(default_factory=set)
    _failing: dict[str, int] = field(default_factory=dict)  # model -> sentences failed alone in a row

    def __post_init__(self) -> None:
        self.pool.unavailable.update(self.unavailable)
        self.unavailable, self._warned = self.pool.unavailable, self.pool.warned  # the pool's: see ``TranslatorPool``

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
        # The models loaded already first: the next group of a feed of many languages starts
        # with what the last one left loaded, not by evicting it.
        plan.pending = dict(sorted(plan.pending.items(), key=lambda kv: not self.pool.is_live(kv[0])))
        self.check_models(plan.pending, sentences)
        for spec, indices in plan.pending.items():
            texts = [sentences[i].text for i in indices]
            error = self.unavailable.get(spec.model_id)
            results: list[Decoded] = []
            if error is None:
                try:
                    results = self.translate_with_fallback(spec, texts, [reads(identified[i]) for i in indices])
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
                if out.error is not None:  # the model raised on this sentence alone
                    plan.translations[i], plan.flags[i] = sentences[i].text, failed_flag(spec.model_id, out.error)
                    self.counts[TRANSLATION_FAILED] = self.counts.get(TRANSLATION_FAILED, 0) + 1
                    continue
                plan.translations[i], plan.retried[i] = out.text, out.retried
                # Checked once, when translated (``translate_results``): kept, not run again.
                plan.failed[i] = out.failed if out.failed is not None else self.check(sentences[i].text, out,
                                                                                      reads(identified[i]))
        for failed in plan.failed:
            for f in failed:
                self.check_counts[f.name] = self.check_counts.get(f.name, 0) + 1
        self.check_counts["retried"] = self.check_counts.get("retried", 0) + sum(plan.retried)
        self._started = True
        return plan.segments(sentences, identified)

    def check_models(self, pending: Mapping[ModelSpec, Sequence[int]], sentences: Sequence[Sentence]) -> None:
        """Load the models ``pending`` needs before translating anything, and apply the fail-fast rule.

        A model whose sentences are all in the cache is not loaded. When more models are
        due than the pool keeps loaded, loading them all first would load some twice: each
        is asked instead whether a copy can be reached at all (``unreachable``: local, cached,
        or the hub online), and one that cannot counts here; the rest are found missing, if
        they are, when their turn comes (their sentences still pass through, flagged). Raises the
        ``ModelNotFoundError`` of a missing model when ``strict``, or when this is the
        engine's first call and missing models are due for more than half of ``sentences``.
        """
        loading = len(pending) <= self.pool.capacity
        for spec, indices in pending.items():
            if spec.model_id in self.unavailable:
                continue
            try:
                if not self._uncached(spec, [sentences[i].text for i in indices]):
                    continue
                if loading:
                    self._load(spec)
                else:  # too many to load first: asked where a copy is, not loaded (an offline first run)
                    ask = getattr(self.pool.factory(spec), "unreachable", None)
                    error = ask() if callable(ask) else None
                    if error is not None:
                        raise error
            except ModelNotFoundError as exc:
                self._unavailable(spec, exc)
        missing = [spec for spec in pending if spec.model_id in self.unavailable]
        if not missing:
            return
        needed = sum(len(pending[spec]) for spec in missing)
        if self.strict or (not self._started and 2 * needed > len(sentences)):
            error = self.unavailable[missing[0].model_id]
            if self.tm:  # a TM was given and left these unanswered: say so, or "use --tm" reads as a riddle
                raise ModelNotFoundError(error.model_id, "; ".join(filter(None, [error.detail, (
                    f"the TM answered {self.counts['tm']} sentence(s) and not {needed} others: its entries "
                    "must be whole sentences as mtaudit splits them (`mtaudit models FILE --tm TM` lists them)")])))
            raise error
        for spec in missing:
            self._warn(spec.model_id)

    def _load(self, spec: ModelSpec) -> None:
        """Load ``spec``'s translator now (a custom one may load on first use only); a model its
        backend cannot run falls back (``--backend auto``), else is a ``ModelNotFoundError``."""
        while True:
            load = getattr(self.pool.get(spec), "load", None)
            try:
                if callable(load):
                    load()
                return
            except BackendError as exc:
                if not self.pool.fall_back(spec, exc):
                    raise _unusable(spec, exc) from exc

    def translate_with_fallback(self, spec: ModelSpec, texts: Sequence[str], langs: Sequence[str]) -> list[Decoded]:
        """``translate_results``, falling back as ``_load`` does when the backend cannot run the model."""
        try:
            return self.translate_results(spec, texts, langs)
        except BackendError as exc:
            if not self.pool.fall_back(spec, exc):
                raise _unusable(spec, exc) from exc
            return self.translate_results(spec, texts, langs)

    def _uncached(self, spec: ModelSpec, texts: Sequence[str]) -> bool:
        keys = self._keys(spec, self.pool.peek(spec), texts)
        return len(self.cache.get_many(keys)) < len(set(keys))

    def cached(self, spec: ModelSpec, texts: Sequence[str]) -> int:
        """How many of ``texts`` the translation cache holds for ``spec`` (no model is loaded)."""
        keys = self._keys(spec, self.pool.peek(spec), texts)
        found = self.cache.get_many(keys)
        return sum(1 for key in keys if key in found)

    def _unavailable(self, spec: ModelSpec, error: ModelNotFoundError) -> None:
        self.unavailable.setdefault(spec.model_id, error)

    def _warn(self, model_id: str) -> None:
        """One warning per missing model and run, once the run is known to go on."""
        if model_id not in self._warned:
            self._warned.add(model_id)
            log.warning("%s; its sentences are passed through untranslated, flagged %s%s",
                        self.unavailable[model_id], MODEL_UNAVAILABLE,
                        " (the TM given does not answer them: `mtaudit models FILE --tm TM` lists the sentences "
                        "it leaves, as mtaudit splits them)" if self.tm else "")

    def plan(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> RoutePlan:
        """Route each sentence: English passes through, the TM answers, or a model is due.

        The sentences a model must translate are listed in ``pending`` by model; every
        other sentence already has its output (and is counted in ``counts``).
        """
        plan = RoutePlan()
        for i, (sentence, ident) in enumerate(zip(sentences, identified, strict=True)):
            flag = None
            hit = self.tm.get(normalise(sentence.text)) if ident.lang != "en" else None
            spec = self.registry.route(ident.lang, ident.alternatives)
            if ident.lang == "en" or not has_letters(sentence.text):
                # No letters (a number, punctuation, emoji): nothing to translate, and a
                # model asked anyway invents a sentence.
                route, text = PASSTHROUGH, sentence.text
                self.maybe_foreign += ident.lang == "en" and names_foreign(ident.alternatives)
            elif hit is not None:
                route, text = TM, hit
            elif spec is None:
                route, text = NO_ROUTE, sentence.text
                flag = self.registry.no_route(ident.lang)
                self.untranslatable[ident.lang] = self.untranslatable.get(ident.lang, 0) + 1
            else:
                route, text = spec.model_id, None
                plan.pending.setdefault(spec, []).append(i)
            plan.routes.append(route)
            plan.translations.append(text)
            plan.flags.append(flag)
            # A TM translation is checked as soon as it is known (a model's once it ran); English
            # passed through and sentences with no route (flagged already) are not translations.
            plan.failed.append(self.check(sentence.text, Decoded(text), reads(ident)) if route == TM and text else ())
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
        errors: dict[str, Decoded] = {}  # key -> the source the model raised on, with the error (never cached)
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
            outputs = self._isolated(spec, translator, [t for _, t in part], [lang_of.get(k, "und") for k, _ in part], retry)
            errors.update((k, o) for (k, _), o in zip(part, outputs) if o.error is not None)
            if self.on_progress is not None:
                self.on_progress(len(part))
            part, outputs = [p for p, o in zip(part, outputs) if o.error is None], [o for o in outputs if o.error is None]
            checked.update(((k, lang_of.get(k, "und")), o) for (k, _), o in zip(part, outputs) if o.failed is not None)
            metas = [_meta(o, translator.settings, retry) for o in outputs]
            self.cache.put_many(((k, spec.model_id, t, o.text) for (k, t), o in zip(part, outputs)), metas)
            found.update((k, (o.text, m)) for (k, _), o, m in zip(part, outputs, metas))
            # Another process may have stored some of these first: use its text, so that
            # every run sharing the cache reads the same translation.
            found.update(self.cache.get_entries([k for k, _ in part]))
        self.pool.used[spec.model_id] = spec
        # Counted once translated: a model that fails to load leaves its sentences to the caller.
        self.counts["cached"] += cached
        self.counts["translated"] += len(keys) - cached - sum(1 for k in keys if k in errors)
        out = []
        for k, text, lang in zip(keys, texts, langs if langs is not None else ["und"] * len(keys)):
            if k in errors:
                out.append(errors[k])
                continue
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

    def _isolated(
        self, spec: ModelSpec, translator: Translator, texts: Sequence[str], langs: Sequence[str], retry: RetryDecoding | None
    ) -> list[Decoded]:
        """``_decode``, a failure kept to the sentences that cause it. A batch the backend
        raises on (a sentence its tokenizer chokes on, memory a long batch ran out of) is
        split in halves and each decoded again, down to single sentences; one that fails
        alone comes back as its source with the ``error``, and every other one is translated.
        Only what the backend raises is caught (mtaudit's own errors, a model that cannot load
        or run, and its checks' are not). A model that has failed ``FAILED_IN_A_ROW`` sentences
        alone in a row, none translated since, fails the rest of a batch without trying them
        one by one (a device that fails on everything)."""
        if self._failing.get(spec.model_id, 0) >= FAILED_IN_A_ROW:
            try:
                out = self._decode(translator, texts, langs, retry)
                self._failing[spec.model_id] = 0
                return out
            except _BackendFailed as failed:
                error = _described(failed.error)
                return [Decoded(t, error=f"{error}; not tried alone after {FAILED_IN_A_ROW} sentences failed in a row")
                        for t in texts]
        try:
            out = self._decode(translator, texts, langs, retry)
            self._failing[spec.model_id] = 0
            return out
        except _BackendFailed as failed:
            if len(texts) == 1:
                error = _described(failed.error)
                self._failing[spec.model_id] = self._failing.get(spec.model_id, 0) + 1
                if f"failed {spec.model_id}" not in self._warned:  # once per model: the flags tell the rest
                    self._warned.add(f"failed {spec.model_id}")
                    log.warning("%s failed on a sentence (%s); such sentences are passed through untranslated, "
                                "flagged %s", spec.model_id, error, TRANSLATION_FAILED)
                return [Decoded(texts[0], error=error)]
            half = len(texts) // 2
            return (self._isolated(spec, translator, texts[:half], langs[:half], retry)
                    + self._isolated(spec, translator, texts[half:], langs[half:], retry))

    def _decode(
        self, translator: Translator, texts: Sequence[str], langs: Sequence[str], retry: RetryDecoding | None
    ) -> list[Decoded]:
        """First tries of ``texts``; those failing a retry check decoded again, the better kept."""
        raw = getattr(translator, "decode", None)
        if raw is None:  # a backend that only translates: no cap information, no second try
            return [Decoded(t) for t in _guarded(translator.translate)(texts)]
        decode = _guarded(raw)
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


# Sentences a model may fail alone in a row before the rest of a batch is failed untried.
FAILED_IN_A_ROW = 8


class _BackendFailed(Exception):
    """What a backend raised while decoding (``Engine._isolated`` catches this, nothing else)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _guarded(call: Callable[..., Any]) -> Callable[..., Any]:
    """``call`` with whatever it raises, but mtaudit's own errors, wrapped as ``_BackendFailed``."""

    def guarded(*args: Any) -> Any:
        try:
            return call(*args)
        except MtauditError:
            raise
        except Exception as exc:  # noqa: BLE001 - a backend's failure, kept to its sentences
            raise _BackendFailed(exc) from exc

    return guarded


def _described(error: Exception) -> str:
    return " ".join(f"{type(error).__name__}: {error}".strip().rstrip(":").split())[:300]


def _meta(out: Decoded, settings: Mapping[str, Any], retry: RetryDecoding | None) -> dict[str, Any]:
    """What a cache entry records of how its text was made."""
    produced = {**settings, **(retry.settings() if out.second and retry is not None else {})}
    return {"settings": produced, "capped": out.capped, "retried": out.retried, "second": out.second}


def _decoded(text: str, meta: Mapping[str, Any]) -> Decoded:
    return Decoded(text, bool(meta.get("capped")), bool(meta.get("retried")), bool(meta.get("second")))


def _unusable(spec: ModelSpec, error: BackendError) -> ModelNotFoundError:
    """A model its backend cannot run, as a missing one: its sentences are flagged, the run goes on."""
    return ModelNotFoundError(spec.model_id, str(error), remedy=(
        f"model {spec.model_id!r} cannot run on CTranslate2: use --backend transformers (or auto, which "
        "falls back to it)"))
