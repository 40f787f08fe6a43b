"""Routing: which model (if any) translates a sentence of a given language into English."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.settings import read_toml, resource_path
from pipeline.errors import ConfigError

PASSTHROUGH = "passthrough"
TM = "tm"
NO_ROUTE = "untranslatable"


@dataclass(frozen=True)
class ModelSpec:
    """A translation model: Hugging Face id, optional pinned revision, licence."""

    model_id: str
    revision: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class Registry:
    """Language code -> model, plus the multilingual fallback (None when disabled)."""

    languages: dict[str, ModelSpec]
    fallback: ModelSpec | None

    def route(self, lang: str) -> ModelSpec | None:
        """The model for ``lang``; None for English and for languages with no route."""
        if lang == "en":
            return None
        spec = self.languages.get(lang)
        if spec is not None:
            return spec
        if lang == "und":  # undetermined: a fallback guess would be a silent invention
            return None
        return self.fallback


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
    return Registry(languages, fallback)
