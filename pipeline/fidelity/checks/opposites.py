"""The `opposites` check: a word replaced by its opposite ("rose" -> "fell", "before" ->
"after", "bought" -> "sold") is a `meaning` divergence, major: the sentence now says the
reverse of what the original said, however much else it shares with it.

Most of these words are too common to be content words for the other checks (``before``,
``all``, ``more``), and the rest differ by one word in an otherwise faithful sentence, a
minor `paraphrase` at most: this check reads them as pairs. The table holds English
words only (every repost is compared in English) and only pairs that cannot both be
right: antonyms of degree ("big"/"small") a translator may trade in a rephrasing are
left out.

Units are read the same way: a counted quantity in another unit ("two weeks" -> "two
months") is a `number` divergence, kind "unit", unless the two say one amount ("ten
years" / "a decade"). The amounts (``unit_counts``, ``same_amount``) also tell the numbers
check when a changed number is a conversion ("two weeks" / "14 days").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

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
    ("strengthen strengthens strengthened stronger strong", "weaken weakens weakened weaker weak"),
    # Markets: a currency or a price firms or eases; a rate is raised or cut; a gap widens or narrows.
    ("firmed firmer firming", "eased easing weakened weaker"),
    # Of a period only ("this year" / "next year"; "this Friday" may be next Friday): two rows,
    # so that "next" and "last" stay opposites of each other.
    ("this", "next"),
    ("this", "last"),
    ("up", "down"),  # of a figure only ("closed up 5 pct"): "stepped down" / "gave up" is no reversal
    ("raise raises raised raising hike hikes hiked hiking boost boosts boosted boosting",
     "cut cuts cutting lower lowers lowered lowering reduce reduces reduced reducing"),
    ("gain gains gained gaining", "lose loses lost losing"),
    ("widen widens widened widening", "narrow narrows narrowed narrowing"),
    ("suspend suspends suspended suspending", "resume resumes resumed resuming"),
    ("guilty", "innocent"),
    ("permanent permanently", "temporary temporarily"),
    ("debit debits", "credit credits"),  # of an account: the sign of a figure
    ("inflow inflows", "outflow outflows"),
    ("upgrade upgrades upgraded upgrading", "downgrade downgrades downgraded downgrading"),
    ("bullish", "bearish"),
    ("long-term", "short-term"),
    ("arrest arrests arrested arresting", "release releases released releasing freed"),
    ("coming", "past"),
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
    ("half", "quarter"),  # of a year, or of anything
    ("hundreds", "thousands"),
    ("hundreds", "millions"),
    ("thousands", "millions"),  # not "millions" / "billions": "thousands of millions" is billions, as written in Spanish
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
          "century": ("time", 36524), "tonne": ("mass", 1000), "kilogram": ("mass", 1), "ounce": ("mass", 0.0311),
          "barrel": ("volume", 159), "litre": ("volume", 1), "gallon": ("volume", 3.785), "metre": ("length", 1),
          "kilometre": ("length", 1000), "mile": ("length", 1609), "acre": ("area", 4047), "hectare": ("area", 1e4)}
SIZE = {word: _SIZES[unit.split()[0]] for unit in _UNITS for word in unit.split() if unit.split()[0] in _SIZES}
UNIT_OF = {word: unit.split()[0] for unit in _UNITS for word in unit.split()}
SAME_AMOUNT = 0.1
# Parts of a year news counts by ordinal: "the first half" is six months, "the first quarter"
# three ("half" reads 0.5 as a number, and is that count).
PERIODS = {"half": (0.5, 182.5), "quarter": (1.0, 91.3)}
ORDINALS = frozenset("first second third fourth 1st 2nd 3rd 4th".split())
_SCALES = {"thousand": 1e3, "mln": 1e6, "million": 1e6, "mn": 1e6, "bln": 1e9, "billion": 1e9, "bn": 1e9}
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
        forms = SAME.get(key, frozenset({key}))
        return sum(theirs[form] for form in forms) < sum(mine[form] for form in forms)

    for tag, i1, i2, j1, j2 in g.opcodes:
        if tag != "replace":
            continue
        for i in range(i1, i2):
            word = g.o_toks[i]
            opposites = OPPOSITES.get(word.key, frozenset()) | _negative_prefix(word.key)
            if not _in_sense(g.o_toks, i):
                continue
            if not opposites or i in done.original or not fewer(word.key, o_said, t_said) or _negated(g.o_toks, i) \
                    or word.key in UNIT_WORDS and _count(g.o_toks, i, explicit=True) is None \
                    or word.key == "won" and i > 0 and g.o_toks[i - 1].key == "the":  # the Korean currency
                continue
            match = next((j for j in range(j1, j2) if j not in done.repost and j not in t_ids
                          and g.t_toks[j].key in opposites and fewer(g.t_toks[j].key, t_said, o_said)
                          and _in_sense(g.t_toks, j)
                          and not _negated(g.t_toks, j)), None)
            if match is None or _same_amount(g.o_toks, i, g.t_toks, match):
                continue
            findings.append(_finding(g, word, g.t_toks[match]))
            o_ids.add(i)
            t_ids.add(match)
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


# Words that have the table's sense only before certain words: "up" and "down" a direction
# before a figure or its adverb ("up 5 pct", "down sharply"; "stepped down" / "gave up" is
# none), "this" a time before a period ("this year" / "next year"; "this Friday" may be next
# Friday, "this September" next September, "this plan" is no time).
_FIGURE_NEXT = frozenset("sharply slightly marginally strongly steeply modestly from by nearly almost about".split())
_PERIODS = frozenset("week weeks month months year years quarter quarters decade century season spring summer "
                     "autumn fall winter weekend half".split())
_SENSE_BEFORE: dict[str, Callable[[Token], bool]] = {
    **dict.fromkeys(("up", "down"), lambda nxt: nxt.text[:1].isdigit() or nxt.text[:1] in "$£€¥"
                    or nxt.key in _FIGURE_NEXT),
    "this": lambda nxt: nxt.key in _PERIODS,
}


def _in_sense(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` has its table sense where it stands (``_SENSE_BEFORE``)."""
    needs = _SENSE_BEFORE.get(toks[k].key)
    return needs is None or k + 1 < len(toks) and needs(toks[k + 1])


def _negative_prefix(word: str) -> frozenset[str]:
    """The word with or without "un", its opposite ("secured" / "unsecured", "unable" /
    "able"): words of five letters or more ("under" is no "der")."""
    if word.startswith("un") and len(word) >= 7 and word[2:].isalpha():
        return frozenset({word[2:]})
    return frozenset({"un" + word}) if len(word) >= 5 and word.isalpha() else frozenset()


def _same_amount(o_toks: Sequence[Token], i: int, t_toks: Sequence[Token], j: int) -> bool:
    """Whether two units of one dimension, with the counts before them, say one amount."""
    amount, other = amount_at(o_toks, i), amount_at(t_toks, j)
    return amount is not None and other is not None and same_amount(amount, other)


def amount_at(toks: Sequence[Token], k: int) -> tuple[str, float] | None:
    """The dimension and amount the unit at ``k`` says with the count its words give it
    (``_count``); None for no unit or no count."""
    kind, size = SIZE.get(toks[k].key, ("", 0.0))
    count = _count(toks, k) if kind else None
    return (kind, count * size) if kind and count is not None else None


class UnitCount(NamedTuple):
    """A unit its words count: the token that counts it (None when none does), the number
    counted, the unit, the amount they make."""

    at: int | None
    number: float
    unit: str
    amount: tuple[str, float]


def unit_counts(toks: Sequence[Token]) -> list[UnitCount]:
    """Each unit of ``toks`` its words count ("14 days", "the first half"; "a fortnight" not)."""
    out = []
    for k, t in enumerate(toks):
        count = _count(toks, k, explicit=True) if t.key in SIZE else None
        if count is not None:
            kind, size = SIZE[t.key]
            at = k - 2 if k >= 2 and toks[k - 1].text in "-–" else k - 1
            out.append(UnitCount(at, count, UNIT_OF[t.key], (kind, count * size)))
        elif t.key in PERIODS and k and toks[k - 1].key in ORDINALS:  # "the first half", "the second quarter"
            count, days = PERIODS[t.key]
            out.append(UnitCount(k if t.key == "half" else None, count, t.key, ("time", days)))
    return out


def same_amount(a: tuple[str, float], b: tuple[str, float]) -> bool:
    """Whether two amounts of one dimension are one ("two weeks", "14 days"), within ``SAME_AMOUNT``."""
    return a[0] == b[0] and math.isclose(a[1], b[1], rel_tol=SAME_AMOUNT)


def _count(toks: Sequence[Token], k: int, explicit: bool = False) -> float | None:
    """How many of the unit at ``k`` its words say ("ten years", "a two-week stay", "two and
    a half years", "a year and a half"; unless ``explicit``, one for a singular without a
    count: "the next decade"); None when they do not ("for decades", "in those days")."""
    before = k - 2 if k >= 2 and toks[k - 1].text in "-–" else k - 1
    key = toks[before].key.replace(",", "") if before >= 0 else ""
    half = 0.5 if [t.key for t in toks[k + 1 : k + 4]] == ["and", "a", "half"] else 0.0
    if key == "half" and before >= 3 and [t.key for t in toks[before - 2 : before]] == ["and", "a"]:
        whole = _count(toks, before - 2, explicit=True)  # "two and a half years": the count before "and"
        return None if whole is None else whole + 0.5
    if key in _SCALES and before >= 1:  # "5 mln hectares"
        count = _count(toks, before, explicit=True)
        return None if count is None else count * _SCALES[key]
    if key.replace(".", "", 1).isdecimal():  # "³" is a digit, and no number float() reads
        return float(key) + half
    count = _COUNTS.get(key)
    if count is None and not explicit and not toks[k].key.endswith("s"):
        count = 1.0
    return None if count is None else count + half


def _said(toks: Sequence[Token]) -> Counter[str]:
    """How often each word stands in ``toks``, negated ones left out."""
    return Counter(t.key for k, t in enumerate(toks) if not _negated(toks, k))


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
