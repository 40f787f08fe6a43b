"""Counterparts by meaning: whether a content word of one side is said on the other.

Omission, addition and content loss are judged on the words that have no counterpart
(``pipeline.fidelity.checks`` content and missing, the aligner's gap pass). A word has
a counterpart on the other side when that side has

1. the same lemma: the project's crude lemma (``divergence.lemma``), the Snowball
   English stem (``snowballstemmer``: "species"/"specie", "sending"/"send"), or a
   compound that starts with it ("sun" in "sunlight");
2. the same name: a country or organisation named otherwise ("UK" / "United Kingdom",
   "American" / "United States", ``pipeline.text.aliases``);
3. a near-synonym: a word whose contextual vector, BERTScore-style
   (``pipeline.fidelity.embedding``), is at least ``NEAR_SYNONYM`` similar
   ("dots"/"spots", "scent"/"aroma", "fantastic"/"wonderful").

How much meaning words without a counterpart carry (``lost_meaning``) is judged the
same way, BERTScore-style: each word weighs by its rarity (``weight``, the lexicon's
Zipf frequency read as IDF) times one less its best cosine on the other side, so a
dropped clause of rare words weighs much and a few common words said loosely little
(the `missing` check's lost and added content).

The first two are cheap and always run; the third runs a sentence encoder, so the
checks ask it only about candidate findings: the words the first two leave without a
counterpart, where those would make a finding. Where the encoder's model is not
installed the comparison goes on with the first two, after one warning.
``MTAUDIT_MEANING_MODEL`` names another model, or none ("" or "none") to switch
near-synonyms off.
"""

from __future__ import annotations

import os
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

import numpy as np
import snowballstemmer

from pipeline.errors import ModelNotFoundError
from pipeline.fidelity import embedding
from pipeline.fidelity.divergence import FUNCTION_WORDS, Token, lemma
from pipeline.text.aliases import entity_spans
from pipeline.text.lexicon import ENGLISH_HEAD, zipf

MODEL_ENV = "MTAUDIT_MEANING_MODEL"
# Two words are near-synonyms at this cosine of their contextual vectors. Calibrated
# off the evaluation sets, on unrelated sentence pairs (Tatoeba English, 150 pairs,
# 929 content words): a content word's best match in an unrelated sentence reaches
# 0.29 at the 95th percentile, 0.49 at the 99th and 0.56 at the 99.5th; at 0.55 about
# one word in 150 of an unrelated sentence passes for a counterpart. Synonyms in
# context sit above it ("dots"/"spots" 0.56, "scent"/"aroma" 0.71,
# "fantastic"/"wonderful" 0.86, "found"/"discovered" 0.72); unrelated nouns of one
# topic below ("water"/"ice" 0.25, "planet"/"moon" 0.37, "storms"/"rain" 0.51). Words
# in one slot of two parallel sentences can reach it without meaning the same
# ("cracked"/"broke" 0.62, "bought"/"sold" 0.68): near-synonyms only ever excuse a
# word from an omission, never a changed value, name or negation.
NEAR_SYNONYM = 0.55
# A word's weight (``weight``): the Zipf frequency above which a word carries next to
# nothing ("the" 7.7, "and" 7.5) and the least weight a word has. On this scale a
# common content word weighs about 2-3 ("planet" 2.5, "important" 1.9), a rare one 4-5.
ZIPF_CEILING = 7.0
MIN_WEIGHT = 0.5

_STEMMER = snowballstemmer.stemmer("english")
_warned: set[str] = set()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of ``word``, lower-cased, possessive dropped."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return str(_STEMMER.stemWord(w))


def is_content(t: Token) -> bool:
    """A word or number that is no function word."""
    return t.text[0].isalnum() and t.key not in FUNCTION_WORDS


@lru_cache(maxsize=64)
def side(toks: tuple[Token, ...]) -> Side:
    """The ``Side`` of a group's tokens, built once for all the checks that ask."""
    return Side(toks)


class Side:
    """What one side of a comparison says, for finding counterparts in it."""

    def __init__(self, toks: Sequence[Token]) -> None:
        self.toks = toks
        content = [t for t in toks if is_content(t)]
        self.lemmas = frozenset(lemma(t.text) for t in content)
        self.stems = frozenset(stem(t.text) for t in content)
        self._long = sorted(o for o in self.lemmas if len(o) >= 3)  # for compounds: prefixes found by bisection

    @cached_property
    def entity_of(self) -> dict[int, str]:
        """Token index -> the country or organisation it names (read when first asked:
        most words find their counterpart by lemma or stem)."""
        return _entities(self.toks)[0]

    @cached_property
    def entities(self) -> frozenset[str]:
        """The countries and organisations this side names."""
        return frozenset(self.entity_of.values())

    def has(self, tok: Token, entity: str | None = None, compounds: bool = True) -> bool:
        """Whether this side has ``tok``'s lemma, stem, its entity, or (``compounds``) a
        compound of it ("sun" in "sunlight")."""
        if entity is not None and entity in self.entities:
            return True
        key = lemma(tok.text)
        if key in self.lemmas or stem(tok.text) in self.stems:
            return True
        if not compounds or len(key) < 3:
            return False
        # A lemma of this side that starts with the word's, or one the word's starts with.
        at = bisect_left(self._long, key)
        if at < len(self._long) and self._long[at].startswith(key):
            return True
        return any(key[:n] in self.lemmas for n in range(3, len(key)))


def _entities(toks: Sequence[Token]) -> tuple[dict[int, str], frozenset[str]]:
    """Token index -> entity id, per sentence, and the ids the tokens name."""
    out: dict[int, str] = {}
    start = 0
    for k in range(1, len(toks) + 1):
        if k == len(toks) or toks[k].sentence != toks[start].sentence:
            for i, j, ident in entity_spans([t.text for t in toks[start:k]]):
                out.update((start + n, ident) for n in range(i, j))
            start = k
    return out, frozenset(out.values())


def unmatched(own: Sequence[Token], other: Side, indices: Iterable[int] | None = None,
              compounds: bool = True) -> list[int]:
    """Indices (into ``own``) of content words with no lexical counterpart in ``other``
    (same lemma, stem, entity or, with ``compounds``, compound); ``indices`` limits the
    words asked about."""
    pick = range(len(own)) if indices is None else indices
    lacking = [k for k in pick if is_content(own[k]) and not other.has(own[k], None, compounds)]
    if not lacking or not other.entities:
        return lacking
    entity_of = side(own).entity_of if isinstance(own, tuple) else _entities(own)[0]
    return [k for k in lacking if entity_of.get(k) not in other.entities]


def near_synonyms(own: Sequence[Token], asked: Sequence[int], other: Side) -> set[int]:
    """The words ``own[k]`` (``k`` in ``asked``) that have a near-synonym among
    ``other``'s content words, read in their sentences (empty without the model)."""
    best = best_cosines(own, asked, other)
    return {k for k, score in (best or {}).items() if score >= NEAR_SYNONYM}


def best_cosines(own: Sequence[Token], asked: Sequence[int], other: Side) -> dict[int, float] | None:
    """For each content word ``own[k]`` (``k`` in ``asked``), the cosine of its
    contextual vector with the closest content word of ``other`` (BERTScore's greedy
    match); None without the model, {} when either side has no content word."""
    encoder = _encoder()
    if encoder is None:
        return None
    targets = [k for k in asked if is_content(own[k])]
    theirs = [k for k, t in enumerate(other.toks) if is_content(t)]
    if not targets or not theirs:
        return {}
    mine = _vectors_of(encoder, own, targets)
    their = _vectors_of(encoder, other.toks, theirs)
    return dict(zip(targets, (mine @ their.T).max(axis=1).tolist()))


@lru_cache(maxsize=65536)
def weight(word: str) -> float:
    """How much meaning ``word`` carries, by its rarity (BERTScore's IDF weighting, from
    the lexicon's English Zipf frequency): ``ZIPF_CEILING`` less its Zipf frequency, at
    least ``MIN_WEIGHT``. "the" 0.5, "planet" 2.5, "coalesce" 5.1, an unknown word 7."""
    return max(MIN_WEIGHT, ZIPF_CEILING - zipf(word.lower(), "en"))


@lru_cache(maxsize=65536)
def weight_at_most(word: str) -> float:
    """An upper bound of ``weight(word)`` from the head of English's list alone: the weight
    itself for a word listed there, ``ZIPF_CEILING`` for any other. A caller that only asks
    whether some words' weight reaches a threshold need not read further when this does not."""
    return max(MIN_WEIGHT, ZIPF_CEILING - zipf(word.lower(), "en", ENGLISH_HEAD))


def lost_meaning(own: Sequence[Token], asked: Sequence[int], other: Side,
                 bound: float = 0.0, weigh: Callable[[str], float] = weight) -> tuple[float, list[int]]:
    """How much of the meaning of the words ``own[k]`` (``k`` in ``asked``: words with
    no lexical counterpart, ``unmatched``) ``other`` does not say, BERTScore-style: each
    word's ``weight`` times one less its best cosine on the other side (clipped at 0),
    summed; and the words that carry it (those under ``NEAR_SYNONYM``). A word with a
    lexical counterpart has lost nothing. The sentence encoder runs only when the
    words' whole weight reaches ``bound`` (else, and without the model, a word with
    no lexical counterpart has lost all of its weight). ``weigh=weight_at_most`` gives an
    upper bound of it from the head of English's word list alone."""
    words = [k for k in asked if is_content(own[k])]
    total = sum(weigh(own[k].text) for k in words)
    best = best_cosines(own, words, other) if total >= bound else None
    if best is None:
        return total, words
    lost = sum(weigh(own[k].text) * (1.0 - max(0.0, best.get(k, 0.0))) for k in words)
    return lost, [k for k in words if best.get(k, 0.0) < NEAR_SYNONYM]


def _vectors_of(encoder: embedding.Encoder, toks: Sequence[Token], wanted: Sequence[int]) -> np.ndarray:
    """Unit vectors of ``toks[k]`` for ``k`` in ``wanted``, each read in its own sentence."""
    rows = []
    by_sentence: dict[int, list[int]] = {}
    for k, t in enumerate(toks):
        by_sentence.setdefault(t.sentence, []).append(k)
    position = {k: (s, n) for s, ks in by_sentence.items() for n, k in enumerate(ks)}
    for k in wanted:
        s, n = position[k]
        rows.append(_sentence_vectors(encoder, tuple(toks[i].text for i in by_sentence[s]))[n])
    return np.vstack(rows)


@lru_cache(maxsize=4096)
def _sentence_vectors(encoder: embedding.Encoder, words: tuple[str, ...]) -> np.ndarray:
    return encoder.word_vectors(list(words))


def preload() -> bool:
    """Load the near-synonym encoder now, as a batch does before its first document; False without one."""
    return _encoder() is not None


def _encoder() -> embedding.Encoder | None:
    model = os.environ.get(MODEL_ENV, embedding.MODEL_ID).strip()
    if model.lower() in ("", "none") or model in _warned:
        return None
    try:
        return embedding.load(model)
    except ModelNotFoundError as exc:
        if model not in _warned:
            _warned.add(model)
            warnings.warn(f"near-synonyms off, counterparts by stem and name only: {exc}", RuntimeWarning,
                          stacklevel=3)
        return None
