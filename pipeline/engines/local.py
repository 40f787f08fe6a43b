"""The document pipeline: segment -> identify -> route/translate, built from configuration.

``Pipeline`` wires the stages together once (language detector and models are built
lazily and reused across documents); ``Pipeline.process`` runs them on one text.
"""

from __future__ import annotations

import importlib.metadata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pipeline import __version__
from pipeline.translation.cache import TranslationCache, default_cache_path
from pipeline.settings import DecodeOptions, Settings, load_settings
from pipeline.errors import ConfigError, InputError, LimitError, ModelNotFoundError, MtauditError
from pipeline.engines.options import Options as Options  # where callers have imported it from
from pipeline.text.langid import LanguageIdentifier
from pipeline.translation.checks import has_letters, validate_names
from pipeline.translation.route import Registry, load_registry
from pipeline.text.segment import SEGMENTER_RULES, segment
from pipeline.translation.tm import load_tm, normalise
from pipeline.translation.batching import MarianTranslator
from pipeline.translation.engine import Engine
from pipeline.translation.pool import TranslatorPool
from pipeline.translation.models import Translator
from pipeline.translation.route import ModelSpec
from pipeline.types import Document, Identified, Segment, Sentence, Span


@dataclass(frozen=True)
class Processed:
    """A document after the translation stages: one segment per sentence."""

    document: Document
    segments: tuple[Segment, ...]


def resolve_settings(options: Options) -> Settings:
    """The settings of a run: ``options.config_file`` merged over the defaults, and the
    options that are not None put in place with ``dataclasses.replace`` (which checks
    them as the loader does)."""
    settings = load_settings(options.config_file)
    decode: dict[str, Any] = {"batch_size": options.batch_size, "num_beams": options.num_beams,
                              "device": options.device}
    translate = replace(settings.translate, **{k: v for k, v in decode.items() if v is not None})
    limits = settings.limits if options.max_chars is None else replace(settings.limits, max_chars=options.max_chars)
    return replace(settings, translate=translate, limits=limits)


@dataclass
class Loaded:
    """Translators kept from one run to the next with the same options (the Python API's
    calls: a loop of ``pipeline.translate`` loads each model once), with the constructor
    and backend signature that made them. Everything else a run holds is built afresh."""

    factory: Callable[[ModelSpec], Translator]
    backend: dict[str, Any]
    live: OrderedDict[str, Translator] = field(default_factory=OrderedDict)
    fallen_back: dict[str, str] = field(default_factory=dict)
    # Models found missing, and the warnings said: looked for and warned about once (``TranslatorPool``).
    unavailable: dict[str, ModelNotFoundError] = field(default_factory=dict)
    warned: set[str] = field(default_factory=set)

    def close(self, keep: frozenset[int] | set[int] = frozenset()) -> None:
        """Free the translators' models (the run that kept them is over), but those whose
        ``id`` is in ``keep`` (still kept for other options)."""
        for translator in self.live.values():
            close = getattr(translator, "close", None)
            if close is not None and id(translator) not in keep:
                close()
        self.live.clear()


def loaded(options: Options, translator_factory: Callable[[ModelSpec], Translator] | None = None,
           decode: DecodeOptions | None = None) -> Loaded:
    """A ``Loaded`` with no translator yet, for ``Pipeline.build(..., kept=...)``."""
    if translator_factory is not None:
        return Loaded(translator_factory, {"name": "custom"})
    return Loaded(*make_factory(options, decode or resolve_settings(options).translate))


def make_factory(options: Options, decode: DecodeOptions) -> tuple[Callable[[ModelSpec], Translator], dict[str, Any]]:
    """The translator constructor for ``options.backend``, and the backend's signature entry.

    With CTranslate2 and the device and compute type both left to ``auto`` (which cannot
    fail), the compute type is resolved when the first translator is made: importing
    ctranslate2 costs a run that translates nothing (a TM or the cache has every sentence)
    0.14 s, a tenth of the bundled example's cold audit. The signature entry names it from
    then on. A device or compute type asked for is checked at once, as before.
    """
    from pipeline.translation.ct2 import CTranslate2Translator, pick_ct2_device, resolve_backend, resolve_compute_type

    if options.backend not in ("auto", "transformers", "ctranslate2"):
        raise ConfigError(f"unknown backend {options.backend!r} (auto, transformers or ctranslate2)")
    backend = resolve_backend(options.backend)
    if backend == "transformers":
        return (lambda spec: MarianTranslator(spec, decode, options.model_dir)), {"name": backend}
    signature: dict[str, Any] = {"name": backend}

    def compute_type() -> str:
        if "compute_type" not in signature:
            signature["compute_type"] = resolve_compute_type(options.compute_type, pick_ct2_device(decode.device))
        return str(signature["compute_type"])

    if decode.device not in ("auto", "cpu") or options.compute_type != "auto":
        compute_type()

    def factory(spec: ModelSpec) -> Translator:
        return CTranslate2Translator(spec, decode, options.model_dir, compute_type())

    return factory, signature


# Documents kept segmented and identified (``Pipeline.prepare``), the most recent: more
# than a match's preload window (``commands.PRELOAD_WINDOW``), whose reposts matching then
# prepares again, and an audit of each pair once more.
PREPARED_KEPT = 128


@dataclass
class Pipeline:
    """Configured stages, reused across documents."""

    config: Settings
    identifier: LanguageIdentifier
    engine: Engine
    tm_path: str | None = None
    assume_english: bool = False
    backend: dict[str, Any] = field(default_factory=dict)  # {"name", "compute_type"}: which decoder ran
    # (path, text, encoding) -> what ``prepare`` made of it, the PREPARED_KEPT most recent.
    _prepared: OrderedDict[tuple[str, str, str | None], tuple[Document, list[Identified]]] = field(
        default_factory=OrderedDict, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        options: Options = Options(),
        translator_factory: Callable[[ModelSpec], Translator] | None = None,
        kept: Loaded | None = None,
    ) -> Pipeline:
        """Build from options; ``translator_factory`` replaces the MarianMT backend (tests);
        ``kept`` (made by ``loaded`` with the same options) brings the translators an earlier
        run loaded and keeps those this one loads."""
        config = resolve_settings(options)
        validate_names(config.checks, config.compare.severity)
        registry: Registry = load_registry(options.registry_file)
        decode = config.translate
        kept = kept or loaded(options, translator_factory, decode)
        factory, backend = kept.factory, kept.backend
        if options.use_cache:
            cache = TranslationCache(options.cache_path or default_cache_path())
        else:
            cache = TranslationCache(None)
        tm = load_tm(options.tm_file) if options.tm_file else {}
        identifier = LanguageIdentifier(config.identify)
        # ``auto`` chose CTranslate2: a model it cannot run goes to transformers instead of failing.
        fallback = ((lambda spec: MarianTranslator(spec, decode, options.model_dir))
                    if translator_factory is None and options.backend == "auto" and backend["name"] == "ctranslate2"
                    else None)
        pool = TranslatorPool(factory, capacity=options.max_models, fallback=fallback, _live=kept.live,
                              fallen_back=kept.fallen_back, unavailable=kept.unavailable, warned=kept.warned)
        engine = Engine(registry, pool, cache, tm, checks=config.checks, strict=options.strict)
        return cls(config, identifier, engine, str(options.tm_file) if options.tm_file else None,
                   options.assume_english, backend=backend)

    def segment(self, path: str, text: str, encoding: str | None = None) -> Document:
        """Split ``text`` into sentences (the first stage, also used for English originals);
        ``encoding`` is what the file was read as, for the report."""
        return Document(path, text, tuple(segment(text, self.config.segment.rules_lang)), encoding)

    def process(self, path: str, text: str, encoding: str | None = None) -> Processed:
        """Segment, identify and translate one document."""
        document, identified = self.prepare(path, text, encoding)
        segments = self.engine.translate(document.sentences, identified)
        return Processed(document, tuple(segments))

    def prepare(self, path: str, text: str, encoding: str | None = None) -> tuple[Document, list[Identified]]:
        """Check limits, segment and identify one document (everything before translation).

        A document prepared lately (the same path, text and encoding) is not prepared
        again: ``preload`` identifies a batch's first reposts, and matching and the audit
        of each pair then ask for them again.
        """
        key = (path, text, encoding)
        if key in self._prepared:
            self._prepared.move_to_end(key)
            document, identified = self._prepared[key]
            return document, list(identified)
        document, identified = self._prepare(path, text, encoding)
        self._prepared[key] = (document, list(identified))
        if len(self._prepared) > PREPARED_KEPT:
            self._prepared.popitem(last=False)
        return document, identified

    def check_size(self, path: str, text: str) -> None:
        """A ``LimitError`` for a document over ``[limits] max_chars`` (``--max-chars``)."""
        max_chars = self.config.limits.max_chars
        if max_chars and len(text) > max_chars:
            raise LimitError(
                f"{path}: {len(text):,} characters, over the limit of {max_chars:,} "
                "(raise it with --max-chars N or Options.max_chars, 0 for none)"
            )

    def _prepare(self, path: str, text: str, encoding: str | None) -> tuple[Document, list[Identified]]:
        self.check_size(path, text)
        document = self.segment(path, text, encoding)
        if not document.sentences:
            raise InputError(f"{path}: empty document (no text to translate)")
        if self.assume_english:
            return document, [Identified("en", 1.0)] * len(document.sentences)
        return document, self.identifier.identify(text, document.sentences)

    def load_models(self, sentences: Sequence[Sentence], identified: Sequence[Identified]) -> tuple[str, ...]:
        """Load now the translation models that ``sentences`` (as identified) will need.

        The models most needed first, as many as the pool keeps (``--max-models``); a
        model whose sentences are all in the TM or the cache is not loaded. One that
        cannot be loaded is recorded as unavailable (its sentences pass through,
        flagged, when their turn comes), or stops the run with ``strict``. Returns the
        ids of the models loaded.
        """
        engine = self.engine
        pending: dict[ModelSpec, list[int]] = {}
        for i, (sentence, ident) in enumerate(zip(sentences, identified, strict=True)):
            if ident.lang == "en" or not has_letters(sentence.text) or normalise(sentence.text) in engine.tm:
                continue
            spec = engine.registry.route(ident.lang, ident.alternatives)  # as ``Engine.plan`` routes it
            if spec is not None:
                pending.setdefault(spec, []).append(i)
        wanted = dict(sorted(pending.items(), key=lambda item: -len(item[1]))[: engine.pool.capacity])
        try:
            engine.check_models(wanted, sentences)
        except ModelNotFoundError:
            if engine.strict:
                raise
        return tuple(spec.model_id for spec in wanted if spec.model_id not in engine.unavailable)

    def process_many(self, docs: Sequence[tuple[str, str]]) -> list[Processed | MtauditError]:
        """Translate several documents with shared batches (a feed of short items).

        Each document is segmented and identified on its own; their sentences are then
        translated together, so that a feed of one-sentence items still fills a batch.
        A document that fails (too long, empty) becomes its error; the others go on.
        """
        prepared: list[tuple[Document, list[Identified]] | MtauditError] = []
        for path, text in docs:
            try:
                prepared.append(self.prepare(path, text))
            except (InputError, LimitError) as exc:
                prepared.append(exc)
        sentences = [s for p in prepared if not isinstance(p, MtauditError) for s in p[0].sentences]
        identified = [i for p in prepared if not isinstance(p, MtauditError) for i in p[1]]
        segments = iter(self.engine.translate(sentences, identified))
        out: list[Processed | MtauditError] = []
        for p in prepared:
            if isinstance(p, MtauditError):
                out.append(p)
            else:
                out.append(Processed(p[0], tuple(next(segments) for _ in p[0].sentences)))
        return out

    def signature(self) -> dict[str, Any]:
        """What produced a result: versions, models, language-ID and segmenter settings."""
        models = [
            {"id": spec.model_id, "revision": spec.revision, "licence": spec.licence}
            for spec in self.engine.pool.used.values()
        ]
        fell = sorted(set(self.engine.pool.fallen_back) & set(self.engine.pool.used))  # this run's models only
        return {
            "mtaudit": __version__,
            "models": models,
            "decoding": asdict(self.config.translate),
            "backend": {**self.backend, **({"transformers_for": fell} if fell else {})},
            "language_id": self.identifier.signature,
            "segmenter": {
                "name": "sentencex",
                "version": importlib.metadata.version("sentencex"),
                "rules_lang": self.config.segment.rules_lang,
                "lines": SEGMENTER_RULES,
            },
            "tm": self.tm_path,
        }


def span_records(text: str, spans: Sequence[Span]) -> list[dict[str, Any]]:
    """Foreign spans as report records, with the text they cover."""
    return [{"start": sp.start, "end": sp.end, "lang": sp.lang, "text": text[sp.start : sp.end]} for sp in spans]


def segment_record(processed: Processed, segment_: Segment) -> dict[str, Any]:
    """The JSONL record of one translated sentence."""
    s = segment_.sentence
    record: dict[str, Any] = {
        "doc": processed.document.path,
        "id": s.id,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "lang": segment_.lang,
        "confidence": round(segment_.confidence, 4),
        "lang_source": segment_.lang_source,
        "alternatives": list(segment_.alternatives),
        "foreign_spans": span_records(processed.document.text, segment_.foreign_spans),
        "route": segment_.route,
        "translation": segment_.translation,
    }
    if segment_.flag:
        record["flag"] = segment_.flag
    record["checks"] = list(segment_.checks)
    record["retried"] = segment_.retried
    return record


def english_text(processed: Processed) -> str:
    """The document in English, with the original's line and paragraph breaks kept."""
    text = processed.document.text
    out: list[str] = []
    cursor = 0
    for seg in processed.segments:
        gap = text[cursor : seg.sentence.start]
        out.append(gap if ("\n" in gap or "\r" in gap or cursor == 0) else " ")
        out.append(seg.translation)
        cursor = seg.sentence.end
    out.append(text[cursor:])
    return "".join(out)

