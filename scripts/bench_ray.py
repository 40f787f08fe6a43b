"""The Ray engine against the local engine: end-to-end time and memory per process kind.

Both engines run ``mtaudit translate FEED --format jsonl`` as a fresh process on the
same JSONL feed (``--docs`` documents of three sentences, about two thirds Indonesian,
from ``bench_pipeline.mixed_sentences``), with the opus-mt-size random-weight model of
``bench_translate`` (fixed 30 output tokens per sentence), no cache, on the backend
asked for. The wall time is end to end: start-up, language-ID and model loading, and
for Ray the local cluster's start. While each runs, every process it spawned is
sampled from ``/proc`` (four times a second) and its resident set recorded, grouped by
kind: the driver, Ray's prepare and translate actors, and Ray's own services. The two
outputs are compared record for record: the same records must come in the same order;
the script counts translations that differ (the engines batch differently, and on a
full-size model float rounding can then change a token).

Usage: PYTHONPATH=. python scripts/bench_ray.py [--docs 600] [--ray-cpus 2]
       [--backend ctranslate2] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_pipeline import mixed_sentences  # noqa: E402
from bench_translate import MODEL_ID, build_bench_model  # noqa: E402

OUT_TOKENS = 30


def _children(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _kind(pid: int, root: int) -> str:
    if pid == root:
        return "driver"
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    for name in ("PrepareActor", "TranslateActor"):
        if name in cmd:
            return name
    return "ray services and idle workers"


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``, sampling its process tree's memory; wall time and peaks by process kind."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict[str, float] = {}
    peak_total = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_total
        while not done.is_set():
            total = 0.0
            for pid in _children(proc.pid):
                rss = _rss_mib(pid)
                kind = _kind(pid, proc.pid)
                peaks[kind] = max(peaks.get(kind, 0.0), rss)
                total += rss
            peak_total = max(peak_total, total)
            done.wait(0.25)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    peaks.pop("gone", None)
    return {"seconds": seconds, "peaks": peaks, "peak_total": peak_total}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--ray-cpus", type=int, default=2)
    parser.add_argument("--backend", default="ctranslate2", choices=("ctranslate2", "transformers"))
    parser.add_argument("--model-dir", type=Path, default=Path(tempfile.gettempdir()) / "mtaudit-bench-models")
    args = parser.parse_args()

    build_bench_model(args.model_dir / MODEL_ID.replace("/", "--"))
    sentences = mixed_sentences(args.docs * 3)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as fh:
            for n in range(args.docs):
                text = " ".join(t for _, t in sentences[3 * n : 3 * n + 3])
                fh.write(json.dumps({"id": f"doc-{n}", "text": text}, ensure_ascii=False) + "\n")
        config = Path(tmp) / "bench.toml"
        config.write_text(f"[translate]\nmax_length_ratio = 0.0\nmax_length_extra = {OUT_TOKENS + 1}\n", encoding="utf-8")
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("".join(feed.read_text(encoding="utf-8").splitlines(keepends=True)[:5]), encoding="utf-8")
        options = ["--format", "jsonl", "--no-cache", "-q", "--model-dir", str(args.model_dir), "--config", str(config),
                   "--backend", args.backend] + (["--compute-type", "int8"] if args.backend == "ctranslate2" else [])
        translate = [sys.executable, "-m", "pipeline", "translate"]
        # Converts the model for CTranslate2 once, before timing (both engines reuse it).
        subprocess.run([*translate, str(warm), *options, "-o", os.devnull], cwd=ROOT, check=True)
        base = [*translate, str(feed), *options]
        results = {
            "local": run([*base, "-o", str(Path(tmp) / "local.jsonl")]),
            "ray": run([*base, "-o", str(Path(tmp) / "ray.jsonl"), "--engine", "ray", "--ray-cpus", str(args.ray_cpus)]),
        }
        local = (Path(tmp) / "local.jsonl").read_text(encoding="utf-8").splitlines()
        ray = (Path(tmp) / "ray.jsonl").read_text(encoding="utf-8").splitlines()
        n_sent = len(local)
        differ = sum(a != b for a, b in zip(local, ray)) + abs(len(local) - len(ray))
        keys = [(json.loads(a)["doc"], json.loads(a)["id"]) for a in local] == [
            (json.loads(b)["doc"], json.loads(b)["id"]) for b in ray]
    print(f"{args.docs} documents, {n_sent} sentences, backend {args.backend}, {OUT_TOKENS} output tokens, "
          f"Ray local cluster of {args.ray_cpus} CPUs")
    print(f"  same records in the same order: {keys}; records whose translation differs: {differ} "
          "(float rounding differs with batch shape: see the README)")
    for name, r in results.items():
        peaks = ", ".join(f"{k} {v:.0f}" for k, v in sorted(r["peaks"].items()))
        print(f"  {name:5s} {r['seconds']:6.1f} s  {n_sent / r['seconds']:6.1f} sentences/s  "
              f"peak RSS MiB: all processes {r['peak_total']:.0f} ({peaks})")
    return 0 if keys else 1


if __name__ == "__main__":
    raise SystemExit(main())
