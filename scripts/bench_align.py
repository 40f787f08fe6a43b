"""Time ``pipeline.fidelity.align`` on two synthetic ~2,000-sentence documents.

The source document is built from news-like templates with names, places and numbers;
the other is a noisy copy with sentences dropped, unrelated ones inserted, one sentence
split in two, two merged into one, synonyms swapped in and numbers reformatted, as a
spun machine translation would have them. The known true alignment lets the script
report precision and recall of the groups along with the time and peak memory.

With ``--mqm PATH`` (``../shared/mqm/ted-zhen-dev.jsonl``) it also aligns real text:
for each talk and MT system, the reference lines against the system's lines (gold:
line i with line i), and prints how many lines end up unpaired (1-0/0-1) and how many
gold pairs are found, with gap filling off (the first pass alone) and on.

Usage: PYTHONPATH=. python scripts/bench_align.py [--sentences 2000] [--seed 1] [--repeat 3] [--mqm PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.fidelity.align import align, similarity
from pipeline.settings import AlignParams

NAMES = (
    "Emmanuel Macron", "Donald Trump", "Volodymyr Zelenskiy", "Vladimir Putin", "Alexander Stubb",
    "Mark Rutte", "Friedrich Merz", "Giorgia Meloni", "Pedro Sanchez", "Donald Tusk", "Viktor Orban",
    "Keir Starmer", "Ursula von der Leyen", "Antonio Costa", "Kaja Kallas", "Marco Rubio",
    "Sergei Lavrov", "Dmitry Peskov", "Andriy Yermak", "Recep Tayyip Erdogan", "Xi Jinping",
    "Narendra Modi", "Olaf Scholz", "Mette Frederiksen", "Ulf Kristersson", "Gitanas Nauseda",
)
GROUPS = (
    "NATO", "the European Union", "the Kremlin", "the Pentagon", "the White House", "the IMF",
    "the World Bank", "the United Nations", "the Group of Seven", "the European Commission",
)
PLACES = (
    "Paris", "Kyiv", "Moscow", "Berlin", "Brussels", "Washington", "Toulon", "Pokrovsk", "Donetsk",
    "Alaska", "Warsaw", "Helsinki", "Rome", "Madrid", "London", "Ankara", "Beijing", "Geneva",
    "Kharkiv", "Odesa", "Zaporizhzhia", "Vilnius", "Riga", "Tallinn", "Budapest", "Prague",
)
ROLES = (
    "President", "Prime Minister", "Foreign Minister", "Defense Minister", "Chancellor",
    "Secretary General", "spokesman", "envoy",
)
SUBJECTS = (
    "European leaders", "allied officials", "defense ministers", "diplomats", "analysts",
    "investors", "Ukrainian commanders", "Russian forces", "lawmakers", "energy traders",
    "central bankers", "aid agencies", "military planners", "border guards", "refugees",
)
VERBS = (
    "said", "announced", "warned", "agreed", "pledged", "reported", "denied", "confirmed",
    "suggested", "insisted", "acknowledged", "argued", "predicted", "estimated",
)
ACTIONS = (
    "provide security guarantees", "tighten sanctions", "extend the ceasefire talks",
    "send more air defense systems", "cut purchases of Russian oil and gas",
    "raise military spending", "rebuild the power grid", "open a new export corridor",
    "freeze central bank assets", "deploy peacekeeping troops", "review the budget",
    "expand ammunition production", "hold a summit", "resume grain shipments",
    "train more pilots", "supply long-range missiles", "restore rail links",
    "impose tariffs on steel", "protect undersea cables", "negotiate a prisoner exchange",
)
TIMES = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
    "this month", "in May", "in August", "on Aug. 18", "earlier this year", "next spring",
)
UNITS = ("countries", "soldiers", "square kilometers", "tanks", "drones", "villages", "jets", "days")
CLOSERS = (
    "according to people familiar with the matter", "officials said", "Bloomberg reported",
    "the statement said", "according to the ministry", "a spokesperson said",
    "data showed", "according to an official familiar with the discussions",
)
SYNONYMS = {
    "said": "stated", "announced": "declared", "warned": "cautioned", "agreed": "concurred",
    "pledged": "promised", "reported": "noted", "leaders": "heads", "officials": "authorities",
    "troops": "soldiers", "talks": "negotiations", "provide": "offer", "raise": "increase",
    "send": "dispatch", "hold": "host", "meeting": "conference", "peace": "tranquility",
    "security": "safety", "week": "weekend", "according": "based", "more": "additional",
}


def _number(rng: random.Random, spaced: bool) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        n = rng.randrange(1000, 500_000)
        return f"{n:,}".replace(",", " " if spaced else ",")
    if kind == 1:
        return str(rng.randrange(2, 200))
    if kind == 2:
        return f"${rng.randrange(1, 99)}.{rng.randrange(1, 9)} billion"
    return f"{rng.randrange(0, 40)}.{rng.randrange(1, 9)}%"


def sentence(rng: random.Random) -> str:
    """One news-like sentence with names, places, numbers and usually a comma clause."""
    who = f"{rng.choice(PLACES)}'s {rng.choice(ROLES)} {rng.choice(NAMES)}"
    number = _number(rng, spaced=False)
    templates = (
        f"{who} {rng.choice(VERBS)} that {rng.choice(SUBJECTS)} would {rng.choice(ACTIONS)} "
        f"{rng.choice(TIMES)}, and {rng.choice(GROUPS)} {rng.choice(VERBS)} it could {rng.choice(ACTIONS)}.",
        f"{rng.choice(SUBJECTS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} {number} "
        f"{rng.choice(UNITS)} {rng.choice(TIMES)}, {rng.choice(CLOSERS)}.",
        f"{rng.choice(GROUPS).capitalize()} plans to {rng.choice(ACTIONS)} after talks with "
        f"{rng.choice(NAMES)} in {rng.choice(PLACES)}, and {rng.choice(SUBJECTS)} expect a decision "
        f"{rng.choice(TIMES)}.",
        f"{rng.choice(NAMES)} {rng.choice(VERBS)} {rng.choice(TIMES)} that the plan would cost "
        f"{number}, {rng.choice(CLOSERS)}.",
        f"The {rng.choice(ROLES).lower()} met {rng.choice(NAMES)} in {rng.choice(PLACES)} to "
        f"{rng.choice(ACTIONS)}, and both sides {rng.choice(VERBS)} {number} {rng.choice(UNITS)} "
        "were at stake.",
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} that {rng.choice(GROUPS)} should "
        f"{rng.choice(ACTIONS)} before {rng.choice(NAMES)} visits {rng.choice(PLACES)}.",
    )
    return rng.choice(templates)


def _spin(text: str, rng: random.Random, rate: float) -> str:
    """Swap in synonyms, lose a few words and respace thousands, as spun MT would."""
    words = []
    for word in text.split(" "):
        core = word.rstrip(".,")
        if core in SYNONYMS and rng.random() < rate:
            word = SYNONYMS[core] + word[len(core) :]
        elif core.islower() and rng.random() < rate / 8:
            continue
        if len(core) > 4 and core[0].isdigit() and "," in core:
            word = word.replace(",", " ", core.count(","))
        words.append(word)
    return " ".join(words)


def _split(text: str) -> tuple[str, str] | None:
    """Cut a sentence in two at its clause boundary, as translation engines do."""
    head, comma, tail = text.partition(", and ")
    if not comma or len(tail) < 30:
        return None
    return head + ".", tail[0].upper() + tail[1:]


@dataclass(frozen=True)
class Pair:
    """Two documents and the alignment that made one from the other."""

    original: list[str]
    repost: list[str]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]


def make_documents(
    sentences: int, seed: int, *, drop: float = 0.05, insert: float = 0.05, split: float = 0.04,
    merge: float = 0.04, spin: float = 0.8,
) -> Pair:
    """A source document of ``sentences`` sentences and a noisy copy, with the true groups."""
    rng = random.Random(seed)
    original = [sentence(rng) for _ in range(sentences)]
    repost: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = 0
    while i < sentences:
        if rng.random() < insert:
            gold.append(((), (len(repost),)))
            repost.append(sentence(rng))
        roll = rng.random()
        pieces = _split(original[i])
        if roll < drop:
            gold.append(((i,), ()))
            i += 1
        elif roll < drop + split and pieces is not None:
            gold.append(((i,), (len(repost), len(repost) + 1)))
            repost.extend(_spin(p, rng, spin) for p in pieces)
            i += 1
        elif roll < drop + split + merge and i + 1 < sentences:
            fused = original[i].rstrip(".") + ", while " + original[i + 1][0].lower() + original[i + 1][1:]
            gold.append(((i, i + 1), (len(repost),)))
            repost.append(_spin(fused, rng, spin))
            i += 2
        else:
            gold.append(((i,), (len(repost),)))
            repost.append(_spin(original[i], rng, spin))
            i += 1
    return Pair(original, repost, gold)


def precision_recall(
    found: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    gold: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
) -> tuple[float, float]:
    """Share of found groups that are gold, and of gold groups that were found."""
    hits = len(set(found) & set(gold))
    return hits / max(len(found), 1), hits / max(len(gold), 1)


def audit_without_mt(pair: Pair) -> tuple[float, float, int]:
    """Wall and CPU seconds to align and compare the pair as documents (English repost: no
    model), and the number of divergences found."""
    from pipeline.fidelity.compare import compare
    from pipeline.text.segment import segment
    from pipeline.types import Segment

    original_text, repost_text = "\n".join(pair.original), "\n".join(pair.repost)
    started, cpu_started = time.perf_counter(), time.process_time()
    original = segment(original_text)
    repost = [Segment(s, "en", 1.0, "passthrough", s.text) for s in segment(repost_text)]
    groups = align([s.text for s in original], [s.translation for s in repost])
    found = compare(original_text, original, repost_text, repost, groups)
    return time.perf_counter() - started, time.process_time() - cpu_started, len(found)


def mqm_documents(path: Path) -> list[tuple[list[str], list[str]]]:
    """(reference lines, system lines) per talk and system of an MQM split, in segment order."""
    by_doc: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_doc[(row["talk"], row["system"])].append(row)
    documents = []
    for rows in by_doc.values():
        rows.sort(key=lambda row: int(str(row["seg"])))
        documents.append(([str(r["ref"]) for r in rows], [str(r["hyp"]) for r in rows]))
    return documents


def mqm_report(path: Path) -> None:
    """Print unpaired lines and gold pairs found on an MQM split, gap filling off and on."""
    documents = mqm_documents(path)
    lines = sum(len(ref) for ref, _ in documents)
    print(f"MQM {path.name}: {len(documents)} documents (talk x system), {lines} lines each side")
    for label, params in (("first pass only", AlignParams(gap_sentences=0, gap_pair_sentences=0)), ("with gap filling", AlignParams())):
        alone_o = alone_r = gold = 0
        for ref, hyp in documents:
            groups = align(ref, hyp, params=params)
            alone_o += sum(1 for g in groups if not g.repost)
            alone_r += sum(1 for g in groups if not g.original)
            gold += sum(1 for g in groups if len(g.original) == 1 and g.original == g.repost)
        print(f"  {label}: 1-0 {alone_o}, 0-1 {alone_r}, gold 1-1 pairs found {gold}/{lines} ({gold / lines:.1%})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    parser.add_argument("--mqm", type=Path, help="an MQM split (JSON lines) to align too")
    args = parser.parse_args(argv)

    pair = make_documents(args.sentences, args.seed)
    timings, cpu = [], []
    for _ in range(max(args.repeat, 1)):
        started, cpu_started = time.perf_counter(), time.process_time()
        groups = align(pair.original, pair.repost)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)

    started = time.perf_counter()
    pairs = list(zip(pair.original, pair.repost))[:1000]
    for a, b in pairs:
        similarity(a, b)
    per_pair = (time.perf_counter() - started) / max(len(pairs), 1)

    # Tracing allocations slows Python code several times over: measure memory in a
    # second run rather than in the timed one.
    tracemalloc.start()
    align(pair.original, pair.repost)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The audit's own work past translation: align, then compare every group.
    audits = [audit_without_mt(pair) for _ in range(max(args.repeat, 1))]
    audit_seconds, audit_cpu, divergences = min(audits)

    precision, recall = precision_recall([(g.original, g.repost) for g in groups], pair.gold)
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"original {len(pair.original)} sentences, repost {len(pair.repost)} sentences")
    runs = ", ".join(f"{t:.2f}" for t in timings)
    # CPU time too: on shared cores the wall clock also counts other processes' turns.
    print(f"align: best {min(timings):.2f} s wall, {min(cpu):.2f} s CPU (wall runs: {runs})")
    print(f"{len(groups)} groups")
    print(f"precision {precision:.4f}, recall {recall:.4f}")
    print(f"similarity: {per_pair * 1e3:.3f} ms per pair (standalone)")
    audit_runs = ", ".join(f"{wall:.2f}" for wall, _, _ in audits)
    print(f"align + compare (MT excluded): best {audit_seconds:.2f} s wall, {audit_cpu:.2f} s CPU "
          f"(wall runs: {audit_runs}), {divergences} divergences")
    print(f"peak traced memory {peak / 2**20:.1f} MiB, max RSS {maxrss_mib:.1f} MiB")
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.mqm is not None:
        mqm_report(args.mqm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
