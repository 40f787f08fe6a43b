"""Dates by value, whatever the layout: weekdays, months, days and years.

``extract_dates`` finds the date mentions of a sentence ("Tuesday", "Nov. 12",
"12 November 2025", "March 2026", "4.09.2025", "2025-09-04", "12/11") and reads each
one into its parts. A numeric date without a year-first or a day over 12 is
ambiguous ("12/11" is 12 November or December 11), so a mention keeps every reading
it allows and two mentions are the same date when one reading of each agrees on every
part both state. ``diff_dates`` pairs the dates of two sentences the way
``numbers.diff_numbers`` pairs numbers: same value in another layout is a reformatting
(``format``), a value with no counterpart is a change (``date``).

English and Indonesian month and weekday names are read, since reposts keep their own
language's dates ("hari Selasa", "12 November", "Maret 2026"); given the sentence's
language, only the names that language (or English) writes. A name that is also an
ordinary word counts only where the sentence uses it as a date: "minggu lalu" is last
week, not Sunday; "March" alone is a month after "in" or "by", a verb elsewhere. A bare year ("since
2019") is not a date mention here: it stays a number for ``numbers``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Month and weekday names by language: a word is read as a date only in the languages
# that write it as one ("Mei" is May in Indonesian, a name in an English sentence).
_MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
           "august aug", "september sep sept", "october oct", "november nov", "december dec"),
    "id": ("januari", "februari pebruari", "maret", "april", "mei", "juni", "juli", "agustus agu",
           "september", "oktober okt", "november nopember", "desember des"),
}
_WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thurs", "friday fri",
           "saturday sat", "sunday sun"),
    "id": ("senin", "selasa", "rabu", "kamis", "jumat jum'at", "sabtu", "minggu ahad"),
}
_MONTH_NAMES["ms"], _WEEKDAY_NAMES["ms"] = _MONTH_NAMES["id"], _WEEKDAY_NAMES["id"]


def _table(names: dict[str, tuple[str, ...]], langs: Sequence[str], first: int) -> dict[str, int]:
    return {name: number for lang in langs for number, words in enumerate(names[lang], first) for name in words.split()}


_MONTHS = _table(_MONTH_NAMES, list(_MONTH_NAMES), 1)
_WEEKDAYS = _table(_WEEKDAY_NAMES, list(_WEEKDAY_NAMES), 0)
# Abbreviations that are also ordinary words ("may", "sun", "sat", "mar", "jun"...) count
# only when written as a name: capitalised, and (for the short ones) next to a day number.
_AMBIGUOUS = frozenset("may mar jun sun sat mon wed des mei agu".split())
# Month names that are also words or names ("May" the modal and the surname, "March"
# the verb, "Mei" a given name): standing alone (no day or year with them) they count
# only after a word that introduces a date ("in May", "pada Mei", "bulan Mei") or before
# one that places it in time ("Mei lalu").
_BARE_AMBIGUOUS = frozenset("may mar march jun mei des agu april".split())
_DATE_BEFORE = frozenset(
    """in on since until till by from through of early late mid last next this every each during
    before after between to and or pada bulan sejak hingga sampai awal akhir pertengahan tanggal dan atau
    selama sebelum setelah sesudah mulai per""".split()
)
_DATE_AFTER = frozenset("lalu depan ini mendatang kemarin".split())
# Indonesian "minggu" is also "week": "minggu lalu" (last week), "dua minggu" (two
# weeks), "minggu ini". It names Sunday after "hari", before a date, or written as a
# name (capitalised inside the sentence) without a word that makes it a week.
_WEEK_AFTER = frozenset(
    """lalu depan ini itu ke yang berikutnya sebelumnya selanjutnya terakhir mendatang kemarin pertama kedua
    ketiga keempat berturut""".split()
)
_WEEK_COUNT = re.compile(r"(?:\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|"
                         r"banyak|tiap|setiap|per)|\d+)\s+$", re.IGNORECASE)

_MONTH = r"(?P<{g}>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[6-9]|20)\d\d)"
_LAYOUTS: tuple[tuple[str, str], ...] = (
    # numeric: year first (ISO, "2025.09.04"), or day/month first with a year or none
    ("Y-M-D", r"(?<![\d.,/-])" + _YEAR.format(g="y") + r"(?P<s1>[-./])(?P<m>[01]?\d)(?P=s1)(?P<d>[0-3]?\d)(?![\d.,/-]\d)"),
    ("N-N-Y", r"(?<![\d.,/-])(?P<a>[0-3]?\d)(?P<s1>[-./])(?P<b>[01]?\d)(?P=s1)" + _YEAR.format(g="y") + r"(?![\d.,/-]\d)"),
    ("N/N", r"(?<![\d.,/-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?![\d.,/-]?\d)"),
    # words: "Nov. 12, 2025", "12 November 2025", "November 2025", "November"
    ("M D Y", _MONTH.format(g="m") + r"\s+" + _DAY.format(g="d") + r"(?:,?\s+" + _YEAR.format(g="y") + r")?(?![\d,.]\d)"),
    ("D M Y", r"(?<![\d.,])" + _DAY.format(g="d") + r"\s+(?:of\s+)?" + _MONTH.format(g="m") + r"(?:,?\s+" + _YEAR.format(g="y") + r")?"),
    ("M Y", _MONTH.format(g="m") + r",?\s+" + _YEAR.format(g="y")),
    ("M", _MONTH.format(g="m")),
)
_PATTERNS = [(name, re.compile(rf"(?<!\w){p}(?!\w)", re.IGNORECASE)) for name, p in _LAYOUTS]
_WEEKDAY = re.compile(
    r"(?<!\w)(?P<w>" + "|".join(sorted(map(re.escape, _WEEKDAYS), key=len, reverse=True)) + r")\.?(?!\w)", re.IGNORECASE
)

_NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS)

# (year, month, day, weekday): None where the mention does not say.
Reading = tuple[int | None, int | None, int | None, int | None]


@dataclass(frozen=True)
class DateMention:
    """A date found in a string: its span, text, layout and the readings it allows."""

    start: int
    end: int
    text: str
    layout: str  # "M D Y", "D M Y", "Y-M-D", "N-N-Y", "N/N", "M Y", "M", "W"
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class DateDiff:
    """Dates of one sentence with no same-value counterpart in the other, and the
    same-value pairs written in another layout."""

    missing: tuple[DateMention, ...]
    extra: tuple[DateMention, ...]
    reformatted: tuple[tuple[DateMention, DateMention], ...]


def _name_ok(word: str, text: str, start: int, end: int) -> bool:
    """An ambiguous month abbreviation ("may", "Mar") counts only as a capitalised name."""
    if word.lower().rstrip(".") not in _AMBIGUOUS | _BARE_AMBIGUOUS:
        return True
    return word[:1].isupper()


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The word before ``text[start:end]`` and the word after it, lower case ("" at an edge)."""
    before = _WORD.findall(text[max(0, start - 30) : start])
    after = _WORD.match(text[end:].lstrip(" ,"))
    return (before[-1].lower() if before else ""), (after.group().lower() if after else "")


def _bare_month_ok(word: str, text: str, start: int, end: int) -> bool:
    """A month name alone (no day, no year) that is also a word or a name counts only
    in a date's context ("in May", "pada Mei", "Mei lalu"), not as a verb or a name
    ("we March on", "May I", "Mei Ling")."""
    if word.lower().rstrip(".") not in _BARE_AMBIGUOUS:
        return True
    before, after = _words_around(text, start, end)
    return before in _DATE_BEFORE or after in _DATE_AFTER


def _opens(text: str, start: int) -> bool:
    head = text[:start].rstrip()
    return not head or head[-1] in ".!?:;“\"‘'(«—–"


def _sunday_ok(word: str, text: str, start: int, end: int) -> bool:
    """Indonesian "minggu": Sunday after "hari", before a date, or as a name inside the
    sentence; a week in "minggu lalu", "dua minggu", "Minggu ini" (it opens the sentence)."""
    before, after = _words_around(text, start, end)
    if before == "hari" or re.match(r"\s*[,(]?\s*\d", text[end:]):
        return True
    if _WEEK_COUNT.search(text[:start]) or after in _WEEK_AFTER:
        return False
    return word[:1].isupper() and not _opens(text, start)


def reads_names(lang: str) -> bool:
    """Whether ``lang``'s month and weekday names are read ("Dienstag", "mars" are not:
    only English, Indonesian and Malay names are)."""
    return lang.replace("_", "-").split("-")[0].lower() in _MONTH_NAMES


@lru_cache(maxsize=64)
def _allowed(lang: str | None) -> frozenset[str]:
    """The month and weekday names read in ``lang``: its own and English (reposts mix
    English in); every table's for a language without one (or None)."""
    base = (lang or "").split("-")[0].lower()
    if base not in _MONTH_NAMES:
        return _NAMES
    langs = dict.fromkeys([base, "en"])
    return frozenset(_table(_MONTH_NAMES, list(langs), 1)) | frozenset(_table(_WEEKDAY_NAMES, list(langs), 0))


def _numeric(layout: str, m: re.Match[str]) -> list[Reading]:
    year = int(m.group("y")) if "y" in m.groupdict() and m.group("y") else None
    if layout == "Y-M-D":
        return [(year, int(m.group("m")), int(m.group("d")), None)]
    a, b = int(m.group("a")), int(m.group("b"))
    # Day first is the common reading outside the US; month first is kept as a second one.
    readings = [(year, b, a, None), (year, a, b, None)]
    return [r for r in dict.fromkeys(readings) if r[1] is not None and 1 <= r[1] <= 12 and r[2] is not None and 1 <= r[2] <= 31]


# Full names: a "." after one ends the sentence ("in May."), it abbreviates nothing.
_FULL_NAMES = frozenset(
    "january february march april may june july august september october november december januari februari "
    "maret mei juni juli agustus oktober desember monday tuesday wednesday thursday friday saturday sunday "
    "senin selasa rabu kamis jumat sabtu minggu".split()
)


def _trim_dot(text: str, start: int, end: int) -> int:
    if text[end - 1 : end] == "." and text[start : end - 1].split()[-1].lower() in _FULL_NAMES:
        return end - 1
    return end


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMERIC = re.compile(r"\d[-./]\d")


def extract_dates(text: str, lang: str | None = None) -> list[DateMention]:
    """Every date mention of ``text`` in text order, offsets into ``text``.

    Layouts are tried from the most specific to the least, and a span already taken is
    not read again ("12 November 2025" is one mention, not also "November"). A weekday
    is a mention of its own ("Tuesday, Nov. 12" holds two). ``lang`` (the text's
    language) says which names are dates: its own and English; None reads every
    table's. A word that is also an ordinary word or a name counts only where it is
    used as a date ("minggu lalu" is last week, "March" a verb without a date's context).
    """
    return list(_extract(text, lang))


@lru_cache(maxsize=8192)
def _extract(text: str, lang: str | None) -> tuple[DateMention, ...]:
    # Most sentences name no month or weekday and have no "4.09"-like digits: one cheap
    # look at their words spares the layout patterns (align + compare has a time budget).
    # Letters only: a possessive ("Tuesday's", "April’s") names its date as much as a curly one does.
    words = {w.lower() for w in _LETTERS.findall(text)}
    allowed = _allowed(lang)
    if not (words & allowed) and not _NUMERIC.search(text):
        return ()
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for layout, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            if "m" in m.groupdict() and layout not in ("Y-M-D",) and m.group("m") and not m.group("m").isdigit():
                name = m.group("m")
                if name.lower() not in allowed or not _name_ok(name, text, m.start(), m.end()):
                    continue
                if layout == "M" and not _bare_month_ok(name, text, m.start(), m.end()):
                    continue
                month = _MONTHS[name.lower()]
                day = int(m.group("d")) if "d" in m.groupdict() and m.group("d") else None
                year = int(m.group("y")) if "y" in m.groupdict() and m.group("y") else None
                if day is not None and not 1 <= day <= 31:
                    continue
                readings: list[Reading] = [(year, month, day, None)]
            else:
                readings = _numeric(layout, m)
                if not readings:
                    continue
            end = _trim_dot(text, m.start(), m.end())
            taken.append((m.start(), end))
            found.append(DateMention(m.start(), end, text[m.start() : end], layout, tuple(readings)))
    for m in _WEEKDAY.finditer(text):
        word = m.group("w")
        if word.lower() not in allowed or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        if len(word) <= 4 and not word[:1].isupper():
            continue  # "sun", "wed", "sat": ordinary words in lower case
        if word.lower() in _AMBIGUOUS and not re.match(r"\.?,?\s+(?:\d|" + "|".join(_MONTHS) + ")", text[m.end():], re.I):
            continue  # "the Sun" is no weekday; "Sun, 12 Nov" or "Sun. Nov 12" is
        if word.lower() == "minggu" and not _sunday_ok(word, text, m.start(), m.end()):
            continue
        end = _trim_dot(text, m.start(), m.end())
        found.append(DateMention(m.start(), end, text[m.start() : end], "W", ((None, None, None, _WEEKDAYS[word.lower()]),)))
    return tuple(sorted(found, key=lambda d: d.start))


def _agree(a: Reading, b: Reading) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b)) and any(
        x is not None and y is not None for x, y in zip(a, b)
    )


def same_date(a: DateMention, b: DateMention) -> bool:
    """Whether one reading of each agrees on every part both state (and they share one)."""
    return any(_agree(x, y) for x in a.readings for y in b.readings)


def _kind(d: DateMention) -> str:
    return "W" if d.layout == "W" else "date"


def diff_dates(orig: Sequence[DateMention], other: Sequence[DateMention]) -> DateDiff:
    """Match the dates of two sentences by value, each at most once, in order.

    A weekday only matches a weekday. Matched pairs whose layout differs are
    ``reformatted`` ("Nov. 12" and "12 November"); the same layout with other words
    ("Tuesday" and "Selasa", a translation) is no difference at all.
    """
    unmatched = list(range(len(other)))
    missing: list[DateMention] = []
    pairs: list[tuple[DateMention, DateMention]] = []
    for mention in orig:
        candidates = [k for k in unmatched if _kind(other[k]) == _kind(mention) and same_date(mention, other[k])]
        if not candidates:
            missing.append(mention)
            continue
        same_layout = [k for k in candidates if other[k].layout == mention.layout]
        chosen = (same_layout or candidates)[0]
        unmatched.remove(chosen)
        pairs.append((mention, other[chosen]))
    return DateDiff(
        tuple(missing),
        tuple(other[k] for k in unmatched),
        tuple((a, b) for a, b in pairs if a.layout != b.layout and not _loose_same(a.layout, b.layout)),
    )


def _loose_same(a: str, b: str) -> bool:
    """Layouts that differ only by a part one side leaves out are not a reformatting:
    "November" and "November 2025" say the month alike ("M" vs "M Y")."""
    return a == b or {a, b} <= {"M", "M Y"}


__all__ = ["DateDiff", "DateMention", "diff_dates", "extract_dates", "same_date"]
