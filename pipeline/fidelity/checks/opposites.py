"""The `opposites` check: a word replaced by its opposite ("rose" -> "fell", "before" ->
"after", "bought" -> "sold") is a `meaning` divergence, major: the sentence now says the
reverse of what the original said, however much else it shares with it.

Most of these words are too common to be content words for the other checks (``before``,
``all``, ``more``), and the rest differ by one word in an otherwise faithful sentence, a
minor `paraphrase` at most: this check reads them as pairs. The table holds English
words only (every repost is compared in English) and only pairs that cannot both be
right: antonyms of degree ("big"/"small") a translator may trade in a rephrasing are
left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pipeline.fidelity.checks.common import NEGATIONS
from pipeline.fidelity.divergence import Checked, Finding, Group, Token, token_span

# Each row: two sets of word forms that say opposite things.
_PAIRS = (
    ("rise rises rose risen rising increase increases increased increasing climb climbs climbed climbing "
     "jump jumps jumped jumping soar soars soared soaring grow grows grew grown growing",
     "fall falls fell fallen falling decrease decreases decreased decreasing decline declines declined declining "
     "drop drops dropped dropping slump slumps slumped plunge plunges plunged plunging shrink shrinks shrank "
     "shrunk shrinking"),
    ("gain gains", "loss losses"),
    ("profit profits", "loss losses"),
    ("surplus surpluses", "deficit deficits"),
    ("higher highest", "lower lowest"),
    ("more most", "less least fewer fewest"),
    ("above", "below"),
    ("before", "after"),
    ("earlier", "later"),
    ("first", "last"),
    ("yesterday", "today tomorrow"),
    ("today", "tomorrow"),
    ("all", "none few"),
    ("many most", "few"),
    ("always", "never"),
    ("buy buys bought buying buyer buyers", "sell sells sold selling seller sellers"),
    ("import imports imported importing importer importers", "export exports exported exporting exporter exporters"),
    ("win wins won winning", "lose loses lost losing"),
    ("approve approves approved approving approval", "reject rejects rejected rejecting rejection"),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("opened reopened", "closed"),
    ("strengthen strengthens strengthened", "weaken weakens weakened"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
    ("likely", "unlikely"),
    ("possible", "impossible"),
    ("legal", "illegal"),
    ("success successful succeeded", "failure failed unsuccessful"),
    ("positive", "negative"),
    ("men man male", "women woman female"),
    # Relative time: "last September" / "next September", "this year" / "next year".
    ("last previous", "next"),
    ("this current", "next"),
    ("over", "under"),
    ("open opens opening reopen reopens reopening", "close closes closing shut shuts"),
    ("right correct", "wrong incorrect"),
    ("welcome welcomes welcomed welcoming praise praises praised", "condemn condemns condemned condemning "
     "criticise criticises criticised criticize criticizes criticized denounce denounces denounced"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("improve improves improved improving improvement", "worsen worsens worsened worsening deteriorate "
     "deteriorates deteriorated deteriorating deterioration"),
    ("encourage encourages encouraged encouraging", "discourage discourages discouraged discouraging"),
    ("biggest largest", "smallest"),
    ("early earliest", "late latest"),
    ("hundreds", "thousands millions"),
    ("thousands", "millions"),
    ("millions", "billions"),
)


def _table(opposite: bool) -> dict[str, frozenset[str]]:
    """Each word's opposites (``opposite``) or the forms of its own sense."""
    out: dict[str, set[str]] = {}
    for left, right in _PAIRS:
        a, b = left.split(), right.split()
        for word in a:
            out.setdefault(word, set()).update(b if opposite else a)
        for word in b:
            out.setdefault(word, set()).update(a if opposite else b)
    return {word: frozenset(others) for word, others in out.items()}


OPPOSITES, SAME = _table(True), _table(False)


def check_opposites(g: Group, done: Checked) -> Checked:
    """Each word of a changed run whose opposite stands in the same run of the other side,
    where the other side says the word's sense fewer times and the opposite's more (a
    reordering, "rose ... fell" -> "dropped ... climbed", keeps both counts; "exports rose,
    imports rose" -> "exports rose, imports fell" does not), neither word negated
    ("unlikely" / "not likely")."""
    findings: list[Finding] = []
    o_ids: set[int] = set()
    t_ids: set[int] = set()
    o_said, t_said = _said(g.o_toks), _said(g.t_toks)

    def fewer(key: str, mine: Counter[str], theirs: Counter[str]) -> bool:
        return sum(theirs[form] for form in SAME[key]) < sum(mine[form] for form in SAME[key])

    for tag, i1, i2, j1, j2 in g.opcodes:
        if tag != "replace":
            continue
        for i in range(i1, i2):
            word = g.o_toks[i]
            opposites = OPPOSITES.get(word.key)
            if not opposites or i in done.original or not fewer(word.key, o_said, t_said) or _negated(g.o_toks, i) \
                    or word.key == "won" and i > 0 and g.o_toks[i - 1].key == "the":  # the Korean currency
                continue
            match = next((j for j in range(j1, j2) if j not in done.repost and j not in t_ids
                          and g.t_toks[j].key in opposites and fewer(g.t_toks[j].key, t_said, o_said)
                          and not _negated(g.t_toks, j)), None)
            if match is None:
                continue
            findings.append(_finding(g, word, g.t_toks[match]))
            o_ids.add(i)
            t_ids.add(match)
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _said(toks: Sequence[Token]) -> Counter[str]:
    """How often each word of the table stands in ``toks``, negated ones left out."""
    return Counter(t.key for k, t in enumerate(toks) if t.key in SAME and not _negated(toks, k))


def _negated(toks: Sequence[Token], k: int) -> bool:
    """A negation just before a word turns it back: "not likely" = "unlikely", "no fewer" = "more"."""
    return any(t.key in NEGATIONS for t in toks[max(0, k - 2) : k])


def _finding(g: Group, before: Token, after: Token) -> Finding:
    o_span = token_span(g.docs.original_text, [before])
    assert o_span is not None
    r_span, approximate = g.repost_span([after])
    return Finding("meaning", o_span, r_span, f"said the opposite: {before.text!r} -> {after.text!r}", approximate,
                   before=before.text, after=after.text, kind="opposite")
