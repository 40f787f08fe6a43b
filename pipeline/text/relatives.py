"""Close relatives: languages lingua's character n-grams confuse, told apart by their words.

Lingua reads character n-grams; between close relatives (Spanish, Portuguese, Italian,
Catalan; Russian, Ukrainian, Belarusian, Kazakh...) one n-gram model sometimes wins by
a wide margin on a sentence whose words all belong to the other language ("Мешканці
сказали, що задоволені" -> Kazakh 1.0). Word frequencies are independent evidence: each
candidate's wordfreq list scores the sentence as a unigram model (Zipf values summed,
an unlisted word scoring nothing), and the relative whose words the sentence uses
clearly more often wins (``by_words``), whether lingua ranked it or not: lingua's
high-accuracy models rank only each sentence's shortlist, which often leaves the right
relative out. Only languages wordfreq lists can win this way: a language without a list
(Kazakh, Belarusian, Nynorsk) keeps lingua's word unless a Cyrillic relative's list has
every word (``UNLISTED_CHECKED``), or, in Latin script, a language outside its group has
every word among its common ones (``by_lists``: Spanish read as Tagalog). ``RELATIVES``
is the groups, by family and script (Cyrillic languages share letters whatever their
family).

The lists also say when a verdict is uncertain (``open_by_words``): a language whose own
list holds few of the sentence's words may be a relative without a list (Afrikaans read
as Dutch, Azerbaijani as Turkish), and a verdict for a language without a list leaves
open the listed relatives whose lists hold every word (Spanish read as Esperanto). Those
travel as ``Identified.alternatives``, and routing picks a model that covers them too
instead of betting on one language's model. A language without a list is never ruled
out for lacking one. ``WordLists.read`` is the whole decision, for ``langid``.

Croatian, Bosnian and Serbian have no list of their own: they read wordfreq's
Serbo-Croatian one (``GROUP_LISTS``, ``shared_lists``), which weighs them against Slovene
and the rest but cannot tell them apart; nor can Bokmål's list tell Nynorsk or, often,
Danish. Their spelling markers can (``pipeline.text.markers``): ``WordLists.marked``
consults them before the lists, and again on the relative the lists chose.

Malay and Indonesian are one pair the lists decide alone (``malay_or_indonesian``):
lingua takes a third of Indonesian lines for Malay, so it is not asked about Malay
(``lingua_leaves``). A line lingua or a relative's words call Indonesian is Malay only
when its Malaysian spellings outweigh the Indonesian ones clearly (``MALAY_MARGIN``), and
a verdict leaves the other open to no relative's closeness (``decided``). Where neither
the line's words nor its document's read together reach the margin either way, the
other travels with the line (``one_standard``), for routing to a model that reads both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.text.markers import (
    CYRILLIC,
    GRAMMAR_MARKERS,
    GROUPS,
    SERBO_CROATIAN_LIST,
    YAT_FLOOR,
    by_grammar,
    by_letters,
    by_markers,
    grammar_named,
    grammar_pair,
    named,
    votes,
)
from pipeline.text.markers import GROUP_OF as MARKER_GROUP_OF
from pipeline.text.markers import SERBO_CROATIAN
from pipeline.text.scripts import LATIN, writes

RELATIVES: tuple[frozenset[str], ...] = (
    frozenset({"es", "pt", "it", "ca", "fr", "ro", "la", "eo"}),  # Romance (and two built from it)
    frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "mn"}),  # Cyrillic
    frozenset({"hr", "bs", "sr", "sl"}),  # South Slavic, Latin script
    frozenset({"cs", "sk", "pl"}),  # West Slavic
    frozenset({"da", "nb", "nn", "sv", "is"}),  # North Germanic
    frozenset({"nl", "af", "de"}),  # West Germanic
    frozenset({"id", "ms", "tl"}),  # Malayo-Polynesian
    frozenset({"lt", "lv"}),  # Baltic
    frozenset({"fi", "et"}),  # Finnic
    frozenset({"tr", "az"}),  # Turkic, Latin script
)
# Unlisted languages whose verdict a listed relative's words may overrule: the Cyrillic
# ones. Measured on Tatoeba: in Latin script the lists overlap too much (Bokmal's list
# holds most Nynorsk words, Dutch's most Afrikaans ones: both fell by 15-40 points),
# while Ukrainian rose from 93.6% to 98.8% and Belarusian and Kazakh held.
UNLISTED_CHECKED = frozenset({"be", "kk", "mn"})
# Languages without a list of their own read their family's: wordfreq's Serbo-Croatian
# list holds Croatian, Bosnian and Serbian words alike (the spelling markers tell them
# apart, ``markers``), so that Slovene and the rest can be weighed against them.
GROUP_LISTS: Mapping[str, str] = {"hr": SERBO_CROATIAN_LIST, "bs": SERBO_CROATIAN_LIST, "sr": SERBO_CROATIAN_LIST}
# Languages whose own list wordfreq files under another code: Tagalog's is Filipino's
# (``fil``, its standard form).
OWN_LISTS: Mapping[str, str] = {"tl": "fil"}
# Nynorsk has no list, and Bokmål's holds most of its words: it stands in for Nynorsk when
# markers name Nynorsk against a verdict outside its group (``WordLists.marked``).
KIN_LISTS: Mapping[str, str] = {"nn": "nb"}
# The verdicts whose relatives spelling markers tell apart (``markers.by_markers``).
MARKED = frozenset(MARKER_GROUP_OF) | CYRILLIC
GROUP_OF: Mapping[str, frozenset[str]] = {
    lang: frozenset().union(*(group for group in RELATIVES if lang in group))
    for lang in frozenset().union(*RELATIVES)
}
# A relative replaces lingua's choice when its words score this many Zipf points more,
# per word of the sentence (a word ten times as common in it, on average, scores 1).
MARGIN_PER_WORD = 0.5
# A sure verdict whose own list holds less than this share of the line's words is read as a weak one (``overruled``).
OWN_HELD = 0.5
# A word counts as in a list at this Zipf value or more (once per million words or more).
LISTED = 3.0
# A relative lingua ranks at this share of its top language's confidence or more is not
# ruled out: lingua's values are relative (they sum to 1), so 0.25 is a 4:1 bet.
CLOSE = 0.25
# Fewer words than this say too little to overrule lingua; when lingua is unsure (a weak
# verdict), fewer than ``WEAK_WORDS`` ("Nasaan ka?" Tagalog, not Indonesian). At 2 for weak
# verdicts, Tatoeba (``scripts/bench_languages.py``): 52,925 -> 52,978 of 56,876 lines right
# (Ukrainian +12, Russian and Macedonian +7; Belarusian -3), lines sent to another
# language's model 1,294 -> 1,276, languages over 1% 20 -> 19 (Tagalog 1.1% -> 0.9%).
MIN_WORDS = 3
WEAK_WORDS = 2
# A list outside the verdict's group overrules it only when it holds every word at this
# Zipf value or more (ten times a million words): lists hold much noise below it
# (Afrikaans "sy", "het", "op" are in French's list at 3.4 to 4.5).
HELD = 4.0
# Malay and Indonesian: each word counts its Zipf value in Malay's list less Indonesian's,
# read whole (the telling spellings are often rare in the other list: "kerana" 4.3 in
# Indonesian's, "epal" absent), capped at ``MALAY_CAP`` a word so that one rare noun does
# not decide alone; the line is Malay at ``MALAY_MARGIN`` points or more. Measured on the
# lines alone (Tatoeba 4+ words, NusaX sentences): cap 2 and 2.5 points take 32% of Malay
# lines and 0.1% of Indonesian ones (Tatoeba), 0.1% of NusaX's; 2.0 points took 41% of
# Malay but 0.6% of Indonesian, more than the Indonesian model may lose. Through the
# identifier: Malay lines of 4+ words 0% -> 29% Malay, NusaX sentences routed to the
# Indonesian model 98.10% -> 97.97% (scripts/bench_languages.py and issue 20's report).
MALAY, INDONESIAN = "ms", "id"
MALAY_CAP = 2.0
MALAY_MARGIN = 2.5
# A document writes one standard of a language: Serbo-Croatian's (Croatian, Bosnian or
# Serbian), Norwegian's (Bokmål or Nynorsk), Malay's (Malaysian or Indonesian). Its lines
# labelled with one standard or another read their markers together (``WordLists.one_standard``).
STANDARDS: tuple[frozenset[str], ...] = (SERBO_CROATIAN, frozenset({"nb", "nn"}), frozenset({MALAY, INDONESIAN}))



def shared_lists(configured: frozenset[str], available: frozenset[str]) -> dict[str, str]:
    """The word list each of ``configured`` is read with: its own where wordfreq has one
    (``available``), else its family's (``GROUP_LISTS``) where wordfreq has that."""
    lists = {lang: lang for lang in configured & available}
    lists.update({lang: OWN_LISTS[lang] for lang in configured - available if OWN_LISTS.get(lang) in available})
    lists.update({lang: GROUP_LISTS[lang] for lang in configured - available
                  if GROUP_LISTS.get(lang) in available})
    return lists


def preference(lang: str) -> tuple[int, str]:
    """Sort key among relatives that read alike (one shared list): the language written
    more first (``markers.GROUPS``' order: Croatian and Serbian before Bosnian)."""
    for group in GROUPS:
        if lang in group:
            return (group.index(lang), lang)
    return (0, lang)


def close_relatives(top: str, weighed: Mapping[str, float], weak: bool = False) -> tuple[str, ...]:
    """The languages lingua ranked within ``CLOSE`` of ``top``, too close to rule out: its
    relatives, or any language when the verdict is weak (few words, low confidence)."""
    group = GROUP_OF.get(top, frozenset())
    floor = weighed.get(top, 0.0) * CLOSE
    return tuple(sorted(lang for lang, value in weighed.items()
                        if lang != top and (weak or lang in group) and value >= floor))


def by_words(top: str, words: Sequence[str], listed: frozenset[str],
             frequency: Callable[[str, str], float], least: int = MIN_WORDS) -> str | None:
    """The relative of ``top`` whose word list reads ``words`` clearly better, or None.

    Every listed relative is weighed, whether lingua ranked it or not: lingua's high-accuracy models see only a sentence's
    shortlist, which often leaves the right relative out (Tatoeba, lines of 4+ words, with
    ``by_lists``: Catalan 77.3% -> 88.0%, Italian 86.6% -> 90.3%, Portuguese 89.1% -> 94.9%). When
    lingua's top language has no word list, only the Cyrillic ones (``UNLISTED_CHECKED``)
    may give way. ``listed`` are the languages with a word list; ``frequency(word, lang)``
    its Zipf value (0: unlisted).
    """
    group = GROUP_OF.get(top)
    if group is None or len(words) < least or not words:
        return None
    if top not in listed and top not in UNLISTED_CHECKED:
        return None
    candidates = sorted((lang for lang in group & listed if lang != top), key=preference)
    if not candidates:
        return None
    scores = {lang: sum(frequency(word, lang) for word in words) for lang in candidates}
    best = max(scores, key=scores.__getitem__)
    if top not in listed:
        # Nothing to weigh lingua's choice against: the relative wins only when its list
        # has every word (a sentence of the unlisted language has words it lacks).
        return best if all(frequency(word, best) >= LISTED for word in words) else None
    baseline = sum(frequency(word, top) for word in words)
    return best if scores[best] - baseline >= MARGIN_PER_WORD * len(words) else None


def reads_better(words: Sequence[str], lang: str, other: str, frequency: Callable[[str, str], float]) -> bool:
    """Whether ``lang``'s word list reads ``words`` clearly better than ``other``'s
    (``MARGIN_PER_WORD`` Zipf points a word, summed: the test ``by_words`` puts to relatives)."""
    if not words:
        return False
    margin = sum(frequency(word, lang) - frequency(word, other) for word in words)
    return margin >= MARGIN_PER_WORD * len(words)


def open_by_words(top: str, words: Sequence[str], listed: frozenset[str], configured: frozenset[str],
                  frequency: Callable[[str, str], float], support: float) -> tuple[str, ...]:
    """The relatives of ``top`` its words leave open, beside those lingua ranked close.

    A language with a word list whose list holds (at ``LISTED``) under ``support`` of
    ``words`` may be a relative without a list: the ``configured`` ones are left open. A
    language without a list leaves open the listed relatives whose lists hold every word.
    A language without a list is never ruled out for lacking one: it is left open, and
    routing picks a model that covers it too.
    """
    group = GROUP_OF.get(top)
    if group is None or not words:
        return ()
    if top in listed:
        held = sum(frequency(word, top) >= LISTED for word in words)
        if held >= support * len(words):
            return ()
        return tuple(sorted(lang for lang in group - listed if lang in configured and lang != top))
    return tuple(sorted(lang for lang in group & listed if lang != top
                        and all(frequency(word, lang) >= LISTED for word in words)))


def by_lists(top: str, words: Sequence[str], others: frozenset[str],
             frequency: Callable[[str, str], float], least: int = MIN_WORDS,
             against_top: bool = False, floor: float = HELD) -> str | None:
    """The language of ``others`` (listed, same script) outside ``top``'s group whose list
    holds every one of ``words`` at ``HELD`` or more, best read; None when there is none.

    For a verdict for a language without a word list (Tagalog, Sesotho, Esperanto...):
    lingua's n-grams alone chose it, and its words are all common words of another
    language (Tatoeba: Spanish and Slovene lines read as Tagalog or Sesotho). Within
    ``top``'s own group lists overlap too much to overrule it (``open_by_words``).
    ``least``: the fewest words that may overrule. ``against_top`` (a weak verdict for a
    listed language): the chosen list must read the words clearly better than ``top``'s own
    (``reads_better``); ``floor`` (``LISTED`` then: list is weighed against list, as
    ``by_words`` weighs relatives) the value every word must reach.
    """
    if len(words) < least or not words or top in others:
        return None
    group = GROUP_OF.get(top, frozenset())
    held = [lang for lang in sorted(others - group - {top}, key=preference)
            if all(frequency(word, lang) >= floor for word in words)]
    if not held:
        return None
    best = max(held, key=lambda lang: sum(frequency(word, lang) for word in words))
    return None if against_top and not reads_better(words, best, top, frequency) else best


def malay_or_indonesian(words: Sequence[str], frequency: Callable[[str, str], float]) -> str:
    """``MALAY`` when ``words`` use Malaysian spellings ("awak", "mahu", "kerana", "bahawa",
    "selepas") clearly more than Indonesian ones ("bisa", "karena", "uang", "banget"), by
    ``MALAY_MARGIN`` capped points (see there); else ``INDONESIAN``, the label of a line
    shared by both, which keeps Malay open where its document does too (``one_standard``)."""
    return MALAY if malay_score(words, frequency) >= MALAY_MARGIN else INDONESIAN


def malay_score(words: Sequence[str], frequency: Callable[[str, str], float]) -> float:
    """How much more Malaysian than Indonesian ``words`` read: each word's Zipf value in Malay's
    list less Indonesian's, capped at ``MALAY_CAP`` either way, summed."""
    return sum(max(-MALAY_CAP, min(MALAY_CAP, frequency(word, MALAY) - frequency(word, INDONESIAN)))
               for word in words)


@dataclass(frozen=True)
class WordLists:
    """What the word lists say about one verdict (``read``), for an identifier's languages.

    ``configured``: the languages lingua may choose; ``listed``: those of them with a word
    list (their own or their family's); ``support``: ``open_by_words``'s share (``[identify]
    word_support``); ``frequency(word, list, floor)``: the Zipf value in wordfreq's list,
    0 when unlisted or under ``floor`` (a list is read only down to its floor:
    ``lexicon.listed_zipf``); ``lists``: the list a language without its own reads
    (``shared_lists``).
    """

    configured: frozenset[str]
    listed: frozenset[str]
    support: float
    frequency: Callable[[str, str, float], float]
    lists: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def family(self) -> frozenset[str]:
        """The languages that read a family's list rather than one of their own (``GROUP_LISTS``)."""
        return frozenset(lang for lang, list_ in self.lists.items() if list_ != lang)

    def zipf(self, word: str, lang: str, floor: float) -> float:
        """``word``'s Zipf value in the list ``lang`` is read with (``frequency``)."""
        return self.frequency(word, self.lists.get(lang, lang), floor)

    def read(self, top: str, words: Sequence[str], latin: bool,
             tokens: Sequence[str] = (), weak: bool = False) -> tuple[str | None, tuple[str, ...]]:
        """The language ``words`` say instead of lingua's ``top`` (its spelling markers,
        ``markers.by_markers``; else ``by_words``, else for a Latin-script sentence
        ``by_lists``, the markers then choosing among the relatives of a new group), or
        None; and the relatives they leave open beside the language chosen (``open_by_words``).

        ``weak`` (a verdict lingua is not sure of: few words or low confidence): ``by_lists``
        reads it whatever its length and language, a family's list among the others (the
        markers choose the family's member), a listed ``top``'s own list to be read clearly
        worse; so is the guess for a document too short to judge line by line
        (``LanguageIdentifier._document_guess``). Tatoeba, all 56,876 lines of 63 languages
        (``scripts/bench_languages.py``): 416 more right; 1,532 -> 1,356 sent to another
        language's model, languages over 1% 28 -> 21 ("Ona voli cvijeće." was Turkish, "Tens
        gana?" Latvian, "Vi ses." Latvian); Afrikaans, Azerbaijani, Irish and Latin lost a line
        or two whose words are common words of a language with a list ("Credere volo." Italian).
        Then a listed verdict's rivals read at ``LISTED``, list against list, and no rival read
        where its own list holds every word (``overruled``): 1,364 -> 1,333 sent to another
        language's model, 52,725 -> 52,774 lines right ("Vieni qui." stays Lithuanian, whose list
        holds "vieni" and "qui").
        """
        # A family's list is in its Latin spelling (Serbian Cyrillic is no Serbo-Croatian list's).
        listed = self.listed if latin else self.listed - self.family
        tokens = tokens or words  # the markers read one-letter words too (å, v, u)
        # Letters one language alone writes decide, and leave no relative open (``markers.by_letters``).
        lettered = by_letters(tokens, self.configured) if latin else None
        if lettered is not None:
            chosen = self.pair(lettered, words, tokens)
            return (None if chosen == top else chosen), ()
        relative = self.overruled(top, words, tokens, weak) if latin else None
        relative = relative or self.marked(top, tokens)
        if relative is None:
            # Read down to ``LISTED`` only: a whole list costs a quarter of a second and tens of MB.
            relative = by_words(top, words, listed, lambda word, lang: self.zipf(word, lang, LISTED),
                                WEAK_WORDS if weak else MIN_WORDS)
            if relative is not None:
                relative = self.marked(relative, tokens) or relative
        chosen = self.pair(relative or top, words, tokens)
        relative = None if chosen == top else chosen
        opened = open_by_words(chosen, words, listed, self.configured,
                               lambda word, lang: self.zipf(word, lang, LISTED), self.support)
        return relative, tuple(lang for lang in opened if lang not in self.decided(chosen, words))

    def overruled(self, top: str, words: Sequence[str], tokens: Sequence[str] = (), weak: bool = False) -> str | None:
        """The language outside ``top``'s group whose list holds every one of a Latin-script
        line's ``words`` (``by_lists``), when lingua's n-grams alone chose ``top`` (no list of
        its own, or a family's), were unsure (``weak``) or chose a language whose list holds
        under ``OWN_HELD`` of the words; the markers choose a family's member."""
        family = self.family
        # A verdict whose own list holds under half the words is as unsure as a weak one: lingua's
        # letter rules are sure of Vietnamese for Catalan "és ... perquè està" and of Hungarian for
        # Swedish "idén för kommittén".
        if top == "en" or not (weak or top not in self.listed or top in family
                               or not self.holds(top, words, OWN_HELD)):
            return None
        # A family's list is no language's own: it names none for a verdict it holds, and a language
        # outside the family whose list has every word comes first (Czech and Portuguese read as Croatian).
        pool = self.listed if weak else self.listed - family
        others = frozenset(lang for lang in pool if lang not in ("en", top) and writes(lang, LATIN))
        own = top in self.listed and top not in family
        if own and self.holds(top, words, 1.0):
            # Its own list holds every word: it vouches for lingua's choice, and no other list is read
            # (a fresh process reads some thirty lists' heads for one: 0.45 s of the example's cold audit).
            return None
        floor = LISTED if own else HELD
        relative = by_lists(top, words, others, lambda word, lang: self.zipf(word, lang, floor),
                            1 if weak else MIN_WORDS, own, floor)
        if relative is not None and relative in family:
            relative = self.marked(relative, tokens or words) or relative
        return relative

    def marked(self, top: str, words: Sequence[str]) -> str | None:
        """The relative of ``top`` the spelling markers of ``words`` name (``markers.by_markers``);
        for a verdict outside the markers' groups, the language they name on their own
        (``markers.named``), when ``top`` has no list or reads the words clearly worse
        (``reads_better``). Either way the named language's list (its family's or its kin's:
        ``KIN_LISTS``) must hold half the words: markers tell relatives apart, not whether
        a line is in their family at all (a Romanian "nu" is no Danish one)."""
        def serbo_croatian(word: str) -> float:
            return self.frequency(word, SERBO_CROATIAN_LIST, YAT_FLOOR)

        if top == "en":  # English is told from its neighbours elsewhere (``evidence``)
            return None
        if top in MARKED:
            relative = by_markers(top, words, self.configured, serbo_croatian)
        else:
            relative = named(words, self.configured)
        if relative is None:
            return None
        kin = self.lists.get(relative, KIN_LISTS.get(relative, relative))
        listed = [word for word in words if len(word) > 1]
        held = sum(self.frequency(word, kin, LISTED) > 0.0 for word in listed)
        if 2 * held < len(listed):
            return None
        if top in MARKED or top not in self.listed:
            return relative
        better = reads_better(listed, kin, self.lists.get(top, top),
                              lambda word, lang: self.frequency(word, lang, LISTED))
        return relative if better else None

    def pair(self, lang: str, words: Sequence[str], tokens: Sequence[str] = ()) -> str:
        """``lang``, or the relative its spelling markers name (``marked``), or for Malay or
        Indonesian the one of the two ``words`` say (``malay_or_indonesian``, on the whole
        lists: see ``MALAY_CAP``), for a pair of ``markers.GRAMMAR_PAIRS`` the one whose
        markers they hold (``markers.by_grammar``)."""
        lang = (self.marked(lang, tokens or words) or lang) if words else lang
        if lang in GRAMMAR_MARKERS:  # the markers read one-letter words too ('n, y)
            return by_grammar(lang, tokens or words, self.configured)
        if not self.decided(lang) or not words:
            return lang
        return malay_or_indonesian(words, lambda word, other: self.zipf(word, other, 0.0))

    def one_standard(self, langs: Sequence[str],
                     tokens: Callable[[int], Sequence[str]]) -> tuple[list[str], dict[int, str]]:
        """Each line's language once a document's lines of one language's standards are read
        together (``STANDARDS``): where two or more lines have one standard or another, their
        words' markers (``markers.votes``; for Malay and Indonesian ``malay_score``, by
        ``MALAY_MARGIN`` either way) name one standard, and all of them take it. Markers that
        name none, or a tie, leave each line its own. ``tokens(i)``: line ``i``'s words, lower case.

        And the lines of Malay or Indonesian whose words leave the other open (line -> the
        other, for routing to cover both): neither the document's lines of the two read
        together nor the line's own words reach ``MALAY_MARGIN`` either way. Of 1,000 Tatoeba
        lines of Malay, all but one are Malay or open on their own words, and 823 of
        Indonesian are open (NusaX: 153 of 1,000), so an open line bet on the Indonesian
        model sent most Malay lines to another language's model."""
        out, left_open = list(langs), {}
        for standard in STANDARDS:
            lines = [i for i, lang in enumerate(langs) if lang in standard]
            members = sorted(standard & self.listed if MALAY in standard else standard & self.configured,
                             key=preference)
            if not lines or len(members) < 2 or len(lines) < 2 and MALAY not in standard:
                continue
            pooled = [word for i in lines for word in tokens(i)]
            if MALAY in standard:
                score = self._malay_score(pooled)
                name = MALAY if score >= MALAY_MARGIN else INDONESIAN if score <= -MALAY_MARGIN else None
                if name is None:
                    left_open = {i: INDONESIAN if langs[i] == MALAY else MALAY for i in lines
                                 if abs(self._malay_score(tokens(i))) < MALAY_MARGIN}
                if len(lines) < 2:  # a line alone keeps the label its words gave it (``pair``)
                    continue
            else:
                counted = votes(pooled, lambda word: self.frequency(word, SERBO_CROATIAN_LIST, YAT_FLOOR))
                best = max(counted[lang] for lang in members)
                tied = [lang for lang in members if counted[lang] == best]
                name = tied[0] if best > 0 and len(tied) == 1 else None
            for i in lines:
                out[i] = out[i] if name is None else name
        return out, left_open

    def _malay_score(self, words: Sequence[str]) -> float:
        return malay_score([w for w in words if len(w) > 1], lambda word, lang: self.zipf(word, lang, 0.0))

    def lingua_leaves(self) -> frozenset[str]:
        """Configured languages lingua is not asked about: Malay, when Indonesian is configured
        too. The lists alone tell it from Indonesian (``pair``); among lingua's candidates it
        would take a third of Indonesian lines and, in its shortlists, the place of
        Indonesian's other relatives (Tagalog lines read as Indonesian: 16 -> 25 of 1,000)."""
        return frozenset({MALAY}) if self.decided(MALAY) else frozenset()

    def decided(self, lang: str, words: Sequence[str] = ()) -> frozenset[str]:
        """The languages the lists have ruled out for a verdict for ``lang``, which no
        relative's closeness may leave open: Indonesian for Malay and the other way round,
        when both are configured (``malay_or_indonesian``); for a pair of
        ``markers.GRAMMAR_PAIRS`` the other when ``words`` hold the markers of ``lang`` alone
        (``markers.grammar_named``)."""
        if words and by_letters(words, self.configured) == lang:  # its letters: no other is open
            return self.configured - {lang}
        if lang in GRAMMAR_MARKERS:
            decided = grammar_named(lang, words, self.configured) == lang
            return grammar_pair(lang, self.configured) - {lang} if decided else frozenset()
        pair = frozenset({MALAY, INDONESIAN})
        return pair - {lang} if lang in pair and pair <= self.listed else frozenset()

    def holds(self, lang: str, words: Sequence[str], share: float) -> bool:
        """Whether ``lang``'s list holds ``share`` of ``words`` or more (read down to ``LISTED``)."""
        held = sum(self.zipf(word, lang, LISTED) > 0.0 for word in words)
        return bool(words) and held >= share * len(words)
