"""Checks of each machine translation against its own source: no English original needed.

A translation nobody compares with anything is where a decoder's failures go unseen: a
repetition loop, output cut at the length limit, the source copied through, a number
or a name lost. The contract is the comparison checks' (``pipeline.fidelity.checks``):
each check here is one small function over one unit, a ``Candidate`` (source,
translation, the source's language, whether the decoder hit its length cap), returning
what it found: a ``Problem`` (a short message and the values it found, as data) when
the translation fails it, None when it passes. ``CHECKS`` registers them by name;
thresholds come from ``[checks]`` (``pipeline.settings.CheckConfig``).

The checks run once per translated sentence: ``failures`` gives the named results
(``CheckFailure``), which the engine keeps with the candidate, uses to decode once more
the sentences failing a check of ``retry_on`` (``RetryDecoding``) and to keep the
candidate that fails less (``cost``), and stores on the segment (``Segment.failed``).
The audit's ``mt-error`` divergences are made from those, without running a check again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from anyascii import anyascii

from pipeline.errors import ConfigError
from pipeline.settings import MT_ERROR_PREFIX, CheckConfig
from pipeline.text.aliases import fold_sounds
from pipeline.text.evidence import mask_markup
from pipeline.text.lexicon import ENGLISH_HEAD, is_english, listed_languages, zipf
from pipeline.text.scripts import LATIN, written_script
from pipeline.text.dates import diff_dates, extract_dates
from pipeline.text.numbers import NumberMention, clock_parts, diff_numbers, extract_numbers, same_value
from pipeline.types import CheckFailure

# Scripts written without spaces between words (Han, Kana, Thai, Lao, Myanmar, Khmer):
# each of their characters is a token of its own, as a word is elsewhere.
_UNSPACED = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
             "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff")
# Latin letters (with their combining marks: Turkish "i̇", Vietnamese tones) and digits:
# a Latin run glued to another script ("RHS收集了", "NATO는") is a token of its own.
_LATIN = "0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff"
_OTHER = rf"(?:(?![{_LATIN}{_UNSPACED}])[^\W_])"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[{_LATIN}]+(?:['’][{_LATIN}]+)*|{_OTHER}+(?:['’]{_OTHER}+)*|\S")
_LETTER = rf"(?:(?![{_UNSPACED}])[^\W\d_])"
_WORD = re.compile(rf"[{_UNSPACED}]|{_LETTER}+(?:['’]{_LETTER}+)*")
# The script of a source, for its length band (ISO 15924): Japanese is any text with kana.
_SCRIPTS = {"Jpan": re.compile("[\u3040-\u30ff\u31f0-\u31ff]"),
            "Hani": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
            "Hang": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")}
# Languages that capitalise every noun: a capital there marks a noun, not a name.
_NOUN_CAPITALS = frozenset({"de", "lb"})
# Languages whose words wordfreq lists under another code (Serbo-Croatian, Filipino).
_LIST_CODE = {"hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}
# Serbian Cyrillic to its Latin alphabet, letter for letter: wordfreq lists Serbo-Croatian
# ("sh") in Latin only, so "Земљу" is looked up as "zemlju".
_SERBIAN_LATIN = str.maketrans({**dict(zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš")),
                                "љ": "lj", "њ": "nj", "џ": "dž"})
# Tokens after which a capital only marks the start of a sentence or quote.
_OPENERS = frozenset(".!?:;“\"‘'(«—–")


@dataclass(frozen=True)
class Candidate:
    """One translation to check, with what the checks need to know of its making."""

    source: str
    translation: str
    lang: str = "und"  # the source's language: numbers are read in its locale
    capped: bool = False  # the decoder stopped at its length limit, not at </s>


@dataclass(frozen=True)
class Problem:
    """What a check found wrong with a translation: a short message, and the values it
    found (the numbers or names lost) as data for reports."""

    message: str
    values: tuple[str, ...] = ()


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter outside markup: a sentence without one (numbers,
    punctuation, emoji, a stray "</p>") is never sent to a model, which answers such input
    with an invented sentence."""
    return any(ch.isalpha() for ch in mask_markup(text))


# --------------------------------------------------------------------------- the checks


def _longest_run(tokens: Sequence[str], max_n: int) -> int:
    """The most times any n-gram (n <= ``max_n``) occurs back to back in ``tokens``.

    For each n, a stretch where ``tokens[k] == tokens[k + n]`` holds for ``r`` positions
    in a row is an n-gram repeated ``r // n + 1`` times: linear per n.
    """
    best = 1 if tokens else 0
    for n in range(1, max_n + 1):
        run = 0
        for k in range(len(tokens) - n):
            run = run + 1 if tokens[k] == tokens[k + n] else 0
            if run >= n:
                best = max(best, run // n + 1)
    return best


# A unit of letters repeated back to back inside a word: subword loops ("wawawawa").
_LETTER_LOOP = re.compile(r"([^\W\d_]{1,8}?)\1+")


def _longest_letter_loop(text: str, unit: int = 2) -> int:
    """The most times a run of ``unit`` to 8 letters repeats back to back ("sisuntsisuntsisunt":
    3); with ``unit`` 1, a letter stretched too ("pleeease": 4)."""
    return max((len(m.group()) // len(m.group(1)) for m in _LETTER_LOOP.finditer(text.lower())
                if len(m.group(1)) >= unit), default=0)


# A letter written three times in a row stretches a word for emphasis ("doooonk").
_STRETCH = re.compile(r"([^\W\d_])\1\1")


def _tokens(text: str) -> list[str]:
    """Lower-cased tokens with a letter or digit: punctuation repeated ("-- --", "……") is no loop."""
    return [t.lower() for t in _TOKEN.findall(text) if any(ch.isalnum() for ch in t)]


def check_repetition(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """A repeated n-gram run, or a long output of few distinct tokens, far beyond the source's."""
    t, s = _tokens(c.translation), _tokens(c.source)
    run_t = _longest_run(t, cfg.repetition_ngram)
    if run_t >= cfg.repetition_runs and run_t > _longest_run(s, cfg.repetition_ngram) + 1:
        return Problem(f"a phrase repeated {run_t} times in a row")
    # A stretched letter renders a stretched letter of the source ("doooonk" -> "pleeeease"),
    # however long the translator made it; a loop of longer units is the decoder's.
    unit = 2 if _STRETCH.search(c.source) else 1
    loop = _longest_letter_loop(c.translation, unit)
    if loop >= cfg.repetition_letter_runs and loop > _longest_letter_loop(c.source, unit) + 1:
        return Problem(f"letters repeated {loop} times in a row")
    if len(t) >= cfg.repetition_min_tokens:
        distinct_t = len(set(t)) / len(t)
        distinct_s = len(set(s)) / len(s) if s else 1.0
        if distinct_t < cfg.repetition_distinct and distinct_t < distinct_s / 2:
            return Problem(f"only {len(set(t))} distinct tokens in {len(t)}")
    return None


def script(text: str) -> str:
    """The script of ``text`` that sets its length band: "Jpan" (any kana), "Hani" or "Hang"
    when most of its letters are Chinese characters or Hangul, else "" (alphabets)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters or not any(ch > "\u2e7f" for ch in text):
        return ""
    if _SCRIPTS["Jpan"].search(text):
        return "Jpan"
    return next((name for name in ("Hani", "Hang") if 2 * len(_SCRIPTS[name].findall(text)) > letters), "")


def check_length(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """Translation/source length ratio (characters) outside the band for the source language."""
    source = len(c.source.strip())
    if source < cfg.length_min_chars:
        return None  # short bits (names, headlines) vary too much to judge
    low, high = cfg.band(c.lang, script(c.source))
    ratio = len(c.translation.strip()) / source
    if ratio < low:
        return Problem(f"translation {ratio:.0%} of the source's length (at least {low:.0%} expected)")
    if ratio > high:
        return Problem(f"translation {ratio:.0%} of the source's length (at most {high:.0%} expected)")
    return None


def check_length_cap(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """The decoder stopped at its output length limit: the translation is probably cut."""
    return Problem("the decoder stopped at its length limit") if c.capped else None


def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def check_copy(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """The translation is (nearly) the source: most words of each side are in the other."""
    src, tgt = _lower_words(c.source), _lower_words(c.translation)
    # Names alone ("Volodymyr Zelenskiy") are rightly copied: count words without a
    # capital only (a script without case has none: each of its words counts).
    if sum(1 for w in _WORD.findall(c.source) if not w[0].isupper()) < cfg.copy_min_words or not tgt:
        return None
    src_set, tgt_set = set(src), set(tgt)
    into = sum(1 for w in tgt if w in src_set) / len(tgt)
    back = sum(1 for w in src if w in tgt_set) / len(src)
    if into >= cfg.copy_share and back >= cfg.copy_share:
        return Problem(f"the translation repeats the source ({into:.0%} of its words)")
    return None


@lru_cache(maxsize=1 << 16)
def _is_english(word: str, lang: str) -> bool:
    # Known in English and at least as frequent there as in the source's language
    # (Zipf values come in hundredths, so 0.01 is "listed at all").
    return is_english(word, lang, min_zipf=0.01, margin=0.0)


@lru_cache(maxsize=1 << 16)
def _common_english(word: str, lang: str) -> bool:
    """``_is_english`` for a word in the head of English's list (``lexicon.ENGLISH_HEAD``); False
    for any other, which ``_is_english`` may still find English."""
    return is_english(word, lang, min_zipf=ENGLISH_HEAD, margin=0.0)


_BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）|\[[^\[\]]*\]")


def check_not_english(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """Most words of the translation are not English (more frequent in the source's language),
    or its words are written in a script English does not use, however few ("Зеленський
    подякував союзникам.", "In 2023 Gazprom сократил экспорт на 25%."; Latin names left out)."""
    # A name quoted in its own script in brackets is the translation's courtesy ("the Nikkei (日本経済新聞)").
    script = written_script(_BRACKETED.sub(" ", c.translation))
    if script != LATIN:
        return Problem(f"the translation is written in {script} script, not English")
    # Capitalised words are mostly names, in no language's word list: leave them out.
    words = [w.lower() for w in _WORD.findall(c.translation) if not w[0].isupper()]
    if len(words) < cfg.english_min_words:
        return None
    lang = c.lang.split("-")[0].lower()
    # Each character of Chinese or Thai is a word here: a source passed through counts.
    if sum(map(_common_english, words, [lang] * len(words))) >= cfg.english_share * len(words):
        return None  # English enough from its common words alone: the rare ones need not be read
    share = sum(1 for w in words if _is_english(w, lang)) / len(words)
    if share < cfg.english_share:
        return Problem(f"only {share:.0%} of the translation's words are English")
    return None


_SMALL_WORDS = {1.0: frozenset("a an one once first single alone".split()),
                2.0: frozenset("two twice second double both pair couple twofold".split())}


# After an hour, what marks the twelve-hour clock: "2:30", "6 p.m.", "3pm", "one o'clock".
_TWELVE_HOUR = re.compile(r":\d\d|(?::\d\d)?\s?(?:[ap]\.?m\b\.?|o['’]clock)", re.IGNORECASE)


def _stands_for(said: NumberMention, lost: NumberMention, translation: str) -> bool:
    """Whether a number of the translation states a source number in another form: a
    position as ordinal or cardinal ("第十台" -> "Channel 10", "thứ 9" -> "the ninth",
    "10 Jun" -> "the tenth of June"), an hour of the afternoon on the twelve-hour clock
    ("14:30" -> "2:30", "18 uur" -> "6 p.m.")."""
    if said.percent or said.currency or lost.percent or lost.currency:
        return False
    if said.value == lost.value:
        return said.ordinal or lost.ordinal
    return (13 <= lost.value <= 24 and said.value == lost.value - 12
            and _TWELVE_HOUR.match(translation, said.end) is not None)


def check_numbers(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """A number of the source (by value, read in the source's locale) is missing or changed."""
    lang = c.lang.split("-")[0].lower()
    text = _SEPARATORS.sub(lambda m: _SEPARATOR_AS[m.group()], c.source)
    source = extract_numbers(text, lang)
    if not source:
        return None
    # A number the source states again ("redmi 5a ... redmi 5a", "三十九(+39)") is one
    # number: a translation may say it once and refer back to it.
    source = list({(m.value, m.percent, m.currency, m.ordinal): m for m in reversed(source)}.values())[::-1]
    said_numbers = extract_numbers(c.translation, "en")
    said_numbers += [part for m in said_numbers for part in clock_parts(m)]
    missing = diff_numbers(source, said_numbers).missing
    # A 1 or a 2 the translation does not state is as often rendered by a word that is no
    # number ("1 hari" -> "a day", "2 kali" -> "twice", "lantai 1" -> "first floor",
    # "kedua" -> "both"): such a word stands for it.
    said = {w.lower() for w in _WORD.findall(c.translation)}
    missing = tuple(m for m in missing if not (m.value in _SMALL_WORDS and not (m.percent or m.currency)
                                               and said & _SMALL_WORDS[m.value]))
    missing = tuple(m for m in missing if not any(_stands_for(n, m, c.translation) for n in said_numbers))
    # A time of day written "14.30" is said as "14:30" or "2.30pm"; a date "12.04.2023" as
    # "12 April 2023": the translation's clock or date stands for its digits.
    missing = tuple(m for m in missing if not (clock_parts(m) and not diff_numbers(clock_parts(m), said_numbers).missing))
    if missing:
        dates = [d for d in extract_dates(text, lang) if not any(ch.isalpha() for ch in d.text)]  # all digits
        said_dates = set(dates) - set(diff_dates(dates, extract_dates(c.translation, "en")).missing)
        missing = tuple(m for m in missing if not any(d.start <= m.start < d.end for d in said_dates))
    if missing and lang != "en":
        # A price keeps its currency's notation in a translation ("Rp 25.000"), and a name
        # its number word ("Jembatan Lima"): read in the source's locale, an amount of money
        # or a word of the source's language the translation holds is no loss. Bare digits
        # in the source's notation are ("2.033 troops" reads 2.033 in English).
        kept = [m for m in extract_numbers(c.translation, lang) if m.currency or m.spelled]
        missing = tuple(m for m in missing if not any(same_value(m, other) for other in kept))
    if missing:  # as the source writes them (its separators were read as others)
        written = [c.source[m.start:m.end] for m in missing]
        return Problem("number(s) lost or changed: " + ", ".join(map(repr, written)), tuple(written))
    return None


# Separators digits are written with that the number reader does not know, as ones it does (one
# character for one: offsets kept): Arabic's decimal and thousands marks (١٠٫٥), the Swiss
# apostrophe between thousands (1'234 Franken).
_SEPARATORS = re.compile("[\u066b\u066c]|(?<=\\d)['\u2019](?=\\d{3}(?!\\d))")
_SEPARATOR_AS = {"\u066b": ".", "\u066c": ",", "'": "\u202f", "\u2019": "\u202f"}


def _lower(word: str, lang: str) -> str:
    """``word`` in lower case as its language's word list writes it: Turkish "İ" is "i", "I"
    is "ı" (``str.lower`` makes "İ" an "i" with a combining dot, which no word list holds);
    Serbian Cyrillic in Latin letters."""
    if lang in ("tr", "az"):
        word = word.replace("İ", "i").replace("I", "ı")
    if lang == "sh":
        return word.lower().translate(_SERBIAN_LATIN)
    return word.lower()


def _common_noun(key: str, lang: str, cfg: CheckConfig) -> bool:
    """Whether a capitalised word of a language that capitalises nouns is one of its nouns:
    frequent there, or a compound of two frequent words ("Haushaltsdefizit")."""
    floor = cfg.name_noun_max_zipf
    if zipf(key, lang, floor) >= floor:
        return True
    for cut in range(3, len(key) - 2):
        head, tail = key[:cut], key[cut:]
        if zipf(tail, lang, floor) >= floor and any(zipf(head.removesuffix(link), lang, floor) >= floor
                                             for link in ("", "s", "es", "n", "en")):
            return True
    return False


def source_names(text: str, lang: str, cfg: CheckConfig) -> list[str]:
    """Words of ``text`` a translation should carry over as written: names and acronyms.

    A capitalised word counts when it is not the sentence's first word (whose capital
    only marks the start), is not more frequent in ``lang`` than in English (a word of
    the language that translates: "Presiden", "Rusia", "Selasa"), and is not a common
    English word (English left in the source, which a translation may reword). In a
    language that capitalises every noun (German) a noun of the language is no name
    (``_common_noun``). An acronym of three or more capitals counts wherever it stands
    ("AS" = "US" is not kept).
    """
    words = [m for m in _TOKEN.finditer(text)]
    lang = lang.split("-")[0].lower()
    lang = _LIST_CODE.get(lang, lang)
    # Without a word list of the language a name cannot be told from a word that
    # translates ("Bog", "Majčin"): only acronyms are names then.
    known = lang in listed_languages() or lang in ("und", "")
    names: list[str] = []
    for k, match in enumerate(words):
        word = match.group()
        if not word[0].isupper() or not word.isalpha():
            continue
        acronym = len(word) >= 3 and word.isupper()
        first = k == 0 or words[k - 1].group() in _OPENERS
        if (first or not known) and not acronym:
            continue
        key = _lower(word, lang)
        native, margin = zipf(key, lang), cfg.name_lang_margin
        # English read only as far down as decides: to name_max_zipf, or to where the word is
        # no longer ``margin`` more common in English than in its language.
        english = zipf(key, "en", min(cfg.name_max_zipf, native - margin) if native > margin else cfg.name_max_zipf)
        if native > english + margin:
            continue
        if english >= cfg.name_max_zipf:
            continue
        if lang in _NOUN_CAPITALS and not acronym and _common_noun(key, lang, cfg):
            continue
        names.append(word)
    return names


@lru_cache(maxsize=1 << 14)
def _folded(word: str) -> str:
    """``word`` transliterated to lower-case ASCII, one sound one spelling (``aliases.fold_sounds``):
    "Штернлиб" -> "shternlib", "İzmir" -> "izmir", "Scholz" and "Шольцем" -> "sholts", "sholtsem"."""
    return fold_sounds("".join(ch for ch in anyascii(word).lower() if ch.isalnum()))


def _carried(name: str, translation_words: Sequence[str], similarity: float) -> bool:
    """Whether a word of the translation is ``name``, in any script: the same once both are
    transliterated, the same start ("Zelenskiy" -> "Zelensky", "NATO's"), the name with a
    case ending ("Tomova", "Tomun" -> "Tom"), or close in spelling ("Shternlib" ->
    "Sternlieb")."""
    key = _folded(name)
    stem = key[: max(4, len(key) - 2)]
    for word in translation_words:
        if word == key or word.startswith(stem) or (len(word) >= 3 and key.startswith(word)
                                                    and 5 * len(word) >= 3 * len(key)):
            return True
        # Transliterations of one name keep its first letter ("shternlib", "sternlieb").
        if len(key) >= 4 and word[:1] == key[:1] and abs(len(word) - len(key)) <= len(key) // 2:
            matcher = SequenceMatcher(None, key, word)
            if matcher.real_quick_ratio() >= similarity and matcher.ratio() >= similarity:
                return True
    return False


def check_names(c: Candidate, cfg: CheckConfig) -> Problem | None:
    """A name or acronym of the source (Stubb, NATO, Zelenskiy) is missing from the translation."""
    names = source_names(c.source, c.lang, cfg)
    if not names:
        return None
    words = [_folded(w) for w in _TOKEN.findall(c.translation)]
    missing = [n for n in dict.fromkeys(names) if not _carried(n, words, cfg.name_similarity)]
    if missing:
        return Problem("name(s) missing: " + ", ".join(missing), tuple(missing))
    return None


Check = Callable[[Candidate, CheckConfig], "Problem | None"]

CHECKS: dict[str, Check] = {
    "repetition": check_repetition,
    "length": check_length,
    "length-cap": check_length_cap,
    "copy": check_copy,
    "not-english": check_not_english,
    "numbers": check_numbers,
    "names": check_names,
}


def validate_names(cfg: CheckConfig, severity: Mapping[str, str]) -> None:
    """Check that ``[checks] skip`` and ``retry_on`` and the ``mt-error-<check>`` keys of
    ``[compare.severity]`` name checks of ``CHECKS`` (``pipeline.settings`` cannot: it
    imports no stage); a ``ConfigError`` names the first that does not."""
    named = [("[checks] skip", n) for n in cfg.skip] + [("[checks] retry_on", n) for n in cfg.retry_on]
    named += [(f"[compare.severity] {k}", k.removeprefix(MT_ERROR_PREFIX))
              for k in severity if k.startswith(MT_ERROR_PREFIX)]
    for where, name in named:
        if name not in CHECKS:
            raise ConfigError(f"{where}: unknown check {name!r} (known: {', '.join(CHECKS)})")


def findings(c: Candidate, cfg: CheckConfig, only: Sequence[str] | None = None) -> dict[str, Problem]:
    """The checks ``c`` fails (all enabled ones, or ``only``) with what they found, in registry order."""
    out: dict[str, Problem] = {}
    for name, check in CHECKS.items():
        if name in cfg.skip or (only is not None and name not in only):
            continue
        problem = check(c, cfg)
        if problem is not None:
            out[name] = problem
    return out


def failures(c: Candidate, cfg: CheckConfig) -> tuple[CheckFailure, ...]:
    """The checks ``c`` fails, named, as a segment carries them (empty when checks are off).
    Run once per candidate: everything after (retry, choice, report) reuses the result."""
    if not cfg.enabled:
        return ()
    return tuple(CheckFailure(name, p.message, p.values) for name, p in findings(c, cfg).items())


def run_checks(c: Candidate, cfg: CheckConfig, only: Sequence[str] | None = None) -> tuple[str, ...]:
    """The names of the checks ``c`` fails (empty when clean or when checks are off)."""
    if not cfg.enabled:
        return ()
    return tuple(findings(c, cfg, only))


def cost(failed: Sequence[CheckFailure], cfg: CheckConfig) -> tuple[int, int]:
    """How badly a candidate fails: retry checks failed, then checks failed (lower is better)."""
    return sum(1 for f in failed if f.name in cfg.retry_on), len(failed)
