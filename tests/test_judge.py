"""Issue 21: the audit judges the repost, not its translator; dates in context; one
finding per fact, with spans on the changed words (the seed pair: test_seed_judge.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from conftest import EXAMPLES  # noqa: E402

from pipeline.fidelity.compare import Divergence, compare_documents  # noqa: E402
from pipeline.settings import CheckConfig  # noqa: E402
from pipeline.text.dates import extract_dates  # noqa: E402
from pipeline.translation.checks import Candidate, failures  # noqa: E402
from pipeline.types import AlignedGroup, Segment  # noqa: E402


def translated(original: Sequence[str], repost: Sequence[tuple[str, str]], lang: str = "id",
               severity: dict[str, str] | None = None) -> list[Divergence]:
    """Compare an English original with a repost of ``(source, English)`` sentences
    (one to one), each translation carrying the per-translation checks it fails, as the
    engine's segments do."""
    o_text, o_sents = synth.sentences(original)
    r_text, r_sents = synth.sentences([source for source, _ in repost])
    segments = [Segment(s, lang, 1.0, "tm", english, failed=failures(Candidate(s.text, english, lang), CheckConfig()))
                for s, (_, english) in zip(r_sents, repost)]
    alignment = [AlignedGroup((k,), (k,), 0.5, "path") for k in range(len(original))]
    return list(compare_documents(o_text, o_sents, r_text, segments, alignment, severity).divergences)


def severe(found: Sequence[Divergence]) -> list[Divergence]:
    return [d for d in found if d.severity in ("critical", "major")]


# --- point 3: the audit judges the repost, not the translator ---------------------------------

ORIGINAL_VALUES = "Russian troops have advanced 2,033 square kilometres, or 0.3% of Ukraine's territory."
REPOST_VALUES = "Pasukan Rusia telah maju 2.033 kilometer persegi, atau 0,3 persen dari wilayah Ukraina."


def test_values_the_translation_misread_are_the_translations_error() -> None:
    """"2.033" and "0,3 persen" in an Indonesian repost are 2,033 and 0.3, the original's
    values: a translation that kept the digits fails its numbers check, but the repost
    says what the original says."""
    english = "Russian troops have advanced 2.033 square kilometers, or 0.3 percent of Ukraine's territory."
    found = translated([ORIGINAL_VALUES], [(REPOST_VALUES, english)])
    errors = [d for d in found if d.type == "mt-error"]
    assert errors and all(d.severity == "minor" for d in errors), found
    assert all("the translation's error, not the repost's" in d.message for d in errors)
    assert errors[0].repost is not None and errors[0].repost.text == "2.033" and not errors[0].approximate
    assert not severe(found), found
    # "at most": a configuration that makes number mt-errors critical does not undo it.
    configured = translated([ORIGINAL_VALUES], [(REPOST_VALUES, english)], severity={"mt-error-numbers": "critical"})
    assert [d.severity for d in configured if d.type == "mt-error"] == ["minor"]


def test_a_lost_value_the_original_does_not_have_stays_major() -> None:
    original = ORIGINAL_VALUES.replace("2,033", "3,033")
    english = "Russian troops have advanced 2.033 square kilometers, or 0.3 percent of Ukraine's territory."
    found = translated([original], [(REPOST_VALUES, english)])
    errors = [d for d in found if d.type == "mt-error"]
    assert [d.severity for d in errors] == ["major"] and "not the repost's" not in errors[0].message


def test_a_name_the_translation_dropped_is_the_translations_error() -> None:
    original = "Finnish President Alexander Stubb said the talks in Helsinki went well."
    source = "Presiden Finlandia Alexander Stubb mengatakan pembicaraan di Helsinki berjalan baik."
    english = "The Finnish president said the talks went well."
    found = translated([original], [(source, english)], severity={"mt-error-names": "major"})
    errors = [d for d in found if d.type == "mt-error" and d.kind == "names"]
    assert errors and errors[0].severity == "minor", found
    assert "not the repost's" in errors[0].message


# --- point 4: dates in context ------------------------------------------------------------------


@pytest.mark.parametrize("text, lang", [
    ("Pada pertemuan mereka di Toulon minggu lalu, pejabat Jerman dan Prancis bertemu.", "id"),
    ("Minggu lalu, pejabat Jerman dan Prancis bertemu.", "id"),
    ("Pertemuan berikutnya digelar minggu depan.", "id"),
    ("Mei Ling told reporters the plan would work.", "en"),
    ("Thousands March on the capital every year.", "en"),
    ("May I ask a question?", "en"),
])
def test_a_word_that_is_no_date_there_is_no_date(text: str, lang: str) -> None:
    assert extract_dates(text, lang) == []


@pytest.mark.parametrize("text, lang, value", [
    ("Mereka bertemu pada hari Minggu di Paris.", "id", (None, None, None, 6)),
    ("Mereka bertemu pada Minggu di Paris.", "id", (None, None, None, 6)),
    ("Rapat digelar pada Mei lalu.", "id", (None, 5, None, None)),
    ("The stations open in March.", "en", (None, 3, None, None)),
    ("The stations open by March 2026.", "en", (2026, 3, None, None)),
])
def test_a_word_used_as_a_date_is_one(text: str, lang: str, value: tuple[int | None, ...]) -> None:
    assert [d.readings[0] for d in extract_dates(text, lang)] == [value]


def test_last_week_in_indonesian_is_no_sunday() -> None:
    original = "At their meeting in Toulon last week, German and French officials discussed Russian troops."
    source = "Pada pertemuan mereka di Toulon minggu lalu, pejabat Jerman dan Prancis membahas pasukan Rusia."
    english = "At their meeting in Toulon last week, German and French officials discussed Russian troops."
    assert not [d for d in translated([original], [(source, english)]) if d.type == "date"]
    # A real Sunday against another day is still a date change.
    found = translated(["They met on Saturday in Paris."], [("Mereka bertemu pada hari Minggu di Paris.",
                                                              "They met on Sunday in Paris.")])
    assert [(d.type, d.severity) for d in found if d.type == "date"] == [("date", "major")]


# --- point 5: one finding per fact, spans on the changed words -----------------------------------


def test_a_reported_negation_is_not_repeated_as_a_paraphrase() -> None:
    found = translated(["Ruiz said the pact would not depend on a single donor."],
                       [("Ruiz mengatakan pakta itu akan bergantung pada satu donor.",
                         "Ruiz said the pact will depend on a single donor.")])
    assert [(d.type, d.severity) for d in found] == [("negation", "critical")], found
    assert found[0].repost is not None and "bergantung" in found[0].repost.text
    assert found[0].repost.text != "Ruiz mengatakan pakta itu akan bergantung pada satu donor."


def test_leftovers_of_a_format_change_are_no_finding() -> None:
    found = translated(["Officials said the figure has grown by 0.7% a year since 2019."],
                       [("Para pejabat mengatakan angka tersebut telah tumbuh 0, 7 % per tahun sejak 2019.",
                         "Officials said the figure has grown 0, 7 % per year since 2019.")])
    assert [(d.type, d.before, d.after) for d in found] == [("format", "0.7%", "0, 7 %")], found


def test_a_changed_title_points_at_the_word() -> None:
    found = translated(["Deputy Minister Ana Ruiz told reporters in Port Alder that the stations will open."],
                       [("Asisten Menteri Ana Ruiz mengatakan kepada wartawan di Port Alder bahwa stasiun akan dibuka.",
                         "Assistant Minister Ana Ruiz told reporters in Port Alder that the stations will open.")])
    entity = [d for d in found if d.type == "entity"]
    assert len(entity) == 1 and entity[0].repost is not None, found
    assert (entity[0].repost.text, entity[0].approximate) == ("Asisten", False)
    assert not [d for d in found if d.type == "untranslated"], found  # "Asisten" is no English left in


@pytest.fixture(scope="module")
def example_report() -> Any:
    from pipeline import audit
    from pipeline.engines.local import Options

    return audit(EXAMPLES / "original.en.txt", EXAMPLES / "repost.id.txt",
                 Options(tm_file=EXAMPLES / "repost.tm.tsv", use_cache=False))


def test_example_one_finding_per_fact(example_report: Any) -> None:
    """The bundled example: no minor duplicate of the negation, no fragment left by a
    format change, and Deputy -> Assistant points at the word."""
    divergences = example_report.divergences
    negation = [d for d in divergences if d.type == "negation"]
    assert len(negation) == 1 and negation[0].severity == "critical"
    same_sentence = [d for d in divergences if d.repost and d.repost.sentence == negation[0].repost.sentence
                     and d is not negation[0] and d.type == "paraphrase"]
    assert not same_sentence, same_sentence
    assert not [d for d in divergences if d.type == "paraphrase" and "%" in ((d.before or "") + (d.after or ""))]
    deputy = [d for d in divergences if d.type == "entity" and d.before == "Deputy"]
    assert len(deputy) == 1 and deputy[0].repost.text == "Asisten" and not deputy[0].approximate


# --- counting negation, and a sentence rendered together with its neighbour --------------------


def english(original: Sequence[str], repost: Sequence[str],
            groups: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] | None = None) -> list[Divergence]:
    o_text, o_sents = synth.sentences(original)
    r_text, r_sents = synth.sentences(repost)
    groups = groups or [((k,), (k,)) for k in range(len(original))]
    alignment = [AlignedGroup(o, r, 0.5 if o and r else 0.0, "path" if o and r else "lonely") for o, r in groups]
    return list(compare_documents(o_text, o_sents, r_text, synth.passthrough(r_sents), alignment).divergences)


@pytest.mark.parametrize("a, b", [
    ("These details are much less important than the plan.", "These details are not so important as the plan."),
    ("The plant stores sugar instead of having starch.", "The plant stores sugar and does not have starch."),
    ("We had to leave because we couldn't, any more than light can escape.",
     "We had to leave, because we cannot escape, not even the light."),
])
def test_a_negation_said_otherwise_is_no_negation(a: str, b: str) -> None:
    assert not [d for d in english([a], [b]) if d.type == "negation"]


def test_a_negation_flipped_is_still_critical() -> None:
    found = english(["The plant stores sugar and has starch."], ["The plant stores sugar and does not have starch."])
    assert [(d.type, d.severity) for d in found if d.type == "negation"] == [("negation", "critical")]


def test_a_sentence_rendered_with_its_neighbour_is_neither_omitted_nor_negated() -> None:
    original = ["We don't ever want to do that actually.",
                "We want to be inside the universe because there's no such thing as standing outside the universe."]
    repost = ["We never really want this to happen; we want to be inside the universe, because there is no "
              "such thing as being outside the universe."]
    found = english(original, repost, [((0,), ()), ((1,), (0,))])
    assert not severe(found), found


def test_a_sentence_dropped_beside_a_faithful_pair_is_still_an_omission() -> None:
    original = ["Patrol boats cannot be everywhere at once, the commissioner said.", "The group will meet again in October."]
    found = english(original, ["The group will meet again in October."], [((0,), ()), ((1,), (0,))])
    assert [(d.type, d.severity) for d in found] == [("omission", "major")]


def test_two_lonely_sentences_rendered_inside_the_next_one_are_no_omissions() -> None:
    """A repost that runs two short sentences on into the next one, across its line
    breaks, renders them: the lonely sentences join that pair one after the other,
    though the original sets each on a line of its own."""
    from pipeline import audit
    from pipeline.engines.local import Options

    original = ("We can stand on the Earth and look up at the night sky and see stars with our bare eyes.\n"
                "The Sun burns our peripheral vision.\n"
                "We see light reflected off the Moon.\n"
                "And in the time since Galileo pointed that rudimentary telescope at the celestial bodies, "
                "the known universe has come to us through light.")
    repost = ("We stand on Earth and look up at the night sky and we can see the stars with our naked eyes.\n"
              "The intense sunlight is so harsh;\n"
              "we can see the light reflected off the moon;\n"
              "since Galileo aimed his humble telescope at objects in the universe, the universe as we know it "
              "has come to us through light.")
    report = audit("original.txt", "repost.txt", Options(assume_english=True, use_cache=False),
                   original_text=original, repost_text=repost)
    assert not [d for d in report.divergences if d.severity in ("critical", "major")], report.divergences
