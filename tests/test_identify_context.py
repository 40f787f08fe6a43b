"""Identification where no sentence of a document is firm: a table of figures."""

from __future__ import annotations

from pipeline.settings import load_settings
from pipeline.text.langid import LanguageIdentifier
from pipeline.text.segment import segment

# Written for this test in the layout of newswire earnings tables: abbreviations and
# figures, hardly a function word, no sentence lingua can judge firmly.
EARNINGS = """Shr profit 13 cts vs loss one ct
    Net profit 853,000 vs loss 22,000
    Revs 41.1 mln vs 20.3 mln
    Avg shrs 6,349,753 vs 4,403,852
    Nine mths
    Shr profit 57 cts vs profit 28 cts
    Revs 119.0 mln vs 67.6 mln
    Avg shrs 5,054,844 vs 4,403,000
"""

# Short Indonesian lines with no firm sentence either: the pooled language is Indonesian.
HEADLINES = """Harga beras naik lagi
Banjir di Jakarta Utara
Rupiah melemah sore ini
"""


def _identify(text: str) -> list[tuple[str, str]]:
    identifier = LanguageIdentifier(load_settings().identify)
    sentences = segment(text)
    return [(r.lang, s.text) for r, s in zip(identifier.identify(text, sentences), sentences)]


def test_a_table_of_figures_takes_its_documents_language() -> None:
    found = _identify(EARNINGS)
    assert [text for lang, text in found if lang != "en"] == []


def test_short_foreign_lines_keep_their_pooled_language() -> None:
    assert {lang for lang, _ in _identify(HEADLINES)} == {"id"}


def test_a_guess_is_english_without_its_words_read() -> None:
    from pipeline.text.context import SENTENCE, Verdict, overruled
    from pipeline.types import Sentence

    sentences = [Sentence(id=i, start=i, end=i + 1, text="x", paragraph=0) for i in range(2)]
    asked: list[tuple[int, str]] = []

    def english_words(i: int, lang: str) -> bool:
        asked.append((i, lang))
        return False

    # A line of figures kept as a guess ("Shr loss 3.84 dlrs vs nil" -> ga): before, its
    # words were read against Irish, whose missing word list cost lingua's models of a pair.
    out = overruled(sentences, [Verdict("en", 1.0, True), Verdict("ga", 0.4, False, guess=True)], english_words, 0.5)
    assert out == {1: (("en", 0.4), SENTENCE)} and asked == []


def test_a_lone_weak_verdict_takes_the_language_its_document_shares_where_its_ranking_leaves_it_open() -> None:
    import pipeline

    # Three Marathi lines: "किती कांदे?" ("how many onions?") alone reads as Hindi, which no
    # other line has; its ranking leaves Marathi open, and two lines share Marathi.
    text = "किती कांदे? मला भूक लागली आहे. ते घरी गेले आहेत. We talked about this yesterday. It is too late for him."
    assert [s.lang for s in pipeline.identify(text)] == ["mr", "mr", "mr", "en", "en"]
