"""Reading inputs: text files, stdin and JSONL feeds, with one-line errors for bad bytes."""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.io.encodings import BINARY_BYTES, BINARY_CHARS, likely_encoding, stray_bytes, utf16_without_bom

# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark): the encoding
# each names, as reports state it, and the codec that reads what follows the mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "UTF-32BE", "utf-32-be"),
    (codecs.BOM_UTF8, "UTF-8 with BOM", "utf-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "UTF-16BE", "utf-16-be"),
)


def decode(data: bytes, name: str, stray: bool = True) -> str:
    """Decode text input strictly (see ``decode_text``) and return the text alone."""
    return decode_text(data, name, stray)[0]


def decode_text(data: bytes, name: str, stray: bool = True) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in ("UTF-8", "UTF-16LE", ...).

    UTF-8 is the default; a byte-order mark (UTF-8, UTF-16 or UTF-32, as Windows tools
    write them) selects its encoding and is not part of the text, so offsets everywhere
    are code points into the returned string. CRLF is kept as is. Binary data (NUL or
    other control characters) and text in another encoding raise ``InputError``: the
    first names the offset, the second the encoding the bytes most likely are and how
    to convert them. UTF-8 with a few stray bytes (``STRAY_EVERY``) is read with them
    replaced by U+FFFD and a warning, unless ``stray`` is false.
    """
    for bom, label, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                replaced = stray_bytes(data[len(bom):], name) if stray and codec == "utf-8" else None
                if replaced is not None:
                    return replaced[0], f"{label}, {replaced[1].split(', ', 1)[1]}"
                raise InputError(f"{name}: invalid {label} at byte offset {exc.start + len(bom)} "
                                 f"(the file starts with a {label} byte-order mark)") from None
            bad = BINARY_CHARS.search(text)
            if bad:
                raise InputError(f"{name}: binary data (character U+{ord(bad.group()):04X} at offset "
                                 f"{bad.start()} of the {label} text), not text")
            return text, label
    if data.startswith(b"\x1f\x8b"):
        raise InputError(f"{name}: gzip-compressed, not text: decompress it first "
                         f"(`gunzip -k {name}`, or `zcat {name} | mtaudit ... -` for standard input)")
    for offset, byte in enumerate(data[:65536]):
        if byte in BINARY_BYTES:
            guess = utf16_without_bom(data)
            if guess:
                raise InputError(f"{name}: looks like {guess} without a byte-order mark, not UTF-8: "
                                 f"convert it with `iconv -f {guess} -t UTF-8 {name}`, or save it as UTF-8")
            raise InputError(f"{name}: binary data (byte 0x{byte:02x} at offset {offset}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        replaced = stray_bytes(data, name) if stray else None
        if replaced is not None:
            return replaced
        guess = likely_encoding(data)
        hint = (f"; it looks like {guess}: convert it with `iconv -f {guess} -t UTF-8 {name}`" if guess
                else "; convert it to UTF-8 first (e.g. `iconv -f ENCODING -t UTF-8`)")
        raise InputError(
            f"{name}: invalid UTF-8 at byte offset {exc.start} (0x{data[exc.start]:02x}){hint}"
        ) from None
    if BINARY_BYTES.intersection(data[65536:]):
        at = next(i for i, b in enumerate(data) if b in BINARY_BYTES)
        raise InputError(f"{name}: binary data (byte 0x{data[at]:02x} at offset {at}), not text")
    return text, "UTF-8"


def read_text(path: str) -> str:
    """Read a text file (UTF-8, or as its byte-order mark says), or standard input for ``-``."""
    return read_text_encoding(path)[0]


def read_text_encoding(path: str) -> tuple[str, str]:
    """``read_text`` with the encoding it read the file in."""
    return decode_text(path_bytes(path), "<stdin>" if path == "-" else path)


@dataclass(frozen=True)
class Record:
    """One document of a batch: its name, text (None when unreadable) and carried fields."""

    doc: str
    text: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def iter_jsonl(path: str, text_field: str = "text") -> Iterator[Record]:
    """Yield one ``Record`` per line of a JSONL feed; bad lines become error records.

    A record is named ``PATH:LINE``, or by its ``id`` field when it is a string or a
    number. Fields other than the text are carried through unchanged to the output. A
    line that is not JSON (``NaN`` included), nested too deeply to read, or holding an
    unpaired surrogate escape ("\\ud800", which no UTF-8 output can carry) is an error record
    in its place; the other lines go on. Bytes that are not UTF-8 are read as U+FFFD, with
    a warning, as in a text file.
    """
    for lineno, line in _jsonl_lines(path):
        record = jsonl_record(path, lineno, line, text_field)
        if record is not None:
            yield record


def jsonl_record(path: str, lineno: int, line: str | UnicodeDecodeError, text_field: str = "text",
                 id_field: str = "id") -> Record | None:
    """The ``Record`` of one JSONL line (``iter_jsonl``; None for a blank line): named by
    its ``id_field`` when that is a string or a number, else ``PATH:LINE``."""
    name = f"{path}:{lineno}"
    if isinstance(line, UnicodeDecodeError):
        # Read as a text file's stray bytes are: U+FFFD in their place, a warning, the record
        # kept with its id and fields (an error record lost both).
        logging.getLogger(__name__).warning("%s: invalid UTF-8 at byte %d of the line (0x%02x), read as U+FFFD",
                                            name, line.start, line.object[line.start])
        line = bytes(line.object).decode("utf-8", errors="replace")
    if not line.strip():
        return None
    try:
        obj = json.loads(line, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return Record(name, None, error=f"{name}: not valid JSON ({exc.msg} at column {exc.colno})")
    except ValueError as exc:  # NaN, Infinity: no JSON values, and no JSON output could carry them
        return Record(name, None, error=f"{name}: not valid JSON ({exc})")
    except RecursionError:
        return Record(name, None, error=f"{name}: JSON nested too deeply to read")
    surrogate = bool(_SURROGATE_ESCAPE.search(line)) and _unpaired_surrogate(obj)
    if surrogate and not isinstance(obj, dict):
        return Record(name, None, error=f"{name}: holds an unpaired surrogate escape (\\ud800-\\udfff), "
                                        "which is no text")
    if not isinstance(obj, dict):
        return Record(name, None, error=f"{name}: a JSON object was expected, got {type(obj).__name__}")
    text = obj.get(text_field)
    # A field holding an unpaired surrogate cannot be written back out: left out, the rest kept.
    fields = {k: v for k, v in obj.items() if k != text_field and not (surrogate and _unpaired_surrogate(v))}
    ident = obj.get(id_field)
    if (isinstance(ident, str) and ident or isinstance(ident, (int, float)) and not isinstance(ident, bool)) \
            and not (surrogate and _unpaired_surrogate(ident)):
        name = str(ident)
    if surrogate:
        return Record(name, None, fields, error=f"{path}:{lineno}: holds an unpaired surrogate escape "
                                                "(\\ud800-\\udfff), which is no text")
    if not isinstance(text, str):
        what = (f"missing (it has {', '.join(map(repr, obj)) or 'no fields'}: --text-field names another)"
                if text_field not in obj else "null" if text is None
                else f"{_JSON_KINDS.get(type(text), 'a ' + type(text).__name__)}, not a string")
        return Record(name, None, fields, error=f"{path}:{lineno}: field {text_field!r} is {what}")
    return Record(name, text, fields)


# What a JSON value that is no string is, said as JSON says it ("a int" read badly).
_JSON_KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}


def decoded_line(chunk: bytes) -> str | UnicodeDecodeError:
    """One line's bytes as UTF-8 text (its line end dropped), or the reason it is not."""
    try:
        return chunk.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError as exc:
        return exc


_LINE_END = re.compile("\r\n|\r|\n")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    """A JSON number as a float; one too large for a float (1e400) would be written out as
    Infinity, which is no JSON value."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is too large a number to carry")
    return value


def _unpaired_surrogate(obj: Any) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _jsonl_lines(path: str) -> Iterator[tuple[int, str | UnicodeDecodeError]]:
    """A JSONL file's lines (split at LF, CRLF or CR only: JSON strings may hold U+2028), each
    decoded as UTF-8 on its own when the file as a whole is not (a line that is not
    UTF-8 is then its decoding error); a file of binary data or in another encoding
    (a UTF-16 byte-order mark) is read as ``read_text`` reads text."""
    data = path_bytes(path)
    try:
        raw = decode(data, "<stdin>" if path == "-" else path, stray=False)  # a bad line is its own error record
    except InputError:
        if b"\x00" in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise
        data = data.removeprefix(codecs.BOM_UTF8)
        yield from enumerate(map(decoded_line, data.splitlines()), start=1)  # bytes: at \n, \r\n, \r only
        return
    yield from enumerate(_LINE_END.split(raw), start=1)


FEED_SUFFIXES = (".rss", ".atom", ".xml")
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


TEXT_SUFFIXES = (".txt", ".text", ".md")


def input_files(path: str, suffixes: tuple[str, ...] = ()) -> Iterator[str]:
    """``path``, or for a directory the files under it whose names end in one of ``suffixes``
    (default: every kind ``input_kind`` reads, gzip or not), recursively, in name order,
    hidden ones left out; a directory without any is an error."""
    if path == "-" or not os.path.isdir(path):
        yield path
        return
    kinds = suffixes or TEXT_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES
    found = sorted(str(p) for p in Path(path).rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts)
                   and (p.name.lower().removesuffix(".gz").endswith(kinds)
                        or not suffixes and p.name.lower().endswith(PARQUET_SUFFIXES)))  # Parquet compresses itself
    if not found:
        raise InputError(f"{path}: a directory with no file to read ({', '.join(kinds)} or their .gz"
                         f"{', ' + ', '.join(PARQUET_SUFFIXES) if not suffixes else ''})")
    yield from found


def input_kind(path: str, declared: str = "auto") -> str:
    """``text``, ``jsonl``, ``parquet`` or ``feed``: as declared, else from the file suffix
    (a ``.gz`` after it aside)."""
    if declared != "auto":
        return declared
    lower = path.lower().removesuffix(".gz")  # read decompressed (``path_bytes``)
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(FEED_SUFFIXES):
        return "feed"
    return "text"


def iter_records(path: str, kind: str, text_field: str = "text") -> Iterator[Record]:
    """The records of one input of ``kind``; an unreadable input is one error record."""
    try:
        if kind == "jsonl":
            yield from iter_jsonl(path, text_field)
        elif kind == "parquet":
            yield from iter_parquet(path, text_field)
        elif kind == "feed":
            yield from iter_feed(path)
        else:
            yield Record(path, read_text(path))
    except InputError as exc:
        yield Record(path, None, error=str(exc))


def jsonable(value: Any) -> Any:
    """``value`` with dates, bytes and decimals turned into JSON-friendly strings."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return str(value)


def iter_parquet(path: str, text_field: str = "text", batch_rows: int = 4096) -> Iterator[Record]:
    """One ``Record`` per row of a Parquet file, read in batches (constant memory).

    Rows are named ``PATH:ROW`` (1-based) or by their ``id`` column; the other columns
    are carried like JSONL fields. A row whose text is null is an error record.
    """
    pq = _pyarrow_parquet()
    try:
        reader = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends for non-Parquet data
        raise InputError(f"{path}: not a Parquet file ({exc})") from None
    names = reader.schema_arrow.names
    if text_field not in names:
        raise InputError(f"{path}: no column {text_field!r} (columns: {', '.join(names)}); pick one with --text-field")
    row = 0
    for batch in reader.iter_batches(batch_size=batch_rows):
        for obj in batch.to_pylist():
            row += 1
            name = str(obj["id"]) if obj.get("id") is not None else f"{path}:{row}"
            text = obj.get(text_field)
            fields = {k: jsonable(v) for k, v in obj.items() if k != text_field}
            if not isinstance(text, str):
                what = "null" if text is None else f"a {type(text).__name__}, not a string"
                yield Record(name, None, fields, error=f"{path}:{row}: column {text_field!r} is {what}")
            else:
                yield Record(name, text, fields)


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'mtaudit[parquet]'") from None
    return pq


def iter_feed(path: str) -> Iterator[Record]:
    """One ``Record`` per item of an RSS or Atom feed (parsed with feedparser).

    The text is the item's title, a blank line, then its content (or summary) with the
    HTML markup taken out. ``id``, ``link``, ``title`` and the ``published``/``updated``
    dates (ISO 8601 in UTC when the feed's date parses, else as written) are carried as
    fields; the record is named by the item id, else its link, else ``PATH#N``.
    """
    from xml.sax import SAXException

    import feedparser

    raw = path_bytes(path)
    parsed = feedparser.parse(raw)  # bytes, never a URL: nothing is fetched
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> element"
        raise InputError(f"{path}: not an RSS or Atom feed ({reason})")
    for n, entry in enumerate(parsed.entries, start=1):
        fields: dict[str, Any] = {}
        for key in ("id", "link", "title"):
            if entry.get(key):
                fields[key] = str(entry[key])
        for key in ("published", "updated"):
            # Plain dict lookups: feedparser would answer ``updated`` with an RSS pubDate.
            value = dict.get(entry, key)
            if value:
                fields[key] = _feed_date(dict.get(entry, f"{key}_parsed"), str(value))
        name = fields.get("id") or fields.get("link") or f"{path}#{n}"
        title = html_to_text(str(entry.get("title", ""))).strip()
        contents = entry.get("content") or []
        body_html = contents[0].get("value", "") if contents else entry.get("summary", "")
        body = html_to_text(str(body_html)).strip()
        text = "\n\n".join(part for part in (title, body) if part)
        if not text:
            yield Record(name, None, fields, error=f"{path}: item {n} ({name}) has no title or content")
        else:
            yield Record(name, text, fields)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, SAXException) and not _CLOSED_FEED.search(raw[-4096:]):
        # Cut off before its closing tag: the items were read as far as the parser got, and
        # what it lost is no record of its own. Say so as one: the run fails (exit 1). (A
        # stray "&" or "&nbsp;" is bozo too, but feedparser's loose parser recovers it whole.)
        yield Record(f"{path}#malformed", None, error=f"{path}: the feed ends before its closing tag ({problem}): "
                                                     "its items were read as far as they parse, and may be cut short")


_CLOSED_FEED = re.compile(rb"</(?:rss|feed|rdf:RDF)>\s*\Z", re.IGNORECASE)


def path_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input), decompressed when gzip wrote them
    ("feed.jsonl.gz", ``zcat``'s input), with one-line errors."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: gzip data cut short or damaged ({exc})") from None


def _feed_date(parsed: Any, raw: str) -> str:
    if parsed is None:
        return raw
    import calendar
    from datetime import datetime, timezone

    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).isoformat().replace("+00:00", "Z")


_BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table pre figure figcaption section article".split())


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: block elements become line breaks, scripts go."""
    from html.parser import HTMLParser

    parts: list[str] = []
    skipping = 0

    class _Text(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            nonlocal skipping
            if tag in ("script", "style"):
                skipping += 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            nonlocal skipping
            if tag in ("script", "style"):
                skipping = max(0, skipping - 1)
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not skipping:
                parts.append(data)

    parser = _Text(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
