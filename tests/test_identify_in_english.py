"""Foreign text inside English news (a batch user's review, twelfth round): a clause in
another script glued to an English one without a full stop, and whole German, French or
Spanish sentences read as English by their function words ("die", "hat", "das", "est",
"que" are common in English text too), all passed through untranslated."""

from __future__ import annotations

import pytest

import pipeline

NEWS = ("The payment date is March 25 while the issue will be listed in Luxembourg. The borrower is the "
        "wholesale financing arm of a major group of credit unions in the Province of Quebec. ")
TABLE = ("1985 quarter net includes 150,000 dlr tax credit. 1986 net both periods excludes 400,000 dlr tax "
         "credit. Eurostat noted output growth also fell in the U.S. If approved it will go to the full Senate. ")


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.lang) for s in pipeline.identify(text, pipeline.Options())]


@pytest.mark.parametrize("clause, lang", [
    ("Экономика России выросла на пять процентов в этом году.", "ru"),
    ("经济今年增长了百分之五。", "zh"),
    ("الاقتصاد نما بخمسة بالمئة هذا العام.", "ar"),
])
def test_a_clause_in_another_script_after_an_english_one_is_a_sentence_of_its_own(clause: str, lang: str) -> None:
    text = "Production remained vigorous, the survey said " + clause
    assert _labels(text) == [("Production remained vigorous, the survey said", "en"), (clause, lang)]


@pytest.mark.parametrize("text", [
    "The newspaper Российская газета reported the decision on Monday.",  # a title in its script stays inside
    "The daily 人民日报 said growth slowed.",
    "The statement was issued by 中华人民共和国外交部 on Monday, the agency said in Beijing.",  # a long name: goes on
])
def test_a_name_or_title_in_another_script_stays_in_its_sentence(text: str) -> None:
    assert _labels(text) == [(text, "en")]


@pytest.mark.parametrize("prefix, sentence, lang", [
    (NEWS, "Er hat jahrelang die Auswirkungen von Schlaf und Schlafmangel auf das Gedächtnis und das Lernen "
           "untersucht.", "de"),
    (NEWS + "The bank said it expected the deal to close in June. ", "Le football est plus populaire que le tennis.",
     "fr"),
    (TABLE, "Ist es nötig, dass ich dir Geld gebe?", "de"),
])
def test_a_foreign_sentence_in_english_news_is_not_english_by_its_function_words(prefix: str, sentence: str,
                                                                                   lang: str) -> None:
    assert _labels(prefix + sentence)[-1] == (sentence, lang)


@pytest.mark.parametrize("text, lingua", [("One.", "hr"), ("Hello.", "id"), ("Yes.", "tl")])
def test_a_document_of_one_common_english_word_is_english(text: str, lingua: str) -> None:
    """Documents too short to judge took lingua's guess: "One." Croatian (to the Serbo-Croatian
    model), "Hello." Indonesian, "Yes." Tagalog."""
    found = pipeline.identify(text, pipeline.Options())
    assert [s.lang for s in found] == ["en"]


@pytest.mark.parametrize("text, lang", [("Gracias.", "es"), ("Bom dia.", "pt"), ("Selamat pagi.", "id")])
def test_a_short_foreign_document_keeps_lingua_s_guess(text: str, lang: str) -> None:
    assert [s.lang for s in pipeline.identify(text, pipeline.Options())] == [lang]
