"""Numbers read by value across locale formats (pipeline.numbers)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import (
    NumberMention,
    diff_numbers,
    extract_numbers,
    numbers_equal_as_multisets,
    same_value,
)


def values(text: str, lang: str = "en") -> list[tuple[float, bool]]:
    return [(m.value, m.percent) for m in extract_numbers(text, lang)]


def texts(text: str, lang: str = "en") -> list[str]:
    return [m.text for m in extract_numbers(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2,033 square kilometers", "en", [(2033.0, False)]),
        ("2 033 kilometer persegi", "id", [(2033.0, False)]),
        ("2\u00a0033 and 2\u202f033", "en", [(2033.0, False), (2033.0, False)]),
        ("100,000 soldiers", "en", [(100000.0, False)]),
        ("100 000 tentara", "id", [(100000.0, False)]),
        ("100.000 tentara", "id", [(100000.0, False)]),
        ("1.400 jobs", "en", [(1.4, False)]),
        ("1.400 pekerjaan", "id", [(1400.0, False)]),
        ("1.400 Stellen", "de", [(1400.0, False)]),
        ("1,5 juta", "id", [(1.5e6, False)]),
        ("1,5 Prozent", "de", [(1.5, True)]),
        ("1,400 jobs", "en", [(1400.0, False)]),
        ("0.3% of the area", "en", [(0.3, True)]),
        ("0, 3 % dari total", "id", [(0.3, True)]),
        ("or 0, 3 % of Ukraine's total area", "en", [(0.3, True)]),
        ("26 percent and 26 per cent", "en", [(26.0, True), (26.0, True)]),
        ("$3.2 billion", "en", [(3.2e9, False)]),
        ("3,2 miliar dolar", "id", [(3.2e9, False)]),
        ("Rp 5 ribu and 7 milyar", "id", [(5e3, False), (7e9, False)]),
        ("1,234.56 and 1.234,56", "en", [(1234.56, False), (1234.56, False)]),
        ("1.400.000 people", "en", [(1400000.0, False)]),
        ("1,400,000 orang", "id", [(1400000.0, False)]),
        ("2 033,5 km", "fr", [(2033.5, False)]),
        ("1.400 empregos", "pt-BR", [(1400.0, False)]),
    ],
)
def test_values_across_formats(text: str, lang: str, expected: list[tuple[float, bool]]) -> None:
    got = values(text, lang)
    assert len(got) == len(expected), got
    for (value, percent), (want, want_percent) in zip(got, expected):
        assert math.isclose(value, want, rel_tol=1e-9) and percent == want_percent, got


def test_lists_are_not_read_as_decimals() -> None:
    assert values("1, 2 and 3") == [(1.0, False), (2.0, False), (3.0, False)]
    # "2, 3 %" would read 2.3% alone, but here it ends a list.
    assert values("shares of 1, 2, 3 % each") == [(1.0, False), (2.0, False), (3.0, True)]
    assert values("in 2024, 2025 and 2026") == [(2024.0, False), (2025.0, False), (2026.0, False)]


def test_dates_ranges_and_signs() -> None:
    assert values("met in Washington on Aug. 18. In 2025 talks went on") == [(18.0, False), (2025.0, False)]
    assert values("capturing territory in May-August") == []
    assert values("the 2020-2025 plan") == [(2020.0, False), (2025.0, False)]
    assert values("fell -5% as COVID-19 spread") == [(-5.0, True), (19.0, False)]
    # A year after a day is two numbers even with a space between.
    assert values("Aug. 18 2025") == [(18.0, False), (2025.0, False)]


def test_mention_text_and_offsets() -> None:
    text = "Moscow captured 2,033 square kilometers (785 square miles) or 0.3% and $3.2 billion."
    mentions = extract_numbers(text)
    assert [m.text for m in mentions] == ["2,033", "785", "0.3%", "3.2 billion"]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert texts("menangkap 2 033 km atau 0, 3 % dari", "id") == ["2 033", "0, 3 %"]


def test_diff_numbers_on_the_corpus_sentence() -> None:
    original = extract_numbers(
        "Moscow’s troops have advanced slowly, capturing 2,033 square kilometers "
        "(785 square miles) in May-August or 0.3% of Ukraine’s total area."
    )
    translated = extract_numbers(
        "Moscow's troops have advanced slowly, capturing 2 033 square kilometers "
        "(785 square miles) in May-August, or 0, 3 % of Ukraine's total area."
    )
    diff = diff_numbers(original, translated)
    assert diff.missing == () and diff.extra == ()
    assert [(a.text, b.text) for a, b in diff.reformatted] == [("2,033", "2 033"), ("0.3%", "0, 3 %")]
    assert numbers_equal_as_multisets(original, translated)


def test_diff_numbers_reports_changed_values() -> None:
    original = extract_numbers("Macron said 26 countries and 100,000 troops")
    repost = extract_numbers("Macron said 36 countries and 100 000 troops", "id")
    diff = diff_numbers(original, repost)
    assert [m.text for m in diff.missing] == ["26"]
    assert [m.text for m in diff.extra] == ["36"]
    assert [(a.text, b.text) for a, b in diff.reformatted] == [("100,000", "100 000")]
    assert not numbers_equal_as_multisets(original, repost)
    # Matched mentions are the objects passed in.
    assert diff.missing[0] is original[0]


def test_diff_numbers_prefers_same_spelling_and_counts_repeats() -> None:
    original = extract_numbers("2,033 then 2 033")
    other = extract_numbers("2 033 then 2,033 then 2,033")
    diff = diff_numbers(original, other)
    assert diff.reformatted == () and diff.missing == ()
    assert [m.text for m in diff.extra] == ["2,033"]


def test_same_value_needs_same_percent_flag() -> None:
    plain, percent = extract_numbers("26 and 26%")
    assert not same_value(plain, percent)
    assert same_value(extract_numbers("$3.2 billion")[0], extract_numbers("3 200 000 000")[0])
    assert same_value(NumberMention(0, 1, "x", 0.1 + 0.2, False), NumberMention(0, 1, "y", 0.3, False))


# --- properties ---------------------------------------------------------------------

_SPACES = (" ", "\u00a0", "\u202f")


@st.composite
def formatted(draw: st.DrawFn) -> tuple[str, str, float, bool]:
    """A number written the way an English or Indonesian writer would, with its value."""
    lang = draw(st.sampled_from(["en", "id"]))
    whole = draw(st.integers(min_value=0, max_value=10**12))
    decimals = draw(st.sampled_from(["", "5", "25", "125", "0625"]))
    group = draw(st.sampled_from(("," if lang == "en" else ".", *_SPACES, "")))
    digits = f"{whole:,}".replace(",", group)
    mark = "." if lang == "en" else ","
    body = digits + (mark + decimals if decimals else "")
    value = float(f"{whole}.{decimals or 0}")
    suffix = draw(st.sampled_from(["", "%", " %", " percent", " billion", " juta" if lang == "id" else " million"]))
    multiplier = {" billion": 1e9, " juta": 1e6, " million": 1e6}.get(suffix, 1.0)
    return lang, body + suffix, value * multiplier, "%" in suffix or "percent" in suffix


@given(formatted(), st.sampled_from(["The figure was {} in total.", "{}", "Sekitar {}, katanya."]))
@settings(max_examples=300, deadline=None)
def test_formatted_numbers_read_back(case: tuple[str, str, float, bool], frame: str) -> None:
    lang, written, value, percent = case
    text = frame.format(written)
    mentions = extract_numbers(text, lang)
    assert len(mentions) == 1, (text, mentions)
    (mention,) = mentions
    assert math.isclose(mention.value, value, rel_tol=1e-9), (text, mention)
    assert mention.percent == percent
    assert mention.text == written and text[mention.start : mention.end] == written


@given(st.text(alphabet=st.sampled_from("0123456789 .,%-−\u00a0abcAB$"), max_size=40), st.sampled_from(["en", "id", "fr"]))
@settings(max_examples=300, deadline=None)
def test_mentions_are_ordered_spans_of_the_input(text: str, lang: str) -> None:
    mentions = extract_numbers(text, lang)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end and mention.end > mention.start
        assert math.isfinite(mention.value)
        previous_end = mention.end
