"""The `numbers` and `dates` checks: values compared by value, layouts apart."""

from __future__ import annotations

import dataclasses
import re

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.fidelity.checks.opposites import UnitCount, same_amount, unit_counts
from pipeline.fidelity.divergence import Checked, Finding, Group, SideSpan, Token, token_span
from pipeline.text.dates import DateMention, diff_dates, extract_dates, reads_names
from pipeline.text.number_words import reads_words
from pipeline.text.numbers import PERCENT_AFTER, NumberMention, diff_numbers, extract_numbers, same_value, shifted
from pipeline.text.unknown import reads
from pipeline.types import Sentence


def _numbers_outside(mentions: Sequence[NumberMention], dates: Sequence[DateMention]) -> list[NumberMention]:
    """Digits inside a date ("Nov. 12", "4.09.2025") are the date check's, not numbers."""
    return [n for n in mentions if not any(d.start < n.end and n.start < d.end for d in dates)]


M = TypeVar("M", NumberMention, DateMention)


def _mentions(g: Group, find: Callable[[str, str], Sequence[M]], shift: Callable[[M, int], M],
              ) -> tuple[list[M], list[M], Callable[[M | None], SideSpan | None]]:
    """The mentions ``find`` reads in each side's sentences (in the sentence's language;
    the original is English), at document offsets, and the span of any of them."""
    owner: dict[int, int] = {}
    sides: tuple[list[M], list[M]] = ([], [])
    for side, sentences in ((0, [(s, "en") for s in g.original]), (1, [(seg.sentence, reads(seg)) for seg in g.repost])):
        for sentence, lang in sentences:
            for m in find(sentence.text, lang):
                sides[side].append(shift(m, sentence.start))
                owner[id(sides[side][-1])] = sentence.id

    def span(m: M | None) -> SideSpan | None:
        return SideSpan(owner[id(m)], m.start, m.end, m.text) if m is not None else None

    return sides[0], sides[1], span


def _reformatted(pairs: Sequence[tuple[M, M]], span: Callable[[M | None], SideSpan | None],
                 what: str) -> list[Finding]:
    """One `format` finding per value written otherwise on the two sides."""
    return [Finding("format", span(a), span(b), f"{what}: {a.text!r} -> {b.text!r}", before=a.text, after=b.text,
                    kind="layout") for a, b in pairs]


def _numbers_in(text: str, lang: str) -> list[NumberMention]:
    blank = _blank_fractions(text)
    found = _numbers_outside(extract_numbers(blank, lang), extract_dates(blank, lang)) + _fractions(text)
    return sorted((_in_cents(text, m) for m in found), key=lambda m: m.start)


def _dates_in(text: str, lang: str) -> list[DateMention]:
    return extract_dates(_blank_fractions(text), lang)


# Newswire fractions: "31-1/4 basis points", "7-3/4 pct", "rose 1/2 to 34-3/4" are 31.25,
# 7.75, 0.5 and 34.75 (a faithful rewrite writes them so); a bare one only after a word
# that moves a price ("1/2" alone, "moved to 3/4", may be a date).
_FRACTION = re.compile(r"(?<![\d/.,])(?:(?P<whole>\d{1,6})[- ]|\b(?:up|down|rose|fell|gained|lost|eased|firmed) )"
                       r"(?P<top>[1-9]\d?)/(?P<bottom>2|4|8|16|32|64)(?![\d/])", re.IGNORECASE)
# Cents: "15 cts a share" is "$0.15 a share".
_CENTS_NEXT = re.compile(r"\s?(?:cts|cents?)\b", re.IGNORECASE)


def _fraction_spans(text: str) -> list[tuple[int, int, float]]:
    """Each fraction's span (the whole number with it, not a word before it) and value."""
    out = []
    for m in _FRACTION.finditer(text):
        top, bottom = int(m.group("top")), int(m.group("bottom"))
        if top < bottom:
            start = m.start() if m.group("whole") else m.start("top")
            out.append((start, m.end(), float(m.group("whole") or 0) + top / bottom))
    return out


def _blank_fractions(text: str) -> str:
    for start, end, _ in _fraction_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _fractions(text: str) -> list[NumberMention]:
    return [NumberMention(start, end, text[start:end], value, bool(PERCENT_AFTER.match(text, end)))
            for start, end, value in _fraction_spans(text)]


def _in_cents(text: str, m: NumberMention) -> NumberMention:
    """``m`` in whole units of its currency (or of none named) when "cts" or "cents" follows
    it: "15 cts" is "$0.15", "50 euro cents" "0.50 euro"."""
    if m.percent or m.spelled or not _CENTS_NEXT.match(text, m.end):
        return m
    return dataclasses.replace(m, value=m.value / 100)


def _shifted_date(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.start + offset, d.end + offset, d.text, d.layout, d.readings)


def check_numbers(g: Group, done: Checked) -> Checked:
    """Numbers compared by value: another value is `number`, the same value written
    otherwise is `format`. The repost's own text is the truth of what it says; the
    translation only tells where numbers stand when a model rewrote them."""
    o_nums, r_nums, span = _mentions(g, _numbers_in, shifted)
    r_nums = _date_parts_left_out(g, r_nums, span)
    diff = diff_numbers(o_nums, r_nums)
    # A value an earlier check explained (two values that swapped places, their "$" left
    # behind) is no change of format.
    findings = _reformatted([(a, b) for a, b in diff.reformatted if not _inside(g.o_toks, [a]) & done.original],
                            span, "same value, other format")
    # A value whose unit the other side converts is no change: "two weeks" / "14 days", "20 miles" / "32 km".
    if diff.missing or diff.extra:
        o_units, t_units = unit_counts(g.o_toks), unit_counts(g.t_toks)
        lost = [n for n in diff.missing if not _converted(_inside(g.o_toks, [n]), o_units, t_units)]
        new = [n for n in diff.extra if not _converted(_english_tokens(g, n, span), t_units, o_units)]
        # A word prose uses otherwise ("one" of "one of them") counted only against what was
        # converted is no change of its own; an ordinal is ("the second half" / "the next six months").
        diff = dataclasses.replace(diff, missing=tuple(n for n in lost if new or not n.ambiguous or n.ordinal),
                                   extra=tuple(n for n in new if lost or not n.ambiguous or n.ordinal))
    unread, changed, t_read = _read_in_english(g, o_nums, diff.missing, diff.extra)
    read = unread + [lost for lost, _ in changed]  # judged on the English words instead
    missing = [n for n in diff.missing if not _counted(n, g.t_toks) and n not in read]
    extra = [n for n in diff.extra if not _counted(n, g.o_toks)]
    findings += [Finding("format", span(n), None, f"same value said by a word: {n.text!r}", before=n.text, kind="word")
                 for n in diff.missing if n not in missing and n not in read]
    findings += [Finding("format", None, span(n), f"same value said by a word: {n.text!r}", after=n.text, kind="word")
                 for n in diff.extra if n not in extra]
    findings += [_changed("number", lost, new, span) for lost, new in _pairs(missing, extra)]
    findings += [Finding("number", span(lost), None, f"number changed: {lost.text!r} -> {new.text!r} (as translated: "
                         "number words of the repost's language are not read)", before=lost.text, after=new.text,
                         kind="value") for lost, new in changed]
    # Every digit is explained by the above (dates included, by the date check), the
    # English words that stood for a number its source said in words, and the words of a
    # value written otherwise ("45 mln dlrs" / "45 million dollars": one `format` finding),
    # and the words of a number that changed ("one-fifth" -> "one-third": one `number` finding).
    same = [a for a, _ in diff.reformatted]
    t_same = [t for t in _numbers_in(g.t_text, "en") if any(same_value(t, a) for a in same)] if same else []
    t_changed = frozenset().union(*(_english_tokens(g, n, span) for n in extra))
    return Checked(tuple(findings), _digits(g.o_toks) | _inside(g.o_toks, read + same + missing),
                   _digits(g.t_toks) | t_read | _inside(g.t_toks, t_same) | t_changed)


def _translators(lost: DateMention, new: DateMention, own: set[int]) -> bool:
    """Whether a date the English changed is the translation's doing: every day or year in
    which the two differ is the original's among the repost's own digits, none the English's."""
    lost_parts = {p for r in lost.readings for p in (r[0], r[2]) if p is not None}
    new_parts = {p for r in new.readings for p in (r[0], r[2]) if p is not None}
    differ = lost_parts ^ new_parts
    return bool(differ) and lost_parts - new_parts <= own and not (new_parts - lost_parts) & own


def _date_parts_left_out(g: Group, nums: Sequence[NumberMention],
                         span: Callable[[NumberMention | None], SideSpan | None]) -> list[NumberMention]:
    """``nums`` less the repost numbers that are the day or year of a date, in a language whose
    month names are not read, whose sentence's English says a date: the day or year of that
    date ("5 марта 2024" / "March 5, 2024", "2024年3月5日") or of one of the original's (the
    English may have changed it: "entro il 31 dicembre" / "by December 30"). Those are the date
    check's (it reads the date from the English). One number per date part: "5 марта ...
    задержала 5 человек" still has a count of 5."""
    budget: dict[int, Counter[int]] = {}
    out = []
    for n in nums:
        where = span(n)
        seg = next((s for s in g.repost if where is not None and s.sentence.id == where.sentence), None)
        if seg is None or n.percent or n.currency or not float(n.value).is_integer() or reads_names(reads(seg)):
            out.append(n)
            continue
        if seg.sentence.id not in budget:
            english = _dates_in(seg.translation, "en")
            parts: Counter[int] = Counter()
            if english:
                for dates in (english, [d for s in g.original for d in _dates_in(s.text, "en")]):
                    parts |= Counter(p for d in dates for p in {part for r in d.readings for part in (r[0], r[2])
                                                               if part is not None})
            budget[seg.sentence.id] = parts
        left = budget[seg.sentence.id]
        if left[int(n.value)] > 0:
            left[int(n.value)] -= 1
            continue
        out.append(n)
    return out


def _converted(at: frozenset[int], mine: Sequence[UnitCount], theirs: Sequence[UnitCount]) -> bool:
    """Whether the number on tokens ``at`` counts a unit (``opposites.unit_counts``) whose amount
    the other side says in another unit ("10.5 tonnes" / "11 tonnes" is a change, however
    close; "1 dlr" beside "the first quarter" counts no quarter)."""
    return any(u.at in at and any(same_amount(u.amount, o.amount) and o.unit != u.unit for o in theirs) for u in mine)


def _english_tokens(g: Group, n: NumberMention, span: Callable[[NumberMention | None], SideSpan | None]) -> frozenset[int]:
    """The English side's tokens of a repost number written in an English sentence (none for
    a translated one: its digits are the source's, its units the translation's)."""
    where = span(n)
    seg = next((s for s in g.repost if where is not None and s.sentence.id == where.sentence), None)
    if seg is None or seg.route != "passthrough":
        return frozenset()
    return _inside(g.t_toks, [shifted(n, g.t_offset(seg.sentence.id) - seg.sentence.start)])


def _read_in_english(g: Group, o_nums: Sequence[NumberMention], missing: Sequence[NumberMention],
                     extra: Sequence[NumberMention],
                     ) -> tuple[list[NumberMention], list[tuple[NumberMention, NumberMention]], frozenset[int]]:
    """The original's numbers that a repost sentence may say in words its language's reader
    does not know ("drei Kinder", "trois mille"), read from its English instead: those the
    English says (not lost), those it says otherwise (lost, paired with the English value
    no original number has: "five" -> "four"), and the English tokens read. Only the words
    are unread there; the repost's digits are still its own truth: an English value that
    renders one of them (``extra``, "6 Hunde" -> "6 dogs") pairs with the lost number there,
    not here."""
    if not missing or all(reads_words(reads(seg)) for seg in g.repost):
        return [], [], frozenset()
    t_nums = _numbers_in(g.t_text, "en")
    said = diff_numbers(missing, t_nums)
    unread = [n for n in missing if n not in said.missing]
    # English values no original number has, and no digit of the repost's own says.
    spare = [t for t in diff_numbers(o_nums, t_nums).extra if not any(same_value(t, e) for e in extra)]
    changed = list(zip([n for n in missing if n in said.missing], spare))
    used = [t for t in t_nums if any(same_value(t, n) for n in unread)] + [new for _, new in changed]
    return unread, changed, _inside(g.t_toks, used)


# Nouns that are a count of years: "the next ten years" = "the next decade" (MQM dev
# split: five clean lines flagged as a lost number; numbers.py reads only numerals and
# number words).
COUNTING_NOUNS = {"decade": 10.0, "century": 100.0, "millennium": 1000.0}


def _counted(n: NumberMention, other: Sequence[Token]) -> bool:
    """Whether a singular counting noun on the other side says the value of ``n``."""
    return not n.percent and not n.currency and any(COUNTING_NOUNS.get(t.key) == n.value for t in other)


def _digits(toks: Sequence[Token]) -> frozenset[int]:
    """Digit tokens, and the signs and separators next to them ("0, 7 %", "$ 50"): what
    is left of a number written otherwise is no wording of its own."""
    digits = {i for i, t in enumerate(toks) if t.text[0].isdigit()}
    signs = {i for i, t in enumerate(toks) if not t.text[0].isalnum() and t.text not in ".!?;:\"“”'‘’()"
             and (i - 1 in digits or i + 1 in digits)}
    return frozenset(digits | signs)


def _pairs(missing: Sequence[object], extra: Sequence[object]) -> list[tuple[object | None, object | None]]:
    """What went missing paired in order with what appeared: "26" -> "36" is one change."""
    return [(missing[k] if k < len(missing) else None, extra[k] if k < len(extra) else None)
            for k in range(max(len(missing), len(extra)))]


def _changed(kind: str, lost: object, new: object, span: Callable[..., SideSpan | None]) -> Finding:
    lost_text, new_text = getattr(lost, "text", None), getattr(new, "text", None)
    if lost is not None and new is not None:
        message, change = f"{kind} changed: {lost_text!r} -> {new_text!r}", "value"
    elif lost is not None:
        message, change = f"{kind} {lost_text!r} missing from the repost", "missing"
    else:
        message, change = f"{kind} {new_text!r} not in the original", "added"
    return Finding(kind, span(lost), span(new), message, before=lost_text, after=new_text, kind=change)


def check_dates(g: Group, done: Checked) -> Checked:
    """Weekdays, months, days and years by value: another value is `date` (major), the
    same date in another layout is `format` ("Nov. 12" -> "12 November")."""
    o_dates, r_dates, span = _mentions(g, _dates_in, _shifted_date)
    diff = diff_dates(o_dates, r_dates)
    findings = _reformatted(diff.reformatted, span, "same date, other layout")
    t_dates = _dates_in(g.t_text, "en")
    missing = list(diff.missing)
    changed: list[tuple[DateMention, DateMention]] = []
    if missing and not all(reads_names(reads(seg)) for seg in g.repost):
        # A weekday or month named in a language whose names are not read ("am Dienstag",
        # "en mars"): what its English says stands for it; its digits are still its own.
        said = diff_dates(missing, t_dates)
        missing = [d for d in missing if d in said.missing]
        # A date the English says and neither the original nor the repost's own words do:
        # the lost date changed to it ("Friday" -> "mardi", read as "Tuesday").
        spare = list(diff_dates([*o_dates, *r_dates], t_dates).extra)
        changed, missing = list(zip(missing, spare)), missing[len(spare):]
    # A wire story's dateline ("LAGOS, March 5 - ") is page furniture: dropped or added, no date
    # changed (a dateline on both sides with another date still is one).
    furniture = _datelines([*g.original, *(seg.sentence for seg in g.repost)])
    extra = list(diff.extra)
    lost_lines = [d for d in missing if any(a <= d.start < b for a, b in furniture)]
    new_lines = [d for d in extra if any(a <= d.start < b for a, b in furniture)]
    # Only what the other side leaves unpaired: "on March 5" -> "LAGOS, March 9 - " is a change.
    # A dateline dropped or added is furniture whole: its place and agency are no names either.
    o_line = t_line = frozenset[int]()
    if lost_lines and not new_lines and len(missing) > len(extra):
        missing = [d for d in missing if d not in lost_lines]
        o_line = frozenset(i for i, t in enumerate(g.o_toks) if any(a <= t.start < b for a, b in furniture))
    if new_lines and not lost_lines and len(extra) > len(missing):
        extra = [d for d in extra if d not in new_lines]
        opening = [(m.start(), m.end()) for seg in g.repost
                   if (m := _DATELINE.match(g.t_text, g.t_offset(seg.sentence.id))) is not None]
        t_line = frozenset(i for i, t in enumerate(g.t_toks) if any(a <= t.start < b for a, b in opening))
    relative, o_said, t_said = _relative(g, missing, extra, span)
    findings += relative
    findings += [_changed("date", lost, new, span) for lost, new in _pairs(missing, extra)]
    own = {int(n.value) for seg in g.repost for n in _numbers_in(seg.sentence.text, reads(seg))
           if float(n.value).is_integer()}
    for lost, new in changed:
        at = g.repost_span([g.t_toks[k] for k in sorted(_inside(g.t_toks, [new]))])[0]
        if _translators(lost, new, own):  # "entro il 31 dicembre" read as "by December 30"
            findings.append(Finding("date", span(lost), at, f"date changed in translation: {lost.text!r} -> {new.text!r}; "
                                    "the repost's own digits agree with the original: the translation's error, not "
                                    "the repost's", at_most="minor", before=lost.text, after=new.text, kind="value"))
        else:
            findings.append(Finding("date", span(lost), at, f"date changed: {lost.text!r} -> {new.text!r} (as "
                                    "translated: the repost's dates are read from its English)", before=lost.text,
                                    after=new.text, kind="value"))
    return Checked(tuple(findings), _inside(g.o_toks, o_dates) | o_line | o_said,
                   _inside(g.t_toks, t_dates) | t_line | t_said)


# Days and months named relative to the story's own date: a weekday or a month where the
# other side says one ("said yesterday" / "said on Wednesday", "last month" / "in February")
# is the same day or month or not, as the dateline says; the text alone cannot tell.
RELATIVE_DAYS = frozenset("yesterday today tomorrow tonight".split())
_RELATIVE_BEFORE = frozenset("last this next previous".split())


def _relative_words(toks: Sequence[Token]) -> dict[str, list[int]]:
    """The relative day words ("yesterday") and month phrases ("last month") of ``toks``, by
    the layout of the date they stand for ("W", "M"), as token positions."""
    found: dict[str, list[int]] = {"W": [], "M": []}
    for k, t in enumerate(toks):
        if t.key in RELATIVE_DAYS:
            found["W"].append(k)
        elif t.key == "month" and k and toks[k - 1].key in _RELATIVE_BEFORE:
            found["M"] += [k - 1, k]
    return found


def _relative(g: Group, missing: list[DateMention], extra: list[DateMention],
              span: Callable[[DateMention | None], SideSpan | None]) -> tuple[list[Finding], frozenset[int], frozenset[int]]:
    """Minor findings for the weekdays and months of ``missing`` and ``extra`` (taken out of
    them) where the other side has a relative word instead, and the positions of those words."""
    words = (_relative_words(g.o_toks), _relative_words(g.t_toks))
    findings: list[Finding] = []
    said: tuple[set[int], set[int]] = (set(), set())
    for side, lost_side in ((0, missing), (1, extra)):
        own, other = words[side], words[1 - side]
        for layout, what in (("W", "weekday"), ("M", "month")):
            dated = [d for d in lost_side if d.layout == layout]
            if not dated or not other[layout] or own[layout]:
                continue
            at = [(g.t_toks, g.o_toks)[side][k] for k in other[layout][:2 if layout == "M" else 1]]
            word = " ".join(t.text for t in at)
            there = token_span(g.docs.original_text, at) if side == 1 else g.repost_span(at)[0]
            said[1 - side].update(other[layout])
            for d in dated:
                lost_side.remove(d)
                findings.append(Finding(
                    "date", span(d) if side == 0 else there, there if side == 0 else span(d),
                    f"{what} {d.text!r} where the other side says {word!r}: the same or not, as the dateline says",
                    at_most="minor", before=d.text if side == 0 else word, after=word if side == 0 else d.text,
                    kind="value"))
    return findings, frozenset(said[0]), frozenset(said[1])


# A dateline: a place in capitals (a state or country after it), a date, a dash, at a sentence's start.
_DATELINE = re.compile(r"\s*[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?,\s+"
                       r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([A-Za-z ]{2,20}\)\s*)?[-\u2013\u2014]")


def _datelines(sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Document offsets of the datelines opening ``sentences``."""
    return [(s.start, s.start + m.end()) for s in sentences if (m := _DATELINE.match(s.text))]


def _inside(toks: Sequence[Token], spans: Sequence[DateMention | NumberMention]) -> frozenset[int]:
    return frozenset(i for i, t in enumerate(toks) if any(d.start < t.end and t.start < d.end for d in spans))
