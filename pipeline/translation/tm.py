"""Translation memory: exact matches (after whitespace normalisation) consulted before MT."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path

from pipeline.errors import ConfigError, InputError
from pipeline.io.inputs import read_text

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The TM key of a sentence: NFC, whitespace runs folded to one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def load_tm(path: Path | str) -> dict[str, str]:
    """Read a TM: TSV ``source<TAB>english`` or JSONL with ``source`` and ``target``.

    The format follows the file extension (``.jsonl``/``.json`` for JSONL, anything
    else TSV). A malformed line raises ``ConfigError`` naming the file and line. Lines end
    at a line feed only (a U+2028 inside a sentence is the sentence's). In TSV, a line
    starting with "#" and holding no tab is a comment ("#Gempa ...<TAB>#Earthquake ..." is
    an entry). A source given twice with different English: the last stands, with a warning.
    """
    try:
        raw = read_text(str(path))
    except InputError as exc:
        raise ConfigError(f"translation memory: {exc}") from None
    is_jsonl = str(path).endswith((".jsonl", ".json"))
    memory: dict[str, str] = {}
    twice: list[int] = []
    for lineno, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or (not is_jsonl and line.startswith("#") and "\t" not in line):
            continue
        if is_jsonl:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) or not isinstance(obj.get("target"), str):
                raise ConfigError(f"{path}:{lineno}: expected an object with string `source` and `target`")
            source, target = obj["source"], obj["target"]
        else:
            parts = line.split("\t")
            if len(parts) != 2:
                raise ConfigError(f"{path}:{lineno}: expected `source<TAB>english`, found {len(parts)} column(s)")
            source, target = parts
        if not source.strip() or not target.strip():
            side = "source" if not source.strip() else "English"
            raise ConfigError(f"{path}:{lineno}: the {side} side is empty (a sentence the TM answered "
                              "with nothing would vanish from the output)")
        key = normalise(source)
        if memory.get(key, target.strip()) != target.strip():
            twice.append(lineno)
        memory[key] = target.strip()
    if twice:
        logging.getLogger(__name__).warning(
            "%s: %d source(s) given again with other English (lines %s): the last of each stands",
            path, len(twice), ", ".join(map(str, twice[:5])) + (" ..." if len(twice) > 5 else ""))
    return memory
