"""The Python API: ``translate``, ``audit`` and ``score``, one function per CLI command.

Each does what its command does and returns the result as objects instead of printing
it; failures raise the typed exceptions of ``pipeline.errors``. ``pipeline`` exports
these names lazily, so ``import pipeline`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ArgumentError, MtauditError
from pipeline.fidelity.gate import DocResult, Thresholds, score_files
from pipeline.io.inputs import read_text
from pipeline.engines.local import Options, Pipeline, english_text
from pipeline.fidelity.report import Report, audit_texts
from pipeline.translation.route import ModelSpec
from pipeline.translation.engine import Translator
from pipeline.types import Document, Segment

TranslatorFactory = Callable[[ModelSpec], Translator]


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
    name = _check_source("source", source)
    if text is not None and not isinstance(text, str):
        raise ArgumentError(f"text must be a str, not {type(text).__name__}")
    pipeline = Pipeline.build(_check_options(options), translator_factory)
    processed = pipeline.process(name, read_text(name) if text is None else text)
    return Translation(processed.document, processed.segments, english_text(processed))


def audit(
    original: str | Path,
    repost: str | Path,
    options: Options | None = None,
    translator_factory: TranslatorFactory | None = None,
) -> Report:
    """Audit a repost against its English original, as ``mtaudit audit`` does.

    Args:
        original: path of the English original (``"-"`` for stdin).
        repost: path of the repost, in any mix of languages.
        options: run options (TM, model directory, cache, device, backend...);
            ``None`` uses the defaults.
        translator_factory: replaces the MarianMT backend (tests, custom models).

    Returns:
        A ``Report``: ``divergences`` (typed, with a severity and offsets into both
        files), ``scores`` (BLEU, chrF, TER), ``alignment``, ``worst()``,
        ``fails(severity)``, and ``to_dict()``, the versioned JSON form that
        ``--format json`` writes (see docs/report-schema.md).

    Raises:
        InputError: a file cannot be read as text, or the original is empty.
        ModelNotFoundError: a needed model is neither local nor downloadable and either
            ``options.strict`` is set or it is needed by more than half of the sentences;
            otherwise its sentences come back passed through, ``flag`` starting with
            ``model-unavailable``, and a warning is logged.
        ArgumentError: an argument has the wrong type.
    """
    original_path = _check_source("original", original)
    repost_path = _check_source("repost", repost)
    pipeline = Pipeline.build(_check_options(options), translator_factory)
    return audit_texts(pipeline, original_path, read_text(original_path), repost_path, read_text(repost_path))


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
        A ``DocResult``: ``bleu``, ``chrf``, ``ter`` (0-100), ``passed``, ``failures``
        (why it did not pass), ``worst`` (lowest-chrF sentence pairs), ``counts`` (per
        severity) and ``to_dict()`` (what ``--format json`` writes for one document).

    Raises:
        InputError, ModelNotFoundError: as for ``audit``.
        ConfigError: a threshold is unknown or ``fail_on`` is not a severity.
        ArgumentError: an argument has the wrong type.
    """
    source_path = _check_source("source_en", source_en)
    translated_path = _check_source("translated", translated)
    baseline_path = None if baseline is None else _check_source("baseline", baseline)
    if thresholds is None or isinstance(thresholds, Mapping):
        unknown = set(thresholds or {}) - set(Thresholds.__dataclass_fields__)
        if unknown:
            raise ArgumentError(f"unknown threshold(s) {', '.join(sorted(unknown))}; "
                                f"known: {', '.join(Thresholds.__dataclass_fields__)}")
        thresholds = Thresholds.load(None, thresholds or {})
    elif not isinstance(thresholds, Thresholds):
        raise ArgumentError(f"thresholds must be a Thresholds or a mapping, not {type(thresholds).__name__}")
    pipeline = Pipeline.build(_check_options(options), translator_factory)
    return score_files(pipeline, source_path, translated_path, thresholds, baseline_path)


__all__ = ["MtauditError", "Translation", "audit", "score", "translate"]
