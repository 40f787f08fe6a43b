"""Tests for pipeline.text.lexicon: one reader of wordfreq's lists, one idea of a word."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import lexicon
from pipeline.settings import IdentifySettings
from pipeline.text.langid import LanguageIdentifier
from pipeline.types import Sentence

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _sample_words() -> list[str]:
    """Words as the checks ask for them: as written, lower-cased, with digits and apostrophes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []
    found: set[str] = set()
    for text in texts:
        for word in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text):
            found.update({word, word.lower(), word.lower().replace("’", "'")})
    found.update({"so-called", "2,450", "covid19", "straße", "İstanbul", "ﬁne", "can't", "l'heure", "été"})
    # Joined words read without wordfreq's tokeniser (``lexicon._joined``), and its elision rule's edges.
    found.update({"it's", "y'all", "qu'un", "aujourd'hui", "x-ray", "rock'n'roll", "l'eau-de-vie", "d'h",
                  "well-l'eau", "study's", "dogs'", "'tis", "re-", "co--op", "Study's"})
    return sorted(found)


@pytest.mark.parametrize("lang", ["en", "id", "fr", "de", "ru", "es", "tr", "ro", "ar", "pt-BR"])
def test_zipf_is_wordfreqs_zipf_frequency(lang: str) -> None:
    from wordfreq import zipf_frequency

    for word in _sample_words():
        assert lexicon.zipf(word, lang) == zipf_frequency(word, lang.split("-")[0]), (word, lang)


def test_words_joined_by_apostrophes_and_hyphens_need_no_wordfreq_import() -> None:
    """A short run asks for "study's" (a translation check): importing wordfreq for it costs a third of a second."""
    import subprocess

    code = ("import sys; from pipeline.text.lexicon import zipf; "
            "print(zipf(\"study's\", 'en'), zipf('so-called', 'id'), 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    assert out[2] == "False"
    from wordfreq import zipf_frequency

    assert [float(out[0]), float(out[1])] == [zipf_frequency("study's", "en"), zipf_frequency("so-called", "id")]


def test_languages_without_frequencies_give_zero_and_never_raise() -> None:
    before = set(sys.modules)
    for lang in ("zh", "ja", "ko", "und", "zh-Hant", "xx", "sw"):
        for word in ("productive", "中国", "日本語", "한국어", "", "42"):
            assert lexicon.zipf(word, lang) == 0.0
    assert not {"jieba", "MeCab", "mecab_ko"} & (set(sys.modules) - before)


def test_listed_values_are_wordfreqs_list_values() -> None:
    from wordfreq import get_frequency_dict

    for lang in ("en", "id", "zh", "ja"):  # the identifier reads zh and ja lists too, without jieba or MeCab
        frequencies = get_frequency_dict(lang)
        words = list(frequencies)[::997] + ["zzzzq", "aardvark", "pasukan"]
        for word in words:
            frequency = frequencies.get(word, 0.0)
            expected = math.log10(frequency) + 9.0 if frequency > 0.0 else 0.0
            assert lexicon.listed_zipf(word, lang) == expected, (word, lang)


def test_identifier_and_zipf_share_one_reading_of_each_list(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    read = lexicon._read_cbpack

    def counting(path: Path) -> list[list[str]]:
        reads.append(path.name)
        return read(path)

    monkeypatch.setattr(lexicon, "_read_cbpack", counting)
    for cached in (lexicon.word_list, lexicon.listed_zipf, lexicon.zipf):
        cached.cache_clear()
    text = "Presiden mengatakan bahwa pertemuan itu very productive bagi kedua negara."
    [result] = LanguageIdentifier(IdentifySettings(languages=("en", "id"))).identify(text, [Sentence(0, 0, len(text), text)])
    assert result.lang == "id" and result.foreign_spans
    assert lexicon.zipf("productive", "en") > lexicon.zipf("productive", "id")
    assert lexicon.zipf("pertemuan", "id") > 0.0
    assert sorted(reads) == ["large_en.msgpack.gz", "small_id.msgpack.gz"]


def _counting_buckets(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Buckets read per list from now on, on fresh readings of every list."""
    read_buckets: dict[str, int] = {}
    read = lexicon._read_cbpack

    def counting(path: Path) -> Iterator[list[str]]:
        name = path.name.split(".")[0].split("_", 1)[1]
        for bucket in read(path):
            read_buckets[name] = read_buckets.get(name, 0) + 1
            yield bucket

    monkeypatch.setattr(lexicon, "_read_cbpack", counting)
    for cached in (lexicon.word_list, lexicon.listed_zipf, lexicon.zipf):
        cached.cache_clear()
    return read_buckets


def test_the_identifier_reads_a_list_only_as_far_as_its_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    read_buckets = _counting_buckets(monkeypatch)
    settings = IdentifySettings(languages=("en", "id"))
    text = "Presiden mengatakan bahwa pertemuan itu very productive bagi kedua negara."
    [result] = LanguageIdentifier(settings).identify(text, [Sentence(0, 0, len(text), text)])
    assert result.lang == "id" and result.foreign_spans
    # Bucket r is Zipf 9 - r/100: English is read down to english_min_zipf, Indonesian
    # down to that less the margin; the rest of each list (down to Zipf 1) stays unread.
    assert read_buckets["en"] <= (9 - settings.english_min_zipf) * 100 + 2
    assert read_buckets["id"] <= (9 - settings.english_min_zipf + settings.zipf_margin) * 100 + 2
    # A floor changes no value at or above it, reads any below it as 0.0, and the rest of
    # the list is read when a lookup needs it.
    for word in ("the", "productive", "aardvark", "zzzzq", "pertemuan", "perspicacity"):
        for floor in (4.0, 2.5, 1.9):
            banded = lexicon.listed_zipf(word, "en", floor)
            full = lexicon.listed_zipf(word, "en")
            assert banded == (full if full >= floor else 0.0), (word, floor)
    assert lexicon.listed_zipf("perspicacity", "en") > 0.0  # Zipf 1.7: read now
    # Reading the other list only as far as each word needs gives is_english's answer.
    for lang in ("id", "de", "nl"):
        for word in _sample_words()[::7] + ["in", "was", "also", "hat", "die", "meeting", "perspicacity"]:
            word = word.lower()
            assert lexicon.listed_english(word, lang, min_zipf=2.5, margin=0.6) == lexicon.is_english(
                word, lang, min_zipf=2.5, margin=0.6, frequency=lexicon.listed_zipf), (word, lang)
    assert read_buckets["en"] == 800
    for cached in (lexicon.word_list, lexicon.listed_zipf, lexicon.zipf):
        cached.cache_clear()


def test_a_word_is_letters_joined_by_apostrophes_or_hyphens() -> None:
    assert lexicon.words("Trump's so-called 3rd deal, Putin–Zelenskiy: v2") == [
        "Trump's", "so-called", "rd", "deal", "Putin", "Zelenskiy", "v"
    ]
    assert lexicon.LETTERS.findall("twenty-five") == ["twenty", "five"]


def test_an_english_word_beats_the_other_language() -> None:
    assert lexicon.is_english("meeting", "id", min_zipf=3.5, margin=0.5)
    assert not lexicon.is_english("pasukan", "id", min_zipf=3.5, margin=0.5)
    assert not lexicon.is_english("in", "de", min_zipf=3.5, margin=0.5)  # German too
    assert lexicon.is_english("meeting", "id", min_zipf=2.5, margin=0.6, frequency=lexicon.listed_zipf)


def test_word_lists_hold_what_each_use_needs() -> None:
    assert lexicon.FUNCTION_WORDS >= {"the", "not", "of"}
    assert lexicon.ENGLISH_ONLY_WORDS <= lexicon.FUNCTION_WORDS | {"said", "says", "after", "there", "when", "where",
                                                                  "while", "because"}
    assert not {"not", "no"} & lexicon.NON_CONTENT_WORDS  # a dropped negation is content


@pytest.mark.parametrize("lang", ["es", "nb", "fil", "en"])
def test_listed_head_is_listed_zipf_above_its_floor(lang: str) -> None:
    head = lexicon.listed_head(lang, 4.5)
    assert 1000 < len(head) < 10_000
    # Every word of the head reads as listed_zipf reads it; words under the floor are not in it.
    assert all(lexicon.listed_zipf(word, lang, 4.5) == value for word, value in head.items())
    bucket = lexicon.word_list(lang)
    assert bucket is not None
    below = [word for word, rank in bucket.head(600).items() if 9.0 - rank / 100 < 4.49][:200]
    assert below and not any(word in head for word in below)
    assert lexicon.listed_head("xx", 4.5) == {}


def test_zipf_with_a_floor_reads_a_list_only_down_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The checks compare most frequencies with a threshold; reading English's list to its
    # end for a name costs a cold run a quarter of a second.
    read_buckets = _counting_buckets(monkeypatch)
    words = _sample_words()
    banded = {(word, floor): lexicon.zipf(word, "en", floor) for word in words for floor in (5.0, 3.5, 2.5)}
    assert read_buckets["en"] <= (9 - 2.5) * 100 + 2
    for (word, floor), value in banded.items():
        full = lexicon.zipf(word, "en")
        assert value == (full if full >= floor else 0.0), (word, floor)
    assert read_buckets["en"] == 800
    for cached in (lexicon.word_list, lexicon.listed_zipf, lexicon.zipf):
        cached.cache_clear()


@pytest.mark.parametrize("lang", ["id", "de", "tr"])
def test_is_english_reads_each_list_only_as_far_as_it_must(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    words = [w.lower() for w in _sample_words()] + ["meeting", "perspicacity", "die", "pasukan", "zzzzq"]
    full = {(word, min_zipf, margin): (e := lexicon.zipf(word, "en")) >= min_zipf
            and e - lexicon.zipf(word, lang) >= margin
            for word in words for min_zipf, margin in ((3.5, 0.5), (2.5, 0.0), (0.01, 0.0))}
    read_buckets = _counting_buckets(monkeypatch)
    for (word, min_zipf, margin), expected in full.items():
        if min_zipf >= 2.5:
            assert lexicon.is_english(word, lang, min_zipf=min_zipf, margin=margin) == expected, (word, lang)
    assert read_buckets["en"] <= (9 - 2.5) * 100 + 2
    for (word, min_zipf, margin), expected in full.items():
        assert lexicon.is_english(word, lang, min_zipf=min_zipf, margin=margin) == expected, (word, lang)
    for cached in (lexicon.word_list, lexicon.listed_zipf, lexicon.zipf):
        cached.cache_clear()


def test_a_band_keeps_the_later_listing_of_a_word_listed_twice() -> None:
    band = lexicon._Band([["b", "a"], ["c", "a", "ab"], ["a\u00e9"]], 10)
    assert list(band.items()) == [("a", 10), ("a", 11), ("ab", 11), ("aé", 12), ("b", 10), ("c", 11)]
    assert [band.rank(w.encode()) for w in ("a", "ab", "aé", "b", "c", "", "abc", "d")] == [
        11, 11, 12, 10, 11, None, None, None]
    assert len(band) == 6


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_the_ascii_twins_find_what_the_full_patterns_find(text: str) -> None:
    # ASCII text takes the simpler twin of ``WORD`` and of the mid-sentence word pattern
    # (a fresh process on English news spends a tenth of its time finding words).
    from pipeline.text.evidence import _MID_SENTENCE_WORD

    for twin in (lexicon.WORD, _MID_SENTENCE_WORD):
        assert twin.findall(text) == twin.full.findall(text)
        assert [m.span() for m in twin.finditer(text)] == [m.span() for m in twin.full.finditer(text)]


def test_the_ascii_twins_find_what_the_full_patterns_find_in_news() -> None:
    from pipeline.text.evidence import _MID_SENTENCE_WORD

    text = (EXAMPLES / "original.en.txt").read_text(encoding="utf-8").replace("’", "'").replace("“", '"')
    text = text.replace("”", '"').replace("—", "-").encode("ascii", "ignore").decode()
    assert text.isascii() and len(lexicon.WORD.findall(text)) > 100
    for twin in (lexicon.WORD, _MID_SENTENCE_WORD):
        assert twin.findall(text) == twin.full.findall(text)
        assert twin.findall(text + "é") == twin.full.findall(text + "é")  # not ASCII: the full pattern
