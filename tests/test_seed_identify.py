"""Language identification on the seed corpus (../shared/corpus): 004 is Indonesian with
one English paragraph and a few English words, 000-003 are English throughout.

The same checks on repo-held text are in test_identify.py; without ../shared this
module is one skip."""

from __future__ import annotations

import pytest

from conftest import CORPUS, skip_module_without_corpus
from pipeline.text.langid import LanguageIdentifier
from support import assert_spans_exact, lid_gold, pipeline_identify, span_texts, split

skip_module_without_corpus(__name__, "language identification of seeds 000-004")

NAMES = {
    "Macron", "Emmanuel", "Emmanuel Macron", "Trump", "Donald", "Donald Trump", "Stubb",
    "Alexander Stubb", "Paris", "Zelenskiy", "Putin", "Korea", "Korea Selatan", "Israel",
    "Toulon", "Kremlin", "Volodymyr", "Bloomberg", "China", "Donetsk", "Kyiv",
}  # fmt: skip


def corpus_text(prefix: str) -> str:
    [path] = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_004_languages(identifier: LanguageIdentifier) -> None:
    text = corpus_text("004")
    sentences = split(text, "id")
    results = identifier.identify(text, sentences)
    english = [s.text for s, r in zip(sentences, results) if r.lang == "en"]
    assert english and all(s.startswith(("Ukraine and its allies", "Their talks")) for s in english)
    paragraph_start = text.index("Ukraine and its allies")
    paragraph_end = text.index("\n", paragraph_start)
    for sentence, result in zip(sentences, results):
        if paragraph_start <= sentence.start < paragraph_end:
            assert result.lang == "en", sentence.text
        else:
            assert result.lang == "id", sentence.text
            assert result.inherited == (sentence.text == "KTT Putin-Zelenskiy"), sentence.text


def test_004_foreign_spans(identifier: LanguageIdentifier) -> None:
    text = corpus_text("004")
    sentences = split(text, "id")
    results = identifier.identify(text, sentences)
    assert_spans_exact(text, sentences, results)
    found = [t for r in results for t in span_texts(text, r)]
    assert {"The Ready", "complete", "design"} <= set(found)
    # "backstop" is a genuine English word left in; anything else would be a false positive.
    assert set(found) <= {"The Ready", "complete", "design", "backstop"}
    assert not NAMES & set(found)
    ready = text.index("The Ready")
    assert any(s.start == ready and s.end == ready + len("The Ready") for r in results for s in r.foreign_spans)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_english_documents_are_english(identifier: LanguageIdentifier, prefix: str) -> None:
    text = corpus_text(prefix)
    sentences = split(text, "en")
    results = identifier.identify(text, sentences)
    assert len(results) == len(sentences)
    assert [s.text for s, r in zip(sentences, results) if r.lang != "en"] == []
    assert all(r.foreign_spans == () for r in results)
    # Only fragments inherit: every long sentence was judged on its own.
    assert all(not r.inherited for s, r in zip(sentences, results) if len(s.text.split()) >= 8)


def test_004_matches_its_gold(configured: LanguageIdentifier) -> None:
    [path] = CORPUS.glob("004_*.txt")
    _, results = pipeline_identify(configured, path.read_text(encoding="utf-8"))
    assert [r.lang for r in results] == lid_gold()[f"corpus/{path.name}"]
