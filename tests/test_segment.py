"""Segmentation of hard-wrapped text: a line break inside a sentence joins, a headline,
a list item or a paragraph end still stands alone, and offsets stay exact."""

from __future__ import annotations

import gzip
import json
import re
import textwrap
from pathlib import Path

import pytest

from pipeline.segment import segment

from conftest import CORPUS, EXAMPLES, SEED_ORIGINAL, SEED_REPOST, corpus_file

WRAPPED = Path(__file__).resolve().parent / "fixtures" / "wrapped"
ARCHIVE = CORPUS.parent / "archive" / "reuters21578.jsonl.gz"


def _texts(text: str) -> list[str]:
    sentences = segment(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    return [" ".join(s.text.split()) for s in sentences]


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


def _reuters(count: int) -> list[dict[str, str]]:
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(count))]


def _unwrap_newswire(text: str) -> str:
    """The article as it would be published unwrapped: a paragraph (or table row) starts
    with an indent in this collection, so every other line break is a wrap."""
    return re.sub(r"\n(?=\S)", " ", text)


def test_shared_texts_reuters_wrapped_and_unwrapped_and_seed_headlines() -> None:
    """Over ../shared (one test, one skip without it): 200 Reuters articles segment into
    the same sentences wrapped as published and unwrapped; the seed keeps its headlines."""
    seed_original = corpus_file(SEED_ORIGINAL)
    if not ARCHIVE.exists():
        pytest.skip(f"../shared/archive is not beside this checkout ({ARCHIVE} missing)")
    articles = _reuters(200)
    assert len(articles) == 200
    differ = [a["id"] for a in articles if _texts(a["text"]) != _texts(_unwrap_newswire(a["text"]))]
    assert differ == []
    # Not vacuous: most articles have sentences that span a line break.
    spanning = sum(any("\n" in s.text for s in segment(a["text"])) for a in articles)
    assert spanning > 150

    original = [s.text for s in segment(seed_original.read_text(encoding="utf-8"))]
    repost = [s.text for s in segment(corpus_file(SEED_REPOST).read_text(encoding="utf-8"))]
    for headline in ("Europe Edges Forward On Ukraine Security Guarantees As US Stalls", "Show Quick Read",
                     "Putin-Zelenskiy Summit"):
        assert headline in original
    assert "KTT Putin-Zelenskiy" in repost
