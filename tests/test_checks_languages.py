"""Issue 20: per-translation checks calibrated per source language and script, on the
failures human translations used to raise (numbers, names, length, repetition) and the
copies they used to miss."""

from __future__ import annotations

import pytest

from pipeline.settings import CheckConfig, load_settings
from pipeline.text.numbers import extract_numbers
from pipeline.translation.checks import Candidate, findings

CFG = CheckConfig()


def _failed(source: str, translation: str, lang: str) -> set[str]:
    return set(findings(Candidate(source, translation, lang), CFG))


def test_chinese_human_translation_is_within_the_length_band() -> None:
    # zh -> en runs at about 3 English characters a Chinese one: no length alarm.
    source = "我希望大家能花点时间考虑一个非常简单的事实那就是，到目前为止，我们对宇宙的大部分了解都来自于光。"
    translation = ("I want to ask you all to consider for a second the very simple fact that, by far, most of what "
                   "we know about the universe comes to us from light.")
    assert "length" not in _failed(source, translation, "zh")
    assert "length" in _failed(source, "Light.", "zh")


@pytest.mark.parametrize("text, lang, value", [
    ("140亿年过去了", "zh", 14e9),
    ("有2万人", "zh", 2e4),
    ("１００万人の人々", "ja", 1e6),
    ("인구는 60억 이상", "ko", 6e9),
    ("103,7 milioni di dollari", "it", 103.7e6),
    ("1,5 Millionen Euro", "de", 1.5e6),
    ("2 millions d'euros", "fr", 2e6),
    ("5 миллиона рублей", "ru", 5e6),
    ("3 milyon lira", "tr", 3e6),
    ("2 miliony złotych", "pl", 2e6),
    ("46 triệu người", "vi", 46e6),
])
def test_magnitudes_of_every_routed_language(text: str, lang: str, value: float) -> None:
    assert [m.value for m in extract_numbers(text, lang)] == [pytest.approx(value)]


def test_month_digits_ordinals_and_bracket_lists() -> None:
    # "2月11日" is 11 February: the month's digit is a date part, not a count.
    assert "numbers" not in _failed("他于2月11日抵达北京。", "He arrived in Beijing on 11 February.", "zh")
    assert "numbers" not in _failed("他在比赛中获得第5名。", "He finished fifth in the race.", "zh")
    assert [m.value for m in extract_numbers("the cell [1,1] of the matrix", "en")] == [1.0, 1.0]
    assert "numbers" in _failed("他于2月11日抵达北京。", "He arrived in Beijing on 12 February.", "zh")


def test_turkish_percent_before_the_number() -> None:
    assert "numbers" not in _failed("Enflasyon %5 arttı ve bu yıl yükseldi.", "Inflation rose 5% this year.", "tr")


def test_german_nouns_are_no_names_but_rare_names_are() -> None:
    source = "Nächste Woche wird es vielleicht Frost geben, und das Boot bleibt im Hafen."
    assert "names" not in _failed(source, "It may freeze next week, and the boat stays in port.", "de")
    compound = "Die Regierung kündigte ein Haushaltsdefizit an, sagte Kowalczyk am Montag."
    assert "names" not in _failed(compound, "The government announced a budget deficit, Kowalczyk said on Monday.", "de")
    assert "names" in _failed(compound, "The government announced a budget deficit, the minister said on Monday.", "de")


def test_turkish_dotted_capital_i() -> None:
    source = "Başkan dün İzmir ve İstanbul ziyaretini tamamladı."
    assert "names" not in _failed(source, "The president completed his visit to Izmir and Istanbul yesterday.", "tr")


def test_names_in_another_script_are_transliterated() -> None:
    source = "Вчера Штернлиб выступил перед журналистами в Москве."
    assert "names" not in _failed(source, "Yesterday Sternlieb spoke to journalists in Moscow.", "ru")
    assert "names" in _failed(source, "Yesterday the professor spoke to journalists in Moscow.", "ru")


def test_repetition_ignores_punctuation_runs() -> None:
    source = "他停了下来——想了想——然后……继续说……"
    assert "repetition" not in _failed(source, "He stopped -- -- -- -- thought -- and then ...... went on ......", "zh")
    assert "repetition" not in _failed("Dia berhenti.", "He stopped …… …… …… …… …… and went on.", "id")


def test_a_chinese_source_passed_through_is_caught() -> None:
    source = "我们对宇宙的大部分了解都来自于光，这是一个非常简单的事实。"
    failed = _failed(source, source, "zh")
    assert {"copy", "not-english"} <= failed


def test_default_toml_holds_the_script_bands() -> None:
    from pathlib import Path

    toml = Path(__file__).resolve().parent.parent / "configs" / "default.toml"
    assert load_settings(toml).checks.length_ratio_by_script == CFG.length_ratio_by_script
    assert CFG.band("zh", "Hani") == CFG.length_ratio_by_script["Hani"]
