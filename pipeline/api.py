"""The Python API: one function per CLI command, plus two building blocks.

``translate``, ``audit``, ``score``, ``index`` and ``match`` each do what their command
does and return the result as objects instead of printing it; ``identify`` (sentences
with offsets and languages) and ``check_translation`` (the per-translation checks of one
sentence) expose two stages alone. Failures raise the typed exceptions of
``pipeline.errors``. ``pipeline`` exports these names lazily, so ``import pipeline``
stays cheap. These names and signatures are the stable surface; the modules behind them
may move.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ArgumentError, ConfigError, MtauditError
from pipeline.engines.options import INPUT_FORMATS, Options
from pipeline.settings import IdentifySettings, Settings, load_settings
from pipeline.types import CheckFailure, Document, Segment

# Each function imports the stages it runs when called: ``identify`` alone needs neither
# the translation stages nor the comparison's (numpy, sacrebleu), and a process that only
# identifies should not pay for importing them.
if TYPE_CHECKING:
    from pipeline.archive.reposts import MatchedRepost
    from pipeline.archive.store import UpdateStats
    from pipeline.engines.local import Loaded, Pipeline
    from pipeline.fidelity.gate import DocResult, Thresholds
    from pipeline.fidelity.report import Report
    from pipeline.text.langid import LanguageIdentifier
    from pipeline.translation.models import Translator
    from pipeline.translation.route import ModelSpec

TranslatorFactory = Callable[["ModelSpec"], "Translator"]


@dataclass(frozen=True)
class Translation:
    """One translated document: its English text and what happened to each sentence."""

    document: Document  # the input as read, with its sentences and their offsets
    segments: tuple[Segment, ...]  # one per sentence: language, route, translation
    english: str  # the document in English, line and paragraph breaks kept


def _check_options(options: Options | None) -> Options:
    if options is None:
        return Options()
    if not isinstance(options, Options):
        raise ArgumentError(f"options must be a pipeline.Options, not {type(options).__name__}")
    return options


def _check_source(name: str, value: object) -> str:
    if not isinstance(value, (str, Path)):
        raise ArgumentError(f"{name} must be a path (str or pathlib.Path), not {type(value).__name__}")
    return str(value)


def _settings(config_file: Path | None) -> Settings:
    """The settings of ``config_file`` (defaults for None), read again only when the file changes."""
    if config_file is None:
        return _read_settings(None, 0)
    try:
        stamp = Path(config_file).stat().st_mtime_ns
    except OSError:
        stamp = -1  # the loader raises the one-line error
    return _read_settings(str(config_file), stamp)


@lru_cache(maxsize=8)
def _read_settings(config_file: str | None, stamp: int) -> Settings:
    return load_settings(None if config_file is None else Path(config_file))


@lru_cache(maxsize=2)
def _identifier(settings: IdentifySettings) -> LanguageIdentifier:
    # Its models load on first use and stay: a caller identifying document after
    # document pays for them once, as the pipeline does.
    from pipeline.text.langid import LanguageIdentifier

    return LanguageIdentifier(settings)


# The translators of each thread's two most recent option sets (a translator is not shared
# between threads, and a thread's call never frees what another is using): a loop of
# ``translate`` calls loads each model once, as one CLI run does.
_KEPT = threading.local()
_KEPT_SETS = 2


def _pipeline(options: Options | None, translator_factory: TranslatorFactory | None) -> Pipeline:
    """``Pipeline.build`` for one call, with the translators this thread's earlier calls
    with the same options (and decoding settings) loaded."""
    from pipeline.engines.local import Pipeline, loaded, resolve_settings

    options = _check_options(options)
    decode = resolve_settings(options).translate
    kept_sets: OrderedDict[tuple[Any, ...], Loaded] = _KEPT.__dict__.setdefault("sets", OrderedDict())
    # What makes a translator (a TM, the cache or --strict do not: one model, loaded once).
    key = (options.model_dir, options.backend, options.compute_type, options.max_models, translator_factory, decode)
    kept = kept_sets.pop(key, None) or loaded(options, translator_factory, decode)
    kept_sets[key] = kept
    while len(kept_sets) > _KEPT_SETS:
        oldest = kept_sets.popitem(last=False)[1]
        # A factory may hand one translator to several option sets: the ones still kept keep it.
        oldest.close(keep={id(t) for other in kept_sets.values() for t in other.live.values()})
    return Pipeline.build(options, translator_factory, kept)


def release_models() -> None:
    """Free the translation models this thread's earlier calls kept loaded (``_pipeline``);
    the next call loads what it needs again."""
    for kept in _KEPT.__dict__.pop("sets", {}).values():
        kept.close()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(name: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ArgumentError(f"{name} must be a str, not {type(value).__name__}")
    if value is None or value.isascii():
        return value
    # A byte-order mark read into the string (the CLI drops it when decoding) becomes a
    # space, a lone surrogate (no character: it cannot even be written out as UTF-8)
    # U+FFFD, as the CLI's decoder makes it: every offset into the caller's string holds.
    value = _SURROGATE.sub("\ufffd", value)
    return " " + value[1:] if value.startswith("\ufeff") else value


def translate(
    source: str | Path,
    options: Options | None = None,
    *,
    text: str | None = None,
    translator_factory: TranslatorFactory | None = None,
) -> Translation:
    """Translate one document into English, as ``mtaudit translate`` does.

    Args:
        source: path of a text file (``"-"`` reads stdin); with ``text`` it only names
            the document.
        options: run options (TM, model directory, cache, device, backend...);
            ``None`` uses the defaults.
        text: the document's text, to translate a string instead of reading ``source``.
        translator_factory: replaces the MarianMT backend (tests, custom models).

    Returns:
        A ``Translation``: ``english`` (the document in English), ``segments`` (per
        sentence: ``lang``, ``route``, ``translation``, offsets in ``sentence``) and
        the segmented ``document``.

    Raises:
        InputError: the file cannot be read as text, or the document is empty.
        ModelNotFoundError: a needed model is neither local nor downloadable and either
            ``options.strict`` is set or it is needed by more than half of the sentences;
            otherwise its sentences come back passed through, ``flag`` starting with
            ``model-unavailable``, and a warning is logged.
        ArgumentError: an argument has the wrong type.
    """
    from pipeline.engines.local import english_text
    from pipeline.io.inputs import read_text

    name = _check_source("source", source)
    text = _check_text("text", text)
    pipeline = _pipeline(options, translator_factory)
    processed = pipeline.process(name, read_text(name) if text is None else text)
    return Translation(processed.document, processed.segments, english_text(processed))


def audit(
    original: str | Path,
    repost: str | Path,
    options: Options | None = None,
    translator_factory: TranslatorFactory | None = None,
    *,
    original_text: str | None = None,
    repost_text: str | None = None,
) -> Report:
    """Audit a repost against its English original, as ``mtaudit audit`` does.

    Args:
        original: path of the English original (``"-"`` for stdin); with
            ``original_text`` it only names the document in the report.
        repost: path of the repost, in any mix of languages; with ``repost_text`` it
            only names the document.
        options: run options (TM, model directory, cache, device, backend...);
            ``None`` uses the defaults.
        translator_factory: replaces the MarianMT backend (tests, custom models).
        original_text: the original's text, to audit strings instead of files.
        repost_text: the repost's text, likewise.

    Returns:
        A ``Report``: ``divergences`` (typed, with a severity and offsets into both
        files), ``scores`` (BLEU, chrF, TER), ``alignment``, ``worst()``,
        ``fails(severity)``, and ``to_dict()``, the versioned JSON form that
        ``--format json`` writes (see docs/report-schema.md).

    Raises:
        InputError: a file cannot be read as text, or the original or the repost is empty.
        LimitError: the original or the repost is longer than ``options.max_chars``.
        ModelNotFoundError: a needed model is neither local nor downloadable and either
            ``options.strict`` is set or it is needed by more than half of the sentences;
            otherwise its sentences come back passed through, ``flag`` starting with
            ``model-unavailable``, and a warning is logged.
        ConfigError: a configuration, registry or TM file cannot be read, or the backend
            cannot run as asked (``device``, ``compute_type``).
        ArgumentError: an argument has the wrong type.
    """
    from pipeline.fidelity.report import audit_texts
    from pipeline.io.inputs import read_text_encoding

    original_path = _check_source("original", original)
    repost_path = _check_source("repost", repost)
    original_text = _check_text("original_text", original_text)
    repost_text = _check_text("repost_text", repost_text)
    pipeline = _pipeline(options, translator_factory)
    original_read = read_text_encoding(original_path) if original_text is None else (original_text, None)
    repost_read = read_text_encoding(repost_path) if repost_text is None else (repost_text, None)
    return audit_texts(pipeline, original_path, original_read[0], repost_path, repost_read[0],
                       (original_read[1], repost_read[1]))


def score(
    source_en: str | Path,
    translated: str | Path,
    options: Options | None = None,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    *,
    baseline: str | Path | None = None,
    translator_factory: TranslatorFactory | None = None,
) -> DocResult:
    """Score a translation against its English source, as ``mtaudit score`` does.

    Args:
        source_en: path of the English source document.
        translated: path of its translation (any language; translated back to English).
        options: run options, as for ``audit``; ``None`` uses the defaults.
        thresholds: pass conditions, a ``Thresholds`` or a mapping with the keys of
            ``[thresholds]`` in configs/ci.example.toml (``min_chrf``, ``min_bleu``,
            ``max_ter``, ``fail_on``, ``max_flagged``, ``worst``, ``p_value``); ``None``:
            no condition. A sentence left untranslated for want of its model always fails.
        baseline: a previous translation; the result then fails only if fidelity
            dropped significantly against it.
        translator_factory: replaces the MarianMT backend (tests, custom models).

    Returns:
        A ``DocResult``: ``bleu``, ``chrf``, ``ter`` (0-100; None for a document that could
        not be read or translated, ``error`` saying why), ``passed``, ``failures``
        (why it did not pass), ``worst`` (lowest-chrF sentence pairs), ``counts`` (per
        severity) and ``to_dict()`` (what ``--format json`` writes for one document).

    Raises:
        InputError, LimitError, ModelNotFoundError, ConfigError: as for ``audit``.
        ArgumentError: an argument has the wrong type, a threshold is unknown or out of
            range, or ``fail_on`` is not a severity.
    """
    from pipeline.fidelity.gate import Thresholds, score_files

    source_path = _check_source("source_en", source_en)
    translated_path = _check_source("translated", translated)
    baseline_path = None if baseline is None else _check_source("baseline", baseline)
    if thresholds is None or isinstance(thresholds, Mapping):
        unknown = set(thresholds or {}) - set(Thresholds.__dataclass_fields__)
        if unknown:
            raise ArgumentError(f"unknown threshold(s) {', '.join(sorted(unknown))}; "
                                f"known: {', '.join(Thresholds.__dataclass_fields__)}")
        try:
            thresholds = Thresholds.load(None, thresholds or {})
        except ConfigError as error:  # a value out of range: the caller's argument, not a file's
            raise ArgumentError(str(error)) from error
    elif not isinstance(thresholds, Thresholds):
        raise ArgumentError(f"thresholds must be a Thresholds or a mapping, not {type(thresholds).__name__}")
    pipeline = _pipeline(options, translator_factory)
    return score_files(pipeline, source_path, translated_path, thresholds, baseline_path)


def index(
    archives: str | Path | Sequence[str | Path],
    index_path: str | Path,
    *,
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    optimize: bool = False,
) -> UpdateStats:
    """Build or extend a search index of English originals, as ``mtaudit index`` does.

    Args:
        archives: one archive or several: text files, directories of them, JSONL(.gz),
            Parquet or RSS/Atom feeds.
        index_path: the index file (SQLite) to create, or to extend when it exists:
            only new and changed documents are (re)indexed.
        input_format: ``auto`` (by suffix), ``text``, ``jsonl``, ``parquet`` or ``feed``.
        text_field: the field holding a record's text (JSONL, Parquet).
        id_field: the field naming a record (JSONL, Parquet, feeds).
        optimize: merge the index into one segment even when it was extended.

    Returns:
        An ``UpdateStats``: ``added``, ``changed``, ``unchanged``, ``failed``
        (unreadable documents, skipped) and ``documents`` (the index's size after).

    Raises:
        InputError: an archive path does not exist (nothing is written then).
        IndexFileError: the index file exists but is not an mtaudit index, or cannot be written.
        ArgumentError: an argument has the wrong type or value (an unknown ``input_format``).
    """
    from pipeline.archive.store import build_index

    if input_format not in INPUT_FORMATS:
        raise ArgumentError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    for name, value in (("text_field", text_field), ("id_field", id_field)):
        if not isinstance(value, str) or not value:
            raise ArgumentError(f"{name} must be a field name (a non-empty str), not {value!r}")
    paths: list[object]
    try:
        paths = [archives] if isinstance(archives, (str, Path)) else list(archives)  # a list, a set, a glob
    except TypeError:
        paths = [archives]  # not iterable: named in the error below
    names = [_check_source("archives", path) for path in paths]
    return build_index(names, _check_source("index_path", index_path), input_format, text_field, id_field, optimize)


def match(
    repost: str | Path,
    index_path: str | Path,
    options: Options | None = None,
    *,
    text: str | None = None,
    candidates: int | None = None,
    translator_factory: TranslatorFactory | None = None,
) -> MatchedRepost:
    """Find which archived original(s) a repost is a version of, as ``mtaudit match`` does.

    Args:
        repost: path of the repost (any mix of languages); with ``text`` it only names it.
        index_path: an index built by ``index``.
        options: run options, as for ``translate``; ``None`` uses the defaults.
        text: the repost's text, to match a string instead of reading ``repost``.
        candidates: documents re-ranked with the aligner (``[match] candidates`` by default).
        translator_factory: replaces the MarianMT backend (tests, custom models).

    Returns:
        A ``MatchedRepost``: ``result`` (a ``MatchResult``: ``match``, ``originals``,
        ``confidence`` and ``candidates``; ``None`` when the repost could not be
        translated, then ``error`` says why) and ``to_record(top)``, the JSON record
        ``mtaudit match`` writes.

    Raises:
        InputError: the repost cannot be read as text.
        IndexFileError: ``index_path`` is missing or not an mtaudit index.
        ArgumentError: an argument has the wrong type or ``candidates`` is under 1.
    """
    from pipeline.archive.reposts import match_document
    from pipeline.archive.store import ArchiveIndex
    from pipeline.io.inputs import read_text

    name = _check_source("repost", repost)
    text = _check_text("text", text)
    if candidates is not None and (not isinstance(candidates, int) or candidates < 1):
        raise ArgumentError(f"candidates must be an integer of at least 1, not {candidates!r}")
    pipeline = _pipeline(options, translator_factory)
    params = pipeline.config.match if candidates is None else replace(pipeline.config.match, candidates=candidates)
    with ArchiveIndex.open(_check_source("index_path", index_path)) as archive:
        return match_document(pipeline, archive, name, read_text(name) if text is None else text, params)


@dataclass(frozen=True)
class IdentifiedSentence:
    """One sentence of ``identify``: offsets into the text, its language and who decided it."""

    id: int
    start: int  # text[start:end] == text of the sentence
    end: int
    text: str
    lang: str  # ISO 639-1 code (639-3 for a language without one: "yue"), or "und" when none could be judged
    confidence: float
    lang_source: str  # "sentence": its own evidence decided; "context": its neighbours did
    alternatives: tuple[str, ...] = ()  # languages not ruled out (routing covers them too)


def identify(text: str, options: Options | None = None) -> list[IdentifiedSentence]:
    """Split ``text`` into sentences and identify each one's language, as the pipeline does.

    Args:
        text: the document, in any mix of languages.
        options: run options; only ``config_file`` matters here (``[segment]`` and
            ``[identify]`` settings). ``None`` uses the defaults.

    Returns:
        One ``IdentifiedSentence`` per sentence, in order, every character of ``text``
        outside them being white space: ``start``/``end`` offsets, ``lang``,
        ``confidence`` and ``lang_source``.

    Raises:
        ConfigError: the configuration file is invalid.
        ArgumentError: an argument has the wrong type.
    """
    from pipeline.text.segment import segment

    if text is None:  # ``_check_text`` lets None through for the *_text arguments that may be None
        raise ArgumentError("text must be a str, not NoneType")
    text = _check_text("text", text) or ""
    options = _check_options(options)
    settings = _settings(options.config_file)
    sentences = segment(text, settings.segment.rules_lang)
    identified = _identifier(settings.identify).identify(text, sentences)
    return [IdentifiedSentence(s.id, s.start, s.end, s.text, i.lang, i.confidence, i.lang_source,
                               i.alternatives)
            for s, i in zip(sentences, identified)]


def check_translation(source: str, source_lang: str, translation: str,
                      options: Options | None = None) -> tuple[CheckFailure, ...]:
    """The per-translation checks one translation fails against its own source.

    These are the checks every translated sentence goes through (``[checks]``):
    repetition loops, length out of the language's band, a copied source, output that
    is not English, numbers and names of the source lost.

    Args:
        source: the source sentence.
        source_lang: its language (ISO 639-1, else 639-3), which reads its numbers and names.
        translation: its English translation.
        options: run options; only ``config_file`` matters here (``[checks]``).
            ``None`` uses the defaults.

    Returns:
        The failed checks in the checks' order (empty when clean), each a
        ``CheckFailure``: ``name``, ``message`` and ``values`` (what it found as data,
        e.g. the numbers or names lost) — what a translated segment carries as ``failed``.

    Raises:
        ConfigError: the configuration file is invalid.
        ArgumentError: an argument has the wrong type.
    """
    from pipeline.translation.checks import Candidate, failures

    for name, value in (("source", source), ("source_lang", source_lang), ("translation", translation)):
        if not isinstance(value, str):
            raise ArgumentError(f"{name} must be a str, not {type(value).__name__}")
    if not source_lang.strip():
        raise ArgumentError("source_lang must name a language (ISO 639-1, else 639-3), not an empty string")
    return failures(Candidate(source, translation, source_lang), _settings(_check_options(options).config_file).checks)


__all__ = ["CheckFailure", "IdentifiedSentence", "MtauditError", "Translation", "audit", "check_translation", "identify", "index",
           "match", "release_models", "score", "translate"]
