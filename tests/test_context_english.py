"""English in mixed documents: a foreign line with an English-looking word or two is not
English for its English neighbours; a line of English words is, whatever lingua ranks."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.text.context import words_rule_out

ENGLISH = "I read the book twice. They went home early."


def _labels(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.lang) for s in pipeline.identify(text)]


@pytest.mark.parametrize("text, foreign", [
    # lingua is sure (sk 1.0); "On" alone is an English-looking word.
    ("He arrived late. On požiadal o zvýšenie platu. She laughed at the joke. We stayed at home all day.",
     {"On požiadal o zvýšenie platu."}),
    # Serbian lines lingua reads as Bosnian or Croatian: "je", "bio", "to" are English-looking,
    # "mleko", "besan" are not.
    ("Ja sam pio mleko. Toma je bio besan kao ris. " + ENGLISH,
     {"Ja sam pio mleko.", "Toma je bio besan kao ris."}),
])
def test_a_foreign_line_with_english_looking_words_keeps_its_language(text: str, foreign: set[str]) -> None:
    labels = _labels(text)
    assert {line for line, lang in labels if lang != "en"} == foreign


def test_a_line_of_english_words_stays_open_to_english() -> None:
    # lingua reads the headline as German for its names: its words are all English words.
    text = "Shares fell sharply on Monday after the report. Deutsche Bank cuts jobs in Gelsenkirchen. " \
           "The bank said more cuts would follow next year."
    assert {lang for _, lang in _labels(text)} == {"en"}


def test_a_short_line_with_a_word_english_lacks_takes_its_foreign_neighbour() -> None:
    # Too short to judge alone: "kde" and "táta" are no English words, so of its neighbours'
    # languages (English before, Czech after) English is ruled out.
    labels = _labels(ENGLISH + " Kde je táta? Zítra pojedu do Prahy vlakem.")
    assert labels[2] == ("Kde je táta?", "cs") and labels[3][1] == "cs"
    # An English one keeps English between the two.
    labels = _labels(ENGLISH + " Where is dad? Zítra pojedu do Prahy vlakem.")
    assert labels[2] == ("Where is dad?", "en")


def test_words_rule_out_english_for_a_word_english_lacks() -> None:
    common = {"where", "is", "dad", "je"}
    rules_out = words_rule_out(["Kde je táta?", "Where is dad?", "Kde?"], lambda i, lang: False, common.__contains__)
    assert rules_out(0, "en") and not rules_out(1, "en")
    assert not rules_out(2, "en")  # one word alone rules nothing out


@pytest.mark.parametrize("text, lang", [
    ("See on hea raamat.", "et"),  # "see", "on" are English words; lingua ranks English far below
    ("Sa kushton ky libër?", "sq"),  # "sa", "ky": lingua, sq 0.93, en 0.02
])
def test_a_line_lingua_rules_english_out_for_is_not_made_english_by_two_short_words(text: str, lang: str) -> None:
    assert _labels(text) == [(text, lang)]
