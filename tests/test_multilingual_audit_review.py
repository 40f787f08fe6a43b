"""Reposts in languages other than Indonesian, audited with a TM standing for the model
(round 14's review): dates written in the repost's language, currencies, titles."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.engines.options import Options

ORIGINAL = "The meeting will take place on March 5, 2024. Ministers from ten countries will attend.\n"
ATTEND = "Ministers from ten countries will attend."


def audit(tmp_path: Path, original: str, repost: str, tm: dict[str, str]) -> list[tuple[str, str, str]]:
    path = tmp_path / "tm.tsv"
    path.write_text("".join(f"{source}\t{english}\n" for source, english in tm.items()), encoding="utf-8")
    report = pipeline.audit("o", "r", Options(tm_file=path, use_cache=False), original_text=original, repost_text=repost)
    return [(d.type, d.severity, d.message) for d in report.divergences]


@pytest.mark.parametrize("date, rest", [
    ("Встреча состоится 5 марта 2024 года.", ("Министры из десяти стран примут участие.", ATTEND)),
    ("Das Treffen findet am 5. März 2024 statt.", ("Minister aus zehn Ländern nehmen teil.", ATTEND)),
    ("会议将于2024年3月5日举行。", ("十个国家的部长将出席。", ATTEND)),
])
def test_a_date_written_in_the_reposts_language_is_no_number(tmp_path: Path, date: str, rest: tuple[str, str]) -> None:
    # Its day and year were read as loose numbers: "number '5' not in the original", "'2024'".
    repost = f"{date} {rest[0]}\n" if not date.endswith("。") else f"{date}{rest[0]}\n"
    found = audit(tmp_path, ORIGINAL, repost, {date: ORIGINAL.split(". ")[0] + ".", rest[0]: rest[1]})
    assert [f for f in found if f[1] in ("major", "critical")] == []


def test_a_date_the_repost_changed_is_one_finding_located_in_the_repost(tmp_path: Path) -> None:
    date = "Встреча состоится 7 марта 2024 года."
    report_tm = {date: "The meeting will take place on March 7, 2024.", "Министры из десяти стран примут участие.": ATTEND}
    found = audit(tmp_path, ORIGINAL, f"{date} Министры из десяти стран примут участие.\n", report_tm)
    assert [(t, s) for t, s, _ in found] == [("date", "major")]  # and no "number '7' not in the original"
    path = tmp_path / "tm.tsv"
    report = pipeline.audit("o", "r", Options(tm_file=path, use_cache=False), original_text=ORIGINAL,
                            repost_text=f"{date} Министры из десяти стран примут участие.\n")
    assert report.divergences[0].repost is not None  # it had none: "repost —"


def test_a_date_the_translation_changed_is_the_translations_error(tmp_path: Path) -> None:
    source = "Il governo approverà la legge entro il 31 dicembre."
    found = audit(tmp_path, "The government will approve the law by December 31.\n", source + "\n",
                  {source: "The government will approve the law by December 30."})
    assert [f for f in found if f[1] in ("major", "critical")] == []
    assert any(t == "date" and "the translation's error" in m for t, _, m in found)


@pytest.mark.parametrize("source, english", [
    ("El grupo recaudó 1.500 millones de euros.", "The group raised 1.5 billion euros."),
    ("Le groupe a levé 1,5 milliard d'euros.", "The group raised 1.5 billion euros."),
    ("Группа привлекла 1,5 млрд рублей.", "The group raised 1.5 billion roubles."),
])
def test_a_currency_changed_in_the_reposts_language_is_a_changed_value(tmp_path: Path, source: str,
                                                                       english: str) -> None:
    # "de euros" was not read: "$1.5 billion" -> "1.500 millones" was the same value, info.
    found = audit(tmp_path, "The group raised $1.5 billion.\n", source + "\n", {source: english})
    assert [(t, s) for t, s, _ in found if s in ("major", "critical")] == [("number", "major")]


def test_a_title_and_its_acronym_are_one_title() -> None:
    report = pipeline.audit("o", "r", original_text="Chief executive John Smith said sales rose.\n",
                            repost_text="CEO John Smith said sales rose.\n")
    assert [d.severity for d in report.divergences] == ["minor"]
    report = pipeline.audit("o", "r", original_text="CFO John Smith said sales rose.\n",
                            repost_text="Chief executive John Smith said sales rose.\n")
    assert [(d.type, d.severity) for d in report.divergences] == [("entity", "major")]


@pytest.mark.parametrize("text, sentences", [
    # sentencex's Italian rules took the acronym for an abbreviation: one segment, no TM entry matched.
    ("Il deficit scenderà al 3,3% del PIL. I partiti hanno criticato il piano.",
     ["Il deficit scenderà al 3,3% del PIL.", "I partiti hanno criticato il piano."]),
    ("Il paese è entrato nella NATO. Il governo ha detto.", ["Il paese è entrato nella NATO.", "Il governo ha detto."]),
    ("Los EE. UU. dijeron que no.", None),
    ("Vendió acciones de GRUMA S.A. Luego dijo algo.", None),
])
def test_an_acronym_ends_a_sentence_before_a_capitalised_word(text: str, sentences: list[str] | None) -> None:
    from pipeline.text.segment import segment

    assert [s.text for s in segment(text)] == (sentences or [text])


def test_models_with_a_tm_lists_the_sentences_it_does_not_answer(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # The error said "`mtaudit models FILE --tm TM` lists them"; it printed counts only.
    from pipeline.cli import main

    doc = tmp_path / "it.txt"
    doc.write_text("Il deficit scenderà al 3,3% del PIL. Il governo ha risposto ieri sera.\n", encoding="utf-8")
    tm = tmp_path / "tm.tsv"
    tm.write_text("Il deficit scenderà al 3,3% del PIL.\tThe deficit will fall to 3.3% of GDP.\n", encoding="utf-8")
    main(["models", str(doc), "--tm", str(tm)])
    out = capsys.readouterr().out
    assert "the TM does not answer 1 sentence(s)" in out and f"{doc}: Il governo ha risposto ieri sera." in out
    main(["models", str(doc), "--tm", str(tm), "--format", "json"])
    import json

    assert json.loads(capsys.readouterr().out)["unanswered"] == [{"doc": str(doc), "text": "Il governo ha risposto ieri sera."}]


@pytest.mark.parametrize("text, lang, value", [
    # An amount in two magnitudes was two numbers ("1兆" and "1000億"), each a major finding.
    ("1兆1000億円", "ja", 1.1e12),
    ("2万8000円", "ja", 28_000),
    ("3억 5천만 원", "ko", 3.5e8),
    ("3亿5000万元", "zh", 3.5e8),
])
def test_an_amount_in_two_cjk_magnitudes_is_one_number(text: str, lang: str, value: float) -> None:
    from pipeline.text.numbers import extract_numbers

    assert [n.value for n in extract_numbers(text, lang)] == [value]


def test_a_quarter_written_as_a_month_range_is_no_number(tmp_path: Path) -> None:
    source = "トヨタは4～6月期に1兆1000億円の営業利益を見込む。"
    english = "Toyota expects operating profit of 1.1 trillion yen in the April-June quarter."
    found = audit(tmp_path, english + "\n", source + "\n", {source: english})
    assert [f for f in found if f[1] != "info"] == []


def test_a_name_the_translation_transliterated_otherwise_is_a_spelling_variant(tmp_path: Path) -> None:
    # "Шольц" rendered "Sholtz": two major name changes blamed on a repost that wrote the
    # right name. German "sch" and "z" are Russian "ш" and "ц".
    source = "Канцлер Олаф Шольц поговорил с президентом в понедельник."
    found = audit(tmp_path, "Chancellor Olaf Scholz spoke with the president on Monday.\n", source + "\n",
                  {source: "Chancellor Olaf Sholtz spoke with the president on Monday."})
    assert [(t, s) for t, s, _ in found] == [("entity", "minor")]
    from pipeline.text.aliases import spelling_variant

    assert spelling_variant("Merz", "Мерц") and spelling_variant("Steinmeier", "Штайнмайер")


def test_a_declined_name_is_carried_by_its_translation() -> None:
    assert pipeline.check_translation("Он встретился с Олафом Шольцем.", "ru", "He met Olaf Scholz.") == ()
    assert [f.name for f in pipeline.check_translation("Он встретился с Олафом Шольцем.", "ru",
                                                       "He met Olaf Merkel.")] == ["names"]
