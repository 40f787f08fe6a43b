"""Number words and date names in languages whose words the readers do not know.

The repost's own text is the truth of its numbers and dates (``checks/numbers.py``), but
only English, Indonesian, Malay, Chinese and Japanese number words (and English,
Indonesian and Malay month and weekday names) are read. A German "drei" or a French
"mars" is then read from the sentence's English: a faithful repost gets no finding, a
changed value is still a major one, reported once. Sentences written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.fidelity.report import Report


def _audit(tmp_path: Path, original: str, repost: str, english: str) -> Report:
    tm = tmp_path / "tm.tsv"
    tm.write_text(f"{repost}\t{english}\n", encoding="utf-8")
    options = pipeline.Options(tm_file=tm, use_cache=False)
    return pipeline.audit("original.txt", "repost.txt", options, original_text=original + "\n",
                          repost_text=repost + "\n")


def _found(report: Report) -> list[tuple[str, str, str | None, str | None]]:
    return [(d.type, d.severity, d.before, d.after) for d in report.divergences]


def test_a_faithful_number_word_in_german_or_french_is_no_finding(tmp_path: Path) -> None:
    report = _audit(tmp_path, "The farmer has three children and four thousand sheep on the hill.",
                    "Der Bauer hat drei Kinder und viertausend Schafe auf dem Hügel.",
                    "The farmer has three children and four thousand sheep on the hill.")
    assert [s.lang for s in report.repost.segments] == ["de"]
    assert not [f for f in _found(report) if f[0] in ("number", "format")], _found(report)
    report = _audit(tmp_path, "The committee will meet again on Tuesday, in March.",
                    "Le comité se réunira de nouveau mardi, en mars.",
                    "The committee will meet again on Tuesday, in March.")
    assert [s.lang for s in report.repost.segments] == ["fr"]
    assert not [f for f in _found(report) if f[0] in ("date", "format")], _found(report)


def test_a_changed_number_word_is_one_major_finding_read_from_the_english(tmp_path: Path) -> None:
    report = _audit(tmp_path, "The farmer has three children and five dogs on the farm.",
                    "Der Bauer hat drei Kinder und vier Hunde auf dem Hof.",
                    "The farmer has three children and four dogs on the farm.")
    numbers = [f for f in _found(report) if f[0] == "number"]
    assert numbers == [("number", "major", "five", "four")], _found(report)
    assert not [f for f in _found(report) if f[0] == "paraphrase" and "five" in (f[2] or "")], _found(report)


def test_a_changed_weekday_in_french_is_still_a_major_date(tmp_path: Path) -> None:
    report = _audit(tmp_path, "The committee will meet again on Friday, in March.",
                    "Le comité se réunira de nouveau mardi, en mars.",
                    "The committee will meet again on Tuesday, in March.")
    # One change, named both ways: it was reported as "Friday" missing, the new day unsaid.
    assert [f for f in _found(report) if f[0] == "date"] == [("date", "major", "Friday", "Tuesday")], _found(report)
    assert not [f for f in _found(report) if "Tuesday" in (f[3] or "") and f[0] != "date"], _found(report)


def test_a_changed_value_the_repost_writes_in_digits_is_one_finding(tmp_path: Path) -> None:
    # Its English copy of "6" is the repost's own digit, not a second value.
    report = _audit(tmp_path, "The farmer has five dogs on the farm.", "Der Bauer hat 6 Hunde auf dem Hof.",
                    "The farmer has 6 dogs on the farm.")
    assert [f for f in _found(report) if f[0] == "number"] == [("number", "major", "five", "6")], _found(report)
