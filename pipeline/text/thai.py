"""Thai words and sentences.

Thai writes no space between words and no full stop after a sentence: a space ends a
sentence (and sets off a clause, a number or a name), and words run together. Cutting
them needs a dictionary: PyThaiNLP's ``newmm`` (maximal matching over its 62,000-word
dictionary, the library's default engine, maintained since 2016, Apache-2.0) cuts words,
and sentences end at a space between Thai words when each side holds at least
``_SIDE_WORDS`` words and the next does not open with a conjunction. On the Tatoeba Thai
lines joined by spaces, that finds 92% of the sentence ends with 87% of its cuts right
(F1 0.90); PyThaiNLP's own sentence model (``crfcut``, which needs python-crfsuite as
well) gets 86% and 87% (F1 0.87), and sentencex's Thai rules cut at "?" alone (6%).

PyThaiNLP is an optional extra (``pip install 'mtaudit[thai]'``: a 22 MB wheel, 67 MB
installed, pure Python, no dependencies; 0.06 CPU s to import and 0.5 s to read its
dictionary on the first Thai text; text without Thai never imports it). Without it,
``available()`` is False and Thai is cut as before: a run of Thai letters is one word,
and a Thai paragraph is cut at "?" and "!" alone. Lao, Khmer and Burmese, also unspaced, have no segmenter here: their runs stay
one word each, and their sentences end only where sentencex's rules end them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.text.scripts import block

_THAI = re.compile("[" + block("Thai") + "]")
_THAI_RUN = re.compile("[" + block("Thai") + "]+")
# A space between Thai text: a sentence may end there ("?" and "!" may end it before).
_SPACE = re.compile("(?<=[" + block("Thai") + "?!]) +(?=[" + block("Thai") + "])")
# Words on each side of a space that ends a sentence: a shorter piece is a clause or a label.
_SIDE_WORDS = 2
# Words that go on with the sentence before them: and, but, or, that/which, because, so, if,
# then, that (complementiser), to/for, with, of, in.
_CONTINUES = frozenset("และ แต่ หรือ ที่ ซึ่ง เพราะ ก็ จึง ถ้า แล้ว ว่า ให้ กับ ของ ใน".split())


@lru_cache(maxsize=1)
def _newmm() -> Callable[[str], list[str]] | None:
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        return None

    def cut(text: str) -> list[str]:
        return [word for word in word_tokenize(text, engine="newmm", keep_whitespace=False) if word.strip()]

    return cut


def available() -> bool:
    """Whether Thai is cut into words and sentences (PyThaiNLP is installed)."""
    return _newmm() is not None


def has_thai(text: str) -> bool:
    return _THAI.search(text) is not None


def words(run: str) -> list[str]:
    """The words of a run of Thai letters, in order; the run itself without PyThaiNLP."""
    cut = _newmm()
    return [run] if cut is None else cut(run)


def split_runs(tokens: list[str]) -> list[str]:
    """``tokens`` with each run of Thai letters cut into its words (``words``)."""
    if _newmm() is None:
        return tokens
    return [word for token in tokens for word in (words(token) if _THAI_RUN.fullmatch(token) else [token])]


def sentence_starts(text: str) -> list[int]:
    """Offsets in ``text`` where a Thai sentence starts after a space (module docstring);
    none without PyThaiNLP."""
    cut = _newmm()
    if cut is None:
        return []
    out: list[int] = []
    for space in _SPACE.finditer(text):
        left = text[:space.start()].rsplit(" ", 1)[-1]
        right = text[space.end():].split(" ", 1)[0]
        before, after = cut(left), cut(right)
        if len(before) >= _SIDE_WORDS and len(after) >= _SIDE_WORDS and after[0] not in _CONTINUES:
            out.append(space.end())
    return out
