"""``python -m pipeline`` runs the mtaudit command line."""

from pipeline.cli import entry

entry()
