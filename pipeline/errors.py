"""Typed exceptions raised by the library; only ``pipeline.cli`` turns them into exit codes."""

from __future__ import annotations


class MtauditError(Exception):
    """Base class for every expected failure: the CLI prints its message on one line."""


class InputError(MtauditError):
    """An input file or record cannot be read as text (missing, binary, invalid UTF-8...)."""


class ConfigError(MtauditError):
    """A configuration, registry, TM or manifest file is malformed, or a setting cannot be met
    here (a CUDA device, a compute type, an optional package not installed)."""


class ModelNotFoundError(MtauditError):
    """A model is neither local nor downloadable; the message names the model and the remedy."""

    def __init__(self, model_id: str, detail: str = "", remedy: str | None = None) -> None:
        self.model_id = model_id
        self.detail = detail
        remedy = remedy or (
            f"model {model_id!r} is not available offline: download it once with network access "
            f"(`hf download {model_id}`), or pass --model-dir DIR holding a copy "
            f"at DIR/{model_id.replace('/', '--')} or DIR/{model_id.split('/')[-1]}, "
            "or supply translations with --tm FILE"
        )
        super().__init__(remedy + (f" ({detail})" if detail else ""))


class BackendError(MtauditError):
    """A model that the chosen decoder cannot run (CTranslate2 cannot convert it, or would
    not decode it as transformers does). With ``--backend auto`` that model runs on
    transformers instead; with ``--backend ctranslate2`` its sentences are flagged."""


class ArgumentError(MtauditError, ValueError):
    """A Python API caller passed an argument of the wrong type or value (the message names what fits)."""


class LimitError(MtauditError):
    """A document exceeds a configured limit (for example ``--max-chars``)."""


class OutputError(MtauditError):
    """An output cannot be written as asked (for example Parquet to a terminal)."""


class IndexFileError(MtauditError):
    """An archive index is missing, corrupt, of another schema, or cannot be written."""
