"""A news feed in scripts other than Latin (round 14's review): script is evidence that
neither context nor a guess overrides."""

from __future__ import annotations

import pytest

from pipeline.text.langid import LanguageIdentifier
from pipeline.text.scripts import LATIN, written_script
from pipeline.text.segment import segment


def labels(identifier: LanguageIdentifier, text: str) -> list[tuple[str, str]]:
    sentences = segment(text)
    return [(s.text, found.lang) for s, found in zip(sentences, identifier.identify(text, sentences))]


@pytest.mark.parametrize("headline, lang", [
    # Latin product names and one word of another script: lingua read the names as English or
    # German, and the line passed through untranslated or went to the German model.
    ("Apple Vision Pro 출시", "ko"),
    ("Samsung Galaxy S24 Ultra يصل", "ar"),
    ("Apple iPhone 15 発売", "ja"),
])
def test_a_headline_of_latin_names_and_a_word_of_another_script_is_in_that_script(
        configured: LanguageIdentifier, headline: str, lang: str) -> None:
    assert labels(configured, headline) == [(headline, lang)]


@pytest.mark.parametrize("headline, script", [
    ("Tesla Model Y 降价", "Han"),
    ("Apple iPhone 15 Pro Max выходит", "Cyrillic"),
])
def test_such_a_headline_is_never_english_nor_a_latin_script_language(
        configured: LanguageIdentifier, headline: str, script: str) -> None:
    assert written_script(headline) == script
    [(_, lang)] = labels(configured, headline)
    assert lang not in ("en", "de", "nn", "la", "und")


@pytest.mark.parametrize("foreign", [
    "国家统计局周一公布了最新数据。",
    "국가통계청은 월요일 최신 자료를 발표했다. ",
    "Прем'єр-міністр виступив у парламенті. ",
])
def test_a_short_english_line_after_another_script_does_not_inherit_its_language(
        configured: LanguageIdentifier, foreign: str) -> None:
    # "The taka fell." took Chinese from its neighbour and went to the Chinese model.
    found = labels(configured, foreign + "The taka fell.")
    assert found[-1] == ("The taka fell.", "en")


def test_an_english_sentence_quoting_a_word_of_another_script_is_latin() -> None:
    assert written_script("The Russian word for peace, мир, also means world.") == LATIN
    assert written_script("NATO") == LATIN


@pytest.mark.parametrize("source, lang, output", [
    # Passed through whole: too few words for the word-share test, none of them Latin.
    ("Зеленський подякував союзникам.", "uk", "Зеленський подякував союзникам."),
    ("Парламентът прие бюджета.", "bg", "Парламентът прие бюджета."),
    # Half translated: the rest left in the source's script.
    ("Газпром в 2023 году сократил экспорт на 25%.", "ru", "In 2023 Gazprom сократил экспорт на 25%."),
    ("トヨタは2024年3月期に5兆円の営業利益を見込む。", "ja", "Toyota 2024年3月期に5兆円の営業利益を見込む。"),
])
def test_a_translation_written_in_another_script_is_not_english(source: str, lang: str, output: str) -> None:
    from pipeline import check_translation

    assert "not-english" in [f.name for f in check_translation(source, lang, output)]


def test_an_english_translation_quoting_a_word_of_the_source_passes() -> None:
    from pipeline import check_translation

    assert check_translation("Он сказал, что мир важен.", "ru", "He said that peace (мир) is important.") == ()


@pytest.mark.parametrize("source, lang, english", [
    # Magnitude words of each language: the number was read bare and reported lost.
    ("ประชากรประมาณ 10 ล้านคน", "th", "The population is about 10 million."),  # unspaced: "ล้านคน"
    ("งบประมาณ 3 พันล้านบาท", "th", "a budget of 3 billion baht"),
    ("העיר מונה 9.8 מיליון תושבים", "he", "The city has 9.8 million residents."),
    ("قیمت 3 ارب ڈالر ہے", "ur", "The price is $3 billion."),
    ("দেশে ১৭ কোটি মানুষ", "bn", "The country has 170 million people."),
    ("12 कोटी लोक", "mr", "120 million people"),
    ("8 கோடி மக்கள்", "ta", "80 million people"),
    ("Κόστισε 10,5 εκατ. ευρώ.", "el", "It cost 10.5 million euros."),
    ("მოსახლეობა 3,7 მილიონია", "ka", "The population is 3.7 million."),
    # Percent signs of other scripts: full-width and Arabic.
    ("増加率は3％だった。", "ja", "The increase was 3%."),
    ("النمو ٣٫٥٪ هذا العام", "ar", "Growth is 3.5% this year."),
])
def test_a_magnitude_or_percent_of_another_script_is_read(source: str, lang: str, english: str) -> None:
    from pipeline import check_translation

    assert [f.message for f in check_translation(source, lang, english) if f.name == "numbers"] == []


@pytest.mark.parametrize("text, sentences", [
    # A Chinese or Japanese full stop before ASCII digits or a Latin word ended no sentence.
    ("他昨天到了北京。2024年的经济增长率为5.2%。", ["他昨天到了北京。", "2024年的经济增长率为5.2%。"]),
    ("他昨天到了北京。iPhone销量上升。", ["他昨天到了北京。", "iPhone销量上升。"]),
    ("他说：“我们会赢。”2024年会更好。", ["他说：“我们会赢。”", "2024年会更好。"]),
    ("彼は東京に着いたと言った。2024年に経済は成長した。", ["彼は東京に着いたと言った。", "2024年に経済は成長した。"]),
    # A dotted initialism ended one in its middle; so did an Arabic or Marathi title.
    ("Ο πρόεδρος των Η.Π.Α. επισκέφθηκε την Αθήνα την Τρίτη.", None),
    ("Η Ε.Ε. ενέκρινε το σχέδιο.", None),
    ("قال د. أحمد إن الاقتصاد ينمو.", None),
    ("मुख्यमंत्री श्री. शिंदे यांनी घोषणा केली.", None),
    ("He took vitamin C. Then he slept.", ["He took vitamin C.", "Then he slept."]),
])
def test_sentences_of_other_scripts_are_split_where_they_end(text: str, sentences: list[str] | None) -> None:
    assert [s.text for s in segment(text)] == (sentences or [text])


@pytest.mark.parametrize("text, lang, ruled_out", [
    # є and ї are no Macedonian or Russian letters; ё is no Bulgarian one: the line's own
    # model, not the multilingual fallback its open relatives sent it to.
    ("Як справи в моєї дружини?", "uk", {"mk", "ru", "bg", "be"}),
    ("Он не в моём вкусе.", "ru", {"bg", "uk", "mk", "sr"}),
])
def test_a_relative_whose_alphabet_lacks_a_letter_of_the_line_is_not_left_open(
        configured: LanguageIdentifier, text: str, lang: str, ruled_out: set[str]) -> None:
    sentences = segment(text)
    [found] = configured.identify(text, sentences)
    assert found.lang == lang and not ruled_out & set(found.alternatives)


@pytest.mark.parametrize("line", ["मैं ज्योत्षी हूँ |", "Έχετε ένα σπίρτο;", "Մեկնիր ինձ թղթապանակը:"])
def test_a_line_ending_in_its_scripts_stop_before_english_is_a_sentence(line: str) -> None:
    # A short line of another script ending in its own stop (a danda typed as "|", Greek's
    # question mark, Armenian's colon), inside English news read with English rules: one
    # sentence with the English one after it, taken for English (the news-quotes benchmark).
    head = ("The board declared a three-for-two stock split and raised the quarterly dividend by seven pct. "
            "The company said the dividend was raised to 37.5 cts a share from 35 cts, equal to 25 cts after the split. ")
    tail = "Chrysler said the stock dividend is payable April 13 to holders of record March 23."
    assert [s.text for s in segment(head + line + " " + tail)][2:] == [line, tail]
