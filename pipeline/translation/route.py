"""Routing: which model (if any) translates a sentence of a given language into English.

A language goes to its own model (``[languages.xx]`` of ``models/registry.toml``), else
to the multilingual ``[fallback]`` when the fallback lists it among its source
languages, else nowhere: its sentences are passed through and flagged, naming the
language. A sentence is never sent to another language's model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.settings import read_toml, resource_path
from pipeline.errors import ConfigError

PASSTHROUGH = "passthrough"
TM = "tm"
NO_ROUTE = "untranslatable"

# ISO 639-3 macrolanguages that lingua names, and the individual languages a model card
# lists in their stead (Malay: Standard Malay and Malay; Persian: Iranian Persian;
# Swahili: Swahili proper).
MACROLANGUAGES = {"msa": ("zsm", "zlm"), "fas": ("pes",), "swa": ("swh",)}


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

    def route(self, lang: str) -> ModelSpec | None:
        """The model for ``lang``; None for English and for languages with no route."""
        if lang == "en":
            return None
        spec = self.languages.get(lang)
        if spec is not None:
            return spec
        if lang == "und":  # undetermined: a fallback guess would be a silent invention
            return None
        if self.fallback is None or self.fallback_languages is None:
            return self.fallback
        return self.fallback if not self.fallback_languages.isdisjoint(iso639_3(lang)) else None

    def no_route(self, lang: str) -> str:
        """Why a sentence identified as ``lang`` has no route, naming the language."""
        if lang == "und":
            return "its language could not be identified; passed through"
        covered = "" if self.fallback is None else f" and {self.fallback.model_id} does not list it"
        return f"no translation model for {language_name(lang)} ({lang!r}): no model of its own{covered}; passed through"


def iso639_3(lang: str) -> tuple[str, ...]:
    """The ISO 639-3 codes a model card may list ``lang`` (ISO 639-1) under; () when unknown."""
    from lingua import IsoCode639_1, Language

    try:
        code = Language.from_iso_code_639_1(IsoCode639_1.from_str(lang)).iso_code_639_3.name.lower()
    except ValueError:
        return (lang,)  # a code lingua does not know: the card may use it as it is
    return (code, *MACROLANGUAGES.get(code, ()))


def language_name(lang: str) -> str:
    """``lang``'s English name as lingua spells it ("Southern Sotho"), or the code itself."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(lang)).name.replace("_", " ").title()
    except ValueError:
        return lang


def _spec(entry: Any, where: str) -> ModelSpec | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("model", ""), str):
        raise ConfigError(f"{where}: expected a table with a string `model`")
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
    languages: dict[str, ModelSpec] = {}
    for lang, entry in dict(data.get("languages", {})).items():
        spec = _spec(entry, f"{path}: [languages.{lang}]")
        if spec is not None:
            languages[lang] = spec
    fallback = _spec(data["fallback"], f"{path}: [fallback]") if "fallback" in data else None
    covered = data.get("fallback", {}).get("languages")
    if covered is not None and (not isinstance(covered, list) or not all(isinstance(c, str) for c in covered)):
        raise ConfigError(f"{path}: [fallback] languages: expected a list of ISO 639-3 codes")
    return Registry(languages, fallback, None if covered is None else frozenset(covered))
