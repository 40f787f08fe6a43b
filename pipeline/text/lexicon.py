"""One reader of word frequencies and one idea of a word, shared by every stage.

Every stage that asks "how common is this word in that language" (identification, the
per-translation checks, the comparison) asks here, so that wordfreq's lists are read
once per process and the answer for a language wordfreq cannot tokenise without extra
packages (zh, ja, ko) is the same everywhere: 0.0, never an exception.
"""

from __future__ import annotations

from functools import lru_cache

# wordfreq tokenises Chinese, Japanese and Korean with extra packages (jieba, MeCab); for
# those, and for "und", no frequency is known: callers let the English frequency decide.
NO_FREQUENCY = frozenset({"zh", "ja", "ko", "und"})


@lru_cache(maxsize=1 << 16)
def zipf(word: str, lang: str) -> float:
    """``word``'s Zipf frequency in ``lang`` (wordfreq's scale, 0.0 = unknown or unlisted)."""
    from wordfreq import available_languages, zipf_frequency  # loads word lists lazily, per language

    lang = lang.split("-")[0].lower()
    if lang in NO_FREQUENCY or lang not in available_languages():
        return 0.0
    return float(zipf_frequency(word, lang))
