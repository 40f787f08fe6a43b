"""The `swaps` check: two names or two values that changed places ("Smith beat Jones" ->
"Jones beat Smith", "300 shares at $20 each" -> "20 shares at $300 each").

The other checks compare what each side says as sets: every name and every number is
still there after a swap, so it passes them all (the numbers check would even read
"$20" -> "20" beside "300" -> "$300" as two changes of format). Here each name (a run of
name words, ``names.name_at``) and each number that both sides of a group write once
is placed on both sides: two of them whose order flipped while the words between them
stayed the same exchanged their roles, and the sentence now says something else. Links
that say nothing about roles ("Smith and Jones", "France, Germany", "Burroughs merged with
Sperry") are no swap, nor a pair the sentence now says from the other side ("Arsenal beat
Chelsea 2-1" / "Chelsea lost 1-2 to Arsenal").
A finding is `entity` for names and `number` for values, kind ``swapped``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import NamedTuple

from pipeline.fidelity.checks.names import name_at
from pipeline.fidelity.divergence import Checked, Finding, Group, Token, token_span

# Words between two names or values that give them no roles: a list, a pair, a date's
# parts ("5/14" is "14/5" in another layout); between names a hyphen too ("the
# Paris-Berlin line"), while between values it reads as "to" ("voted 13-8", "3-1").
SYMMETRIC = frozenset("and or nor & , ; / plus".split())
HYPHENS = frozenset("- – —".split())
# Between names only: "Arsenal v Chelsea", "Britain as well as France", "Burroughs merged with
# Sperry", "talks with Britain" (a relation ending in "with" goes both ways). Between values
# "vs" orders them: "Net 5,431,000 vs 4,123,000" is this year's against last year's.
NAME_LINKS = frozenset("vs vs. v versus as well along together with".split())
# Verbs that say the same from either side: "Smith met Jones" is "Jones met Smith".
SYMMETRIC_VERBS = frozenset("met meet meets meeting married marry marries".split())


class Atom(NamedTuple):
    """A name or a number: its words' keys and where it stands among a side's tokens."""

    key: tuple[str, ...]
    start: int
    end: int  # exclusive
    number: bool


def atoms(toks: Sequence[Token], lower: frozenset[str], known: frozenset[str] = frozenset()) -> list[Atom]:
    """The numbers and names of one side, in order (consecutive name words make one).
    ``known``: words the other side writes as names, names here too at a sentence start
    ("Smith won against Jones" -> "Jones won against Smith")."""
    def name(k: int) -> bool:
        return toks[k].text[0].isupper() and toks[k].key in known or name_at(k, toks, lower)

    out: list[Atom] = []
    k = 0
    while k < len(toks):
        if toks[k].text[0].isdigit():
            out.append(Atom((toks[k].key,), k, k + 1, True))
            k += 1
        elif name(k):
            end = k + 1
            while end < len(toks) and toks[end].sentence == toks[k].sentence and name(end):
                end += 1
            out.append(Atom(tuple(t.key for t in toks[k:end]), k, end, False))
            k = end
        else:
            k += 1
    return out


def _candidates(toks: Sequence[Token]) -> list[str]:
    """The keys of the words that may be names or numbers, in order (a cheap first look)."""
    return [t.key for t in toks if t.text[0].isdigit() or t.text[0].isupper()]


def _once(found: Sequence[Atom]) -> dict[tuple[str, ...], Atom]:
    counts = Counter(a.key for a in found)
    return {a.key: a for a in found if counts[a.key] == 1}


def check_swaps(g: Group, done: Checked) -> Checked:
    """Pairs of names or numbers written once on each side whose order flipped around the
    same words (``SYMMETRIC`` links aside): one finding a pair, the two marked explained."""
    # Most groups keep their numbers and capitalised words in order: nothing can have swapped.
    if _candidates(g.o_toks) == _candidates(g.t_toks):
        return Checked()
    lower = g.docs.lower_words
    o_names, t_names = (frozenset(t.key for k, t in enumerate(toks) if name_at(k, toks, lower))
                        for toks in (g.o_toks, g.t_toks))
    o_atoms, t_atoms = _once(atoms(g.o_toks, lower, t_names)), _once(atoms(g.t_toks, lower, o_names))
    shared = [a for a in o_atoms.values() if a.key in t_atoms]
    findings: list[Finding] = []
    o_ids: set[int] = set()
    t_ids: set[int] = set()
    for a, b in combinations(shared, 2):  # in the original's order: a before b
        ta, tb = t_atoms[a.key], t_atoms[b.key]
        if a.number != b.number or tb.start > ta.start or set(range(a.start, b.end)) & o_ids:
            continue
        between = [t.key for t in g.o_toks[a.end : b.start]]
        if between != [t.key for t in g.t_toks[tb.end : ta.start]] or not _roles(between, a.number) \
                or not _same_frame(g, a, b, ta, tb):
            continue
        findings.append(_finding(g, a, b, ta, tb))
        o_ids.update(range(a.start, a.end), range(b.start, b.end))
        t_ids.update(range(ta.start, ta.end), range(tb.start, tb.end))
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _same_frame(g: Group, a: Atom, b: Atom, ta: Atom, tb: Atom) -> bool:
    """Whether the words just before and just after the pair are the same on both sides: a
    sentence that says it from the other side ("Arsenal beat Chelsea 2-1" / "Chelsea lost
    1-2 to Arsenal") reverses the pair with its verb."""
    def key(toks: Sequence[Token], k: int) -> str:
        return toks[k].key if 0 <= k < len(toks) else ""

    return (key(g.o_toks, a.start - 1) == key(g.t_toks, tb.start - 1)
            and key(g.o_toks, b.end) == key(g.t_toks, ta.end))


def _roles(between: Sequence[str], numbers: bool) -> bool:
    """Whether the words between two names or values give them roles: a word that is no
    ``SYMMETRIC`` link, or between values a hyphen; between names none when they end in
    "with", are ``NAME_LINKS`` alone or hold a verb said from either side (``SYMMETRIC_VERBS``)."""
    if not numbers and between and (between[-1] == "with" or all(key in SYMMETRIC | NAME_LINKS for key in between)
                                    or any(key in SYMMETRIC_VERBS for key in between)):
        return False
    return any(key not in SYMMETRIC and (key[0].isalnum() or numbers and key in HYPHENS) for key in between)


def _finding(g: Group, a: Atom, b: Atom, ta: Atom, tb: Atom) -> Finding:
    o_span = token_span(g.docs.original_text, g.o_toks[a.start : b.end])
    assert o_span is not None
    r_span, approximate = g.repost_span(g.t_toks[tb.start : ta.end])
    first, second = (" ".join(t.text for t in g.o_toks[x.start : x.end]) for x in (a, b))
    return Finding("number" if a.number else "entity", o_span, r_span,
                   f"{first!r} and {second!r} swapped places", approximate,
                   before=o_span.text, after=g.t_text[g.t_toks[tb.start].start : g.t_toks[ta.end - 1].end], kind="swapped")
