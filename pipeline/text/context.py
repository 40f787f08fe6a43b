"""A sentence's language in the context of its document.

A judgement is *weak* when it rests on few words or a low confidence; a weak judgement
for a language that no firmly judged sentence of the document shares gives way to the
language around it (``lang_source="context"``). Fragments too short to judge take a
neighbour's language. Context only ever chooses among the languages a sentence's script
allows (``allowed(i, lang)``): a Cyrillic sentence in an Arabic document keeps its own
Cyrillic verdict, and a Devanagari one is never English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from lingua import ConfidenceValue

from pipeline.text.detectors import code_of
from pipeline.text.lexicon import WORD, listed_zipf
from pipeline.text.relatives import CLOSE, WordLists, close_relatives
from pipeline.text.scripts import LATIN, sentence_script, without_latin_names
from pipeline.types import Sentence

Judgement = tuple[str, float]  # (language code, confidence)
Allowed = Callable[[int, str], bool]  # (sentence index, language) -> may context give it that language

# lingua's values are relative (they sum to 1): a language under a quarter of the best
# one's (a bet of 4:1 against it, as ``relatives.CLOSE``) is ruled out, and context
# cannot give it to the sentence. Measured on the mixed Tatoeba documents: 83.4% of lines
# right when any language lingua weighed above 0 stayed open, 91.9% at 1:20, 93.0% at 4:1.
RULED_OUT = CLOSE
# A weak verdict for a language no other sentence of its document has takes one that this
# many others share, where its ranking leaves it open (``_odd_ones``).
ODD_ONE_OUT = 2
SENTENCE = "sentence"  # lang_source: the sentence's own evidence decided
CONTEXT = "context"  # lang_source: the sentences around it decided


@dataclass(frozen=True)
class Verdict:
    """One sentence's own judgement."""

    lang: str
    confidence: float
    strong: bool  # enough evidence to stand against the sentences around it
    # The languages lingua weighed for it (its shortlist) and their confidence; empty when
    # lingua was not asked. Context never gives it a language lingua ruled out.
    weighed: Mapping[str, float] = field(default_factory=dict)
    # Close relatives it may be in after all (``Identified.alternatives``).
    alternatives: tuple[str, ...] = ()
    # A weak verdict whose own words (names blanked) are all common English words, some of
    # them English rather than its language's words.
    english_words: bool = False
    # A low-accuracy ranking kept for an English-looking line of an English document
    # (``pipeline.text.shortlist``): its words were found English already, or it is a line
    # of figures, so ``overruled`` makes it English without reading its language's word list.
    # An English table's line or a common-English line such a document decides is an English
    # guess with no ranking at all (lingua unasked, confidence 1).
    guess: bool = False

    def admits(self, lang: str) -> bool:
        """Whether its own evidence leaves ``lang`` open: lingua was not asked, or ranked it
        within ``RULED_OUT`` of its best (a language it ranks far below is ruled out, however
        many neighbours have it), or it is English and its words are all English words."""
        if not self.weighed or (lang == "en" and self.english_words):
            # A line of English words stays open to English whatever lingua ranks: headlines it
            # reads as German for their names ("Deutsche Bank cuts jobs in Gelsenkirchen"). One
            # English-looking word among others does not ("On požiadal o zvýšenie platu.", sk 1.0):
            # mixed documents 93.5% -> 94.6% of lines right, none of the lines it kept open lost.
            return True
        return self.weighed.get(lang, 0.0) > RULED_OUT * max(self.weighed.values())


def overruled(
    sentences: Sequence[Sentence], verdicts: Sequence[Verdict | None], english_words: Callable[[int, str], bool],
    min_confidence: float, allowed: Allowed = lambda i, lang: True, rules_out: Allowed = lambda i, lang: False,
) -> dict[int, tuple[Judgement, str]]:
    """The weak verdicts that give way, with the judgement that replaces them and its ``lang_source``.

    A weak verdict stands when some firm (strong) verdict of the document shares its
    language: a genuinely mixed document keeps its languages. English words count for
    English (``english_words(i, lang)``: sentence ``i``'s words are at least half English
    words rather than ``lang`` words; a ``guess`` is English without asking): a weak foreign
    verdict on such a sentence becomes English at its own confidence where its ranking leaves
    English open (``Verdict.admits``: "See on hea raamat." stays Estonian for its "see" and
    "on"; Tatoeba lines of 4+ words right: Estonian 92.5% -> 93.7%, Albanian 92.5% -> 93.4%,
    Afrikaans 92.1% -> 92.8%; Reuters lines read as foreign still none), and a weak English one stands. Any other takes the
    nearest firm verdict of its paragraph (previous, else next), else the document's most
    common firm language at its mean firm confidence, counting only the verdicts whose
    language ``allowed`` gives the sentence (none: it keeps its own). Neither happens where the
    sentence's own words rule the new language out (``rules_out``, ``words_rule_out``: "Die
    Gewerkschaft kündigte Widerstand an." between English lines keeps German). In a document without firm
    verdicts (a table of figures, a list of short lines) the document's language is the
    one its verdicts give most confidence to, summed; a verdict for another language
    under ``min_confidence`` (a guess: "Revs 41.1 mln vs 20.3 mln" -> pl 0.32 in an
    English earnings table) takes it.
    """
    firm_langs = {v.lang for v in verdicts if v is not None and v.strong}
    weak = [i for i, v in enumerate(verdicts) if v is not None and not v.strong and v.lang not in firm_langs]
    out: dict[int, tuple[Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is not None and own.lang != "en" and allowed(i, "en") and not rules_out(i, "en") and (
                own.guess or english_words(i, own.lang) and own.admits("en")):
            out[i] = (("en", own.confidence), SENTENCE)  # its own words decided
    weak = [i for i in weak if i not in out]
    if not weak:
        return out
    if not firm_langs:
        out.update(_pooled(verdicts, out, weak, min_confidence, allowed))
        found = _odd_ones(verdicts, out, [i for i in weak if i not in out], allowed)
        return {i: new for i, new in {**out, **found}.items() if not rules_out(i, new[0][0])}
    by_lang: dict[str, list[float]] = {}
    for v in verdicts:
        if v is not None and v.strong:
            by_lang.setdefault(v.lang, []).append(v.confidence)
    for i in weak:
        context = _nearest_firm(sentences, verdicts, i, allowed) or _document(by_lang, i, allowed)
        own = verdicts[i]
        if own is None or context is None or context[0] == own.lang or not own.admits(context[0]) or (
                own.lang == "en" and english_words(i, context[0])) or rules_out(i, context[0]):
            continue
        out[i] = (context, CONTEXT)
    found = _odd_ones(verdicts, out, [i for i in weak if i not in out], allowed)
    return {**out, **{i: new for i, new in found.items() if not rules_out(i, new[0][0])}}


def _odd_ones(verdicts: Sequence[Verdict | None], decided: Mapping[int, tuple[Judgement, str]],
              weak: Sequence[int], allowed: Allowed) -> dict[int, tuple[Judgement, str]]:
    """The weak verdicts context left alone whose language no other sentence of the document has,
    where ``ODD_ONE_OUT`` other sentences or more share a language the verdict's own ranking
    leaves open (``Verdict.admits``): they take the one it weighs most, at their own confidence
    (three lines of Marathi, one read as Hindi: "किती कांदे?"). Mixed Tatoeba documents
    (``scripts/bench_languages.py``): 8,704 -> 8,733 of 9,000 lines right (96.7% -> 97.0%),
    English lines 2,995 -> 2,996 of 3,000, lines sent to another language's model 72 -> 74;
    ``scripts/bench_lid.py``: gold sets 100%, Reuters false-foreign 0."""
    langs = [decided[i][0][0] if i in decided else v.lang if v is not None else None for i, v in enumerate(verdicts)]
    counts = Counter(lang for lang in langs if lang is not None)
    out: dict[int, tuple[Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if own is None or counts[own.lang] > 1 or not own.weighed:
            continue
        shared = [lang for lang, n in counts.items() if n >= ODD_ONE_OUT and lang != own.lang
                  and allowed(i, lang) and own.admits(lang)]
        if shared:  # the one its ranking weighs most
            out[i] = ((max(shared, key=lambda lang: own.weighed.get(lang, 0.0)), own.confidence), CONTEXT)
    return out


def _nearest_firm(sentences: Sequence[Sentence], verdicts: Sequence[Verdict | None], i: int,
                  allowed: Allowed) -> Judgement | None:
    """The nearest firm verdict of sentence ``i``'s paragraph that ``allowed`` gives it (previous, else next)."""
    paragraph = sentences[i].paragraph
    for order in (range(i - 1, -1, -1), range(i + 1, len(verdicts))):
        for j in order:
            if sentences[j].paragraph != paragraph:
                break
            verdict = verdicts[j]
            if verdict is not None and verdict.strong and allowed(i, verdict.lang):
                return (verdict.lang, verdict.confidence)
    return None


def _document(by_lang: Mapping[str, list[float]], i: int, allowed: Allowed) -> Judgement | None:
    """The most common firm language that ``allowed`` gives sentence ``i``, at its mean confidence."""
    langs = [lang for lang in by_lang if allowed(i, lang)]
    if not langs:
        return None
    lang = max(langs, key=lambda code: len(by_lang[code]))
    return (lang, sum(by_lang[lang]) / len(by_lang[lang]))


def _pooled(verdicts: Sequence[Verdict | None], decided: Mapping[int, tuple[Judgement, str]],
            weak: Sequence[int], min_confidence: float, allowed: Allowed) -> dict[int, tuple[Judgement, str]]:
    """Where no verdict is firm: the guesses under ``min_confidence`` for a language other
    than the document's (the one with the most confidence, summed over its verdicts)
    take the document's language, at the mean confidence of its verdicts, where their own
    ranking leaves it open (``Verdict.admits``)."""
    by_lang: dict[str, list[float]] = {}
    for i, v in enumerate(verdicts):
        if v is not None:
            lang, confidence = decided[i][0] if i in decided else (v.lang, v.confidence)
            by_lang.setdefault(lang, []).append(confidence)
    lang = max(by_lang, key=lambda code: sum(by_lang[code]))
    document = (lang, sum(by_lang[lang]) / len(by_lang[lang]))
    out: dict[int, tuple[Judgement, str]] = {}
    for i in weak:
        own = verdicts[i]
        if (own is not None and own.lang != lang and own.confidence < min_confidence and allowed(i, lang)
                and own.admits(lang)):
            out[i] = (document, CONTEXT)
    return out


_ABBREVIATION = re.compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]+")


def words_rule_out(texts: Sequence[str], english_words: Callable[[int, str], bool],
                   english_entry: Callable[[str], bool],
                   reads_foreign: Callable[[int], bool] = lambda i: False, lacking: bool = True) -> Allowed:
    """``(i, lang) ->`` whether sentence ``i``'s own words rule ``lang`` out, too few as they
    are to judge it: half or more of them are English words rather than ``lang``'s
    (``english_words``), or, for English, one of them is not a common English word ("Kde je
    táta?" between English and Czech lines: mixed documents 94.6% -> 94.8% of lines right,
    English lines as before; not without ``lacking``, as for a weak verdict of a line long enough
    to judge: "Net earnings were 326 mln dlrs." has its "mln" and "dlrs") or another language's list reads them clearly
    better (``reads_foreign``: "Ich bin im Krankenhaus.", whose words English's list holds
    too). One word alone ("Macron") rules nothing out."""

    def rules_out(i: int, lang: str) -> bool:
        written = [word for word in WORD.findall(texts[i]) if len(word) > 1]
        if len(written) < 2:
            return False
        if lang != "en":
            return english_words(i, lang)
        # A capitalised word may be a name ("Oranje held in Amsterdam", "Bayern Munich v Borussia
        # Dortmund"): English lacking it says nothing; another list reading the line better needs
        # two words in lower case ("Bayern sack Tuchel" is English).
        found = [word for word in written if not word[0].isupper()]
        # A word of ASCII consonants alone is an abbreviation ("mths", "shrs", "qtr"), no evidence.
        return (lacking and any(not english_entry(word.lower()) and not _ABBREVIATION.fullmatch(word) for word in found)
                or len(found) >= 2 and reads_foreign(i))

    return rules_out


def fill_short(
    sentences: Sequence[Sentence], judged: list[Judgement | None], guess: Callable[[], Judgement],
    allowed: Allowed = lambda i, lang: True, group: Sequence[str] | None = None,
    rules_out: Allowed | None = None, english: Callable[[int], bool] | None = None,
    alone: Callable[[int], Judgement | None] | None = None,
) -> list[Judgement]:
    """Give each unjudged sentence its nearest judged neighbour's language.

    Previous in the same paragraph, else next in the same paragraph, else previous, else
    next, leaving out those whose language the sentence's own words rule out (``rules_out``:
    "I give up." between Italian lines) while any is left. When that neighbour's language
    is not one ``allowed`` gives it (it writes
    another script), the nearest judged sentence whose language is, in the same order;
    when there is none, English if its words are all English (``english``: "Prices rose."
    among Chinese lines), else (a name or an acronym among sentences of another script: it
    has no language of its own) the nearest neighbour after all. A sentence whose words rule
    out every neighbour's language takes its own guess (``alone``: lingua's, however
    short it is) where its words do not rule that out too: "Saya lapar." between English
    lines is Indonesian, "Thank you." between Indonesian lines English. ``group`` names what
    ``allowed`` depends on for each sentence (its script). When no sentence was judged
    at all, every one takes ``guess()``.
    """
    if not any(judged):
        return [guess()] * len(sentences)
    nearest = _nearest_judged(sentences, judged, lambda lang: True)
    chosen: list[Judgement] = []
    restricted: dict[str, list[list[Judgement | None]]] = {}
    for i, own in enumerate(judged):
        candidates = [c for c in nearest[i] if c is not None]
        if own is None and alone is not None and rules_out is not None and candidates \
                and all(rules_out(i, c[0]) for c in candidates):
            found = alone(i)
            if found is not None and allowed(i, found[0]) and not rules_out(i, found[0]):
                chosen.append(found)
                continue
        if own is None and rules_out is not None and len({c[0] for c in candidates}) > 1:
            candidates = [c for c in candidates if not rules_out(i, c[0])] or candidates
        if own is not None or all(allowed(i, c[0]) for c in candidates[:1]):
            chosen.append(own or candidates[0])
            continue
        # The nearest neighbours write another script: the nearest that writes this one.
        key = group[i] if group is not None else ""
        if key not in restricted:
            restricted[key] = _nearest_judged(sentences, judged, partial(allowed, i))
        fitting = [c for c in restricted[key][i] if c is not None]
        if rules_out is not None and len({c[0] for c in fitting}) > 1:
            fitting = [c for c in fitting if not rules_out(i, c[0])] or fitting
        if not fitting and english is not None and english(i):
            chosen.append(("en", 0.5))
            continue
        chosen.append((fitting or candidates)[0])
    return chosen


def keep_to_script(chosen: list[Judgement], allowed: Allowed,
                   reguess: Callable[[int], Judgement | None]) -> set[int]:
    """Script is evidence that neither context nor a guess overrides. A sentence whose chosen
    language does not write its script (a headline whose Latin names lingua read as English:
    "Apple Vision Pro 출시"; "The taka fell." after a Chinese line, inheriting Chinese) is
    guessed again on its own (``reguess``), and is ``und`` where that guess does not fit
    either. Changes ``chosen`` in place; returns the indices changed. (A language named beyond
    lingua, "yue" of a Cantonese line, is ``allowed``'s to vouch for.)"""
    changed = set()
    for i, (lang, _) in enumerate(chosen):
        if lang != "und" and not allowed(i, lang):
            found = reguess(i)
            chosen[i] = found if found is not None and allowed(i, found[0]) else ("und", 0.0)
            changed.add(i)
    return changed


def script_guess(text: str, script: str, words: Sequence[str], guess: Callable[[list[str]], tuple[str, float, tuple[str, ...]]],
                 ) -> Judgement:
    """A sentence's own guess where context gave it a language of another script
    (``keep_to_script``): on the words of its script, Latin names left out ("출시" of "Apple
    Vision Pro 출시"); a Latin line among other scripts with half or more of its ``words`` common
    English words is English ("The taka fell." after a Chinese line: lingua reads Icelandic)."""
    if script != LATIN:
        return guess([without_latin_names(text)])[:2]
    if words and 2 * sum(listed_zipf(w, "en", COMMON_ZIPF) >= COMMON_ZIPF for w in words) >= len(words):
        return ("en", 0.5)
    return guess([text])[:2]


def _nearest_judged(sentences: Sequence[Sentence], judged: Sequence[Judgement | None],
                    keep: Callable[[str], bool]) -> list[list[Judgement | None]]:
    """For each sentence, the nearest judged results that ``keep``: previous and next in its
    paragraph, previous and next anywhere."""
    # Four sweeps remember the nearest judged result in each direction, so a run of
    # fragments costs no more than one sentence.
    n = len(sentences)
    prev_same: list[Judgement | None] = [None] * n
    next_same: list[Judgement | None] = [None] * n
    prev_any: list[Judgement | None] = [None] * n
    next_any: list[Judgement | None] = [None] * n
    for order, same, any_ in ((range(n), prev_same, prev_any), (range(n - 1, -1, -1), next_same, next_any)):
        by_paragraph: dict[int, Judgement] = {}
        last: Judgement | None = None
        for i in order:
            same[i] = by_paragraph.get(sentences[i].paragraph)
            any_[i] = last
            own = judged[i]
            if own is not None and keep(own[0]):
                by_paragraph[sentences[i].paragraph] = own
                last = own
    return [[prev_same[i], next_same[i], prev_any[i], next_any[i]] for i in range(n)]


# A word is a common English word for a line too short to judge at this Zipf value or more
# (once in 300,000 words): "Prices rose." among Chinese lines.
COMMON_ZIPF = 3.5
# A document too short to judge is English when every word it has left is this common in
# English (once in 30,000 words): "One.", "Hello.", "Yes."; at 3.5, 128 of 58,724 foreign
# Tatoeba lines alone passed ("Soy gay.", "Fa fred.": "soy", "fa" and "fred" are English too).
GUESS_ZIPF = 4.5
# A line too short to judge whose words rule out its neighbours' languages takes lingua's
# guess (``fill_short``'s ``alone``), with its runners-up left open (``document_guess``'s
# ``runners``: so many of the best, within ``RUNNER_SHARE`` of its confidence): "Es ist
# kalt." read as Bokmål leaves German open, and routing covers both.
RUNNERS_UP, RUNNER_SHARE = 3, 0.5


def document_guess(texts: Sequence[str], rank: Callable[[str], list[ConfidenceValue]], lists: WordLists,
                   english: Callable[[str], bool], runners: int = 0,
                   known: Callable[[str], bool] = lambda word: False,
                   foreign: Callable[[Sequence[str]], bool] = lambda words: True) -> tuple[str, float, tuple[str, ...]]:
    """Lingua's guess (``rank``) for a document no line of which can be judged alone, and the
    languages it leaves open: a weak verdict's (``close_relatives``, and lingua's choice
    where the lists overrule it; with ``runners``, its ``runners`` best within
    ``RUNNER_SHARE`` of its confidence), so that routing covers them too. A Latin-script document
    whose every word is a common English word (``english``) is English, lingua's choice left
    open: "One." was Croatian, "Hello." Indonesian, "Yes." Tagalog; so is one whose words in
    lower case are and whose capitalised ones are English words too (``known``: "Stocks rose.",
    "Arsenal won 2-1 on Saturday." were French and Indonesian), unless a language sharing
    English's common words reads it clearly better (``foreign``: "Ich bin im ...")."""
    joined = "\n".join(texts)  # fragments that say nothing alone may still say something together
    ranked = rank(joined) if joined.strip() else []
    if not ranked or ranked[0].value <= 0.0:
        return ("und", 0.0, ())
    tokens = [w.lower() for w in WORD.findall(joined)]  # relatives: markers and lists say which
    words = [w for w in tokens if len(w) > 1]
    top = code_of(ranked[0].language)
    opened: tuple[str, ...] = ()
    latin = sentence_script(joined) == LATIN
    if latin and words and top != "en" and all(map(english, words)):
        return ("en", 0.5, (top,))
    written = [w for w in WORD.findall(joined) if len(w) > 1]
    lower = [w for w in written if not w[0].isupper()]
    if (latin and lower and top != "en" and all(english(w) for w in lower)
            and all(known(w.lower()) for w in written if w[0].isupper()) and not foreign(words)):
        return ("en", 0.5, (top,))
    if not latin:
        lang = lists.pair(top, words, tokens)
    else:  # a weak guess: the lists may overrule it, and pair it (``WordLists.read``)
        relative, opened = lists.read(top, words, True, tokens, weak=True)
        lang = relative or top
    weighed = {code_of(c.language): c.value for c in ranked if c.value > 0.0}
    close = {code_of(c.language) for c in ranked[:runners] if c.value >= RUNNER_SHARE * ranked[0].value}
    alternatives = {*close_relatives(top, weighed, weak=True), *opened, *close, top} - {lang, "en"}
    return (lang, ranked[0].value, tuple(sorted(alternatives - lists.decided(lang, words))))
