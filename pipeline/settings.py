"""Settings: one frozen dataclass per table of ``configs/default.toml``, and their loader.

Each setting has one default, here, with the reason for it; ``configs/default.toml``
documents every key and loads to exactly ``Settings()`` (tested). A user's TOML file is
merged over the defaults by ``load_settings``, strictly: an unknown key or a value of
the wrong type is a one-line ``ConfigError`` naming the key, its table and what fits.
Command-line flags are applied with ``dataclasses.replace``, so they pass through the
same checks (``__post_init__``) and nothing is changed after it is built.

The stages take their table's dataclass: ``[translate]`` is ``DecodeOptions``,
``[checks]`` ``CheckConfig``, ``[match]`` ``MatchParams``, ``[align]`` ``AlignParams``.
Checks whose names live in a stage's registry (``[checks] skip``, ``[compare] off``)
are validated by that stage: this module sits below every stage and imports none.
"""

from __future__ import annotations

import os

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from pipeline.fidelity.taxonomy import DEFAULT_SEVERITY, SEVERITIES
from pipeline.errors import ConfigError

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_REPO_ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")



@dataclass(frozen=True)
class SegmentSettings:
    """``[segment]``: sentence splitting."""

    # sentencex rules to split with: a language code, or "auto" to guess each block's
    # language from its script and common words (pipeline/text/segment_rules.py), whose
    # abbreviations and dotted ordinal dates then end no sentence. Lines are split first
    # (headlines carry no full stop), so the rules matter only inside a line.
    rules_lang: str = "auto"


@dataclass(frozen=True)
class IdentifySettings:
    """``[identify]``: language identification (``pipeline.text.langid``)."""

    # Languages lingua may choose from (ISO 639-1): every language lingua knows, so that
    # a language without a model of its own is named (and routed to the fallback, or
    # flagged) instead of taken for a neighbour that has one. Malay and Indonesian are told
    # apart by their word lists, lingua's ranking aside (it takes a third of Indonesian
    # lines for Malay): a line is Malay on clear Malaysian spellings, else Indonesian
    # (pipeline/text/relatives.py). Leave "ms" out to read all Malay as Indonesian.
    languages: tuple[str, ...] = ("af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
                                  "es", "et", "eu", "fa", "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu", "hy", "id", "is",
                                  "it", "ja", "ka", "kk", "ko", "la", "lg", "lt", "lv", "mi", "mk", "mn", "mr", "ms", "nb",
                                  "nl", "nn", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "sn", "so", "sq", "sr", "st", "sv",
                                  "sw", "ta", "te", "th", "tl", "tn", "tr", "ts", "uk", "ur", "vi", "xh", "yo", "zh", "zu")
    # A sentence with fewer letters than this, or fewer words than min_words, is too
    # short to judge and inherits its neighbour's language (numbers, names, "1954?").
    # Names, acronyms and numbers are set aside before counting: languages share them.
    min_chars: int = 12
    min_words: int = 2
    # So is one of fewer than short_words words that lingua judges below min_confidence
    # (headlines made of names, "Photo: Bloomberg").
    short_words: int = 4
    min_confidence: float = 0.5
    # A word inside a foreign sentence is English when its Zipf frequency in English is
    # at least english_min_zipf and beats its frequency in the sentence's language by
    # zipf_margin ("in" is Dutch too, "to" Polish).
    english_min_zipf: float = 2.5
    zipf_margin: float = 0.6
    # A verdict resting on fewer words than this (names aside), or below this
    # confidence, is weak: unless a firmly judged sentence of the document has its
    # language, it gives way to the language around it. "Ajax beat Feyenoord in
    # Rotterdam derby" in an English article stays English.
    strong_words: int = 6
    strong_confidence: float = 0.9
    # A sentence with at least two English-only function words making up this share of
    # its words is English without asking lingua.
    english_share: float = 0.2
    # Lingua's low-accuracy mode picks each sentence's best few languages (plus
    # English); its high-accuracy models of those alone decide. Loading every
    # Latin-script language's high-accuracy models takes about a second; 0 does that.
    shortlist: int = 2
    # True: the low-accuracy pass alone decides (faster, worse on short sentences).
    low_accuracy: bool = False
    # A verdict for a language with a word list that holds under this share of the
    # sentence's words (Zipf 3 or more) leaves its close relatives without a list open
    # (Afrikaans read as Dutch): routing then picks a model covering them too. 0: never.
    word_support: float = 0.6
    # fastText's probability at which a line lingua gave a foreign language is named in a
    # language lingua does not know (pipeline/text/unknown.py). 0: lingua alone.
    unknown_languages: float = 0.5

    def __post_init__(self) -> None:
        if isinstance(self.languages, str):
            raise ConfigError(f"[identify] languages: expected a list of ISO 639-1 codes, got {_show(self.languages)}")
        if not self.languages:
            raise ConfigError("[identify] languages: no languages configured for language identification")
        for key in ("min_chars", "min_words", "short_words", "strong_words", "shortlist"):
            _at_least(self, "identify", key, 0)
        for key in ("min_confidence", "strong_confidence", "english_share", "word_support", "unknown_languages"):
            if not 0.0 <= getattr(self, key) <= 1.0:
                raise ConfigError(f"[identify] {key}: expected a number in [0, 1], got {getattr(self, key)}")


@dataclass(frozen=True)
class DecodeOptions:
    """``[translate]``: batching and decoding, shared by the backends."""

    # Sentences per generate() call at most... With the CTranslate2 backend on a CPU of
    # 2 or more cores two batches are decoded at once, so twice a batch's memory is in
    # flight: on 2 cores 32 is as fast as 64 and keeps the process about 250 MB smaller.
    batch_size: int = 32
    # ...and source tokens per call at most (padding included), so long sentences do
    # not make a batch that runs out of memory.
    token_budget: int = 4096
    # Greedy decoding is the reproducible default; beams help real models a little.
    num_beams: int = 1
    # "auto" picks cuda when available, else cpu.
    device: str = "auto"
    # Generated tokens allowed per source token (plus a constant), capped by the model.
    max_length_ratio: float = 1.5
    max_length_extra: int = 10

    def __post_init__(self) -> None:
        for key in ("batch_size", "token_budget", "num_beams"):
            _at_least(self, "translate", key, 1)
        _one_of(self, "translate", "device", ("auto", "cpu", "cuda"))


# ``mt-error-<check>`` sets the severity of one check of ``[checks]`` (checked against
# that registry by ``pipeline.translation.checks.validate_names``).
MT_ERROR_PREFIX = "mt-error-"


@dataclass(frozen=True)
class CompareSettings:
    """``[compare]``: which comparison checks run and how severe each divergence type is."""

    off: tuple[str, ...] = ()  # comparison checks switched off, by name (pipeline.fidelity.checks CHECKS)
    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))

    def __post_init__(self) -> None:
        for key, value in self.severity.items():
            if key not in DEFAULT_SEVERITY and not key.startswith(MT_ERROR_PREFIX):
                raise ConfigError(f"[compare.severity] {key}: unknown key "
                                  f"(known: {', '.join(DEFAULT_SEVERITY)}, {MT_ERROR_PREFIX}<check>)")
            if value not in SEVERITIES:
                raise ConfigError(f"[compare.severity] {key}: expected one of {', '.join(SEVERITIES)}, "
                                  f"got {_show(value)}")


@dataclass(frozen=True)
class LimitsSettings:
    """``[limits]``: what one document may cost."""

    # Characters per document at most (0: no limit). A longer document is reported as an
    # error and the other documents of a batch still complete. About 1 GB of memory per
    # million characters is a safe budget (identification, offsets, translation).
    max_chars: int = 1_000_000

    def __post_init__(self) -> None:
        _at_least(self, "limits", "max_chars", 0)


@dataclass(frozen=True)
class RetryDecoding:
    """``[checks.retry_decoding]``: how a sentence that failed a retry check is decoded again.

    Beam search with a no-repeat n-gram size and a repetition penalty breaks repetition
    loops; a higher output cap lets a sentence cut at the limit finish.
    """

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    repetition_penalty: float = 1.2
    length_factor: float = 2.0  # the output cap is multiplied by this (the model's limit still applies)

    def settings(self) -> dict[str, Any]:
        """What goes into the cache key and the cache entry of a retried translation."""
        return {f"retry_{f.name}": getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class CheckConfig:
    """``[checks]``: each translation checked against its own source (``pipeline.translation.checks``)."""

    enabled: bool = True
    skip: tuple[str, ...] = ()  # check names switched off
    # A translation failing one of retry_on is decoded a second time (retry_decoding);
    # the candidate failing fewer checks is kept.
    retry: bool = True
    retry_on: tuple[str, ...] = ("repetition", "length-cap", "copy")
    retry_decoding: RetryDecoding = field(default_factory=RetryDecoding)
    # repetition: an n-gram (n <= repetition_ngram) repeated back to back this many times
    # (and more than in the source)...
    repetition_ngram: int = 6
    repetition_runs: int = 4
    # ...or a run of up to 8 letters repeated inside a word this many times (subword loops)...
    repetition_letter_runs: int = 5
    # ...or an output of at least this many tokens with under this share of distinct ones.
    repetition_min_tokens: int = 16
    repetition_distinct: float = 0.3
    # length: translation/source characters outside this band, for sources this long.
    # opus-mt English is 0.7-1.1 times its Indonesian source; the band is wide because
    # legitimate translations vary (headlines, lists).
    length_min_chars: int = 24
    length_ratio: tuple[float, float] = (0.35, 2.5)
    # Per source language [low, high], overriding length_ratio and length_ratio_by_script.
    length_ratio_by_lang: dict[str, tuple[float, float]] = field(default_factory=lambda: {"id": (0.35, 2.0)})
    # Per script of the source (ISO 15924: Hani Chinese characters, Jpan Japanese with
    # kana, Hang Hangul), overriding length_ratio. A script that writes a syllable or a
    # morpheme a character takes more English characters per source character: human
    # translations (Tatoeba, all languages of the script) run at a median of 3.0 (Hani),
    # 2.1 (Jpan) and 1.8 (Hang) against 1.0 for Latin, Cyrillic, Greek, Arabic, Indic
    # scripts; each band is length_ratio scaled by its script's median.
    length_ratio_by_script: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"Hani": (1.05, 7.5), "Jpan": (0.75, 5.25), "Hang": (0.65, 4.6)})
    # copy: this share of each side's words found in the other, with at least this many
    # lower-case source words (a name alone is rightly copied).
    copy_share: float = 0.8
    copy_min_words: int = 3
    # not-english: under this share of the translation's lower-case words more frequent
    # in English than in the source's language, with at least this many words.
    english_share: float = 0.5
    english_min_words: int = 4
    # names: a capitalised source word (not sentence-initial) or acronym rarer than this
    # Zipf frequency in English, and not this much more frequent in the source's
    # language than in English, must appear in the translation.
    name_max_zipf: float = 5.0
    name_lang_margin: float = 0.5
    # In a language that capitalises every noun (German), a capitalised word is only taken
    # for a name when rarer than this Zipf frequency there (once per million words), and
    # not a compound of two words at least that frequent.
    name_noun_max_zipf: float = 3.0
    # A name is carried over when a word of the translation is this similar to it (difflib
    # ratio, both transliterated to ASCII): "Штернлиб" (Shternlib) is "Sternlieb".
    name_similarity: float = 0.75

    def __post_init__(self) -> None:
        _band(self.length_ratio, "[checks] length_ratio")
        for lang, band in self.length_ratio_by_lang.items():
            _band(band, f"[checks.length_ratio_by_lang] {lang}")
        for script, band in self.length_ratio_by_script.items():
            _band(band, f"[checks.length_ratio_by_script] {script}")

    def fingerprint(self) -> str:
        """A short digest of every setting: which retry a check keeps depends on all of them."""
        text = json.dumps(asdict(self), sort_keys=True, default=list)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def band(self, lang: str, script: str = "") -> tuple[float, float]:
        """The [low, high] length ratio for a source in ``lang`` written in ``script``."""
        return self.length_ratio_by_lang.get(lang) or self.length_ratio_by_script.get(script, self.length_ratio)


@dataclass(frozen=True)
class MatchParams:
    """``[match]``: retrieval from the index, re-ranking with the aligner, the decision."""

    candidates: int = 6  # documents re-ranked with the aligner per query (-k overrides)
    chunk_sentences: int = 6  # repost sentences per retrieval query: each chunk finds its own originals
    terms_per_query: int = 16  # rarest words of a chunk found in the archive, as its query...
    phrases_per_query: int = 8  # ...with this many of its adjacent word pairs as phrases
    hits_per_query: int = 5  # documents each chunk query returns (fused by reciprocal rank)
    common_share: float = 0.05  # words in more than this share of the archive are not queried
    pair_score: float = 0.5  # an aligned pair at this similarity or above is shared content
    passes: int = 3  # alignment passes: each aligns what is left, finding reordered paragraphs
    min_share: float = 0.1  # a further original must explain this much more of the repost...
    extra_score: float = 0.7  # ...in pairs of this mean similarity (a stray same-topic line scores less)
    min_overlap: float = 0.2  # candidates with fewer of the repost's distinctive words are not aligned,
    relative_overlap: float = 0.5  # nor those with under this share of the best candidate's
    max_originals: int = 4
    # The best original leaves this much of the repost unexplained: query again for it
    # (0.1 finds the second story of merged reposts in 0.91-0.97 of the benchmark's
    # samples, against 0.88-0.94 at 0.25, for about 5 ms more per query).
    second_query_share: float = 0.1
    threshold: float = 0.25  # confidence below which a repost matches nothing
    # Archived texts sharing this share of the word 3-grams of the shorter of the two are
    # one story (a newswire re-issues stories under new ids): listed as "equivalents".
    near_duplicate: float = 0.8
    # Logistic calibration, fitted by ``scripts/bench_match.py --fit`` on the Reuters
    # benchmark (seed 11): confidence = sigmoid(bias + share_weight * repost_share
    # + cover_weight * original_share + score_weight * mean_score + number_weight * numbers_agree).
    bias: float = -12.63
    share_weight: float = 4.87
    cover_weight: float = 3.86
    score_weight: float = 8.19
    number_weight: float = 1.92


@dataclass(frozen=True)
class AlignParams:
    """``[align]``: the similarity and the alignment search; the defaults suit news text.

    The defaults were chosen on the project corpus (a careful human translation scores
    0.65-1.0 against its original, unrelated sentences of the same story mostly below
    0.3) and on the synthetic documents of ``scripts/bench_align.py``.
    """

    ngram: int = 3  # character n-gram length of the text channel
    anchor_weight: float = 0.3  # share of the anchor cosine in the blended similarity
    threshold: float = 0.35  # a pair earns similarity minus this; below it, skipping is better
    merge_penalty: float = 0.03  # taken from 1-2 and 2-1 groups: a merge must win by this
    merge_penalty_22: float = 0.06  # taken from 2-2 groups
    full_cells: int = 250_000  # band=None: search everything up to this many grid nodes
    coarse_cells: int = 40_000  # coarsest level of a long alignment: at most this many nodes
    # The gap pass (pipeline.fidelity.gaps): between two paired groups, sentences left
    # unpaired on both sides are paired when they score this much and their lengths fit.
    # Between anchors a loose rewording is far likelier than a sentence dropped and
    # another added in the same place, so the bar is lower than threshold.
    gap_threshold: float = 0.18
    gap_length_ratio: float = 0.4  # shorter side / longer side of a gap pair, in characters
    # A gap longer than this on either side is left as it is: so long a run without a
    # pair is other text (an unrelated document, a long insertion), not a rewording
    # between neighbours. On the MQM dev split no gap is longer than 4.
    gap_sentences: int = 8
    # What the scored gap step leaves unpaired on both sides, up to this many sentences
    # a side, is paired by position (one to one when both sides have as many), the
    # way a rewording between two anchors is most often split; longer runs stay lonely.
    gap_pair_sentences: int = 6
    gap_pair_length_ratio: float = 0.5  # a one-to-one pair by position needs this length fit...
    # ...and this Dice of character-trigram sets: 93% of the MQM dev split's position
    # pairs (two renderings of one source) pass, 82% of random pairs of unrelated
    # synthetic-suite sentences fail, and 173 of the suite's 177 drops and insertions stay lonely.
    gap_pair_trigrams: float = 0.16
    # ...or a shared content word under this Zipf frequency ("sun"/"sunlight" count,
    # "make"/"people" do not): on the MQM dev split this keeps 13 labelled pairs, 12 clean.
    gap_shared_zipf: float = 5.0


@dataclass(frozen=True)
class Settings:
    """Every table of the configuration, each with its defaults."""

    segment: SegmentSettings = field(default_factory=SegmentSettings)
    identify: IdentifySettings = field(default_factory=IdentifySettings)
    translate: DecodeOptions = field(default_factory=DecodeOptions)
    compare: CompareSettings = field(default_factory=CompareSettings)
    limits: LimitsSettings = field(default_factory=LimitsSettings)
    checks: CheckConfig = field(default_factory=CheckConfig)
    match: MatchParams = field(default_factory=MatchParams)
    align: AlignParams = field(default_factory=AlignParams)


def resource_path(*parts: str) -> Path:
    """Locate a file shipped with mtaudit (``configs/...``, ``models/...``).

    A wheel carries them inside the package as ``pipeline/_data/...`` (mapped from the
    top-level folders at build time, see pyproject.toml); a source checkout or editable
    install reads the top-level folders themselves. The package copy is looked at
    first: an installed mtaudit's parent folder is site-packages, where another
    distribution may own a ``configs/`` folder.
    """
    for base in (_PACKAGE_DATA, _REPO_ROOT):
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise ConfigError(f"mtaudit resource {'/'.join(parts)} is missing from the installation")


def hub_offline() -> bool:
    """Whether ``HF_HUB_OFFLINE`` says not to reach the Hugging Face hub (as its client reads it)."""
    return os.environ.get("HF_HUB_OFFLINE", "0").strip().lower() in ("1", "true", "yes", "on")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a one-line ``ConfigError``."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a TOML file") from None
    except PermissionError:
        raise ConfigError(f"{path}: permission denied") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}): "
                          "a TOML file is UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_settings(user_file: Path | None = None) -> Settings:
    """The defaults, with ``user_file`` (a TOML file of any of the tables) merged over them.

    Tables merge key by key (a file setting ``[compare.severity] date`` keeps the other
    severities); an unknown table or key, or a value of the wrong type, is a
    ``ConfigError`` naming the file, the table, the key and what fits.
    """
    if user_file is None:
        return Settings()
    try:
        return merge_settings(Settings(), read_toml(user_file))
    except ConfigError as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith(str(user_file)) else f"{user_file}: {message}") from None


def merge_settings(settings: Settings, tables: Mapping[str, Any]) -> Settings:
    """``settings`` with the values of parsed TOML ``tables`` merged over them (strictly)."""
    known = [f.name for f in fields(Settings)]
    for name, table in tables.items():
        if name not in known and not isinstance(table, Mapping):
            raise ConfigError(f"{name}: unknown key outside a table (known tables: {', '.join(known)})")
        if name not in known:
            raise ConfigError(f"[{name}]: unknown table (known: {', '.join(known)})")
        if not isinstance(table, Mapping):
            raise ConfigError(f"[{name}]: expected a table, got {_show(table)}")
    return _merge(settings, tables, "")


def _merge(obj: T, table: Mapping[str, Any], where: str) -> T:
    hints = get_type_hints(type(obj))
    names = [f.name for f in fields(obj)]  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for key, value in table.items():
        inner = f"{where}.{key}" if where else key
        if key not in names:
            raise ConfigError(f"[{where}] {key}: unknown key (known: {', '.join(names)})")
        current, hint = getattr(obj, key), hints[key]
        if is_dataclass(current) or get_origin(hint) is dict:
            if not isinstance(value, Mapping):
                raise ConfigError(f"[{where}] {key}: expected a table, got {_show(value)}" if where
                                  else f"[{key}]: expected a table, got {_show(value)}")
            if is_dataclass(current):
                changes[key] = _merge(current, value, inner)
            else:  # a table of values (severities, bands by language): merged key by key
                kind = get_args(hint)[1]
                changes[key] = {**current, **{str(k): _convert(v, kind, inner, str(k)) for k, v in value.items()}}
        else:
            changes[key] = _convert(value, hint, where, key)
    return replace(obj, **changes)  # type: ignore[type-var]


def _convert(value: Any, hint: Any, table: str, key: str) -> Any:
    """``value`` as the type ``hint`` names (a TOML integer is a fine float), or a ``ConfigError``."""
    converted = _fit(value, hint)
    if converted is _MISMATCH:
        raise ConfigError(f"[{table}] {key}: expected {_describe(hint)}, got {_show(value)}")
    return converted


_MISMATCH = object()


def _fit(value: Any, hint: Any) -> Any:
    if hint is bool:
        return value if isinstance(value, bool) else _MISMATCH
    if hint is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _MISMATCH
    if hint is float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _MISMATCH
    if hint is str:
        return value if isinstance(value, str) else _MISMATCH
    args = get_args(hint)
    if get_origin(hint) is tuple and isinstance(value, (list, tuple)):
        items = args[:1] * len(value) if args[-1] is Ellipsis else args
        if len(items) != len(value):
            return _MISMATCH
        out = tuple(_fit(v, h) for v, h in zip(value, items))
        return _MISMATCH if _MISMATCH in out else out
    return _MISMATCH


def _describe(hint: Any) -> str:
    simple = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    if hint in simple:
        return simple[hint]
    args = get_args(hint)
    if args[-1] is Ellipsis:
        return f"a list of {_describe(args[0]).split(' ', 1)[-1]}s"
    return f"a list of {len(args)} {_describe(args[0]).split(' ', 1)[-1]}s"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _at_least(obj: Any, table: str, key: str, low: int) -> None:
    if getattr(obj, key) < low:
        raise ConfigError(f"[{table}] {key}: expected at least {low}, got {getattr(obj, key)}")


def _one_of(obj: Any, table: str, key: str, choices: tuple[str, ...]) -> None:
    if getattr(obj, key) not in choices:
        raise ConfigError(f"[{table}] {key}: expected one of {', '.join(choices)}, got {_show(getattr(obj, key))}")


def _band(value: tuple[float, float], where: str) -> None:
    if not value[0] < value[1]:
        raise ConfigError(f"{where}: expected [low, high] with low < high, got {_show(list(value))}")
