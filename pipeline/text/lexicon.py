"""One reader of word frequencies, one idea of a word and of an English word, shared by every stage.

Every stage that asks "how common is this word in that language" (identification, the
per-translation checks, the comparison) asks here. wordfreq's lists are read once per
process and per language, straight from its packed files and without importing wordfreq
(whose import and dicts of every word cost more memory than a short run's whole
identification), and kept compact: a list's words sorted in one UTF-8 buffer. The answer
for a language wordfreq has no list for, or cannot tokenise without extra packages (zh,
ja, ko: jieba, MeCab), is 0.0, never an exception.

Two scales are read from the same lists: ``zipf`` is wordfreq's ``zipf_frequency`` (its
tokenisation, rounded to hundredths as wordfreq rounds), which the checks' thresholds were
set on; ``listed_zipf`` is the unrounded value of one word exactly as listed, in any
listed language (zh, ja, ko included), which the identifier's thresholds were set on
(rounding moves about 200 pairs of frequencies across its 0.6 margin).
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, cast

from pipeline.errors import ConfigError
from pipeline.text.scripts import UNSPACED_SCRIPTS, block
from pipeline.text.thai import has_thai, split_runs

# --- words -----------------------------------------------------------------------------


def _runs(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive code points grouped into inclusive (first, last) ranges."""
    out: list[tuple[int, int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return out


# A letter (digits and underscores never belong to a word), and a run of them.
LETTER = r"[^\W\d_]"
LETTERS_PATTERN = LETTER + "+"
LETTERS = re.compile(LETTERS_PATTERN)
# A word is a run of letters of one kind, possibly joined by apostrophes or hyphens
# ("Trump's", "so-called", "Putin-Zelenskiy"). Scripts written without spaces (Han and
# kana, Thai, Lao, Khmer, Myanmar) and Hangul make runs of their own, never part of a
# Latin word: "RHS收集了" is the acronym "RHS" and the Chinese "收集了", and "Pérez说" a
# name and a Chinese word. Such a run is one token however many words it holds: no
# word segmenter is needed to tell the language (the script does) or to count evidence
# (``pipeline.text.evidence.measure`` weighs it by characters).
_UNSPACED_BLOCKS = "".join(block(script) for script in UNSPACED_SCRIPTS)
# Vowel signs and other combining marks (Devanagari, Arabic, Hebrew...) are no letters
# to ``str.isalpha`` but belong to the word they sit in.
_MARKS = "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}" for start, end in _runs(
    code for code in range(0x0300, 0x3000) if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me")))
_SPACED_LETTER = r"(?:[^\W\d_" + _UNSPACED_BLOCKS + block("Hangul") + "]|[" + _MARKS + "])"
_SPACED_WORD = _SPACED_LETTER + r"+(?:['’\-]" + _SPACED_LETTER + r"+)*"
WORD_PATTERN = (_SPACED_WORD + "|[" + block("Hangul") + "]+(?:['’\\-][" + block("Hangul") + "]+)*"
                + "|[" + _UNSPACED_BLOCKS + "]+")


class TwinPattern:
    """A pattern and a simpler twin that finds the same in ASCII text, used there: the
    Unicode classes of ``WORD`` cost four times the ASCII ones on English news, where a
    fresh process spends a tenth of its time finding words."""

    def __init__(self, pattern: str, ascii_pattern: str) -> None:
        self.full = re.compile(pattern)
        self.ascii = re.compile(ascii_pattern)

    def _for(self, text: str) -> re.Pattern[str]:
        return self.ascii if text.isascii() else self.full

    def findall(self, text: str) -> list[Any]:
        return self._for(text).findall(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._for(text).finditer(text)


# In ASCII text a word's letters are A-Z and a-z, joined by "'" or "-".
ASCII_WORD_PATTERN = r"[A-Za-z]+(?:['\-][A-Za-z]+)*"
WORD = TwinPattern(WORD_PATTERN, ASCII_WORD_PATTERN)


def words(text: str) -> list[str]:
    """The words of ``text`` in order, as written (see ``WORD``); Thai runs cut into their
    words where PyThaiNLP is installed (``pipeline.text.thai``)."""
    found = WORD.findall(text)
    return found if text.isascii() or not has_thai(text) else split_runs(found)


# English closed-class words: a capitalised "The" opens an English phrase, not a name.
FUNCTION_WORDS = frozenset(
    "the an of and or to in on at for with by from into about as is are was were be been "
    "being has have had do does did will would shall should can could may might must not "
    "no this that these those which who whom whose what it its they them their he him his "
    "she her we us our you your than then so but if".split()
)

# English words that are not also common words of another Latin-script language the
# identifier is configured with: "of" and "is" are Dutch, "in", "an", "was", "will" and
# "also" German, "to" and "on" Polish, "he" Spanish. A sentence largely of these is English.
ENGLISH_ONLY_WORDS = frozenset(
    "the and with that this have has been were would should could they their them which "
    "who whom what from for are not but its it she his you your our than said says after "
    "about into be there been when where while because does did being those these".split()
)

# Words a comparison never reports as added or left out on their own: function words and
# the adverbs and pronouns a rewording moves freely. Negations ("not", "no") are left out:
# dropping one changes the meaning.
NON_CONTENT_WORDS = frozenset(
    """a an the of to in on at by for with from as and or but if than that this these those
    which who whom whose what why how it its it's is are was were be been being has have had do does did
    will would shall should can could may might must he she they them his her their we our
    you your i me my so such also very more most some any all into onto over under after
    before about between against during while where when there here then now just only
    own same other another up down out off again further once both each few many much
    however yet although though because since until unless whether let well oh yes okay
    instead even still perhaps maybe actually indeed thus therefore hence meanwhile today
    tomorrow yesterday finally first second third last next us him hers ours theirs its per
    one ones something someone anything everything nothing everyone anyone every""".split()
)


def is_english(
    word: str, lang: str, *, min_zipf: float, margin: float, frequency: Callable[[str, str], float] | None = None
) -> bool:
    """Whether ``word`` reads as English rather than ``lang``.

    It does when its Zipf frequency in English is at least ``min_zipf`` and beats its
    frequency in ``lang`` by ``margin`` or more. ``frequency`` is the scale (``zipf`` unless
    given; the identifier passes ``listed_zipf``); ``word`` is looked up as given.
    """
    if frequency is not None:
        english = frequency(word, "en")
        return english >= min_zipf and english - frequency(word, lang) >= margin
    # Each list read only as far down as the answer needs: English's to ``min_zipf``, the
    # other's to where it would be within ``margin`` of English.
    english = zipf(word, "en", min_zipf)
    return english >= min_zipf and english - zipf(word, lang, max(english - margin, 0.0)) >= margin


def listed_english(word: str, lang: str, *, min_zipf: float, margin: float) -> bool:
    """``is_english`` on the listed values (``listed_zipf``), reading ``lang``'s list only as
    far down as this word's answer needs.

    ``lang``'s value matters only from English's value less ``margin`` up (and never below
    ``min_zipf - margin``): a common English word is compared with the head of the other
    list alone. The floor is rounded down to half a Zipf unit, so that a list is read in
    a few bands rather than one per word.
    """
    english = listed_zipf(word, "en", min_zipf)
    if english < min_zipf:
        return False
    floor = max(math.floor((english - margin) * 2) / 2, min_zipf - margin)
    return english - listed_zipf(word, lang, floor) >= margin


# --- frequencies ---------------------------------------------------------------------

# English's list down to this Zipf value is read by the identifier anyway (its
# ``english_min_zipf``); below it, to its end, the list costs a cold run a quarter of a
# second. A check that can answer from this head first reads the rest only when it must.
ENGLISH_HEAD = 2.5

# wordfreq tokenises Chinese, Japanese and Korean with extra packages (jieba, MeCab); for
# those, and for "und", ``zipf`` knows no frequency: callers let the English one decide.
NO_FREQUENCY = frozenset({"zh", "ja", "ko", "und"})
# Languages whose words wordfreq rewrites before looking them up beyond case folding and
# Unicode normalisation (Romanian and Turkish cedillas and commas, Serbian and Azerbaijani
# transliteration): their words always go through wordfreq's own tokeniser.
_REWRITTEN = frozenset({"ro", "tr", "az", "sr"})
# Latin, Greek and Cyrillic letters: scripts wordfreq only case-folds and NFC-normalises.
_PLAIN_SCRIPTS_END = "\u0530"
_MIN_FREQUENCY = 1e-9  # wordfreq's zipf_to_freq(0.0): a word not in the list
_SUFFIX = 3  # a band entry's NUL and two bytes of bucket (``_Band``)


class _Band:
    """Consecutive buckets of one list, its words sorted in one UTF-8 buffer with their buckets.

    Each entry is the word's UTF-8 bytes, a NUL and its bucket in two big-endian bytes, so
    that one sort of bytes orders the words (NUL sorts before any byte of a word, so an
    entry sorts as its word does) and a word listed twice in bucket order, as wordfreq's
    dict reads it: ``rank`` reads the last one. Sorting bytes with the bucket in them costs
    a third of sorting the words with their buckets beside them (the whole English list:
    0.25 s against 0.7 s).
    """

    def __init__(self, buckets: list[list[str]], first: int) -> None:
        entries: list[bytes] = []
        for index, bucket in enumerate(buckets, first):
            suffix = b"\0" + index.to_bytes(2, "big")
            entries.extend([word.encode("utf-8", "surrogatepass") + suffix for word in bucket])
        entries.sort()
        self._buffer = b"".join(entries)
        self._offsets = array("I", accumulate(map(len, entries), initial=0))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _key(self, position: int) -> bytes:
        return self._buffer[self._offsets[position] : self._offsets[position + 1] - _SUFFIX]

    def _rank(self, position: int) -> int:
        end = self._offsets[position + 1]
        return int.from_bytes(self._buffer[end - 2 : end], "big")

    def items(self) -> Iterator[tuple[str, int]]:
        """Each word and its bucket, in key order (a word listed twice: its later listing last)."""
        for position in range(len(self)):
            yield self._key(position).decode("utf-8", "surrogatepass"), self._rank(position)

    def rank(self, key: bytes) -> int | None:
        position = bisect_right(range(len(self)), key, key=self._key) - 1
        if position < 0 or self._key(position) != key:
            return None
        return self._rank(position)


class WordList:
    """One wordfreq frequency list: ``rank(word)`` is the word's bucket (centibels below 1).

    The words are kept sorted in UTF-8 buffers with their offsets and buckets in arrays:
    about 5 MB for English's 321k words, where a dict of them takes 33 MB. The buckets
    are read in frequency order and only as far as a lookup needs (``max_rank``), each
    stretch read becoming one sorted band: the identifier's thresholds read the third of
    a list above Zipf 1.9, which costs a tenth of reading and sorting the whole list.
    """

    def __init__(self, buckets: Iterable[list[str]]) -> None:
        self._buckets: Iterator[list[str]] = iter(buckets)
        self._read = 0  # buckets read so far
        self._complete = False
        self._bands: list[_Band] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        self._read_to(None)
        return sum(map(len, self._bands))

    def _read_to(self, max_rank: int | None) -> None:
        """Read the buckets up to ``max_rank`` (every bucket: None) not read yet, as one more band."""
        if self._complete or (max_rank is not None and max_rank < self._read):
            return
        with self._lock:
            if self._complete or (max_rank is not None and max_rank < self._read):
                return  # another thread read them meanwhile
            first, taken = self._read, []
            for bucket in self._buckets:
                taken.append(bucket)
                if max_rank is not None and first + len(taken) > max_rank:
                    break
            else:
                self._complete = True
            if taken:
                self._bands.append(_Band(taken, first))
            self._read = first + len(taken)

    def rank(self, word: str, max_rank: int | None = None) -> int | None:
        """``word``'s bucket as listed (no case folding or normalisation), or None when unlisted.

        With ``max_rank``, the answer is exact for buckets up to ``max_rank`` only: a word
        listed further down may be reported as unlisted.
        """
        self._read_to(max_rank)
        key = word.encode("utf-8", "surrogatepass")
        for band in reversed(self._bands):  # the later listing wins, as in wordfreq's dict
            rank = band.rank(key)
            if rank is not None:
                return rank
        return None

    def head(self, max_rank: int) -> dict[str, int]:
        """The words of buckets up to ``max_rank`` and their buckets, as ``rank`` reads them."""
        self._read_to(max_rank)
        out: dict[str, int] = {}
        for band in self._bands:  # the later listing wins, as in ``rank``
            out.update((word, rank) for word, rank in band.items() if rank <= max_rank)
        return out


@lru_cache(maxsize=1)
def _list_paths() -> dict[str, Path]:
    """wordfreq's frequency lists by language, the large list where there is one ("best").

    Found without importing wordfreq, whose import (ftfy, langcodes, regex) costs more
    than a short run's whole identification.
    """
    spec = importlib.util.find_spec("wordfreq")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    lists: dict[str, Path] = {}
    for size in ("small", "large"):
        for location in locations:
            for path in sorted(Path(location, "data").glob(f"{size}_*.msgpack.gz")):
                lists[path.name.split(".")[0].split("_", 1)[1]] = path
    return lists


def listed_languages() -> frozenset[str]:
    """The languages wordfreq has a frequency list for (zh, ja and ko included)."""
    return frozenset(_list_paths())


@lru_cache(maxsize=None)
def word_list(lang: str) -> WordList | None:
    """wordfreq's list for ``lang`` (an exact code of ``listed_languages``), read once; None without one."""
    path = _list_paths().get(lang)
    return None if path is None else WordList(_read_cbpack(path))


def _read_cbpack(path: Path) -> Iterator[list[str]]:
    """The word buckets of a wordfreq "cBpack" list, read as they are asked for: bucket
    ``i`` holds the words at -i centibels, the most frequent first. The file stays open
    until the last bucket is read (or the reader is dropped)."""
    import gzip

    import msgpack

    with gzip.open(path, "rb") as packed:
        unpacker = msgpack.Unpacker(packed, raw=False)
        size = unpacker.read_array_header()
        header = unpacker.unpack() if size else None
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            raise ConfigError(f"{path}: not a wordfreq frequency list (header {header!r})")
        for _ in range(size - 1):
            yield cast(list[str], unpacker.unpack())


@lru_cache(maxsize=1 << 15)  # a lookup bisects the buffer (microseconds); the identifier asks often
def listed_zipf(word: str, lang: str, floor: float = 0.0) -> float:
    """``word``'s unrounded Zipf value in ``lang``'s list, exactly as written there; 0.0 when unlisted.

    No tokenisation or normalisation: callers pass a lower-case word. Any listed language
    answers, zh, ja and ko included. A value below ``floor`` reads as 0.0: a caller that
    only compares with a threshold passes it, and the list is read only down to it.
    """
    words_list = word_list(lang)
    max_rank = None if floor <= 0.0 else _max_rank(floor)
    rank = None if words_list is None else words_list.rank(word, max_rank)
    value = 0.0 if rank is None else _rank_zipf(rank)
    return value if value >= floor else 0.0


def _max_rank(floor: float) -> int:
    """The last bucket a reading down to Zipf ``floor`` needs: bucket r is Zipf 9 - r/100, and
    one bucket more than the floor needs absorbs rounding."""
    return max(0, int((9.0 - floor) * 100) + 1)


def _rank_zipf(rank: int) -> float:
    """wordfreq's frequency of bucket ``rank``, 10 ** (-rank / 100), as a Zipf value (unrounded)."""
    return math.log10(10 ** (-rank / 100)) + 9.0


@lru_cache(maxsize=None)
def listed_head(lang: str, floor: float) -> dict[str, float]:
    """The words of ``lang``'s list at ``floor`` or more and their ``listed_zipf`` values, as a
    dict: for a caller that reads many words in many lists (a few thousand words a list at
    Zipf 4.5, where a lookup in the sorted buffer costs a bisection)."""
    words_list = word_list(lang)
    if words_list is None or floor <= 0.0:
        return {}
    values = {word: _rank_zipf(rank) for word, rank in words_list.head(_max_rank(floor)).items()}
    return {word: value for word, value in values.items() if value >= floor}


@lru_cache(maxsize=1 << 16)
def zipf(word: str, lang: str, floor: float = 0.0) -> float:
    """``word``'s Zipf frequency in ``lang``, as ``wordfreq.zipf_frequency`` gives it (0.0 = unknown).

    A lower-case word of letters in a Latin, Greek or Cyrillic script is looked up
    directly; anything else (digits, apostrophes, hyphens, capitals, other scripts) is
    first cut into tokens by wordfreq's own tokeniser, and the tokens' frequencies
    combined as wordfreq combines them. zh, ja, ko, "und" and languages without a list
    give 0.0. A value below ``floor`` reads as 0.0 (as in ``listed_zipf``): a caller that
    only compares with a threshold passes it, and the list is read only down to it (the
    whole English list costs a cold run a quarter of a second).
    """
    lang = lang.split("-")[0].lower()
    words_list = None if lang in NO_FREQUENCY else word_list(lang)
    if words_list is None:
        return 0.0
    joined = None if lang in _REWRITTEN else _joined(word)
    if joined is not None:
        pairs = [(token, token) for token in joined]
    else:
        from wordfreq.numbers import smash_numbers
        from wordfreq.tokens import lossy_tokenize

        pairs = [(token, smash_numbers(token)) for token in lossy_tokenize(word, lang)]
    max_rank = None if floor <= 0.0 else _max_rank(floor)
    value = _to_zipf(_frequency(pairs, words_list, max_rank))
    return value if value >= floor else 0.0


def _frequency(pairs: list[tuple[str, str]], words_list: WordList, max_rank: int | None = None) -> float:
    """wordfreq's frequency of a word cut into (token, token as looked up) pairs.

    As ``wordfreq.word_frequency`` combines them: 1/f = 1/f1 + 1/f2 + ..., a token with
    its digits zeroed for the lookup takes wordfreq's share for its digits, and any
    unlisted token makes the whole word unlisted. With ``max_rank`` a token listed further
    down reads as unlisted (the word is rarer than that bucket anyway).
    """
    if not pairs:
        return _MIN_FREQUENCY
    inverse = 0.0
    for token, looked_up in pairs:
        rank = words_list.rank(looked_up, max_rank)
        if rank is None:
            return _MIN_FREQUENCY
        frequency = 10 ** (-rank / 100)  # wordfreq's cB_to_freq
        if looked_up != token:
            from wordfreq.numbers import digit_freq

            frequency *= digit_freq(token)
        inverse += 1.0 / frequency
    return max(1.0 / inverse, _MIN_FREQUENCY)


def _plain(word: str) -> bool:
    """Whether wordfreq would look ``word`` up as it is: one token it neither folds nor normalises."""
    return (
        word.isalpha()
        and max(word) < _PLAIN_SCRIPTS_END
        and word == word.casefold()
        and unicodedata.is_normalized("NFKC", word)
    )


def _joined(word: str) -> list[str] | None:
    """wordfreq's tokens of ``word`` where they need no tokeniser: ``[word]`` for a plain
    word, the parts of lower-case ASCII words joined by hyphens and apostrophes ("so-called",
    "study's"); None for any other word.

    Unicode word boundaries (TR29), which wordfreq cuts at, fall at a hyphen but not at
    an apostrophe between letters; its French-elision rule ("l'eau" is "l" and "eau") needs
    a token to begin with one or two letters and an apostrophe, ruled out here. Reading
    these without wordfreq's tokeniser spares a short run importing it (a third of a second).
    """
    if _plain(word):
        return [word]
    if not word.isascii():
        return None
    parts = word.split("-")
    for part in parts:
        runs = part.split("'")
        if not all(run.isalpha() and run.islower() for run in runs) or (len(runs) > 1 and len(runs[0]) < 3):
            return None
    return parts


def _to_zipf(frequency: float) -> float:
    # wordfreq keeps three significant digits of a frequency, then two decimals of its Zipf value.
    leading_zeroes = math.floor(-math.log(frequency, 10))
    return round(math.log(round(frequency, leading_zeroes + 3), 10) + 9, 2)
