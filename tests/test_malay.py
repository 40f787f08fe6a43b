"""Issue 20: Malay is identified as Malay, on its word lists' evidence; Indonesian stays
on the Indonesian model where its words (or its document's) say Indonesian, even where
lingua takes it for Malay; a line whose words tell neither from the other goes to a model
that reads both, never to the Indonesian model alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY_MODEL_ID

from pipeline.settings import IdentifySettings
from pipeline.text.langid import LanguageIdentifier
from pipeline.text.lexicon import listed_zipf
from pipeline.text.relatives import INDONESIAN, MALAY, malay_or_indonesian
from pipeline.translation.route import Registry, load_registry
from pipeline.types import Sentence

# Malaysian spellings: awak, nak, selepas, telefon, minit, daripada, epal.
MALAY_LINES = ("Susah untuk memahami kenapa awak nak pergi.",
               "Selepas selesai kerja saya akan telefon awak.",
               "Saya makan sebiji epal dan dia makan roti.")
# Indonesian lines lingua's own ranking gives to Malay (Tatoeba).
INDONESIAN_LINES = ("Dia pergi memancing sebagai ganti bermain tenis.",
                    "Adakah masalah dengan cara mereka membesarkan anak-anaknya?",
                    "Dia menjadi bersemangat setelah melihat pemandangan indah itu.")


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _one(identifier: LanguageIdentifier, text: str) -> tuple[str, tuple[str, ...]]:
    [result] = identifier.identify(text, [Sentence(0, 0, len(text), text, 0)])
    return result.lang, result.alternatives


def test_malay_is_configured_by_default() -> None:
    assert MALAY in IdentifySettings().languages


def test_the_lists_decide_between_malay_and_indonesian() -> None:
    def words(text: str) -> list[str]:
        return [w.strip(".,?!").lower() for w in text.split()]

    def frequency(word: str, lang: str) -> float:
        return listed_zipf(word, lang)

    assert malay_or_indonesian(words("Selepas itu saya mahu wang sahaja kerana awak"), frequency) == MALAY
    assert malay_or_indonesian(words("Sesudah itu saya mau uang saja karena kamu"), frequency) == INDONESIAN
    # Nothing telling: labelled Indonesian, and routing covers Malay too (``left_open``).
    assert malay_or_indonesian(words("Saya makan nasi di rumah"), frequency) == INDONESIAN


@pytest.mark.parametrize("text", MALAY_LINES)
def test_a_malay_line_is_malay_and_goes_to_a_model_covering_malay(identifier: LanguageIdentifier,
                                                                  registry: Registry, text: str) -> None:
    lang, alternatives = _one(identifier, text)
    assert lang == MALAY
    spec = registry.route(lang, alternatives)
    assert spec is not None and registry.covers(spec, MALAY)
    assert spec != registry.route(INDONESIAN)


@pytest.mark.parametrize("text", INDONESIAN_LINES)
def test_an_indonesian_line_lingua_takes_for_malay_is_indonesian_and_leaves_malay_open(
        identifier: LanguageIdentifier, registry: Registry, text: str) -> None:
    lang, alternatives = _one(identifier, text)
    assert (lang, alternatives) == (INDONESIAN, (MALAY,))
    spec = registry.route(lang, alternatives)
    assert spec is not None and registry.covers(spec, INDONESIAN) and registry.covers(spec, MALAY)


# Tatoeba Malay lines in words Indonesian writes too: they went to the Indonesian model.
SHARED_MALAY_LINES = ("Kepala saya sakit.", "Tom memeluk saya.", "Maria berjalan kaki dengan perlahan.",
                      "Mari cuba lakukan sesuatu.")


@pytest.mark.parametrize("text", SHARED_MALAY_LINES)
def test_a_malay_line_in_shared_words_is_not_sent_to_the_indonesian_model(
        identifier: LanguageIdentifier, registry: Registry, text: str) -> None:
    lang, alternatives = _one(identifier, text)
    spec = registry.route(lang, alternatives)
    assert spec is not None and registry.covers(spec, MALAY)
    assert spec != registry.route(INDONESIAN)


def test_a_document_s_lines_read_together_decide_and_close_the_other(identifier: LanguageIdentifier,
                                                                     registry: Registry) -> None:
    # Alone, each line leaves Malay open; the document's "karena", "bisa", "uang" say Indonesian.
    lines = ["Dia pergi memancing sebagai ganti bermain tenis.", "Saya tidak bisa datang karena hujan.",
             "Dia tidak punya uang untuk membeli rumah itu."]
    text = " ".join(lines)
    sentences, start = [], 0
    for i, line in enumerate(lines):
        start = text.index(line, start)
        sentences.append(Sentence(i, start, start + len(line), line, 0))
    results = identifier.identify(text, sentences)
    assert [(r.lang, r.alternatives) for r in results] == [(INDONESIAN, ())] * 3
    assert {registry.route(r.lang, r.alternatives) for r in results} == {registry.route(INDONESIAN)}


def test_a_document_too_short_to_judge_is_malay_on_its_words(identifier: LanguageIdentifier) -> None:
    # Too short to judge alone: the whole document's guess, where the lists decide too.
    text = "Saya tak mahu."
    [result] = identifier.identify(text, [Sentence(0, 0, len(text), text, 0)])
    assert (result.lang, result.lang_source) == (MALAY, "context")
    for text in ("Kaki Tom terluka.", "Ini makanan.", "Ada masalah?"):
        assert _one(identifier, text)[0] == INDONESIAN, text


def test_without_malay_configured_malay_reads_as_indonesian() -> None:
    identifier = LanguageIdentifier(IdentifySettings(languages=("en", "id", "tl")))
    assert _one(identifier, MALAY_LINES[0]) == (INDONESIAN, ())


@pytest.mark.parametrize("text", ["Alam mo ba na mas malakas ka sa akala mo?", "Palagi kang kumakanta.",
                                  "Inimbitahan ko si Jane para sa hapunan."])
def test_malay_takes_no_place_from_tagalog(identifier: LanguageIdentifier, text: str) -> None:
    # Lingua is not asked about Malay: in its shortlists Malay took Tagalog's place, and
    # these Tagalog lines were read as Indonesian.
    assert _one(identifier, text)[0] == "tl"


def test_a_line_left_open_is_translated_by_the_family_model_from_model_dir(model_dir: Path, tmp_path: Path) -> None:
    # End to end: routing, loading from --model-dir and translating, with a copy of the tiny
    # model standing in for the Malayo-Polynesian one (the route is what is checked).
    import json
    import shutil

    from pipeline.cli import main

    family = "Helsinki-NLP/opus-mt-tc-bible-big-poz-en"
    models = tmp_path / "models"
    shutil.copytree(model_dir, models)
    # The tiny model itself (other tests may have left its CTranslate2 conversion beside it).
    shutil.copytree(models / TINY_MODEL_ID.replace("/", "--"), models / family.replace("/", "--"))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "one", "text": INDONESIAN_LINES[0]}) + "\n"
                    + json.dumps({"id": "doc", "text": "Saya tidak bisa datang karena hujan. Dia tidak punya uang."})
                    + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["translate", str(feed), "-o", str(out), "--format", "jsonl", "--no-cache", "-q",
                 "--model-dir", str(models)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    routes = {r["doc"]: set() for r in records}
    for r in records:
        routes[r["doc"]].add(r.get("route"))
        assert r.get("translation") and r.get("flag") is None, r  # translated, not passed through
    assert routes == {"one": {family}, "doc": {"Helsinki-NLP/opus-mt-id-en"}}
