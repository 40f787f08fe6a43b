"""Lingua's detectors, shared by every identifier with the same languages, and the
confidence values they give (``pipeline.text.langid`` decides with them)."""

from __future__ import annotations

from functools import lru_cache

from lingua import (
    ConfidenceValue,
    IsoCode639_1,
    Language,
    LanguageDetector,
    LanguageDetectorBuilder,
)


@lru_cache(maxsize=64)
def build_detector(languages: tuple[Language, ...], low_accuracy: bool, preload: bool = False) -> LanguageDetector:
    # The detector is read-only, so identifiers with the same settings share one. Building
    # is cheap; lingua loads each language's n-gram models on first use into one cache that
    # all detectors share, so shortlist detectors of a few languages cost no extra memory.
    # ``preload``: all at once, on every core (a script's 49 trigram models: 0.2 s, not 0.4).
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    if preload:
        builder = builder.with_preloaded_language_models()
    return builder.build()


def confidences(detector: LanguageDetector, texts: list[str]) -> list[list[ConfidenceValue]]:
    """Lingua's confidence values for each text; a text lingua panics on (a Rust panic on some
    rare character sequences) gets none, and so no verdict, instead of ending the run."""
    try:
        return detector.compute_language_confidence_values_in_parallel(texts)
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise
    out: list[list[ConfidenceValue]] = []
    for text in texts:
        try:
            out.append(detector.compute_language_confidence_values(text))
        except BaseException as error:
            if type(error).__name__ != "PanicException":
                raise
            out.append([])
    return out


def code_of(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def language_of(code: str) -> Language:
    return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
