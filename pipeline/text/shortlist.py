"""Which sentences need lingua's high-accuracy models, and which of those models.

Lingua's low-accuracy mode (trigrams alone) loads every language's models in a third of
a second; its high-accuracy models cost about 0.2 s to load per language. Over a news
feed the low-accuracy pass points at some thirty languages, most of them for English
lines no model reads well (tables of figures, fragments left by blanked names), so
asking the high-accuracy models of every sentence's shortlist loaded nearly all of them
(648 sentences/s on unseen Reuters news, against 1,731 with 17 languages). Two kinds of
sentence go without (``LanguageIdentifier._judge_staged``):

- **settled**: the low-accuracy verdict is English and clear (``SETTLE_WORDS`` words or
  more, English ``SETTLE_RATIO`` times the runner-up or more). Measured on 10,031
  Tatoeba lines of 63 languages that reach lingua, no foreign line settles as English.
  A clear *foreign* verdict is not settled: the low-accuracy mode reads English lines as
  French or Dutch at 0.99 ("The issue is available in denominations of 5,000 dlrs." ->
  French 0.998; high accuracy: English 0.80), and its ranking leaves out the close
  relatives the high-accuracy one keeps open for routing (mixed documents: 173 -> 184
  lines sent to another language's model when foreign verdicts settled too);
- **English-looking, in an English document**: a line whose words read as English
  rather than as its low-accuracy language (half of them or more, against that
  language's word list), or a line of figures (``FIGURE_WORDS``: "Shr loss 1.77
  dlrs vs profit 15 cts", "Oper shr loss 1.05 dlrs vs profit nine cts": labels and
  units lingua reads as French or Tswana at any accuracy) unless that language's list
  vouches for its words as for a clear foreign line's (below: "... tumbuh 0, 7 % per
  tahun sejak 2019." is Indonesian, and settles with its document), in a document whose firm
  verdicts are all English once the other lines are judged, or that has no firm
  verdict but an English one (a table of figures and its note: ``context_decides``).
  Context decides it whatever lingua says (``context``), so its low-accuracy ranking
  is kept as a guess that rules nothing out, and the guess is English without its
  language's word list read (``context.Verdict.guess``: the one-word English checks of
  guesses in languages without a list loaded pairs of high-accuracy models). Two more
  kinds of line wait so, read against the English list alone (its head is read
  anyway), before the low-accuracy language's own list: the lines of an **English
  table** (``english_table``: ``TABLE_LINES`` lines of figures whose words are
  ``TABLE_SHARE`` common English words; then any line of it whose words are: "Avg shrs
  3,313,000 vs three mln", read as Welsh, "Shr after preferred divs."; a table with no
  English line around it only when English's list reads all its words clearly better
  than each of its lines' low-accuracy languages' lists: "mln", "vs", "euro" and "per"
  make half of a Dutch or Italian table, "profit", "loss" and "sales" are English) and
  the **lines of common English words of a document English but for them** (``english_document``,
  ``common_english``: "Pennwalt said it offered one mln shares of common stock at 63.25
  dlrs a share.", read as Nynorsk, a language without a word list to weigh its words
  against). On 8,008 sentences of unseen Reuters news these took the high-accuracy
  models out of a fresh process altogether (and with them most of the word lists it
  read): 1,349 -> 3,756 sentences/s, 5.90 -> 2.10 CPU s, peak RSS 527 -> 175 MB
  (``scripts/bench_languages.py --speed-sentences 8000 --only speed --speed-runs 3``,
  best of 3, on the shared 2-core machine under a load of 2-4; about 1,830/s and 4.9 CPU
  s idle before). Labels over Reuters articles 1000-4000, bench_languages' 58,263 Tatoeba
  lines and 1,000 mixed documents (88,238 sentences): no language changed (Tatoeba and
  mixed-document figures as before); 201 English lines English by their own words rather
  than by context's, 63 English lines without the foreign alternatives the high-accuracy
  ranking left them (routing passes English through whatever its alternatives). Over the
  84,702 sentences of the Reuters articles after those, 29 lines went from a foreign
  language to English (tables read as Tagalog, "Parent bank net profit 181.5 mln
  schillings vs 135.1 mln" as Dutch), none the other way (``bench_lid.py --reuters 8000``:
  false-foreign 4 -> 0). A Tatoeba-mixed document never qualifies
  (``ENGLISH_MAJORITY``): without that condition, lines of common English words waiting
  in any document sent 9 mixed-document lines (Afrikaans, French, Estonian) to English.
  These two kinds are set aside before the low-accuracy pass (lines of common English
  words when the document is English but for every line left to lingua) and ranked only
  if context, once the other lines are judged, does not decide (a firm verdict in another
  language, a table with no English around it); where it decides they are English by
  their words, lingua unasked (confidence 1). On 8,008 unseen Reuters sentences that is
  822 of the 901 lines the pass read. Over 29,542 sentences of Reuters articles
  1000-4999: no label changed; 1,456 English lines now confidence 1, 88 without the
  alternatives their guess carried (English passes through whatever they are), 12 English
  by their own words rather than by context's. A fresh process on those 8,008 sentences,
  back to back with the commit before on a slow spell (``--only speed``, 3 pairs):
  2,095-2,132 -> 2,633-2,913 sentences/s, 4.1-4.2 -> 3.1-3.4 CPU s.

- **one clear foreign language**: the lines left are all clearly one language (``clear``)
  whose word list vouches for each (holds ``SETTLE_HELD`` of its words, which do not read
  as English): a monolingual repost, or the foreign half of a bilingual document
  (``settle_together``). The bundled example's cold audit loaded Indonesian's and
  English's high-accuracy models (0.5 s) to say what the low-accuracy pass said. Measured:
  bench_languages' per-language and mixed-document figures unchanged (1 Tagalog line of
  56,876 more to another model), and 5,088 lines of 848 bilingual English+X documents of
  25 Latin-script languages labelled alike, alternatives too (97 of them settled). Where
  two foreign languages meet, the high-accuracy models still decide: settling each clear
  line alone cost mixed documents 0.2-0.8 points (its ranking leaves relatives out).

The rest go to the high-accuracy models of their own shortlists (each sentence's best
few languages within a factor ``SHORTLIST_FACTOR`` of its best, and English), one
batched call per document. A Latin-script line's shortlist also takes the
``LISTED_SHORTLIST`` languages whose word lists read its words best (``listed_shortlist``):
the low-accuracy trigrams often leave the right relative out (Spanish lines shortlisted
as Esperanto and Tagalog, Italian as Latin), and the high-accuracy models cannot choose a
language they are not asked about. A line whose low-accuracy best language has no word
list (Estonian, Latin, Swahili, Albanian, Welsh; and Tswana, Sesotho, Tagalog, which that
pass finds in their short lines) has no list to bring its own language in: "Ta vihkab ämblikke."
(Estonian) was labelled Sesotho, "A do të pish çaj apo kafe?" (Albanian) Tswana. Its high-accuracy ranking among
the ``UNLISTED_SHORTLIST`` best low-accuracy languages stands in for the low-accuracy one
(``LanguageIdentifier._unlisted_reranked``) and draws up its shortlist, so the usual
shortlist ranks it with calibrated confidences (ranking it among all of them at once spread
the confidence so thin that context overruled lines of Esperanto and Welsh as English).
Measured (bench_languages, 56,876 Tatoeba lines of 63 languages and 9,000 mixed-document
lines): lines identified right 52,978 -> 53,136; routed languages under 95% on 4+ words 15
-> 13 (Estonian, Albanian over it); lines sent to another language's model 380 -> 352,
languages over 1% 16 -> 14; mixed documents 8,733 -> 8,736. All Latin languages instead of
8: 53,149 right, 344 to another model, but a fresh process identifying one Estonian line
loads every Latin high-accuracy model (2.5 -> 12.5 s, 250 -> 940 MB; with 8: 3.3 s, 300
MB). English news never gets there (Reuters: no high-accuracy model loaded).

Loading those models was most of what a fresh process paid: on 8,008 sentences of
unseen Reuters news, 81 lines (nearly all of them lines of earnings tables) loaded 23
languages' high-accuracy models, about 4 of its 7 CPU seconds; after the guesses above
none is left, and what a fresh process pays is the low-accuracy models (0.3 s), their
pass over the lines left (0.5 s; 0.2 s since tables and common-English lines go unranked),
the word lists of tables with no English line around them (0.3 s) and segmenting and
blanking every line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import cache

from lingua import ConfidenceValue, Language

from pipeline.text.detectors import code_of
from pipeline.text.evidence import Evidence
from pipeline.text.lexicon import WORD, listed_zipf
from pipeline.text.relatives import reads_better

SETTLE_WORDS = 5
SETTLE_RATIO = 8.0
# A language under the best one's value divided by this is no candidate (a 4:1 bet).
SHORTLIST_FACTOR = 4.0
# A line with a figure for every ``FIGURE_WORDS`` words or fewer is a line of a table
# ("Shr loss 1.77 dlrs vs profit 15 cts"): its words are labels and units, abbreviations
# lingua reads as any language at any accuracy. At 3, "Oper shr loss 1.05 dlrs vs profit
# nine cts" (2 in 7) went to German's high-accuracy models; at 4 the per-language and
# mixed-document figures of bench_languages are unchanged.
FIGURE_WORDS = 4
# A document with this many lines of figures whose words are half common English words
# or more holds an English table (``english_table``); its lines whose words are, wait.
TABLE_LINES = 2
TABLE_SHARE = 0.5
# A document with this many English verdicts (lingua unasked, or settled) for each line
# left to lingua, or more, is English but for those lines (``english_document``): a mixed
# document of three English lines and six foreign ones never is. Their words are English
# when this share of them or more are common English words (``common_english``).
ENGLISH_MAJORITY = 2
COMMON_SHARE = 0.8
# A clear foreign verdict may settle when its language's word list holds this share of the
# sentence's words (``settle_together``).
SETTLE_HELD = 0.8
# The languages whose word lists read a Latin-script line best that join its shortlist
# (``listed_shortlist``), and the Zipf value from which a list's words count (about the
# 2,000 most common words of a language: function words and everyday verbs and nouns,
# the words that tell relatives apart; lower, names and loanwords shared by every list
# blur the reading).
LISTED_SHORTLIST = 2
LISTED_FLOOR = 4.5
# A list reading a line less than half as well as the best one (its Zipf values summed) is
# no candidate: the second list of an Indonesian line is Catalan's, for loanwords and names,
# at a fifth of Indonesian's reading, and would load Catalan's models for nothing.
LISTED_FACTOR = 2.0
# A Latin-script line whose low-accuracy best language has no word list is ranked by the
# high-accuracy models of this many of its low-accuracy best first (module docstring).
UNLISTED_SHORTLIST = 8
_FIGURE = re.compile(r"\d+(?:[.,/-]\d+)*")


def settles(ranked: Sequence[ConfidenceValue], words: int) -> bool:
    """Whether a low-accuracy ranking of a sentence of ``words`` words (names aside) is a
    clear English verdict that needs no high-accuracy models."""
    return bool(ranked) and ranked[0].language == Language.ENGLISH and clear(ranked, words)


def clear(ranked: Sequence[ConfidenceValue], words: int) -> bool:
    """Whether a low-accuracy ranking names its language clearly: ``SETTLE_WORDS`` words
    or more, the best language ``SETTLE_RATIO`` times the runner-up or more."""
    if words < SETTLE_WORDS or not ranked or ranked[0].value <= 0.0:
        return False
    runner_up = ranked[1].value if len(ranked) > 1 else 0.0
    return ranked[0].value >= SETTLE_RATIO * runner_up


def settle_together(items: Sequence[tuple[int, Sequence[ConfidenceValue]]], words: Callable[[int], int],
                    listed: Collection[str], reads_as: Callable[[int, str], bool]) -> bool:
    """Whether a document's lines left for the high-accuracy models (``items``: index and
    low-accuracy ranking) keep their low-accuracy verdicts: all of them clear (``clear``,
    ``words(i)``) and for one language with a word list (``listed``) that vouches for each
    (``reads_as(i, lang)``: its list holds ``SETTLE_HELD`` of the words, and they do not
    read as English). A monolingual foreign document, or the foreign part of a bilingual
    one: where two foreign languages meet, the high-accuracy models still decide."""
    tops = {code_of(ranked[0].language) for _, ranked in items if ranked}
    if len(tops) != 1 or len(items) != sum(1 for _, ranked in items if ranked):
        return False
    (lang,) = tops
    return lang in listed and all(clear(ranked, words(i)) and reads_as(i, lang) for i, ranked in items)


def own_shortlist(ranked: Sequence[ConfidenceValue], size: int) -> set[Language]:
    """A sentence's ``size`` best languages within ``SHORTLIST_FACTOR`` of its best."""
    if not ranked:
        return set()
    floor = ranked[0].value / SHORTLIST_FACTOR
    return {c.language for c in ranked[:size] if c.value > 0.0 and c.value >= floor}


def listed_shortlist(words: Sequence[str], frequency: Callable[[str, str], float], languages: Collection[str],
                     size: int = LISTED_SHORTLIST) -> list[str]:
    """The ``size`` of ``languages`` (with word lists) whose lists read ``words`` (lower case)
    best, each word scoring its Zipf value (``frequency``, 0 under ``LISTED_FLOOR``), and
    better than English's list does: a line English's list reads as well as theirs needs
    no language beside the English its shortlist has (news English loads no other models).
    A list under the best one's reading divided by ``LISTED_FACTOR`` is left out. Best
    first; none for a line no list reads."""
    if not words:
        return []
    english = sum(frequency(word, "en") for word in words)
    scores = {lang: sum(frequency(word, lang) for word in words) for lang in languages if lang != "en"}
    ranked = sorted((lang for lang, score in scores.items() if score > english), key=lambda lang: -scores[lang])
    return [lang for lang in ranked[:size] if scores[lang] * LISTED_FACTOR >= scores[ranked[0]]]


def listed_candidates(words: Sequence[str], top: str, frequency: Callable[[str, str], float],
                      languages: Collection[str], holds_every_word: Callable[[str], bool]) -> list[str]:
    """The languages a Latin-script line's word lists add to its shortlist: ``listed_shortlist``,
    unless the trigrams' choice ``top`` (one of ``languages``) has a list holding every word
    (``holds_every_word``): then ``top`` alone, and the other lists are not read (the bundled
    example's one Indonesian line read 26 of them: 0.17 s of a cold audit)."""
    if top in languages and holds_every_word(top):
        return [top]
    return listed_shortlist(words, frequency, languages)


def figures(ev: Evidence) -> bool:
    """Whether a sentence is a line of figures (``FIGURE_WORDS``)."""
    return len(_FIGURE.findall(ev.text)) * FIGURE_WORDS >= max(ev.words, 1)


def english_table(lines: Sequence[Evidence], english_entry: Callable[[str], bool]) -> bool:
    """Whether a document's lines left to lingua hold an English table: ``TABLE_LINES`` lines
    of figures (``figures``) or more whose words read as English (``common_english`` at
    ``TABLE_SHARE``: "Shr loss 1.77 dlrs vs profit 15 cts")."""
    return sum(1 for ev in lines if figures(ev) and common_english(ev, english_entry, TABLE_SHARE)) >= TABLE_LINES


def table_line(ev: Evidence, english_entry: Callable[[str], bool]) -> bool:
    """Whether a line of a document holding an English table is English by its words:
    ``TABLE_SHARE`` of them common English words ("Avg shrs 3,313,000 vs three mln", "Shr
    after preferred divs."), and a figure among them or no ``OVERLAPPING`` language reading
    them clearly better: "Ist es nötig, dass ich dir Geld gebe?" read as four common English
    words of seven."""
    return common_english(ev, english_entry, TABLE_SHARE) and (bool(_FIGURE.search(ev.text)) or not overlapping(ev))


def table_reads_english(lines: Sequence[Evidence], tops: Collection[str],
                        frequency: Callable[[str, str], float]) -> bool:
    """Whether English's word list reads a table's words, all its lines together, clearly better
    than the list of each of ``tops`` (its lines' low-accuracy languages that have a list:
    ``relatives.reads_better``): "mln" is Lithuanian and Italian too, but "profit", "loss",
    "sales" are not. A language without a list weighs nothing: the English list has vouched
    for the table (``english_table``)."""
    words = [w for ev in lines for w in ev.list_words]
    return all(reads_better(words, "en", top, frequency) for top in sorted(set(tops) - {"en"}))


def english_document(english: int, left: int) -> bool:
    """Whether a document with ``english`` English verdicts (lingua unasked, or settled) and
    ``left`` lines left to lingua is English but for them (``ENGLISH_MAJORITY``)."""
    return english >= ENGLISH_MAJORITY * left


def common_english(ev: Evidence, english_entry: Callable[[str], bool], share: float) -> bool:
    """Whether ``share`` of a sentence's words or more are common English words (``english_entry``;
    a compound when each of its parts is one: "non-life")."""
    found = ev.list_words
    common = sum(all(map(english_entry, word.split("-"))) for word in found)
    return bool(found) and common >= share * len(found)


# Languages whose most common words English's list holds as common English words (Zipf
# 2.5 or more): of each wordfreq list's 40 most common words, French 95%, Spanish 95%,
# German 93%, Italian 90%, Portuguese 78% (Dutch, Danish, Catalan 72%, the rest less). A line
# of theirs can pass ``COMMON_SHARE``: "Er hat jahrelang die Auswirkungen von Schlaf ...
# untersucht", its nouns blanked as names, read 9 of its 11 words as common English.
OVERLAPPING = ("de", "fr", "es", "it", "pt")
# Their lists are read down to this Zipf value only (their function words), and quickly.
OVERLAP_FLOOR = 4.0


def english_line(ev: Evidence, english_entry: Callable[[str], bool]) -> bool:
    """Whether a line of an English document is English by its words, lingua unasked:
    ``COMMON_SHARE`` of them common English words, and either a word only English writes
    among them ("the", "which") or no ``OVERLAPPING`` language's list reading them clearly
    better than English's (``relatives.reads_better``)."""
    return common_english(ev, english_entry, COMMON_SHARE) and not overlapping(ev)


def overlapping(ev: Evidence) -> bool:
    """Whether an ``OVERLAPPING`` language's list reads a line without a word only English
    writes clearly better than English's list."""
    return not ev.english and any(reads_better(ev.list_words, lang, "en", _overlap_zipf) for lang in OVERLAPPING)


def overlapping_words(words: Sequence[str]) -> bool:
    """Whether an ``OVERLAPPING`` language's list reads ``words`` (lower case) clearly better than English's."""
    return any(reads_better(words, lang, "en", _overlap_zipf) for lang in OVERLAPPING)


def _overlap_zipf(word: str, lang: str) -> float:
    return listed_zipf(word, lang, 2.5 if lang == "en" else OVERLAP_FLOOR)


def waits_as_english(ev: Evidence, english_entry: Callable[[str], bool], ranked: Sequence[ConfidenceValue],
                     frequency: Callable[[str, str], float]) -> bool:
    """Whether a line of an English document left to lingua waits for context as English:
    ``COMMON_SHARE`` of its words are common English words, and the low-accuracy pass's
    language (``ranked``), where it has a word list, does not read them clearly better than
    English's list (``relatives.reads_better``): "Ist es nötig, dass ich dir Geld gebe?"
    reads German. A line with a word only English writes never gets this far (``english_line``)."""
    top = code_of(ranked[0].language) if ranked else "en"
    return common_english(ev, english_entry, COMMON_SHARE) and (
        top == "en" or not reads_better(ev.list_words, top, "en", frequency))


def context_decides(firm: set[str], english: bool) -> bool:
    """Whether context decides a document's English-looking lines, lingua's high-accuracy
    models unasked: its firm verdicts (``firm``, their languages) are all English, or it
    has none (a table of figures) but ``english`` is true: it has an English verdict, or is
    an English table whose words English's list reads clearly better than its lines'
    languages' lists (``table_reads_english``). Any other table goes to
    the high-accuracy models: its guesses would be Tswana or Lithuanian ("Shr 1.12 dlrs vs
    1.05 dlrs" -> tn) with nothing English for context to give them."""
    return firm == {"en"} if firm else english


def english_reader(evidence: Sequence[Evidence], listed: frozenset[str], common_zipf: Callable[[str, str], float],
                   english_zipf: Callable[[str], float], is_english_word: Callable[[str, str], bool],
                   ) -> Callable[[int, str], bool]:
    """``(i, lang) ->`` whether half or more of sentence ``i``'s words are English rather than
    ``lang`` (``is_english_word``); for a line of figures ("Avg shrs 8.9 mln vs 15.0 mln":
    labels and units common in more than one language), whether English's list reads its
    words clearly better as a whole (``reads_better`` with ``common_zipf``, for a ``listed``
    language)."""

    @cache  # asked per sentence and language by several stages (``overruled``, ``words_rule_out``...)
    def english_words(i: int, lang: str) -> bool:
        words = [w for w in WORD.findall(evidence[i].text) if len(w) > 1]
        if figures(evidence[i]) and lang in listed and reads_better([w.lower() for w in words], "en", lang,
                                                                    common_zipf):
            return True
        needed, english = (len(words) + 1) // 2, 0
        # Stop once the answer is known: the words left need not be looked up. The most
        # common English words first: they read ``lang``'s list only near its head.
        words.sort(key=lambda word: -english_zipf(word.lower()))
        for left, word in zip(range(len(words), 0, -1), words):
            if english + left < needed:
                break
            english += is_english_word(word, lang)
            if english >= needed:
                return True
        return False

    return english_words
