"""Flag rates of the per-sentence checks (``pipeline.translation.checks``) and what checking costs.

Three feeds:

  * model: a mixed Indonesian/English feed (``bench_pipeline.mixed_sentences``) translated
    by the random opus-mt-size benchmark model of ``bench_translate`` on the CTranslate2
    int8 pipeline. Its output is degenerate by construction (random weights, ``</s>``
    pushed down so every sentence runs to the length limit): most sentences should be
    flagged;
  * seed 004 of ``../shared/corpus`` with its reference-English TM, and
  * the bundled example (``examples/repost.id.txt``) with ``examples/repost.tm.tsv``:
    faithful translations, of which (almost) none should be flagged.

Cost, on the model feed, same process and model, rounds interleaved, best of each kept:
sentences per second of the pipeline with checks off, with checks on (no second try),
and with checks and the second try; and the checks alone over the translations
(sentences per second checked). ``bench_translate.py`` (d)/(e) measures the same
on-versus-off ratio in separate processes.

Usage: PYTHONPATH=. python scripts/bench_checks.py [--sentences 400] [--out-tokens 30] [--repeat 2]
       [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

CORPUS = ROOT.parent / "shared" / "corpus"
TM_FEEDS = {
    "seed 004 + reference TM": (CORPUS / "004_eb108ecf421ed17b.txt", CORPUS / "004_eb108ecf421ed17b.reference-en.tsv"),
    "example + its TM": (ROOT / "examples" / "repost.id.txt", ROOT / "examples" / "repost.tm.tsv"),
}
MODES = {
    "off": "[checks]\nenabled = false\n",
    "checks": "[checks]\nretry = false\n",
    "checks+retry": "",
}


def _flag_rates(segments: Sequence[Any]) -> tuple[int, dict[str, int], int]:
    """Checked sentences (model or TM translations), sentences failing each check, and retried ones."""
    from pipeline.translation.checks import CHECKS

    checked = [s for s in segments if s.route not in ("passthrough", "untranslatable")]
    per_check = {name: sum(1 for s in checked if name in s.checks) for name in CHECKS}
    return len(checked), per_check, sum(1 for s in checked if s.retried)


def _print_rates(label: str, segments: Sequence[Any]) -> None:
    n, per_check, retried = _flag_rates(segments)
    flagged = sum(1 for s in segments if s.checks)
    shown = ", ".join(f"{k} {v / max(1, n):.0%}" for k, v in per_check.items())
    print(f"{label}: {n} translations checked, {flagged} flagged ({flagged / max(1, n):.0%}); {shown}"
          + (f"; {retried} retried" if retried else ""))


def _pipeline(model_dir: Path, config: Path, batch_size: int) -> Any:
    from pipeline.engines.local import Options, Pipeline

    options = Options(config_file=config, model_dir=model_dir, use_cache=False, batch_size=batch_size,
                      device="cpu", backend="ctranslate2", compute_type="int8")
    return Pipeline.build(options)


def _timed_run(model_dir: Path, config: Path, batch_size: int, document: str, warm: str) -> tuple[float, Any]:
    from pipeline.translation.cache import TranslationCache

    pipeline = _pipeline(model_dir, config, batch_size)
    pipeline.process("warm-up", warm)  # lingua's models, the translation model, wordfreq's lists
    pipeline.engine.cache = TranslationCache(None)
    started = time.perf_counter()
    processed = pipeline.process("feed", document)
    return time.perf_counter() - started, processed


def _check_only_rate(segments: Sequence[Any], cfg: Any, repeat: int) -> float:
    """Sentences checked per second, the checks alone (caches of word frequencies warm)."""
    from pipeline.translation.checks import Candidate, run_checks

    checked = [s for s in segments if s.route not in ("passthrough", "untranslatable")]
    candidates = [Candidate(s.sentence.text, s.translation, s.lang, "length-cap" in s.checks) for s in checked]
    best = float("inf")
    for _ in range(repeat + 1):
        started = time.perf_counter()
        for c in candidates:
            run_checks(c, cfg)
        best = min(best, time.perf_counter() - started)
    return len(candidates) / best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400, help="sentences in the model feed")
    parser.add_argument("--out-tokens", type=int, default=30, help="tokens decoded per sentence (first try)")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved rounds; the best of each mode counts")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model-dir", type=Path, help="where the bench model is built/kept "
                        "(default: <user cache>/mtaudit/bench-models)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.model_dir is None:
        import platformdirs

        args.model_dir = Path(platformdirs.user_cache_dir("mtaudit")) / "bench-models"

    from bench_pipeline import mixed_document, mixed_sentences
    from bench_translate import MODEL_ID, build_bench_model

    from pipeline.settings import CheckConfig
    from pipeline.engines.local import Options, Pipeline

    # Faithful feeds first: they need no model.
    for label, (repost, tm) in TM_FEEDS.items():
        if not repost.exists():
            print(f"{label}: {repost} missing, skipped")
            continue
        pipeline = Pipeline.build(Options(tm_file=tm, use_cache=False))
        processed = pipeline.process(str(repost), repost.read_text(encoding="utf-8"))
        _print_rates(label, processed.segments)

    build_bench_model(args.model_dir / MODEL_ID.replace("/", "--"))
    sentences = mixed_sentences(args.sentences, args.seed)
    document = mixed_document(sentences, per_paragraph=1)
    warm = "\n".join(document.splitlines()[: args.batch_size]) + "\n"
    seconds: dict[str, float] = {}
    outputs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        configs = {}
        for mode, checks in MODES.items():
            configs[mode] = Path(tmp) / f"{mode}.toml"
            # The first try runs to a fixed length, as in bench_translate (ratio 0, out_tokens + </s>).
            configs[mode].write_text(f"[translate]\nmax_length_ratio = 0.0\nmax_length_extra = {args.out_tokens + 1}\n"
                                     f"token_budget = {args.batch_size * 512}\n{checks}", encoding="utf-8")
        for round_ in range(args.repeat):
            for mode in MODES:
                took, processed = _timed_run(args.model_dir, configs[mode], args.batch_size, document, warm)
                print(f"  round {round_ + 1} ({mode}): {len(processed.segments)} sentences in {took:.1f} s", flush=True)
                if took < seconds.get(mode, float("inf")):
                    seconds[mode], outputs[mode] = took, processed

    print()
    _print_rates(f"model feed ({args.sentences} sentences, random opus-mt-size model, checks, first try)",
                 outputs["checks"].segments)
    _print_rates("model feed, checks and second try", outputs["checks+retry"].segments)
    n = len(outputs["off"].segments)
    rate = {mode: n / s for mode, s in seconds.items()}
    check_rate = _check_only_rate(outputs["checks"].segments, CheckConfig(), args.repeat)
    cpus = len(os.sched_getaffinity(0))
    print(f"cpus {cpus}; load average {os.getloadavg()[0]:.2f}"
          + ("  (machine shared: numbers are noisy)" if os.getloadavg()[0] > cpus * 0.75 else ""))
    for mode in MODES:
        print(f"pipeline, CTranslate2 int8, {mode:13}: {rate[mode]:7.1f} sentences/s ({seconds[mode]:.1f} s)")
    print(f"checks alone: {check_rate:9.0f} sentences/s checked")
    cost = 1 - rate["checks"] / rate["off"]
    print(f"cost of checking: {cost:+.1%} of pipeline throughput (target < 5%: {'met' if cost < 0.05 else 'NOT met'}); "
          f"checks alone would be {rate['off'] / check_rate:.1%}")
    print(f"cost of the second try on this degenerate feed (every sentence capped, so every one retried): "
          f"{1 - rate['checks+retry'] / rate['checks']:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
