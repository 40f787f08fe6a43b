"""Issue 20: segmentation knows each routed language's abbreviations and dotted ordinal
dates (sentencex's per-language rules, and the data ``pipeline.text.segment_rules`` adds)."""

from __future__ import annotations

import pytest

from pipeline.text.segment import segment


def _texts(text: str) -> list[str]:
    sentences = segment(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    return [s.text for s in sentences]


@pytest.mark.parametrize("text, expected", [
    # German ordinal dates, in a German paragraph and inside an English one.
    ("Er wurde am 4. Oktober 1988 in Berlin geboren. Danach zog er nach Bonn.",
     ["Er wurde am 4. Oktober 1988 in Berlin geboren.", "Danach zog er nach Bonn."]),
    ("The firm, founded am 4. Oktober 1988 in Berlin, grew. Then it moved.",
     ["The firm, founded am 4. Oktober 1988 in Berlin, grew.", "Then it moved."]),
    # Russian "г.", "т. е.", "н. э."
    ("Он родился в 1988 г. в Москве. Это, т. е. главное, важно. В 300 г. н. э. здесь был город.",
     ["Он родился в 1988 г. в Москве.", "Это, т. е. главное, важно.", "В 300 г. н. э. здесь был город."]),
    # Polish "r." (rok): no break before a lower-case word, a break where a sentence ends after it.
    ("Urodził się w 1988 r. w Warszawie. Wyjechał w 2020 r. The meeting was held later.",
     ["Urodził się w 1988 r. w Warszawie.", "Wyjechał w 2020 r.", "The meeting was held later."]),
    ("Jest tzw. problem, np. ten. Ul. Długa 5 jest tu.", ["Jest tzw. problem, np. ten.", "Ul. Długa 5 jest tu."]),
])
def test_abbreviations_and_ordinal_dates_of_each_language(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_english_keeps_its_splits() -> None:
    assert _texts("Dr. Smith met Mr. Jones at 5 p.m. today. Then he left. It rained.") == [
        "Dr. Smith met Mr. Jones at 5 p.m. today.", "Then he left.", "It rained."]


def test_a_fixed_rules_language_still_applies_its_additions() -> None:
    text = "Это, т. е. главное, важно. Конец."
    assert [s.text for s in segment(text, "ru")] == ["Это, т. е. главное, важно.", "Конец."]


# Written for these tests (the multilingual review's cases): ordinals and short
# abbreviations before a lower-case word, Devanagari and Thai abbreviations, direct
# speech and its attribution, and Armenian written with ASCII colons for "։".
@pytest.mark.parametrize("text, expected", [
    ("Toplantı 3. kez ertelendi. Herkes bekledi.", ["Toplantı 3. kez ertelendi.", "Herkes bekledi."]),
    ("Presiden bertemu dgn. para menteri di Jakarta. Mereka pulang.",
     ["Presiden bertemu dgn. para menteri di Jakarta.", "Mereka pulang."]),
    ("The price rose approx. twenty percent. It fell later.", ["The price rose approx. twenty percent.", "It fell later."]),
    ("डॉ. शर्मा कल आएंगे। वे खुश हैं।", ["डॉ. शर्मा कल आएंगे।", "वे खुश हैं।"]),
    ("การประชุมเมื่อวันที่ 5 ม.ค. 2567 เป็นไปด้วยดี", ["การประชุมเมื่อวันที่ 5 ม.ค. 2567 เป็นไปด้วยดี"]),
    ("彼は「明日行く。」と言った。私は驚いた。", ["彼は「明日行く。」と言った。", "私は驚いた。"]),
    ("«Ты где?» — спросил он. Она молчала.", ["«Ты где?» — спросил он.", "Она молчала."]),
    ("—¿Dónde estás? —preguntó él. Nadie contestó.", ["—¿Dónde estás? —preguntó él.", "Nadie contestó."]),
    ("Մենք ամեն ինչ կարգավորել ենք: Դուք ինձ լսու՞մ էիք: Ես ատում եմ օպերան:",
     ["Մենք ամեն ինչ կարգավորել ենք:", "Դուք ինձ լսու՞մ էիք:", "Ես ատում եմ օպերան:"]),
    # What must still split: a number or a long word ending a sentence before a capital or a signature.
    ("He left at 5. Then she came.", ["He left at 5.", "Then she came."]),
    ("The vote was 52 to 48. The motion passed.", ["The vote was 52 to 48.", "The motion passed."]),
    ("Sales rose in the market. reuter", ["Sales rose in the market.", "reuter"]),
    # Words that end in an abbreviation's letters are no abbreviation ("अंडा", egg; "डा." is one).
    ("मैंने नाश्ते में एक अंडा. फिर मैं काम पर गया.", ["मैंने नाश्ते में एक अंडा.", "फिर मैं काम पर गया."]),
    # A lone letter and its full stop before a digit: Czech "č." (number).
    ("Smlouva č. 12 byla podepsána. Platí hned.", ["Smlouva č. 12 byla podepsána.", "Platí hned."]),
    # Georgian letters are lower case to Unicode, but a Georgian sentence starts with one.
    ("There's no time. არაფრის.", ["There's no time.", "არაფრის."]),
])
def test_ordinals_abbreviations_speech_and_colons(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_a_line_sentencex_would_panic_on_is_still_segmented() -> None:
    # sentencex panicked (a Rust PanicException, which ended the whole run) on a lone
    # letter, a no-break space and a full stop.
    assert _texts("Ask J\u00a0. Smith today. Fine.") == ["Ask J\u00a0. Smith today.", "Fine."]
    assert _texts("Z\u202f. Next one here. And more.")[-1] == "And more."
