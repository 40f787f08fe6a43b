"""The words of numbers, per language.

Each language's number words are a ``NumberWords`` table in ``NUMBER_WORDS`` (English and
Indonesian so far; Chinese and Japanese numerals are ``pipeline.text.han_numbers``'s; a
language without either reads digits only), read by one small
grammar over the tables' atoms (``_WordReader``): "twenty-five", "three hundred and
five", "a dozen", "one and a half million", "dua puluh lima", "seribu", "setengah juta",
"ketiga"; an ill-formed sequence ("one two") is read as separate numbers. Words that
prose uses for other things ("one of them", "at first", "salah satu") are ``ambiguous``.
The magnitude, currency and percent words that may follow a number, digits or words,
are ``pipeline.text.magnitudes``'s; ``pipeline.text.numbers`` reads the digits and puts a
mention together.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.text.han_numbers import han_mentions
from pipeline.text.lexicon import LETTER, LETTERS

# Languages that write numbers in Chinese characters, read by ``han_numbers``.
HAN_NUMERAL_LANGS = frozenset({"zh", "ja"})

def alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# An atom is one step of the grammar in _WordReader: (kind, value). Kinds:
#   unit      0-19, added to the current group ("five", "dua", "sebelas")
#   ten       20-90, added to the current group ("twenty")
#   teen      "belas": the unit before it plus 10
#   tens      "puluh": the unit before it times 10
#   hundred   the part of the group below 100 times 100 (a bare "hundred" after "a")
#   scale     the current group times value, added to the total ("thousand", "juta")
#   dozen     the current group (or 1) times 12
#   half      0.5 alone, or added after "and a" / after a unit in Indonesian
#   one       "a"/"an", "se-": one of the hundred/scale/dozen/half that must follow
#   and       "and" between groups ("three hundred and five")
Atom = tuple[str, float]


@dataclass(frozen=True, eq=False)  # hashed by identity: _word_pattern caches per table
class NumberWords:
    """One language's number words, as grammar atoms for ``_WordReader``.

    ``words`` maps a lowercased word to its atoms (a word may stand for several, as
    Indonesian "seratus" = se + ratus); ``ordinals`` maps ordinal words to the atoms
    of their cardinal; ``ordinal_prefix`` makes "ke" + cardinal an ordinal ("ketiga");
    ``ambiguous`` are words that alone are as often not a count as a count.
    """

    words: Mapping[str, tuple[Atom, ...]]
    ordinals: Mapping[str, tuple[Atom, ...]]
    ordinal_prefix: str
    ambiguous: frozenset[str]
    # Set phrases whose number word counts nothing: Indonesian "kaki lima" (a street vendor).
    idioms: tuple[str, ...] = ()


_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_UNIT_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                     "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                     "nineteenth").split()
_EN_TEN_ORDINALS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "crore": 1e7}

_ENGLISH = NumberWords(
    words={
        **{w: (("unit", float(v)),) for v, w in enumerate(_EN_UNITS)},
        **{w: (("ten", float(20 + 10 * k)),) for k, w in enumerate(_EN_TENS)},
        "hundred": (("hundred", 100.0),),
        **{w: (("scale", v),) for w, v in _EN_SCALES.items()},
        "dozen": (("dozen", 12.0),),
        "both": (("unit", 2.0),),  # "both black holes" = "two black holes"
        "half": (("half", 0.5),),
        "a": (("one", 1.0),),
        "an": (("one", 1.0),),
        "and": (("and", 0.0),),
    },
    ordinals={
        **{w: (("unit", float(v)),) for v, w in enumerate(_EN_UNIT_ORDINALS)},
        **{w: (("ten", float(20 + 10 * k)),) for k, w in enumerate(_EN_TEN_ORDINALS)},
        "hundredth": (("hundred", 100.0),),
        **{w + "th": (("scale", v),) for w, v in _EN_SCALES.items()},
    },
    ordinal_prefix="",
    # "a million" is as often a figure of speech ("a million reasons") as a figure.
    ambiguous=frozenset({"one", "first", "second", "half", "zero", "both", "a hundred", "a thousand", "a million",
                         "a billion", "a trillion"}),
)

_ID_UNITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan".split()
_ID_SCALES = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_INDONESIAN = NumberWords(
    words={
        **{w: (("unit", float(v)),) for v, w in enumerate(_ID_UNITS)},
        "sepuluh": (("unit", 10.0),),
        "sebelas": (("unit", 11.0),),
        "belas": (("teen", 10.0),),
        "puluh": (("tens", 10.0),),
        "ratus": (("hundred", 100.0),),
        "seratus": (("one", 1.0), ("hundred", 100.0)),
        **{w: (("scale", v),) for w, v in _ID_SCALES.items()},
        **{"se" + w: (("one", 1.0), ("scale", v)) for w, v in _ID_SCALES.items()},
        "lusin": (("dozen", 12.0),),
        "selusin": (("one", 1.0), ("dozen", 12.0)),
        "setengah": (("half", 0.5),),
        "seperempat": (("half", 0.25),),
    },
    ordinals={"pertama": (("unit", 1.0),)},
    ordinal_prefix="ke",
    # "satu" is also "salah satu" (one of), "kedua" also "both", "pertama" "at first".
    ambiguous=frozenset({"satu", "pertama", "kedua", "setengah", "nol", "seribu", "sejuta"}),
    idioms=("kaki lima",),
)

# Number-word tables by base language code; add a language by adding its table.
NUMBER_WORDS: dict[str, NumberWords] = {"en": _ENGLISH, "id": _INDONESIAN, "ms": _INDONESIAN}

# What may stand between two words of one number: "twenty-five", "dua puluh", and white
# space with at most one line break in it ("two\nhalf" in hard-wrapped text, CRLF too).
_WORD_GAP = re.compile(r"-|[^\S\r\n]*\r?\n?[^\S\r\n]*")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    atoms: tuple[Atom, ...] | None  # None: not a number word
    ordinal: bool
    closes: bool  # an ordinal word ends its number ("twenty-first"); "ke-" opens one ("kedua belas")


@functools.cache
def _vocabulary(table: NumberWords) -> tuple[re.Pattern[str], frozenset[str]]:
    """A regex for every number word of a table, and the words that can carry a count.

    Most sentences hold no counting word ("a" and "and" alone make no number): a set
    test on their words skips them before the slower regex search.
    """
    words = set(table.words) | set(table.ordinals)
    if table.ordinal_prefix:
        words |= {table.ordinal_prefix + w for w, atoms in table.words.items() if atoms[0][0] in ("unit", "one")}
    counting = frozenset(w for w in words if any(kind not in ("one", "and") for kind, _ in _atoms(table, w)))
    alternatives = alternation(sorted(words))
    pattern = re.compile(r"(?<!" + LETTER + r")(?:" + alternatives + r")(?!" + LETTER + r")", re.IGNORECASE)
    return pattern, counting


def _atoms(table: NumberWords, word: str) -> tuple[Atom, ...]:
    """The atoms of a word of ``table``'s vocabulary, ordinals and "ke-" forms included."""
    found = table.words.get(word) or table.ordinals.get(word)
    if found is None and table.ordinal_prefix and word.startswith(table.ordinal_prefix):
        found = table.words.get(word[len(table.ordinal_prefix) :])
    return found or ()


def _tokens(text: str, table: NumberWords) -> list[_Token]:
    """The number words of ``text``; other words are the gaps between them."""
    pattern, counting = _vocabulary(table)
    if counting.isdisjoint(LETTERS.findall(text.lower())):
        return []
    tokens = []
    for match in pattern.finditer(text):
        word = match.group().lower()
        atoms, ordinal, closes = table.words.get(word), False, False
        if atoms is None and word in table.ordinals:
            atoms, ordinal, closes = table.ordinals[word], True, True
        prefix = table.ordinal_prefix
        if atoms is None and prefix and word.startswith(prefix) and word[len(prefix):] in table.words:
            atoms, ordinal = table.words[word[len(prefix):]], True
            if atoms[0][0] not in ("unit", "one"):  # "keribu" is no ordinal
                atoms, ordinal = None, False
        tokens.append(_Token(match.start(), match.end(), atoms, ordinal, closes))
    return tokens


class _WordReader:
    """Reads one number from a run of number-word atoms; refuses an atom that cannot follow.

    ``total`` holds the finished scale groups ("two million" of "two million five
    hundred"), ``group`` the part below the last scale. ``last`` is the kind of the
    last atom taken, which decides what may follow.
    """

    def __init__(self) -> None:
        self.total = 0.0
        self.group = 0.0
        self.last = ""
        self.last_unit = 0.0
        self.last_scale = math.inf
        self.counted = False  # a count was read, not only connectors

    @property
    def value(self) -> float:
        return self.total + self.group

    def take(self, kind: str, value: float) -> bool:
        """Take one atom if it can follow what was read; return whether it was taken."""
        step = getattr(self, "_" + kind)
        taken: bool = step(value)
        if taken:
            self.last = kind
        return taken

    def _unit(self, value: float) -> bool:
        below_hundred = self.group % 100
        after_ten = self.last in ("ten", "tens") and value < 10
        fresh = self.last in ("", "and", "hundred", "scale") and below_hundred == 0
        if not (after_ten or fresh):
            return False
        self.group += value
        self.last_unit, self.counted = value, True
        return True

    def _ten(self, value: float) -> bool:
        if self.last not in ("", "and", "hundred", "scale") or self.group % 100:
            return False
        self.group += value
        self.counted = True
        return True

    def _teen(self, value: float) -> bool:
        if self.last != "unit" or not 0 < self.last_unit < 10:
            return False
        self.group += value
        return True

    def _tens(self, value: float) -> bool:
        if self.last != "unit" or not 0 < self.last_unit < 10:
            return False
        self.group += self.last_unit * (value - 1)
        return True

    def _hundred(self, value: float) -> bool:
        below = self.group % 100
        if self.last == "one":
            below = 1.0
        elif self.last not in ("unit", "teen", "tens", "ten") or below == 0 or self.group >= 100:
            return False
        self.group += below * (value - 1) if self.last != "one" else value
        self.counted = True
        return True

    def _scale(self, value: float) -> bool:
        count = (self.group or 1.0) if self.last == "one" else self.group  # "a million", "half a million"
        if self.last == "scale" and self.group == 0 and value > 1 and self.total:
            self.total *= value  # "lakh crore", "ribu triliun"
            self.last_scale = value
            return True
        if count == 0 or value >= self.last_scale or self.last in ("", "and"):
            return False
        self.total += count * value
        self.group, self.last_scale, self.counted = 0.0, value, True
        return True

    def _dozen(self, value: float) -> bool:
        if self.last not in ("one", "unit", "ten", "tens", "teen", "hundred"):
            return False
        self.group = (1.0 if self.last == "one" else self.group) * value
        self.counted = True
        return True

    def _half(self, value: float) -> bool:
        if self.last == "one" and self.counted:  # "one and a half"
            self.group += value
        elif self.last == "unit":  # Indonesian "satu setengah"
            self.group += value
        elif self.last == "":
            self.group = value
        else:
            return False
        self.counted = True
        return True

    def _one(self, value: float) -> bool:
        # "a" opens "a dozen", "half a million" and closes "one and a"; Indonesian "se-"
        # also follows a scale ("dua juta seratus ribu").
        return self.last in ("", "and", "half", "scale")

    def _and(self, value: float) -> bool:
        return self.last in ("hundred", "scale", "unit", "ten", "teen", "tens") and self.counted


def _read_words(text: str, tokens: Sequence[_Token], first: int) -> tuple[int, float, float]:
    """Read the longest well-formed number starting at ``tokens[first]``.

    Returns (index past its last counted token, value, magnitude: the last scale
    word's value or 1), or (first, 0.0, 1.0) when none starts there. Connectors
    ("and", "a") are only kept when a count follows them.
    """
    reader = _WordReader()
    committed, value, magnitude = first, 0.0, 1.0
    index = first
    while index < len(tokens):
        token = tokens[index]
        if token.atoms is None:
            break
        if index > first and not _WORD_GAP.fullmatch(text[tokens[index - 1].end : token.start] or "?"):
            break
        if not all(reader.take(kind, atom) for kind, atom in token.atoms):
            break
        index += 1
        if reader.counted and reader.last not in ("and", "one"):
            committed, value = index, reader.value
            magnitude = reader.last_scale if reader.last == "scale" else 1.0
        if token.closes:
            break
    return committed, value, magnitude


def reads_words(lang: str) -> bool:
    """Whether ``word_mentions`` reads ``lang``'s number words ("three", "tiga", "三");
    elsewhere only digits (with their magnitude words: "103,7 milioni") are read."""
    base = lang.replace("_", "-").split("-")[0].lower()
    return base in NUMBER_WORDS or base in HAN_NUMERAL_LANGS


def word_mentions(
    text: str, lang: str, taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int, float, float, bool, bool]]:
    """(start, end, value, magnitude, ordinal, ambiguous) of every number written in words."""
    if lang in HAN_NUMERAL_LANGS:
        return han_mentions(text, taken)
    table = NUMBER_WORDS.get(lang)
    if table is None:
        return []
    taken = [*taken, *((m.start(), m.end()) for idiom in table.idioms
                       for m in re.finditer(r"\b" + re.escape(idiom) + r"\b", text, re.IGNORECASE))]
    tokens = [t for t in _tokens(text, table) if not any(s <= t.start < e for s, e in taken)]
    found = []
    index = 0
    while index < len(tokens):
        stop, value, magnitude = _read_words(text, tokens, index)
        if stop == index:
            index += 1
            continue
        start, end = tokens[index].start, tokens[stop - 1].end
        words = text[start:end].lower()
        ordinal = tokens[stop - 1].ordinal or tokens[index].ordinal
        found.append((start, end, value, magnitude, ordinal, words in table.ambiguous))
        index = stop
    return found
