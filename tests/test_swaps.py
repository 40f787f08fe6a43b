"""Two names or two values that changed places (the `swaps` check): every name and value
is still there, so the set-wise checks saw nothing ("Smith beat Jones" -> "Jones beat
Smith" passed; "300 shares at $20" -> "20 shares at $300" was two `format` infos)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_compare import run  # noqa: E402


@pytest.mark.parametrize("a, b, kind, pair", [
    ("Prices rose in March while Smith beat Jones in the final.",
     "Prices rose in March while Jones beat Smith in the final.", "entity", ("Smith", "Jones")),
    ("Deutsche Bank sued Credit Suisse over the merger.",
     "Credit Suisse sued Deutsche Bank over the merger.", "entity", ("Deutsche Bank", "Credit Suisse")),
    ("The company bought 300 shares from Acme for $20 each.",
     "The company bought 20 shares from Acme for $300 each.", "number", ("300", "20")),
    ("Output rose from 5 million to 7 million barrels.",
     "Output rose from 7 million to 5 million barrels.", "number", ("5", "7")),
    ("The committee voted 13-8 to cap spending.", "The committee voted 8-13 to cap spending.", "number", ("13", "8")),
    # A name at a sentence start is one where the other side writes it as a name.
    ("Smith won the election against Jones by a wide margin.",
     "Jones won the election against Smith by a wide margin.", "entity", ("Smith", "Jones")),
])
def test_swapped_names_or_values_are_one_major_finding(a: str, b: str, kind: str, pair: tuple[str, str]) -> None:
    found = run([a], [b])
    swapped = [d for d in found if d.kind == "swapped"]
    assert len(swapped) == 1, found
    assert swapped[0].type == kind and swapped[0].severity == "major"
    assert f"{pair[0]!r} and {pair[1]!r} swapped places" in swapped[0].message
    assert swapped[0].original.text.startswith(pair[0]) and swapped[0].original.text.endswith(pair[1])
    assert swapped[0].repost.text.startswith(pair[1]) and swapped[0].repost.text.endswith(pair[0])
    # One finding per fact: the moved "$" is no change of format beside it.
    assert [d for d in found if d.type == "format"] == [], found


@pytest.mark.parametrize("a, b", [
    ("Smith and Jones met the mayor on Monday.", "Jones and Smith met the mayor on Monday."),  # a pair
    ("The flight from Paris-Berlin was late.", "The flight from Berlin-Paris was late."),  # a hyphen between names
    ("The law of 5/14/82 applies.", "The law of 14/5/82 applies."),  # a date in another layout
    ("Talks between France, Germany and Italy resumed.", "Talks between Germany, France and Italy resumed."),
    ("Smith beat Jones in the final.", "Jones was beaten by Smith in the final."),  # the same roles, passive
    ("Smith beat Jones in the final.", "Smith beat Jones in the final."),
    # A verb said from either side (a code review's case): the same meeting.
    ("Prime Minister Smith met President Jones in Oslo.", "President Jones met Prime Minister Smith in Oslo."),
])
def test_links_without_roles_and_faithful_rewordings_are_no_swap(a: str, b: str) -> None:
    found = run([a], [b])
    assert not [d for d in found if d.kind == "swapped"], found

