"""Writing systems: which script a sentence is written in, and which languages write it.

Script is evidence no context can override: a sentence written in Cyrillic is Russian,
Ukrainian, Bulgarian... but never English and never Polish, whatever its neighbours
are. ``sentence_script`` names the script most of a sentence's letters are written in,
and ``SCRIPT_LANGUAGES`` the languages (ISO 639-1, those lingua knows) written in it.
Latin is the default script: the languages not listed under another script write it.
Scripts of languages lingua does not know (Ethiopic, Khmer, Malayalam...) are listed
with no lingua language, so that their sentences are never taken for another language;
``SCRIPT_ONLY`` names the languages such a script is written for (Kannada: Kannada;
Ethiopic: Amharic or Tigrinya), which the script alone identifies: the first, with the
others left open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LATIN = "Latin"

# Script -> the Unicode blocks it is written with (combining marks included: Indic and
# Thai vowel signs are no letters to ``str.isalpha`` but belong to the word).
_BLOCKS: Mapping[str, str] = {
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Armenian": "\u0530-\u058f",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",  # U+FEFF: a BOM, no letter
    "Devanagari": "\u0900-\u097f",
    "Bengali": "\u0980-\u09ff",
    "Gurmukhi": "\u0a00-\u0a7f",
    "Gujarati": "\u0a80-\u0aff",
    "Oriya": "\u0b00-\u0b7f",
    "Tamil": "\u0b80-\u0bff",
    "Telugu": "\u0c00-\u0c7f",
    "Kannada": "\u0c80-\u0cff",
    "Malayalam": "\u0d00-\u0d7f",
    "Sinhala": "\u0d80-\u0dff",
    "Thai": "\u0e00-\u0e7f",
    "Lao": "\u0e80-\u0eff",
    "Tibetan": "\u0f00-\u0fff",
    "Myanmar": "\u1000-\u109f",
    "Georgian": "\u10a0-\u10ff\u1c90-\u1cbf",
    "Ethiopic": "\u1200-\u139f",
    "Khmer": "\u1780-\u17ff",
    "Hangul": "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af",
    "Kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "Han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
}

# Script -> the languages lingua knows that are written in it. Han is Chinese or
# Japanese (kana in a sentence leaves Japanese alone: lingua sees to that).
SCRIPT_LANGUAGES: Mapping[str, frozenset[str]] = {
    "Greek": frozenset({"el"}),
    "Cyrillic": frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "mn"}),
    "Armenian": frozenset({"hy"}),
    "Hebrew": frozenset({"he"}),
    "Arabic": frozenset({"ar", "fa", "ur"}),
    "Devanagari": frozenset({"hi", "mr"}),
    "Bengali": frozenset({"bn"}),
    "Gurmukhi": frozenset({"pa"}),
    "Gujarati": frozenset({"gu"}),
    "Tamil": frozenset({"ta"}),
    "Telugu": frozenset({"te"}),
    "Thai": frozenset({"th"}),
    "Georgian": frozenset({"ka"}),
    "Hangul": frozenset({"ko"}),
    "Kana": frozenset({"ja"}),
    "Han": frozenset({"zh", "ja"}),
    **{script: frozenset() for script in ("Oriya", "Kannada", "Malayalam", "Sinhala", "Lao", "Tibetan",
                                          "Myanmar", "Ethiopic", "Khmer")},
}

# Scripts lingua knows no language of -> the languages they are written for (ISO 639-1),
# the most widely written first: the script identifies a sentence as the first, the
# others left open (``Identified.alternatives``). Each is written for other languages
# too (Myanmar for Shan and Mon, Ethiopic for Tigre...): those without an ISO 639-1 code
# and a translation model to go to are left out. Always identified, whatever
# ``[identify] languages`` narrows (they are no lingua languages to configure).
SCRIPT_ONLY: Mapping[str, tuple[str, ...]] = {
    "Oriya": ("or",), "Kannada": ("kn",), "Malayalam": ("ml",), "Sinhala": ("si",), "Lao": ("lo",),
    "Tibetan": ("bo", "dz"), "Myanmar": ("my",), "Ethiopic": ("am", "ti"), "Khmer": ("km",),
}

# The languages above and below lingua does not know: their ISO 639-3 codes (model cards
# list source languages so) and English names, which lingua cannot give.
NOT_IN_LINGUA: Mapping[str, tuple[str, str]] = {
    "or": ("ori", "Odia"), "kn": ("kan", "Kannada"), "ml": ("mal", "Malayalam"), "si": ("sin", "Sinhala"),
    "lo": ("lao", "Lao"), "bo": ("bod", "Tibetan"), "dz": ("dzo", "Dzongkha"), "my": ("mya", "Burmese"),
    "am": ("amh", "Amharic"), "ti": ("tir", "Tigrinya"), "km": ("khm", "Khmer"), "yi": ("yid", "Yiddish"),
    "ug": ("uig", "Uyghur"), "fo": ("fao", "Faroese"), "tk": ("tuk", "Turkmen"), "gd": ("gla", "Scottish Gaelic"),
}

# Languages lingua does not know that share a script with one it does, told apart by
# letters only they write: Yiddish by the Hebrew script's Yiddish ligatures (װ ױ ײ), its
# rafe (פֿ) and its pointed alef (אַ אָ), which Hebrew prose does not write; Uyghur by the
# Arabic script's ۇ ۈ ې, which Arabic, Persian and Urdu do not write. A sentence without
# them still reads as Hebrew (Arabic, Persian).
SCRIPT_MARKS: Mapping[str, tuple[re.Pattern[str], str]] = {
    "Hebrew": (re.compile("[\u05f0\u05f1\u05f2\u05bf]|\u05d0[\u05b7\u05b8]"), "yi"),
    "Arabic": (re.compile("[\u06c7\u06c8\u06d0]"), "ug"),
}

# Latin-script languages lingua does not know, told apart by a pair of letters no language
# it knows writes together (read in lower case, names blanked): Faroese writes ø beside
# the ð and accented vowels of Icelandic (which never writes ø; Danish and Norwegian
# never ð or á; Faroese never þ, ö or å); Turkmen writes ş or ç beside ä, ň, ý or ž
# (Turkish and Azerbaijani never write the second, Czech and Slovak never the first;
# Tatar's Latin letters ğ ı ñ rule it out). A line without such a pair still reads as
# the relative lingua knows.
LATIN_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("(?=.*ø)(?=.*[ðáíóúý])(?!.*[þöå])", re.S), "fo"),
    (re.compile("(?=.*[şç])(?=.*[äňýž])(?!.*[ğıñ])", re.S), "tk"),
)
# Scottish Gaelic marks its long vowels with a grave accent, Irish with an acute and never
# with a grave: a line lingua takes for Irish that writes a grave and no acute is Gaelic.
IRISH_NOT = (re.compile("(?=.*[àèìòù])(?!.*[áéíóú])", re.S), "ga", "gd")


# Afrikaans closes a negated clause with "nie" ("Tom kan nie swem nie.", "My pa drink nie."):
# a line that ends in "nie", writes no letter of Polish, Czech, Slovak or German (whose "nie"
# opens a negation or means "never"), holds none of their common words, and has a second
# "nie", or three words or more with an Afrikaans pronoun or word of its own, is Afrikaans,
# whatever lingua's n-grams say ("Ek is nie dronk nie." was Polish; Polish "My tego nie." and
# "..., czy nie." stay Polish).
# On every Tatoeba line (112 languages): 154 lines so, all Afrikaans.
_CLOSING_NIE = re.compile(r"(?!.*[ąćęłńóśźżáäčďéíľĺňôŕšťúýžöüß]).*\bnie\W*$", re.S)
_AFRIKAANS_WORDS = frozenset("ek jy hy hom niks hulle julle baie vir hierdie sal n se sy nou gister asseblief".split())
# Words of Polish and German that a line ending in "nie" may hold: theirs, never Afrikaans
# ("Nie wiem, czy on przyjdzie, czy nie.", "Ich vergesse dich nie, nie.").
_NOT_AFRIKAANS = frozenset("czy wiem jest się że tak to ja ty on ona my wy oni tego ich du er sie es wir dich mich das "
                           "ist und nicht".split())


def latin_mark(text: str) -> str | None:
    """The language ``text``'s marks name beyond lingua's n-grams: letters of one it does not
    know (``LATIN_MARKS``), or Afrikaans's closing "nie" (``_CLOSING_NIE``)."""
    if ("nie" in text or "Nie" in text or "NIE" in text) and _CLOSING_NIE.match(lowered := text.lower()):
        words = re.findall(r"[^\W\d_]+", lowered)
        if _NOT_AFRIKAANS.isdisjoint(words) and (words.count("nie") >= 2 or len(words) >= 3
                                                  and _AFRIKAANS_WORDS.intersection(words)):
            return "af"
    if text.isascii():
        return None
    lowered = text.lower()
    # Matched at the start only: the lookaheads read the whole line (a search tried them from
    # every position: 27 s on a 40 KB line).
    return next((lang for pattern, lang in LATIN_MARKS if pattern.match(lowered)), None)

# Scripts written without spaces between words: a character carries about a short word
# (Han, kana), or words run together and need a dictionary to cut (Thai, Lao, Khmer,
# Myanmar). Their runs are words of their own, never part of a Latin word.
UNSPACED_SCRIPTS = ("Thai", "Lao", "Myanmar", "Khmer", "Kana", "Han")
# Han and kana characters weigh as about three Latin letters, Hangul syllables two: so
# "RHS收集了数据" is a Chinese sentence with an acronym, not an English one.
_WEIGHT = {"Han": 3, "Kana": 3, "Hangul": 2}

_SCRIPT_CHAR = re.compile("|".join(f"(?P<{name}>[{block}]+)" for name, block in _BLOCKS.items()))
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


# A run of letters of one script: a listed script's, or Latin (any other letter).
_RUN = re.compile("|".join(f"(?P<{name}>[{chars}]+)" for name, chars in _BLOCKS.items())
                  + "|(?P<Latin>[^\\W\\d_" + "".join(_BLOCKS.values()) + "]+)")
# Japanese writes Han and kana in one sentence: for runs, one script.
_RUN_SCRIPT = {"Han": "Kana"}
# Runs this long are sentence-sized: two words of a spaced script, four letters of an unspaced one.
_SIZEABLE_WORDS, _SIZEABLE_LETTERS = 2, 4
# A run of this many words (letters, unspaced) is a clause, longer than names and titles
# written in their own script inside a sentence ("Российская газета", "《人民日报》").
_CLAUSE_WORDS, _CLAUSE_LETTERS = 4, 7


@dataclass(frozen=True)
class ScriptRun:
    """Consecutive letters of one script in a text, and what lies between them (spaces,
    digits, punctuation): ``text[start:end]`` starts and ends with a letter."""

    script: str  # Han and kana are both "Kana"
    start: int
    end: int
    words: int  # words in a spaced script: letters between white space
    letters: int

    @property
    def sizeable(self) -> bool:
        """Whether the run is long enough to be a sentence of its own."""
        if self.script in UNSPACED_SCRIPTS:
            return self.letters >= _SIZEABLE_LETTERS
        return self.words >= _SIZEABLE_WORDS

    @property
    def clause(self) -> bool:
        """Whether the run is too long for a name or a title: a clause of its own."""
        if self.script in UNSPACED_SCRIPTS:
            return self.letters >= _CLAUSE_LETTERS
        return self.words >= _CLAUSE_WORDS


def script_runs(text: str) -> list[ScriptRun]:
    """The runs of ``text``'s letters by script, in order (see ``ScriptRun``)."""
    runs: list[ScriptRun] = []
    for match in _RUN.finditer(text):
        name = match.lastgroup or LATIN
        script = _RUN_SCRIPT.get(name, name)
        size = match.end() - match.start()
        if runs and runs[-1].script == script:
            last = runs[-1]
            spaced = not text[last.end:match.start()].isalpha() and any(
                ch.isspace() for ch in text[last.end:match.start()])
            runs[-1] = ScriptRun(script, last.start, match.end(), last.words + spaced, last.letters + size)
        else:
            runs.append(ScriptRun(script, match.start(), match.end(), 1, size))
    return runs


def block(script: str) -> str:
    """The character ranges (for a regex class) of ``script``."""
    return _BLOCKS[script]


def sentence_script(text: str) -> str:
    """The script most of ``text``'s letters are written in (weighted), ``LATIN`` when none.

    Letters of no listed script (Latin, and the rare others) count as Latin; a text with
    no letters at all is Latin too (it says nothing, and the Latin rules leave it alone).
    """
    if text.isascii():
        return LATIN  # most sentences of most documents: no need to look further
    counts: dict[str, int] = {}
    for match in _SCRIPT_CHAR.finditer(text):
        script = match.lastgroup or LATIN
        counts[script] = counts.get(script, 0) + _WEIGHT.get(script, 1) * (match.end() - match.start())
    if not counts:
        return LATIN
    # Kana and Han together are Japanese writing: one script for the vote.
    if "Kana" in counts and "Han" in counts:
        counts["Kana"] += counts.pop("Han")
    latin = len(_LATIN_LETTER.findall(text))
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > latin else LATIN


# A Latin-script word that names something: capitalised, with a capital inside, or with
# digits ("Apple", "iPhone", "S24", "NATO").
_LATIN_NAME = re.compile(r"\b(?=[A-Za-z\d]*[A-Z\d])[A-Za-z\d\u00c0-\u024f]+\b")


def without_latin_names(text: str) -> str:
    """``text`` with its Latin-script names blanked (``written_script``'s words)."""
    return _LATIN_NAME.sub(lambda m: " " * len(m.group()), text)


def written_script(text: str) -> str:
    """``sentence_script`` of ``text``'s words other than Latin-script names: a headline of
    product names and one word of another script ("Apple Vision Pro 출시", "Apple iPhone 15
    Pro Max выходит") is written in that script; an English sentence quoting a word of
    another one ("The Russian word for peace, мир, ...") is Latin still."""
    if text.isascii():
        return LATIN
    rest = without_latin_names(text)
    return sentence_script(rest) if any(ch.isalpha() for ch in rest) else sentence_script(text)


def languages_of(script: str, configured: frozenset[str]) -> frozenset[str] | None:
    """The configured languages written in ``script``; None for Latin (any Latin-script language)."""
    if script == LATIN:
        return None
    return SCRIPT_LANGUAGES.get(script, frozenset()) & configured


def writes(lang: str, script: str) -> bool:
    """Whether ``lang`` is written in ``script`` (Latin: any language no other script claims)."""
    if script == LATIN:
        return lang not in NON_LATIN
    return (lang in SCRIPT_LANGUAGES.get(script, frozenset()) or lang in SCRIPT_ONLY.get(script, ())
            or script in SCRIPT_MARKS and SCRIPT_MARKS[script][1] == lang)


# Languages written only in a script other than Latin (sr is written in both: Cyrillic
# here, and its Latin text is no different from Croatian or Bosnian to lingua).
NON_LATIN = frozenset().union(*SCRIPT_LANGUAGES.values(), *SCRIPT_ONLY.values(),
                              (lang for _, lang in SCRIPT_MARKS.values())) - {"sr"}


def han_form_language(text: str) -> str | None:
    """"zh" or "ja" when a sentence written in Han alone uses a character form only that
    language writes (``han_forms``: "经" simplified Chinese, "経" Japanese), and not the
    other's; None when its characters are shared (or it uses both)."""
    from pipeline.text.han_forms import CHINESE_ONLY, JAPANESE_ONLY

    chars = set(text)
    chinese, japanese = not CHINESE_ONLY.isdisjoint(chars), not JAPANESE_ONLY.isdisjoint(chars)
    return None if chinese == japanese else "zh" if chinese else "ja"
