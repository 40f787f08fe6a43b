"""mtaudit: translate mixed-language documents into English and audit them against an original.

``from pipeline import audit`` gives the Python API (the same function the CLI calls);
heavy dependencies are imported on first use, not at package import.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Options", "Report", "__version__", "audit"]


def __getattr__(name: str) -> Any:
    if name in ("audit", "Report"):
        from . import report

        return getattr(report, name)
    if name == "Options":
        from .process import Options

        return Options
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
