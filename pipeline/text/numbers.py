"""Numbers by value, whatever the locale or the writer spelled them like.

``extract_numbers`` finds the numeric mentions of a sentence and reads each one's
value, so that "2,033", "2 033" and Indonesian "2.033" all read 2033, "0.3%", "0, 3 %",
"0.3 per cent" and "0,3 persen" read 0.3 percent, "two" reads 2, "a dozen" 12,
"$18.3bn" and "18.3 billion dollars" both 18.3e9 dollars. ``diff_numbers`` then
tells the comparer which numbers of one sentence have no same-value counterpart in the
other, and which counterparts only changed their spelling (a ``format`` difference).

Digits, in the order the rules are tried:

* A number whose separators settle it on their own is read the same in every
  language: several identical separators each followed by three digits group
  thousands ("1.400.000", "1,400,000"); when both "." and "," occur the last one is
  the decimal mark ("1,234.56", "1.234,56"); a space, no-break space or narrow
  no-break space between three-digit groups groups thousands ("100 000"); Indian
  grouping ("12,34,567") groups lakhs.
* A single "." or "," followed by exactly three digits depends on ``lang``: English
  (and other languages not in ``DECIMAL_COMMA_LANGS``) reads "1,400" as 1400 and
  "1.400" as 1.4; Indonesian, German, Spanish... read "1.400" as 1400 and "1,400" as
  1.4. Any other single separator is a decimal mark ("1,5" and "1.5" are 1.5).
* "<digits>, <digits> %" is a decimal that machine translation spaced out ("0, 3 %"
  is 0.3 percent), unless the first number is itself part of a comma list ("1, 2, 3 %").
* "3rd", "21st" and Indonesian "ke-3" are ordinals.
* A "-" or "−" directly before the digits, not after a letter or digit, makes the
  value negative ("-5"), so ranges such as "2020-2025" stay two positive numbers.

Words: each language's number words are a ``NumberWords`` table in ``NUMBER_WORDS``
(English and Indonesian so far; a language without a table reads digits only).
"twenty-five", "three hundred and five", "a dozen", "one and a half million", "dua
puluh lima", "seribu", "setengah juta", "ketiga" are read by one small grammar over
the tables' atoms; an ill-formed sequence ("one two") is read as separate numbers.
Words that prose uses for other things ("one of them", "at first", "for a second",
"salah satu") are marked ``ambiguous``; ``diff_numbers`` does not report them alone.

Around the number, digits or words:

* A currency before it ("$", "US$", "£", "€", "Rp", "USD ") or after it ("dollars",
  "pounds", "rupiah", "euros", "dolar AS") is part of the mention and sets
  ``currency`` to an ISO code, or to "$" for a dollar of no named country ("$",
  "dollars"), which matches any dollar ("US$", "A$") but no other currency.
* A following magnitude is multiplied into ``value``: words (thousand/ribu,
  million/juta, billion/miliar, trillion/triliun, lakh, crore, and chains such as
  "lakh crore") and abbreviations ("bn", "tn", "mn", "rb", "jt"; "k", "m", "b", "M",
  "T" only after a currency, where they cannot be metres or a model name).
* A following "%" or percent word (percent, per cent, persen...) marks a percentage:
  ``value`` is the number as written (0.3 for "0.3%") and ``percent`` is true.
* In a range ("10-12%", "10 to 12 million", "$5-7bn", "between 5 and 7 percent") the
  first number takes the percent, magnitude and currency that only the second one
  wrote, so "10-12%" and "10% to 12%" read the same values.

Years, days of the month and the like are ordinary numbers ("Aug. 18" holds 18):
dates as such are ``pipeline.text.dates``'s business. An ordinary space between a number
of one to three digits and a three-digit one groups thousands, as machine translation
writes them ("2 033"), so two numbers written side by side ("on May 18 200 people")
read as one (18200); with four digits before the space ("2025 100") they stay two.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Languages whose decimal mark is a comma, so a lone "." before three digits groups
# thousands ("1.400" = 1400) and "1,5" = 1.5. Languages that group with spaces
# (fr, ru, sv, ...) are here too: for them the comma is still the decimal mark.
DECIMAL_COMMA_LANGS = frozenset(
    "id ms de es it pt nl tr pl da nb nn no sv fi fr ru uk be cs sk hu ro el hr sl sr bs "
    "mk bg lt lv et vi ca gl eu is sq az kk ka hy af".split()
)

_EN_MULTIPLIERS = {
    "thousand": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
    "trn": 1e12,
}
# English multipliers stay valid in other languages' text (reposts leave English words
# in), except where the language gives the same word another value, as German does.
_MULTIPLIERS: dict[str, dict[str, float]] = {
    "en": _EN_MULTIPLIERS,
    "id": {**_EN_MULTIPLIERS, "ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
           "triliun": 1e12},
    "ms": {**_EN_MULTIPLIERS, "ribu": 1e3, "juta": 1e6, "bilion": 1e9, "trilion": 1e12},
    "de": {
        "tausend": 1e3,
        "million": 1e6,
        "millionen": 1e6,
        "mio": 1e6,
        "milliarde": 1e9,
        "milliarden": 1e9,
        "mrd": 1e9,
        "billion": 1e12,
        "billionen": 1e12,
    },
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6, "billón": 1e12, "billones": 1e12},
}
# Abbreviations that are magnitudes only right after a currency ("$5k", "£7m", "Rp 5 M"):
# elsewhere "7m" is seven metres and "5T" may be a product name. Matched case-sensitively.
_CURRENCY_MAGNITUDES: dict[str, float] = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "T": 1e12}
_ID_CURRENCY_MAGNITUDES: dict[str, float] = {"k": 1e3, "K": 1e3, "rb": 1e3, "jt": 1e6, "M": 1e9, "T": 1e12}

_PERCENT_WORDS = ("percent", "per cent", "persen", "prozent", "por ciento", "pour cent", "per cento", "pct")

# Currency written before the number, and the ISO code it stands for. Longest first.
_CURRENCY_BEFORE: dict[str, str] = {
    "US$": "USD", "A$": "AUD", "C$": "CAD", "S$": "SGD", "HK$": "HKD", "NZ$": "NZD", "$": "$",
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "Rp.": "IDR", "Rp": "IDR", "Rs.": "INR", "Rs": "INR",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "IDR": "IDR", "INR": "INR", "JPY": "JPY", "CNY": "CNY",
    "AUD": "AUD", "SGD": "SGD",
}
# Currency written after the number (and its magnitude), lowercased. Longest first.
_CURRENCY_AFTER: dict[str, str] = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "$", "dollar": "$", "dolar as": "USD",
    "dolar amerika": "USD", "dolar": "$", "usd": "USD", "pounds sterling": "GBP", "pounds": "GBP",
    "pound sterling": "GBP", "poundsterling": "GBP", "sterling": "GBP", "gbp": "GBP", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "rupiah": "IDR", "idr": "IDR", "rupees": "INR", "rupee": "INR",
    "inr": "INR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
}

_GROUP_SPACES = " \u00a0\u202f\u2009"
_SPACE_CLASS = "[ \u00a0\u202f\u2009]"


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = re.compile(
    rf"""
    (?P<sign>(?<![\w.,\-−])[-−])?
    (?P<currency>(?<![\w$£€¥₹])(?:{_alternation(list(_CURRENCY_BEFORE))})(?=\s?\d)\s?)?
    (?<![\d.,])
    (?:
        # "0, 3 %": a decimal that machine translation spaced out; not inside a list
        (?<!\d,\s)(?P<spaced_int>\d{{1,3}}),\s(?P<spaced_frac>\d{{1,3}})
        (?=\s?%|\s(?:percent|per\ cent|persen)\b)
      | # Indian grouping: lakhs and crores in groups of two before the last three digits
        (?P<indian>\d{{1,2}}(?:,\d\d)+,\d{{3}}(?![\d,]))
      | # thousands grouped by spaces, optional decimal part
        (?P<spaced>\d{{1,3}}(?:{_SPACE_CLASS}\d{{3}})+(?!\d)(?:[.,]\d+)?)
      | # digits with "." and "," separators, read by _read_separated
        (?P<plain>\d+(?:[.,]\d+)*)
    )
    """,
    re.VERBOSE,
)
_PERCENT_AFTER = re.compile(r"\s?%|\s(?:" + _alternation(_PERCENT_WORDS) + r")\b", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(r"\s(" + _alternation(list(_CURRENCY_AFTER)) + r")\b", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+(\w+)")
_DIGIT = re.compile(r"\d")
_ATTACHED = re.compile(r"\s?([A-Za-z]{1,3})\b")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_ORDINAL_PREFIX = re.compile(r"\bke-$", re.IGNORECASE)
# What may stand between the two ends of a range: "10-12", "10 to 12", "5 sampai 7"...
_RANGE_JOIN = re.compile(r"\s?[-–—]\s?|\s(?:to|or|until|through|sampai|hingga|atau|s\.d\.|s/d)\s", re.IGNORECASE)
# "and" joins a range only after "between": "26 and 26%" is two numbers.
_BETWEEN_JOIN = re.compile(r"\s(?:and|dan)\s", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|antara)\s$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    """A number found in a string: its span, its text as written, and its value.

    ``start``/``end`` are offsets into the string passed to ``extract_numbers`` and
    ``text == string[start:end]``. ``value`` includes a magnitude ("3.2 billion" and
    "$3.2bn" are 3.2e9) but not the percent sign ("0.3%" is 0.3 with ``percent``
    true). ``currency`` is an ISO code ("USD", "GBP", "IDR"), "$" for a dollar of no
    named country, or "" when none was
    written; ``ordinal`` marks "3rd", "third", "ketiga"; ``spelled`` marks a number
    written in words; ``ambiguous`` marks a lone word prose often uses for something
    other than a count ("one of", "at first"), which ``diff_numbers`` never reports alone.
    """

    start: int
    end: int
    text: str
    value: float
    percent: bool
    currency: str = ""
    ordinal: bool = False
    spelled: bool = False
    ambiguous: bool = False


@dataclass(frozen=True)
class NumberDiff:
    """How the numbers of an original sentence and of its counterpart differ.

    ``missing`` are numbers of the original with no same-value counterpart, ``extra``
    numbers of the counterpart with none in the original, and ``reformatted`` the
    matched pairs (original, counterpart) whose text differs once spaces are removed.
    ``ignored`` are ambiguous number words ("one of", "at first") left unmatched that
    no unmatched number on the other side could be a changed value of: wording.
    """

    missing: tuple[NumberMention, ...]
    extra: tuple[NumberMention, ...]
    reformatted: tuple[tuple[NumberMention, NumberMention], ...]
    ignored: tuple[NumberMention, ...] = ()


# --- number words ----------------------------------------------------------------------

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
)

# Number-word tables by base language code; add a language by adding its table.
NUMBER_WORDS: dict[str, NumberWords] = {"en": _ENGLISH, "id": _INDONESIAN, "ms": _INDONESIAN}

# What may stand between two words of one number: "twenty-five", "dua puluh".
_WORD_GAPS = frozenset({" ", "-", "\u00a0"})


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    atoms: tuple[Atom, ...] | None  # None: not a number word
    ordinal: bool
    closes: bool  # an ordinal word ends its number ("twenty-first"); "ke-" opens one ("kedua belas")


_WORD = re.compile(r"[^\W\d_]+")


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
    pattern = re.compile(r"(?<![^\W\d_])(?:" + _alternation(sorted(words)) + r")(?![^\W\d_])", re.IGNORECASE)
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
    if counting.isdisjoint(_WORD.findall(text.lower())):
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
        if index > first and text[tokens[index - 1].end : token.start] not in _WORD_GAPS:
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


def _word_mentions(
    text: str, lang: str, taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int, float, float, bool, bool]]:
    """(start, end, value, magnitude, ordinal, ambiguous) of every number written in words."""
    table = NUMBER_WORDS.get(lang)
    if table is None:
        return []
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


# --- digits ------------------------------------------------------------------------------


def _base_lang(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _read_separated(digits: str, lang: str) -> list[tuple[int, int, float]]:
    """Read a run of digits with "." and "," separators; returns (start, end, value) pieces.

    Offsets are relative to ``digits``. A run no locale would write ("1.2.3", "1,2.3,4")
    is read as separate integers rather than guessed at.
    """
    parts = re.split(r"([.,])", digits)
    groups, seps = parts[0::2], parts[1::2]
    if not seps:
        return [(0, len(digits), float(digits))]
    decimal_comma = lang in DECIMAL_COMMA_LANGS
    last = seps[-1]
    thousands_groups = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if len(set(seps)) == 1:
        if len(seps) > 1:
            if thousands_groups:
                return [(0, len(digits), float("".join(groups)))]
            return _separate_integers(digits)
        # A single separator: only a three-digit tail makes it ambiguous.
        if thousands_groups and (last == ".") == decimal_comma:
            return [(0, len(digits), float("".join(groups)))]
        return [(0, len(digits), float(groups[0] + "." + groups[1]))]
    # Both marks: the last one is the decimal mark, every earlier one must be the other.
    if last not in seps[:-1] and len(set(seps[:-1])) == 1:
        head = groups[:-1]
        if len(head[0]) <= 3 and all(len(g) == 3 for g in head[1:]):
            return [(0, len(digits), float("".join(head) + "." + groups[-1]))]
    return _separate_integers(digits)


def _separate_integers(digits: str) -> list[tuple[int, int, float]]:
    return [(m.start(), m.end(), float(m.group())) for m in re.finditer(r"\d+", digits)]


def _read_spaced(text: str) -> float:
    body = "".join(ch for ch in text if ch not in _GROUP_SPACES)
    return float(body.replace(",", "."))


def _digit_pieces(match: re.Match[str], lang: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of the number or numbers one ``_NUMBER`` match holds."""
    if match.group("spaced_int") is not None:
        value = float(match.group("spaced_int") + "." + match.group("spaced_frac"))
        return [(match.start("spaced_int"), match.end(), value)]
    if match.group("indian") is not None:
        return [(match.start("indian"), match.end(), float(match.group("indian").replace(",", "")))]
    if match.group("spaced") is not None:
        return [(match.start("spaced"), match.end(), _read_spaced(match.group("spaced")))]
    offset = match.start("plain")
    return [(offset + s, offset + e, v) for s, e, v in _read_separated(match.group("plain"), lang)]


# --- what surrounds a number ---------------------------------------------------------------


@dataclass(frozen=True)
class _Tail:
    """What follows a number: where the mention ends and what it adds to the value."""

    end: int
    multiplier: float
    percent: bool
    currency: str


def _tail(text: str, end: int, lang: str, currency: str, digits: bool) -> _Tail:
    """Extend a number ending at ``end`` over magnitudes, a currency name and a percent marker."""
    multiplier = 1.0
    table = _MULTIPLIERS.get(lang, _EN_MULTIPLIERS)
    attached = _ATTACHED.match(text, end)
    abbreviations = _ID_CURRENCY_MAGNITUDES if lang in ("id", "ms") else _CURRENCY_MAGNITUDES
    if digits and attached is not None and currency and attached.group(1) in abbreviations:
        multiplier, end = abbreviations[attached.group(1)], attached.end()
    elif digits and attached is not None and attached.group(1).lower() in table and not attached.group().startswith(" "):
        multiplier, end = table[attached.group(1).lower()], attached.end()  # "18.3bn", "50rb"
    # Words after the number: "3.2 billion", "1.2 lakh crore". A number in words has
    # read its own scales, so after it only one more ("ten bn") is taken.
    while True:
        word = _WORD_AFTER.match(text, end)
        if word is None or word.group(1).lower() not in table or not (digits or multiplier == 1.0):
            break
        multiplier *= table[word.group(1).lower()]
        end = word.end()
    named = _CURRENCY_AFTER_RE.match(text, end)
    if named is not None and not currency:
        currency, end = _CURRENCY_AFTER[named.group(1).lower()], named.end()
    percent = _PERCENT_AFTER.match(text, end)
    if percent is not None:
        return _Tail(percent.end(), multiplier, True, currency)
    return _Tail(end, multiplier, False, currency)


def _join_ranges(found: Sequence[tuple[NumberMention, float]], text: str) -> list[NumberMention]:
    """Give the first end of a range what only its second end wrote: "10-12%", "$5-7bn".

    ``found`` pairs each mention with its magnitude (the multiplier its text wrote,
    1 for none), in text order.
    """
    out = [mention for mention, _ in found]
    for k in range(len(out) - 1):
        head, tail = out[k], out[k + 1]
        between = _BETWEEN_JOIN.fullmatch(text, head.end, tail.start) is not None and (
            _BETWEEN_BEFORE.search(text, 0, head.start) is not None
        )
        if not between and _RANGE_JOIN.fullmatch(text, head.end, tail.start) is None:
            continue
        scale = found[k + 1][1]
        changes: dict[str, float | bool | str] = {}
        # A percentage and an amount of money side by side are two things, not a range.
        if tail.percent and not head.percent and not head.currency:
            changes["percent"] = True
        money_or_count = not (head.percent or tail.percent)
        if money_or_count and scale > 1 and found[k][1] == 1 and head.value * scale <= tail.value * (1 + 1e-9):
            changes["value"] = head.value * scale
        if tail.currency and not head.currency and not head.percent:
            changes["currency"] = tail.currency
        if head.currency and not tail.currency and not tail.percent:
            out[k + 1] = dataclasses.replace(tail, currency=head.currency)
        if changes:
            out[k] = dataclasses.replace(head, **changes)  # type: ignore[arg-type]
    return out


def extract_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Find every number in ``text`` and read its value as a writer of ``lang`` meant it.

    ``lang`` is a language code ("en", "id", "pt-BR"): it decides how a lone "." or
    "," before three digits is read and which number words and magnitude words count
    (see the module docstring for all rules). Mentions come back in text order, with
    offsets into ``text``; a currency, magnitude and percent marker around a number
    are part of its mention.
    """
    base = _base_lang(lang)
    found: list[tuple[NumberMention, float]] = []
    for match in _NUMBER.finditer(text) if _DIGIT.search(text) else ():
        sign = -1.0 if match.group("sign") else 1.0
        currency = _CURRENCY_BEFORE[match.group("currency").strip()] if match.group("currency") else ""
        pieces = _digit_pieces(match, base)
        for index, (start, end, value) in enumerate(pieces):
            if index == 0:
                start, value = match.start(), value * sign
            last = index == len(pieces) - 1
            suffix = _ORDINAL_SUFFIX.match(text, end) if last else None
            ordinal = suffix is not None or _ORDINAL_PREFIX.search(text, 0, start) is not None
            tail = _Tail(end if suffix is None else suffix.end(), 1.0, False, currency)
            if last and not ordinal:
                tail = _tail(text, end, base, currency, digits=True)
            mention = NumberMention(start, tail.end, text[start : tail.end], value * tail.multiplier, tail.percent,
                                    tail.currency, ordinal)
            found.append((mention, tail.multiplier))
    taken = [(m.start, m.end) for m, _ in found]
    for start, end, value, magnitude, ordinal, ambiguous in _word_mentions(text, base, taken):
        tail = _Tail(end, 1.0, False, "") if ordinal else _tail(text, end, base, "", digits=False)
        mention = NumberMention(start, tail.end, text[start : tail.end], value * tail.multiplier, tail.percent,
                                tail.currency, ordinal, spelled=True, ambiguous=ambiguous and tail.end == end)
        found.append((mention, magnitude * tail.multiplier))
    found.sort(key=lambda pair: pair[0].start)
    return _join_ranges(found, text)


def shifted(mention: NumberMention, offset: int) -> NumberMention:
    """The same mention with its span moved by ``offset`` (a sentence's start in its document)."""
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)


# --- comparing ---------------------------------------------------------------------------


def same_value(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same quantity, however each was formatted.

    Values are compared with a relative tolerance of 1e-9, so "3.2 billion" (3.2e9
    computed as 3.2 * 1e9) equals "3 200 000 000"; a percentage never equals a plain
    number of the same value; two different currencies never match ("$7m" is not
    "£7m"), while a mention that names none matches any. An ordinal matches a cardinal
    only when both are digits ("Aug. 18th" and "18 Aug."): "third" is not "three".
    """
    if a.percent != b.percent or not _same_currency(a.currency, b.currency):
        return False
    if a.ordinal != b.ordinal and (a.spelled or b.spelled):
        return False
    return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)


# ISO codes of the dollars a bare "$" or "dollars" may stand for.
_DOLLARS = frozenset({"$", "USD", "AUD", "CAD", "SGD", "HKD", "NZD"})


def _same_currency(a: str, b: str) -> bool:
    """Whether two currencies can be one: equal, one unnamed, or a bare dollar and a dollar."""
    return a == b or not a or not b or ("$" in (a, b) and a in _DOLLARS and b in _DOLLARS)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def diff_numbers(orig: Sequence[NumberMention], other: Sequence[NumberMention]) -> NumberDiff:
    """Match the numbers of two sentences by value and report what does not match.

    Each mention is matched at most once, in order, preferring a counterpart with the
    same text so that a repeated number pairs with its own spelling. Matched pairs
    whose text differs after removing all whitespace (no-break spaces included) are
    ``reformatted``: the same value in another format or spelling ("two" and "2",
    "$18.3bn" and "18.3 billion dollars"), which the comparer reports as a ``format``
    divergence rather than a ``number`` one. Two number words of the same value are no
    reformatting: "four" rendered as "empat" is a translation, "twelve" as "a dozen" a
    wording. An unmatched ambiguous word ("one of them", "a million reasons") is only
    reported as the old or new value of an unmatched number on the other side (see
    ``_explain_surplus``); otherwise it goes to ``ignored``. The mentions in the
    result are the objects passed in, so callers may key them by identity.
    """
    unmatched = list(range(len(other)))
    pairs: list[tuple[NumberMention, NumberMention]] = []
    missing: list[NumberMention] = []
    for mention in orig:
        candidates = [k for k in unmatched if same_value(mention, other[k])]
        if not candidates:
            missing.append(mention)
            continue
        exact = [k for k in candidates if _squeeze(other[k].text) == _squeeze(mention.text)]
        chosen = (exact or candidates)[0]
        unmatched.remove(chosen)
        pairs.append((mention, other[chosen]))
    extra = [other[k] for k in unmatched]
    kept_missing, dropped_missing = _explain_surplus(missing, extra)
    kept_extra, dropped_extra = _explain_surplus(extra, missing)
    return NumberDiff(
        missing=tuple(kept_missing),
        extra=tuple(kept_extra),
        reformatted=tuple(
            (a, b) for a, b in pairs if _squeeze(a.text) != _squeeze(b.text) and not (a.spelled and b.spelled)
        ),
        ignored=tuple(dropped_missing + dropped_extra),
    )


def _explain_surplus(
    mine: Sequence[NumberMention], theirs: Sequence[NumberMention]
) -> tuple[list[NumberMention], list[NumberMention]]:
    """Split one side's unmatched mentions into those reported and ambiguous ones ignored.

    Every unambiguous mention is reported. An ambiguous one is reported only while the
    other side has more unmatched unambiguous numbers than this side, each of which it
    may be the old value of ("one minister" -> "two ministers"); the rest are wording.
    """
    surplus = sum(1 for m in theirs if not m.ambiguous) - sum(1 for m in mine if not m.ambiguous)
    kept, dropped = [], []
    for mention in mine:
        if not mention.ambiguous or surplus > 0:
            surplus -= mention.ambiguous
            kept.append(mention)
        else:
            dropped.append(mention)
    return kept, dropped


def numbers_equal_as_multisets(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> bool:
    """Whether both sentences state the same numbers by value, each as often, in any format."""
    diff = diff_numbers(a, b)
    return not diff.missing and not diff.extra
