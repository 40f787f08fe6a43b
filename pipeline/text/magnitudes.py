"""Magnitude, currency and percent words that may follow a number, per language:
"3.2 billion", "5 миллионов", "10 ล้าน", "2万", "$5k", "5 percent". ``pipeline.text.numbers``
reads them after the digits (``magnitudes_after``); ``pipeline.text.number_words`` reads
numbers written in words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

EN_MULTIPLIERS = {
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
    "mln": 1e6,  # the newswires' abbreviations ("45 mln dlrs")
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
# English multipliers stay valid in other languages' text (reposts leave English words
# in), except where the language gives the same word another value, as German does.
MULTIPLIERS: dict[str, dict[str, float]] = {
    "en": EN_MULTIPLIERS,
    # "100 ribuan", "5 jutaan": about that many thousands, millions.
    "id": {**EN_MULTIPLIERS, "ribu": 1e3, "ribuan": 1e3, "rb": 1e3, "juta": 1e6, "jutaan": 1e6, "jt": 1e6,
           "miliar": 1e9, "milyar": 1e9, "miliaran": 1e9, "triliun": 1e12},
    "ms": {**EN_MULTIPLIERS, "ribu": 1e3, "juta": 1e6, "bilion": 1e9, "trilion": 1e12},
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
}
# Magnitude words of each language, every inflected form a number takes ("2 миллиона",
# "5 миллионов"), and their abbreviations ("mln", "млрд"). Long-scale languages call
# 1e12 a billion ("billón", "Billion", "bilion"): their word for 1e9 is a milliard.
_LOCAL_MULTIPLIERS: dict[str, str] = {
    "fr": "mille 1e3 million millions 1e6 milliard milliards md 1e9 billion billions 1e12",
    "es": "mil 1e3 millón millon millones 1e6 millardo millardos 1e9 billón billon billones 1e12",
    "it": "mila mille migliaia 1e3 milione milioni mln 1e6 miliardo miliardi mld mrd 1e9 bilione bilioni 1e12",
    "pt": "mil 1e3 milhão milhao milhões milhoes 1e6 bilhão bilhao bilhões bilhoes 1e9 bilião biliões trilhão "
          "trilhões 1e12",
    "nl": "duizend 1e3 miljoen miljoenen mln 1e6 miljard miljarden mld 1e9 biljoen biljoenen 1e12",
    "pl": "tys tysiąc tysiące tysięcy 1e3 mln milion miliony milionów miliona 1e6 mld miliard miliardy miliardów "
          "miliarda 1e9 bilion biliony bilionów 1e12",
    "tr": "bin 1e3 milyon mn 1e6 milyar mlr 1e9 trilyon 1e12",
    "ru": "тыс тысяча тысячи тысяч 1e3 млн миллион миллиона миллионов миллионы 1e6 млрд миллиард миллиарда "
          "миллиардов миллиарды 1e9 трлн триллион триллиона триллионов 1e12",
    "uk": "тис тисяча тисячі тисяч 1e3 млн мільйон мільйона мільйонів мільйони 1e6 млрд мільярд мільярда "
          "мільярдів мільярди 1e9 трлн трильйон трильйона трильйонів 1e12",
    "vi": "nghìn ngàn 1e3 triệu 1e6 tỷ tỉ 1e9",
    "ar": "ألف آلاف الف 1e3 مليون ملايين 1e6 مليار مليارات 1e9",
    "fa": "هزار 1e3 میلیون 1e6 میلیارد 1e9",
    "hi": "हज़ार हजार 1e3 लाख 1e5 करोड़ करोड 1e7 अरब 1e9 खरब 1e11",
    "bg": "хиляди хиляда 1e3 млн милион милиона 1e6 млрд милиард милиарда 1e9",
    "cs": "tis tisíc tisíce 1e3 milion miliony milionů miliónů 1e6 mld miliarda miliardy miliard 1e9 bilion "
          "biliony bilionů 1e12",
    "sk": "tis tisíc 1e3 milión milióny miliónov 1e6 mld miliarda miliardy miliárd 1e9 bilión 1e12",
    "ro": "mii mie 1e3 milion milioane 1e6 mld miliard miliarde 1e9 bilion bilioane 1e12",
    "hr": "tisuća tisuće hiljada hiljade хиљада хиљаде 1e3 milijun milijuna milion miliona милион милиона 1e6 "
          "mlrd milijarda milijardi милијарда милијарди 1e9",
    "hu": "ezer 1e3 millió 1e6 milliárd 1e9 billió 1e12",
    "el": "χιλιάδες 1e3 εκατομμύριο εκατομμύρια εκατ 1e6 δισεκατομμύριο δισεκατομμύρια δισ 1e9",
    "sv": "tusen 1e3 miljon miljoner mn 1e6 miljard miljarder md 1e9 biljon biljoner 1e12",
    "da": "tusind 1e3 million millioner mio 1e6 milliard milliarder mia 1e9 billion billioner 1e12",
    "fi": "tuhat tuhatta 1e3 miljoona miljoonaa milj 1e6 miljardi miljardia mrd 1e9 biljoona biljoonaa 1e12",
    "et": "tuhat 1e3 miljon miljonit mln 1e6 miljard miljardit mld 1e9",
    "he": "אלף אלפי 1e3 מיליון מיליוני 1e6 מיליארד מיליארדי 1e9",
    "ka": "ათასი 1e3 მილიონი მილიონია მლნ 1e6 მილიარდი მილიარდია მლრდ 1e9",
    "hy": "հազար 1e3 միլիոն մլն 1e6 միլիարդ մլրդ 1e9",
    "am": "ሺህ ሺ 1e3 ሚሊዮን 1e6 ቢሊዮን 1e9",
    "ur": "ہزار 1e3 لاکھ 1e5 ملین 1e6 کروڑ 1e7 ارب 1e9 کھرب 1e11",
    "bn": "হাজার 1e3 লাখ লক্ষ 1e5 কোটি 1e7",
    "mr": "हजार 1e3 लाख 1e5 कोटी 1e7 अब्ज 1e9",
    "ne": "हजार 1e3 लाख 1e5 करोड 1e7 अर्ब 1e9",
    "ta": "ஆயிரம் 1e3 லட்சம் 1e5 கோடி 1e7",
    # Written without spaces between words: read as the longest one a word starts with ("ล้านคน").
    "th": "พัน 1e3 หมื่น 1e4 แสน 1e5 ล้าน 1e6 พันล้าน 1e9 หมื่นล้าน 1e10 แสนล้าน 1e11 ล้านล้าน 1e12",
    "lo": "ພັນ 1e3 ໝື່ນ 1e4 ແສນ 1e5 ລ້ານ 1e6 ຕື້ 1e9",
    "km": "ពាន់ 1e3 ម៉ឺន 1e4 សែន 1e5 លាន 1e6 ពាន់លាន 1e9",
    "my": "ထောင် 1e3 သောင်း 1e4 သိန်း 1e5 သန်း 1e6",
}
for _lang, _same in (("nb", "da"), ("no", "da"), ("sr", "hr"), ("bs", "hr")):
    _LOCAL_MULTIPLIERS[_lang] = _LOCAL_MULTIPLIERS[_same]


def _local(spec: str) -> dict[str, float]:
    table: dict[str, float] = {}
    pending: list[str] = []
    for item in spec.split():
        if item[0].isdigit():
            table.update(dict.fromkeys(pending, float(item)))
            pending = []
        else:
            pending.append(item)
    return table


for _lang, _spec in _LOCAL_MULTIPLIERS.items():
    _words = _local(_spec)
    # English magnitude words stay valid where the language gives them no other value.
    MULTIPLIERS[_lang] = {**{w: v for w, v in EN_MULTIPLIERS.items() if w not in _words}, **_words} \
        if "billion" not in _words else _words
# A word after a number: "3.2 billion", "35-thousand", "५० लाख", "9.8 מיליון", "10 ล้าน" (the
# marks of Indic, Hebrew, Arabic, Thai, Lao, Burmese and Khmer words with their letters).
_WORD_AFTER = re.compile(r"(?:\s+|-)([\w\u0590-\u05ff\u0610-\u061a\u064b-\u065f\u0900-\u0dff\u0e00-\u0eff"
                         r"\u1000-\u109f\u1780-\u17ff]+)")
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# What follows a magnitude in Thai, Lao and Khmer news: people, households, baht, dollars,
# euros, yen, yuan, kip, riel, tonnes, rai, units, shares, copies, times, years.
_UNSPACED_AFTER = tuple("คน ครัวเรือน บาท ดอลลาร์ ยูโร เยน หยวน ตัน ไร่ หน่วย หุ้น ชุด ครั้ง ปี ราย ลิตร "
                        "ຄົນ ກີບ ບາດ ໂດລາ ໂຕນ ກ້ອນ នាក់ រៀល ដុល្លារ តោន គ្រួសារ".split())


def magnitudes_after(text: str, end: int, table: Mapping[str, float], digits: bool,
                     multiplier: float) -> tuple[float, int]:
    """``multiplier`` times the magnitude words after a number ending at ``end`` ("3.2
    billion", "1.2 lakh crore"), and where they end. A number in words has read its own
    scales, so after it only one more ("ten bn") is taken. In a script written without
    spaces, a word is the longest magnitude it starts with ("10 ล้านคน": ten million people)."""
    while True:
        word = _WORD_AFTER.match(text, end)
        if word is None or not (digits or multiplier == 1.0):
            return multiplier, end
        key = word.group(1).lower()
        if key not in table and _UNSPACED.match(key):
            # Only before what follows a magnitude: a unit, a currency or "people" ("10 ล้านคน");
            # "พันธมิตร" (allies) and "แสนดี" (very good) only begin like one.
            key = max((w for w in table if key.startswith(w) and key[len(w):].startswith(_UNSPACED_AFTER)),
                      key=len, default=key)
        if key not in table:
            return multiplier, end
        multiplier *= table[key]
        end = word.start(1) + len(key)
        if end < word.end():
            return multiplier, end


# Magnitudes written right after the digits in Chinese, Japanese and Korean ("2万" =
# 20,000, "140亿" = 14 billion, "60억"); several multiply ("3千万" = 30 million).
CJK_MAGNITUDES: dict[str, float] = {
    "百": 1e2, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12,
    "백": 1e2, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12,
}
# Abbreviations that are magnitudes only right after a currency ("$5k", "£7m", "Rp 5 M"):
# elsewhere "7m" is seven metres and "5T" may be a product name. Matched case-sensitively.
CURRENCY_MAGNITUDES: dict[str, float] = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "T": 1e12}
ID_CURRENCY_MAGNITUDES: dict[str, float] = {"k": 1e3, "K": 1e3, "rb": 1e3, "jt": 1e6, "M": 1e9, "T": 1e12}
# Glued to the digits without a currency, a lower-case "k" is thousands in informal writing
# of every language ("6k", "500k"); a capital K is not ("4K" video, "300K" kelvin).
ATTACHED_MAGNITUDES: dict[str, float] = {"k": 1e3}
# Words before a time of day ("jam 17.48", "pukul 9.30"): its hours and minutes are two
# numbers, as "17:48" reads, not a decimal. And words before the number of a month
# ("bulan 11" = November): a date part that English names, as "2月" is.
TIME_BEFORE: dict[str, tuple[str, ...]] = {"id": ("jam", "pukul"), "ms": ("jam", "pukul")}
MONTH_BEFORE: dict[str, tuple[str, ...]] = {"id": ("bulan",), "ms": ("bulan",)}

PERCENT_WORDS = ("percent", "per cent", "persen", "prozent", "por ciento", "pour cent", "per cento", "pct",
                 "por cento", "procent", "procentów", "процента", "процентов", "процент",
                 "відсотка", "відсотків", "відсоток", "la sută", "peratus", "odsto", "одсто", "posto",
                 "prosent", "prosenttia", "procento", "procenta", "százalék", "phần trăm", "درصد", "فیصد",
                 "بالمئة", "प्रतिशत", "τοις εκατό")
# A percent written before the number: Turkish "%5", "yüzde 5", Chinese "百分之五".
PERCENT_BEFORE = ("%", "yüzde ", "百分之")


M = TypeVar("M", bound=Any)


def join_cjk_amounts(found: Sequence[tuple[M, float]], text: str) -> list[tuple[M, float]]:
    """``found`` (number mentions, each with the magnitude its text wrote, in text order) with an
    amount written in two parts, the larger magnitude first, made one: "1兆1000億円" is
    1.1e12 yen, "2万8000円" 28,000 yen, "3억 5천만 원" 350 million won."""
    out: list[tuple[M, float]] = []
    for mention, scale in found:
        if out:
            head, head_scale = out[-1]
            gap = text[head.end:mention.start]
            # The rest of the amount: a smaller magnitude of its own, or digits of the next one
            # down at least ("2万8000"), not a count beside it ("1만 2명": 10,000 and two people).
            rest = scale > 1.0 or mention.value >= head_scale / 10
            if (text[head.end - 1:head.end] in CJK_MAGNITUDES and gap in ("", " ") and not head.percent
                    and not head.currency and scale < head_scale and 0 < mention.value < head_scale and rest):
                joined = dataclasses.replace(head, end=mention.end, text=text[head.start:mention.end],
                                             value=head.value + mention.value, percent=mention.percent,
                                             currency=mention.currency)
                out[-1] = (joined, head_scale)
                continue
        out.append((mention, scale))
    return out
