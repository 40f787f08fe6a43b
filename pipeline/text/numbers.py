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

Words: ``pipeline.text.number_words`` reads number words ("three hundred and five",
"dua puluh lima", "ketiga"), ``pipeline.text.han_numbers`` Chinese numerals ("一百万").
Words prose uses for other things ("one of them", "at first", "salah satu", 一起) are
``ambiguous``; ``diff_numbers`` does not report them alone.

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

Years, days of the month and the like are ordinary numbers ("Aug. 18" holds 18): dates
are ``pipeline.text.dates``'s. A space between a number of one to three digits and a
three-digit one groups thousands, as MT writes them ("2 033"), so two numbers side by
side ("on May 18 200 people") read as one (18200); "2025 100" stays two.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.text.currencies import CURRENCY_AFTER, CURRENCY_BEFORE, same_currency
from pipeline.text.magnitudes import (
    ATTACHED_MAGNITUDES,
    CJK_MAGNITUDES,
    CURRENCY_MAGNITUDES,
    EN_MULTIPLIERS,
    ID_CURRENCY_MAGNITUDES,
    MONTH_BEFORE,
    MULTIPLIERS,
    PERCENT_BEFORE,
    PERCENT_WORDS,
    TIME_BEFORE,
    join_cjk_amounts,
    magnitudes_after,
)
from pipeline.text.number_words import alternation, word_mentions

# Languages whose decimal mark is a comma, so a lone "." before three digits groups
# thousands ("1.400" = 1400) and "1,5" = 1.5. Languages that group with spaces
# (fr, ru, sv, ...) are here too: for them the comma is still the decimal mark.
DECIMAL_COMMA_LANGS = frozenset(
    "id ms de es it pt nl tr pl da nb nn no sv fi fr ru uk be cs sk hu ro el hr sl sr bs "
    "mk bg lt lv et vi ca gl eu is sq az kk ka hy af".split()
)

_GROUP_SPACES = " \u00a0\u202f\u2009"
_SPACE_CLASS = "[ \u00a0\u202f\u2009]"


_NUMBER = re.compile(
    rf"""
    (?P<sign>(?<![\w.,\-−])[-−])?
    (?P<currency>(?<![\w$£€¥₹])(?:{alternation(list(CURRENCY_BEFORE))})(?=\s?\d)\s?)?
    (?<![\d.,])
    (?:
        # "rp 13. 000": after a currency, a thousands group that a stray space split off
        (?(currency)(?P<gapped>\d{{1,3}}(?:[.,]\ \d{{3}})+(?![\d.,]\d))|(?!))
      | # "0, 3 %": a decimal that machine translation spaced out; not inside a list
        (?<!\d,\s)(?P<spaced_int>\d{{1,3}}),\s(?P<spaced_frac>\d{{1,3}})
        (?=\s?%|\s(?:percent|per\ cent|persen|miliar|juta|ribu|triliun|million|billion)\b)
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
_GAP = r"(?:[^\S\r\n]*\r?\n[^\S\r\n]*|[^\S\r\n]+)"  # at most one line break: "10\r\npercent", "2  pct"
PERCENT_AFTER = re.compile(r"\s?[%％٪]|" + _GAP + "(?:" + alternation(PERCENT_WORDS) + r")\b", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(_GAP + "(" + alternation(list(CURRENCY_AFTER)) + r")\b", re.IGNORECASE)
_CJK_MAGNITUDE = re.compile("[" + "".join(CJK_MAGNITUDES) + "]+")
# A number of a month written in Chinese, Japanese or Korean ("2月", "3월"): a date part
# that English writes as the month's name ("February"), no count.
_MONTH_AFTER = re.compile(r"\s?[月월]")
_MONTH_RANGE_AFTER = re.compile(r"\s?[～〜~\-–]\s?\d{1,2}\s?[月월]")
_TIME_BEFORE = {lang: re.compile(rf"\b(?:{alternation(words)})\s?$", re.IGNORECASE)
                for lang, words in TIME_BEFORE.items()}
_MONTH_BEFORE = {lang: re.compile(rf"\b(?:{alternation(words)})\s?$", re.IGNORECASE)
                 for lang, words in MONTH_BEFORE.items()}
_CLOCK = re.compile(r"([01]?\d|2[0-4])[.:]([0-5]\d)")
# Indonesian and Malay write a reduplicated word with a 2: "saung2", "rica2nya", "tb2".
_REDUPLICATION = re.compile(r"[^\W\d_]2(?!\d)")
# Ordinals written around the digits: "第5" / "제5" (fifth), "5番目", "5번째".
_CJK_ORDINAL_BEFORE = re.compile(r"[第제]\s?$")
_CJK_ORDINAL_AFTER = re.compile(r"番目|번째|째")
_PERCENT_BEFORE_RE = re.compile("(?:" + alternation(list(PERCENT_BEFORE)) + ")$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MONTHS = frozenset(float(n) for n in range(1, 13))
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
    """(start, end, value) of the number or numbers one ``_NUMBER`` match holds.

    Inside square brackets a comma separates items ("[1,1]" is a pair, not 1.1).
    """
    plain = match.group("plain") or ""
    bracketed = match.string[match.start() - 1 : match.start()] == "[" and "," in plain
    clock = lang in _TIME_BEFORE and _CLOCK.fullmatch(plain) and _TIME_BEFORE[lang].search(
        match.string, 0, match.start("plain"))
    if bracketed or clock:
        offset = match.start("plain")
        return [(offset + s, offset + e, v) for s, e, v in _separate_integers(plain)]
    if match.group("gapped") is not None:
        squeezed = match.group("gapped").replace(" ", "")
        pieces = _read_separated(squeezed, lang)
        if len(pieces) == 1:
            return [(match.start("gapped"), match.end(), pieces[0][2])]
        offset = match.start("gapped")
        return [(offset + s, offset + e, v) for s, e, v in _separate_integers(match.group("gapped"))]
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
    table = MULTIPLIERS.get(lang, EN_MULTIPLIERS)
    cjk = _CJK_MAGNITUDE.match(text, end) if digits else None
    if cjk is not None:  # "140亿", "3千万"
        multiplier, end = math.prod(CJK_MAGNITUDES[ch] for ch in cjk.group()), cjk.end()
    attached = _ATTACHED.match(text, end)
    abbreviations = ID_CURRENCY_MAGNITUDES if lang in ("id", "ms") else CURRENCY_MAGNITUDES
    if digits and attached is not None and currency and attached.group(1) in abbreviations:
        multiplier, end = abbreviations[attached.group(1)], attached.end()
    elif digits and attached is not None and not attached.group().startswith(" ") and (
            attached.group(1).lower() in table or attached.group(1) in ATTACHED_MAGNITUDES):
        # "18.3bn", "50rb", "6k"
        multiplier = table.get(attached.group(1).lower()) or ATTACHED_MAGNITUDES[attached.group(1)]
        end = attached.end()
    multiplier, end = magnitudes_after(text, end, table, digits, multiplier)
    named = _CURRENCY_AFTER_RE.match(text, end)
    if named is not None and not currency:
        currency, end = CURRENCY_AFTER[named.group(1).lower()], named.end()
    percent = PERCENT_AFTER.match(text, end)
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
        fraction = head.spelled and 0 < head.value < 1  # "cut by half to 66.2 billion": no range
        if fraction or not between and _RANGE_JOIN.fullmatch(text, head.end, tail.start) is None:
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
        currency = CURRENCY_BEFORE[match.group("currency").strip()] if match.group("currency") else ""
        pieces = _digit_pieces(match, base)
        for index, (start, end, value) in enumerate(pieces):
            if index == 0:
                start, value = match.start(), value * sign
            last = index == len(pieces) - 1
            if base in ("id", "ms") and _REDUPLICATION.match(text, start - 1 if index == 0 else start, end + 1):
                continue  # "saung2" = "saung-saung": a word said twice, no number
            if last and (_MONTH_AFTER.match(text, end) or _MONTH_RANGE_AFTER.match(text, end)):
                continue  # "2月", the "4" of "4～6月期": the month of a date, which English names
            if (base in _MONTH_BEFORE and len(pieces) == 1 and value in _MONTHS
                    and _MONTH_BEFORE[base].search(text, 0, start)):
                continue  # "bulan 11": November likewise
            suffix = (_ORDINAL_SUFFIX.match(text, end) or _CJK_ORDINAL_AFTER.match(text, end)) if last else None
            ordinal = suffix is not None or any(p.search(text, 0, start) for p in (_ORDINAL_PREFIX, _CJK_ORDINAL_BEFORE))
            tail = _Tail(end if suffix is None else suffix.end(), 1.0, False, currency)
            if last and not ordinal:
                tail = _tail(text, end, base, currency, digits=True)
            if _PERCENT_BEFORE_RE.search(text, 0, start):  # Turkish "%5", "yüzde 5"
                tail = dataclasses.replace(tail, percent=True)
            mention = NumberMention(start, tail.end, text[start : tail.end], value * tail.multiplier, tail.percent,
                                    tail.currency, ordinal)
            found.append((mention, tail.multiplier))
    taken = [(m.start, m.end) for m, _ in found]
    for start, end, value, magnitude, ordinal, ambiguous in word_mentions(text, base, taken):
        tail = _Tail(end, 1.0, False, "") if ordinal else _tail(text, end, base, "", digits=False)
        percent = tail.percent or _PERCENT_BEFORE_RE.search(text, 0, start) is not None  # "百分之五"
        mention = NumberMention(start, tail.end, text[start : tail.end], value * tail.multiplier, percent,
                                tail.currency, ordinal, spelled=True, ambiguous=ambiguous and tail.end == end
                                and not percent)
        found.append((mention, magnitude * tail.multiplier))
    found.sort(key=lambda pair: pair[0].start)
    return _join_ranges(join_cjk_amounts(found, text), text)


def clock_parts(mention: NumberMention) -> tuple[NumberMention, ...]:
    """The hours and minutes of a mention written like a time of day ("8.30", "19.25"), as
    the mentions "8:30" would give; () for any other mention. A translation that keeps a
    time as its source wrote it ("jam 8.30" -> "from 8.30") states both."""
    clock = _CLOCK.fullmatch(mention.text)
    if clock is None or mention.percent or mention.currency:
        return ()
    return tuple(dataclasses.replace(mention, start=mention.start + clock.start(k), end=mention.start + clock.end(k),
                                     text=clock.group(k), value=float(clock.group(k))) for k in (1, 2))


def shifted(mention: NumberMention, offset: int) -> NumberMention:
    """The same mention with its span moved by ``offset`` (a sentence's start in its document)."""
    return dataclasses.replace(mention, start=mention.start + offset, end=mention.end + offset)


# --- comparing ---------------------------------------------------------------------------


def same_value(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same quantity, however each was formatted.

    Values are compared with a relative tolerance of 1e-15 (float rounding: "3.2 billion" equals
    "3 200 000 000"; 1e-9 took 12,345,678,901 for ...911); a percentage equals no plain number,
    only a fraction in words ("half": 50); two different currencies never match ("$7m" is not
    "£7m"), while a mention that names none matches any. An ordinal matches a cardinal
    only when both are digits ("Aug. 18th" and "18 Aug."): "third" is not "three".
    """
    if a.percent != b.percent:  # a share said as a fraction: "half" is "50 pct"
        return any(x.spelled and 0 < x.value < 1 and math.isclose(100 * x.value, y.value) for x, y in ((a, b), (b, a)) if y.percent)
    if not same_currency(a.currency, b.currency):
        return False
    if a.ordinal != b.ordinal and (a.spelled or b.spelled):
        return False
    return math.isclose(a.value, b.value, rel_tol=1e-15, abs_tol=1e-12)


# ISO codes of the dollars a bare "$" or "dollars" may stand for.
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
    pairs: list[tuple[NumberMention, NumberMention]] = []
    missing: list[NumberMention] = []
    # A value in its place first: of "5/14/82 ... 7/1/82" -> "5/14/83 ... 7/1/82" the first 82 changed.
    texts = [_squeeze(m.text) for m in orig], [_squeeze(m.text) for m in other]
    placed = {i + n: j + n for i, j, size in difflib.SequenceMatcher(None, *texts, autojunk=False).get_matching_blocks()
              for n in range(size) if same_value(orig[i + n], other[j + n])}
    unmatched = sorted(set(range(len(other))) - set(placed.values()))
    for index, mention in enumerate(orig):
        if index in placed:
            pairs.append((mention, other[placed[index]]))
            continue
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
    may be the old value of ("one minister" -> "two ministers"), or is an ordinal where the
    other side has one unmatched ("first quarter" -> "second"); the rest are wording.
    """
    surplus = sum(1 for m in theirs if not m.ambiguous) - sum(1 for m in mine if not m.ambiguous)
    kept, dropped = [], []
    for mention in mine:
        if not mention.ambiguous or surplus > 0 or mention.ordinal and any(m.ordinal for m in theirs):
            surplus -= mention.ambiguous
            kept.append(mention)
        else:
            dropped.append(mention)
    return kept, dropped


def numbers_equal_as_multisets(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> bool:
    """Whether both sentences state the same numbers by value, each as often, in any format."""
    return not (diff := diff_numbers(a, b)).missing and not diff.extra
