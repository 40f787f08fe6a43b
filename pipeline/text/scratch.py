"""Memory that loading language models leaves behind: handed back to the operating system.

Used by ``langid``: lingua and wordfreq load their models and lists on first use, inside
an ``identify`` call, and leave scratch memory resident that nothing reuses.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import cast

# Growth of the resident set during one ``identify`` call above which free heap memory is
# handed back to the operating system (see ``release_loader_scratch``).
_RELEASE_AFTER_GROWTH = 16 << 20


def resident_bytes() -> int | None:
    """This process's resident set size (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _page_size()
    except (OSError, ValueError, IndexError):
        return None


@lru_cache(maxsize=1)
def _page_size() -> int:
    return os.sysconf("SC_PAGE_SIZE")


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None (another C library, or no ctypes)."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast(Callable[[int], int], trim)


def release_loader_scratch(resident_before: int | None) -> None:
    """Return free heap pages to the OS after a call that loaded language models.

    lingua decompresses and parses its n-gram models (on its worker threads) and wordfreq
    reads whole frequency lists; once loaded, about 60 MB of that scratch memory is free
    but still resident, spread over the threads' malloc arenas where the translation
    model's threads never reuse it. ``malloc_trim`` releases it: the peak resident set of
    a run that identifies and then translates drops by as much. Cheap (milliseconds), and
    done only when the call grew the process by ``_RELEASE_AFTER_GROWTH`` or more, so a
    long run of documents with all models loaded never pays it.
    """
    if resident_before is None:
        return
    after = resident_bytes()
    trim = _malloc_trim()
    if after is not None and trim is not None and after - resident_before >= _RELEASE_AFTER_GROWTH:
        trim(0)
