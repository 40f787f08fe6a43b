"""mtaudit: translate mixed-language documents into English and audit them against an original."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
