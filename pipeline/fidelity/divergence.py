"""What the comparison checks work on and return: tokens, spans, groups, findings.

``compare.py`` prepares one ``Group`` per aligned group and runs the checks of
``pipeline.fidelity.checks`` over it; each check returns a ``Checked`` (its findings and the
tokens they explain) and the caller combines them. Nothing here is mutable: a check
can be called, read and tested alone.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from pipeline.text.lexicon import NON_CONTENT_WORDS
from pipeline.types import Segment, Sentence


@dataclass(frozen=True)
class SideSpan:
    """A span of one input: the sentence index, offsets into the input, its text."""

    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Divergence:
    """One reported difference between the original and the repost."""

    id: int
    type: str
    severity: str
    original: SideSpan | None
    repost: SideSpan | None
    translation: str | None
    message: str
    approximate: bool = False
    group: int = -1  # index of the alignment group (-1: the documents as a whole)
    # The values compared, as data (renderers never read them out of ``message``): what
    # the original has (``before``), what the repost's English has in its place
    # (``after``), and ``kind``, what sort of change it is (``Finding``).
    before: str | None = None
    after: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Finding:
    """What a check found, before numbering: severity comes from the configuration
    (``severity`` None), capped at ``at_most`` where the evidence is weak."""

    type: str
    original: SideSpan | None
    repost: SideSpan | None
    message: str
    approximate: bool = False
    at_most: str | None = None
    key: str | None = None  # a [compare.severity] key more specific than ``type`` ("mt-error-numbers")
    # The values compared: the original's words or value, and what the repost's English
    # has in their place (None where a side has nothing specific); ``kind`` tells the
    # change within its type: "value" (another number or date), "missing" / "added"
    # (on one side only), "layout" (the same value written otherwise), "word" (a value
    # said in words), "name" / "title" (entity), "words" (other wording, English words
    # left in), "negated" / "affirmed" (the repost negates / drops a negation),
    # "sentence" (a whole sentence), "documents" (unrelated), or for `mt-error` the
    # per-translation check's name.
    before: str | None = None
    after: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Checked:
    """A check's result: findings, and the token positions (into ``Group.o_toks`` /
    ``Group.t_toks``) they explain, which later checks leave alone. ``final`` says the
    group was judged as a whole (a lonely sentence, two unrelated ones)."""

    findings: tuple[Finding, ...] = ()
    original: frozenset[int] = frozenset()
    repost: frozenset[int] = frozenset()
    final: bool = False

    def __or__(self, other: Checked) -> Checked:
        return Checked(self.findings + other.findings, self.original | other.original,
                       self.repost | other.repost, self.final or other.final)


# --- tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:['’][^\W_]+)*|\S")
_CONTRACTION = re.compile(r"(?i)^(.+?)(n['’]t)$")
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}
# Words that carry no content of their own: the lexicon's one list.
FUNCTION_WORDS = NON_CONTENT_WORDS


class Token(NamedTuple):
    """A word or punctuation token. A named tuple: two 2,000-sentence documents make
    166,000 of them, and a frozen dataclass spent 0.2 s building them and more hashing them."""

    start: int  # absolute offset into the document (original, or the joined English side)
    end: int
    text: str
    sentence: int  # index of the sentence it belongs to
    # What comparisons match on (``_key(text)``), set by ``tokens``: read a million times
    # for two 2,000-sentence documents, so a field rather than a property.
    key: str

    @property
    def content(self) -> bool:
        return self.text[0].isalnum() and self.key not in FUNCTION_WORDS


@lru_cache(maxsize=1 << 16)  # a word's key, once per word rather than once per token (``Token.key``)
def _key(text: str) -> str:
    # "Kremlin’s" = "Kremlin", curly = straight apostrophe: not differences worth a report.
    key = text.lower().replace("’", "'")
    return key[:-2] if key.endswith("'s") and len(key) > 3 else key


def tokens(text: str, base: int, sentence: int) -> list[Token]:
    """Word and punctuation tokens of ``text`` with offsets shifted by ``base``.

    Contractions become two tokens over the same span ("didn’t" -> "did", "not";
    "cannot" -> "can", "not") so that "didn’t" and "did not" compare equal.
    """
    return [Token(base + start, base + end, word, sentence, _key(word)) for start, end, word in token_texts(text)]


# A comparison reads each sentence twice (``word_cases``, ``prepare``); bounded for long runs.
@lru_cache(maxsize=1 << 13)
def token_texts(text: str) -> tuple[tuple[int, int, str], ...]:
    """``tokens``' offsets and texts, without making tokens."""
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        # Only a word with an apostrophe can be a contraction: most words skip the pattern.
        contracted = _CONTRACTION.match(word) if "'" in word or "’" in word else None
        if contracted or len(word) == 6 and word.lower() == "cannot":
            stem = contracted.group(1) if contracted else word[:3]
            out += [(m.start(), m.end(), _CONTRACTED.get(stem.lower(), stem)), (m.start(), m.end(), "not")]
        else:
            out.append((m.start(), m.end(), word))
    return tuple(out)


def word_cases(texts: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of the words ``texts`` write in lower case somewhere, and of those they never
    write so but capitalise mid-sentence (after a word or a comma): names, wherever else they
    stand ("John Smith said" ... "Smith added"). One reading of each text for both."""
    lower: set[str] = set()
    named: set[str] = set()
    for text in texts:
        tokens = token_texts(text)
        lower.update(_key(word) for _, _, word in tokens if word.islower())
        for (_, end, before), (start, _, word) in zip(tokens, tokens[1:]):
            if word[:1].isupper() and word[1:2].islower() and (before[-1:].isalnum() or before == ",") \
                    and text[end:start].isspace():
                named.add(_key(word))
    return frozenset(lower), frozenset(named - lower)


@lru_cache(maxsize=1 << 16)  # asked for every word of every compared pair
def lemma(word: str) -> str:
    """A crude lemma: enough to tell "troops"/"troop", "pledged"/"pledge", "countries"/
    "country" apart from different words, without a dictionary."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    # Six letters tell most English content words apart and join their derivations
    # ("government"/"govern", "financial"/"finance" do not reach it: "financ").
    return w[:6]


# --- groups ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Documents:
    """Document-wide facts every check may need."""

    original_text: str
    repost_text: str
    original: tuple[Sentence, ...]
    repost: tuple[Sentence, ...]
    lower_words: frozenset[str]  # words either document writes in lower case somewhere
    named_words: frozenset[str] = frozenset()  # words either capitalises mid-sentence (``word_cases``)


@dataclass(frozen=True)
class Group:
    """One aligned group prepared for the checks."""

    index: int
    docs: Documents
    original: tuple[Sentence, ...]
    repost: tuple[Segment, ...]  # segments with a usable English side
    flagged: tuple[Segment, ...]  # segments passed through untranslated (``flag`` set)
    o_toks: tuple[Token, ...]  # offsets into the original document
    t_toks: tuple[Token, ...]  # offsets into the joined English side (``t_text``)
    t_text: str

    @cached_property
    def opcodes(self) -> Sequence[tuple[str, int, int, int, int]]:
        """Word diff of the original against the English side (computed once per group)."""
        keys_o, keys_t = [t.key for t in self.o_toks], [t.key for t in self.t_toks]
        return difflib.SequenceMatcher(None, keys_o, keys_t, autojunk=False).get_opcodes()

    @property
    def translation(self) -> str | None:
        """The English side when a model or TM wrote it (None for English reposts)."""
        return self.t_text if any(s.route != "passthrough" for s in self.repost) else None

    def original_span(self) -> SideSpan:
        first, last = self.original[0], self.original[-1]
        return SideSpan(first.id, first.start, last.end, self.docs.original_text[first.start : last.end])

    def repost_whole(self) -> SideSpan:
        first, last = self.repost[0].sentence, self.repost[-1].sentence
        return SideSpan(first.id, first.start, last.end, self.docs.repost_text[first.start : last.end])

    def t_offset(self, sentence_id: int) -> int:
        """Where a repost sentence's English starts in ``t_text``."""
        offset = 0
        for seg in self.repost:
            if seg.sentence.id == sentence_id:
                return offset
            offset += len(seg.translation) + 1
        raise KeyError(sentence_id)

    def repost_span(self, region: Sequence[Token]) -> tuple[SideSpan | None, bool]:
        """Where in the repost the English-side tokens ``region`` come from.

        English sentences map one to one. In a translated sentence, tokens copied
        verbatim (names, acronyms, embedded English) are found in the source text;
        other words are placed by the word alignment of the translation to its source
        (``align_words``): exact where the alignment pins them, a window marked
        approximate where it only bounds them, the whole sentence (approximate) where
        it says nothing.
        """
        if not self.repost:
            return None, False
        if not region:
            return sentence_span(self.repost[0].sentence), True
        seg = next(s for s in self.repost if s.sentence.id == region[0].sentence)
        if seg.route == "passthrough":
            base = seg.sentence.start - self.t_offset(seg.sentence.id)
            start, end = base + region[0].start, base + region[-1].end
            return SideSpan(seg.sentence.id, start, end, self.docs.repost_text[start:end]), False
        verbatim = self.verbatim_span(region)
        if verbatim is not None:
            return verbatim, False
        offset = self.t_offset(seg.sentence.id)
        placed = source_words(seg.sentence.text, seg.translation, [(t.start - offset, t.end - offset) for t in region])
        if placed is None:
            return sentence_span(seg.sentence), True
        start, end, exact = placed
        start, end = seg.sentence.start + start, seg.sentence.start + end
        return SideSpan(seg.sentence.id, start, end, self.docs.repost_text[start:end]), not exact

    def verbatim_span(self, region: Sequence[Token]) -> SideSpan | None:
        """Where the repost writes the English-side words ``region`` as they are (copied
        into a translated sentence, or an English sentence): None when it does not."""
        if not region or not self.repost:
            return None
        seg = next(s for s in self.repost if s.sentence.id == region[0].sentence)
        words = [t.text for t in region if t.text[0].isalnum()]
        if not words:
            return None
        pattern = r"\W+".join(re.escape(w) for w in words)
        match = re.search(rf"(?<!\w){pattern}(?!\w)", seg.sentence.text)
        if match is None:
            return None
        start, end = seg.sentence.start + match.start(), seg.sentence.start + match.end()
        return SideSpan(seg.sentence.id, start, end, self.docs.repost_text[start:end])

    def original_anchor(self, i: int) -> SideSpan:
        """An empty original span where words were inserted (between tokens)."""
        if not self.o_toks:
            s = self.original[0]
            return SideSpan(s.id, s.start, s.start, "")
        tok = self.o_toks[min(i, len(self.o_toks) - 1)]
        pos = tok.start if i < len(self.o_toks) else tok.end
        return SideSpan(tok.sentence, pos, pos, "")


def sentence_span(sentence: Sentence) -> SideSpan:
    return SideSpan(sentence.id, sentence.start, sentence.end, sentence.text)


def token_span(text: str, toks: Sequence[Token]) -> SideSpan | None:
    if not toks:
        return None
    return SideSpan(toks[0].sentence, toks[0].start, toks[-1].end, text[toks[0].start : toks[-1].end])


def prepare(index: int, docs: Documents, original: Sequence[Sentence], repost: Sequence[Segment]) -> Group:
    """A group of sentences ready for the checks (flagged segments set apart)."""
    usable = tuple(s for s in repost if not s.flag)
    o_toks = [t for s in original for t in tokens(s.text, s.start, s.id)]
    t_toks: list[Token] = []
    offset = 0
    for seg in usable:
        t_toks.extend(tokens(seg.translation, offset, seg.sentence.id))
        offset += len(seg.translation) + 1
    return Group(index, docs, tuple(original), usable, tuple(s for s in repost if s.flag), tuple(o_toks),
                 tuple(t_toks), " ".join(seg.translation for seg in usable))


# --- word alignment of a translation to its source ----------------------------------------

_WORD_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")
# Two words of the two languages are one word (a name, a cognate: "Asisten"/"Assistant",
# "Presiden"/"President") when their spellings agree this much and start alike.
COGNATE_RATIO = 0.7
# A run of unaligned words between two aligned ones, the same length on both sides
# and at most this long, pairs word for word ("Asisten Menteri" / "Assistant Minister");
# a longer one reorders too freely ("pakta itu" / "the pact") to pin a word in it.
EXACT_GAP = 3


def _cognate(a: str, b: str) -> bool:
    return (len(a) >= 4 and len(b) >= 4 and a[0] == b[0]
            and difflib.SequenceMatcher(None, a, b).ratio() >= COGNATE_RATIO)


@lru_cache(maxsize=4096)
def align_words(source: str, translation: str) -> tuple[tuple[int, int], ...]:
    """Monotone word pairs (source index, translation index) of a translation and its
    source: the same word on both sides (names, numbers, words kept), then cognates
    between those. Indices are into ``_WORD_TOKEN`` matches of each text."""
    s_keys = [m.group().lower() for m in _WORD_TOKEN.finditer(source)]
    t_keys = [m.group().lower() for m in _WORD_TOKEN.finditer(translation)]
    blocks = difflib.SequenceMatcher(None, s_keys, t_keys, autojunk=False).get_matching_blocks()
    same = [(a + k, b + k) for a, b, size in blocks for k in range(size)]
    pairs: list[tuple[int, int]] = []
    prev = (-1, -1)
    for anchor in same + [(len(s_keys), len(t_keys))]:
        # Cognates inside the gap before this anchor, in order.
        j0 = prev[1] + 1
        for i in range(prev[0] + 1, anchor[0]):
            hit = next((j for j in range(j0, anchor[1]) if _cognate(s_keys[i], t_keys[j])), None)
            if hit is not None:
                pairs.append((i, hit))
                j0 = hit + 1
        if anchor[0] < len(s_keys):
            pairs.append(anchor)
        prev = anchor
    return tuple(pairs)


def source_words(source: str, translation: str, region: Sequence[tuple[int, int]]) -> tuple[int, int, bool] | None:
    """The character span of ``source`` that the translation's characters ``region``
    (token offsets into ``translation``) render, and whether the word alignment pins
    it exactly; None when it cannot place them (no source word between the aligned
    words around them)."""
    s_words = [m.span() for m in _WORD_TOKEN.finditer(source)]
    t_words = [m.span() for m in _WORD_TOKEN.finditer(translation)]
    wanted = [k for k, (a, b) in enumerate(t_words) if any(a < e and s < b for s, e in region)]
    if not wanted or not s_words:
        return None
    pairs = align_words(source, translation)
    to_source = {j: i for i, j in pairs}
    bounds = [(-1, -1), *pairs, (len(s_words), len(t_words))]
    placed: list[int] = []
    exact = True
    for j in wanted:
        if j in to_source:
            placed.append(to_source[j])
            continue
        before = max((p for p in bounds if p[1] < j), key=lambda p: p[1])
        after = min((p for p in bounds if p[1] > j), key=lambda p: p[1])
        s_gap, t_gap = after[0] - before[0] - 1, after[1] - before[1] - 1
        if s_gap <= 0:
            return None
        if s_gap == t_gap and t_gap <= EXACT_GAP:
            placed.append(before[0] + (j - before[1]))
            continue
        # Only bounded: the words near the same relative place in the source's run.
        exact = False
        centre = before[0] + 1 + (j - before[1] - 0.5) / t_gap * s_gap
        placed += [max(before[0] + 1, int(centre) - 1), min(after[0] - 1, int(centre) + 1)]
    return s_words[min(placed)][0], s_words[max(placed)][1], exact


# --- page furniture ----------------------------------------------------------------------

# HTML elements a page's markup opens a line with (a company in angle brackets is none).
_HTML_ELEMENTS = ("a", "abbr", "article", "aside", "audio", "b", "blockquote", "br", "button", "caption", "div",
                  "em", "figcaption", "figure", "footer", "form", "h[1-6]", "header", "hr", "i", "iframe", "img",
                  "input", "label", "li", "link", "meta", "nav", "noscript", "ol", "p", "picture", "script",
                  "section", "small", "source", "span", "strong", "style", "sub", "sup", "svg", "table", "td",
                  "th", "tr", "u", "ul", "video")

# Lines that carry no content of the article. Matched against a whole (stripped)
# sentence, case-insensitively.
_BYLINE_NAME = r"(?-i:[A-Z][\w.'’-]*)"
BOILERPLATE = [
    r"advertisement|advertorial|sponsored( content)?|iklan",
    r"show quick read|summary is ai generated\.?|newsroom reviewed|quick read",
    r"our newsletters?|sign up( for)?.*|subscribe( now| to).*|by signing up.*|newsletter.*",
    r"\(?(image|photo|foto|gambar|source|sumber|credit)s?\s*:.*\)?",
    r".*\((image|photo|foto)s?\s*:[^)]*\)\s*",
    # Raw markup: a line opening with an HTML element's tag, not a company as Reuters
    # writes one ("<Nisshin Steel Co Ltd> said it will...").
    rf"</?(?:{'|'.join(_HTML_ELEMENTS)})(?:\s[^>]*)?/?>.*",
    r"(also read|read more|read also|baca juga|follow us|share this|click here).{0,60}",
    # A section label alone or before its link ("Opinion", "Related Coverage", "Related:
    # ..."), not a sentence that opens with the word ("Opinion polls show...").
    r"(opinion|related(\s+(coverage|topics|videos?|posts|stories|articles|news|content|links|reading))?)"
    r"\s*([:|»>–—-].{0,80})?",
    r"(all rights reserved|©).*|copyright\s*(©|\(c\)|\d{4}).*|copyright(\s+\S+){1,4}|.{0,80}all rights reserved\.?",
    # A news agency's sign-off alone ("REUTER", "(AP)"), and its credit line ("(Reporting
    # by ...; Editing by ...)"): a repost that drops them drops no content.
    r"\W*(reuters?|ap|afp|upi|dpa|ansa|efe|xinhua|bernama|antara|kyodo|yonhap|tass|bloomberg)\W*",
    r"\(\s*((additional )?reporting|writing|editing|compiled|translated)( and \w+)? by\b.*",
    r"((additional )?reporting|writing)( and \w+)? by\b[^.]*;\s*editing by\b.*",
    r"additional reporting by\b.*",
    # A byline: "By Staff Writer", "By JANE DOE and John Roe, Associated Press" (capitalised words only).
    # At most three names of at most four words ("By Land And Sea, Troops Advance On The Capital"
    # is a headline).
    rf"by\s+{_BYLINE_NAME}(?:\s+{_BYLINE_NAME}){{0,3}}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_BYLINE_NAME}"
    rf"(?:\s+{_BYLINE_NAME}){{0,3}}){{0,2}}",
]
_CREDIT = re.compile(r"\(?(image|photo|foto|gambar|credit)s?\s*:.*\)?\s*(</\w+>\s*)*", re.IGNORECASE)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE | re.DOTALL)


def is_boilerplate(text: str) -> bool:
    """True for page furniture (ads, newsletter footers, image credits, raw markup)."""
    return bool(_BOILERPLATE.fullmatch(text.strip()))


def furniture(sentences: Sequence[Sentence], s: Sentence) -> bool:
    """Page furniture by itself, or by its neighbours: a caption before its image
    credit, or a line between two furniture lines (a related-story link)."""
    if is_boilerplate(s.text):
        return True
    after = sentences[s.id + 1].text if s.id + 1 < len(sentences) else None
    before = sentences[s.id - 1].text if s.id > 0 else None
    if after is not None and _CREDIT.fullmatch(after.strip()):
        return True
    return (before is not None and is_boilerplate(before)
            and (after is None or is_boilerplate(after)) and not s.text.rstrip().endswith("."))
