"""Language identification per sentence, in the context of its document, and English runs
left inside foreign sentences.

Each sentence is judged on its own evidence: names, acronyms and numbers are blanked
out first (they are shared across languages, and lingua reads "Ajax beat Feyenoord in
Rotterdam derby" as Dutch for its names alone); a sentence made mostly of English
function words is English without asking lingua; the rest goes to lingua, restricted to
the configured languages (leaving Malay out unless asked for removes most Indonesian
misfires). A judgement is *weak* when it rests on few words or a low confidence; a weak
judgement for a language that no firmly judged sentence of the document shares gives
way to the language around it (``lang_source="context"``). Fragments too short to judge
take a neighbour's language. English runs inside a non-English sentence are found from
word-level evidence (wordfreq frequencies in English against the sentence's language),
because lingua's multi-language detection is too coarse for a word or two.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from lingua import ConfidenceValue, IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from pipeline.errors import ConfigError, InputError
from pipeline.settings import IdentifySettings
from pipeline.types import Identified, Sentence, Span

UNDETERMINED = "und"

# A word is a run of letters, possibly joined by apostrophes or hyphens ("Trump's",
# "so-called", "Putin-Zelenskiy"); digits never belong to a word.
_WORD_PATTERN = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
_WORD = re.compile(_WORD_PATTERN)
# Han and kana are written without spaces; each character carries about a short word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# Markup left in scraped text ("<p>", "&nbsp;") is neither language nor English words.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_POSSESSIVE = re.compile(r"['’]s$")
# Characters after which a capital letter says nothing about names.
_OPENERS = ".!?:;“\"«‘("
_CLAUSE_OPENERS = frozenset(_OPENERS)
# A word after another word with no clause opener (nor line break) in between.
_MID_SENTENCE_WORD = re.compile(
    r"(?<=[^\W\d_])(?:\d|[^\w\n" + re.escape(_OPENERS) + r"])*?[^\S\n](" + _WORD_PATTERN + ")"
)

# English closed-class words: a capitalised "The" opens an English phrase, not a name.
# They still have to beat the sentence language's own frequency ("in" is Dutch, "to" Polish).
_FUNCTION_WORDS = frozenset(
    "the an of and or to in on at for with by from into about as is are was were be been "
    "being has have had do does did will would shall should can could may might must not "
    "no this that these those which who whom whose what it its they them their he him his "
    "she her we us our you your than then so but if".split()
)


# English words that are not also common words of another configured Latin-script
# language: "of" and "is" are Dutch, "in", "an", "was", "will" and "also" German, "to" and
# "on" Polish, "he" Spanish. A sentence whose own words are largely these is English.
_ENGLISH_ONLY = frozenset(
    "the and with that this have has been were would should could they their them which "
    "who whom what from for are not but its it she his you your our than said says after "
    "about into be there been when where while because does did being those these".split()
)

# Lower-case words inside names ("Mathieu van der Poel", "Ursula von der Leyen"): part of
# the name when a capitalised word follows.
_NAME_PARTICLES = frozenset("van der den de het ter ten von zu da das do dos di del della la le du bin al el".split())

_Judgement = tuple[str, float]  # (language code, confidence)

SENTENCE = "sentence"  # lang_source: the sentence's own evidence decided
CONTEXT = "context"  # lang_source: the sentences around it decided


@dataclass(frozen=True)
class _Evidence:
    """What a sentence says about its language once names and numbers are set aside."""

    text: str  # the sentence with names, acronyms and digits blanked (offsets kept)
    letters: int
    words: int
    english: int  # words from ``_ENGLISH_ONLY``
    title_case: bool  # a headline-style line: its capitals cannot tell names from words


@dataclass(frozen=True)
class _Verdict:
    """One sentence's own judgement."""

    lang: str
    confidence: float
    strong: bool  # enough evidence to stand against the sentences around it


@dataclass(frozen=True)
class _Token:
    start: int  # offset in the sentence
    end: int
    english: bool  # word-level evidence that it is English
    function: bool  # English function word
    name_like: bool  # capitalised where capitals are not positional
    capitalised: bool
    opens_clause: bool  # first word of the sentence or after ".:;(“": capitals say nothing


@lru_cache(maxsize=64)
def _build_detector(languages: tuple[Language, ...], low_accuracy: bool) -> LanguageDetector:
    # The detector is read-only, so identifiers with the same settings share one. Building
    # is cheap; lingua loads each language's n-gram models on first use into one cache that
    # all detectors share, so shortlist detectors of a few languages cost no extra memory.
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def _mask_markup(text: str) -> str:
    """Blank out HTML tags and entities, keeping every other character at its offset."""
    if "<" not in text and "&" not in text:
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def _measure(text: str) -> tuple[int, int]:
    """Return (letters, words) with unspaced scripts weighted to compare with Latin text."""
    unspaced = len(_UNSPACED.findall(text))
    hangul = len(_HANGUL.findall(text))
    letters = sum(map(str.isalpha, text)) + 2 * unspaced + hangul
    words = len(_WORD.findall(_UNSPACED.sub(" ", text))) + unspaced
    return letters, words


class LanguageIdentifier:
    """Identify each sentence's language and the English runs inside foreign sentences.

    ``settings`` is the ``[identify]`` table. Its ``languages`` are ISO 639-1 codes; lingua
    only ever chooses among them. A sentence is too short to judge when it has fewer
    than ``min_chars`` letters or fewer than ``min_words`` words, or when it has fewer than ``short_words`` words and lingua's
    confidence is below ``min_confidence`` (headlines made of names, "Photo: Bloomberg").
    A word counts as English when its Zipf frequency in English is at least
    ``english_min_zipf`` and beats its frequency in the sentence's language by
    ``zipf_margin``. The lingua detector is built on first use and kept.
    """

    def __init__(self, settings: IdentifySettings = IdentifySettings()) -> None:
        languages = settings.languages
        resolved: dict[str, Language] = {}
        for code in languages:
            try:
                resolved[code] = Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
            except ValueError:
                raise ConfigError(f"unknown language code {code!r}: expected an ISO 639-1 code such as 'en'") from None
            if _code(resolved[code]) != code:
                raise ConfigError(f"language code {code!r} must be lower-case ISO 639-1")
        self.languages: tuple[str, ...] = tuple(resolved)
        self._lingua_languages = tuple(resolved.values())
        self.min_chars = settings.min_chars
        self.min_words = settings.min_words
        self.short_words = settings.short_words
        self.min_confidence = settings.min_confidence
        self.english_min_zipf = settings.english_min_zipf
        self.zipf_margin = settings.zipf_margin
        self.low_accuracy = settings.low_accuracy
        self.strong_words = settings.strong_words
        self.strong_confidence = settings.strong_confidence
        self.english_share = settings.english_share
        self.shortlist = settings.shortlist
        self._wordfreq_languages = frozenset(_wordfreq_lists())
        self._detector: LanguageDetector | None = None
        self._english_cache: dict[tuple[str, str], bool] = {}

    @property
    def signature(self) -> str:
        """Settings and versions that decide this identifier's output, for reports."""
        return (
            f"lingua-{importlib.metadata.version('lingua-language-detector')}"
            f"|wordfreq-{importlib.metadata.version('wordfreq')}"
            f"|langs={','.join(self.languages)}|min_chars={self.min_chars}"
            f"|min_words={self.min_words}|short_words={self.short_words}"
            f"|min_confidence={self.min_confidence}|english_min_zipf={self.english_min_zipf}"
            f"|zipf_margin={self.zipf_margin}|low_accuracy={self.low_accuracy}"
            f"|strong_words={self.strong_words}|strong_confidence={self.strong_confidence}"
            f"|english_share={self.english_share}|shortlist={self.shortlist}"
        )

    def detector(self) -> LanguageDetector:
        """Return the lingua detector for the configured languages, building it on first use."""
        if self._detector is None:
            self._detector = _build_detector(self._lingua_languages, self.low_accuracy)
        return self._detector

    def identify(self, text: str, sentences: Sequence[Sentence]) -> list[Identified]:
        """Return one ``Identified`` per sentence of ``text``, in order.

        Each sentence is first judged alone (see the module docstring). A sentence too
        short to judge takes the language of the nearest judged sentence: previous in the
        same paragraph, else next in the same paragraph, else previous, else next, with
        ``inherited=True`` and that sentence's confidence. A weak judgement for a language
        no firmly judged sentence of the document has takes the language of the firm
        sentences around it the same way (else the document's most common firm
        language), with their confidence. Both are marked ``lang_source="context"``. A
        sentence decided by its English function words, without lingua, has confidence 1.
        When no sentence can be judged, all of them take lingua's guess for their
        concatenation (``"und"`` with confidence 0 when it has none), still marked
        inherited. Non-English sentences carry the English runs found in them as spans
        with absolute offsets in ``text``.
        """
        for sentence in sentences:
            if text[sentence.start : sentence.end] != sentence.text:
                raise InputError(
                    f"sentence {sentence.id} offsets {sentence.start}:{sentence.end} do not match its text"
                )
        resident_before = _resident_bytes()
        texts = [_mask_markup(s.text) for s in sentences]
        names = _document_names(texts)
        evidence = [_evidence(t, names, self._english_entry) for t in texts]
        verdicts = self._judge(evidence)
        overruled = _overruled(sentences, verdicts, self._english_words(evidence), self.min_confidence)
        judged: list[_Judgement | None] = [
            None if v is None else overruled[i][0] if i in overruled else (v.lang, v.confidence)
            for i, v in enumerate(verdicts)
        ]
        chosen = self._fill_short(sentences, judged, [ev.text for ev in evidence])
        results: list[Identified] = []
        for i, (sentence, masked, own) in enumerate(zip(sentences, texts, verdicts)):
            lang, confidence = chosen[i]
            spans: tuple[Span, ...] = ()
            # Most foreign sentences have no English word at all: rule them out cheaply.
            if lang not in ("en", UNDETERMINED) and any(
                self._is_english_word(word, lang) for word in _WORD.findall(masked)
            ):
                spans = self._english_spans(masked, sentence.start, lang, names)
            source = CONTEXT if own is None else overruled[i][1] if i in overruled else SENTENCE
            results.append(Identified(lang, confidence, spans, inherited=own is None, lang_source=source))
        _release_loader_scratch(resident_before)
        return results

    def _judge(self, evidence: Sequence[_Evidence]) -> list[_Verdict | None]:
        """Each sentence's own verdict, or None where it is too short to judge."""
        verdicts: list[_Verdict | None] = [None] * len(evidence)
        candidates: list[int] = []
        for i, ev in enumerate(evidence):
            if ev.english >= 2 and ev.english >= self.english_share * ev.words:
                # Clearly English from its function words: lingua would only agree, slower.
                verdicts[i] = _Verdict("en", 1.0, ev.words >= self.short_words)
            elif ev.letters >= self.min_chars and ev.words >= self.min_words:
                candidates.append(i)
        # The parallel call sorts out threading itself and is much faster per sentence.
        values = self._rank([evidence[i].text for i in candidates])
        for i, ranked in zip(candidates, values):
            top = ranked[0] if ranked else None
            if top is None or top.value <= 0.0:
                continue  # no letters lingua knows (an unconfigured script)
            ev = evidence[i]
            # A title-case line is as uncertain as a short one: its capitals hide which words are names.
            if (ev.words < self.short_words or ev.title_case) and top.value < self.min_confidence:
                continue
            lang = _code(top.language)
            strong = (
                not ev.title_case
                and ev.words >= self.strong_words
                and top.value >= self.strong_confidence
                # English function words count for English: a "foreign" sentence full of them is not firm.
                and (lang == "en" or ev.english < self.english_share * ev.words)
            )
            verdicts[i] = _Verdict(lang, top.value, strong)
        return verdicts

    def _rank(self, texts: list[str]) -> list[list[ConfidenceValue]]:
        """Lingua's confidence values for each text, best first.

        Lingua's high-accuracy models take about a second to load for the Latin-script
        languages alone, and its low-accuracy mode misjudges short sentences. So a
        low-accuracy pass over every configured language draws up a shortlist (each
        text's ``shortlist`` best languages within a factor 4 of its best, and English),
        and the high-accuracy models of the shortlist alone decide. ``shortlist=0`` runs
        high accuracy over every language; ``low_accuracy`` runs the low-accuracy pass alone.
        """
        if not texts:
            return []
        if self.low_accuracy or not self.shortlist:
            return self.detector().compute_language_confidence_values_in_parallel(texts)
        rough = _build_detector(self._lingua_languages, True).compute_language_confidence_values_in_parallel(texts)
        shortlist = {Language.ENGLISH} & set(self._lingua_languages)
        for ranked in rough:
            # A runner-up far behind would load its models for nothing.
            floor = ranked[0].value / 4 if ranked else 1.0
            shortlist.update(c.language for c in ranked[: self.shortlist] if c.value > 0.0 and c.value >= floor)
        if len(shortlist) < 2:
            return rough
        ordered = tuple(lang for lang in self._lingua_languages if lang in shortlist)
        return _build_detector(ordered, False).compute_language_confidence_values_in_parallel(texts)

    def _english_entry(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a common English word: a name that is one is no name."""
        return _zipf(word, "en", self.english_min_zipf) >= self.english_min_zipf

    def _english_words(self, evidence: Sequence[_Evidence]) -> Callable[[int, str], bool]:
        """``(i, lang) ->`` whether half or more of sentence ``i``'s words are English rather than ``lang``."""

        def english_words(i: int, lang: str) -> bool:
            words = [w for w in _WORD.findall(evidence[i].text) if len(w) > 1]
            return bool(words) and 2 * sum(self._is_english_word(w, lang) for w in words) >= len(words)

        return english_words

    def _fill_short(
        self, sentences: Sequence[Sentence], judged: list[_Judgement | None], texts: Sequence[str]
    ) -> list[_Judgement]:
        """Give each unjudged sentence its nearest judged neighbour's language."""
        if not any(judged):
            return [self._document_guess(texts)] * len(sentences)
        # Four sweeps remember the nearest judged result in each direction, so a run of
        # fragments costs no more than one sentence.
        n = len(sentences)
        prev_same: list[_Judgement | None] = [None] * n
        next_same: list[_Judgement | None] = [None] * n
        prev_any: list[_Judgement | None] = [None] * n
        next_any: list[_Judgement | None] = [None] * n
        for order, same, any_ in ((range(n), prev_same, prev_any), (range(n - 1, -1, -1), next_same, next_any)):
            by_paragraph: dict[int, _Judgement] = {}
            last: _Judgement | None = None
            for i in order:
                same[i] = by_paragraph.get(sentences[i].paragraph)
                any_[i] = last
                own = judged[i]
                if own is not None:
                    by_paragraph[sentences[i].paragraph] = own
                    last = own
        chosen: list[_Judgement] = []
        for i, own in enumerate(judged):
            for candidate in (own, prev_same[i], next_same[i], prev_any[i], next_any[i]):
                if candidate is not None:
                    chosen.append(candidate)
                    break
        return chosen

    def _document_guess(self, texts: Sequence[str]) -> _Judgement:
        # Fragments that say nothing alone may still say something together.
        joined = "\n".join(texts)
        ranked: list[ConfidenceValue] = self._rank([joined])[0] if joined.strip() else []
        if not ranked or ranked[0].value <= 0.0:
            return (UNDETERMINED, 0.0)
        return (_code(ranked[0].language), ranked[0].value)

    def _english_spans(self, text: str, offset: int, lang: str, names: frozenset[str]) -> tuple[Span, ...]:
        """English runs in one non-English sentence, as spans shifted by ``offset``."""
        tokens: list[_Token] = []
        previous_end = 0
        for index, match in enumerate(_WORD.finditer(text)):
            word = match.group()
            lowered = word.lower()
            function = lowered in _FUNCTION_WORDS
            capitalised = word[0].isupper()
            opens_clause = _is_clause_start(text, previous_end, match.start(), index)
            # A capital that opens a clause is positional, unless the document shows the word is a name.
            name_like = capitalised and (lowered in names or not opens_clause)
            tokens.append(
                _Token(
                    start=match.start(),
                    end=match.end(),
                    english=self._is_english_word(word, lang),
                    function=function,
                    name_like=name_like and not function,
                    capitalised=capitalised,
                    opens_clause=opens_clause,
                )
            )
            previous_end = match.end()
        spans: list[Span] = []
        for first, stop in _english_runs(text, tokens):
            spans.append(Span(offset + tokens[first].start, offset + tokens[stop - 1].end, "en"))
        return tuple(spans)

    def _is_english_word(self, word: str, lang: str) -> bool:
        key = (word, lang)
        cached = self._english_cache.get(key)
        if cached is None:
            cached = self._english_evidence(word, lang)
            if len(self._english_cache) >= 500_000:
                self._english_cache.clear()  # keep a long-lived identifier's memory bounded
            self._english_cache[key] = cached
        return cached

    def _english_evidence(self, word: str, lang: str) -> bool:
        # Acronyms ("AS", "NATO", "KTT") and single letters are shared across languages.
        if len(word) < 2 or word.isupper():
            return False
        for part in _POSSESSIVE.sub("", word).split("-"):
            lowered = part.lower()
            english = _zipf(lowered, "en", self.english_min_zipf)
            if english < self.english_min_zipf:
                return False
            if lang in self._wordfreq_languages:
                if english - _zipf(lowered, lang, self.english_min_zipf) < self.zipf_margin:
                    return False
            elif not self._lingua_prefers_english(lowered, lang):
                return False
        return True

    def _lingua_prefers_english(self, word: str, lang: str) -> bool:
        # Only for languages wordfreq lacks: lingua on one word is noisy, but better than nothing.
        if "en" not in self.languages:
            return True
        detector = self.detector()
        other = Language.from_iso_code_639_1(IsoCode639_1.from_str(lang))
        return detector.compute_language_confidence(word, Language.ENGLISH) > detector.compute_language_confidence(
            word, other
        )


# Growth of the resident set during one ``identify`` call above which free heap memory is
# handed back to the operating system (see ``_release_loader_scratch``).
_RELEASE_AFTER_GROWTH = 16 << 20


def _resident_bytes() -> int | None:
    """This process's resident set size (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _page_size()
    except (OSError, ValueError, IndexError):
        return None


@lru_cache(maxsize=1)
def _page_size() -> int:
    return os.sysconf("SC_PAGE_SIZE")


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None (another C library, or no ctypes)."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast(Callable[[int], int], trim)


def _release_loader_scratch(resident_before: int | None) -> None:
    """Return free heap pages to the OS after a call that loaded language models.

    lingua decompresses and parses its n-gram models (on its worker threads) and wordfreq
    reads whole frequency lists; once loaded, about 60 MB of that scratch memory is free
    but still resident, spread over the threads' malloc arenas where the translation
    model's threads never reuse it. ``malloc_trim`` releases it: the peak resident set of
    a run that identifies and then translates drops by as much. Cheap (milliseconds), and
    done only when the call grew the process by ``_RELEASE_AFTER_GROWTH`` or more, so a
    long run of documents with all models loaded never pays it.
    """
    if resident_before is None:
        return
    after = _resident_bytes()
    trim = _malloc_trim()
    if after is not None and trim is not None and after - resident_before >= _RELEASE_AFTER_GROWTH:
        trim(0)


def _zipf(word: str, lang: str, english_min_zipf: float) -> float:
    """``word``'s Zipf frequency in ``lang``, where the identifier can need it.

    That is English words at ``english_min_zipf`` or above (a rarer word is never English
    evidence) and, in other languages, those same words: 0.0 for everything else.
    """
    frequency = _zipf_table(lang, english_min_zipf).get(word)
    return frequency if frequency is not None else 0.0


@lru_cache(maxsize=32)
def _zipf_table(lang: str, english_min_zipf: float) -> dict[str, float]:
    # wordfreq's whole English list (321k words, about 33 MB as a dict, which wordfreq
    # would also keep cached) shrinks to the 54k words at Zipf 2.5 or more; other
    # languages keep only those words. Lookups give what the whole lists give.
    if lang == "en":
        return _zipf_values("en", floor=english_min_zipf)
    return _zipf_values(lang, among=_zipf_table("en", english_min_zipf).keys())


def _zipf_values(lang: str, floor: float = 0.0, among: AbstractSet[str] | None = None) -> dict[str, float]:
    """Zipf values of wordfreq's list for ``lang``: words at ``floor`` or above, ``among`` these only.

    The frequency list is read directly, as ``wordfreq.get_frequency_dict`` reads it,
    but without building that dict of every word (most of a short run's start-up): its
    buckets run from the most frequent words down, and each word is listed once.
    zipf_frequency would tokenize, which needs jieba or MeCab for zh/ja/ko even for a
    Latin word; for one lower-case word the values agree.
    """
    path = _wordfreq_lists().get(lang)
    if path is None:  # a code wordfreq only matches approximately: its own lookup
        from wordfreq import get_frequency_dict

        pairs = ((w, math.log10(f) + 9.0) for w, f in get_frequency_dict(lang).items() if f > 0.0)
        return {w: z for w, z in pairs if z >= floor and (among is None or w in among)}
    values: dict[str, float] = {}
    for index, bucket in enumerate(_read_cbpack(path)):
        zipf = math.log10(10 ** (-index / 100)) + 9.0  # wordfreq's cB_to_freq(-index), as a Zipf value
        if zipf < floor:
            break
        values.update(dict.fromkeys(bucket if among is None else among & set(bucket), zipf))
    return values


@lru_cache(maxsize=1)
def _wordfreq_lists() -> dict[str, Path]:
    """wordfreq's frequency lists by language, the large list where there is one ("best").

    Found without importing wordfreq, whose import (ftfy, langcodes, regex) costs more
    than a short run's whole identification.
    """
    spec = importlib.util.find_spec("wordfreq")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    lists: dict[str, Path] = {}
    for size in ("small", "large"):
        for location in locations:
            for path in sorted(Path(location, "data").glob(f"{size}_*.msgpack.gz")):
                lists[path.name.split(".")[0].split("_", 1)[1]] = path
    return lists


def _read_cbpack(path: Path) -> list[list[str]]:
    """The word buckets of a wordfreq "cBpack" list: bucket ``i`` holds the words at -i centibels."""
    import gzip

    import msgpack

    with gzip.open(path, "rb") as packed:
        data = msgpack.load(packed, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ConfigError(f"{path}: not a wordfreq frequency list (header {header!r})")
    return cast(list[list[str]], data[1:])


def _document_names(texts: Sequence[str]) -> frozenset[str]:
    """Lower-cased words written capitalised mid-sentence and never in lower case."""
    # Two regex passes over the joined document: a Python loop over every word of a
    # long document costs as much as lingua itself.
    joined = "\n".join(texts)
    lower = {word for word in _WORD.findall(joined) if word.islower()}
    capitalised = {word.lower() for word in _MID_SENTENCE_WORD.findall(joined) if word[0].isupper()}
    return frozenset(capitalised - lower)


def _evidence(text: str, names: frozenset[str], english_entry: Callable[[str], bool]) -> _Evidence:
    """``text`` with its names blanked, and what is left of it.

    A name is a capitalised word where capitals are not positional (mid-sentence, or a
    word the document writes capitalised mid-sentence) or an acronym. In a title-case
    line ("Bayern Munich v Borussia Dortmund") capitals say nothing either way: there a
    capitalised word is a name unless it is a common English word (``english_entry``), and
    the line's verdict is never firm.
    Digits are no letters to lingua, so they need no blanking.
    """
    # Single letters ("v", the "h" of "5h") say nothing about a language.
    matches = [m for m in _WORD.finditer(text) if m.end() - m.start() > 1]
    capitalised = [m.group()[0].isupper() for m in matches]
    title_case = len(matches) >= 3 and sum(capitalised) >= 0.6 * len(matches)
    particles = _name_particles(text, matches, capitalised)
    pieces: list[str] = []
    cursor = letters = words = english = 0
    previous_end = 0
    for index, (match, upper) in enumerate(zip(matches, capitalised)):
        word = match.group()
        lowered = word.lower()
        if lowered in _ENGLISH_ONLY:
            english += 1
        if title_case:
            positional = english_entry(lowered)
        else:
            positional = _is_clause_start(text, previous_end, match.start(), index)
        name = (index in particles) or upper and (word.isupper() or lowered in names or not positional)
        previous_end = match.end()
        if name and lowered not in _ENGLISH_ONLY:
            pieces.append(text[cursor : match.start()])
            pieces.append(" " * len(word))
            cursor = match.end()
        else:
            words += 1
            letters += len(word)
    pieces.append(text[cursor:])
    blanked = "".join(pieces)
    # Unspaced scripts (Han, kana, Hangul) have no capitals: measured as before.
    if _UNSPACED.search(text) or _HANGUL.search(text):
        letters, words = _measure(blanked)
    return _Evidence(blanked, letters, words, english, title_case)


def _name_particles(text: str, matches: Sequence[re.Match[str]], capitalised: Sequence[bool]) -> set[int]:
    """Indices of lower-case particles between two capitalised words ("Mathieu van der Poel")."""
    out: set[int] = set()
    i = 1
    while i < len(matches):
        j = i
        while j < len(matches) and not capitalised[j] and matches[j].group() in _NAME_PARTICLES:
            j += 1
        if (
            i < j < len(matches)
            and capitalised[i - 1]
            and capitalised[j]
            and all(text[matches[k - 1].end() : matches[k].start()] == " " for k in range(i, j + 1))
        ):
            out.update(range(i, j))
        i = j + 1
    return out


def _overruled(
    sentences: Sequence[Sentence], verdicts: Sequence[_Verdict | None], english_words: Callable[[int, str], bool],
    min_confidence: float,
) -> dict[int, tuple[_Judgement, str]]:
    """The weak verdicts that give way, with the judgement that replaces them and its ``lang_source``.

    A weak verdict stands when some firm (strong) verdict of the document shares its
    language: a genuinely mixed document keeps its languages. English words count for
    English (``english_words(i, lang)``: sentence ``i``'s words are at least half English
    words rather than ``lang`` words): a weak foreign verdict on such a sentence becomes
    English at its own confidence, and a weak English one stands. Any other takes the
    nearest firm verdict of its paragraph (previous, else next), else the document's most
    common firm language at its mean firm confidence. In a document without firm
    verdicts (a table of figures, a list of short lines) the document's language is the
    one its verdicts give most confidence to, summed; a verdict for another language
    under ``min_confidence`` (a guess: "Revs 41.1 mln vs 20.3 mln" -> pl 0.32 in an
    English earnings table) takes it.
    """
    firm_langs = {v.lang for v in verdicts if v is not None and v.strong}
    weak = [i for i, v in enumerate(verdicts) if v is not None and not v.strong and v.lang not in firm_langs]
    out: dict[int, tuple[_Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is not None and own.lang != "en" and english_words(i, own.lang):
            out[i] = (("en", own.confidence), SENTENCE)  # its own words decided
    weak = [i for i in weak if i not in out]
    if not weak:
        return out
    if not firm_langs:
        return {**out, **_pooled(verdicts, out, weak, min_confidence)}
    by_lang: dict[str, list[float]] = {}
    for v in verdicts:
        if v is not None and v.strong:
            by_lang.setdefault(v.lang, []).append(v.confidence)
    document_lang = max(by_lang, key=lambda lang: len(by_lang[lang]))
    document = (document_lang, sum(by_lang[document_lang]) / len(by_lang[document_lang]))
    previous: dict[int, _Judgement] = {}
    following: dict[int, _Judgement] = {}
    for order, nearest in ((range(len(verdicts)), previous), (range(len(verdicts) - 1, -1, -1), following)):
        last: dict[int, _Judgement] = {}  # paragraph -> nearest firm verdict so far
        for i in order:
            paragraph = sentences[i].paragraph
            if paragraph in last:
                nearest[i] = last[paragraph]
            verdict = verdicts[i]
            if verdict is not None and verdict.strong:
                last[paragraph] = (verdict.lang, verdict.confidence)
    for i in weak:
        context = previous.get(i) or following.get(i) or document
        own = verdicts[i]
        if own is None or context[0] == own.lang or (own.lang == "en" and english_words(i, context[0])):
            continue
        out[i] = (context, CONTEXT)
    return out


def _pooled(verdicts: Sequence[_Verdict | None], decided: Mapping[int, tuple[_Judgement, str]],
            weak: Sequence[int], min_confidence: float) -> dict[int, tuple[_Judgement, str]]:
    """Where no verdict is firm: the guesses under ``min_confidence`` for a language other
    than the document's (the one with the most confidence, summed over its verdicts)
    take the document's language, at the mean confidence of its verdicts."""
    by_lang: dict[str, list[float]] = {}
    for i, v in enumerate(verdicts):
        if v is not None:
            lang, confidence = decided[i][0] if i in decided else (v.lang, v.confidence)
            by_lang.setdefault(lang, []).append(confidence)
    lang = max(by_lang, key=lambda code: sum(by_lang[code]))
    document = (lang, sum(by_lang[lang]) / len(by_lang[lang]))
    out: dict[int, tuple[_Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is not None and own.lang != lang and own.confidence < min_confidence:
            out[i] = (document, CONTEXT)
    return out


def _is_clause_start(text: str, previous_end: int, start: int, index: int) -> bool:
    return index == 0 or any(c in _CLAUSE_OPENERS for c in text[previous_end:start])


def _english_runs(text: str, tokens: Sequence[_Token]) -> list[tuple[int, int]]:
    """Group English tokens separated only by spaces into runs worth reporting.

    Returns half-open token index ranges. A capitalised word joins a run only after a
    function word or another such word ("The Ready"), never on its own strength: names
    like "Macron" or "Trump" are frequent in English text too.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, token in enumerate(tokens):
        in_run = start is not None and _adjacent(text, tokens[i - 1], token)
        keep = token.english and (
            not token.name_like or (in_run and (tokens[i - 1].function or tokens[i - 1].name_like))
        )
        if keep and in_run:
            continue
        if start is not None:
            runs.append((start, i))
        start = i if keep else None
    if start is not None:
        runs.append((start, len(tokens)))
    return [(i, j) for i, j in runs if _worth_reporting(text, tokens, i, j)]


def _worth_reporting(text: str, tokens: Sequence[_Token], i: int, j: int) -> bool:
    """Keep a run with a lower-case English content word, or a title-case phrase standing alone.

    "koalisi The Ready" is English left in; "The New" of "The New York Times" is the
    start of a longer name, given away by the capitalised words around it.
    """
    run = tokens[i:j]
    # A capitalised first word ("Trump mengatakan") may be a name the document never
    # writes mid-sentence, so it is no evidence on its own.
    if any(not t.function and not t.name_like and not (t.capitalised and t.opens_clause) for t in run):
        return True
    if len(run) < 2 or not any(t.function for t in run):
        return False
    before = i > 0 and tokens[i - 1].capitalised and _adjacent(text, tokens[i - 1], tokens[i])
    after = j < len(tokens) and tokens[j].capitalised and _adjacent(text, tokens[j - 1], tokens[j])
    return not (before or after)


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    return text[left.end : right.start].isspace()
