"""Which sentences need lingua's high-accuracy models, and which of those models.

Lingua's low-accuracy mode (trigrams alone) loads every language's models in a third of
a second; its high-accuracy models cost about 0.2 s to load per language. Over a news
feed the low-accuracy pass points at some thirty languages, most of them for English
lines no model reads well (tables of figures, fragments left by blanked names), so
asking the high-accuracy models of every sentence's shortlist loaded nearly all of them
(648 sentences/s on unseen Reuters news, against 1,731 with 17 languages). Two kinds of
sentence go without (``LanguageIdentifier._judge_staged``):

- **settled**: the low-accuracy verdict is English and clear (``SETTLE_WORDS`` words or
  more, English ``SETTLE_RATIO`` times the runner-up or more). Measured on 10,031
  Tatoeba lines of 63 languages that reach lingua, no foreign line settles as English.
  A clear *foreign* verdict is not settled: the low-accuracy mode reads English lines as
  French or Dutch at 0.99 ("The issue is available in denominations of 5,000 dlrs." ->
  French 0.998; high accuracy: English 0.80), and its ranking leaves out the close
  relatives the high-accuracy one keeps open for routing (mixed documents: 173 -> 184
  lines sent to another language's model when foreign verdicts settled too);
- **English-looking, in an English document**: a line whose words read as English
  rather than as its low-accuracy language (half of them or more, against that
  language's word list), or a line of figures (``FIGURE_WORDS``: "Shr loss 1.77
  dlrs vs profit 15 cts", "Oper shr loss 1.05 dlrs vs profit nine cts": labels and
  units lingua reads as French or Tswana at any accuracy), in a document whose firm
  verdicts are all English once the other lines are judged, or that has no firm
  verdict but an English one (a table of figures and its note: ``context_decides``).
  Context decides it whatever lingua says (``context``), so its low-accuracy ranking
  is kept as a guess that rules nothing out.

The rest go to the high-accuracy models of their own shortlists (each sentence's best
few languages within a factor ``SHORTLIST_FACTOR`` of its best, and English), one
batched call per document. Loading those models is most of what a fresh process pays:
on 8,008 sentences of unseen Reuters news, 81 lines (nearly all of them lines of earnings
tables) loaded 23 languages' high-accuracy models, about 4 of its 7 CPU seconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lingua import ConfidenceValue, Language

from pipeline.text.evidence import Evidence

SETTLE_WORDS = 5
SETTLE_RATIO = 8.0
# A language under the best one's value divided by this is no candidate (a 4:1 bet).
SHORTLIST_FACTOR = 4.0
# A line with a figure for every ``FIGURE_WORDS`` words or fewer is a line of a table
# ("Shr loss 1.77 dlrs vs profit 15 cts"): its words are labels and units, abbreviations
# lingua reads as any language at any accuracy. At 3, "Oper shr loss 1.05 dlrs vs profit
# nine cts" (2 in 7) went to German's high-accuracy models; at 4 the per-language and
# mixed-document figures of bench_languages are unchanged.
FIGURE_WORDS = 4
_FIGURE = re.compile(r"\d+(?:[.,/-]\d+)*")


def settles(ranked: Sequence[ConfidenceValue], words: int) -> bool:
    """Whether a low-accuracy ranking of a sentence of ``words`` words (names aside) is a
    clear English verdict that needs no high-accuracy models."""
    if words < SETTLE_WORDS or not ranked or ranked[0].language != Language.ENGLISH:
        return False
    runner_up = ranked[1].value if len(ranked) > 1 else 0.0
    return ranked[0].value >= SETTLE_RATIO * runner_up


def own_shortlist(ranked: Sequence[ConfidenceValue], size: int) -> set[Language]:
    """A sentence's ``size`` best languages within ``SHORTLIST_FACTOR`` of its best."""
    if not ranked:
        return set()
    floor = ranked[0].value / SHORTLIST_FACTOR
    return {c.language for c in ranked[:size] if c.value > 0.0 and c.value >= floor}


def figures(ev: Evidence) -> bool:
    """Whether a sentence is a line of figures (``FIGURE_WORDS``)."""
    return len(_FIGURE.findall(ev.text)) * FIGURE_WORDS >= max(ev.words, 1)


def context_decides(firm: set[str], english: bool) -> bool:
    """Whether context decides a document's English-looking lines, lingua's high-accuracy
    models unasked: its firm verdicts (``firm``, their languages) are all English, or it
    has none (a table of figures) but has an ``english`` verdict. A table with no English
    line goes to the high-accuracy models: its guesses would be Tswana or Lithuanian
    ("Shr 1.12 dlrs vs 1.05 dlrs" -> tn) with nothing English for context to give them."""
    return firm == {"en"} if firm else english
