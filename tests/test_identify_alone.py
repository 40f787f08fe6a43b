"""A short foreign line inside English news is not English for its neighbours' sake.

A line too short to judge alone took the language of its neighbours, and a weak verdict gave
way to them, whatever its own words said: "Saya lapar." and "Ich bin im Krankenhaus."
between two English sentences passed through untranslated, as English from context. Where
the line's own words rule out every neighbour's language (a word English lacks, or a list
of a language that shares its common words with English reading them clearly better), it
takes lingua's guess for itself; an English line between Indonesian ones stays English the
same way. Measured by ``scripts/bench_news_quotes.py --min-words 2 --max-words 3 --middle``.
"""

from __future__ import annotations

import pytest

import pipeline
from pipeline.api import IdentifiedSentence
from pipeline.text.context import fill_short, words_rule_out
from pipeline.types import Sentence

BEFORE = "The hospital said on Monday that the patient was recovering."
AFTER = "Doctors expect a full recovery within weeks."


def _middle(line: str) -> IdentifiedSentence:
    return pipeline.identify(f"{BEFORE} {line} {AFTER}")[1]


@pytest.mark.parametrize("line, lang", [
    ("Saya lapar.", "id"),
    ("Kami menolak.", "id"),
    ("Ich bin im Krankenhaus.", "de"),  # every word English's list holds too: German's reads them better
    ("Wir danken Ihnen.", "de"),
    ("Jestem chory.", "pl"),
    ("Estoy en el hospital.", "es"),  # a weak verdict: Spanish's list reads it better than English's
    ("Die Gewerkschaft kündigte Widerstand an.", "de"),
])
def test_a_short_foreign_line_between_english_ones_keeps_its_language(line: str, lang: str) -> None:
    found = _middle(line)
    assert (found.lang, found.lang_source) == (lang, "sentence")


@pytest.mark.parametrize("line", ["Thank you.", "No comment.", "Not yet.", "Shares fell.", "Reuters.", "OK."])
def test_a_short_english_line_between_english_ones_stays_english(line: str) -> None:
    assert _middle(line).lang == "en"


def test_a_short_english_line_between_indonesian_ones_is_english() -> None:
    text = ("Pemerintah menyatakan bahwa harga minyak akan naik minggu depan. Thank you. "
            "Menteri keuangan menolak berkomentar lebih lanjut.")
    assert [s.lang for s in pipeline.identify(text)] == ["id", "en", "id"]


def _sentences(n: int) -> list[Sentence]:
    return [Sentence(i, 4 * i, 4 * i + 3, "xxx", 0) for i in range(n)]


def test_fill_short_takes_the_lines_own_guess_only_where_its_words_allow_it() -> None:
    texts = ["Prices rose sharply.", "Saya lapar.", "Rates were cut."]
    english = {"prices", "rose", "sharply", "rates", "were", "cut", "saya"}
    rules_out = words_rule_out(texts, lambda i, lang: False, english.__contains__)
    judged: list[tuple[str, float] | None] = [("en", 1.0), None, ("en", 1.0)]
    assert fill_short(_sentences(3), judged, lambda: ("und", 0.0), rules_out=rules_out,
                      alone=lambda i: ("id", 0.9))[1] == ("id", 0.9)
    # Its own guess ruled out too (English again): the neighbours' language after all.
    assert fill_short(_sentences(3), judged, lambda: ("und", 0.0), rules_out=rules_out,
                      alone=lambda i: ("en", 0.5))[1] == ("en", 1.0)
    # Without ``alone``, as before: the neighbour decides.
    assert fill_short(_sentences(3), judged, lambda: ("und", 0.0), rules_out=rules_out)[1] == ("en", 1.0)


def test_words_rule_out_english_where_a_language_sharing_its_words_reads_them_better() -> None:
    texts = ["Ich bin im.", "I am in."]
    rules_out = words_rule_out(texts, lambda i, lang: False, lambda word: True, lambda i: i == 0)
    assert rules_out(0, "en") and not rules_out(1, "en")


@pytest.mark.parametrize("text, lang, sure", [
    # lingua's letter rules are sure of Vietnamese for à/è/í together, of Hungarian for é and ö.
    ("El conseller no és aquí perquè està a Madrid.", "ca", "vi"),
    ("Vi ska presentera idén för kommittén.", "sv", "hu"),
])
def test_a_sure_verdict_whose_own_list_holds_few_of_the_words_gives_way_to_the_list_that_holds_them(
        text: str, lang: str, sure: str) -> None:
    [found] = pipeline.identify(text)
    assert found.lang == lang and sure in found.alternatives  # routing covers both: the evidence disagrees


def test_a_newswire_abbreviation_is_no_evidence_against_english() -> None:
    # "mths" is no English word, but no word of another language either: a line of an English
    # earnings report stays English (it was Xhosa, and loaded lingua's large models to say so).
    text = ("The company said its net profit rose to 12 mln dlrs in the quarter. Six mths. "
            "It said sales rose to 150 mln dlrs from 120 mln dlrs a year earlier.")
    assert [s.lang for s in pipeline.identify(text)] == ["en", "en", "en"]


@pytest.mark.parametrize("text, lang", [
    # A one-line document: its capitalised first word is an English word too, rare as it is
    # at the common-word bar ("Stocks", "Arsenal"): the line is English (it was French and
    # Indonesian, and an offline audit of it stopped for the multilingual model).
    ("Stocks rose.", "en"),
    ("Arsenal won 2-1 on Saturday.", "en"),
    # ... while German's list reading "bin im" better, or a word English lacks, keeps it foreign.
    ("Ich bin im Krankenhaus.", "de"),
    ("Saya lapar.", "id"),
])
def test_a_one_line_document_of_english_words_is_english(text: str, lang: str) -> None:
    [found] = pipeline.identify(text)
    assert found.lang == lang


def test_an_offline_audit_of_a_one_line_english_document_needs_no_model() -> None:
    report = pipeline.audit("o", "r", original_text="Stocks rose.", repost_text="Stocks fell.")
    assert [d.type for d in report.divergences if d.severity == "major"] == ["meaning"]


@pytest.mark.parametrize("line, lang", [
    # Afrikaans closes a negated clause with "nie": read as Polish, Finnish or English before.
    ("Tom kan nie swem nie.", "af"),
    ("Ek is nie dronk nie.", "af"),
    # Polish "nie" opens a negation and may close "..., czy nie."; German "nie" means never:
    # theirs still (the code review's lines).
    ("My nie.", "pl"),
    ("My tego nie.", "pl"),
    ("Nie wiem, czy on przyjdzie jutro, czy nie.", "pl"),
    ("Ich rauche nie.", "de"),
    ("Ich vergesse dich nie, nie.", "de"),
    ("Nie wiem, czy on przyjdzie.", "pl"),
])
def test_a_clause_closed_by_nie_is_afrikaans(line: str, lang: str) -> None:
    [found] = pipeline.identify(line)
    assert found.lang == lang
