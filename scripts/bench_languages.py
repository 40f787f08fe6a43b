"""Per-language benchmark: identification, routing and the per-translation checks, one row a language.

Every Tatoeba language (``../shared/tatoeba``, ISO 639-3 codes) that lingua knows, or that
a script of its own identifies (Amharic, Khmer, Malayalam), gets a row, measured through the public API only (``pipeline.identify``,
``pipeline.check_translation``, the registry's ``route``), so that it runs unchanged
whatever identification, routing and checks do inside:

- **identification by length**: each Tatoeba line identified alone, as its own document;
  the share labelled with its language, by length band (<= 3 words, 4-8, > 8). A word
  is a whitespace-separated token with a letter; in Han, Kana, Thai, Lao, Khmer and
  Myanmar, written without spaces between words, every two letters count as one word
  (rounded up). A line the segmenter splits takes the label covering most of its
  characters;
- **route**: what the registry does with the language: ``own`` (a model of its own),
  ``fallback`` (the multilingual model) or ``none``; a language is *routed* when it has
  its own model, or the fallback covers it by a list (a registry whose fallback takes
  any code, ``xx`` included, declares no list);
- **wrong model**: the share of lines sent to another language's dedicated model (a
  label L != the language, not en/und, whose route is L's own model and not the
  language's);
- **as en**: the share labelled English (acceptance: 0 for non-Latin scripts);
- **checks**: the share of human translations that ``check_translation`` flags: Tatoeba
  lines of 4 words or more with their English; NusaX Indonesian -> English
  (``../shared/nusax``, all 1,000 rows); the MQM Chinese references and the MT outputs
  rated clean (``../shared/mqm``: every dev segment);
- **mixed**: documents built from Tatoeba lines (three lines of a language, three of a
  second, three English ones, in rotating order, one paragraph; lines ending in sentence
  punctuation, unless a language mostly ends without, as Thai does), joined as each
  script writes (no space between two lines in unspaced scripts); per-line language
  accuracy (a line takes the label of the sentence covering most of it) and non-Latin
  lines passed through as English;
- **sent/CPU s**: lines identified per CPU second (the JSON has the wall-clock rate too),
  after a warm-up on the last lines of every language; lingua loads a model on first use
  and a warm-up cannot reach them all, so a call of over 0.1 CPU s is taken for a load
  and left out of the rate (the JSON lists them: ``slow``). The fresh-process figure
  below is the one with loading in;
- **fresh process**: a subprocess identifying N sentences of unseen Reuters news
  (``../shared/archive``, after the first 1,000 articles other benchmarks read), import
  and model loading included: sentences/s and CPU seconds.

Run (the whole Tatoeba set, 56,876 lines of 63 languages, 1,000 mixed documents and the
fresh process: 40-45 CPU seconds, one to two minutes on the shared 2-core machine)::

    OMP_NUM_THREADS=1 PYTHONPATH=. python scripts/bench_languages.py [--limit 1000]
        [--languages de,cs,zh] [--mixed 1000] [--speed-sentences 8000] [--speed-runs 3]
        [--json out.json] [--show numbers]

    OMP_NUM_THREADS=1 PYTHONPATH=. python scripts/bench_languages.py --only speed --speed-runs 3
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import random
import resource
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"

# Tatoeba's individual-language codes whose macrolanguage lingua knows; yue and wuu
# (other Chinese languages) and the Arabic dialects are not lingua's zh/ar: left out.
MACRO = {"cmn": "zho", "lvs": "lav", "pes": "fas", "swh": "swa", "zsm": "msa", "ekk": "est"}
UNSPACED = frozenset({"Han", "Kana", "Thai", "Lao", "Khmer", "Myanmar"})
BANDS = ("<=3", "4-8", ">8")
SENTENCE_END = frozenset(".!?。！？｡।॥۔؟።…")
LOADING = 0.1  # CPU seconds: an identification call slower than this was loading a model
WARM_UP = 20  # lines from the end of each language's file identified before the timed lines
FAR = "xx"  # a code no registry lists: a fallback that takes it covers everything


# --- text: scripts and words ---------------------------------------------------------

def char_script(ch: str) -> str:
    """The script of one letter, by its Unicode name (Han, Kana, Hangul, Latin, Cyrillic...)."""
    name = unicodedata.name(ch, "")
    if name.startswith("CJK"):
        return "Han"
    if "HIRAGANA" in name or "KATAKANA" in name:
        return "Kana"
    if "LATIN" in name:
        return "Latin"
    return name.split(" ")[0].title() if name else "Unknown"


def script_of(text: str) -> str:
    """The script most of ``text``'s letters are written in ("" when it has none)."""
    counts = Counter(char_script(ch) for ch in text if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


def word_count(text: str) -> int:
    """Words as the length bands count them (module docstring): unspaced letters two a word."""
    words = 0
    for token in text.split():
        unspaced = sum(1 for ch in token if ch.isalpha() and char_script(ch) in UNSPACED)
        spaced = any(ch.isalpha() and char_script(ch) not in UNSPACED for ch in token)
        words += math.ceil(unspaced / 2) + (1 if spaced else 0)
    return words


def band(words: int) -> str:
    return BANDS[0] if words <= 3 else BANDS[1] if words <= 8 else BANDS[2]


# --- data ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Language:
    """A Tatoeba language lingua knows: its codes, name and files."""

    code3: str  # Tatoeba's ISO 639-3 code
    lang: str  # ISO 639-1, as lingua and mtaudit write it
    name: str
    source: Path
    english: Path


def tatoeba_languages(folder: Path) -> tuple[list[Language], list[str]]:
    """The languages of ``folder`` mtaudit identifies (lingua's, and those a script of their
    own identifies: ``pipeline.text.scripts.SCRIPT_ONLY``), and the codes of the others."""
    from lingua import IsoCode639_3
    from lingua import Language as Lingua

    from pipeline.text.scripts import NOT_IN_LINGUA, SCRIPT_ONLY

    # Languages a script of their own identifies, not those told apart by a few letters
    # (Yiddish: most of its lines write none of them, and read as Hebrew).
    own_script = {lang for langs in SCRIPT_ONLY.values() for lang in langs}
    by_script = {code3: (lang, name) for lang, (code3, name) in NOT_IN_LINGUA.items() if lang in own_script}
    known: list[Language] = []
    unknown: list[str] = []
    for english in sorted(folder.glob("tatoeba.*-eng.eng")):
        code3 = english.name.split(".")[1].split("-")[0]
        try:
            found = Lingua.from_iso_code_639_3(IsoCode639_3.from_str(MACRO.get(code3, code3)))
        except ValueError:
            if code3 in by_script:
                lang, name = by_script[code3]
                known.append(Language(code3, lang, name, english.with_suffix(f".{code3}"), english))
            else:
                unknown.append(code3)
            continue
        known.append(Language(code3, found.iso_code_639_1.name.lower(), found.name.title(),
                              english.with_suffix(f".{code3}"), english))
    return known, unknown


def read_pairs(language: Language, limit: int | None) -> list[tuple[str, str]]:
    """The first ``limit`` (source, English) lines of a language, blank lines left out."""
    sources = language.source.read_text(encoding="utf-8").splitlines()
    english = language.english.read_text(encoding="utf-8").splitlines()
    pairs = [(s.strip(), e.strip()) for s, e in zip(sources, english, strict=True) if s.strip() and e.strip()]
    return pairs if limit is None else pairs[:limit]


def nusax_pairs(folder: Path) -> list[tuple[str, str]]:
    """NusaX's Indonesian sentences and their English, every split."""
    pairs: list[tuple[str, str]] = []
    for split in ("train", "valid", "test"):
        with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as fh:
            pairs.extend((row["indonesian"].strip(), row["english"].strip()) for row in csv.DictReader(fh))
    return pairs


def mqm_pairs(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """MQM dev: (Chinese source, reference) once per segment, and (source, MT) rated clean."""
    references: dict[tuple[str, str], None] = {}
    clean: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            references[(row["src"], row["ref"])] = None
            if row.get("label") == "clean":
                clean.append((row["src"], row["hyp"]))
    return list(references), clean


# --- routing -------------------------------------------------------------------------

class Router:
    """The registry's routing decision, read through ``route`` alone."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        fallback = getattr(registry, "fallback", None)
        self.fallback_id: str | None = getattr(fallback, "model_id", None)
        self.fallback_listed = self.fallback_id is not None and self.model(FAR) != self.fallback_id

    def model(self, lang: str) -> str | None:
        spec = self.registry.route(lang)
        return getattr(spec, "model_id", None) if spec is not None else None

    def kind(self, lang: str) -> str:
        """``own``, ``fallback`` or ``none``."""
        model = self.model(lang)
        if model is None:
            return "none"
        return "fallback" if model == self.fallback_id and lang not in self.own_languages() else "own"

    def own_languages(self) -> set[str]:
        return set(getattr(self.registry, "languages", {}) or {})

    def routed(self, lang: str) -> bool:
        kind = self.kind(lang)
        return kind == "own" or (kind == "fallback" and self.fallback_listed)

    def wrong_model(self, expected: str, label: str, alternatives: Sequence[str] = ()) -> bool:
        """``label`` (with the close relatives it left open) sends a sentence of ``expected``
        to a model that does not translate it: another language's dedicated model."""
        if label in ("en", "und"):
            return False
        covers = getattr(self.registry, "covers", None)
        if covers is None:  # a registry without family models
            return label != expected and self.kind(label) == "own" and self.model(label) != self.model(expected)
        spec = self.registry.route(label, tuple(alternatives))
        # The multilingual fallback is no language's dedicated model.
        return spec is not None and spec.model_id != self.fallback_id and not covers(spec, expected)


# --- measuring -----------------------------------------------------------------------

Identify = Callable[[str], Sequence[Any]]  # pipeline.identify with the options bound
Check = Callable[[str, str, str], Sequence[Any]]  # pipeline.check_translation likewise


def label_of(text: str, sentences: Sequence[Any], start: int = 0, end: int | None = None) -> tuple[str, tuple[str, ...]]:
    """The label of the identified sentence covering most of ``text[start:end]``, and the
    close relatives it left open (``alternatives``: routing covers them too)."""
    end = len(text) if end is None else end
    best, label, alternatives = 0, "und", ()
    for s in sentences:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > best:
            best, label, alternatives = overlap, s.lang, tuple(getattr(s, "alternatives", ()))
    return label, alternatives


@dataclass
class Tally:
    """Counts of one measure: items, hits, errors (with the first message)."""

    n: int = 0
    hits: int = 0
    errors: int = 0
    error: str = ""
    by: Counter[str] = field(default_factory=Counter)

    def rate(self) -> float | None:
        return self.hits / self.n if self.n else None

    def fail(self, exc: BaseException) -> None:
        self.errors += 1
        self.error = self.error or f"{type(exc).__name__}: {exc}"[:200]


@dataclass
class Row:
    """One language's figures (``None``: nothing to measure)."""

    lang: str
    code3: str
    name: str
    script: str
    route: str
    routed: bool
    lines: int
    bands: dict[str, Tally]
    wrong_model: Tally
    as_english: Tally
    checks: Tally
    rate: float | None  # lines identified per second (wall clock)
    cpu_rate: float | None  # per CPU second: steadier than the wall clock on a shared machine
    slow: Tally  # calls left out of the rates, each with its milliseconds
    other_checks: dict[str, Tally] = field(default_factory=dict)
    mixed: Tally = field(default_factory=Tally)
    labels: Counter[str] = field(default_factory=Counter)


def measure_language(language: Language, pairs: Sequence[tuple[str, str]], identify: Identify,
                     check: Check, router: Router, examples: dict[str, list[str]] | None = None) -> Row:
    """Identify each line alone, route its label and check its human translation."""
    from pipeline.translation.route import names_foreign  # not at the top: the fresh-process child times imports

    bands = {b: Tally() for b in BANDS}
    wrong, as_en, checks, labels = Tally(), Tally(), Tally(), Counter[str]()
    scripts = Counter(script_of(source) for source, _ in pairs)
    seconds = cpu = 0.0
    slow = Tally()  # calls over LOADING seconds: a model loading on first use, left out of the rates
    for source, english in pairs:
        tally = bands[band(word_count(source))]
        tally.n += 1
        wrong.n += 1
        as_en.n += 1
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            label, alternatives = label_of(source, identify(source))
        except Exception as exc:  # a language that breaks identification is a finding, not the end
            tally.fail(exc)
            continue
        finally:
            took = time.process_time() - start_cpu
            if took > LOADING:
                slow.n += 1
                slow.hits += 1
                slow.by[source[:60]] = round(took * 1000)
            else:
                seconds += time.perf_counter() - start
                cpu += took
        labels[label] += 1
        tally.hits += label == language.lang
        wrong.hits += router.wrong_model(language.lang, label, alternatives)
        as_en.hits += label == "en"
        if label == "en" and names_foreign(alternatives):  # its record names a foreign alternative
            as_en.by["open"] = as_en.by.get("open", 0) + 1
    tally_checks(checks, ((s, e) for s, e in pairs if word_count(s) >= 4), language.lang, check, examples, language.lang)
    return Row(language.lang, language.code3, language.name, scripts.most_common(1)[0][0] if scripts else "",
               router.kind(language.lang), router.routed(language.lang), len(pairs), bands, wrong, as_en, checks,
               (len(pairs) - slow.n) / seconds if seconds else None,
               (len(pairs) - slow.n) / cpu if cpu else None, slow, labels=labels)


def measure_unknown(folder: Path, unknown: Sequence[str], limit: int | None, identify: Identify,
                    router: Router) -> dict[str, dict[str, Any]]:
    """The Tatoeba languages lingua does not know, each line identified alone: how many are
    sent to another language's dedicated model, and, for those a few letters of their own
    identify (``NOT_IN_LINGUA``: Yiddish, Uyghur, Faroese...), how many are named; and how
    many are named at all (fastText's second opinion, ``pipeline.text.unknown``)."""
    from pipeline.text.scripts import NOT_IN_LINGUA
    from pipeline.text.unknown import label_for

    by_code3 = {code3: lang for lang, (code3, _) in NOT_IN_LINGUA.items()}
    out: dict[str, dict[str, Any]] = {}
    for code3 in unknown:
        lang = label_for(code3)  # the identifier's label for it (ISO 639-1 where it has one)
        english = folder / f"tatoeba.{code3}-eng.eng"
        pairs = read_pairs(Language(code3, lang, code3, english.with_suffix(f".{code3}"), english), limit)
        named = wrong = 0
        labels = Counter[str]()
        for source, _ in pairs:
            label, alternatives = label_of(source, identify(source))
            labels[label] += 1
            named += label == lang
            wrong += router.wrong_model(lang, label, alternatives)
        out[code3] = {"lang": lang, "lines": len(pairs), "named": named, "wrong_model": wrong,
                      "by_letters": code3 in by_code3, "labels": dict(labels.most_common(5))}
    return out


def unknown_line(measured: dict[str, dict[str, Any]]) -> str:
    """The summary line of ``measure_unknown``."""
    lines = sum(m["lines"] for m in measured.values())
    wrong = sum(m["wrong_model"] for m in measured.values())
    worst = sorted(measured.items(), key=lambda item: -item[1]["wrong_model"] / max(item[1]["lines"], 1))[:8]
    letters = [f"{m['lang']} {m['named'] / max(m['lines'], 1):.0%} ({m['lines']})"
               for m in measured.values() if m["by_letters"]]
    named = sum(m["named"] for m in measured.values())
    best = sorted(measured.items(), key=lambda item: -item[1]["named"] / max(item[1]["lines"], 1))[:8]
    return (f"Tatoeba languages lingua does not know: {len(measured)}, {lines:,} lines, "
            f"{wrong / max(lines, 1):.1%} sent to another language's model (most: "
            + ", ".join(f"{code3} {m['wrong_model'] / max(m['lines'], 1):.0%}" for code3, m in worst)
            + f"); named: {named / max(lines, 1):.1%} (most: "
            + ", ".join(f"{code3} {m['named'] / max(m['lines'], 1):.0%}" for code3, m in best)
            + "); those with letters of their own, named: " + ", ".join(letters))


def tally_checks(tally: Tally, pairs: Iterable[tuple[str, str]], lang: str, check: Check,
                 examples: dict[str, list[str]] | None, where: str) -> Tally:
    """Run the per-translation checks on (source, translation) pairs; count the flagged ones."""
    for source, translation in pairs:
        tally.n += 1
        try:
            failed = check(source, lang, translation)
        except Exception as exc:
            tally.fail(exc)
            continue
        if failed:
            tally.hits += 1
        for failure in failed:
            tally.by[failure.name] += 1
            if examples is not None and failure.name in examples:
                examples[failure.name].append(f"[{where}] {failure.message}\n    {source}\n    {translation}")
    return tally


@dataclass(frozen=True)
class MixedDoc:
    """A document built from Tatoeba lines, and each line's span and language."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def punctuated(lines: Sequence[str]) -> list[str]:
    """Lines ending in sentence punctuation, unless most of the language's do not (Thai)."""
    ended = [line for line in lines if line.rstrip("\"'”»）)」』 ")[-1:] in SENTENCE_END]
    return ended if len(ended) * 2 >= len(lines) else list(lines)


def join(left: str, right: str) -> str:
    """What goes between two sentences: nothing between two of unspaced scripts, else a space."""
    if not left:
        return ""
    return "" if script_of(left[-3:]) in UNSPACED and script_of(right[:3]) in UNSPACED else " "


def mixed_documents(pools: dict[str, Sequence[str]], english: Sequence[str], count: int, seed: int = 20,
                    per_block: int = 3) -> list[MixedDoc]:
    """``count`` documents of two foreign languages and English, ``per_block`` lines each."""
    rng = random.Random(seed)
    langs = sorted(lang for lang, lines in pools.items() if lines)
    docs: list[MixedDoc] = []
    if len(langs) < 2 or not english:
        return docs
    for n in range(count):
        first, second = rng.sample(langs, 2)
        blocks = [(first, pools[first]), (second, pools[second]), ("en", english)]
        blocks = blocks[n % 3:] + blocks[:n % 3]
        text, spans = "", []
        for lang, pool in blocks:
            for line in rng.sample(list(pool), min(per_block, len(pool))):
                text += join(text, line)
                spans.append((len(text), len(text) + len(line), lang))
                text += line
        docs.append(MixedDoc(text, tuple(spans)))
    return docs


@dataclass
class MixedResult:
    lines: Tally = field(default_factory=Tally)
    non_latin_as_en: int = 0
    non_latin: int = 0
    wrong_model: int = 0
    foreign: int = 0
    by_lang: dict[str, Tally] = field(default_factory=dict)
    seconds: float = 0.0


def measure_mixed(docs: Sequence[MixedDoc], identify: Identify, router: Router) -> MixedResult:
    """Per-line accuracy in mixed documents, and non-Latin lines that come out English."""
    result = MixedResult()
    for doc in docs:
        start = time.perf_counter()
        try:
            sentences = identify(doc.text)
        except Exception as exc:
            result.lines.fail(exc)
            continue
        finally:
            result.seconds += time.perf_counter() - start
        for begin, end, lang in doc.spans:
            label, alternatives = label_of(doc.text, sentences, begin, end)
            per_lang = result.by_lang.setdefault(lang, Tally())
            for tally in (result.lines, per_lang):
                tally.n += 1
                tally.hits += label == lang
            if script_of(doc.text[begin:end]) not in ("Latin", ""):
                result.non_latin += 1
                result.non_latin_as_en += label == "en"
            if lang != "en":
                result.foreign += 1
                result.wrong_model += router.wrong_model(lang, label, alternatives)
    return result


# --- a fresh process on unseen news --------------------------------------------------

def reuters_texts(archive: Path, skip: int, articles: int) -> list[str]:
    texts: list[str] = []
    with gzip.open(archive, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= skip:
                texts.append(json.loads(line)["text"])
                if len(texts) >= articles:
                    break
    return texts


def speed_child(archive: Path, skip: int, sentences: int, config: Path | None) -> dict[str, Any]:
    """In the fresh process: import, load and identify articles until ``sentences`` are done."""
    read = time.perf_counter()
    texts = reuters_texts(archive, skip, sentences)  # more articles than needed: a sentence or more each
    read = time.perf_counter() - read
    cpu, start = time.process_time(), time.perf_counter()
    import pipeline

    options = pipeline.Options(config_file=config)
    done = articles = 0
    for text in texts:
        done += len(pipeline.identify(text, options))
        articles += 1
        if done >= sentences:
            break
    return {"sentences": done, "articles": articles, "seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu, "read_seconds": read,
            "peak_rss_kb": _peak_rss_kb()}


def _peak_rss_kb() -> int:
    """This process's peak resident set since it started: ``VmHWM``, which exec resets.
    ``ru_maxrss`` keeps the forking parent's peak (a whole benchmark's lingua models)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def speed_fresh(archive: Path, skip: int, sentences: int, config: Path | None, runs: int = 1) -> dict[str, Any]:
    """Run ``speed_child`` in a new interpreter ``runs`` times; the fastest run's figures
    plus the whole process's wall and CPU and its peak resident set, and every run's rate."""
    command = [sys.executable, str(Path(__file__).resolve()), "--speed-child", str(sentences),
               "--speed-skip", str(skip), "--archive", str(archive)]
    if config is not None:
        command += ["--config", str(config)]
    best: dict[str, Any] | None = None
    rates: list[float] = []
    for _ in range(max(1, runs)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # A child of its own, waited for alone.
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = child.communicate()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if child.returncode != 0:
            return {"error": err.strip().splitlines()[-1] if err.strip() else f"exit {child.returncode}"}
        figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        figures["process_wall_seconds"] = wall
        figures["process_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        figures["rate"] = figures["sentences"] / figures["seconds"]
        figures["peak_rss_mb"] = figures.pop("peak_rss_kb") / 1024
        rates.append(figures["rate"])
        if best is None or figures["rate"] > best["rate"]:
            best = figures
    assert best is not None
    best["rates"] = rates
    return best


# --- output --------------------------------------------------------------------------

def percent(tally: Tally, show_n: bool = True) -> str:
    rate = tally.rate()
    if rate is None:
        return "–"
    text = f"{rate:.0%}" if rate in (0.0, 1.0) else f"{rate:.1%}"  # never 0% or 100% by rounding
    text = f"{text} ({tally.n})" if show_n else text
    return text + (f" ⚠{tally.errors} errors" if tally.errors else "")


def top(counter: Counter[str], limit: int = 3) -> str:
    return ", ".join(f"{name} {n}" for name, n in counter.most_common(limit)) or "–"


COLUMNS = ("language", "script", "route", "routed", "lines", "id <=3", "id 4-8", "id >8", "wrong model",
           "as en", "mixed", "checks: human", "flagged by", "other sets", "sent/CPU s")


def table_rows(rows: Sequence[Row]) -> list[list[str]]:
    cells: list[list[str]] = []
    for row in rows:
        other = " · ".join(f"{name} {percent(t)}" + (f": {top(t.by, 2)}" if t.by else "")
                           for name, t in row.other_checks.items()) or "–"
        cells.append([f"{row.lang} {row.name}", row.script, row.route, "yes" if row.routed else "",
                      str(row.lines), *(percent(row.bands[b]) for b in BANDS), percent(row.wrong_model, False),
                      percent(row.as_english, False), percent(row.mixed, False), percent(row.checks), top(row.checks.by),
                      other, f"{row.cpu_rate:,.0f}" if row.cpu_rate else "–"])
    return cells


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells) + " |" for cells in table_rows(rows)]
    return "\n".join(lines)


def speed_line(speed: dict[str, Any]) -> str:
    """The fresh-process figures in one line."""
    if "error" in speed:
        return f"fresh process: failed: {speed['error']}"
    runs = speed["rates"]
    return (f"fresh process, unseen Reuters news: {speed['sentences']:,} sentences ({speed['articles']} articles) "
            f"in {speed['seconds']:.2f} s, import and model loading included: {speed['rate']:,.0f} sentences/s, "
            f"{speed['cpu_seconds']:.2f} CPU s ({speed['sentences'] / speed['cpu_seconds']:,.0f} sentences per CPU "
            f"second) (whole process {speed['process_wall_seconds']:.2f} s wall, {speed['process_cpu_seconds']:.2f} "
            f"CPU s, peak RSS {speed['peak_rss_mb']:.0f} MB"
            + (f"; best of {len(runs)} runs: {', '.join(f'{rate:,.0f}' for rate in runs)}" if len(runs) > 1 else "")
            + ")")


def summary(rows: Sequence[Row], mixed: MixedResult | None, speed: dict[str, Any] | None,
            unknown: Sequence[str], seconds: float) -> list[str]:
    """The acceptance figures under the table."""
    routed = [r for r in rows if r.routed]
    long = [(r, Tally(n=r.bands["4-8"].n + r.bands[">8"].n, hits=r.bands["4-8"].hits + r.bands[">8"].hits))
            for r in routed]
    out = [f"languages: {len(rows)} ({len(routed)} routed), {sum(r.lines for r in rows):,} Tatoeba lines; "
           f"identification, checks and mixed documents took {seconds:.0f} s"]
    if long:
        low = [f"{r.lang} {percent(t)}" for r, t in long if (t.rate() or 0.0) < 0.95]
        out.append(f"routed languages under 95% on lines of 4+ words: {len(low)} of {len(long)}"
                   + (f" ({', '.join(low)})" if low else ""))
    if rows:
        wrong = [r for r in rows if (r.wrong_model.rate() or 0.0) > 0.01]
        out.append(f"languages over 1% sent to another language's model: {len(wrong)} of {len(rows)}"
                   + (f" (routed: {', '.join(f'{r.lang} {percent(r.wrong_model)}' for r in wrong if r.routed) or 'none'})"
                      if wrong else ""))
    taken = sum(r.as_english.hits for r in rows)
    out.append(f"lines taken for English: {taken:,}, of which {sum(r.as_english.by.get('open', 0) for r in rows):,} "
               "name a foreign alternative in their record")
    non_latin = [r for r in rows if r.script not in ("Latin", "")]
    as_en = [f"{r.lang} {r.as_english.hits}" for r in non_latin if r.as_english.hits]
    out.append(f"non-Latin-script lines labelled en: {sum(r.as_english.hits for r in non_latin)} "
               f"of {sum(r.as_english.n for r in non_latin):,}" + (f" ({', '.join(as_en)})" if as_en else ""))
    flagged = [r for r in routed if r.checks.n]
    if flagged:
        over = [f"{r.lang} {percent(r.checks)}" for r in flagged if (r.checks.rate() or 0.0) > 0.02]
        out.append(f"routed languages over 2% of human translations flagged (Tatoeba): {len(over)} of "
                   f"{len(flagged)}" + (f" ({', '.join(over)})" if over else ""))
    if mixed is not None and mixed.lines.n:
        routed_lines = Tally()
        for lang, tally in mixed.by_lang.items():
            if lang == "en" or lang in {r.lang for r in routed}:
                routed_lines.n += tally.n
                routed_lines.hits += tally.hits
        out.append(f"mixed documents: {mixed.lines.n:,} lines, language right {percent(mixed.lines, False)} "
                   f"(lines of routed languages and English: {percent(routed_lines)}); "
                   f"non-Latin lines as en {mixed.non_latin_as_en} of {mixed.non_latin}; wrong model "
                   f"{mixed.wrong_model} of {mixed.foreign} foreign lines; English lines right "
                   f"{percent(mixed.by_lang.get('en', Tally()), False)}"
                   + (f"; ⚠ {mixed.lines.errors} documents failed: {mixed.lines.error}" if mixed.lines.errors else ""))
    if speed:
        out.append(speed_line(speed))
    errors = [f"{r.lang} ({sum(t.errors for t in r.bands.values())}: "
              f"{next((t.error for t in r.bands.values() if t.error), '')})"
              for r in rows if any(t.errors for t in r.bands.values())]
    if errors:
        out.append("identification failed on: " + "; ".join(errors))
    if unknown:
        out.append(f"Tatoeba languages lingua does not know (no row): {' '.join(unknown)}")
    return out


def to_json(rows: Sequence[Row], mixed: MixedResult | None, speed: dict[str, Any] | None,
            unknown: Sequence[str], settings: dict[str, Any]) -> dict[str, Any]:
    def tally(t: Tally) -> dict[str, Any]:
        return {**asdict(t), "by": dict(t.by), "rate": t.rate()}

    out_rows = []
    for row in rows:
        item = {k: v for k, v in asdict(row).items() if not isinstance(v, (dict, Tally, Counter))}
        item.update(bands={b: tally(t) for b, t in row.bands.items()}, wrong_model=tally(row.wrong_model),
                    as_english=tally(row.as_english), checks=tally(row.checks), mixed=tally(row.mixed),
                    slow=tally(row.slow),
                    other_checks={k: tally(t) for k, t in row.other_checks.items()}, labels=dict(row.labels))
        out_rows.append(item)
    mixed_out = None if mixed is None else {
        "lines": tally(mixed.lines), "non_latin": mixed.non_latin, "non_latin_as_en": mixed.non_latin_as_en,
        "foreign": mixed.foreign, "wrong_model": mixed.wrong_model, "seconds": mixed.seconds,
        "by_lang": {k: tally(t) for k, t in mixed.by_lang.items()}}
    return {"settings": settings, "rows": out_rows, "mixed": mixed_out, "fresh_process": speed,
            "not_in_lingua": list(unknown)}


# --- the run -------------------------------------------------------------------------

def bound_api(config: Path | None, registry: Path | None) -> tuple[Identify, Check, Router]:
    """``pipeline.identify`` and ``check_translation`` with the options bound, and the router."""
    import pipeline
    from pipeline.translation.route import load_registry

    options = pipeline.Options(config_file=config, registry_file=registry)

    def identify(text: str) -> Sequence[Any]:
        return pipeline.identify(text, options)

    def check(source: str, lang: str, translation: str) -> Sequence[Any]:
        return pipeline.check_translation(source, lang, translation, options)

    return identify, check, Router(load_registry(registry))


def run(languages: Sequence[Language], limit: int | None, identify: Identify, check: Check, router: Router,
        nusax: Path | None, mqm: Path | None, mixed_count: int,
        examples: dict[str, list[str]] | None = None,
        warm_up: Sequence[Language] | None = None) -> tuple[list[Row], MixedResult | None]:
    """Every measure but the fresh process, on the given languages and extra sets.

    ``warm_up`` (default: ``languages``): a few lines of each are identified first, so that
    the models a language's lines call for (lingua loads each on first use, and a
    Latin-script sentence calls for its rivals') are loaded before any line is timed.
    """
    pairs = {lang.lang: read_pairs(lang, limit) for lang in languages}
    for lang in languages if warm_up is None else warm_up:
        for source, _ in read_pairs(lang, None)[-WARM_UP:]:
            try:
                identify(source)
            except Exception:
                pass  # counted when the language's own lines fail
    rows = [measure_language(lang, pairs[lang.lang], identify, check, router, examples) for lang in languages]
    rows.sort(key=lambda row: (not row.routed, row.lang))
    by_lang = {row.lang: row for row in rows}
    if nusax is not None and "id" in by_lang:
        by_lang["id"].other_checks["NusaX"] = tally_checks(Tally(), nusax_pairs(nusax), "id", check, examples, "NusaX")
    if mqm is not None and "zh" in by_lang:
        references, clean = mqm_pairs(mqm)
        by_lang["zh"].other_checks["MQM refs"] = tally_checks(Tally(), references, "zh", check, examples, "MQM ref")
        by_lang["zh"].other_checks["MQM clean MT"] = tally_checks(Tally(), clean, "zh", check, examples, "MQM MT")
    mixed = None
    if mixed_count:
        pools = {lang: punctuated([s for s, _ in p]) for lang, p in pairs.items()}
        english = punctuated([e for p in pairs.values() for _, e in p])
        mixed = measure_mixed(mixed_documents(pools, english, mixed_count), identify, router)
        for lang, tally in mixed.by_lang.items():
            if lang in by_lang:
                by_lang[lang].mixed = tally
    return rows, mixed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=1000,
                        help="Tatoeba lines per language (default 1000: every line; 0: no limit)")
    parser.add_argument("--languages", help="comma-separated ISO 639-1 or 639-3 codes to keep (default: all)")
    parser.add_argument("--mixed", type=int, default=1000, metavar="N", help="mixed documents (default 1000; 0: none)")
    parser.add_argument("--speed-sentences", type=int, default=8000, metavar="N",
                        help="sentences the fresh process identifies (default 8000; 0: skip)")
    parser.add_argument("--speed-skip", type=int, default=1000, metavar="N",
                        help="Reuters articles to skip first (default 1000: the ones other benchmarks read)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    parser.add_argument("--archive", type=Path, help="Reuters JSONL.gz (default SHARED/archive/reuters21578.jsonl.gz)")
    parser.add_argument("--config", type=Path, help="settings merged over configs/default.toml")
    parser.add_argument("--registry", type=Path, help="model registry (default models/registry.toml)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--show", action="append", default=[], metavar="CHECK",
                        help="print the human translations a check flags (repeatable), to stderr")
    parser.add_argument("--speed-runs", type=int, default=1, metavar="N",
                        help="fresh processes to run, the fastest reported (default 1)")
    parser.add_argument("--only", choices=["speed"],
                        help="speed: the fresh process on unseen news alone, no Tatoeba measures")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    archive = args.archive or args.shared / "archive" / "reuters21578.jsonl.gz"
    if args.speed_child is not None:
        print(json.dumps(speed_child(archive, args.speed_skip, args.speed_child, args.config)))
        return 0
    if args.only == "speed":
        if not archive.exists():
            print(f"error: {archive} not found", file=sys.stderr)
            return 2
        speed = speed_fresh(archive, args.speed_skip, args.speed_sentences or 8000, args.config, args.speed_runs)
        print(f"- {speed_line(speed)}")
        if args.json:
            args.json.write_text(json.dumps({"fresh_process": speed}, indent=1) + "\n", encoding="utf-8")
        return 0 if "error" not in speed else 1
    tatoeba = args.shared / "tatoeba"
    if not tatoeba.is_dir():
        print(f"error: {tatoeba} not found", file=sys.stderr)
        return 2
    languages, unknown = tatoeba_languages(tatoeba)
    every = languages
    if args.languages:
        keep = {code.strip() for code in args.languages.split(",") if code.strip()}
        languages = [lang for lang in languages if lang.lang in keep or lang.code3 in keep]
    start = time.perf_counter()
    identify, check, router = bound_api(args.config, args.registry)
    examples: dict[str, list[str]] = {name: [] for name in args.show}
    nusax, mqm = args.shared / "nusax", args.shared / "mqm" / "ted-zhen-dev.jsonl"
    rows, mixed = run(languages, args.limit or None, identify, check, router,
                      nusax if nusax.is_dir() else None, mqm if mqm.exists() else None, args.mixed, examples, every)
    seconds = time.perf_counter() - start
    not_known = measure_unknown(tatoeba, unknown, args.limit or None, identify, router) if not args.languages else {}
    speed = (speed_fresh(archive, args.speed_skip, args.speed_sentences, args.config, args.speed_runs)
             if args.speed_sentences and archive.exists() else None)
    print(markdown(rows))
    print()
    print("\n".join(f"- {line}" for line in summary(rows, mixed, speed, unknown, seconds)))
    if not_known:
        print(f"- {unknown_line(not_known)}")
    for name, found in examples.items():
        print(f"\n## {name}: {len(found)} flagged\n" + "\n".join(found), file=sys.stderr)
    if args.json:
        settings = {"limit": args.limit, "languages": args.languages, "mixed": args.mixed,
                    "speed_sentences": args.speed_sentences, "speed_skip": args.speed_skip,
                    "config": str(args.config) if args.config else None, "seconds": seconds}
        args.json.write_text(json.dumps({**to_json(rows, mixed, speed, unknown, settings), "unknown": not_known}, indent=1,
                                        ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
