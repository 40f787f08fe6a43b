"""Routing: which model (if any) translates a sentence of a given language into English.

A language goes to its own model (``[languages.xx]`` of ``models/registry.toml``), else
to the multilingual ``[fallback]`` when the fallback lists it among its source
languages, else nowhere: its sentences are passed through and flagged, naming the
language. A sentence is never sent to another language's model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from pipeline.settings import read_toml, resource_path
from pipeline.text.unknown import language_info
from pipeline.errors import ConfigError

PASSTHROUGH = "passthrough"
TM = "tm"
NO_ROUTE = "untranslatable"

# ISO 639-3 macrolanguages that lingua (or fastText: ``text.unknown``) names, and the
# individual languages a model card lists in their stead (Malay: Standard Malay and Malay;
# Persian: Iranian Persian; Swahili: Swahili proper; Nepali: Nepali proper; Komi: Komi-Zyrian;
# South Azerbaijani: Azerbaijani; Dimli: Zaza).
MACROLANGUAGES = {"msa": ("zsm", "zlm"), "fas": ("pes",), "swa": ("swh",), "nep": ("npi",), "kom": ("kpv",),
                  # and the other way: a member fastText names, the macrolanguage a card lists
                  "azb": ("aze",), "diq": ("zza",)}


@dataclass(frozen=True)
class ModelSpec:
    """A translation model: Hugging Face id, optional pinned revision, licence."""

    model_id: str
    revision: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class Registry:
    """Language code -> model, plus the multilingual fallback (None when disabled) and the
    source languages it covers (ISO 639-3; None: every language)."""

    languages: dict[str, ModelSpec]
    fallback: ModelSpec | None
    fallback_languages: frozenset[str] | None = field(default=None)
    # Family models (``[families.x]``): a model and the languages it covers (ISO 639-1, else 639-3).
    families: tuple[tuple[ModelSpec, frozenset[str]], ...] = ()

    def route(self, lang: str, alternatives: Sequence[str] = ()) -> ModelSpec | None:
        """The model for ``lang``; None for English and for languages with no route.

        With ``alternatives`` (close relatives the sentence may be in after all), the
        model that covers them all: their shared own model, else the first family model
        listing every one, else the fallback when it covers every one; else, for a
        language with its own model, the family listing it and the most of the others;
        else ``lang``'s own route (the best bet left). A sentence is never bet on one
        relative's model when a model for all of them exists.
        """
        if lang == "en":
            return None
        langs = [lang, *(a for a in alternatives if a not in ("en", "und", lang))]
        if len(langs) > 1:
            shared = {self.route(one) for one in langs}
            if len(shared) == 1 and shared != {self.fallback}:
                return shared.pop()
            for family, covered in self.families:
                if covered.issuperset(langs):
                    return family
            if self.fallback is not None and all(self._fallback_covers(one) for one in langs):
                return self.fallback
            # A model for ``lang`` and some of the others is a better bet than ``lang``'s own alone.
            most, best = max(((len(covered.intersection(langs)), family) for family, covered in self.families
                              if lang in covered), key=lambda pair: pair[0], default=(0, None))
            if best is not None and most >= 2 and lang in self.languages:
                return best
        spec = self.languages.get(lang)
        if spec is not None:
            return spec
        if lang == "und":  # undetermined: a fallback guess would be a silent invention
            return None
        return self.fallback if self._fallback_covers(lang) else None

    def covers(self, spec: ModelSpec, lang: str) -> bool:
        """Whether ``spec`` translates ``lang``: its own model, a family listing it, or the fallback covering it."""
        return (spec == self.languages.get(lang) or any(spec == family and lang in covered
                                                         for family, covered in self.families)
                or (spec == self.fallback and self._fallback_covers(lang)))

    def _fallback_covers(self, lang: str) -> bool:
        if self.fallback is None:
            return False
        return self.fallback_languages is None or not self.fallback_languages.isdisjoint(iso639_3(lang))

    def no_route(self, lang: str) -> str:
        """Why a sentence identified as ``lang`` has no route, naming the language."""
        if lang == "und":
            return "its language could not be identified; passed through"
        covered = "" if self.fallback is None else f" and {self.fallback.model_id} does not list it"
        return f"no translation model for {language_name(lang)} ({lang!r}): no model of its own{covered}; passed through"


def names_foreign(alternatives: Sequence[str]) -> bool:
    """Whether a sentence's ``alternatives`` name a language other than English: one passed
    through as English may then be foreign (its records say so; ``translate --stats`` counts it)."""
    return any(lang not in ("en", "und") for lang in alternatives)


def iso639_3(lang: str) -> tuple[str, ...]:
    """The ISO 639-3 codes a model card may list ``lang`` (an identifier's label) under."""
    from lingua import IsoCode639_1, Language

    try:
        code = Language.from_iso_code_639_1(IsoCode639_1.from_str(lang)).iso_code_639_3.name.lower()
    except ValueError:  # a language lingua does not know (``text.unknown``: by script, letters or fastText), else as it is
        code = info[0] if (info := language_info(lang)) is not None else lang
    return (code, *MACROLANGUAGES.get(code, ()))


def language_name(lang: str) -> str:
    """``lang``'s English name as lingua spells it ("Southern Sotho"), or the code itself."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(lang)).name.replace("_", " ").title()
    except ValueError:
        return info[1] if (info := language_info(lang)) is not None else lang


# The keys each kind of registry table takes: a misspelt one ("modle") would otherwise
# switch the entry off without a word.
_KEYS = {"languages": {"model", "revision", "licence"}, "fallback": {"model", "revision", "licence", "languages"},
         "families": {"model", "revision", "licence", "languages"}}


def _spec(entry: Any, where: str, kind: str = "languages") -> ModelSpec | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
        raise ConfigError(f"{where}: expected a table with a string `model` (\"\" to switch it off)")
    unknown = sorted(set(entry) - _KEYS[kind])
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS[kind]))}")
    model = entry.get("model", "")
    if not model:
        return None
    revision = entry.get("revision")
    licence = entry.get("licence")
    return ModelSpec(model, str(revision) if revision else None, str(licence) if licence else None)


def load_registry(path: Path | None = None) -> Registry:
    """Read ``models/registry.toml`` (or ``path``) into a ``Registry``."""
    path = path or resource_path("models", "registry.toml")
    data = read_toml(path)
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    languages: dict[str, ModelSpec] = {}
    for lang, entry in dict(data.get("languages", {})).items():
        spec = _spec(entry, f"{path}: [languages.{lang}]")
        if spec is not None:
            languages[lang] = spec
    fallback = _spec(data["fallback"], f"{path}: [fallback]", "fallback") if "fallback" in data else None
    covered = data.get("fallback", {}).get("languages")
    if covered is not None and (not isinstance(covered, list) or not all(isinstance(c, str) for c in covered)):
        raise ConfigError(f"{path}: [fallback] languages: expected a list of ISO 639-3 codes")
    families: list[tuple[ModelSpec, frozenset[str]]] = []
    for name, entry in dict(data.get("families", {})).items():
        where = f"{path}: [families.{name}]"
        spec = _spec(entry, where, "families")
        members = entry.get("languages")
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise ConfigError(f"{where}: expected `languages`, a list of language codes (ISO 639-1, else 639-3)")
        if spec is not None:
            families.append((spec, frozenset(members)))
    if not data.get("languages") and "fallback" not in data and not families:
        raise ConfigError(f"{path}: no [languages.xx] entry and no [fallback]: nothing could be translated "
                          "(a [fallback] with model = \"\" says so on purpose)")
    return Registry(languages, fallback, None if covered is None else frozenset(covered), tuple(families))
