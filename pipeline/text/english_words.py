"""Whether a word of a foreign sentence is English rather than the sentence's language.

Word-level evidence (``LanguageIdentifier``'s English runs inside foreign sentences, and
its checks that a weak verdict's words are English): lingua's multi-language detection is
too coarse for a word or two, so a word is English when its Zipf frequency in English is
at least ``min_zipf`` and beats its frequency in the sentence's language by ``margin``
(wordfreq's lists, unrounded values: the thresholds were set on them, see ``lexicon``).
For a language without a list, a common English word counts when lingua, asked about the
word and that language alone, prefers English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from lingua import Language

from pipeline.text.detectors import build_detector, language_of
from pipeline.text.lexicon import listed_english

_POSSESSIVE = re.compile(r"['’]s$")  # "Trump's" is as English as "Trump": the possessive says nothing
# Answers kept per (word, language): a long-lived identifier's memory stays bounded.
_CACHE_SIZE = 500_000


class EnglishWords:
    """``is_english(word, lang)``: the word-level evidence above, answers cached.

    ``lists`` maps a language to the wordfreq list it is read with; ``english_entry(word)``
    says whether a lower-case word is a common English word; ``configured`` are the
    identifier's languages (without English among them lingua is not asked: for a language
    without a list, a common English word counts).
    """

    def __init__(self, lists: Mapping[str, str], english_entry: Callable[[str], bool], configured: Collection[str],
                 min_zipf: float, margin: float) -> None:
        self._lists = lists
        self._english_entry = english_entry
        self._english_configured = "en" in configured
        self._min_zipf = min_zipf
        self._margin = margin
        self._cache: dict[tuple[str, str], bool] = {}

    def is_english(self, word: str, lang: str) -> bool:
        key = (word, lang)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._evidence(word, lang)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _evidence(self, word: str, lang: str) -> bool:
        # Acronyms ("AS", "NATO", "KTT") and single letters are shared across languages.
        if len(word) < 2 or word.isupper():
            return False
        for part in _POSSESSIVE.sub("", word).split("-"):
            lowered = part.lower()
            if lang in self._lists:
                english = listed_english(lowered, self._lists[lang], min_zipf=self._min_zipf, margin=self._margin)
            else:
                english = self._english_entry(lowered) and self._lingua_prefers_english(lowered, lang)
            if not english:
                return False
        return True

    def _lingua_prefers_english(self, word: str, lang: str) -> bool:
        # Only for languages wordfreq lacks: lingua on one word is noisy, but better than nothing.
        if not self._english_configured:
            return True
        try:
            other = language_of(lang)
        except ValueError:  # identified by a script of its own (Malayalam...): an English entry is English
            return True
        # A detector of the two alone: one of every configured language would load them all.
        detector = build_detector((Language.ENGLISH, other), False)
        return detector.compute_language_confidence(word, Language.ENGLISH) > detector.compute_language_confidence(
            word, other
        )
