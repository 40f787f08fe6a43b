"""mtaudit: translate mixed-language documents into English and audit them against an original.

The Python API matches the CLI, one function per command::

    from pipeline import translate, audit, score, Options
    english = translate("repost.id.txt", Options(tm_file=Path("repost.tm.tsv"))).english
    report = audit("original.en.txt", "repost.id.txt")   # report.to_dict(): the JSON report
    result = score("original.en.txt", "repost.id.txt", thresholds={"min_chrf": 50})

Heavy dependencies (torch, transformers, the language detector) are imported on first
use, not at package import. Failures raise subclasses of ``pipeline.errors.MtauditError``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

__all__ = ["MtauditError", "Options", "Report", "Thresholds", "Translation", "__version__", "audit", "score",
           "translate"]

# name -> module that defines it, imported when the name is first used.
_LAZY = {
    "translate": "api",
    "audit": "api",
    "score": "api",
    "Translation": "api",
    "Report": "report",
    "Options": "process",
    "Thresholds": "gate",
    "MtauditError": "errors",
}


def _lazy(name: str) -> Any:
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return _lazy(name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def _api_function(name: str) -> property:
    # Importing the submodule pipeline/translate.py (or score.py) sets the package
    # attribute of the same name to that module, which would hide the API function:
    # the property keeps the name bound to the function and ignores that assignment.
    # The submodules stay importable by their full names (``from pipeline.translate
    # import ...``), which go through sys.modules.
    return property(lambda self: _lazy(name), lambda self, value: None)


class _Package(types.ModuleType):
    translate = _api_function("translate")
    score = _api_function("score")


sys.modules[__name__].__class__ = _Package
