"""Translation throughput and memory: raw model calls against the mtaudit pipeline, two backends.

Four configurations on one mixed Indonesian/English document (``--sentences`` lines,
about two thirds Indonesian, from ``bench_pipeline.mixed_sentences``):

  (a) transformers ``generate`` on the Indonesian sentences, at its best batch size;
  (b) the mtaudit pipeline (segment, identify, route, translate; no cache) on transformers;
  (c) CTranslate2 int8 ``translate_batch`` on the Indonesian sentences, best batch size,
      tokenised with SentencePiece directly;
  (d) the pipeline on CTranslate2 int8, with the per-sentence checks of each translation
      (``[checks]``, ``pipeline.translation.checks``) on and the second try off: this model's output
      always runs to the length limit, so every sentence would be decoded twice;
  (e) (d) with the checks off (``--checks both``, the default; ``--checks on`` skips it),
      in the same rounds: (e)/(d) is what checking costs.

(c) and (d) run CTranslate2 with the same threads (``backend_ct2.ct2_threads``: on 2
cores two workers of one thread each, two batches decoded at once). (a), (b) and (c) run
at their backend's best batch size in a short trial; (d) at the pipeline's default
(``[translate] batch_size`` in configs/default.toml, 32), which is what ``mtaudit
translate`` runs and what bounds its memory: two batches of 64 in flight cost about
250 MB more than two of 32, for no measurable gain in speed on 2 cores.

The model has opus-mt's architecture and size (d_model 512, 6+6 layers, 8 heads, FFN
2048, 58,101-row vocabulary) with random weights, built once with the tiny builder's
code and cached. Its ``</s>`` logit is pushed far down, so every sentence is decoded
to the same fixed length (``--out-tokens``, 30) in all four configurations: the work
per sentence is the same and the rates compare. Each configuration runs in its own
process, so its peak RSS (VmHWM) is its own; model loading and the one-off CTranslate2
conversion are done before the timed region, and a warm-up batch runs first. Rounds of
the four are interleaved and each configuration's best round is reported.

Usage: PYTHONPATH=. python scripts/bench_translate.py [--sentences 2000] [--out-tokens 30]
       [--model-dir DIR] [--batch-sizes 8,16,32,64] [--repeat 2] [--budget-s 480]
       [--pipeline-ct2-batch-size N] [--checks both|on]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

MODEL_ID = "Helsinki-NLP/opus-mt-id-en"
VOCAB_ROWS = 58101  # opus-mt-id-en's vocabulary size
ARCH = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048}
EOS_BIAS = -1.0e4  # </s> never wins: decoding always runs to the length limit


# --------------------------------------------------------------------------- model


def build_bench_model(out_dir: Path, seed: int = 0) -> Path:
    """An opus-mt-size MarianMT with random weights at ``out_dir`` (kept if already built).

    The tiny builder makes the model with the real architecture and a SentencePiece
    vocabulary trained on the examples (a few hundred pieces); the vocabulary is then
    padded with dummy pieces, before ``<pad>`` which must stay last, to opus-mt's 58k
    rows, so that the embedding and output layers cost what they cost in the real model.
    """
    import torch
    from build_tiny_marian import EOS, PAD, build_tiny_marian
    from transformers import MarianMTModel

    stamp = {"arch": ARCH, "vocab_rows": VOCAB_ROWS, "eos_bias": EOS_BIAS, "seed": seed}
    stamp_file = out_dir / "bench-model.json"
    if stamp_file.is_file() and json.loads(stamp_file.read_text(encoding="utf-8")) == stamp:
        return out_dir
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    build_tiny_marian(out_dir, texts, vocab_size=8000, d_model=ARCH["d_model"], layers=ARCH["layers"],
                      heads=ARCH["heads"], ffn=ARCH["ffn"], seed=seed, max_length=512)

    vocab: dict[str, int] = json.loads((out_dir / "vocab.json").read_text(encoding="utf-8"))
    pieces = [p for p, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if p != PAD]
    pieces += [f"\u2581bench{i}" for i in range(VOCAB_ROWS - 1 - len(pieces))]
    padded = {p: i for i, p in enumerate(pieces)}
    padded[PAD] = pad_id = len(padded)
    eos_id = padded[EOS]

    model = MarianMTModel.from_pretrained(out_dir)
    old = model.get_input_embeddings().weight.detach().clone()
    model.resize_token_embeddings(VOCAB_ROWS, mean_resizing=False)
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed + 1)
        weight = model.get_input_embeddings().weight
        weight.normal_(0.0, 1.0 / math.sqrt(ARCH["d_model"]))
        weight[: len(vocab) - 1] = old[: len(vocab) - 1]
        weight[pad_id].zero_()  # the decoder starts from pad's zero embedding
        model.final_logits_bias.zero_()
        model.final_logits_bias[0, eos_id] = EOS_BIAS
    for config in (model.config, model.generation_config):
        config.pad_token_id = pad_id
        config.decoder_start_token_id = pad_id
    model.config.vocab_size = model.config.decoder_vocab_size = VOCAB_ROWS
    model.generation_config.bad_words_ids = [[pad_id]]
    model.save_pretrained(out_dir)
    (out_dir / "vocab.json").write_text(json.dumps(padded, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    stamp_file.write_text(json.dumps(stamp) + "\n", encoding="utf-8")
    return out_dir


# --------------------------------------------------------------------------- children
# Each configuration runs in a fresh interpreter (``--child NAME``) and prints one JSON line.


def _peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM: this program image only, not its parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sorted_batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[i : i + size] for i in range(0, len(order), size)]


def _raw_transformers(model_path: Path, texts: list[str], batch_size: int, out_tokens: int) -> dict[str, Any]:
    """Tokenise, ``generate`` length-sorted batches, decode: transformers used directly."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from pipeline.translation.models import cpu_threads

    torch.set_num_threads(cpu_threads())
    tokenizer = MarianTokenizer.from_pretrained(model_path)
    model = MarianMTModel.from_pretrained(model_path).eval()
    special = {tokenizer.pad_token_id, tokenizer.eos_token_id}

    def run(sample: list[str]) -> tuple[list[str], int]:
        encoded = tokenizer(sample)["input_ids"]
        out: list[str] = [""] * len(sample)
        produced = 0
        for batch in _sorted_batches([len(e) for e in encoded], batch_size):
            inputs = tokenizer.pad({"input_ids": [encoded[i] for i in batch]}, return_tensors="pt")
            with torch.inference_mode():
                # +1: transformers spends its last step on the forced </s>.
                generated = model.generate(**inputs, num_beams=1, do_sample=False, max_new_tokens=out_tokens + 1)
            produced += sum(1 for row in generated.tolist() for t in row if t not in special)
            for i, text in zip(batch, tokenizer.batch_decode(generated, skip_special_tokens=True)):
                out[i] = text
        return out, produced

    run(texts[:batch_size])
    started = time.perf_counter()
    _, produced = run(texts)
    return {"seconds": time.perf_counter() - started, "translated": len(texts), "out_tokens": produced}


def _raw_ct2(converted: Path, model_path: Path, texts: list[str], batch_size: int, out_tokens: int) -> dict[str, Any]:
    """SentencePiece, ``translate_batch`` (it sorts by length and batches itself), decode: CTranslate2 used directly.

    The threads are the pipeline backend's (``ct2_threads``: on 2 cores, two workers of
    one thread each, which ``translate_batch`` keeps busy with two batches at a time), so
    that (c) and (d) compute alike.
    """
    import ctranslate2
    import sentencepiece

    from pipeline.translation.ct2 import ct2_threads

    sp = sentencepiece.SentencePieceProcessor(model_file=str(model_path / "source.spm"))
    inter, intra = ct2_threads("cpu")
    translator = ctranslate2.Translator(str(converted), device="cpu", compute_type="int8",
                                       inter_threads=inter, intra_threads=intra)

    def run(sample: list[str]) -> tuple[list[str], int]:
        tokens = [pieces + ["</s>"] for pieces in sp.encode(sample, out_type=str)]
        results = translator.translate_batch(tokens, max_batch_size=batch_size, beam_size=1,
                                             max_decoding_length=out_tokens)
        hyps = [r.hypotheses[0] for r in results]
        return [sp.decode_pieces(h).replace("\u2581", " ").strip() for h in hyps], sum(len(h) for h in hyps)

    run(texts[:batch_size])
    started = time.perf_counter()
    _, produced = run(texts)
    return {"seconds": time.perf_counter() - started, "translated": len(texts), "out_tokens": produced}


def _pipeline(model_dir: Path, document: str, backend: str, batch_size: int, out_tokens: int,
              checks: bool = True) -> dict[str, Any]:
    """``mtaudit translate``'s path: Pipeline.build, process (segment, identify, translate), English text."""
    from pipeline.translation.cache import TranslationCache
    from pipeline.engines.local import Options, Pipeline, english_text

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "bench.toml"
        # Output length fixed as in the raw runs: ratio 0 and out_tokens + 1 (the forced </s>).
        config.write_text(f"[translate]\nmax_length_ratio = 0.0\nmax_length_extra = {out_tokens + 1}\n"
                          f"token_budget = {batch_size * 512}\n"
                          # No second try: every output of this model is cut at the limit.
                          + ("[checks]\nretry = false\n" if checks else "[checks]\nenabled = false\n"),
                          encoding="utf-8")
        options = Options(config_file=config, model_dir=model_dir, use_cache=False, batch_size=batch_size,
                          device="cpu", backend=backend, compute_type="int8")
        pipeline = Pipeline.build(options)
        warm = "\n".join(document.splitlines()[:batch_size]) + "\n"
        pipeline.process("warm-up", warm)  # loads lingua's models and the translation model
        pipeline.engine.cache = TranslationCache(None)  # forget the warm-up's translations
        started, cpu_started = time.perf_counter(), time.process_time()
        processed = pipeline.process("feed", document)
        english_text(processed)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    translated = sum(1 for s in processed.segments if s.route == MODEL_ID)
    # CPU seconds of the whole process (decoder threads included): on a shared machine
    # they vary less than the wall clock, which also counts other processes' turns.
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "translated": translated,
            "sentences": len(processed.segments),
            "out_tokens": translated * out_tokens, "signature_backend": pipeline.signature()["backend"]}


def _child(args: argparse.Namespace) -> int:
    document = Path(args.document).read_text(encoding="utf-8")
    foreign = [line.split("\t", 1)[1] for line in Path(args.foreign).read_text(encoding="utf-8").splitlines()]
    model_path = Path(args.model_dir) / MODEL_ID.replace("/", "--")
    results: dict[str, Any]
    if args.child == "prepare":
        from pipeline.translation.ct2 import convert_once, converted_path
        from pipeline.translation.route import ModelSpec

        build_bench_model(model_path)
        target = converted_path(model_path, ModelSpec(MODEL_ID), "int8", from_hf_cache=False)
        results = {"converted": str(convert_once(model_path, target, "int8"))}
    elif args.child in ("sweep-transformers", "sweep-ct2"):
        sample = foreign[: args.sample]
        results = {"rates": {}}
        for size in args.batch_sizes:
            if args.child == "sweep-transformers":
                r = _raw_transformers(model_path, sample, size, args.out_tokens)
            else:
                r = _raw_ct2(Path(args.converted), model_path, sample, size, args.out_tokens)
            results["rates"][size] = r["translated"] / r["seconds"]
    elif args.child == "a":
        results = _raw_transformers(model_path, foreign, args.batch_size, args.out_tokens)
    elif args.child == "c":
        results = _raw_ct2(Path(args.converted), model_path, foreign, args.batch_size, args.out_tokens)
    else:
        backend = "transformers" if args.child == "b" else "ctranslate2"
        results = _pipeline(Path(args.model_dir), document, backend, args.batch_size, args.out_tokens,
                            checks=args.child != "e")
    results["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(results))
    return 0


# --------------------------------------------------------------------------- parent


def _default_batch_size() -> int:
    """``[translate] batch_size`` of the default configuration: what ``mtaudit translate`` uses."""
    from pipeline.settings import DecodeOptions

    return DecodeOptions().batch_size


def _run_child(name: str, common: list[str], **extra: Any) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", name, *common]
    for key, value in extra.items():
        argv += [f"--{key.replace('_', '-')}", str(value)]
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false", HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"configuration {name} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _write_inputs(tmp: Path, sentences: list[tuple[str, str]]) -> tuple[Path, Path]:
    from bench_pipeline import mixed_document

    document = tmp / f"feed-{len(sentences)}.txt"
    # One sentence per line: the pipeline sees exactly the sentences written.
    document.write_text(mixed_document(sentences, per_paragraph=1), encoding="utf-8")
    foreign = tmp / f"foreign-{len(sentences)}.tsv"
    foreign.write_text("".join(f"{lang}\t{text}\n" for lang, text in sentences if lang != "en"), encoding="utf-8")
    return document, foreign


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000, help="sentences in the mixed document")
    parser.add_argument("--out-tokens", type=int, default=30, help="tokens decoded per sentence, all configurations")
    parser.add_argument("--model-dir", type=Path, help="where the bench model is built/kept "
                        "(default: <user cache>/mtaudit/bench-models)")
    parser.add_argument("--batch-sizes", default="8,16,32,64", help="batch sizes tried for (a) and (c)")
    parser.add_argument("--sample", type=int, default=128, help="sentences per batch-size trial")
    parser.add_argument("--pipeline-ct2-batch-size", type=int,
                        help="batch size of (d) (default: [translate] batch_size of configs/default.toml)")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved rounds of (a)-(d); the best run counts")
    parser.add_argument("--budget-s", type=float, default=480.0,
                        help="if all (a) and (b) runs at --sentences would take longer, transformers runs on fewer")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--checks", choices=("both", "on"), default="both",
                        help="both: also run (e), (d) with the checks off, to measure their cost")
    parser.add_argument("--only", metavar="LIST", help="run only these configurations, e.g. d,e (no ratios "
                        "needing the others)")
    # Internal: one configuration in this process.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--document", help=argparse.SUPPRESS)
    parser.add_argument("--foreign", help=argparse.SUPPRESS)
    parser.add_argument("--converted", help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.batch_sizes = [int(b) for b in str(args.batch_sizes).split(",")]
    if args.model_dir is None:
        import platformdirs

        args.model_dir = Path(platformdirs.user_cache_dir("mtaudit")) / "bench-models"
    if args.child:
        return _child(args)

    from bench_pipeline import mixed_sentences

    cpus = len(os.sched_getaffinity(0))
    load_before = os.getloadavg()[0]
    sentences = mixed_sentences(args.sentences, args.seed)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        document, foreign = _write_inputs(tmp, sentences)
        common = ["--model-dir", str(args.model_dir), "--out-tokens", str(args.out_tokens),
                  "--batch-sizes", ",".join(map(str, args.batch_sizes)), "--sample", str(args.sample)]
        started = time.perf_counter()
        prepared = _run_child("prepare", common, document=document, foreign=foreign)
        print(f"model ready in {time.perf_counter() - started:.0f} s: {args.model_dir}, CTranslate2 int8 copy "
              f"{prepared['converted']}", flush=True)
        common += ["--converted", prepared["converted"]]

        wanted = set(args.only.split(",")) if args.only else {"a", "b", "c", "d", *("e" if args.checks == "both" else "")}
        sweeps = {}
        # The trials only choose (a)-(c)'s batch sizes.
        for backend in [b for b, names in (("transformers", "ab"), ("ct2", "c")) if wanted & set(names)]:
            sweep = _run_child(f"sweep-{backend}", common, document=document, foreign=foreign)
            sweeps[backend] = {int(k): v for k, v in sweep["rates"].items()}
            shown = ", ".join(f"{k}: {v:.1f}" for k, v in sweeps[backend].items())
            print(f"batch-size trial, {backend} ({args.sample} sentences), sentences/s: {shown}", flush=True)
        best = {b: max(rates, key=rates.__getitem__) for b, rates in sweeps.items()}
        # (a), (b) and (c) at their backend's best trial size; (d) at the pipeline's own
        # batch size (see --pipeline-ct2-batch-size).
        pipeline_batch = args.pipeline_ct2_batch_size or _default_batch_size()
        batch = {"a": best.get("transformers", 0), "b": best.get("transformers", 0), "c": best.get("ct2", 0),
                 "d": pipeline_batch, "e": pipeline_batch}
        print(f"batch sizes: (a), (b) {batch['a']}; (c) {batch['c']}; (d), (e) {batch['d']}", flush=True)

        # (a) and (b) at the best transformers rate; fewer sentences if over the time budget.
        n_foreign = sum(1 for lang, _ in sentences if lang != "en")
        projected = 2 * args.repeat * n_foreign / sweeps["transformers"][best["transformers"]] if "transformers" in best else 0
        tf_doc, tf_foreign, tf_n = document, foreign, args.sentences
        if projected > args.budget_s:
            tf_n = max(100, int(args.sentences * args.budget_s / projected))
            tf_doc, tf_foreign = _write_inputs(tmp, sentences[:tf_n])
            print(f"{args.repeat} x (a)+(b) at {args.sentences} sentences would take about {projected / 60:.1f} min: "
                  f"transformers runs on the first {tf_n} sentences (rates per second still compare)")

        # Rounds of a, b, c, d interleaved, best run of each kept: on a shared machine a
        # busy spell then slows every configuration a little rather than one a lot.
        results: dict[str, dict[str, Any]] = {}
        cpu_best: dict[str, float] = {}  # the pipelines' fewest CPU seconds, any round
        for round_ in range(args.repeat):
            configurations = [("a", "transformers", tf_doc, tf_foreign), ("b", "transformers", tf_doc, tf_foreign),
                              ("c", "ct2", document, foreign), ("d", "ct2", document, foreign),
                              ("e", "ct2", document, foreign)]
            for name, backend, doc, fgn in configurations if round_ % 2 == 0 else configurations[::-1]:
                # Every other round in reverse: no configuration always runs right after another.
                if name not in wanted:
                    continue
                r = _run_child(name, common, document=doc, foreign=fgn, batch_size=batch[name])
                print(f"  round {round_ + 1} ({name}): {r['translated']} translated in {r['seconds']:.1f} s, "
                      f"peak RSS {r['peak_rss_mib']:.0f} MiB", flush=True)
                if name not in results or r["seconds"] < results[name]["seconds"]:
                    results[name] = r
                if "cpu_seconds" in r:
                    cpu_best[name] = min(cpu_best.get(name, math.inf), r["cpu_seconds"])

    labels = {
        "a": "(a) transformers generate, fp32",
        "b": "(b) mtaudit pipeline, transformers",
        "c": "(c) CTranslate2 translate_batch, int8",
        "d": "(d) mtaudit pipeline, CTranslate2 int8",
        "e": "(e) (d) with the checks off",
    }
    load_after = os.getloadavg()[0]
    print()
    print(f"cpus {cpus}; load average {load_before:.2f} before, {load_after:.2f} after"
          + ("  (machine shared: numbers are noisy)" if max(load_before, load_after) > cpus * 0.75 else ""))
    print(f"model: random weights, d_model {ARCH['d_model']}, {ARCH['layers']}+{ARCH['layers']} layers, "
          f"{ARCH['heads']} heads, FFN {ARCH['ffn']}, vocab {VOCAB_ROWS}; {args.out_tokens} output tokens per sentence")
    from pipeline.translation.ct2 import ct2_threads
    from pipeline.translation.models import cpu_threads

    inter, intra = ct2_threads("cpu")
    print(f"threads: transformers {cpu_threads()}; CTranslate2 {inter} worker(s) x {intra} thread(s)")
    print(f"{'configuration':40} {'batch':>5} {'translated':>10} {'seconds':>8} {'sent/s':>7} {'tok/s':>7} "
          f"{'doc sent/s':>10} {'peak RSS MiB':>12}")
    rate = {}
    for name, r in results.items():
        rate[name] = r["translated"] / r["seconds"]
        doc_rate = f"{r['sentences'] / r['seconds']:10.1f}" if "sentences" in r else f"{'':10}"
        print(f"{labels[name]:40} {batch[name]:5d} {r['translated']:10d} {r['seconds']:8.1f} {rate[name]:7.1f} "
              f"{r['out_tokens'] / r['seconds']:7.0f} {doc_rate} {r['peak_rss_mib']:12.0f}")
    print("(sent/s and tok/s count translated sentences and their output tokens; doc sent/s counts every "
          "sentence of the document, English ones passed through included)")
    for name in [n for n in "ac" if n in results]:
        expected = results[name]["translated"] * args.out_tokens
        if results[name]["out_tokens"] != expected:
            print(f"note: ({name}) produced {results[name]['out_tokens']} output tokens, not {expected}")
    print()
    for (x, y), target, what in ((("b", "a"), 0.9, "pipeline overhead, transformers"),
                                 (("d", "c"), 0.9, "pipeline overhead, CTranslate2"),
                                 (("d", "b"), 2.5, "CTranslate2 int8 pipeline over transformers pipeline"),
                                 (("c", "a"), None, "CTranslate2 int8 over transformers, raw"),
                                 (("d", "e"), 0.95, "checks on over checks off, CTranslate2 pipeline")):
        if x not in rate or y not in rate:
            continue
        ratio = rate[x] / rate[y]
        verdict = "" if target is None else (f"  target >= {target}: " + ("met" if ratio >= target else "NOT met"))
        print(f"({x})/({y}) = {ratio:5.2f}  {what}{verdict}")
    if "d" in results and "e" in results:
        cpu = cpu_best["e"] / cpu_best["d"]
        print(f"(d)/(e) by CPU seconds = {cpu:5.2f}  checks on over checks off (translated sentences per CPU second)"
              f"  target >= 0.95: {'met' if cpu >= 0.95 else 'NOT met'}")
    if "d" in results:
        rss_d = results["d"]["peak_rss_mib"]
        print(f"peak RSS (d) = {rss_d:.0f} MiB  target <= 700: {'met' if rss_d <= 700 else 'NOT met'}")
    if "b" in results and "d" in results:
        print(f"pipeline signature backend: (b) {results['b']['signature_backend']}, "
              f"(d) {results['d']['signature_backend']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
