"""Segmentation of hard-wrapped text: a line break inside a sentence joins, a headline,
a list item or a paragraph end still stands alone, and offsets stay exact."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pipeline.text.segment import segment

from conftest import EXAMPLES
from support import segment_texts as _texts

WRAPPED = Path(__file__).resolve().parent / "fixtures" / "wrapped"


def _wrap_lines(text: str, width: int) -> str:
    """Each line of ``text`` hard-wrapped at ``width``: blank-line or no separation kept."""
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=False) if line else "" for line in text.split("\n"))


def _wrap_indented(text: str, width: int) -> str:
    """Newswire style: every paragraph starts with an indent, its wrapped lines do not."""
    lines = [line for line in text.split("\n") if line]
    head, body = lines[0], lines[1:]
    return "\n".join([head] + [textwrap.fill(line, width, initial_indent="    ", break_on_hyphens=False)
                               for line in body])


@pytest.mark.parametrize("width", [60, 70, 78])
@pytest.mark.parametrize("wrap", [_wrap_lines, _wrap_indented])
def test_wrapped_fixture_segments_like_the_unwrapped_text(width: int, wrap: object) -> None:
    unwrapped = (WRAPPED / "unwrapped.txt").read_text(encoding="utf-8")
    wrapped = wrap(unwrapped, width)  # type: ignore[operator]
    def lines(text: str) -> int:
        return sum(1 for line in text.splitlines() if line.strip())

    assert lines(wrapped) >= lines(unwrapped) + 6  # really wrapped
    sentences = _texts(wrapped)
    assert sentences == _texts(unwrapped)
    # The headline and the list items stand alone; wrapped sentences keep their breaks.
    assert sentences[0] == "Harbour Levy Vote Delayed Again"
    assert sum(s.startswith("- ") for s in sentences) == 3
    assert any("\n" in s.text for s in segment(wrapped))


def test_wrapped_memo_keeps_its_units() -> None:
    text = (WRAPPED / "memo.txt").read_text(encoding="utf-8")
    sentences = segment(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    by_text = {s.text: s for s in sentences}
    # Headers, salutations, a list lead-in and the signature stand alone.
    for unit in ("Subject: Cleanup schedule for the north quay", "Dear all,", "Please note:", "Regards,",
                 "Harbour Office"):
        assert unit in by_text, unit
    # A wrapped sentence is one sentence, its line breaks inside its text.
    assert ("Crews will\nremove the old mooring lines, repaint the safety markings and replace\n"
            "the broken lamps along the walkway before the quay reopens on Friday.") in by_text
    # A list item's wrapped line (capitalised, the previous line full) continues the item.
    assert "Boats moored at berths 4 to 9 must move to the south basin by\nSunday evening." in by_text
    assert "Deliveries for the fish market will use the east gate." in by_text
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)


def test_lower_case_continuation_joins_in_unwrapped_text() -> None:
    text = "A long sentence that someone broke\nin the middle by hand. Then another.\nNew Headline\nBody text here."
    assert _texts(text) == ["A long sentence that someone broke in the middle by hand.", "Then another.",
                            "New Headline", "Body text here."]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_offsets_exact_with_any_line_break(newline: str) -> None:
    unwrapped = (WRAPPED / "unwrapped.txt").read_text(encoding="utf-8")
    text = _wrap_indented(unwrapped, 66).replace("\n", newline)
    sentences = segment(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [" ".join(s.text.split()) for s in sentences] == _texts(unwrapped)


def test_bundled_example_splits_as_before() -> None:
    """The example is not wrapped: each line is a unit, split further by sentencex only."""
    import sentencex

    for name, lang in (("original.en.txt", "en"), ("repost.id.txt", "id")):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        by_lines = [p.strip() for line in text.splitlines() for p in sentencex.segment("en", line) if p.strip()]
        assert [s.text for s in segment(text)] == by_lines, name


def test_a_paragraph_joined_into_one_line_leaves_the_rest_of_a_wrapped_text_wrapped() -> None:
    # Written for this test, wrapped at 60 columns as newswire is; an editor joins the first
    # paragraph into one line. The other paragraphs' wrapped lines must still read as wrapped:
    # "early\nApril this year." became a sentence of its own.
    first = ("The company said its first quarter profits may be below the 2.4 mln dlrs it\n"
             "earned a year earlier, citing costs of the two acquisitions it\ncompleted in January.")
    rest = ("\n\nIt said it expects to report results for the quarter in early\n"
            "April this year, later than usual, because the audit of the\nacquired units is not finished.\n\n"
            "Analysts said the shares could come under pressure until the\n"
            "company gives more detail on the costs and on the timing of\nthe savings it has promised.\n")
    wrapped, joined = first + rest, " ".join(first.split("\n")) + rest
    assert [" ".join(s.text.split()) for s in segment(joined)] == [" ".join(s.text.split()) for s in segment(wrapped)]
    assert len(segment(wrapped)) == 3
