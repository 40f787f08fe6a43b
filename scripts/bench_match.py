"""Measure ``mtaudit match`` on the Reuters-21578 archive: accuracy, false matches, speed.

Builds an index over ``../shared/archive/reuters21578.jsonl.gz`` (14,979 real
articles, hard-wrapped), then makes reposts of a random sample of them with the
synthetic generator's edits (``tests/synth.py``: synonym spinning, changed numbers and
names, dropped and inserted sentences):

* ``spun``: the whole article, spun, with a few meaning edits;
* ``paraphrased``: the whole article, every sentence spun harder and its numbers
  reformatted (about as far from the original as a machine translation back);
* ``partial``: a contiguous part (a third to two thirds) of the article, spun;
* ``reordered``: the article's paragraphs in another order, spun;
* ``merged``: the first half of one article followed by the first half of another
  (the longer part cut to twice the shorter);
* ``unseen``: reposts (spun, or paraphrased) of articles held out of the index: the
  index holds other stories on their subjects, the hardest negatives;
* ``none``: text that is in no archive: the synthetic generator's articles (spun),
  news-like template documents of ``scripts/bench_align.py``, the seed corpus and
  the bundled example.

* ``long-spun``, ``long-paraphrased``, ``long-merged``, ``long-none``: reposts of 15-30
  sentences (issue 22): Reuters articles of 15-30 sentences spun or paraphrased, the
  first halves of two of them, and template documents of 15-30 sentences in no
  archive. They are drawn from their own random stream (``--seed`` + 1), so the
  figures of the kinds above stay those of issue 16 for a seed.

Reposts are English, as they would be after translation: query latency excludes
translation by design. The query time's p50/p95 are printed for all reposts and per
kind. The cold start is measured in fresh processes (``--cold``): the first repost
matched after opening the index, and through a pipeline (segmentation and language
identification, no translation model) over the first 100 reposts, with the languages of
``../shared/tatoeba`` mixed in as reposts of their own: the first repost's time, the
slowest of the rest, and the up-front model load (``preload``) reported apart. Top-1 is right when the source id is the record's ``match``
or one of the ``equivalents`` the record lists with it: archived texts sharing 80% or
more of the word 3-grams of the shorter of the two (``near_duplicate`` in ``[match]``;
Reuters re-issues stories under new ids with a line changed or a paragraph added, and
the repost's text cannot tell which of the two it copies). Also printed: ``id only``
(the match's id is the source, equivalents ignored) and the benchmark's own 3-gram
test of the match against the source (``3-gram check``), which needs no listing.
``--verbose`` prints each miss: the kind, the sources, what was listed, the figures.

``--only long`` matches the long kinds alone (the same reposts as a whole run of the
seed: the held-out articles are drawn first all the same). ``--runs N`` matches them N
times in the process and prints the p50/p95 per kind of the first run (every original
met for the first time, as in a feed) and the best of the runs (other jobs on the
machine slow some runs; by then recurring originals' features are cached; accuracy is
the first run's). ``--only long --runs 3`` gives the long-repost and cold-start figures
of issue 22 in about two minutes.

Usage: PYTHONPATH=. python scripts/bench_match.py [--sample 200] [--long 100] [--only long] [--runs 1] [--index PATH]
       [--seed 7] [--verbose]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import synth  # noqa: E402
from bench_align import sentence as template_sentence  # noqa: E402

from pipeline.settings import load_settings  # noqa: E402
from pipeline.archive.store import ArchiveIndex, iter_archive  # noqa: E402
from pipeline.archive.matching import match_sentences, original_sentences  # noqa: E402
from pipeline.text.segment import segment  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "archive" / "reuters21578.jsonl.gz"
CORPUS = ROOT.parent / "shared" / "corpus"
TATOEBA = ROOT.parent / "shared" / "tatoeba"
# Configured languages with a Tatoeba file (ISO 639-3 as Tatoeba names them).
TATOEBA_LANGS = ("fra", "deu", "spa", "rus", "ind", "ita", "por", "nld", "pol", "tur", "jpn", "kor", "ara", "vie",
                 "ukr", "cmn")
NEGATIVE = ("none", "unseen", "long-none")  # kinds whose right answer is no match


@dataclass(frozen=True)
class Repost:
    """A generated repost: its kind, English sentences, and the archive ids it copies."""

    kind: str
    sentences: list[str]
    sources: tuple[str, ...]


def edited(rng: random.Random, sentences: Sequence[str], heavy: bool = False) -> list[str]:
    """Spin most sentences, change a number or a name, drop one sentence, insert one.

    ``heavy``: every sentence spun with up to five synonyms, its numbers rewritten in
    another locale's format, and its words shuffled and dropped (``garble``): about as
    far from the original as a machine translation back into English (the aligner
    scores the seed corpus's two independent translations of one story at 0.64).
    """
    out: list[str] = []
    for s in sentences:
        edit = rng.random()
        if edit < 0.1:
            result = synth.change_number(rng, s) or synth.swap_entity(rng, s)
            s = result[0] if result else s
        if heavy:
            result = synth.reformat_numbers(rng, s)
            s = result[0] if result else s
        if heavy or rng.random() < 0.7:
            result = synth.spin(rng, s, 5 if heavy else 2)
            s = result[0] if result else s
        out.append(garble(rng, s) if heavy else s)
    if len(out) > 4:
        del out[rng.randrange(len(out))]
    out.insert(rng.randrange(len(out) + 1), rng.choice(synth.DISTRACTORS))
    return out


def garble(rng: random.Random, s: str, rate: float = 0.2) -> str:
    """Drop about ``rate`` of the words and swap about as many neighbours (MT-like word order)."""
    tokens = [t for k, t in enumerate(s.split()) if k == 0 or rng.random() >= rate]
    for k in range(len(tokens) - 1):
        if rng.random() < rate:
            tokens[k], tokens[k + 1] = tokens[k + 1], tokens[k]
    return " ".join(tokens)


def paragraphs(text: str) -> list[list[str]]:
    """The article's paragraphs, each a list of sentences."""
    grouped: dict[int, list[str]] = {}
    for sentence in segment(text):
        grouped.setdefault(sentence.paragraph, []).append(sentence.text)
    return list(grouped.values())


def make_reposts(articles: dict[str, str], sample: int, rng: random.Random) -> list[Repost]:
    """``sample`` reposts of each kind from the archive, and ``sample`` of nothing in it."""
    ids = sorted(articles)
    long_ids = [i for i in ids if len(paragraphs(articles[i])) >= 3 and len(original_sentences(articles[i])) >= 5]
    reposts: list[Repost] = []
    for doc in rng.sample(ids, sample):
        reposts.append(Repost("spun", edited(rng, original_sentences(articles[doc])), (doc,)))
    for doc in rng.sample(ids, sample):
        reposts.append(Repost("paraphrased", edited(rng, original_sentences(articles[doc]), heavy=True), (doc,)))
    for doc in rng.sample(long_ids, sample):
        sents = original_sentences(articles[doc])
        size = max(2, int(len(sents) * rng.uniform(0.34, 0.67)))
        start = rng.randrange(len(sents) - size + 1)
        reposts.append(Repost("partial", edited(rng, sents[start : start + size]), (doc,)))
    for doc in rng.sample(long_ids, sample):
        paras = paragraphs(articles[doc])
        order = list(range(len(paras)))
        while order == sorted(order):
            rng.shuffle(order)
        reposts.append(Repost("reordered", edited(rng, [s for k in order for s in paras[k]]), (doc,)))
    for _ in range(sample):
        a, b = rng.sample(long_ids, 2)
        pa, pb = paragraphs(articles[a]), paragraphs(articles[b])
        # The first half of each, in paragraphs, the longer part cut to twice the shorter:
        # each original is a substantial share of the repost.
        sa = [s for p in pa[: max(2, (len(pa) + 1) // 2)] for s in p]
        sb = [s for p in pb[: max(2, (len(pb) + 1) // 2)] for s in p]
        most = 2 * min(len(sa), len(sb))
        merged = sa[:most] + sb[:most]
        reposts.append(Repost("merged", edited(rng, merged), (a, b)))
    reposts.extend(Repost("none", s, ()) for s in unarchived(rng, sample))
    return reposts


def long_reposts(articles: dict[str, str], sample: int, rng: random.Random) -> list[Repost]:
    """Reposts of 15-30 sentences: long articles spun or paraphrased, two merged, templates in no archive."""
    ids = [i for i in sorted(articles) if 15 <= len(original_sentences(articles[i])) <= 30]
    reposts: list[Repost] = []
    for kind, heavy in (("long-spun", False), ("long-paraphrased", True)):
        for doc in rng.sample(ids, sample):
            reposts.append(Repost(kind, edited(rng, original_sentences(articles[doc]), heavy), (doc,)))
    for _ in range(sample):
        a, b = rng.sample(ids, 2)
        sa, sb = original_sentences(articles[a]), original_sentences(articles[b])
        reposts.append(Repost("long-merged", edited(rng, sa[: (len(sa) + 1) // 2] + sb[: (len(sb) + 1) // 2]), (a, b)))
    reposts.extend(Repost("long-none", [template_sentence(rng) for _ in range(rng.randint(15, 30))], ())
                   for _ in range(sample))
    return reposts


def tatoeba_reposts(count: int) -> list[tuple[str, str]]:
    """One repost of ``count`` sentences per language of ``TATOEBA_LANGS`` found in ../shared/tatoeba."""
    docs = []
    for lang in TATOEBA_LANGS:
        path = TATOEBA / f"tatoeba.{lang}-eng.{lang}"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()[:count]
            docs.append((f"tatoeba-{lang}", "\n".join(lines)))
    return docs


class Echo:
    """A stand-in translator that returns its input: the cold start counts when models load, not what they say."""

    model_calls = 0
    settings: dict[str, object] = {}

    def __init__(self, spec: object) -> None:
        self.spec = spec

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.model_calls += 1
        return list(texts)


def cold_run(index_path: Path, reposts_path: Path, preload: bool) -> dict[str, float]:
    """In a fresh process: the first repost matched, and the first 100 through a pipeline (see the docstring)."""
    with ArchiveIndex.open(index_path) as index:
        reposts = json.loads(reposts_path.read_text(encoding="utf-8"))
        params = load_settings(None).match
        start = time.perf_counter()
        match_sentences(index, reposts[0]["sentences"], params)
        first_query = time.perf_counter() - start
        from pipeline.archive.reposts import preload as preload_models
        from pipeline.engines.local import Options, Pipeline

        loads: list[float] = []  # when each translation model was loaded

        def factory(spec: object) -> Echo:
            loads.append(time.perf_counter())
            return Echo(spec)

        # A pool that keeps a model per language: a feed with more languages than
        # --max-models reloads models whatever is loaded up front.
        pipeline = Pipeline.build(Options(use_cache=False, max_models=len(TATOEBA_LANGS)), translator_factory=factory)
        docs = [(r["doc"], r["text"]) for r in reposts]
        start = time.perf_counter()
        if preload:
            preload_models(pipeline, docs)
        load = time.perf_counter() - start
        times, first_done = [], 0.0
        for doc, text in docs:
            start = time.perf_counter()
            processed = pipeline.process(doc, text)  # segment, identify, translate: what loads models
            match_sentences(index, [seg.translation or seg.sentence.text for seg in processed.segments], params)
            times.append(time.perf_counter() - start)
            first_done = first_done or time.perf_counter()
    return {"first_query": first_query, "preload": load, "first_repost": times[0],
            "slowest_of_next_70": max(times[1:71]), "slowest_after_first": max(times[1:]), "reposts": len(times),
            "models_before": sum(1 for t in loads if t <= first_done), "models_after": sum(1 for t in loads if t > first_done)}


def cold_start(index_path: Path, reposts: Sequence[Repost], workdir: str) -> None:
    """Print the cold-start figures, each from fresh processes, with and without the up-front load."""
    docs = [{"doc": f"r{k}", "sentences": r.sentences, "text": " ".join(r.sentences)} for k, r in enumerate(reposts[:90])]
    # The languages early: the pauses they cause are what an up-front load removes.
    docs[1:1] = [{"doc": d, "sentences": [t], "text": t} for d, t in tatoeba_reposts(8)]
    path = Path(workdir) / "cold.json"
    path.write_text(json.dumps(docs[:100]), encoding="utf-8")
    for preload in (False, True):
        command = [sys.executable, __file__, "--cold-run", str(index_path), str(path)] + (["--preload"] if preload else [])
        out = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ).stdout
        f = json.loads(out.splitlines()[-1])
        print(f"cold start{' (models loaded up front)' if preload else ''}: first query in a fresh process "
              f"{f['first_query'] * 1000:.0f} ms; through the pipeline, load {f['preload']:.2f} s, first repost "
              f"{f['first_repost'] * 1000:.0f} ms, slowest of the next 70 {f['slowest_of_next_70'] * 1000:.0f} ms "
              f"(of all {f['reposts'] - 1}: {f['slowest_after_first'] * 1000:.0f} ms); translation models loaded "
              f"by the end of the first repost {f['models_before']}, after it {f['models_after']}")


def unarchived(rng: random.Random, count: int) -> list[list[str]]:
    """English documents that are in no archive: synthetic reposts, templates, the corpus."""
    docs: list[list[str]] = [original_sentences(p.read_text(encoding="utf-8"))
                             for p in sorted(CORPUS.glob("00[0-3]_*.txt")) + [ROOT / "examples" / "original.en.txt"]]
    docs += [synth.generate(seed).repost for seed in range(count // 3)]
    while len(docs) < count:
        docs.append([template_sentence(rng) for _ in range(rng.randint(6, 20))])
    return docs[:count]


def shingles(text: str) -> set[tuple[str, ...]]:
    """Word 3-grams of a text, lowercased: the usual near-duplicate fingerprint."""
    tokens = text.lower().split()
    return {tuple(tokens[k : k + 3]) for k in range(max(1, len(tokens) - 2))}


def same_story(a: str, b: str, texts: dict[str, str]) -> bool:
    """The same id, or archived texts of which one is 80% or more in the other (word 3-grams)."""
    if a == b:
        return True
    x, y = shingles(texts[a]), shingles(texts[b])
    return len(x & y) >= 0.8 * min(len(x), len(y))


def correct(found: str | None, sources: Sequence[str], texts: dict[str, str], strict: bool) -> bool:
    """The match is a source (``strict``), or else an archived near-duplicate of one."""
    if found is None:
        return False
    return any(found == s if strict else same_story(found, s, texts) for s in sources)


def fit_calibration(rows: Sequence[tuple[float, float, float, float, bool]]) -> list[float]:
    """Logistic regression of "is a version" on (repost_share, original_share, mean_score, numbers_agree).

    Newton's method; gives ``bias``, ``share_weight``, ``cover_weight``,
    ``score_weight`` and ``number_weight`` of ``[match]``. A small ridge keeps the weights finite when the
    two classes separate perfectly.
    """
    import numpy as np

    x = np.array([[1.0, *features] for *features, _ in rows])
    y = np.array([1.0 if row[-1] else 0.0 for row in rows])
    w = np.zeros(x.shape[1])
    ridge = np.diag([0.0] + [1.0] * (x.shape[1] - 1))
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + ridge @ w
        hessian = (x.T * (p * (1 - p))) @ x + ridge
        w -= np.linalg.solve(hessian, gradient)
    return [float(v) for v in w]


def print_sweep(sweep: Sequence[tuple[str, float, bool]], sizes: Sequence[int], kinds: Sequence[str]) -> None:
    """Per threshold: false matches on the negatives, near-duplicate-aware top-1 on the rest."""
    size = dict(zip(kinds, sizes))
    for threshold in (0.1, 0.25, 0.35, 0.5, 0.7):
        cells = []
        for kind in kinds:
            if kind in NEGATIVE:
                wrong = sum(1 for k, c, right in sweep if k == kind and c >= threshold and not right)
                cells.append(f"{kind} false {wrong / size[kind]:.3f}")
            else:
                hits = sum(1 for k, c, right in sweep if k == kind and c >= threshold and right)
                cells.append(f"{kind} {hits / size[kind]:.3f}")
        print(f"threshold {threshold:.2f}: " + ", ".join(cells))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="reposts of each kind (default 200)")
    parser.add_argument("--index", type=Path, help="index file to build (default: a temporary file)")
    parser.add_argument("--long", type=int, help="long reposts (15-30 sentences) of each long kind (default sample/2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=("all", "long"), default="all",
                        help="long: the long kinds alone (the issue-22 speed figures), same reposts as a whole run")
    parser.add_argument("--runs", type=int, default=1,
                        help="match every repost this many times; per-kind p50/p95 are the best of the runs")
    parser.add_argument("--dump", type=Path, help="write each repost's features and outcome as JSONL")
    parser.add_argument("--config", type=Path, help="settings merged over configs/default.toml ([match])")
    parser.add_argument("--threshold", type=float, help="confidence threshold (default from [match])")
    parser.add_argument("--verbose", action="store_true", help="print each miss and each false match")
    parser.add_argument("--fit", action="store_true",
                        help="fit the confidence calibration on the candidates and print it for [match]")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start measurement")
    parser.add_argument("--cold-run", nargs=2, type=Path, metavar=("INDEX", "REPOSTS"), help=argparse.SUPPRESS)
    parser.add_argument("--preload", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_run:
        print(json.dumps(cold_run(*args.cold_run, args.preload)))
        return 0
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="bench_match.")
    path = args.index or Path(workdir) / "reuters.mtaudit-index"
    if path.exists():
        path.unlink()

    if args.only == "all":
        start = time.perf_counter()
        with ArchiveIndex.create(path) as index:
            stats = index.update(iter_archive(str(ARCHIVE)))
            index.optimize()
        build = time.perf_counter() - start
        build_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"index: {stats.added} documents in {build:.1f} s, {path.stat().st_size / 1e6:.1f} MB, "
              f"peak RSS after build {build_rss:.0f} MB")

    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as fh:
        articles = {d["id"]: d["text"] for d in map(json.loads, fh)}
    # Held-out articles: their reposts are of nothing in the index, but the index holds
    # other stories on the same subjects (the hard negatives).
    held_out = set(rng.sample(sorted(articles), args.sample))
    if path.exists():
        path.unlink()
    with ArchiveIndex.create(path) as index:
        index.update(r for r in iter_archive(str(ARCHIVE)) if r.doc not in held_out)
        index.optimize()
    texts = {doc: articles[doc] for doc in held_out}
    archived = {k: v for k, v in articles.items() if k not in held_out}
    reposts = []
    if args.only == "all":
        reposts += [Repost("unseen", edited(rng, original_sentences(articles[doc]), heavy=k % 2 == 1), (doc,))
                    for k, doc in enumerate(sorted(held_out))]
        reposts += make_reposts(archived, args.sample, rng)
    reposts += long_reposts(archived, args.sample // 2 if args.long is None else args.long, random.Random(args.seed + 1))
    del articles  # the queries read originals from the index only

    params = load_settings(args.config).match
    if args.threshold is not None:
        params = replace(params, threshold=args.threshold)
    latencies: list[float] = []
    cpu: list[float] = []  # CPU time: what a query costs when the machine is shared
    per_kind: dict[str, list[tuple[float, float]]] = {}
    sweep: list[tuple[str, float, bool]] = []
    tallies: dict[str, list[int]] = {}
    strays = [0, 0]  # further originals listed (past the first) that are no source of the repost; all of them
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    calibration: list[tuple[float, float, float, float, bool]] = []
    with ArchiveIndex.open(path) as index:
        for r in reposts:
            for s in r.sources:
                if s not in texts:
                    texts[s] = index.text(s)
        for r in reposts:
            t0, c0 = time.perf_counter(), time.process_time()
            result = match_sentences(index, r.sentences, params)
            latencies.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            per_kind.setdefault(r.kind, []).append((latencies[-1], cpu[-1]))
            found = [c.id for c, _ in result.originals]
            listed = [result.sources(k) for k in range(len(found))]  # each original with its equivalents
            for doc in [c.id for c in result.ranked] if args.fit else [i for ids in listed for i in ids]:
                if doc not in texts:
                    texts[doc] = index.text(doc)
            tally = tallies.setdefault(r.kind, [0, 0, 0, 0, 0])
            if r.kind not in NEGATIVE:
                strays[0] += sum(1 for ids in listed[1:] if not any(same_story(i, s, texts) for i in ids for s in r.sources))
                strays[1] += max(0, len(listed) - 1)
            tally[0] += 1
            if r.kind in ("none", "long-none"):
                tally[1] += result.best is not None
                missed = result.best is not None
            elif r.kind == "unseen":  # a match is false unless to an archived near-duplicate
                missed = result.best is not None and not same_story(result.best.id, r.sources[0], texts)
                tally[1] += missed
            else:
                tally[1] += correct(found[0] if found else None, r.sources, texts, strict=True)
                tally[2] += correct(found[0] if found else None, r.sources, texts, strict=False)
                top1 = bool(listed) and any(s in listed[0] for s in r.sources)
                tally[3] += top1
                every = all(any(s in ids for ids in listed) for s in r.sources)
                tally[4] += every
                missed = not top1 or (r.kind.endswith("merged") and not every)
            if args.verbose and missed:
                print(f"MISS {r.kind}: sources {list(r.sources)}, listed {[list(ids) for ids in listed]}, "
                      f"reason {result.reason!r}, candidates "
                      f"{[(c.id, round(c.repost_share, 2), round(c.original_share, 2), round(c.mean_score, 2)) for c in result.ranked[:4]]}")
            if result.ranked:  # for the threshold sweep: the top candidate, and whether it is right
                top = result.ranked[0]
                if top.id not in texts:
                    texts[top.id] = index.text(top.id)
                right = any(same_story(top.id, s, texts) for s in r.sources)
                sweep.append((r.kind, top.confidence(params), right))
            if args.fit:
                for c in result.ranked:
                    if c.aligned and c.pairs:
                        calibration.append((c.repost_share, c.original_share, c.mean_score, c.numbers_agree,
                                            any(same_story(c.id, s, texts) for s in r.sources)))
            if dump:
                record = result.to_record(r.kind, top=params.candidates * 2)
                record["sources"] = list(r.sources)
                record["ms"] = round(latencies[-1] * 1000, 2)
                record["aligned"] = sum(1 for c in result.ranked if c.aligned)
                record["sentences"] = r.sentences
                dump.write(json.dumps(record) + "\n")
        runs = [per_kind]  # per run: kind -> (wall, CPU) per repost
        for _ in range(args.runs - 1):
            runs.append({})
            for r in reposts:
                t0, c0 = time.perf_counter(), time.process_time()
                match_sentences(index, r.sentences, params)
                runs[-1].setdefault(r.kind, []).append((time.perf_counter() - t0, time.process_time() - c0))
    if dump:
        dump.close()

    for kind, (n, strict, lenient, top1, every) in tallies.items():
        if kind in NEGATIVE:
            print(f"{kind:10s} n={n:4d}  false matches {strict / n:.3f}")
            continue
        line = (f"{kind:10s} n={n:4d}  top-1 {top1 / n:.3f} (id only {strict / n:.3f}, "
                f"3-gram check {lenient / n:.3f})")
        if kind.endswith("merged"):
            line += f"  both originals listed {every / n:.3f}"
        print(line)
    print(f"further originals listed (past the first): {strays[1]}, of which no source of the repost: {strays[0]}")
    print_sweep(sweep, [n for n, *_ in tallies.values()], list(tallies))
    if args.fit:
        bias, share, cover, score, number = fit_calibration(calibration)
        print(f"calibration on {len(calibration)} aligned candidates: bias = {bias:.2f}, share_weight = {share:.2f}, "
              f"cover_weight = {cover:.2f}, score_weight = {score:.2f}, number_weight = {number:.2f}")
    for name, values in (("wall", latencies), ("CPU", cpu)):
        ms = sorted(x * 1000 for x in values)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        print(f"query (translation excluded), {name} time: p50 {statistics.median(ms):.1f} ms, "
              f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms")
    # The first run meets every original for the first time, as a feed mostly does; later
    # runs find the features of recurring originals cached (best of runs: the quietest).
    views = [("", runs)] if args.runs == 1 else [("first run", runs[:1]), (f"best of {args.runs} runs", runs)]
    for title, chosen in views:
        if title:
            print(f"per kind, {title}:")
        for kind in per_kind:
            cells = []
            for name, column in (("wall", 0), ("CPU", 1)):
                p50s, p95s = [], []
                for run in chosen:
                    ms = sorted(pair[column] * 1000 for pair in run[kind])
                    p50s.append(statistics.median(ms))
                    p95s.append(ms[min(len(ms) - 1, int(0.95 * len(ms)))])
                cells.append(f"{name} p50 {min(p50s):.1f} p95 {min(p95s):.1f}")
            sizes = [len(r.sentences) for r in reposts if r.kind == kind]
            print(f"  {kind:17s} ({min(sizes)}-{max(sizes)} sentences): " + ", ".join(cells) + " ms")
    if not args.no_cold:
        cold_start(path, [r for r in reposts if r.kind.startswith("long-")], workdir)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(includes the benchmark's own copy of the archive for making reposts)")
    if not args.index:
        os.remove(path)
        for leftover in Path(workdir).iterdir():
            leftover.unlink()
        os.rmdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
