"""What a sentence says about its language once names, acronyms and markup are set aside.

Names, acronyms and numbers are shared across languages (lingua reads "Ajax beat
Feyenoord in Rotterdam derby" as Dutch for its names alone), so they are blanked out
before any detector sees a sentence, keeping every other character at its offset. A
name is a word capitalised where capitals are not positional, or a word the document
writes capitalised mid-sentence and never in lower case. The English runs left inside a
foreign sentence are read from the same words (``english_spans``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from pipeline.text.lexicon import (ASCII_WORD_PATTERN, ENGLISH_ONLY_WORDS, FUNCTION_WORDS, WORD, WORD_PATTERN,
                                   TwinPattern)
from pipeline.types import Span

# Han and kana are written without spaces; each character carries about a short word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# Markup left in scraped text ("<p>", "&nbsp;") is neither language nor English words.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# Characters after which a capital letter says nothing about names.
_OPENERS = ".!?:;“\"«‘("
_CLAUSE_OPENERS = frozenset(_OPENERS)
# A word after another word with no clause opener (nor line break) in between.
_MID_SENTENCE_WORD = TwinPattern(
    r"(?<=[^\W\d_])(?:\d|[^\w\n" + re.escape(_OPENERS) + r"])*?[^\S\n](" + WORD_PATTERN + ")",
    r"(?<=[A-Za-z])[^A-Za-z_\n" + re.escape(_OPENERS) + r"]*?[^\S\n](" + ASCII_WORD_PATTERN + ")",
)

# Lower-case words inside names ("Mathieu van der Poel", "Ursula von der Leyen"): part of
# the name when a capitalised word follows.
NAME_PARTICLES = frozenset("van der den de het ter ten von zu da das do dos di del della la le du bin al el".split())

# A letter outside the Latin script (Latin Extended Additional included: Vietnamese).
_NOT_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
# (English-only words, share of words, Zipf): a Latin-script sentence with at least that
# many ``ENGLISH_ONLY_WORDS`` whose words (names aside) are at least that share of words
# as common as that in English is English. Measured on Tatoeba's 91,000 non-English lines
# (every language): none of them passes with two English-only words, and with one at the
# stricter share only lines lingua has no model for (Interlingue, Old English); on unseen
# Reuters news, two thirds of the English sentences the function-word share leaves to
# lingua (columns of figures, long sentences with few function words) pass.
PLAIN_ENGLISH = ((2, 0.8, 3.0), (1, 0.9, 3.5))


@dataclass(frozen=True)
class Evidence:
    """What a sentence says about its language once names and numbers are set aside."""

    text: str  # the sentence with names, acronyms and digits blanked (offsets kept)
    letters: int
    words: int
    english: int  # words from ``ENGLISH_ONLY_WORDS``
    title_case: bool  # a headline-style line: its capitals cannot tell names from words

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The words left (``text``), lower case; one-letter ones too (markers read "å", "v")."""
        return tuple(word.lower() for word in WORD.findall(self.text))

    @cached_property
    def list_words(self) -> tuple[str, ...]:
        """``tokens`` of two letters or more: what the word lists are asked about (a single
        letter says nothing about a language)."""
        return tuple(word for word in self.tokens if len(word) > 1)


@dataclass(frozen=True)
class WordToken:
    """One word of a foreign sentence, with what decides whether it joins an English run."""

    start: int  # offset in the sentence
    end: int
    english: bool  # word-level evidence that it is English
    function: bool  # English function word
    name_like: bool  # capitalised where capitals are not positional
    capitalised: bool
    opens_clause: bool  # first word of the sentence or after ".:;(“": capitals say nothing


def mask_markup(text: str) -> str:
    """Blank out HTML tags and entities, keeping every other character at its offset."""
    if "<" not in text and "&" not in text:
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def measure(text: str) -> tuple[int, int]:
    """Return (letters, words) with unspaced scripts weighted to compare with Latin text."""
    unspaced = len(_UNSPACED.findall(text))
    hangul = len(_HANGUL.findall(text))
    letters = sum(map(str.isalpha, text)) + 2 * unspaced + hangul
    words = len(WORD.findall(_UNSPACED.sub(" ", text))) + unspaced
    return letters, words


def document_names(texts: Sequence[str]) -> frozenset[str]:
    """Lower-cased words written capitalised mid-sentence and never in lower case."""
    # Two regex passes over the joined document: a Python loop over every word of a
    # long document costs as much as lingua itself.
    joined = "\n".join(texts)
    lower = {word for word in WORD.findall(joined) if word.islower()}
    capitalised = {word.lower() for word in _MID_SENTENCE_WORD.findall(joined) if word[0].isupper() and not word.isupper()}
    return frozenset(capitalised - lower)


def sentence_evidence(text: str, names: frozenset[str], english_entry: Callable[[str], bool]) -> Evidence:
    """``text`` with its names blanked, and what is left of it.

    A name is a capitalised word where capitals are not positional (mid-sentence, or a
    word the document writes capitalised mid-sentence) or an acronym. In a title-case
    line ("Bayern Munich v Borussia Dortmund") capitals say nothing either way: there a
    capitalised word is a name unless it is a common English word (``english_entry``), and
    the line's verdict is never firm.
    Digits are no letters to lingua, so they need no blanking.
    """
    # Single letters ("v", the "h" of "5h") say nothing about a language.
    matches = [m for m in WORD.finditer(text) if m.end() - m.start() > 1]
    capitalised = [m.group()[0].isupper() for m in matches]
    # A line in capitals ("DOLLAR STARTS EASIER IN LONDON"): its words are no acronyms
    # but those of an acronym's size, and, as in a title-case line, its verdict never firm.
    capitals = len(matches) >= 3 and all(m.group().isupper() for m in matches)
    title_case = capitals or len(matches) >= 3 and sum(capitalised) >= 0.6 * len(matches)
    # Most lines write no particle: looked for only where one is written.
    written = not NAME_PARTICLES.isdisjoint([m.group() for m in matches])
    particles = _name_particles(text, matches, capitalised) if written else set()
    pieces: list[str] = []
    cursor = letters = words = english = 0
    previous_end = 0
    for index, (match, upper) in enumerate(zip(matches, capitalised)):
        word = match.group()
        lowered = word.lower()
        english_only = lowered in ENGLISH_ONLY_WORDS
        english += english_only
        # Whether a capital is positional is asked only of a capitalised word that neither
        # an acronym's capitals nor the document's names already make a name.
        name = (index in particles) or upper and (len(word) <= 4 if capitals else word.isupper() or lowered in names or not (
            english_entry(lowered) if title_case else is_clause_start(text, previous_end, match.start(), index)))
        previous_end = match.end()
        if name and not english_only:
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
        letters, words = measure(blanked)
    return Evidence(blanked, letters, words, english, title_case)


def plainly_english(evidence: Evidence, english_zipf: Callable[[str, float], float]) -> bool:
    """Whether a sentence is English by its words alone (``PLAIN_ENGLISH``), without lingua.

    ``english_zipf(word, floor)`` is a lower-case word's Zipf value in English, or 0.0 when
    below ``floor``.
    """
    if not evidence.english or _NOT_LATIN.search(evidence.text):
        return False
    found = evidence.list_words
    for least, share, floor in PLAIN_ENGLISH:
        if evidence.english >= least and sum(english_zipf(word, floor) >= floor for word in found) >= share * len(found):
            return True
    return False


def _name_particles(text: str, matches: Sequence[re.Match[str]], capitalised: Sequence[bool]) -> set[int]:
    """Indices of lower-case particles between two capitalised words ("Mathieu van der Poel")."""
    out: set[int] = set()
    i = 1
    while i < len(matches):
        j = i
        while j < len(matches) and not capitalised[j] and matches[j].group() in NAME_PARTICLES:
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


def english_spans(
    text: str, offset: int, names: frozenset[str], is_english: Callable[[str], bool]
) -> tuple[Span, ...]:
    """English runs in one non-English sentence, as spans shifted by ``offset``.

    ``is_english(word)`` is the word-level evidence (frequencies in English against the
    sentence's language); a function word (``FUNCTION_WORDS``) or a capitalised word
    only joins a run as ``english_runs`` allows.
    """
    tokens: list[WordToken] = []
    previous_end = 0
    for index, match in enumerate(WORD.finditer(text)):
        word = match.group()
        lowered = word.lower()
        function = lowered in FUNCTION_WORDS
        capitalised = word[0].isupper()
        opens_clause = is_clause_start(text, previous_end, match.start(), index)
        # A capital that opens a clause is positional, unless the document shows the word is a name.
        name_like = capitalised and (lowered in names or not opens_clause)
        tokens.append(
            WordToken(
                start=match.start(),
                end=match.end(),
                english=is_english(word),
                function=function,
                name_like=name_like and not function,
                capitalised=capitalised,
                opens_clause=opens_clause,
            )
        )
        previous_end = match.end()
    return tuple(Span(offset + tokens[first].start, offset + tokens[stop - 1].end, "en")
                 for first, stop in english_runs(text, tokens))


def is_clause_start(text: str, previous_end: int, start: int, index: int) -> bool:
    return index == 0 or not _CLAUSE_OPENERS.isdisjoint(text[previous_end:start])


def english_runs(text: str, tokens: Sequence[WordToken]) -> list[tuple[int, int]]:
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


def _worth_reporting(text: str, tokens: Sequence[WordToken], i: int, j: int) -> bool:
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


def _adjacent(text: str, left: WordToken, right: WordToken) -> bool:
    return text[left.end : right.start].isspace()
