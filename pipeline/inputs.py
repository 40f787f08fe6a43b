"""Reading inputs: text files, stdin and JSONL feeds, with one-line errors for bad bytes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

_BOM = "\ufeff"
# Control characters that never occur in text; a few of them mean binary data.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 input strictly; a leading BOM is dropped, CRLF is kept as is.

    Offsets everywhere are code points into the returned string. Binary data (NUL or
    other control bytes) and invalid UTF-8 raise ``InputError`` naming the byte offset.
    """
    for offset, byte in enumerate(data[:65536]):
        if byte in _BINARY_BYTES:
            raise InputError(f"{name}: binary data (byte 0x{byte:02x} at offset {offset}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid UTF-8 at byte offset {exc.start} (0x{data[exc.start]:02x})"
        ) from None
    if _BINARY_BYTES.intersection(data[65536:]):
        bad = next(i for i, b in enumerate(data) if b in _BINARY_BYTES)
        raise InputError(f"{name}: binary data (byte 0x{data[bad]:02x} at offset {bad}), not text")
    return text[1:] if text.startswith(_BOM) else text


def read_text(path: str) -> str:
    """Read a UTF-8 text file, or standard input when ``path`` is ``-``."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    return decode(data, path)


@dataclass(frozen=True)
class Record:
    """One document of a batch: its name, text (None when unreadable) and carried fields."""

    doc: str
    text: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def iter_jsonl(path: str, text_field: str = "text") -> Iterator[Record]:
    """Yield one ``Record`` per line of a JSONL feed; bad lines become error records.

    A record is named ``PATH:LINE``, or by its ``id`` field when it has one. Fields other
    than the text are carried through unchanged to the output.
    """
    raw = read_text(path)
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(name, None, error=f"{name}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Record(name, None, error=f"{name}: a JSON object was expected, got {type(obj).__name__}")
            continue
        text = obj.get(text_field)
        fields = {k: v for k, v in obj.items() if k != text_field}
        if "id" in obj:
            name = str(obj["id"])
        if not isinstance(text, str):
            what = "missing" if text is None else f"a {type(text).__name__}, not a string"
            yield Record(name, None, fields, error=f"{path}:{lineno}: field {text_field!r} is {what}")
            continue
        yield Record(name, text, fields)
