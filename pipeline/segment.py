"""Sentence segmentation that keeps offsets: ``text[s.start:s.end] == s.text``."""

from __future__ import annotations

import re

from sentencex import segment as _sentencex_segment

from .types import Sentence

_LINE = re.compile(r"[^\r\n]*")


def segment(text: str, rules_lang: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences: first on line breaks, then with sentencex.

    Headlines and list items carry no final full stop, so each line break is a
    boundary, and each non-blank line is a paragraph (``Sentence.paragraph``). Only
    whitespace is ever left between sentences: text sentencex would skip stays
    attached to a sentence.
    """
    sentences: list[Sentence] = []
    paragraph = -1
    for match in _LINE.finditer(text):
        line = match.group()
        if not line.strip():
            continue
        paragraph += 1
        for start, end in _split_line(line, rules_lang):
            sentences.append(
                Sentence(
                    id=len(sentences),
                    start=match.start() + start,
                    end=match.start() + end,
                    text=line[start:end],
                    paragraph=paragraph,
                )
            )
    return sentences


def _split_line(line: str, rules_lang: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of one line, whitespace trimmed, nothing else lost."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sentencex_segment(rules_lang, line):
        core = piece.strip()
        if not core:
            continue
        found = line.find(core, cursor)
        if found < 0:  # sentencex altered the text: the rest of the line stays one piece
            break
        gap = line[cursor:found]
        if gap.strip():
            # Characters sentencex skipped stay in the text: with the previous sentence,
            # or at the start of this one when there is none.
            if spans:
                spans[-1] = (spans[-1][0], cursor + len(gap.rstrip()))
            else:
                found = cursor + len(gap) - len(gap.lstrip())
        spans.append((found, line.find(core, found) + len(core)))
        cursor = spans[-1][1]
    rest = line[cursor:]
    if rest.strip():
        spans.append((cursor + len(rest) - len(rest.lstrip()), len(line.rstrip())))
    return spans
