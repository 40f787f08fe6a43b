"""Language-identification benchmark: per-sentence accuracy and sentences per second.

Three sets, each segmented and identified as ``mtaudit`` does (``pipeline.text.segment`` with
the configured rules, ``LanguageIdentifier`` with the ``[identify]`` settings):

(a) English documents, every sentence expected ``en``: the corpus files 000-003 (when
    ``../shared/corpus`` is there), ``examples/original.en.txt`` and the English
    stress text (``tests/fixtures/english_stress.txt``, written by hand, and
    ``english_stress_templated.txt``: headlines, name lists, fixtures and quotes; each
    blank-line-separated block is one document);
(b) mixed documents against a hand-labelled gold (``tests/fixtures/lid_gold.tsv``):
    seed 004 (when present) and ``examples/repost.id.txt``;
(c) one paragraph per configured language (``tests/fixtures/lid_paragraphs.txt``);
(d) with ``--reuters N`` (when ``../shared/archive`` is there): N Reuters articles nobody
    here wrote, read once by the warm identifier after the timed passes, so that no
    word it meets was seen before: the rate and false-foreign share on unseen English
    (``und``, a line of figures alone, is not foreign). First, a fresh process reads
    the same articles cold, as a batch job does: its rate counts importing nothing but
    model loading and every word met for the first time (wall and CPU time).

The first pass is timed from a cold identifier (lingua's models load on first use);
``--repeat`` further passes give the steady rate (the best pass, all printed). Run::

    OMP_NUM_THREADS=1 python scripts/bench_lid.py [--repeat 3] [--verbose] [--config TOML]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.settings import load_settings  # noqa: E402
from pipeline.text.langid import LanguageIdentifier  # noqa: E402
from pipeline.text.segment import segment  # noqa: E402
from pipeline.translation.route import names_foreign  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"
ARCHIVE = REPO.parent / "shared" / "archive" / "reuters21578.jsonl.gz"
# English written to stress identification: by hand, and from templates (scripts/make_english_stress.py).
STRESS = ("english_stress.txt", "english_stress_templated.txt")


@dataclass(frozen=True)
class Doc:
    """A document to identify and the language expected for each of its sentences (by index)."""

    name: str
    text: str
    gold: dict[int, str] | str  # one code for every sentence, or per sentence index


def english_documents() -> list[Doc]:
    """Set (a): documents whose every sentence is English."""
    docs = [Doc(p.name, p.read_text(encoding="utf-8"), "en") for p in sorted(CORPUS.glob("00[0-3]_*.txt"))]
    original = REPO / "examples" / "original.en.txt"
    docs.append(Doc("examples/original.en.txt", original.read_text(encoding="utf-8"), "en"))
    for name in STRESS:
        stress = (FIXTURES / name).read_text(encoding="utf-8")
        for n, block in enumerate(b for b in stress.split("\n\n") if b.strip()):
            docs.append(Doc(f"{name}#{n}", block, "en"))
    return docs


def reuters_documents(count: int, skip: int) -> list[Doc]:
    """Set (d): ``count`` articles of the Reuters archive after the first ``skip``."""
    import gzip
    import json

    docs: list[Doc] = []
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= skip:
                docs.append(Doc(f"reuters#{n}", json.loads(line)["text"], "en"))
            if len(docs) >= count:
                break
    return docs


def read_gold(path: Path) -> dict[str, dict[int, tuple[str, str]]]:
    """``doc<TAB>sentence index<TAB>lang<TAB>sentence text`` lines, by document."""
    gold: dict[str, dict[int, tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, index, lang, text = line.split("\t", 3)
        gold.setdefault(doc, {})[int(index)] = (lang, text)
    return gold


def mixed_documents(rules: str) -> list[Doc]:
    """Set (b): mixed documents with per-sentence gold; the gold's texts must match the segmentation."""
    sources = {"examples/repost.id.txt": REPO / "examples" / "repost.id.txt"}
    sources.update({f"corpus/{p.name}": p for p in sorted(CORPUS.glob("004_*.txt")) if not p.name.endswith(".tsv")})
    docs: list[Doc] = []
    for name, labels in read_gold(FIXTURES / "lid_gold.tsv").items():
        if name not in sources:
            continue  # the corpus is not beside this checkout
        text = sources[name].read_text(encoding="utf-8")
        sentences = segment(text, rules)
        for index, (_, expected) in labels.items():
            if sentences[index].text != expected:
                raise SystemExit(f"{name}: sentence {index} is {sentences[index].text!r}, the gold has {expected!r}")
        if len(labels) != len(sentences):
            raise SystemExit(f"{name}: {len(sentences)} sentences, the gold labels {len(labels)}")
        docs.append(Doc(name, text, {i: lang for i, (lang, _) in labels.items()}))
    return docs


def paragraph_documents() -> list[Doc]:
    """Set (c): one single-language paragraph per language."""
    docs: list[Doc] = []
    lang, lines = "", []
    for line in [*(FIXTURES / "lid_paragraphs.txt").read_text(encoding="utf-8").splitlines(), "## end"]:
        if line.startswith("## "):
            if lang:
                docs.append(Doc(f"paragraph:{lang}", "\n".join(lines) + "\n", lang))
            lang, lines = line[3:].strip(), []
        elif line.strip() and not line.startswith("#"):
            lines.append(line)
    return docs


@dataclass
class Tally:
    sentences: int = 0
    correct: int = 0
    seconds: float = 0.0
    errors: list[str] | None = None


def run(identifier: LanguageIdentifier, docs: Sequence[Doc], rules: str, keep_errors: bool) -> Tally:
    """Segment and identify every document once; time it and count agreements with the gold."""
    tally = Tally(errors=[])
    for doc in docs:
        start = time.perf_counter()
        sentences = segment(doc.text, rules)
        results = identifier.identify(doc.text, sentences)
        tally.seconds += time.perf_counter() - start
        for i, (sentence, result) in enumerate(zip(sentences, results, strict=True)):
            expected = doc.gold if isinstance(doc.gold, str) else doc.gold[i]
            tally.sentences += 1
            if result.lang == expected:
                tally.correct += 1
            elif keep_errors and tally.errors is not None:
                tally.errors.append(
                    f"  {doc.name}[{i}] {result.lang} {result.confidence:.2f} ({result.lang_source}) "
                    f"expected {expected}: {sentence.text[:100]}"
                )
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--config", type=Path, help="settings merged over configs/default.toml")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes after the cold one (default 3)")
    parser.add_argument("--verbose", action="store_true", help="list every misidentified sentence")
    parser.add_argument("--reuters", type=int, default=0, metavar="N",
                        help="also read N unseen Reuters articles from ../shared/archive (set d)")
    parser.add_argument("--reuters-skip", type=int, default=1000, metavar="N", help="articles to skip first")
    parser.add_argument("--cold-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_only:
        return cold_pass(args)
    if args.reuters and ARCHIVE.exists():
        import subprocess

        command = [sys.executable, __file__, "--cold-only", "--reuters", str(args.reuters),
                   "--reuters-skip", str(args.reuters_skip)] + (["--config", str(args.config)] if args.config else [])
        subprocess.run(command, check=True)
    settings = load_settings(args.config)
    rules = settings.segment.rules_lang
    identifier = LanguageIdentifier(settings.identify)
    sets = {
        "(a) English documents": english_documents(),
        "(b) mixed documents, gold": mixed_documents(rules),
        "(c) one paragraph per language": paragraph_documents(),
    }
    if not CORPUS.is_dir():
        print(f"note: {CORPUS} not found: corpus files left out, repository files only")
    print(f"identifier: {identifier.signature}")
    cold = time.perf_counter()
    first = {name: run(identifier, docs, rules, keep_errors=True) for name, docs in sets.items()}
    cold = time.perf_counter() - cold
    total_sentences = sum(t.sentences for t in first.values())
    passes = [sum(run(identifier, docs, rules, keep_errors=False).seconds for docs in sets.values())
              for _ in range(args.repeat)]
    for name, tally in first.items():
        wrong = tally.sentences - tally.correct
        print(f"{name}: {tally.sentences} sentences, accuracy {tally.correct / max(1, tally.sentences):.4%} "
              f"({wrong} wrong)")
        if args.verbose and tally.errors:
            print("\n".join(tally.errors))
    english = first["(a) English documents"]
    print(f"false-foreign rate on English: {(english.sentences - english.correct) / max(1, english.sentences):.4%}")
    print(f"first pass (cold, models loading): {total_sentences} sentences in {cold:.2f} s")
    if passes:
        runs = ", ".join(f"{total_sentences / p:,.0f}" for p in passes)
        print(f"steady: {total_sentences / min(passes):,.0f} sentences/s, best of {len(passes)} passes "
              f"(segmentation + identification; passes: {runs})")
    if args.reuters and ARCHIVE.exists():
        unseen(identifier, reuters_documents(args.reuters, args.reuters_skip), rules, args.verbose)
    elif args.reuters:
        print(f"note: {ARCHIVE} not found: set (d) left out")
    return 0


def cold_pass(args: argparse.Namespace) -> int:
    """A fresh process: build the identifier and read the Reuters articles once, timed from cold."""
    docs = reuters_documents(args.reuters, args.reuters_skip)
    wall, cpu = time.perf_counter(), time.process_time()
    settings = load_settings(args.config)
    identifier = LanguageIdentifier(settings.identify)
    sentences = sum(len(identifier.identify(d.text, segment(d.text, settings.segment.rules_lang))) for d in docs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"(d) Reuters, cold (fresh process, models loading): {sentences} sentences, {sentences / wall:,.0f} "
          f"sentences/s ({wall:.2f} s wall, {cpu:.2f} s CPU, {sentences / cpu:,.0f} sentences per CPU second)")
    return 0


def unseen(identifier: LanguageIdentifier, docs: Sequence[Doc], rules: str, verbose: bool) -> None:
    """Set (d): one pass, foreign verdicts counted (``und`` is no verdict)."""
    sentences = foreign = open_ = 0  # open_: English lines naming a foreign alternative (records' `alternatives`)
    seconds = 0.0
    errors: list[str] = []
    for doc in docs:
        start = time.perf_counter()
        found = segment(doc.text, rules)
        results = identifier.identify(doc.text, found)
        seconds += time.perf_counter() - start
        sentences += len(found)
        for sentence, result in zip(found, results):
            if result.lang not in ("en", "und"):
                foreign += 1
                errors.append(f"  {doc.name} {result.lang} {result.confidence:.2f}: {sentence.text[:100]!r}")
            elif result.lang == "en" and names_foreign(result.alternatives):
                open_ += 1
    print(f"(d) Reuters, unseen: {len(docs)} articles, {sentences} sentences, {sentences / seconds:,.0f} "
          f"sentences/s in one pass, false-foreign {foreign} ({foreign / max(1, sentences):.4%}); "
          f"English lines naming a foreign alternative {open_}")
    if verbose and errors:
        print("\n".join(errors))


if __name__ == "__main__":
    sys.exit(main())
