"""Comparison of aligned groups: typed divergences with spans in both inputs.

For each alignment group the English side of the repost (its translation, or the
sentence itself when English) is diffed word by word against the original. Each
difference is typed: ``number`` (different value), ``format`` (same value, other
locale format), ``negation``, ``entity`` (names and titles), ``untranslated`` (English
words left inside a foreign sentence that the original lacks), ``meaning`` (the
sentences share too little content to be the same statement), ``paraphrase`` (other
wording), and, for groups with one side empty, ``omission``/``addition`` or
``boilerplate`` when the lonely line is page furniture.

Spans: original spans are exact. Repost spans are exact for English sentences, for
numbers, for embedded English and for words copied verbatim into a translated sentence
(names, acronyms); otherwise the whole repost sentence is given with ``approximate``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from .mtcheck import mt_errors
from .numbers import NumberMention, diff_numbers, extract_numbers
from .types import AlignedGroup, Sentence, Segment

SEVERITIES = ("critical", "major", "minor", "info")
DEFAULT_SEVERITY = {
    "number": "major",
    "entity": "major",
    "negation": "critical",
    "untranslated": "major",
    "meaning": "major",
    "omission": "major",
    "addition": "major",
    "paraphrase": "minor",
    "format": "info",
    "boilerplate": "info",
}

# Page furniture: lines that carry no content of the article. Matched against a whole
# (stripped) sentence, case-insensitively.
BOILERPLATE = [
    r"advertisement|advertorial|sponsored( content)?|iklan",
    r"show quick read|summary is ai generated\.?|newsroom reviewed|quick read",
    r"our newsletters?|sign up( for)?.*|subscribe( now| to).*|by signing up.*|newsletter.*",
    r"\(?(image|photo|foto|gambar|source|sumber|credit)s?\s*:.*\)?",
    r".*\((image|photo|foto)s?\s*:[^)]*\)\s*",
    r"<[a-z][^>]*>.*",
    r"(also read|read more|read also|baca juga|opinion|related|follow us|share this|click here).{0,60}",
    r"(all rights reserved|copyright|©).*",
]
_CREDIT = re.compile(r"\(?(image|photo|foto|gambar|credit)s?\s*:.*\)?\s*(</\w+>\s*)*", re.IGNORECASE)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE), re.IGNORECASE | re.DOTALL)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:['’][^\W_]+)*|\S")
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without cannot n't n’t".split()
)
# Phrases that negate without a negation word ("has yet to deliver" = "has not delivered").
_IMPLICIT_NEGATION = re.compile(r"\b(?:yet to|fail(?:s|ed)? to)\b", re.I)
# ...and negation words that do not negate ("at no charge" = "free of charge").
_IDLE_NEGATION = re.compile(r"\bno (?:charge|cost|fee|doubt|matter|(?:fewer|less|more|later|sooner) than)\b", re.I)
_FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for with from as and or but if than that this these those
    which who whom whose it its it's is are was were be been being has have had do does did
    will would shall should can could may might must he she they them his her their we our
    you your i me my so such also very more most some any all into onto over under after
    before about between against during while where when there here then now just only
    own same other another up down out off again further once both each few many much""".split()
)
# Below this share of common content words a pair is not the same statement.
MEANING_OVERLAP = 0.34


@dataclass(frozen=True)
class Token:
    start: int  # absolute offset into the document (original or repost English side)
    end: int
    text: str
    sentence: int  # index of the sentence it belongs to

    @property
    def key(self) -> str:
        # "Kremlin’s" = "Kremlin", curly = straight apostrophe: not differences worth a report.
        key = self.text.lower().replace("’", "'")
        return key[:-2] if key.endswith("'s") and len(key) > 3 else key


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
    group: int = -1  # index of the alignment group


def is_boilerplate(text: str) -> bool:
    """True for page furniture (ads, newsletter footers, image credits, raw markup)."""
    return bool(_BOILERPLATE.fullmatch(text.strip()))


_CONTRACTION = re.compile(r"(?i)^(.+?)(n['’]t)$")
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}


def tokens(text: str, base: int, sentence: int) -> list[Token]:
    """Word and punctuation tokens of ``text`` with offsets shifted by ``base``.

    Contractions become two tokens over the same span ("didn’t" -> "did", "not";
    "cannot" -> "can", "not") so that "didn’t" and "did not" compare equal.
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), base + m.start(), base + m.end()
        contracted = _CONTRACTION.match(word)
        if contracted or word.lower() == "cannot":
            stem = contracted.group(1) if contracted else word[:3]
            out.append(Token(start, end, _CONTRACTED.get(stem.lower(), stem), sentence))
            out.append(Token(start, end, "not", sentence))
        else:
            out.append(Token(start, end, word, sentence))
    return out


def _content(toks: Sequence[Token]) -> list[str]:
    return [t.key for t in toks if t.text[0].isalpha() and t.key not in _FUNCTION_WORDS]


def _stem(word: str) -> str:
    # A crude stemmer is enough to tell "troops"/"troop" or "agreed"/"agree" apart from
    # different words; the overlap only decides between meaning and paraphrase.
    for suffix in ("ing", "ed", "es", "s", "'s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_overlap(a: Sequence[Token], b: Sequence[Token]) -> float:
    """Share of content-word stems the two sides have in common (Dice coefficient)."""
    sa, sb = {_stem(w) for w in _content(a)}, {_stem(w) for w in _content(b)}
    if not sa or not sb:
        return 1.0 if sa == sb else 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def _negations(toks: Sequence[Token], text: str) -> int:
    count = sum(1 for t in toks if t.key in _NEGATIONS)
    return count + len(_IMPLICIT_NEGATION.findall(text)) - len(_IDLE_NEGATION.findall(text))


def _is_name(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.key not in _FUNCTION_WORDS and tok.text[0].isalpha()


def _same_name(a: str, b: str) -> bool:
    """Variants of one name: "France"/"French", "Zelensky"/"Zelenskiy", "Nov"/"November"."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return a[:2] == b[:2] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def _title_case(toks: Sequence[Token]) -> bool:
    """Headlines capitalise every word, so capitals there say nothing about names."""
    words = [t for t in toks if t.text[:1].isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)


def _name_present(name: Token, others: Sequence[Token]) -> bool:
    """Whether ``name`` (or a variant, or its acronym's expansion) occurs in ``others``."""
    if any(_same_name(name.key, o.key) for o in others if _is_name(o)):
        return True
    if name.text.isupper() and len(name.text) >= 2:  # "US" = "United States"
        capitals = "".join(o.text[0] for o in others if _is_name(o))
        return name.text in capitals
    return False


class _Builder:
    """Collects divergences for one audit; numbering and severities in one place."""

    def __init__(self, severity: Mapping[str, str]) -> None:
        self.severity = {**DEFAULT_SEVERITY, **severity}
        self.items: list[Divergence] = []

    def add(self, kind: str, original: SideSpan | None, repost: SideSpan | None, translation: str | None,
            message: str, *, approximate: bool = False, group: int = -1, severity: str | None = None) -> None:
        self.items.append(
            Divergence(len(self.items), kind, severity or self.severity[kind], original, repost, translation,
                       message, approximate, group)
        )


def _span(text: str, toks: Sequence[Token]) -> SideSpan | None:
    if not toks:
        return None
    return SideSpan(toks[0].sentence, toks[0].start, toks[-1].end, text[toks[0].start : toks[-1].end])


def _sentence_span(text: str, sentence: Sentence) -> SideSpan:
    return SideSpan(sentence.id, sentence.start, sentence.end, sentence.text)


@dataclass(frozen=True)
class _Group:
    """One aligned group prepared for comparison."""

    index: int
    original: list[Sentence]
    repost: list[Segment]
    o_toks: list[Token]  # offsets into the original document
    t_toks: list[Token]  # offsets into the joined English side (translation text)
    t_text: str

    @cached_property
    def opcodes(self) -> Sequence[tuple[str, int, int, int, int]]:
        """Word diff of the original against the English side (computed once per group)."""
        keys_o, keys_t = [t.key for t in self.o_toks], [t.key for t in self.t_toks]
        return difflib.SequenceMatcher(None, keys_o, keys_t, autojunk=False).get_opcodes()

    @property
    def translated(self) -> bool:
        return any(s.route != "passthrough" for s in self.repost)


def _prepare(index: int, group: AlignedGroup, original: Sequence[Sentence], repost: Sequence[Segment]) -> _Group:
    o_sents = [original[i] for i in group.original]
    r_segs = [repost[i] for i in group.repost]
    o_toks = [t for s in o_sents for t in tokens(s.text, s.start, s.id)]
    t_parts: list[str] = []
    t_toks: list[Token] = []
    offset = 0
    for seg in r_segs:
        t_toks.extend(tokens(seg.translation, offset, seg.sentence.id))
        t_parts.append(seg.translation)
        offset += len(seg.translation) + 1
    return _Group(index, o_sents, r_segs, o_toks, t_toks, " ".join(t_parts))


class Comparer:
    """Turns an alignment into divergences (``compare`` is the stage function)."""

    def __init__(self, original_text: str, repost_text: str, severity: Mapping[str, str] | None = None) -> None:
        self.original_text = original_text
        self.repost_text = repost_text
        self.out = _Builder(severity or {})
        self.original_sentences: list[Sentence] = []
        self.known_names: frozenset[str] = frozenset()
        self.repost_sentences: list[Sentence] = []

    # --- spans on the repost side -------------------------------------------------

    def _repost_span(self, g: _Group, t_region: Sequence[Token]) -> tuple[SideSpan | None, bool]:
        """Where in the repost the translation tokens ``t_region`` come from.

        English sentences map one to one. In a translated sentence, tokens copied
        verbatim (names, acronyms, embedded English) are found in the source text;
        anything else falls back to the whole sentence, marked approximate.
        """
        if not g.repost:
            return None, False
        by_id = {seg.sentence.id: seg for seg in g.repost}
        if t_region:
            seg = by_id[t_region[0].sentence]
            if seg.route == "passthrough":
                base = seg.sentence.start - self._t_offset(g, seg.sentence.id)
                start, end = base + t_region[0].start, base + t_region[-1].end
                return SideSpan(seg.sentence.id, start, end, self.repost_text[start:end]), False
            found = self._find_copied(seg, t_region)
            if found is not None:
                return found, False
            return _sentence_span(self.repost_text, seg.sentence), True
        return _sentence_span(self.repost_text, g.repost[0].sentence), True

    @staticmethod
    def _t_offset(g: _Group, sentence_id: int) -> int:
        offset = 0
        for seg in g.repost:
            if seg.sentence.id == sentence_id:
                return offset
            offset += len(seg.translation) + 1
        raise KeyError(sentence_id)

    def _find_copied(self, seg: Segment, t_region: Sequence[Token]) -> SideSpan | None:
        words = [t.text for t in t_region if t.text[0].isalnum()]
        if not words:
            return None
        source = seg.sentence.text
        pattern = r"\W+".join(re.escape(w) for w in words)
        match = re.search(rf"(?<!\w){pattern}(?!\w)", source)
        if match is None:
            return None
        start, end = seg.sentence.start + match.start(), seg.sentence.start + match.end()
        return SideSpan(seg.sentence.id, start, end, self.repost_text[start:end])

    # --- the stage ------------------------------------------------------------------

    def compare(self, original: Sequence[Sentence], repost: Sequence[Segment],
                alignment: Sequence[AlignedGroup]) -> list[Divergence]:
        """All divergences of the alignment, in document order."""
        self.original_sentences = list(original)
        # Words either document capitalises mid-sentence are names wherever they stand,
        # sentence starts included ("Ruiz told reporters" -> "Herrera told reporters").
        self.known_names = _mid_sentence_capitals(
            [tokens(s.text, 0, s.id) for s in original] + [tokens(seg.translation, 0, seg.sentence.id) for seg in repost]
        )
        self.repost_sentences = [seg.sentence for seg in repost]
        for index, group in enumerate(alignment):
            g = _prepare(index, group, original, repost)
            if not g.repost:
                self._lonely(g, original_side=True)
            elif not g.original:
                self._lonely(g, original_side=False)
            else:
                self._matched(g)
            for seg in g.repost:  # what its translation failed against its own source (pipeline.mtcheck)
                for severity, message in mt_errors(seg.checks, self.out.severity):
                    self.out.add("mt-error", None, _sentence_span(self.repost_text, seg.sentence), seg.translation,
                                 message, group=index, severity=severity)
        return self.out.items

    def _furniture(self, sentences: Sequence[Sentence], s: Sentence) -> bool:
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

    def _lonely(self, g: _Group, *, original_side: bool) -> None:
        if original_side:
            for s in g.original:
                span = _sentence_span(self.original_text, s)
                if self._furniture(self.original_sentences, s):
                    self.out.add("boilerplate", span, None, None, f"page furniture not in the repost: {s.text!r}", group=g.index)
                else:
                    self.out.add("omission", span, None, None, "original sentence missing from the repost", group=g.index)
            return
        for seg in g.repost:
            span = _sentence_span(self.repost_text, seg.sentence)
            translation = seg.translation if seg.route != "passthrough" else None
            english = seg.translation or seg.sentence.text
            if self._furniture(self.repost_sentences, seg.sentence) or is_boilerplate(english):
                self.out.add("boilerplate", None, span, translation, "page furniture added by the repost", group=g.index)
            else:
                self.out.add("addition", None, span, translation, "repost sentence with no counterpart in the original", group=g.index)

    def _matched(self, g: _Group) -> None:
        translation = g.t_text if g.translated else None
        o_text = " ".join(s.text for s in g.original)
        covered_t: set[int] = set()  # t-token positions already explained
        covered_o: set[int] = set()
        self._numbers(g, translation, covered_o, covered_t)
        self._untranslated(g, translation, covered_o, covered_t)
        if _negations(g.o_toks, o_text) != _negations(g.t_toks, g.t_text):
            self._negation(g, translation, o_text)
        overlap = content_overlap(g.o_toks, g.t_toks)
        if overlap < MEANING_OVERLAP:
            o_span = SideSpan(g.original[0].id, g.original[0].start, g.original[-1].end,
                              self.original_text[g.original[0].start : g.original[-1].end])
            r_span = SideSpan(g.repost[0].sentence.id, g.repost[0].sentence.start, g.repost[-1].sentence.end,
                              self.repost_text[g.repost[0].sentence.start : g.repost[-1].sentence.end])
            self.out.add("meaning", o_span, r_span, translation,
                         f"the sentences share little content ({overlap:.0%} of content words)", group=g.index)
            return
        self._word_diff(g, translation, covered_o, covered_t)

    def _numbers(self, g: _Group, translation: str | None, covered_o: set[int], covered_t: set[int]) -> None:
        o_nums = [n for s in g.original for n in _shift(extract_numbers(s.text, "en"), s.start, s.id)]
        # The repost's own text is the truth of what it says; the translation only tells
        # where numbers stand when a model rewrote them.
        r_nums = [n for seg in g.repost for n in _shift(extract_numbers(seg.sentence.text, seg.lang), seg.sentence.start, seg.sentence.id)]
        diff = diff_numbers([n for n, _ in o_nums], [n for n, _ in r_nums])
        owner = {id(n): sid for n, sid in o_nums + r_nums}
        for a, b in diff.reformatted:
            self.out.add("format", self._num_span(a, owner), self._num_span(b, owner), translation,
                         f"same value, other format: {a.text!r} -> {b.text!r}", group=g.index)
        # Pair what went missing with what appeared, in order: "26" -> "36" is one change.
        missing, extra = list(diff.missing), list(diff.extra)
        for k in range(max(len(missing), len(extra))):
            lost = missing[k] if k < len(missing) else None
            new = extra[k] if k < len(extra) else None
            if lost is not None and new is not None:
                message = f"number changed: {lost.text!r} -> {new.text!r}"
            elif lost is not None:
                message = f"number {lost.text!r} missing from the repost"
            else:
                message = f"number {new.text!r} not in the original" if new else ""
            self.out.add("number", self._num_span(lost, owner) if lost else None,
                         self._num_span(new, owner) if new else None, translation, message, group=g.index)
        # Numbers are explained by the above: keep them out of the word diff.
        for i, t in enumerate(g.o_toks):
            if t.text[0].isdigit():
                covered_o.add(i)
        for i, t in enumerate(g.t_toks):
            if t.text[0].isdigit():
                covered_t.add(i)

    def _num_span(self, n: NumberMention, owner: Mapping[int, int]) -> SideSpan:
        return SideSpan(owner[id(n)], n.start, n.end, n.text)

    def _untranslated(self, g: _Group, translation: str | None, covered_o: set[int], covered_t: set[int]) -> None:
        o_words = {t.key for t in g.o_toks}
        opcodes = g.opcodes
        for seg in g.repost:
            for span in seg.foreign_spans:
                words = tokens(self.repost_text[span.start : span.end], span.start, seg.sentence.id)
                new = [w for w in words if w.text[0].isalpha() and w.key not in o_words]
                if not new:
                    continue
                r_span = SideSpan(seg.sentence.id, span.start, span.end, self.repost_text[span.start : span.end])
                o_region = self._counterpart(g, opcodes, [w.key for w in words], covered_o, covered_t)
                o_span = _span(self.original_text, o_region)
                said = f" for {o_span.text!r}" if o_span else ""
                self.out.add("untranslated", o_span, r_span, translation,
                             f"English {r_span.text!r} left in the repost{said}", group=g.index)

    def _counterpart(self, g: _Group, opcodes: Sequence[tuple[str, int, int, int, int]], words: Sequence[str],
                     covered_o: set[int], covered_t: set[int]) -> list[Token]:
        """The original tokens that the translation tokens spelling ``words`` stand for.

        "coalition of the willing" vs "coalition The Ready": the diff matches "the" with
        "The", so the counterpart is everything between the unchanged words around the
        span ("coalition" ... ","), not the diff's smallest edit.
        """
        keys = [t.key for t in g.t_toks]
        n = len(words)
        for j in range(len(keys) - n + 1):
            if keys[j : j + n] != list(words):
                continue
            o_start, o_end = 0, len(g.o_toks)
            for tag, i1, i2, j1, j2 in opcodes:
                if tag != "equal":
                    continue
                if j2 <= j:  # unchanged run before the span
                    o_start = i2
                elif j1 >= j + n:  # first unchanged run after it
                    o_end = i1
                    break
                else:  # an unchanged run overlapping the span: trim to what lies outside
                    if j1 < j:
                        o_start = i1 + (j - j1)
                    if j2 > j + n:
                        o_end = i1 + (j + n - j1)
                        break
            o_end = max(o_end, o_start)
            covered_t.update(range(j, j + n))
            covered_o.update(range(o_start, o_end))
            return g.o_toks[o_start:o_end]
        return []

    def _negation(self, g: _Group, translation: str | None, o_text: str) -> None:
        o_neg = [t for t in g.o_toks if t.key in _NEGATIONS]
        t_neg = [t for t in g.t_toks if t.key in _NEGATIONS]
        o_span = _span(self.original_text, o_neg[:1]) or SideSpan(g.original[0].id, g.original[0].start, g.original[0].end, g.original[0].text)
        r_span, approximate = self._repost_span(g, t_neg[:1])
        self.out.add("negation", o_span, r_span, translation,
                     f"negation differs: {len(o_neg)} in the original, {len(t_neg)} in the repost",
                     approximate=approximate, group=g.index)

    def _word_diff(self, g: _Group, translation: str | None, covered_o: set[int], covered_t: set[int]) -> None:
        t_all = {t.key for t in g.t_toks}
        o_all = {t.key for t in g.o_toks}
        for tag, i1, i2, j1, j2 in g.opcodes:
            if tag == "equal":
                continue
            o_reg = [t for k, t in enumerate(g.o_toks[i1:i2], i1) if k not in covered_o]
            t_reg = [t for k, t in enumerate(g.t_toks[j1:j2], j1) if k not in covered_t]
            o_content = [t for t in o_reg if t.text[0].isalpha() and t.key not in _FUNCTION_WORDS]
            t_content = [t for t in t_reg if t.text[0].isalpha() and t.key not in _FUNCTION_WORDS]
            if not o_content and not t_content:
                continue  # punctuation and function words: not worth an auditor's time
            # Words merely moved within the sentence are not a difference.
            if all(t.key in t_all for t in o_content) and all(t.key in o_all for t in t_content):
                continue
            known = self.known_names
            names_o = [t for t in o_content if _is_name(t) and not _name_present(t, g.t_toks)
                       and (t.key in known or not _sentence_initial(t, g.o_toks))] if not _title_case(g.o_toks) else []
            names_t = [t for t in t_content if _is_name(t) and not _name_present(t, g.o_toks)
                       and (t.key in known or not _sentence_initial(t, g.t_toks))] if not _title_case(g.t_toks) else []
            # A title put before a name ("Prime Minister X" -> "Deputy Prime Minister X").
            title_added = bool(names_t) and not o_content and j2 < len(g.t_toks) and _is_name(g.t_toks[j2])
            if (names_o and (names_t or not t_content or any(_is_name(t) for t in t_content))) or title_added:
                kind = "entity"
            else:
                kind = "paraphrase"
            o_span = _span(self.original_text, o_reg) if o_reg else None
            r_span, approximate = self._repost_span(g, t_reg)
            before = o_span.text if o_span else ""
            after = " ".join(t.text for t in t_reg)
            label = "name or title changed" if kind == "entity" else "wording differs"
            self.out.add(kind, o_span or self._anchor(g, i1), r_span, translation,
                         f"{label}: {before!r} -> {after!r}", approximate=approximate, group=g.index)


    def _anchor(self, g: _Group, i: int) -> SideSpan:
        """An empty original span where words were inserted (between tokens)."""
        tok = g.o_toks[min(i, len(g.o_toks) - 1)] if g.o_toks else None
        if tok is None:
            s = g.original[0]
            return SideSpan(s.id, s.start, s.start, "")
        pos = tok.start if i < len(g.o_toks) else tok.end
        return SideSpan(tok.sentence, pos, pos, "")


def _mid_sentence_capitals(sentences: Sequence[Sequence[Token]]) -> frozenset[str]:
    """Keys of capitalised words that stand somewhere other than at a sentence start."""
    found: set[str] = set()
    for toks in sentences:
        for k in range(1, len(toks)):
            if _is_name(toks[k]) and toks[k - 1].text not in ".!?“\"‘'(":
                found.add(toks[k].key)
    return frozenset(found)


def _sentence_initial(tok: Token, toks: Sequence[Token]) -> bool:
    """A capital that only marks a sentence start; "Deputy Minister Ana Ruiz ..." is a name."""
    index = toks.index(tok)
    starts = index == 0 or toks[index - 1].sentence != tok.sentence or toks[index - 1].text in ".!?“\""
    followed_by_name = index + 1 < len(toks) and _is_name(toks[index + 1])
    return starts and not followed_by_name


def _shift(mentions: Sequence[NumberMention], base: int, sentence: int) -> list[tuple[NumberMention, int]]:
    return [
        (NumberMention(m.start + base, m.end + base, m.text, m.value, m.percent), sentence) for m in mentions
    ]


def compare(original_text: str, original: Sequence[Sentence], repost_text: str, repost: Sequence[Segment],
            alignment: Sequence[AlignedGroup], severity: Mapping[str, str] | None = None) -> list[Divergence]:
    """Divergences between an original and a translated repost along ``alignment``."""
    return Comparer(original_text, repost_text, severity).compare(original, repost, alignment)


def severity_rank(severity: str) -> int:
    """0 for critical ... 3 for info (lower is worse)."""
    return SEVERITIES.index(severity)


__all__ = ["Divergence", "SideSpan", "compare", "is_boilerplate", "severity_rank"]
