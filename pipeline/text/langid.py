"""Language identification per sentence, in the context of its document, and English runs
left inside foreign sentences.

Each sentence is judged on its own evidence: names, acronyms and numbers are blanked out first (they
are shared across languages, and lingua reads "Ajax beat Feyenoord in Rotterdam derby" as Dutch for
its names alone); a sentence made mostly of English function words is English without asking lingua;
the rest goes to lingua (in stages: ``pipeline.text.shortlist``), restricted to the configured
languages (word lists decide between Malay and Indonesian: ``relatives``). A judgement is *weak*
when it rests on few words or a low confidence; a weak judgement for a language no firmly judged
sentence shares gives way to the language around it (``lang_source="context"``). Fragments too short
to judge take a neighbour's language. English runs inside a non-English sentence are found from
word-level evidence (wordfreq frequencies in English against the sentence's language), because
lingua's multi-language detection is too coarse for a word or two. The evidence is
``pipeline.text.evidence``'s, the context vote ``pipeline.text.context``'s.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from lingua import ConfidenceValue, IsoCode639_1, Language, LanguageDetector

from pipeline.errors import ConfigError, InputError
from pipeline.settings import IdentifySettings
from pipeline.text.context import (COMMON_ZIPF, CONTEXT, GUESS_ZIPF, RUNNERS_UP, SENTENCE, Judgement, Verdict, document_guess, fill_short,
                                   keep_to_script, overruled, script_guess, words_rule_out)
from pipeline.text.detectors import build_detector, code_of, confidences, language_of
from pipeline.text.evidence import Evidence, document_names, english_spans, mask_markup, plainly_english, sentence_evidence
from pipeline.text.english_words import EnglishWords
from pipeline.text.lexicon import WORD, listed_head, listed_languages, listed_zipf
from pipeline.text.markers import spelled_out
from pipeline.text.relatives import GROUP_OF, OWN_LISTS, WordLists, close_relatives, shared_lists
from pipeline.text.scratch import release_loader_scratch, resident_bytes
from pipeline.text.scripts import LATIN, SCRIPT_MARKS, SCRIPT_ONLY, han_form_language, languages_of, latin_mark, writes, written_script
from pipeline.text.unknown import SecondOpinion, carry_relatives, reads
from pipeline.text.shortlist import (LISTED_FLOOR, SETTLE_HELD, UNLISTED_SHORTLIST,
                                     context_decides, english_document, english_line, english_reader, english_table, waits_as_english,
                                     figures, listed_candidates, overlapping, overlapping_words, own_shortlist,
                                     settle_together, settles, table_line, table_reads_english)
from pipeline.types import Identified, Sentence

UNDETERMINED = "und"
# Candidate sets this small skip the low-accuracy shortlist.
_SMALL_SET = 8


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
            if code_of(resolved[code]) != code:
                raise ConfigError(f"language code {code!r} must be lower-case ISO 639-1")
        self.languages: tuple[str, ...] = tuple(resolved)
        self._configured = frozenset(self.languages)
        # The list each language is read with: its own, or its family's (``relatives.shared_lists``).
        lists = shared_lists(self._configured, listed_languages())
        self._lists = {**{lang: lang for lang in listed_languages()}, **lists}
        self._wordfreq_languages = frozenset(self._lists)
        self._word_lists = WordLists(self._configured, frozenset(lists), settings.word_support, listed_zipf, lists)
        for code in self._word_lists.lingua_leaves():  # the word lists alone tell Malay from Indonesian
            del resolved[code]
        self._lingua_languages = tuple(resolved.values())
        # Lingua chooses a Latin-script sentence's language among these alone.
        self._latin = tuple(lang for code, lang in resolved.items() if writes(code, LATIN))
        # Those whose word lists may add them to a line's shortlist (``shortlist.listed_shortlist``).
        # Lists of their own only: a family's list (Serbo-Croatian) speaks for no one language.
        own_lists = listed_languages() | {code for code, list_ in lists.items() if OWN_LISTS.get(code) == list_}
        self._latin_listed = {code: lang for code, lang in resolved.items()
                              if writes(code, LATIN) and code in own_lists and code != "en"}
        # A listed language brings its relatives without a list (Nynorsk with Bokmal, Afrikaans
        # with Dutch, Esperanto with Spanish): no list can speak for them.
        self._unlisted_relatives = {code: {resolved[other] for other in GROUP_OF.get(code, ())
                                           if other in resolved and other not in own_lists
                                           and writes(other, LATIN)} for code in self._latin_listed}
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
        self._detector: LanguageDetector | None = None
        self._english = EnglishWords(self._lists, self._english_entry, self._configured, self.english_min_zipf,
                                     self.zipf_margin)
        self._is_english_word = self._english.is_english
        self.unknown_languages = settings.unknown_languages
        self._second_opinion = SecondOpinion(frozenset(map(code_of, Language.all())), self.unknown_languages, self.short_words)

    @property
    def signature(self) -> str:
        """Settings and versions that decide this identifier's output, for reports."""
        return (
            f"lingua-{importlib.metadata.version('lingua-language-detector')}"
            f"|wordfreq-{importlib.metadata.version('wordfreq')}"
            f"|langs={','.join(self.languages)}|min_chars={self.min_chars}|min_words={self.min_words}"
            f"|short_words={self.short_words}|min_confidence={self.min_confidence}|english_min_zipf={self.english_min_zipf}"
            f"|zipf_margin={self.zipf_margin}|low_accuracy={self.low_accuracy}|strong_words={self.strong_words}"
            f"|strong_confidence={self.strong_confidence}|english_share={self.english_share}|shortlist={self.shortlist}"
            f"|word_support={self._word_lists.support}{self._second_opinion.signature}"
        )

    def detector(self) -> LanguageDetector:
        """Return the lingua detector for the configured languages, building it on first use."""
        if self._detector is None:
            self._detector = build_detector(self._lingua_languages, self.low_accuracy)
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
        sentence decided by its English words, without lingua, has confidence 1.
        When no sentence can be judged, all of them take lingua's guess for their
        concatenation (``"und"`` with confidence 0 when it has none), still marked
        inherited, with the languages that guess leaves open as ``alternatives``.
        Non-English sentences carry the English runs in them as spans with offsets in ``text``.
        """
        for sentence in sentences:
            if text[sentence.start : sentence.end] != sentence.text:
                raise InputError(
                    f"sentence {sentence.id} offsets {sentence.start}:{sentence.end} do not match its text"
                )
        resident_before = resident_bytes()
        texts = [mask_markup(s.text) for s in sentences]
        names = document_names(texts)
        evidence = [sentence_evidence(t, names, self._english_entry) for t in texts]
        # A line of names alone ("Бұл Брайан Рок.") is still written in their script.
        scripts = [written_script(ev.text if ev.letters else t) for ev, t in zip(evidence, texts)]

        def allowed(i: int, lang: str) -> bool:
            # Context chooses only among the languages written in the sentence's script.
            return lang != UNDETERMINED and writes(lang, scripts[i])

        verdicts = self._judge(evidence, scripts)
        # Languages lingua does not know: by a second identifier (their words read as the relatives they were taken for).
        english_words = self._english_words(evidence, self._second_opinion.relabel(verdicts, texts, evidence))
        rules_out, weak_rules_out = (words_rule_out([ev.text for ev in evidence], english_words, self._english_entry,
                                                    lambda i: overlapping(evidence[i]), lacking) for lacking in (True, False))
        replaced = overruled(sentences, verdicts, english_words, self.min_confidence, allowed,
                             lambda i, lang: not figures(evidence[i]) and weak_rules_out(i, lang))
        judged: list[Judgement | None] = [
            None if v is None else replaced[i][0] if i in replaced else (v.lang, v.confidence)
            for i, v in enumerate(verdicts)
        ]
        guessed: list[tuple[str, ...]] = []

        def guess() -> Judgement:
            lang, confidence, alternatives = self._document_guess([ev.text for ev in evidence])
            guessed.append(alternatives)
            return lang, confidence

        alone: dict[int, tuple[str, float, tuple[str, ...]]] = {}  # short lines' own guesses (``fill_short``'s ``alone``)

        def own_guess(i: int) -> Judgement | None:  # not for a line of figures: "Avg shrs 6,349,753 vs 4,403,852"
            if figures(evidence[i]):
                return None
            lang, confidence, _ = alone[i] = self._document_guess([evidence[i].text], RUNNERS_UP)
            return None if lang == UNDETERMINED else (lang, confidence)

        chosen = fill_short(sentences, judged, guess, allowed, scripts, rules_out, lambda i: bool(evidence[i].tokens)
                            and all(listed_zipf(w, "en", COMMON_ZIPF) >= COMMON_ZIPF for w in evidence[i].tokens), own_guess)
        own_script = keep_to_script(chosen, lambda i, lang: lang not in self._configured or allowed(i, lang),
                                    lambda i: script_guess(evidence[i].text, scripts[i], evidence[i].tokens, self._document_guess))
        alone = {i: found for i, found in alone.items() if chosen[i][0] == found[0] and not rules_out(i, found[0])}  # stood
        # A document writes one standard of Serbo-Croatian, Norwegian or Malay: its lines of them read together.
        standards, left_open = self._word_lists.one_standard([lang for lang, _ in chosen], lambda i: evidence[i].tokens)
        chosen = [(lang, confidence) for lang, (_, confidence) in zip(standards, chosen)]
        results: list[Identified] = []
        for i, (lang, confidence) in enumerate(chosen):
            own = verdicts[i]
            source = SENTENCE if i in own_script else CONTEXT if own is None else replaced[i][1] if i in replaced else SENTENCE
            alternatives = (own.alternatives if own is not None and own.lang == lang
                            else tuple(a for a in guessed[0] if a != lang) if guessed else ())
            if own is None and i in alone and alone[i][0] == lang:
                source, alternatives = SENTENCE, tuple(a for a in alone[i][2] if a != lang)
            alternatives = tuple(sorted({*alternatives, left_open[i]})) if i in left_open else alternatives
            lang, alternatives = spelled_out(lang, alternatives, evidence[i].tokens if scripts[i] == "Cyrillic" else (),
                                             self._configured)  # what its letters allow
            results.append(Identified(lang, confidence, (), own is None and source == CONTEXT, source, alternatives))
        carry_relatives(results)  # a line named beyond lingua by its neighbours reads as they do
        for i, (sentence, masked, found) in enumerate(zip(sentences, texts, results)):
            reading = reads(found)  # a relative's list, beyond lingua
            # Most foreign sentences have no English word at all: rule them out cheaply.
            if found.lang not in ("en", UNDETERMINED) and any(self._is_english_word(w, reading) for w in WORD.findall(masked)):
                results[i] = replace(found, foreign_spans=english_spans(
                    masked, sentence.start, names, lambda word: self._is_english_word(word, reading)))
        release_loader_scratch(resident_before)
        return results

    def _judge(self, evidence: Sequence[Evidence], scripts: Sequence[str]) -> list[Verdict | None]:
        """Each sentence's own verdict, or None where it is too short to judge.

        A sentence in a script other than Latin always has one: the only configured
        language written in that script (confidence 1), lingua's choice among those
        written in it (for Han alone, the character forms first: ``han_form_language``),
        the language a script lingua does not know is written for
        (``SCRIPT_ONLY``: confidence 1 when it is one, else shared among them, the others
        left open), or ``und`` when no configured language is.
        """
        verdicts: list[Verdict | None] = [None] * len(evidence)
        candidates: dict[tuple[Language, ...], list[int]] = {}
        for i, (ev, script) in enumerate(zip(evidence, scripts)):
            among = languages_of(script, self._configured)
            if among is not None:
                if script in SCRIPT_MARKS and SCRIPT_MARKS[script][0].search(ev.text):
                    verdicts[i] = Verdict(SCRIPT_MARKS[script][1], 1.0, True)  # Yiddish's own letters
                elif not among and script in SCRIPT_ONLY:
                    first, *others = SCRIPT_ONLY[script]
                    verdicts[i] = Verdict(first, 1.0 / (1 + len(others)), True, alternatives=tuple(others))
                elif len(among) <= 1:
                    # The script alone decides; no neighbour can say otherwise.
                    verdicts[i] = Verdict(min(among, default=UNDETERMINED), 1.0 if among else 0.0, True)
                elif script == "Han" and (form := han_form_language(ev.text)) in among:
                    # Han alone, in a form only Chinese or only Japanese writes ("日本経済新聞").
                    verdicts[i] = Verdict(str(form), 1.0, True)
                else:
                    candidates.setdefault(tuple(language_of(code) for code in sorted(among)), []).append(i)
            elif (marked := latin_mark(ev.text)) is not None:
                verdicts[i] = Verdict(marked, 1.0, True)  # Faroese's or Turkmen's own pair of letters
            elif ev.english >= 2 and ev.english >= self.english_share * ev.words:
                # Clearly English from its function words: lingua would only agree, slower.
                verdicts[i] = Verdict("en", 1.0, ev.words >= self.short_words)
            elif ev.letters >= self.min_chars and ev.words >= self.min_words:
                if plainly_english(ev, lambda word, floor: listed_zipf(word, "en", floor)):
                    # Common English words: firm on a lingua verdict's terms, and with two
                    # English-only words (one and a sixth word of news English is firm
                    # enough, not a line of a mixed document that one word makes English).
                    strong = not ev.title_case and ev.words >= self.strong_words and ev.english >= 2
                    verdicts[i] = Verdict("en", 1.0, strong)
                else:
                    candidates.setdefault(self._latin, []).append(i)
        staged = [(languages, indices) for languages, indices in candidates.items() if self._staged(languages)]
        for languages, indices in candidates.items():
            if (languages, indices) in staged:
                continue
            # The parallel call sorts out threading itself and is much faster per sentence.
            for i, ranked in zip(indices, self._rank([evidence[i].text for i in indices], languages)):
                verdicts[i] = self._verdict(evidence[i], ranked, scripts[i] != LATIN, languages)
        for languages, indices in staged:
            self._judge_staged(languages, indices, evidence, scripts, verdicts)
        return verdicts

    def _staged(self, languages: tuple[Language, ...]) -> bool:
        """Whether a candidate set is ranked in stages (``pipeline.text.shortlist``)."""
        return not self.low_accuracy and self.shortlist > 0 and len(languages) > _SMALL_SET

    def _judge_staged(self, languages: tuple[Language, ...], indices: Sequence[int], evidence: Sequence[Evidence],
                      scripts: Sequence[str], verdicts: list[Verdict | None]) -> None:
        """Verdicts for ``indices`` among many ``languages`` (``pipeline.text.shortlist``): the
        low-accuracy pass settles clear English; an English-looking line (its words, a line of
        figures, an English table's line, a line of common English words of a document English
        but for it) of a document whose firm verdicts are all English keeps that pass's ranking
        as a guess, English without a word list read (``Verdict.guess``), and an English table's
        lines and the common-English lines of a document English but for them are English by
        their words, lingua unasked; the rest go to the high-accuracy models of their own
        shortlists, unless they are all clearly one language that its word list vouches for
        (``settle_together``)."""
        english_words = self._english_words(evidence)
        table = english_table([evidence[i] for i in indices], self._english_entry)
        # An English table's lines ("Avg shrs 3,313,000 vs three mln", "Shr after preferred divs.":
        # ``english_table``) and the lines of common English words of a document English but for
        # the lines left here (``english_document``) wait for context whatever lingua says: they are
        # ranked only if context does not decide (``pipeline.text.shortlist``).
        surely = english_document(sum(1 for v in verdicts if v is not None and v.lang == "en"), len(indices))
        common = [i for i in indices if table and table_line(evidence[i], self._english_entry)
                  or surely and english_line(evidence[i], self._english_entry)]
        waiting: list[tuple[int, list[ConfidenceValue]]] = []

        def rank(lines: Sequence[int]) -> list[tuple[int, list[ConfidenceValue]]]:
            # Clear English settles; the rest is left with its low-accuracy ranking. The detector is
            # built (its models preloaded) on first need: a fresh process may need it for no line.
            texts = [evidence[i].text for i in lines]
            rough = confidences(build_detector(languages, True, True), texts) if texts else []
            left = []
            for i, ranked in zip(lines, rough):
                if settles(ranked, evidence[i].words):
                    verdicts[i] = self._verdict(evidence[i], ranked, scripts[i] != LATIN, languages)
                else:
                    left.append((i, ranked))
            return left

        taken = set(common)
        left = rank([i for i in indices if i not in taken])
        # Those not ranked count as left: lines that might have settled as English count against the document.
        english = english_document(sum(1 for v in verdicts if v is not None and v.lang == "en"),
                                   len(left) + len(common))

        def vouches(i: int, lang: str) -> bool:
            return self._word_lists.holds(lang, evidence[i].list_words, SETTLE_HELD) and not english_words(i, lang)

        alone: list[tuple[int, list[ConfidenceValue]]] = []
        for i, ranked in left:
            # Lines whose words read as English rather than as the low-accuracy pass's language wait
            # too; the English list first: the low-accuracy language's own list is read only where it must
            # be. A line of figures whose words its low-accuracy language's list vouches for is no table's.
            wait = (english and waits_as_english(evidence[i], self._english_entry, ranked, self._common_zipf)
                    or self._looks_english(i, ranked, english_words)
                    or figures(evidence[i]) and not (ranked and vouches(i, code_of(ranked[0].language))))
            (waiting if wait else alone).append((i, ranked))

        if settle_together(alone, lambda i: evidence[i].words, self._wordfreq_languages, vouches):
            for i, ranked in alone:  # one clear language its words vouch for: the low-accuracy verdicts stand
                verdicts[i] = self._verdict(evidence[i], ranked, scripts[i] != LATIN, languages)
        else:
            self._refine(alone, languages, evidence, scripts, verdicts)
        firm = {v.lang for v in verdicts if v is not None and v.strong}
        around = any(v is not None and v.lang == "en" for v in verdicts)
        if common and not context_decides(firm, around):
            waiting += rank(common)  # their rankings say where the table stands, or what they are
            common = []
            firm = {v.lang for v in verdicts if v is not None and v.strong}
            around = any(v is not None and v.lang == "en" for v in verdicts)
        if table and not firm and not around:
            # An English table alone, when English's list reads its lines clearly better than their
            # low-accuracy languages' lists: a Dutch or Italian table writes "mln", "vs", "euro" too.
            tops = {code_of(ranked[0].language) for _, ranked in waiting if ranked} & self._wordfreq_languages
            around = table_reads_english([evidence[i] for i, _ in waiting], tops, self._common_zipf)
        if context_decides(firm, around):
            # Context decides them: English around them, and nothing firm in another language.
            for i, ranked in waiting:
                verdicts[i] = self._verdict(evidence[i], ranked, scripts[i] != LATIN, languages, guess=True)
            for i in common:  # English by their words, context agreeing: lingua unasked
                verdicts[i] = Verdict("en", 1.0, False, guess=True)
        else:
            self._refine(waiting, languages, evidence, scripts, verdicts)

    def _looks_english(self, i: int, ranked: Sequence[ConfidenceValue],
                       english_words: Callable[[int, str], bool]) -> bool:
        """Whether sentence ``i``'s words read as English rather than its low-accuracy language."""
        top = code_of(ranked[0].language) if ranked else UNDETERMINED
        # A language without a word list stays open: the English list alone would take
        # Afrikaans and Tagalog lines for English (mixed documents 91.2% -> 91.0%).
        return top == "en" or top in self._wordfreq_languages and english_words(i, top)

    def _refine(self, items: Sequence[tuple[int, list[ConfidenceValue]]], languages: tuple[Language, ...],
                evidence: Sequence[Evidence], scripts: Sequence[str], verdicts: list[Verdict | None]) -> None:
        """Verdicts from the high-accuracy models of the items' own shortlists (and English),
        one batched call; where those come to one language, the low-accuracy ranking stands."""
        if not items:
            return
        items = self._unlisted_reranked(items, languages, evidence, scripts)
        shortlist = {Language.ENGLISH} & set(languages)
        for i, ranked in items:
            shortlist |= own_shortlist(ranked, self.shortlist)
            if scripts[i] == LATIN:  # and the languages whose word lists read it best, with their relatives
                words = evidence[i].list_words
                listed = listed_candidates(
                    words, code_of(ranked[0].language) if ranked else UNDETERMINED,
                    lambda word, lang: listed_head(self._lists.get(lang, lang), LISTED_FLOOR).get(word, 0.0),
                    self._latin_listed, lambda lang: self._word_lists.holds(lang, words, 1.0))
                for code in listed:
                    shortlist |= ({self._latin_listed[code]} | self._unlisted_relatives[code]) & set(languages)
        rankings = [ranked for _, ranked in items]
        if len(shortlist) >= 2:
            ordered = tuple(lang for lang in languages if lang in shortlist)
            rankings = confidences(build_detector(ordered, False), [evidence[i].text for i, _ in items])
        for (i, _), ranked in zip(items, rankings):
            verdicts[i] = self._verdict(evidence[i], ranked, scripts[i] != LATIN, languages)

    def _unlisted_reranked(self, items: Sequence[tuple[int, list[ConfidenceValue]]], languages: tuple[Language, ...],
                           evidence: Sequence[Evidence], scripts: Sequence[str],
                           ) -> list[tuple[int, list[ConfidenceValue]]]:
        """``items`` with the low-accuracy ranking of each Latin-script line whose best language
        has no word list replaced by the high-accuracy ranking among its ``UNLISTED_SHORTLIST``
        best (``pipeline.text.shortlist``): no list can bring its own language to its shortlist."""
        unlisted = [k for k, (i, ranked) in enumerate(items) if scripts[i] == LATIN and ranked
                    and code_of(ranked[0].language) not in self._wordfreq_languages]
        if not unlisted:
            return list(items)
        pool = {Language.ENGLISH} & set(languages)
        for k in unlisted:
            pool |= {c.language for c in items[k][1][:UNLISTED_SHORTLIST] if c.value > 0.0}
        ordered = tuple(lang for lang in languages if lang in pool)
        reranked = confidences(build_detector(ordered, False), [evidence[items[k][0]].text for k in unlisted])
        out = list(items)
        for k, ranked in zip(unlisted, reranked):
            out[k] = (out[k][0], ranked)
        return out

    def _verdict(self, ev: Evidence, ranked: list[ConfidenceValue], scripted: bool,
                 languages: tuple[Language, ...], guess: bool = False) -> Verdict | None:
        """One sentence's verdict from lingua's ranking; a scripted sentence always gets one.
        ``guess``: the ranking is weak and rules nothing out (context chooses), and no word
        list is read."""
        top = ranked[0] if ranked else None
        if top is None or top.value <= 0.0:
            # No letters lingua knows: a script's first language, weak, for context to settle.
            return Verdict(code_of(languages[0]), 0.0, False) if scripted else None
        if not scripted:
            # A title-case line is as uncertain as a short one: its capitals hide which words are names.
            if (ev.words < self.short_words or ev.title_case) and top.value < self.min_confidence:
                return None
        lang = code_of(top.language)
        weighed = {code_of(c.language): c.value for c in ranked if c.value > 0.0}
        tokens, words = ev.tokens, ev.list_words
        strong = (
            not guess
            and not ev.title_case
            and ev.words >= self.strong_words
            # Close relatives share a line's confidence when both are ranked (a shortlist
            # holds the languages whose lists read it best): theirs counts for the group.
            and top.value + sum(c.value for c in ranked[1:] if code_of(c.language) in GROUP_OF.get(lang, ()))
            >= self.strong_confidence
            # English function words count for English: a "foreign" sentence full of them is not firm.
            and (lang == "en" or ev.english < self.english_share * ev.words)
        )
        relative, opened = (None, ()) if guess else self._word_lists.read(lang, words, not scripted, tokens, not strong)
        # Languages too close to rule out travel with the verdict: routing covers them too.
        alternatives = close_relatives(lang, weighed, weak=not strong)
        if relative is not None:
            # A close relative's words read the sentence clearly better (see ``relatives``);
            # lingua's choice stays open for routing: the two kinds of evidence disagree.
            alternatives = tuple(sorted({lang, *alternatives} - {relative}))
            lang, weighed = relative, {**weighed, relative: max(weighed.get(relative, 0.0), top.value)}
        # The words leave some open and rule some out.
        alternatives = tuple(sorted({*alternatives, *opened} - {lang} - self._word_lists.decided(lang, words)))
        # A title-case line's ranking rests on words its capitals hide (names or not): it rules nothing
        # out. One under ``min_confidence`` still rules out what lingua ranks far below (``context``).
        ruled = {} if guess or ev.title_case else weighed
        # English stays open to a line whose own words (names blanked) are all common English words,
        # some of them English rather than ``lang`` words (``Verdict.admits``).
        own = [w for w in WORD.findall(ev.text) if len(w) > 1] if ruled and not strong and lang != "en" else []
        english = (bool(own) and all(self._english_entry(w.lower()) for w in own)
                   and any(self._is_english_word(w, lang) for w in own))
        return Verdict(lang, top.value, strong, ruled, alternatives, english, guess)

    def _rank(self, texts: list[str], languages: tuple[Language, ...] | None = None) -> list[list[ConfidenceValue]]:
        """Lingua's confidence values for each text, best first.

        Lingua's high-accuracy models take about a second to load for the Latin-script
        languages alone, and its low-accuracy mode misjudges short sentences. So a
        low-accuracy pass over every configured language draws up a shortlist (each
        text's ``shortlist`` best languages within a factor 4 of its best, and English),
        and the high-accuracy models of the shortlist alone decide. ``shortlist=0`` runs
        high accuracy over every language; ``low_accuracy`` runs the low-accuracy pass alone.
        ``languages`` (default: every configured one) are the candidates.
        """
        languages = languages or self._lingua_languages
        if not texts:
            return []
        if len(languages) == 1:
            return [[ConfidenceValue(languages[0], 1.0)] for _ in texts]
        if not self._staged(languages):
            # A script's few languages (Cyrillic's eight at most) load fast enough whole.
            return confidences(build_detector(languages, self.low_accuracy), texts)
        rough = confidences(build_detector(languages, True), texts)
        shortlist = {Language.ENGLISH} & set(languages)
        for ranked in rough:  # a runner-up far behind would load its models for nothing
            shortlist |= own_shortlist(ranked, self.shortlist)
        if len(shortlist) < 2:
            return rough
        ordered = tuple(lang for lang in languages if lang in shortlist)
        return confidences(build_detector(ordered, False), texts)

    def _common_zipf(self, word: str, lang: str) -> float:  # lists read down to english_min_zipf only
        return listed_zipf(word, self._lists.get(lang, lang), self.english_min_zipf)

    def _english_entry(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a common English word: a name that is one is no name."""
        return listed_zipf(word, "en", self.english_min_zipf) >= self.english_min_zipf

    def _english_words(self, evidence: Sequence[Evidence], relatives: Mapping[str, str] = {}) -> Callable[[int, str], bool]:
        """``(i, lang) ->`` whether sentence ``i``'s words are English rather than ``lang`` (or its ``relatives`` entry)."""
        reader = english_reader(evidence, frozenset(self._wordfreq_languages), self._common_zipf,
                                lambda word: listed_zipf(word, "en", self.english_min_zipf), self._is_english_word)
        return lambda i, lang: reader(i, relatives.get(lang, lang))

    def _document_guess(self, texts: Sequence[str], runners: int = 0) -> tuple[str, float, tuple[str, ...]]:
        """``context.document_guess`` with this identifier's lingua, word lists and English list."""
        return document_guess(texts, lambda joined: self._rank([joined])[0], self._word_lists,
                              lambda word: listed_zipf(word, "en", GUESS_ZIPF) >= GUESS_ZIPF, runners,
                              lambda word: listed_zipf(word, "en", COMMON_ZIPF) >= COMMON_ZIPF, overlapping_words)
