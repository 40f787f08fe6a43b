"""The translators a run keeps: created lazily, at most ``capacity`` loaded (least recently
used evicted), and what the engines using them found (models missing, warnings said).
"""

from __future__ import annotations

import gc
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.errors import BackendError, ConfigError, ModelNotFoundError
from pipeline.translation.models import Translator
from pipeline.translation.route import ModelSpec

log = logging.getLogger(__name__)

Factory = Callable[[ModelSpec], Translator]


@dataclass
class TranslatorPool:
    """Lazily created translators, at most ``capacity`` kept (least recently used evicted)."""

    factory: Factory
    capacity: int = 2
    _live: OrderedDict[str, Translator] = field(default_factory=OrderedDict)
    model_calls: int = 0
    used: dict[str, ModelSpec] = field(default_factory=dict)
    # ``--backend auto``: the backend a model runs on when the first cannot run it (``BackendError``),
    # and the models that fell back to it, with why.
    fallback: Factory | None = None
    fallen_back: dict[str, str] = field(default_factory=dict)
    # What the engines using this pool found: models that could not be loaded, and the warnings
    # logged. A pool outlives an engine (the API builds one a call around the models it keeps):
    # a missing model is looked for, and warned about, once.
    unavailable: dict[str, ModelNotFoundError] = field(default_factory=dict)
    warned: set[str] = field(default_factory=set)
    _peeked: dict[str, Translator] = field(default_factory=dict)  # translators read for settings, never loaded

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ConfigError(f"--max-models must be at least 1, not {self.capacity}")

    def is_live(self, spec: ModelSpec) -> bool:
        return f"{spec.model_id}@{spec.revision}" in self._live

    def peek(self, spec: ModelSpec) -> Translator:
        """``spec``'s translator, to read its settings (cache keys): the live one, else a new one
        left out of the pool. ``get`` would evict a loaded model for it, and a feed of many
        languages reloaded every model for every group of documents."""
        key = f"{spec.model_id}@{spec.revision}"
        if key in self._live:
            return self._live[key]
        if key not in self._peeked:  # kept unloaded (cheap) so that its settings are read once
            self._peeked[key] = self._new(spec)
        return self._peeked[key]

    def _new(self, spec: ModelSpec) -> Translator:
        return (self.fallback or self.factory)(spec) if spec.model_id in self.fallen_back else self.factory(spec)

    def get(self, spec: ModelSpec) -> Translator:
        key = f"{spec.model_id}@{spec.revision}"
        if key in self._live:
            self._live.move_to_end(key)
            return self._live[key]
        translator = self._peeked.pop(key, None) or self._new(spec)
        self._live[key] = translator
        while len(self._live) > self.capacity:
            _, evicted = self._live.popitem(last=False)
            self.model_calls += evicted.model_calls
            close = getattr(evicted, "close", None)
            loaded = getattr(evicted, "loaded", True)
            if close is not None:
                close()
            del evicted
            if loaded:  # model weights sit in reference cycles; free them before the next load
                gc.collect()
        return translator

    def fall_back(self, spec: ModelSpec, error: BackendError) -> bool:
        """Run ``spec`` on the fallback backend from now on (its translator is replaced); False without one."""
        if self.fallback is None or spec.model_id in self.fallen_back:
            return False
        self.fallen_back[spec.model_id] = str(error)
        self._peeked.pop(f"{spec.model_id}@{spec.revision}", None)
        old = self._live.pop(f"{spec.model_id}@{spec.revision}", None)
        if old is not None:
            self.model_calls += old.model_calls
            close = getattr(old, "close", None)
            if close is not None:
                close()
        log.warning("%s; %s runs on transformers instead", error, spec.model_id)
        return True

    def total_model_calls(self) -> int:
        return self.model_calls + sum(t.model_calls for t in self._live.values())
