"""Sentence segmentation that keeps offsets: ``text[s.start:s.end] == s.text``.

A document is first cut into blocks of lines, then each block into sentences with
sentencex. A line break ends a block when it ends a unit (a blank line, a headline, a
list item, a new indented paragraph) and is kept inside a block when it only wraps a
long line (hard-wrapped newswire, e-mail, archives): such a sentence's text then holds
the line break, exactly as in the input.

Segmentation comes before language identification, so each block's rules language is
guessed cheaply (``rules_language``): its script, then for Latin script the language
whose most common short words it uses most. sentencex splits with that language's
rules, and the boundaries it makes are then undone where the language's own data says
a full stop ends no sentence (``_joins``): an abbreviation sentencex does not know
("т. е.", "н. э.", Polish "r." before a lower-case word), a title before a name, and a
dotted ordinal date ("am 4. Oktober 1988") in any language that writes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sentencex import segment as _sentencex_segment

from pipeline.text.segment_rules import breaks, joins, rules_language
from pipeline.types import Sentence

# Named in reports' signatures: bump when the segmentation of some text changes.
SEGMENTER_RULES = "lines-unwrap-2 langs-4 scripts-3"

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
# A list item: bullet, "1." / "1)" / "a)" numbering, at the start of the line.
_LIST_ITEM = re.compile(r"\s*(?:[-*•–·]|\d{1,3}[.)]|[a-zA-Z][)])\s")
# The ragged right margin of a wrapped text: a line this much shorter than the wrap
# width can still be a wrapped one (the next word did not fit).
_RAGGED = 15
# Text is hard-wrapped at 60-80 columns: shorter lines of one length are rows of a
# table, longer ones were never wrapped.
_MIN_WIDTH, _MAX_WIDTH = 50, 100
# The width is read as the 90th percentile of line lengths: a wrapped line may pass it by a little.
_OVERHANG = 3


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # end of the visible text, before the line break
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class _Layout:
    """How a document marks its units, read from the document itself."""

    width: int | None  # the wrap width when the text is hard-wrapped, else None
    indented_paragraphs: bool  # wrapped text whose paragraphs start with an indent
    base_indent: int  # the indent of continuation lines in that case


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and lines:
            break
        lines.append(_Line(match.start(), match.start(1) + len(match.group(1)), match.group(1)))
    return lines


def _layout(lines: Sequence[_Line]) -> _Layout:
    """How the text marks its units: its wrap width, and whether paragraphs start indented."""
    followers = [nxt for cur, nxt in zip(lines, lines[1:]) if not cur.blank and not nxt.blank]
    if not followers:
        return _Layout(None, False, 0)
    base = min(line.indent for line in lines if not line.blank)
    longest = max(len(line.text.rstrip()) for line in lines)
    # Newswire style: each paragraph starts indented and its wrapped lines do not. Text
    # with one paragraph a line has no unindented follower; text with long lines is not
    # hard-wrapped at all.
    indented = (longest <= _MAX_WIDTH and any(line.indent > base for line in followers)
                and any(line.indent == base for line in followers))
    inner = sorted(len(cur.text.rstrip()) for cur, nxt in zip(lines, lines[1:]) if not cur.blank and not nxt.blank)
    width = inner[int(0.9 * (len(inner) - 1))]
    near = sum(1 for n in inner if n >= width - _RAGGED)
    # Headlines, items and paragraph ends are short: a wrapped text still has several lines
    # at one width, and they are a good part of its lines. A paragraph someone joined into
    # one long line leaves the rest wrapped: a tenth of the lines may be long.
    long_lines = sum(1 for line in lines if len(line.text.rstrip()) > _MAX_WIDTH)
    wrapped = (near >= 3 and _MIN_WIDTH <= width <= _MAX_WIDTH and near >= 0.4 * len(inner)
               and long_lines <= max(1, 0.1 * len(lines)))
    return _Layout(width if wrapped else None, indented, base)


def _continues(cur: _Line, nxt: _Line, layout: _Layout) -> bool:
    """True when the break between ``cur`` and ``nxt`` only wraps a line."""
    if nxt.blank:
        return False
    if _capitals(cur.text) and not _LIST_ITEM.match(nxt.text):
        # A headline in capitals ("BANK OF FRANCE CUTS RATE") runs on in capitals only, not
        # into its story's first line.
        return _capitals(nxt.text)
    if layout.indented_paragraphs:
        # The text marks each unit (paragraph, item, table row) with an indent: any other
        # line continues one, even one that starts like a list item ("at March\n13. Then").
        return nxt.indent <= layout.base_indent
    if _LIST_ITEM.match(nxt.text):
        return False
    if nxt.indent > cur.indent:
        return False
    head = nxt.text.lstrip()
    if head[0].islower():
        # No headline, item or sentence starts in lower case ("a U.S.\ngovernment agency").
        return True
    if layout.width is None:
        return False
    # The next word would not have fitted on this line: the writer's tool broke it. A
    # line well past the width was not broken by that tool.
    length = len(cur.text.rstrip())
    return length + 1 + len(head.split()[0]) > layout.width and length <= layout.width + _OVERHANG


def _capitals(line: str) -> bool:
    """Whether a line is written in capitals (a few words of them, not one acronym)."""
    # isupper first: a C-speed answer for the lines with a lower-case letter, nearly all of
    # them. Its letters must be cased ones: "日本央行 BOJ 维持利率不变" is no line in capitals.
    if not line.isupper() or " " not in line.strip():
        return False
    cased = sum(ch.isupper() for ch in line)
    return cased >= 8 and cased >= 0.9 * sum(ch.isalpha() for ch in line)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of runs of lines that belong together (a paragraph, a headline, an item)."""
    lines = _lines(text)
    layout = _layout(lines)
    start: _Line | None = None
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if start is None:
            start = line
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or not _continues(line, nxt, layout):
            yield start.start, line.end
            start = None


def segment(text: str, rules_lang: str = "auto") -> list[Sentence]:
    """Split ``text`` into sentences: first into blocks of lines, then with sentencex.

    Headlines and list items carry no final full stop, so a line break that ends a
    unit is a boundary; one that only wraps a sentence is not (see ``_continues``).
    Each block is a paragraph (``Sentence.paragraph``). Only whitespace is ever left
    between sentences: text sentencex would skip stays attached to a sentence.
    ``rules_lang`` names the language whose rules split every block, or "auto" to
    guess each block's (``rules_language``).
    """
    sentences: list[Sentence] = []
    for paragraph, (start, end) in enumerate(_blocks(text)):
        block = text[start:end]
        # sentencex sees the block on one line; every break becomes spaces of the same
        # length, so its offsets are offsets into the block as written.
        flat = block.replace("\r\n", "  ").replace("\r", " ").replace("\n", " ")
        lang = rules_language(flat) if rules_lang == "auto" else rules_lang
        for s, e in _broken(flat, _joined(flat, _split_line(flat, lang), lang)):
            sentences.append(
                Sentence(id=len(sentences), start=start + s, end=start + e, text=block[s:e], paragraph=paragraph)
            )
    return sentences


# sentencex (0.x) panics on a lone letter, a space wider than a byte and a full stop
# ("Z\u00a0."): such a line goes to it with those spaces made plain (offsets unchanged).
_PANICS = re.compile(r"(?<![^\W\d_])[^\W\d_][^\S\t\n\r\f\v ]+\.")
_WIDE_SPACE = re.compile(r"[^\S\t\n\r\f\v ]")
# Marks sentencex pairs as quotation marks that are letters' marks: Hebrew's gershayim and
# geresh typed as " and ' (צה"ל, ארה"ב), Greek's elision (θα 'ρθει, σ' αφήσω), Dutch's
# clipped articles ('s Morgens, 's-Hertogenbosch, 't). An unpaired "quote" swallowed the
# sentences after it (five Hebrew sentences read as one). They go to sentencex as U+02BC,
# a letter apostrophe (offsets unchanged).
_LETTER_MARKS = re.compile("(?<=[\u05d0-\u05ea])[\"'](?=[\u05d0-\u05ea])|(?<=[\u05d0-\u05ea])'"
                           "|(?<![^\\s(])'(?=[\u0370-\u03ff\u1f00-\u1fff])|(?<=[\u0370-\u03ff\u1f00-\u1fff])'(?=\\s)"
                           "|(?<![^\\s(])'(?=[stn][\\s-])")


def _sentencex_pieces(rules_lang: str, line: str) -> tuple[list[str], str]:
    """sentencex's pieces of ``line`` and the text they are found in (``line``, or ``line``
    with its wide spaces made plain where sentencex would panic on them); the whole line
    as one piece if it panics all the same: one line never ends a run."""
    scan = _WIDE_SPACE.sub(" ", line) if _PANICS.search(line) else line
    scan = _LETTER_MARKS.sub("\u02bc", scan) if "'" in scan or '"' in scan else scan
    try:
        return list(_sentencex_segment(rules_lang, scan)), scan
    except Exception:
        raise
    except BaseException as exc:  # a Rust panic surfaces as a BaseException (pyo3's PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return [line], line


def _split_line(line: str, rules_lang: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of one line, whitespace trimmed, nothing else lost."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    pieces, line = _sentencex_pieces(rules_lang, line)  # the same length: the same offsets
    for piece in pieces:
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


def _joined(line: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """``spans`` with the boundaries the language's data undoes merged (see ``joins``)."""
    out: list[tuple[int, int]] = []
    for span in spans:
        # A full stop between two digits of any script is a decimal point ("७.२", "٤.٢").
        decimal = bool(out) and out[-1][1] == span[0] and line[span[0] - 2:span[0] - 1].isdigit() \
            and line[span[0] - 1] == "." and line[span[0]:span[0] + 1].isdigit()
        if out and (decimal or joins(line[out[-1][0]:out[-1][1]], line[span[0]:span[1]], lang)):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _broken(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` cut where ``breaks`` finds a sentence sentencex left inside one."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        piece = line[start:end]
        for cut in breaks(piece):
            head = line[start:end - len(piece) + cut].rstrip()
            if head:
                out.append((start, start + len(head)))
                start = end - len(piece) + cut
                start += len(line[start:end]) - len(line[start:end].lstrip())
        out.append((start, end))
    return out
