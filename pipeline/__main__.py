"""``python -m pipeline`` runs the mtaudit command line."""

from .cli import entry

entry()
