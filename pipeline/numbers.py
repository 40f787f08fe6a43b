"""Numbers by value, whatever the locale wrote them like.

``extract_numbers`` finds the numeric mentions of a sentence and reads each one's
value, so that "2,033", "2 033" and Indonesian "2.033" all read 2033 and "0.3%" and
the machine-translated "0, 3 %" both read 0.3 percent. ``diff_numbers`` then tells
the comparer which numbers of one sentence have no same-value counterpart in the
other, and which counterparts only changed their surface format.

Reading rules, in the order they are tried:

* A number whose separators settle it on their own is read the same in every
  language: several identical separators each followed by three digits group
  thousands ("1.400.000", "1,400,000"); when both "." and "," occur the last one is
  the decimal mark ("1,234.56", "1.234,56"); a space, no-break space or narrow
  no-break space between three-digit groups groups thousands ("100 000").
* A single "." or "," followed by exactly three digits depends on ``lang``: English
  (and other languages not in ``DECIMAL_COMMA_LANGS``) reads "1,400" as 1400 and
  "1.400" as 1.4; Indonesian, German, Spanish... read "1.400" as 1400 and "1,400" as
  1.4. Any other single separator is a decimal mark ("1,5" and "1.5" are 1.5).
* "<digits>, <digits> %" is a decimal that machine translation spaced out ("0, 3 %"
  is 0.3 percent), unless the first number is itself part of a comma list ("1, 2, 3 %").
* A following "%" or percent word marks a percentage: ``value`` is the number as
  written (0.3 for "0.3%") and ``percent`` is true.
* A following multiplier word (thousand/ribu, million/juta, billion/miliar/milyar,
  trillion/triliun, and a few more per language) is part of the mention and is
  multiplied into ``value``: "$3.2 billion" and "3,2 miliar" both have value 3.2e9
  and text "3.2 billion" / "3,2 miliar". Currency symbols stay outside the mention.
* A "-" or "−" directly before the digits, not after a letter or digit, makes the
  value negative ("-5"), so ranges such as "2020-2025" stay two positive numbers.

Years, days of the month and the like are ordinary numbers ("Aug. 18" holds 18).
Number words ("four", "empat") are not read. An ordinary space between a number of
one to three digits and a three-digit one groups thousands, as machine translation
writes them ("2 033"), so two numbers written side by side ("on May 18 200 people")
read as one (18200); with four digits before the space ("2025 100") they stay two.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
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
    "million": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
}
# English multipliers stay valid in other languages' text (reposts leave English words
# in), except where the language gives the same word another value, as German does.
_MULTIPLIERS: dict[str, dict[str, float]] = {
    "en": _EN_MULTIPLIERS,
    "id": {**_EN_MULTIPLIERS, "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12},
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

_PERCENT_WORDS = ("percent", "per cent", "persen", "prozent", "por ciento", "pour cent", "per cento")

_GROUP_SPACES = " \u00a0\u202f\u2009"
_SPACE_CLASS = "[ \u00a0\u202f\u2009]"

_NUMBER = re.compile(
    rf"""
    (?P<sign>(?<![\w.,\-−])[-−])?
    (?<![\d.,])
    (?:
        # "0, 3 %": a decimal that machine translation spaced out; not inside a list
        (?<!\d,\s)(?P<spaced_int>\d{{1,3}}),\s(?P<spaced_frac>\d{{1,3}})
        (?=\s?%|\s(?:percent|per\ cent|persen)\b)
      | # thousands grouped by spaces, optional decimal part
        (?P<spaced>\d{{1,3}}(?:{_SPACE_CLASS}\d{{3}})+(?!\d)(?:[.,]\d+)?)
      | # digits with "." and "," separators, read by _read_separated
        (?P<plain>\d+(?:[.,]\d+)*)
    )
    """,
    re.VERBOSE,
)
_PERCENT_AFTER = re.compile(r"\s?%|\s(?:" + "|".join(map(re.escape, _PERCENT_WORDS)) + r")\b", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+(\w+)")


@dataclass(frozen=True)
class NumberMention:
    """A number found in a string: its span, its text as written, and its value.

    ``start``/``end`` are offsets into the string passed to ``extract_numbers`` and
    ``text == string[start:end]``. ``value`` includes a multiplier word ("3.2 billion"
    is 3.2e9) but not the percent sign ("0.3%" is 0.3 with ``percent`` true).
    """

    start: int
    end: int
    text: str
    value: float
    percent: bool


@dataclass(frozen=True)
class NumberDiff:
    """How the numbers of an original sentence and of its counterpart differ.

    ``missing`` are numbers of the original with no same-value counterpart, ``extra``
    numbers of the counterpart with none in the original, and ``reformatted`` the
    matched pairs (original, counterpart) whose text differs once spaces are removed.
    """

    missing: tuple[NumberMention, ...]
    extra: tuple[NumberMention, ...]
    reformatted: tuple[tuple[NumberMention, NumberMention], ...]


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


def _suffix(text: str, end: int, lang: str) -> tuple[int, float, bool]:
    """Extend a number ending at ``end`` over a multiplier word and a percent marker."""
    multiplier = 1.0
    table = _MULTIPLIERS.get(lang, _EN_MULTIPLIERS)
    word = _WORD_AFTER.match(text, end)
    if word is not None and word.group(1).lower() in table:
        multiplier = table[word.group(1).lower()]
        end = word.end()
    percent = _PERCENT_AFTER.match(text, end)
    if percent is not None:
        return percent.end(), multiplier, True
    return end, multiplier, False


def extract_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Find every number in ``text`` and read its value as a writer of ``lang`` meant it.

    ``lang`` is a language code ("en", "id", "pt-BR"); it only decides how a lone
    "." or "," before three digits is read (see the module docstring for all rules).
    Mentions come back in text order, with offsets into ``text``. A multiplier word
    after the number is part of the mention and of its value ("3.2 billion" is
    3.2e9); a percent sign or word is part of the mention and sets ``percent``.
    """
    base = _base_lang(lang)
    found: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        sign = -1.0 if match.group("sign") else 1.0
        pieces: list[tuple[int, int, float]]
        if match.group("spaced_int") is not None:
            value = float(match.group("spaced_int") + "." + match.group("spaced_frac"))
            pieces = [(match.start(), match.end(), value)]
        elif match.group("spaced") is not None:
            pieces = [(match.start(), match.end(), _read_spaced(match.group("spaced")))]
        else:
            offset = match.start("plain")
            pieces = [
                (offset + s, offset + e, v) for s, e, v in _read_separated(match.group("plain"), base)
            ]
        for index, (start, end, value) in enumerate(pieces):
            if index == 0 and sign < 0:
                start, value = match.start(), -value
            last = index == len(pieces) - 1
            multiplier, percent = 1.0, False
            if last:
                end, multiplier, percent = _suffix(text, end, base)
            found.append(NumberMention(start, end, text[start:end], value * multiplier, percent))
    return found


def same_value(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same quantity, however each was formatted.

    Values are compared with a relative tolerance of 1e-9, so "3.2 billion" (3.2e9
    computed as 3.2 * 1e9) equals "3 200 000 000"; a percentage never equals a plain
    number of the same value.
    """
    return a.percent == b.percent and math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def diff_numbers(orig: Sequence[NumberMention], other: Sequence[NumberMention]) -> NumberDiff:
    """Match the numbers of two sentences by value and report what does not match.

    Each mention is matched at most once, in order, preferring a counterpart with the
    same text so that a repeated number pairs with its own spelling. Matched pairs
    whose text differs after removing all whitespace (no-break spaces included) are
    ``reformatted``: the same value in another locale's format, which the comparer
    reports as a ``format`` divergence rather than a ``number`` one. The mentions in
    the result are the objects passed in, so callers may key them by identity.
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
    return NumberDiff(
        missing=tuple(missing),
        extra=tuple(other[k] for k in unmatched),
        reformatted=tuple((a, b) for a, b in pairs if _squeeze(a.text) != _squeeze(b.text)),
    )


def numbers_equal_as_multisets(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> bool:
    """Whether both sentences state the same numbers by value, each as often, in any format."""
    diff = diff_numbers(a, b)
    return not diff.missing and not diff.extra
