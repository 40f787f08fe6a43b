"""What a multilingual feed user found (round 13): the per-translation numbers check cried
wolf on correct human translations of dates written in digits, dotted times, Arabic decimal
marks and Swiss thousands; it still catches a changed value in each."""

from __future__ import annotations

import pytest

import pipeline


@pytest.mark.parametrize("source, lang, right, wrong", [
    ("Die Sitzung fand am 12.04.2023 statt.", "de", "The meeting took place on 12 April 2023.",
     "The meeting took place on 12 May 2023."),
    ("La reunión fue el 12/04/2023.", "es", "The meeting was on 12 April 2023.", "The meeting was on 13 April 2023."),
    ("Das Treffen beginnt um 14.30 Uhr.", "de", "The meeting starts at 14:30.", "The meeting starts at 15:30."),
    ("بلغ الدين ١٠٫٥ مليار دولار.", "ar", "The debt reached 10.5 billion dollars.",
     "The debt reached 10.6 billion dollars."),
    ("Der Preis beträgt 1'234 Franken.", "de", "The price is 1,234 francs.", "The price is 1,235 francs."),
])
def test_numbers_written_in_a_locales_way_are_read_as_their_translation_says_them(
        source: str, lang: str, right: str, wrong: str) -> None:
    assert not [f for f in pipeline.check_translation(source, lang, right) if f.name == "numbers"]
    assert [f for f in pipeline.check_translation(source, lang, wrong) if f.name == "numbers"]
