"""What the code review of round 14's changes found: rules that read too much."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.engines.options import Options
from pipeline.text.numbers import extract_numbers
from pipeline.text.segment import segment


@pytest.mark.parametrize("text, sentences", [
    # A word ending in د after a shadda was read as the abbreviation "د." (doctor).
    ("قال محمّد. ثم غادر المكان.", ["قال محمّد.", "ثم غادر المكان."]),
    ("هذا جيّد. سأذهب غداً.", ["هذا جيّد.", "سأذهب غداً."]),
    # Abbreviations in capitals are no acronym ending a sentence.
    ("The plant is in ST. Louis now.", None),
    ("He met DR. Smith today.", None),
    ("XYZ INC. Said today it would.", None),
])
def test_segmentation_rules_stop_where_they_should(text: str, sentences: list[str] | None) -> None:
    assert [s.text for s in segment(text)] == (sentences or [text])


def test_an_added_sentence_sharing_a_year_with_the_pair_beside_it_is_an_addition() -> None:
    report = pipeline.audit("o", "r", original_text="Profits rose sharply in 1987, the company said.\n",
                            repost_text="Profits rose sharply, the company said. The company was founded in 1987 in Ohio.\n")
    assert sorted((d.type, d.severity) for d in report.divergences) == [("addition", "major"), ("number", "major")]


def test_a_count_equal_to_the_dates_day_is_still_a_number(tmp_path: Path) -> None:
    source = "5 марта полиция задержала 5 человек."
    tm = tmp_path / "tm.tsv"
    tm.write_text(f"{source}\tOn March 5, police detained 5 people.\n", encoding="utf-8")
    report = pipeline.audit("o", "r", Options(tm_file=tm, use_cache=False),
                            original_text="On March 5, police arrested people.\n", repost_text=source + "\n")
    assert [(d.type, d.severity, d.repost.start if d.repost else None) for d in report.divergences
            if d.type == "number"] == [("number", "major", 26)]


def test_a_russian_line_quoting_a_ukrainian_word_is_not_kazakh() -> None:
    [found] = pipeline.identify("Он сказал «дякую, пані» и ушёл домой.")
    assert found.lang in ("ru", "uk") and found.lang != "kk"


@pytest.mark.parametrize("text, lang, values", [
    ("3 millions de livres", "fr", [(3e6, "")]),  # books, not pounds sterling
    ("1만 2명", "ko", [(1e4, ""), (2, "")]),  # 10,000 and two people
    ("5万 3人", "zh", [(5e4, ""), (3, "")]),
    ("มี 2 พันธมิตร", "th", [(2, "")]),  # two allies, not 2,000
    ("5 แสนดี", "th", [(5, "")]),
])
def test_number_rules_read_no_more_than_is_there(text: str, lang: str, values: list[tuple[float, str]]) -> None:
    assert [(n.value, n.currency) for n in extract_numbers(text, lang)] == values


def test_a_name_quoted_in_its_own_script_in_brackets_is_english_still() -> None:
    assert pipeline.check_translation("日経によると。", "ja", "According to the Nikkei (日本経済新聞).") == ()


def test_a_title_case_headline_opening_with_by_is_no_byline() -> None:
    from pipeline.fidelity.divergence import is_boilerplate

    assert not is_boilerplate("By Land And Sea, Troops Advance On The Capital")
    assert is_boilerplate("By JANE DOE and John Roe, Associated Press")
