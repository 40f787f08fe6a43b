"""Issue 20: close relatives told apart by their spelling markers: Croatian, Bosnian,
Serbian and Slovene; Bokmål, Nynorsk, Danish and Swedish (``pipeline.text.markers``)."""

from __future__ import annotations

import pytest

from pipeline.text.langid import LanguageIdentifier
from pipeline.text.lexicon import listed_languages, listed_zipf
from pipeline.text.markers import YAT_FLOOR, by_markers, named, votes, yat
from pipeline.text.relatives import WordLists, shared_lists
from pipeline.types import Sentence

CONFIGURED = frozenset({"hr", "bs", "sr", "sl", "da", "nb", "nn", "sv", "is", "mk", "ru", "bg", "en", "fi"})


def _sh(word: str) -> float:
    return listed_zipf(word, "sh", YAT_FLOOR)


def _marked(top: str, text: str) -> str | None:
    return by_markers(top, text.lower().split(), CONFIGURED, _sh)


needs_sh = pytest.mark.skipif("sh" not in listed_languages(), reason="wordfreq has no Serbo-Croatian list")


@needs_sh
@pytest.mark.parametrize(("word", "reflex"), [
    ("mlijeko", "ije"), ("mleko", "e"), ("vrijeme", "ije"), ("vreme", "e"), ("ovdje", "ije"), ("ovde", "e"),
    ("vidjeli", "ije"), ("videli", "e"), ("voljeli", "ije"), ("voleli", "e"), ("htio", "ije"), ("hteo", "e"),
    # No yat: nije (is not), bio (was), nj and lj (njega, bolje), comparatives (starije/stare).
    ("nije", None), ("bio", None), ("njega", None), ("bolje", None), ("starije", None), ("stare", None),
    ("ne", None),
])
def test_the_yat_reflex_is_read_off_the_serbo_croatian_list(word: str, reflex: str | None) -> None:
    assert yat(word, _sh) == reflex


@needs_sh
@pytest.mark.parametrize(("top", "text", "expected"), [
    ("bs", "tko je pojeo sav kruh prošli tjedan", "hr"),  # tko, kruh, tjedan
    ("hr", "gde je moje mleko", "sr"),  # ekavian
    ("bs", "moram da kupim hleb", "sr"),  # modal + da, hleb
    ("hr", "šta ćeš raditi u vrijeme ručka", "bs"),  # ijekavian with šta
    ("hr", "kaj delaš danes zvečer", "sl"),
    # Serbo-Croatian with no standard's own marker: the language written most.
    ("sl", "sutra ću ti reći što je bilo", "hr"),
    ("nb", "eg veit ikkje kva ho vil", "nn"),
    ("da", "jeg vet ikke hva hun sa til meg", "nb"),
    ("nb", "jeg ved ikke hvad han sagde til mig", "da"),
    ("nn", "jag vet inte vad hon sa", "sv"),
    ("mk", "да ли ћете доћи", "sr"),  # ћ, да ли
    ("sr", "дали ќе дојдеш", "mk"),  # ќ, дали
])
def test_markers_name_the_relative(top: str, text: str, expected: str | None) -> None:
    assert _marked(top, text) in (expected, None if expected == top else expected)
    if expected is not None:
        assert _marked(expected, text) is None  # the relative they name keeps its verdict


def test_a_line_without_markers_keeps_lingua_verdict() -> None:
    assert _marked("hr", "tom ima psa") is None
    assert _marked("da", "det er koldt") is None
    assert _marked("de", "eg veit ikkje") is None  # outside the groups: ``named``, not ``by_markers``


def test_ties_keep_lingua_verdict_except_bosnian_against_a_larger_relative() -> None:
    # Ijekavian alone: Croatian or Bosnian; lingua's Croatian stands, its Bosnian gives way to Croatian.
    assert votes(["ovdje"], _sh)["hr"] == votes(["ovdje"], _sh)["bs"] == 1
    assert _marked("hr", "ovdje") is None
    assert _marked("bs", "ovdje") == "hr"
    assert _marked("nb", "jeg tror") is None and _marked("da", "jeg tror") is None


def test_markers_outside_the_groups_need_several_words() -> None:
    assert named(["eg", "er", "gladast", "når", "eg", "søv"], CONFIGURED) == "nn"
    assert named(["eg", "er", "glad"], CONFIGURED) is None  # one vote
    # Letters alone name nothing outside the groups: Estonian writes ä and ö as Swedish does.
    assert named(["mul", "on", "väga", "hää", "öö"], CONFIGURED) is None


@needs_sh
def test_serbo_croatian_languages_read_the_family_list() -> None:
    lists = shared_lists(frozenset({"hr", "bs", "sr", "sl", "nn", "mk"}), listed_languages())
    assert lists == {"hr": "sh", "bs": "sh", "sr": "sh", "sl": "sl", "mk": "mk"}  # Nynorsk has none
    word_lists = WordLists(frozenset(lists), frozenset(lists), 0.5, listed_zipf, lists)
    assert word_lists.zipf("kuća", "hr", 3.0) == word_lists.zipf("kuća", "sr", 3.0) > 3.0
    # Serbian Cyrillic reads no Latin list: a Macedonian verdict is not overruled by it.
    assert word_lists.read("mk", ["ова", "е", "мојата", "куќа"], False)[0] is None


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


@needs_sh
@pytest.mark.parametrize(("text", "lang"), [
    # Lingua's n-grams and the lists alone (main) read these as Bosnian, Croatian, Basque, Slovak.
    ("Gde si bio juče uveče kad sam te zvao?", "sr"),
    ("Ne verujem da će doći na vreme.", "sr"),
    ("Deca se igraju u parku svaki dan.", "sr"),
    ("Moram da kupim hleb i mleko.", "sr"),
    ("Htio bih popiti kavu s tobom ovaj tjedan.", "hr"),
    ("Včeraj sem bil v kinu z mamo.", "sl"),
    # and these they read right already: the markers agree.
    ("Eg veit ikkje kva ho vil gjere i morgon.", "nn"),
    ("Jeg ved ikke hvad hun sagde til mig i går.", "da"),
    ("Jeg har ikke noe imot at du blir med oss.", "nb"),
    ("Tko je pojeo sav kruh koji je bio na stolu?", "hr"),
    ("Šta ćeš raditi sutra poslije posla?", "bs"),
])
def test_identifier_names_the_relative_its_markers_say(identifier: LanguageIdentifier, text: str,
                                                      lang: str) -> None:
    [result] = identifier.identify(text, [Sentence(0, 0, len(text), text, 0)])
    assert result.lang == lang


def test_danish_and_norwegian_spellings_of_common_words_vote() -> None:
    # været/vært, lige/like, tilbage/tilbake, gik/gikk: Danish's soft and single consonants.
    assert votes(["han", "har", "været", "her", "lige", "før"]).most_common(1)[0][0] == "da"
    assert votes(["han", "gikk", "tilbake", "for", "å", "hjelpe"]).most_common(1)[0][0] == "nb"


@pytest.mark.parametrize(("words", "top", "expected"), [
    # Afrikaans: the article 'n (a one-letter word), the possessive se, y where Dutch writes ij
    # (my/mijn, sy/zij), ê, its pronouns (hom, julle) and niks; Dutch: ij, sch, de, je, we, ze, hem, niets.
    ("dit is n grap".split(), "nl", "af"),
    ("mary is tom se vrou".split(), "nl", "af"),
    ("sy pruik sit skeef".split(), "nl", "af"),
    ("hy sê niks".split(), "nl", "af"),
    ("waar is je reispas".split(), "af", "nl"),
    ("weet je wat voor ding dat is".split(), "af", "nl"),
    ("de mens is het enige dier".split(), "af", "nl"),
    ("hij wil schrijven".split(), "af", "nl"),
    ("dit is goed".split(), "nl", "nl"),  # no marker of either: lingua's verdict stands
])
def test_afrikaans_and_dutch_by_their_grammar(words: list[str], top: str, expected: str) -> None:
    from pipeline.text.markers import by_grammar

    assert by_grammar(top, words, frozenset({"af", "nl"})) == expected
