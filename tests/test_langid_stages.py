"""Tests for the staged ranking among every lingua language (pipeline.text.shortlist): which
sentences load lingua's high-accuracy models, and that the verdicts stay right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lingua import ConfidenceValue, Language

from pipeline.settings import IdentifySettings
from pipeline.text import langid, shortlist
from pipeline.text.langid import LanguageIdentifier
from pipeline.text.evidence import Evidence, sentence_evidence
from pipeline.text.segment import segment
from pipeline.text.shortlist import (common_english, context_decides, english_document, english_table, figures,
                                     listed_shortlist, own_shortlist, settle_together, settles)

# Plainly English sentences: firm English verdicts without lingua.
ENGLISH = (
    "The company said that its board of directors would meet next week to discuss the offer. "
    "It said the offer was not in the best interests of its shareholders and their families. "
)
# Lines lingua's low-accuracy mode reads as French (0.99 and 0.87): English by their words.
FRENCH_LOOKING = "The issue is available in denominations of 5,000 dlrs. Profit margins will suffer."
CZECH = "Vláda včera schválila návrh zákona o státním rozpočtu na příští rok. "
POLISH = "Rząd przyjął wczoraj projekt ustawy o budżecie państwa na przyszły rok."


@pytest.fixture
def high_accuracy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Language, ...]]]:
    """The language sets of every high-accuracy detector the identifier asks for."""
    asked: list[tuple[Language, ...]] = []
    build = langid.build_detector

    def recording(languages: tuple[Language, ...], low_accuracy: bool, preload: bool = False) -> object:
        if not low_accuracy:
            asked.append(languages)
        return build(languages, low_accuracy, preload)

    monkeypatch.setattr(langid, "build_detector", recording)
    yield asked


def _identify(text: str) -> list[str]:
    return [r.lang for r in LanguageIdentifier(IdentifySettings()).identify(text, segment(text))]


def test_english_looking_lines_of_an_english_document_load_no_foreign_models(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # Before: each line's low-accuracy shortlist (French) loaded its high-accuracy models.
    assert _identify(ENGLISH + FRENCH_LOOKING) == ["en"] * 4
    assert not any(Language.FRENCH in languages for languages in high_accuracy)


def test_lines_of_figures_of_an_english_document_load_no_models(high_accuracy: list[tuple[Language, ...]]) -> None:
    # Table lines whose words are labels and units: lingua reads them as French, German,
    # Tswana... at any accuracy; the English around them decides.
    table = "Shr loss 1.77 dlrs vs profit 15 cts. Shr loss 1.96 dlrs vs profit 26 cts."
    assert _identify(ENGLISH + table) == ["en"] * 4
    assert high_accuracy == []


def test_foreign_line_of_an_english_document_is_still_judged_at_high_accuracy(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # Two foreign languages meet: relatives stay open, the high-accuracy models decide.
    assert _identify(ENGLISH + CZECH + POLISH) == ["en", "en", "cs", "pl"]
    assert any(Language.CZECH in languages for languages in high_accuracy)


def test_clear_lines_of_one_foreign_language_load_no_high_accuracy_models(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # A repost's plain Indonesian, or the Czech part of a bilingual document: the
    # low-accuracy pass names one language clearly and its word list vouches for every
    # line. Before, they loaded its and English's high-accuracy models to say the same
    # (0.5 s of the bundled example's cold audit).
    indonesian = ("Para pejabat mengatakan angka tersebut telah tumbuh setiap tahun sejak lama. "
                  "Masing-masing akan mampu mengolah empat puluh ton limbah per hari.")
    assert _identify(indonesian) == ["id", "id"]
    assert _identify(ENGLISH + CZECH) == ["en", "en", "cs"]
    assert high_accuracy == []


def test_a_foreign_line_of_figures_its_list_vouches_for_settles_with_the_others(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # A line of figures waits for context as an English table's line would, unless its
    # low-accuracy language's list vouches for its words. Before, the bundled example's
    # "... tumbuh 0, 7 % per tahun sejak 2019." loaded Indonesian's and English's
    # high-accuracy models (0.45 s of its cold audit) to say Indonesian.
    indonesian = ("Para pejabat mengatakan angka tersebut telah tumbuh 0,7 % per tahun sejak 2019. "
                  "Masing-masing akan mampu mengolah empat puluh ton limbah per hari.")
    assert _identify(indonesian) == ["id", "id"]
    example = (Path(__file__).parents[1] / "examples" / "repost.id.txt").read_text(encoding="utf-8")
    labels = _identify(example)
    assert labels.count("en") == 2 and set(labels) == {"id", "en"}  # the two sentences it left in English
    assert high_accuracy == []


def test_a_clear_verdict_settles_with_others_only_when_its_list_vouches() -> None:
    french = [ConfidenceValue(Language.FRENCH, 0.99), ConfidenceValue(Language.ENGLISH, 0.01)]
    italian = [ConfidenceValue(Language.ITALIAN, 0.99), ConfidenceValue(Language.FRENCH, 0.01)]

    def nine(i: int) -> int:
        return 9

    def vouch(i: int, lang: str) -> bool:
        return True

    assert settle_together([(0, french), (1, french)], nine, {"fr", "it"}, vouch)
    assert not settle_together([(0, french), (1, italian)], nine, {"fr", "it"}, vouch)  # two languages
    assert not settle_together([(0, french)], nine, {"it"}, vouch)  # no list to vouch
    assert not settle_together([(0, french)], nine, {"fr"}, lambda i, lang: False)  # its list does not
    assert not settle_together([(0, french)], lambda i: 4, {"fr"}, vouch)  # too short to be clear
    assert not settle_together([(0, french), (1, [])], nine, {"fr"}, vouch)  # a line lingua could not rank


def test_english_looking_line_alone_is_judged_at_high_accuracy(high_accuracy: list[tuple[Language, ...]]) -> None:
    # No firm English around it: context cannot decide, so lingua's high accuracy does.
    assert _identify("The issue is available in denominations of 5,000 dlrs.") == ["en"]
    assert high_accuracy


def test_only_a_clear_english_low_accuracy_verdict_settles() -> None:
    english = ConfidenceValue(Language.ENGLISH, 0.9)
    assert settles([english, ConfidenceValue(Language.FRENCH, 0.05)], 5)
    assert not settles([english, ConfidenceValue(Language.FRENCH, 0.05)], 4)  # too few words
    assert not settles([english, ConfidenceValue(Language.FRENCH, 0.2)], 5)  # runner-up within a factor 8
    assert not settles([ConfidenceValue(Language.FRENCH, 0.99), ConfidenceValue(Language.ENGLISH, 0.01)], 9)


def test_own_shortlist_keeps_the_best_few_within_a_factor_four() -> None:
    ranked = [ConfidenceValue(Language.SPANISH, 0.5), ConfidenceValue(Language.PORTUGUESE, 0.3),
              ConfidenceValue(Language.CATALAN, 0.2)]
    assert own_shortlist(ranked, 2) == {Language.SPANISH, Language.PORTUGUESE}
    assert own_shortlist([ConfidenceValue(Language.SPANISH, 0.9), ConfidenceValue(Language.ITALIAN, 0.1)],
                         2) == {Language.SPANISH}
    assert own_shortlist([], 2) == set()


def test_listed_shortlist_adds_the_lists_that_read_a_line_best_and_better_than_english() -> None:
    table = {"es": {"por": 5.5, "que": 6.0, "no": 6.2}, "pt": {"por": 5.8, "que": 6.1, "no": 5.9},
             "ca": {"per": 5.9, "que": 5.9, "no": 6.0}, "en": {"no": 5.7}}

    def frequency(word: str, lang: str) -> float:
        return table.get(lang, {}).get(word, 0.0)

    assert listed_shortlist(["por", "que", "no"], frequency, ["ca", "en", "es", "pt"]) == ["pt", "es"]
    assert listed_shortlist(["por", "que", "no"], frequency, ["ca", "es", "pt"], size=1) == ["pt"]
    assert listed_shortlist(["no"], frequency, ["ca", "es", "pt"]) == ["es", "ca"]
    # English's list reads the line as well as any other: nothing to add (news English loads no models).
    table["en"].update({"the": 7.7, "no": 6.3})
    assert listed_shortlist(["no", "the"], frequency, ["ca", "es", "pt"]) == []
    assert listed_shortlist([], frequency, ["es"]) == []
    # A list reading the line less than half as well as the best is no candidate.
    table["ca"] = {"que": 7.0}  # better than English (6.3), under half of Portuguese (17.8)
    assert listed_shortlist(["por", "que", "no"], frequency, ["ca", "pt"]) == ["pt"]


def test_a_line_whose_trigram_choice_has_a_list_holding_every_word_reads_no_other_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[list[str]] = []

    def recording(words: list[str], *args: object, **kwargs: object) -> list[str]:
        read.append(words)
        return []

    monkeypatch.setattr(shortlist, "listed_shortlist", recording)
    # The bundled repost's one line left to the high-accuracy models reads as Indonesian, whose
    # list holds every word: 26 other lists are not read for it (a quarter of a second cold).
    repost = (Path(__file__).resolve().parents[1] / "examples" / "repost.id.txt").read_text(encoding="utf-8")
    assert "id" in _identify(repost)
    assert not read
    monkeypatch.undo()
    assert _identify("Debo devolver este libro a la biblioteca hoy.") == ["es"]  # Esperanto's first: lists read


@pytest.mark.parametrize(("text", "lang"), [
    # Low-accuracy shortlists without the language: Esperanto and Latin, Tsonga, English and Latvian.
    ("Debo devolver este libro a la biblioteca hoy.", "es"),
    ("¿Por qué no me dijiste que venías mañana?", "es"),
    ("Per què no em vas dir que venies demà?", "ca"),
    # Languages without a list come with their listed relatives: Nynorsk with Bokmål, Afrikaans with Dutch.
    ("Ho har fått sand i augo.", "nn"),
    ("Dink jy dat honde 'n siel het?", "af"),
    # Tagalog reads Filipino's list (wordfreq's code for it): lingua's trigrams alone said Ganda.
    ("Ano ang pangalan ng aso mo?", "tl"),
])
def test_a_line_is_judged_among_the_languages_whose_lists_read_it_best(text: str, lang: str) -> None:
    assert _identify(text) == [lang]


@pytest.mark.parametrize(("text", "lang"), [
    # Languages without a word list whose lines the low-accuracy pass took for Tswana or Sesotho
    # (no list either): nothing brought their own language to the shortlist.
    ("Ta vihkab ämblikke.", "et"),
    ("A do të pish çaj apo kafe?", "sq"),
    ("Is in convivio non erat.", "la"),
    ("Nina paka wawili.", "sw"),
])
def test_a_line_whose_low_accuracy_language_has_no_list_is_ranked_among_more_languages(text: str, lang: str) -> None:
    assert _identify(text) == [lang]


def test_the_wider_ranking_asks_the_high_accuracy_models_of_a_few_languages_only(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # Every Latin-script language at once loads some forty models (12 s in a fresh process).
    assert _identify("Ta vihkab ämblikke.") == ["et"]
    assert high_accuracy and len(high_accuracy[0]) <= shortlist.UNLISTED_SHORTLIST + 1


def test_an_earnings_table_without_a_full_sentence_is_english() -> None:
    # Reuters earnings notices that are nothing but table lines: no firm verdict for
    # context to lean on, and every label is common in Norwegian too ("vs", "mln"), so
    # with every language a candidate the lines came out nb (bench_lid --reuters: 9 of
    # its 11 false-foreign lines). English reads the labels clearly better as a whole.
    text = ("Shr 1.12 dlrs vs 1.05 dlrs\nNet 8,977,000 vs 7,500,000\nAvg shrs 8,977,000 vs 15.0 mln\n"
            "Year\nShr 3.40 dlrs vs 2.90 dlrs\nAvg shrs 13.5 mln vs 15.0 mln\n")
    assert set(_identify(text)) == {"en"}


def test_a_foreign_table_line_stays_foreign() -> None:
    text = "Beneficio neto 541 millones vs 529 millones\nVentas 1.200 millones vs 1.100 millones\n"
    assert "en" not in _identify(text)


def test_a_line_of_abbreviations_and_figures_is_a_line_of_figures() -> None:
    # Two figures in seven words: "oper", "shr", "dlrs", "cts" are labels, not words of a language.
    ev = sentence_evidence("Oper shr loss 1.05 dlrs vs profit 12 cts", frozenset(), lambda word: False)
    assert figures(ev)
    assert not figures(sentence_evidence("The board said net profit rose 12 pct last year", frozenset(),
                                         lambda word: False))


def test_an_earnings_table_with_an_english_line_and_no_firm_one_loads_no_shortlist_models(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # Before: no firm verdict for context to lean on, so every table line went to the
    # high-accuracy models of seven languages (Tswana, Lithuanian, Norwegian...), though
    # the note under the table is English. Then the one-word English checks of the guesses
    # in languages without a word list (English against Tswana, Albanian) loaded pairs of
    # models; a guess is English without them (``Verdict.guess``).
    text = ("Shr profit 26 cts vs profit 10 cts\nNet profit 1,371,000 vs profit 482,000\n"
            "Revs 48 mln vs 45.7 mln\nAvg shrs 5.20 mln vs 5.15 mln\n\nThey were restated.\n")
    assert set(_identify(text)) == {"en"}
    assert high_accuracy == []


def test_an_english_tables_lines_with_english_around_them_are_not_ranked(monkeypatch: pytest.MonkeyPatch) -> None:
    # Context decides them whatever lingua says: the low-accuracy pass read them for nothing
    # (822 of the 901 lines it read in 8,008 sentences of Reuters news).
    ranked: list[str] = []
    original = langid.confidences

    def recording(detector: object, texts: list[str]) -> object:
        ranked.extend(texts)
        return original(detector, texts)  # type: ignore[arg-type]

    monkeypatch.setattr(langid, "confidences", recording)
    text = ("Shr profit 26 cts vs profit 10 cts\nNet profit 1,371,000 vs profit 482,000\n"
            "Revs 48 mln vs 45.7 mln\nAvg shrs 5.20 mln vs 5.15 mln\n\nThey were restated.\n")
    assert set(_identify(text)) == {"en"}
    assert ranked == []


def test_an_english_table_alone_loads_no_high_accuracy_models(high_accuracy: list[tuple[Language, ...]]) -> None:
    # An earnings notice that is nothing but its table, and table lines with a single figure
    # ("Avg shrs 3,313,000 vs three mln": lingua reads Welsh): before, ten languages' models.
    text = ("Shr profit 26 cts vs profit 10 cts\nNet profit 1,371,000 vs profit 482,000\n"
            "Revs 48 mln vs 45.7 mln\nAvg shrs 3,313,000 vs three mln\nOper shr loss 1.05 dlrs vs profit nine cts\n")
    assert set(_identify(text)) == {"en"}
    assert high_accuracy == []


def test_a_foreign_table_alone_is_no_english_table() -> None:
    # "mln", "vs", "euro", "per" are common English words: half the words of a Dutch or
    # Italian table. Alone (no English line around it), a table is English only when
    # English's list reads all its words clearly better than its lines' languages' lists.
    dutch = "Netto winst 12 mln vs 10 mln\nOmzet 1,2 mld vs 1,1 mld\nWinst per aandeel 1,05 euro vs 0,98 euro\n"
    italian = "Utile netto 541 mln vs 529 mln\nRicavi 1,2 mld vs 1,1 mld\nUtile per azione 1,05 euro vs 0,98 euro\n"
    assert "en" not in _identify(dutch)
    assert "en" not in _identify(italian)


def test_english_tables_and_common_english_lines_are_told_by_the_english_list() -> None:
    def entry(word: str) -> bool:
        return word in {"avg", "vs", "three", "mln", "net", "profit", "non", "life", "it", "is", "largest"}

    def evidence(text: str) -> Evidence:
        return sentence_evidence(text, frozenset(), entry)

    assert common_english(evidence("Avg shrs 3,313,000 vs three mln"), entry, 0.5)
    assert not common_english(evidence("Beneficio neto 541 millones vs 529 millones"), entry, 0.5)
    assert common_english(evidence("It is largest non-life"), entry, 0.8)  # a compound counts by its parts
    assert english_table([evidence("Net 12 vs 10"), evidence("Net profit 5 vs 4")], entry)
    assert not english_table([evidence("Net 12 vs 10")], entry)  # one line is no table
    assert not english_table([evidence("Beneficio neto 12 vs 10"), evidence("Ventas netas 5 vs 4")], entry)
    assert english_document(2, 1) and not english_document(3, 2)


def test_a_line_of_common_english_words_in_an_english_document_loads_no_models(
        high_accuracy: list[tuple[Language, ...]]) -> None:
    # Lingua's low-accuracy pass reads it as Nynorsk, which has no word list to weigh its
    # words against: before, English's, Bokmal's and Nynorsk's high-accuracy models (0.5 s).
    text = ("Pennwalt Corp said it offered one\nmln shares of common stock at 63.25 dlrs a share.\n"
            "    Pennwalt said it plans to use the net proceeds of the\npublic offering, which is managed by "
            "Goldman, Sachs and Co, to\nbuy all the outstanding shares of its Third Series cumulative\n"
            "convertible preferred stock for about 140 mln dlrs.\n    Goldman, Sachs was granted an over-allotment "
            "option of\n150,000 shares, the company added.\n")
    assert _identify(text) == ["en"] * 3
    assert high_accuracy == []


def test_context_decides_english_looking_lines_only_around_english() -> None:
    assert context_decides({"en"}, True)
    assert not context_decides({"en", "cs"}, True)  # a firm line in another language
    assert context_decides(set(), True)  # no firm line, but English ones (a table and its note)
    assert not context_decides(set(), False)  # nothing English: lingua decides


def test_an_english_table_line_reads_no_foreign_word_list(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Shr loss 51 cts vs profit cts" reads as German to the low-accuracy pass: its words
    # were weighed against German's list (0.15 s of a fresh process) though the English
    # list alone makes it a line of an English table, which waits for context whatever.
    from pipeline.text import lexicon

    read: list[str] = []
    word_list = lexicon.word_list

    def recording(lang: str) -> lexicon.WordList | None:
        read.append(lang)
        return word_list(lang)

    monkeypatch.setattr(lexicon, "word_list", recording)
    lexicon.listed_zipf.cache_clear()
    text = ENGLISH + ("Shr loss 13 cts vs profit 10 cts\nNet loss 1,804,062 vs profit 1,370,063\n"
                      "Shr loss 51 cts vs profit cts\n")
    assert _identify(text) == ["en"] * 5
    assert set(read) == {"en"}


def test_a_verdict_shared_with_close_relatives_is_firm_on_their_joint_confidence() -> None:
    # A shortlist holding Spanish and Portuguese (their lists read the line best) splits the
    # confidence between them: the verdict is firm on the group's, not on Spanish's alone.
    identifier = LanguageIdentifier(IdentifySettings())
    ev = sentence_evidence("Mañana vamos a comprar pan y leche en el mercado", frozenset(), lambda word: False)
    latin = identifier._latin
    split = [ConfidenceValue(Language.SPANISH, 0.6), ConfidenceValue(Language.PORTUGUESE, 0.35),
             ConfidenceValue(Language.ENGLISH, 0.05)]
    verdict = identifier._verdict(ev, split, False, latin)
    assert verdict is not None and verdict.lang == "es" and verdict.strong
    # Not so with an unrelated runner-up.
    apart = [ConfidenceValue(Language.SPANISH, 0.6), ConfidenceValue(Language.ENGLISH, 0.4)]
    verdict = identifier._verdict(ev, apart, False, latin)
    assert verdict is not None and verdict.lang == "es" and not verdict.strong


def test_the_low_accuracy_pass_preloads_its_scripts_models_and_nothing_else_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh process's first Latin-script line loads 49 trigram models: preloaded on every
    # core when the detector is built, 0.2 s instead of 0.4 s on two cores. High-accuracy
    # detectors load only the models a line needs, lazily.
    built: list[tuple[int, bool, bool]] = []
    build = langid.build_detector

    def recording(languages: tuple[Language, ...], low_accuracy: bool, preload: bool = False) -> object:
        built.append((len(languages), low_accuracy, preload))
        return build(languages, low_accuracy, preload)

    monkeypatch.setattr(langid, "build_detector", recording)
    assert _identify(ENGLISH + FRENCH_LOOKING + " " + CZECH) == ["en"] * 4 + ["cs"]
    assert any(low and preload and n > 8 for n, low, preload in built)
    assert all(low for n, low, preload in built if preload)
    assert any(not low for n, low, preload in built)  # the Czech line's shortlist, lazily
