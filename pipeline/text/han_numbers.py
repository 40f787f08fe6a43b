"""Numbers written in Chinese characters: "六公里" (6), "一百万倍" (1e6), "二〇一八年" (2018).

Chinese writes numbers with digit characters (一 ... 九, 〇/零, 两) and unit characters
(十, 百, 千, then 万 and 亿 that close a section): "三千五百" is 3,500, "一百万" is
1,000,000, "十四亿" is 1.4e9; a run of digit characters alone is read place by place
("二〇一八" is 2018). ``han_mentions`` gives each such run with the tuple
``pipeline.text.number_words.word_mentions`` gives for number words.

The same characters make words that are no count: 一 is "a" as often as "one" (一些
"some", 一起 "together", 一样 "the same"), 万一 is "in case", 千万 "by all means", 十分
"very", 万物 "all things". So these are ``ambiguous`` (never reported alone, as English
"one" is): a run of one character, a run of units alone (but 十万, 十亿), a lone digit
with no measure word or unit after it ("四面体", tetrahedron), a rough size (after 几/数/上:
"几百万", "数千亿", "上百万"; before 多/余: "十多年"), two digits side by side ("两三次":
two or three times, read each alone) and a fraction's parts ("五分之四"). 第 before
("第五") or 号/楼 after ("五号" the fifth, "四楼" the fourth floor) makes an ordinal: a
position. A run before 月 is a month ("二月"), after 星期/礼拜/周 a weekday: date parts
that English names, not counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "拾": 10, "廿": 20, "卅": 30, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_SECTIONS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_RUN = re.compile("[" + "".join([*_DIGITS, *_UNITS, *_SECTIONS]) + "]+")
_ROUGH_BEFORE = re.compile("[几幾数數上成]$")  # "几百", "数千", "上百万" (up to millions), "成千"
_ROUGH_AFTER = re.compile("[多余餘来來]")
_NOT_A_COUNT_AFTER = re.compile("月|分(?!钟|鐘)")  # "二月" February; "十分" very
_NOT_A_COUNT_BEFORE = re.compile("(?:星期|礼拜|禮拜|周|週)$")  # "星期一" Monday
_ORDINAL_BEFORE = re.compile("第$")
# A position: "五号" (the fifth, of a month), "四楼" (fourth floor), "三号线" (line 3).
_POSITION_AFTER = re.compile("[号號楼樓]")
# "五分之四" (four fifths): the parts of a fraction are no counts.
_FRACTION_BEFORE = re.compile("(?<!百)分之$")
# "两年半" (two and a half years), "三个半": a half after the number and its measure word.
_HALF_AFTER = re.compile("[年个個天倍]半")  # not "一半", which is "half"
# A count takes a measure word or a unit ("三个", "五年", "六公里", "10倍"); a digit glued to
# another noun makes a word of its own ("四面体" tetrahedron, "三角" triangle, "五星").
_MEASURE_AFTER = re.compile("[个個只位名次年岁歲天日倍种種类類条條件张張台辆輛家所座层層"
                            "公米里千克吨噸元块塊分秒小世代人口头頭颗顆粒片份批群对對双雙套首部篇页頁句步点點项項股"
                            r"，。、；：！？,.;:!?\s]|$")
# "百分之五十" is 50 percent: its 百 is part of the percent sign (see numbers.PERCENT_BEFORE).
_PERCENT_SIGN = re.compile("百分之")


def _value(run: str) -> float | None:
    """The value of a run of numeral characters, or None when no number is written so."""
    if all(ch in _DIGITS for ch in run):
        return float("".join(str(_DIGITS[ch]) for ch in run))  # "二〇一八" place by place
    total, section, digit = 0.0, 0.0, None
    for ch in run:
        if ch in _DIGITS:
            if digit and _DIGITS[ch]:
                return None  # two digits side by side inside a unit number ("三十五六"): rough
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]  # "十" alone is 10
            digit = None
        else:
            section += digit if digit is not None else (0 if section or total else 1)  # "万" alone is 1e4
            total = (total + section) * _SECTIONS[ch] if total < _SECTIONS[ch] else total + section * _SECTIONS[ch]
            section, digit = 0.0, None
    return total + section + (digit or 0)


def han_mentions(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, float, float, bool, bool]]:
    """(start, end, value, magnitude, ordinal, ambiguous) of every number written in Chinese
    characters in ``text``, outside the spans ``taken`` (digits already read: "140亿")."""
    found = []
    for match in _RUN.finditer(text):
        start, end, run = match.start(), match.end(), match.group()
        if any(s < end and start < e for s, e in taken):
            continue
        if _PERCENT_SIGN.match(text, start):
            start, run = start + 3, run[3:]  # "百分之五十": the number is 五十
            if not run:
                continue
        if _NOT_A_COUNT_AFTER.match(text, end) or _NOT_A_COUNT_BEFORE.search(text, 0, start):
            continue
        value = _value(run)
        if value is None:
            continue
        if len(run) == 2 and all(_DIGITS.get(ch, 0) for ch in run):
            # "两三次" (two or three times), "三四个": two rough numbers, read each alone.
            found += [(start + k, start + k + 1, float(_DIGITS[ch]), 1.0, False, True) for k, ch in enumerate(run)]
            continue
        half = _HALF_AFTER.match(text, end)
        value += 0.5 if half else 0.0
        last = run[-1]
        magnitude = _SECTIONS.get(last, _UNITS.get(last, 1.0))
        # "几百万", "十多年": a rough size; "五分之四": a fraction's part.
        rough = bool(_ROUGH_BEFORE.search(text, 0, start) or _ROUGH_AFTER.match(text, end)
                     or _FRACTION_BEFORE.search(text, 0, start))
        # "一" (a), "十分", "千万" (by all means), "万一" (in case), "万物" (all things).
        wordlike = (len(run) == 1 and (last not in "三四五六七八九" or not _MEASURE_AFTER.match(text, end))
                    or run[0] in _SECTIONS or not any(ch in _DIGITS for ch in run) and not run.startswith("十"))
        ambiguous = (wordlike and not half) or rough
        ordinal = bool(_ORDINAL_BEFORE.search(text, 0, start) or _POSITION_AFTER.match(text, end))
        found.append((start, end, value, magnitude, ordinal, ambiguous))
    return found
