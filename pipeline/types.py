"""Plain frozen dataclasses passed between stages.

Offsets are code-point offsets into the input text as read (after BOM removal), so
``text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How the aligner formed a group (``AlignedGroup.kind``).
GroupKind = Literal["path", "gap", "lonely", "moved"]


@dataclass(frozen=True)
class Sentence:
    """One segment of an input document."""

    id: int
    start: int
    end: int
    text: str
    paragraph: int = 0  # index of the non-blank input line it comes from


@dataclass(frozen=True)
class Span:
    """A run of the input, e.g. English words embedded in an Indonesian sentence."""

    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Identified:
    """Language identification result for one sentence."""

    lang: str
    confidence: float
    foreign_spans: tuple[Span, ...] = ()
    inherited: bool = False  # too short to judge: took a neighbour's language
    lang_source: str = "sentence"  # "sentence": its own evidence decided; "context": its neighbours did
    # Languages its evidence could not rule out (lingua ranked them near ``lang``, its words
    # and lingua disagree, Malay and Indonesian read alike, or the text is too short to
    # judge): routing picks a model that covers them all.
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckFailure:
    """A check a translation failed against its own source (``pipeline.translation.checks``):
    the check's name, its message, and what it found as data (the numbers or names lost)."""

    name: str
    message: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A sentence after identification, routing and translation."""

    sentence: Sentence
    lang: str
    confidence: float
    route: str  # "passthrough", "tm", "untranslatable", or a model id
    translation: str
    foreign_spans: tuple[Span, ...] = ()
    flag: str | None = None  # why a sentence was not translated when it should have been
    # The checks its translation failed, run once when it was translated: the audit's
    # `mt-error` divergences are made from these, never by running the checks again.
    failed: tuple[CheckFailure, ...] = ()
    retried: bool = False  # the kept translation is a second try
    lang_source: str = "sentence"  # as in ``Identified``: who decided ``lang``
    # As in ``Identified``: languages its evidence could not rule out. A sentence passed
    # through as English with foreign alternatives may be foreign after all: the records
    # say so rather than flag it (a flag would take it out of the audit).
    alternatives: tuple[str, ...] = ()

    @property
    def checks(self) -> tuple[str, ...]:
        """The names of the checks its translation failed (the records' ``checks`` field)."""
        return tuple(f.name for f in self.failed)


@dataclass(frozen=True)
class AlignedGroup:
    """Indices of original and repost sentences that correspond (either side may be empty)."""

    original: tuple[int, ...]
    repost: tuple[int, ...]
    score: float  # the aligner's similarity of the two sides; 0.0 for a lonely sentence
    # How the aligner formed it: "path" (its search), "gap" (its gap pass, which pairs
    # what the search left unpaired between two pairs), "lonely" (1-0 or 0-1), "moved"
    # (a sentence the repost moved elsewhere: ``pipeline.fidelity.moves``; its repost
    # index breaks the order of the others).
    kind: GroupKind


@dataclass(frozen=True)
class Document:
    """A read input: its path (or "-"), full text, and sentences."""

    path: str
    text: str
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    encoding: str | None = None  # how the file was decoded ("UTF-8", "UTF-16LE"...); None: given as text
