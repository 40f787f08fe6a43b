"""mtaudit: translate mixed-language documents into English and audit them against an original.

The public API (``pipeline.api``), one function per command plus two building blocks::

    from pipeline import translate, audit, score, index, match, identify, check_translation, Options
    english = translate("repost.id.txt", Options(tm_file=Path("repost.tm.tsv"))).english
    report = audit("original.en.txt", "repost.id.txt")   # report.to_dict(): the JSON report
    result = score("original.en.txt", "repost.id.txt", thresholds={"min_chrf": 50})

These names are stable; the modules behind them may move. Heavy dependencies (torch,
transformers, the language detector) are imported on first use, not at package import.
Failures raise subclasses of ``pipeline.errors.MtauditError``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what a type checker reads for the names below (they load lazily at run time)
    from pipeline.api import Translation as Translation, audit as audit, check_translation as check_translation
    from pipeline.api import identify as identify, index as index, match as match, release_models as release_models
    from pipeline.api import score as score, translate as translate
    from pipeline.engines.options import Options as Options
    from pipeline.errors import MtauditError as MtauditError
    from pipeline.fidelity.gate import Thresholds as Thresholds
    from pipeline.fidelity.report import Report as Report

__version__ = "0.1.0"

# name -> module that defines it, imported when the name is first used. No submodule
# of the package is named like one of these functions, so attribute access is plain.
_LAZY = {
    "translate": "pipeline.api",
    "audit": "pipeline.api",
    "score": "pipeline.api",
    "index": "pipeline.api",
    "match": "pipeline.api",
    "identify": "pipeline.api",
    "check_translation": "pipeline.api",
    "release_models": "pipeline.api",
    "Translation": "pipeline.api",
    "Report": "pipeline.fidelity.report",
    "Options": "pipeline.engines.options",
    "Thresholds": "pipeline.fidelity.gate",
    "MtauditError": "pipeline.errors",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
