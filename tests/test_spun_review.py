"""Structural edits a fact-checker's spun reposts showed (round 14's review): a sentence
moved beside a sign-off, bylines and headlines added, one fact reported twice."""

from __future__ import annotations

import pipeline
from pipeline.fidelity.divergence import Divergence


def audit(original: str, repost: str) -> list[Divergence]:
    return list(pipeline.audit("o", "r", original_text=original, repost_text=repost).divergences)


def severe(found: list[Divergence]) -> list[tuple[str, str]]:
    return [(d.type, d.message) for d in found if d.severity in ("major", "critical")]


STORY = [
    "The island's trade deficit narrowed to 1.05 billion dlrs in the first quarter, customs figures show.",
    "Foreign exchange reserves rose somewhat from their level at the end of last year, an official said.",
    "Official figures put the reserves at 10.514 billion dlrs at the end of last year, down from 11.9 billion.",
    "Exports to the mainland rose 35.5 pct to 2.48 billion dlrs and imports rose 55.3 pct to 1.46 billion.",
    "Exports to Japan fell 2.3 pct to 1.28 billion dlrs and imports fell 24.4 pct to 2.14 billion.",
]


def test_a_sentence_moved_to_the_end_past_a_sign_off_is_moved_not_dropped_and_added() -> None:
    # The original's "REUTER" sign-off, the moved sentence and a comment were paired as one
    # group (score 0.01): the move was reported as a drop and an addition of the same sentence.
    original = "\n\n".join(STORY) + "\n REUTER\n"
    comment = "Analysts say the figures show the export drive is finally paying off."
    repost = "\n\n".join([*STORY[:2], *STORY[3:], comment, STORY[2]]) + "\n"
    found = audit(original, repost)
    assert [d.type for d in found if d.severity == "minor"] == ["moved"]
    assert [(d.type, d.repost.text if d.repost else None) for d in found if d.severity == "major"] == [
        ("addition", comment)]


def test_a_number_in_words_that_changed_is_one_finding() -> None:
    # "one-fifth" -> "one-third" was a major `number` and a minor paraphrase of the same word.
    found = audit("The field provides almost one-fifth of domestic production, the minister said.\n",
                  "The field provides almost one-third of domestic production, the minister said.\n")
    assert [(d.type, d.severity, d.before, d.after) for d in found] == [("number", "major", "fifth", "third")]


LEAD = ("A top Treasury official said he does not expect any comprehensive reform of the banking industry "
        "until after the 1988 presidential election.\n")


def test_a_dateline_byline_and_headline_over_the_story_are_no_major_findings() -> None:
    # The dateline's place and agency were a major `entity` ("'' -> 'BEIJING , ( Reuters ) -'"),
    # the byline and the headline major additions, "top" -> "senior" official a rank changed.
    repost = ("Treasury sees no bank reform before 1988 vote\n\nBy Staff Writer\n\n"
              "WASHINGTON, March 9 (Reuters) - A senior Treasury official said he does not expect any "
              "comprehensive reform of the banking industry until after the 1988 presidential election.\n")
    found = audit(LEAD, repost)
    assert severe(found) == []
    assert [(d.type, d.severity, d.message) for d in found if d.severity != "info"] == [
        ("addition", "minor", "headline added by the repost (its words are the original's)"),
        ("paraphrase", "minor", "wording differs: 'top' -> 'senior'")]
    assert [d.type for d in found if d.repost and d.repost.text == "By Staff Writer"] == ["boilerplate"]


def test_a_headline_with_news_of_its_own_is_a_major_addition() -> None:
    found = audit(LEAD, "Ministers agree to ban all fishing in the bay\n\n" + LEAD)
    assert severe(found) == [("addition", "repost sentence with no counterpart in the original")]


def test_a_sentence_that_opens_with_by_is_no_byline() -> None:
    found = audit(LEAD, LEAD + "By then the bill had died in committee.\n")
    assert severe(found) == [("addition", "repost sentence with no counterpart in the original")]


def test_a_negation_dropped_from_a_verb_ending_in_e_is_critical() -> None:
    # Found writing the API review's tests: "agree" and "agreed" are "agree" and "agre" to the
    # crude lemma, so "did not agree" -> "agreed" was a minor "share little content (0%)".
    found = audit("The ministers met on Tuesday. They did not agree.\n", "The ministers met on Tuesday. They agreed.\n")
    assert [(d.type, d.severity, d.before, d.after) for d in found] == [("negation", "critical", "not agree", "agreed")]
    found = audit("The firm did not exceed its target.\n", "The firm exceeded its target.\n")
    assert [(d.type, d.severity) for d in found] == [("negation", "critical")]


def test_a_weekday_where_the_original_says_yesterday_is_minor() -> None:
    # "said yesterday" -> "said on Wednesday" (the dateline's day before: the same day) was a
    # major date added; the text alone cannot tell, the dateline can.
    found = audit("Toshiba said yesterday it would appeal the ruling.\n",
                  "Toshiba said on Wednesday it would appeal the ruling.\n")
    assert [(d.type, d.severity) for d in found] == [("date", "minor")]
    assert "'yesterday'" in found[0].message
    # A weekday against another weekday is still a date changed.
    found = audit("Toshiba said on Tuesday it would appeal.\n", "Toshiba said on Wednesday it would appeal.\n")
    assert severe(found) == [("date", "date changed: 'Tuesday' -> 'Wednesday'")]


def test_reversals_a_spinner_made_are_major() -> None:
    for a, b in (("permanent", "temporary"), ("debit", "credit"), ("upgraded", "downgraded")):
        found = audit(f"The agency said the change was {a} in its view.\n",
                      f"The agency said the change was {b} in its view.\n")
        assert [(d.type, d.severity, d.before, d.after) for d in found] == [("meaning", "major", a, b)], found


def test_a_quote_given_to_another_speaker_with_a_title_is_a_name_changed() -> None:
    # "Volcker" -> "Brazilian Finance Minister Dilson Funaro": five capitalised words were a
    # "long rewritten run", a minor paraphrase; a name with its title is one name.
    story = ("Brazil suspended interest payments on its debt last month.\n"
             "\"The situation is serious but manageable,\" {} said in a speech to bankers.\n")
    found = audit(story.format("Volcker"), story.format("Brazilian Finance Minister Dilson Funaro"))
    assert [(d.type, d.severity, d.before) for d in found] == [("entity", "major", "Volcker")]


def test_a_sentence_moved_with_its_date_reworded_is_moved_and_a_minor_date() -> None:
    # "last month" -> "in February" on the way: 5 of 6 content lemmas shared (0.83) was under
    # the move's bar, so the move was a major omission and a major addition.
    paragraphs = ["Brazil suspended interest payments on its debt last month.",
                  "Bankers said they expected talks to resume soon.",
                  "The central bank said reserves were falling quickly.",
                  "Officials declined to comment on the timing of any deal."]
    moved = [*paragraphs[1:], "Brazil suspended interest payments on its debt in February."]
    found = audit("\n\n".join(paragraphs) + "\n", "\n\n".join(moved) + "\n")
    assert [(d.type, d.severity, d.before, d.after) for d in found if d.severity != "info"] == [
        ("moved", "minor", None, None), ("date", "minor", "last month", "February")]


def test_a_sentence_split_with_its_figure_in_the_second_half_is_one_group() -> None:
    # "... in section 1002 of the Refuge" split so that the second sentence carries "section
    # 1002": a major "number '1002' missing" and a major addition of the sentence holding it.
    lead = "The Interior Department said it would recommend opening the coastal plain to oil exploration."
    tail = "Environmental groups have opposed any drilling in the area."
    original = "\n\n".join([lead, "Hodel said the department favoured exploration in section 1002 of the Arctic "
                                  "National Wildlife Refuge in Alaska.", tail]) + "\n"
    repost = "\n\n".join([lead, "Hodel said the department favoured exploration in the Arctic National Wildlife "
                                "Refuge in Alaska. The area in question is section 1002 of the refuge.", tail]) + "\n"
    assert severe(audit(original, repost)) == []
