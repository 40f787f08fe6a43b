"""The `names` check: a name replaced, or a rank changed in a title (`entity`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from pipeline.fidelity.checks.common import HONORIFICS, content_words
from pipeline.fidelity.divergence import FUNCTION_WORDS, Checked, Finding, Group, Token, token_span
from pipeline.fidelity.meaning import side
from pipeline.text.aliases import different_entities, identity, spelling_variant
from pipeline.text.evidence import NAME_PARTICLES
from pipeline.text.lexicon import is_english, zipf
from pipeline.text.unknown import reads

# A name or title change is a short edit; a long rewritten run with a name in it is a
# rewording (reported by the wording check), not a swapped name. Capitalised words do not
# count: a name with its title is one ("Volcker" -> "Brazilian Finance Minister Dilson Funaro").
NAME_REGION = 4


def _worded(toks: Iterable[Token]) -> int:
    """Content words of a region that are not capitalised."""
    return sum(1 for t in content_words(toks) if not t.text[:1].isupper())

# Words that make a title a rank: adding, dropping or changing one is an `entity` change.
ROLE_WORDS = frozenset(
    """deputy assistant vice acting chief senior junior executive financial operating technology
    general secretary director minister president chairman chairwoman chair governor
    commissioner ambassador spokesman spokeswoman spokesperson manager officer
    ceo cfo coo cto undersecretary associate interim former lieutenant colonel captain admiral
    mayor premier chancellor envoy treasurer prosecutor judge""".split()
)


def _is_name(tok: Token) -> bool:
    # "I'll", "I've": a pronoun with its verb, not a name.
    head = tok.key.split("'")[0]
    return (tok.text[:1].isupper() and tok.text[0].isalpha() and head not in FUNCTION_WORDS
            and tok.key not in HONORIFICS)


def _same_name(a: str, b: str) -> bool:
    """Variants of one name: "France"/"French", "Zelensky"/"Zelenskiy", "Nov"/"November";
    never two countries or organisations ("Iran"/"Iraq", "Niger"/"Nigeria")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b:
        return True
    alike = (len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a))
             or a[:2] == b[:2] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.6)
    return alike and not different_entities(a, b)  # asked last: the country table loads on first use


def _title_case(toks: Sequence[Token]) -> bool:
    """Headlines capitalise every word, so capitals there say nothing about names. A line
    that writes a word of content in lower case ("met", "said") is a sentence, however
    many names and titles it holds ("British Prime Minister Keir Starmer met German
    Chancellor Friedrich Merz in Berlin on Friday.")."""
    words = [t for t in toks if t.text[:1].isalpha() and len(t.text) > 3]
    return (len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)
            and not any(t.text.islower() and len(t.text) > 2 and t.key not in FUNCTION_WORDS
                        and t.key not in NAME_PARTICLES for t in toks))  # "iPhone", "von der" (a name's): still a headline


def _name_present(name: Token, others: Sequence[Token], mine: Sequence[Token] = ()) -> bool:
    """Whether ``name`` (or a variant, or its acronym's expansion) occurs in ``others``, as
    often as in ``mine`` (its own side): "Indonesia's output ... Indonesia's farms" ->
    "Malaysia's output ... Indonesia's farms" lost one. A name of ``others`` that ``mine``
    writes too is its own counterpart, no variant of another ("John Smith" -> "John Jones":
    "Jones" is no variant of "John")."""
    theirs = sum(o.key == name.key for o in others if _is_name(o))
    if theirs:
        return theirs >= sum(t.key == name.key for t in mine if _is_name(t))
    own = {t.key for t in mine if _is_name(t)}
    if any(_same_name(name.key, o.key) for o in others if _is_name(o) and o.key not in own):
        return True
    if name.text.isupper() and len(name.text) >= 2:  # "US" = "United States"
        capitals = "".join(o.text[0] for o in others if _is_name(o))
        return name.text in capitals
    return False


# At a sentence start a capital proves nothing, and a short document may never write
# a common word in lower case: there a word is a name only when it is rare in English
# (wordfreq Zipf under 4.4: "Ruiz" 3.2, "Kennedy" 4.3, "Norway" 4.2; "Rescue" 4.5,
# "Scientists" 4.5), possessive ("Portugal's") or followed by another name.
START_NAME_ZIPF = 4.4
# Sentence adverbs set off by a comma at a sentence start are no names ("Fortunately,",
# "Meanwhile,"); a name there keeps its comma too ("Putin, speaking in Moscow, ..."), so
# only the adverb's shape (-ly) and a few others are taken.
SENTENCE_ADVERBS = frozenset("""however meanwhile indeed instead still nevertheless nonetheless therefore moreover
    furthermore otherwise thus hence besides finally overall now then again yet today yesterday""".split())


def _opens_sentence(k: int, toks: Sequence[Token]) -> bool:
    return k == 0 or toks[k - 1].sentence != toks[k].sentence or toks[k - 1].text in ".!?“\"‘'(:"


def _name_at_start(k: int, toks: Sequence[Token]) -> bool:

    t = toks[k]
    if t.text.lower().replace("’", "'").endswith("'s") or (k + 1 < len(toks) and _is_name(toks[k + 1])):
        return True
    if k + 1 < len(toks) and toks[k + 1].text == "," and (t.key.endswith("ly") or t.key in SENTENCE_ADVERBS):
        return False  # "Fortunately, we are safe": a sentence adverb
    # A country, its people, an organisation or a party is a name however common ("Syria", "Republican").
    return zipf(t.key, "en", START_NAME_ZIPF) < START_NAME_ZIPF or identity(t.text) is not None


def _in_multiword_name(k: int, toks: Sequence[Token]) -> bool:
    """Mid-sentence, next to another capitalised word: part of a name ("Blue Harbour
    Pact") even where the word is also common ("the harbour")."""
    if k == 0 or toks[k - 1].sentence != toks[k].sentence or not toks[k - 1].text[0].isalnum():
        return False
    return any(0 <= n < len(toks) and toks[n].sentence == toks[k].sentence and _is_name(toks[n])
               and not (n == 0 or not toks[n - 1].text[0].isalnum()) for n in (k - 1, k + 1))


def _names(region: Sequence[int], toks: Sequence[Token], other: Sequence[Token], lower: frozenset[str],
           identified: frozenset[int] = frozenset(), named: frozenset[str] = frozenset()) -> list[Token]:
    """The names in ``toks[region]`` that ``other`` lacks: capitalised words that are
    not function words or honorifics and that neither document writes in lower case.
    ``identified`` tokens name a country or organisation the other side names too."""
    if _title_case(toks):
        return []
    return [toks[k] for k in region if k not in identified and name_at(k, toks, lower, named)
            and not _name_present(toks[k], other, toks)]


def _in_place(region: Sequence[int], toks: Sequence[Token], other: Sequence[Token], lower: frozenset[str],
              identified: frozenset[int]) -> list[Token]:
    return [toks[k] for k in region if k not in identified and _is_name(toks[k]) and toks[k].key not in lower
            and not (toks[k].key.endswith("ly") or toks[k].key in SENTENCE_ADVERBS)  # "Fortunately,"
            and not _name_present(toks[k], other, toks)]


def name_at(k: int, toks: Sequence[Token], lower: frozenset[str], named: frozenset[str] = frozenset()) -> bool:
    """Whether ``toks[k]`` is a name: a capitalised word, not a function word or an
    honorific, that neither document writes in lower case (``lower``) unless it stands in
    a name of several words, and at a sentence start rare in English (``_name_at_start``)
    or capitalised mid-sentence somewhere in the documents (``named``: "Smith said" after
    "chief executive John Smith")."""
    t = toks[k]
    if not _is_name(t):
        return False
    if t.key in lower and not _in_multiword_name(k, toks):
        return False  # "Want", "Earth": the documents write the word in lower case too
    return not _opens_sentence(k, toks) or t.key in named or _name_at_start(k, toks)


# Words of one rank: "a top Treasury official" is "a senior Treasury official".
HIGH_RANK = frozenset("top senior high-ranking highranking".split())


# A title's acronym and its words are one title ("Chief executive" / "CEO").
ROLE_ACRONYMS = {"ceo": frozenset({"chief", "executive", "officer"}), "cfo": frozenset({"chief", "financial", "officer"}),
                 "coo": frozenset({"chief", "operating", "officer"}), "cto": frozenset({"chief", "technology", "officer"})}


def _roles(region: Sequence[int], toks: Sequence[Token], other: Sequence[Token]) -> list[Token]:
    keys = {o.key for o in other}
    keys |= {word for acronym, words in ROLE_ACRONYMS.items() if acronym in keys for word in words}
    keys |= {acronym for acronym, words in ROLE_ACRONYMS.items() if len(words & keys) >= 2}
    return [toks[k] for k in region if toks[k].key in ROLE_WORDS and toks[k].key not in keys
            and not (toks[k].key in HIGH_RANK and HIGH_RANK & keys)]


def _in_title(region: Sequence[int], start: int, stop: int, toks: Sequence[Token]) -> bool:
    """A rank word counts next to a name or another rank word: "deputy director"."""
    near = [toks[k] for k in (start - 1, stop) if 0 <= k < len(toks)]
    return any(_is_name(t) or t.key in ROLE_WORDS for t in near) or sum(
        toks[k].key in ROLE_WORDS for k in region) >= 2


def check_names(g: Group, done: Checked) -> Checked:
    """A name replaced by another, or a rank added, dropped or changed in a title, is
    `entity`. An honorific alone ("Mr Kennedy" -> "Kennedy") is no divergence."""
    findings: list[Finding] = []
    o_ids: set[int] = set()
    t_ids: set[int] = set()
    same: tuple[frozenset[int], frozenset[int]] | None = None  # found only where names differ
    for tag, i1, i2, j1, j2 in g.opcodes:
        if tag == "equal":
            continue
        ro = [k for k in range(i1, i2) if k not in done.original]
        rt = [k for k in range(j1, j2) if k not in done.repost]
        if _worded(g.o_toks[k] for k in ro) > NAME_REGION or _worded(g.t_toks[k] for k in rt) > NAME_REGION:
            continue
        lower = g.docs.lower_words
        named = g.docs.named_words
        names_o, names_t = _names(ro, g.o_toks, g.t_toks, lower, named=named), _names(rt, g.t_toks, g.o_toks, lower, named=named)
        if names_o or names_t:
            same = same or _identified(g)
            names_o = _names(ro, g.o_toks, g.t_toks, lower, same[0], named)
            names_t = _names(rt, g.t_toks, g.o_toks, lower, same[1], named)
            # A capitalised word no document writes in lower case, standing where the other side
            # has a name, is a name at a sentence start too ("Smith said" -> "Jones said").
            names_o = names_o or _in_place(ro, g.o_toks, g.t_toks, lower, same[0]) if names_t else names_o
            names_t = names_t or _in_place(rt, g.t_toks, g.o_toks, lower, same[1]) if names_o else names_t
        roles_o, roles_t = _roles(ro, g.o_toks, g.t_toks), _roles(rt, g.t_toks, g.o_toks)
        # A title's words capitalised, or its acronym, are no name of their own ("Chief executive" / "CEO").
        names_o = [t for t in names_o if t.key not in ROLE_WORDS or t in roles_o]
        names_t = [t for t in names_t if t.key not in ROLE_WORDS or t in roles_t]
        variants = _variants(names_o, names_t)
        if variants and not roles_o and not roles_t and len(variants) == len(names_o) == len(names_t):
            findings.append(_spelling(g, variants))
            o_ids.update(ro)
            t_ids.update(rt)
            continue
        replaced = bool(names_o) and bool(names_t)
        rank = bool(roles_o or roles_t) and (_in_title(ro, i1, i2, g.o_toks) or _in_title(rt, j1, j2, g.t_toks))
        # A capitalised title put before a name ("Prime Minister X" -> "Deputy Prime Minister X").
        title_added = bool(names_t) and not content_words(g.o_toks[k] for k in ro) and j2 < len(g.t_toks) and _is_name(g.t_toks[j2])
        if not (replaced or rank or title_added):
            continue
        o_reg, t_reg = [g.o_toks[k] for k in ro], [g.t_toks[k] for k in rt]
        r_span, approximate = g.repost_span(t_reg)
        o_span = token_span(g.docs.original_text, o_reg) or g.original_anchor(i1)
        after = " ".join(t.text for t in t_reg)
        findings.append(Finding("entity", o_span, r_span, f"name or title changed: {o_span.text!r} -> {after!r}",
                                approximate, before=o_span.text or None, after=after or None,
                                kind="name" if replaced else "title"))
        if replaced and not approximate:
            findings.extend(_english_in_name(g, i1, i2, j1, j2))
        o_ids.update(ro)
        t_ids.update(rt)
    return Checked(tuple(findings), frozenset(o_ids), frozenset(t_ids))


def _identified(g: Group) -> tuple[frozenset[int], frozenset[int]]:
    """Tokens of each side that name a country or organisation the other side names
    too, however it spells it ("UK" / "United Kingdom", "American" / "United States")."""
    o_side, t_side = side(g.o_toks), side(g.t_toks)
    return (frozenset(k for k, ident in o_side.entity_of.items() if ident in t_side.entities),
            frozenset(k for k, ident in t_side.entity_of.items() if ident in o_side.entities))


def _variants(names_o: Sequence[Token], names_t: Sequence[Token]) -> list[tuple[Token, Token]]:
    """Pairs of names, in order, that spell one name two ways ("Vladimir"/"Volodymyr")."""
    return [(a, b) for a, b in zip(names_o, names_t) if spelling_variant(a.text, b.text)]


def _spelling(g: Group, variants: Sequence[tuple[Token, Token]]) -> Finding:
    """One name transliterated otherwise: an `entity` finding at most minor."""
    o_span = token_span(g.docs.original_text, [variants[0][0], variants[-1][0]])
    assert o_span is not None
    r_span, approximate = g.repost_span([variants[0][1], variants[-1][1]])
    before = ", ".join(a.text for a, _ in variants)
    after = ", ".join(b.text for _, b in variants)
    return Finding("entity", o_span, r_span, f"spelling variant of one name: {before!r} -> {after!r}", approximate,
                   at_most="minor", before=before, after=after, kind="name")


# An English word is one at least this frequent in English (wordfreq's Zipf scale) and
# this much more frequent there than in the sentence's language ("Haven": 4.1 vs 3.5 in
# Indonesian; most surnames stay under 3.5 in English).
ENGLISH_ZIPF = 3.5
ENGLISH_MARGIN = 0.5


def _english_in_name(g: Group, i1: int, i2: int, j1: int, j2: int) -> list[Finding]:
    """A name half rewritten in English inside a foreign sentence ("Pakta Blue Haven" for
    "Blue Harbour Pact"): the part kept tells it is the same name, the new part is
    English left untranslated as well as a changed name."""
    t_words = [t for t in g.t_toks[j1:j2] if t.text[0].isalpha()]
    seg = next((s for s in g.repost if t_words and s.sentence.id == t_words[0].sentence), None)
    if seg is None or seg.route == "passthrough" or seg.lang == "en":
        return []
    kept_before = i1 > 0 and j1 > 0 and g.o_toks[i1 - 1].key == g.t_toks[j1 - 1].key and _is_name(g.t_toks[j1 - 1])
    kept_after = (i2 < len(g.o_toks) and j2 < len(g.t_toks) and g.o_toks[i2].key == g.t_toks[j2].key
                  and _is_name(g.t_toks[j2]))
    english = all(is_english(t.key, reads(seg), min_zipf=ENGLISH_ZIPF, margin=ENGLISH_MARGIN) for t in t_words)
    if not (kept_before or kept_after) or not english:
        return []
    lo_o, lo_t = (i1 - 1, j1 - 1) if kept_before else (i1, j1)
    hi_o, hi_t = (i2 + 1, j2 + 1) if kept_after and not kept_before else (i2, j2)
    r_span = g.verbatim_span(g.t_toks[lo_t:hi_t])  # English left in: written as the translation has it
    o_span = token_span(g.docs.original_text, g.o_toks[lo_o:hi_o])
    if r_span is None or o_span is None:
        return []
    return [Finding("untranslated", o_span, r_span, f"English {r_span.text!r} left in the repost for {o_span.text!r}",
                    before=o_span.text, after=r_span.text, kind="words")]
