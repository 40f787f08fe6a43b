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

import math
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


# Units a quantity is counted in: any one for another says another quantity ("weeks" ->
# "months", "tonnes" -> "bushels"), a `number` finding (kind "unit"). "second" is an
# ordinal as often; "pound" a currency.
_UNITS = ("seconds", "minute minutes", "hour hours", "day days", "week weeks", "month months", "year years",
          "decade decades", "century centuries", "tonne tonnes ton tons", "kilogram kilograms kilo kilos kg",
          "bushel bushels", "barrel barrels", "litre litres liter liters", "gallon gallons", "ounce ounces",
          "metre metres meter meters", "kilometre kilometres kilometer kilometers km", "mile miles", "acre acres",
          "hectare hectares")
UNIT_WORDS = frozenset(" ".join(_UNITS).split())
# What one of a unit is in its dimension's base (days, kilograms, litres, metres, square
# metres): "ten years" is "a decade", "two weeks" "14 days", within ``SAME_AMOUNT``.
_SIZES = {"seconds": ("time", 1 / 86400), "minute": ("time", 1 / 1440), "hour": ("time", 1 / 24), "day": ("time", 1),
          "week": ("time", 7), "month": ("time", 30.4), "year": ("time", 365), "decade": ("time", 3652),
          "century": ("time", 36524), "tonne": ("mass", 1000), "kilogram": ("mass", 1), "ounce": ("mass", 0.02835),
          "barrel": ("volume", 159), "litre": ("volume", 1), "gallon": ("volume", 3.785), "metre": ("length", 1),
          "kilometre": ("length", 1000), "mile": ("length", 1609), "acre": ("area", 4047), "hectare": ("area", 1e4)}
SIZE = {word: _SIZES[unit.split()[0]] for unit in _UNITS for word in unit.split() if unit.split()[0] in _SIZES}
SAME_AMOUNT = 0.1
_COUNTS = {word: float(n) for n, word in enumerate("zero one two three four five six seven eight nine ten eleven "
                                                   "twelve".split())} | {"a": 1.0, "an": 1.0, "half": 0.5}


def _table(opposite: bool) -> dict[str, frozenset[str]]:
    """Each word's opposites (``opposite``) or the forms of its own sense."""
    out: dict[str, set[str]] = {}
    for unit in _UNITS:
        for word in unit.split():
            out.setdefault(word, set()).update(UNIT_WORDS - set(unit.split()) if opposite else unit.split())
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
            if match is None or _same_amount(g.o_toks, i, g.t_toks, match):
                continue
            findings.append(_finding(g, word, g.t_toks[match]))
            o_ids.add(i)
            t_ids.add(match)
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _same_amount(o_toks: Sequence[Token], i: int, t_toks: Sequence[Token], j: int) -> bool:
    """Whether two units of one dimension, with the counts before them, say one amount."""
    (kind, size), (other, other_size) = SIZE.get(o_toks[i].key, ("", 0.0)), SIZE.get(t_toks[j].key, ("", 0.0))
    count, other_count = _count(o_toks, i), _count(t_toks, j)
    return bool(kind) and kind == other and count is not None and other_count is not None and math.isclose(
        count * size, other_count * other_size, rel_tol=SAME_AMOUNT)


def _count(toks: Sequence[Token], k: int) -> float | None:
    """How many of the unit at ``k`` its words say ("ten years", "a two-week stay"; one
    for a singular without a count: "the next decade"); None when they do not."""
    before = k - 2 if k >= 2 and toks[k - 1].text in "-–" else k - 1
    key = toks[before].key.replace(",", "") if before >= 0 else ""
    if key.replace(".", "", 1).isdigit():
        return float(key)
    return _COUNTS.get(key, None if toks[k].key.endswith("s") else 1.0)


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
    if before.key in UNIT_WORDS:
        return Finding("number", o_span, r_span, f"another unit: {before.text!r} -> {after.text!r}", approximate,
                       before=before.text, after=after.text, kind="unit")
    return Finding("meaning", o_span, r_span, f"said the opposite: {before.text!r} -> {after.text!r}", approximate,
                   before=before.text, after=after.text, kind="opposite")
