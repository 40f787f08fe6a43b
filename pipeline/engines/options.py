"""The run options of the CLI and the API (``pipeline.Options``).

A module of their own, importing nothing heavy: ``pipeline.identify`` takes them, and a
process that only identifies should not import the translation stages to build them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
