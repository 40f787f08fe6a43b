"""What bytes that are not UTF-8 most likely are: a few stray bytes in UTF-8 text (read
as U+FFFD), UTF-16 without a byte-order mark, or a legacy encoding (charset-normalizer's
guess). ``pipeline.io.inputs.decode_text`` asks, and names the answer in its error."""

from __future__ import annotations

import logging
import re

# Control characters that never occur in text; a few of them mean binary data.
BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}
BINARY_CHARS = re.compile("[" + "".join(re.escape(chr(b)) for b in sorted(BINARY_BYTES)) + "]")

# UTF-8 text with at most one byte in this many that is not UTF-8 (at least one) is read
# with each such byte replaced by U+FFFD and a warning, not refused whole: a feed's stray
# byte lost every sentence of its document.
STRAY_EVERY = 1000


def stray_bytes(data: bytes, name: str) -> tuple[str, str] | None:
    """``data`` read as UTF-8 with its few stray bytes replaced (``STRAY_EVERY``), or None.
    One pass: each byte that is not UTF-8 decodes to a surrogate escape (U+DC80-U+DCFF),
    which no UTF-8 text holds otherwise."""
    text = data.decode("utf-8", errors="surrogateescape")
    offsets = [m.start() for m in _ESCAPED.finditer(text)]
    if len(offsets) > max(1, len(data) // STRAY_EVERY):
        return None
    where = ", ".join(map(str, offsets[:5])) + (f" and {len(offsets) - 5} more" if len(offsets) > 5 else "")
    logging.getLogger(__name__).warning(f"{name}: {len(offsets)} byte(s) not UTF-8 at character offset(s) {where}, "
                                         "read as U+FFFD; the rest of the text is read as it is")
    return _ESCAPED.sub("\ufffd", text), f"UTF-8, {len(offsets)} invalid byte(s) replaced"


_ESCAPED = re.compile("[\udc80-\udcff]")


def utf16_without_bom(data: bytes) -> str | None:
    """"UTF-16LE"/"UTF-16BE" when ``data`` reads as UTF-16 text without a mark, else None.

    In UTF-16 every space, digit and Latin letter has a NUL high byte, so NULs crowd one
    byte position (odd in little-endian) and are nearly absent from the other.
    """
    sample = data[:8192]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    for label, codec, high, low in (("UTF-16LE", "utf-16-le", sample[1::2], sample[0::2]),
                                    ("UTF-16BE", "utf-16-be", sample[0::2], sample[1::2])):
        # A few NULs make no UTF-16 ("Krankenhaus.\0 Das ist gut."): a stray byte in UTF-8.
        if high.count(0) >= max(4, 0.05 * len(high)) and low.count(0) <= 0.02 * len(low):
            try:
                text = sample.decode(codec)
            except UnicodeDecodeError:
                continue
            if not BINARY_CHARS.search(text):
                return label
    return None


# The legacy encodings a guess may name: the ones news and office text is still saved
# in. A guess outside them (charset-normalizer can say "cp1006" for a few stray bytes)
# would mislead more than it helps.
_LEGACY = {
    "cp1250": "WINDOWS-1250", "cp1251": "WINDOWS-1251", "cp1252": "WINDOWS-1252", "cp1253": "WINDOWS-1253",
    "cp1254": "WINDOWS-1254", "cp1255": "WINDOWS-1255", "cp1256": "WINDOWS-1256", "cp1257": "WINDOWS-1257",
    "cp1258": "WINDOWS-1258", "latin_1": "ISO-8859-1", "iso8859_2": "ISO-8859-2", "iso8859_5": "ISO-8859-5",
    "iso8859_7": "ISO-8859-7", "iso8859_9": "ISO-8859-9", "iso8859_15": "ISO-8859-15", "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U", "shift_jis": "SHIFT_JIS", "cp932": "CP932", "euc_jp": "EUC-JP", "euc_kr": "EUC-KR",
    "cp949": "CP949", "gb2312": "GB2312", "gbk": "GBK", "gb18030": "GB18030", "big5": "BIG5", "tis_620": "TIS-620",
    "cp874": "CP874", "mac_roman": "MACINTOSH",
}


def likely_encoding(data: bytes) -> str | None:
    """The legacy encoding ``data`` most likely is (charset-normalizer's best guess), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional nicety: the error still says the file is not UTF-8
        return None
    best = from_bytes(data[:65536]).best()
    return _LEGACY.get(best.encoding) if best is not None else None
