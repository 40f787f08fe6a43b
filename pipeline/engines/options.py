"""The run options of the CLI and the API (``pipeline.Options``).

A module of their own, importing nothing heavy: ``pipeline.identify`` takes them, and a
process that only identifies should not import the translation stages to build them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ArgumentError

BACKENDS = ("auto", "transformers", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")  # as [translate] device takes them
COMPUTE_TYPES = ("auto", "int8", "int16", "float32", "float16")  # CTranslate2's, as --compute-type takes them
INPUT_FORMATS = ("auto", "text", "jsonl", "parquet", "feed")  # how an input is read (auto: by its suffix)
# A beam this wide already costs its width in decoding time; a wider one only hangs a run.
MAX_BEAMS = 64


@dataclass(frozen=True)
class Options:
    """Run options gathered from the CLI or API callers.

    ``config_file`` is merged over the default settings; ``batch_size``, ``num_beams``,
    ``device`` and ``max_chars`` replace their setting unless None (``resolve_settings``).
    """

    config_file: Path | None = None
    registry_file: Path | None = None
    tm_file: Path | None = None
    model_dir: Path | None = None
    cache_path: Path | None = None
    use_cache: bool = True
    batch_size: int | None = None
    num_beams: int | None = None
    device: str | None = None
    max_chars: int | None = None  # [limits] max_chars
    max_models: int = 2
    backend: str = "auto"  # "auto" (ctranslate2 if installed, else transformers) | "transformers" | "ctranslate2"
    compute_type: str = "auto"  # CTranslate2 only: int8 | int16 | float32 | float16 | auto (int8 on CPU)
    assume_english: bool = False  # the repost is already English: no identification or MT
    strict: bool = False  # a model that cannot be loaded stops the run instead of failing its sentences

    def __post_init__(self) -> None:
        """A bad value fails here, naming what fits, not at the first run that uses it."""
        for name, least in (("batch_size", 1), ("num_beams", 1), ("max_chars", 0), ("max_models", 1)):
            value = getattr(self, name)  # max_chars 0: no limit
            if value is None and name != "max_models":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ArgumentError(f"Options.{name} must be a whole number of at least {least}, not {value!r}")
        if self.num_beams is not None and self.num_beams > MAX_BEAMS:
            raise ArgumentError(f"Options.num_beams must be at most {MAX_BEAMS}, not {self.num_beams}")
        for name in ("config_file", "registry_file", "tm_file", "model_dir", "cache_path"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (str, Path)):
                raise ArgumentError(f"Options.{name} must be a path (str or pathlib.Path), not {type(value).__name__}")
            if isinstance(value, str):
                object.__setattr__(self, name, Path(value))
        for name, allowed in (("backend", BACKENDS), ("device", DEVICES), ("compute_type", COMPUTE_TYPES)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise ArgumentError(f"Options.{name} must be one of {', '.join(allowed)}, not {value!r}")
        for name in ("use_cache", "assume_english", "strict"):
            if not isinstance(getattr(self, name), bool):
                raise ArgumentError(f"Options.{name} must be True or False, not {getattr(self, name)!r}")
