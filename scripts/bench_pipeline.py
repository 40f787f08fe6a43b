"""Throughput of the stages around translation: segmentation, language identification, alignment.

Segmentation and identification run on one mixed Indonesian/English document of
``--sentences`` sentences made from the repo's examples (see ``mixed_sentences``);
alignment runs on two synthetic documents of that many sentences from
``scripts/bench_align.py``'s generator. Each timing is the best of ``--repeat`` runs
after a warm-up (lingua loads its language models on first use).

``--cold-example N`` instead times the README's first command (the audit of the bundled
example with its translation memory) N times, each in a fresh process as a user runs it,
imports and model loads included: wall and CPU seconds (the process's own and its
threads', which a shared machine inflates less than wall) of each run, then the minimum
and the median. The report goes to a pipe, so it is JSON, as with ``-o``. Python's
bytecode is cached as in any install (``PYTHONDONTWRITEBYTECODE`` is dropped for the runs,
and an uncounted first run writes it): a user pays compiling the sources once, not per
run. ``--compile-each-run`` keeps the environment's setting instead.

Usage: PYTHONPATH=. python scripts/bench_pipeline.py [--sentences 2000] [--repeat 3] [--seed 1]
       PYTHONPATH=. python scripts/bench_pipeline.py --cold-example 5
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

_NUMBER = re.compile(r"\d+")


def _example_sentences() -> tuple[list[str], list[str]]:
    """Indonesian and English sentences of the examples (TM pairs, repost, original)."""
    from pipeline.text.segment import segment

    indonesian: set[str] = set()
    english: set[str] = set()
    for line in (EXAMPLES / "repost.tm.tsv").read_text(encoding="utf-8").splitlines():
        source, _, target = line.partition("\t")
        if source.strip() and target.strip():
            indonesian.add(source.strip())
            english.add(target.strip())
    for s in segment((EXAMPLES / "original.en.txt").read_text(encoding="utf-8")):
        english.add(s.text)
    # The repost's own English sentences are left out: which are English is its test.
    return sorted(indonesian - english), sorted(english)


def _vary(text: str, rng: random.Random) -> str:
    """A distinct but same-language variant: other numbers, two neighbouring words swapped."""
    text = _NUMBER.sub(lambda m: str(rng.randrange(2, 10 ** max(2, len(m.group())))), text)
    words = text.split(" ")
    if len(words) > 4:
        i = rng.randrange(1, len(words) - 2)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def mixed_sentences(n: int, seed: int = 1, foreign_share: float = 2 / 3) -> list[tuple[str, str]]:
    """``n`` distinct (lang, sentence) pairs, about ``foreign_share`` Indonesian, shuffled.

    Built from the examples' sentences with numbers and word order varied, so that no
    sentence repeats (a repeat would be translated once and flatter the pipeline).
    """
    indonesian, english = _example_sentences()
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < n:
        lang, pool = ("id", indonesian) if rng.random() < foreign_share else ("en", english)
        text = _vary(rng.choice(pool), rng)
        if text not in seen:
            seen.add(text)
            out.append((lang, text))
    return out


def mixed_document(sentences: Sequence[tuple[str, str]], per_paragraph: int = 4) -> str:
    """A document of the sentences, ``per_paragraph`` to a line, so sentencex splits inside lines."""
    lines = [" ".join(t for _, t in sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]
    return "\n".join(lines) + "\n"


def _best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any, list[float]]:
    """Best time of ``repeat`` runs after a warm-up, the last result, and all the times."""
    run()  # warm-up: lingua loads its models lazily, sentencex its rules
    times: list[float] = []
    result = None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result, times


def _runs(times: Sequence[float]) -> str:
    return "runs " + ", ".join(f"{t:.3f}" for t in times) + " s"


# The README's first command, after its install steps.
COLD_EXAMPLE = ["audit", "examples/original.en.txt", "examples/repost.id.txt", "--tm", "examples/repost.tm.tsv"]
_ENTRY = "import sys; from pipeline.cli import entry; sys.argv[0] = 'mtaudit'; sys.exit(entry())"


def cold_example(runs: int, compile_each_run: bool = False) -> int:
    """Time the README's first command ``runs`` times, each in a fresh process of this checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if not compile_each_run:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    walls: list[float] = []
    cpus: list[float] = []
    print(f"cpus {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f} (shared machine if > cpus)")
    print("mtaudit " + " ".join(COLD_EXAMPLE) + ("  (sources compiled each run)" if "PYTHONDONTWRITEBYTECODE" in env
                                                 else "  (bytecode cached, as installed)"))
    for run in range(0 if "PYTHONDONTWRITEBYTECODE" not in env else 1, runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _ENTRY, *COLD_EXAMPLE], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):  # 1: divergences found, as the example has
            print(done.stderr, file=sys.stderr)
            return done.returncode
        if run == 0:  # the uncounted run that writes the bytecode
            walls.pop(), cpus.pop()
            continue
        print(f"run {run}: wall {walls[-1]:.3f} s, cpu {cpus[-1]:.3f} s")
    print(f"wall: min {min(walls):.3f} s, median {statistics.median(walls):.3f} s (target <= 1.5 s cold)")
    print(f"cpu:  min {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-example", type=int, metavar="N", default=0,
                        help="time the README's first command N times, each in a fresh process, and nothing else")
    parser.add_argument("--compile-each-run", action="store_true",
                        help="with --cold-example: keep PYTHONDONTWRITEBYTECODE as set (sources compiled per run when 1)")
    args = parser.parse_args(argv)
    if args.cold_example:
        return cold_example(args.cold_example, args.compile_each_run)

    from pipeline.settings import Settings
    from pipeline.text.langid import LanguageIdentifier
    from pipeline.text.segment import segment

    settings = Settings()
    identifier = LanguageIdentifier(settings.identify)
    rules = settings.segment.rules_lang

    feed = mixed_sentences(args.sentences, args.seed)
    text = mixed_document(feed)
    seg_time, sentences, seg_runs = _best_of(args.repeat, lambda: segment(text, rules))
    id_time, identified, id_runs = _best_of(args.repeat, lambda: identifier.identify(text, sentences))
    n = len(sentences)
    written = dict((t, lang) for lang, t in feed)
    kept = [(written[s.text], i.lang) for s, i in zip(sentences, identified) if s.text in written]
    agree = sum(1 for lang, found in kept if lang == found)

    print(f"cpus {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f} (shared machine if > cpus)")
    print(f"document: {len(feed)} sentences written, {n} segmented, {len(text):,} characters")
    print(f"segmentation:   {seg_time:7.3f} s  {n / seg_time:10,.0f} sentences/s ({_runs(seg_runs)})")
    print(f"identification: {id_time:7.3f} s  {n / id_time:10,.0f} sentences/s "
          f"({_runs(id_runs)}; labels agree with the generator's on {agree} of the {len(kept)} sentences "
          "segmented as written)")
    both = seg_time + id_time
    print(f"segmentation + identification: {both:7.3f} s  {n / both:10,.0f} sentences/s (target >= 3,000)")

    try:
        from bench_align import make_documents
    except ImportError:
        print("alignment: skipped (scripts/bench_align.py not found)")
    else:
        from pipeline.fidelity.align import align

        pair = make_documents(args.sentences, args.seed)
        align_time, groups, align_runs = _best_of(args.repeat, lambda: align(pair.original, pair.repost))
        print(f"alignment: {align_time:7.3f} s for {len(pair.original)} x {len(pair.repost)} sentences, "
              f"{len(groups)} groups ({_runs(align_runs)})")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
