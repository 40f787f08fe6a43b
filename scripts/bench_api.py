"""The Python API in a loop: ``pipeline.translate`` called once per document, as a script
translating a feed item by item calls it.

The model has opus-mt's architecture and size (``bench_translate.build_bench_model``:
random weights, built once and cached), so loading it costs what loading a real opus-mt
model costs. Each call translates a two-sentence Indonesian document, decoding two
tokens a sentence (``[translate] max_length_ratio = 0``, ``max_length_extra = 2``) with
no second try (``[checks] retry = false``): what is measured is the cost of a call, not
of decoding. The first call's time (model loading included) and the median of the
others are reported, for each backend asked for.

Usage: PYTHONPATH=. python scripts/bench_api.py [--calls 10] [--backends transformers,ctranslate2]
       [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MODEL_ID = "Helsinki-NLP/opus-mt-id-en"  # bench_translate's model
DOCUMENT = ("Pemerintah mengumumkan anggaran baru untuk sekolah pada hari Selasa. Menteri Keuangan mengatakan "
            "bahwa dana tersebut akan dicairkan bulan depan.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--backends", default="transformers,ctranslate2")
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.model_dir is None:
        import platformdirs

        args.model_dir = Path(platformdirs.user_cache_dir("mtaudit")) / "bench-models"
    if args.build_only:
        from bench_translate import build_bench_model

        build_bench_model(args.model_dir / MODEL_ID.replace("/", "--"))
        return 0
    # Built in a child: the builder's imports change how transformers initialises a model it
    # loads, and this process must load models as a user's does.
    subprocess.run([sys.executable, __file__, "--build-only", "--model-dir", str(args.model_dir)], check=True)

    import tempfile

    import pipeline

    config = Path(tempfile.mkdtemp()) / "short.toml"
    config.write_text("[translate]\nmax_length_ratio = 0.0\nmax_length_extra = 2\n[checks]\nretry = false\n",
                      encoding="utf-8")
    for backend in args.backends.split(","):
        options = pipeline.Options(model_dir=args.model_dir, use_cache=False, backend=backend, config_file=config)
        times = []
        for n in range(args.calls):
            started = time.perf_counter()
            result = pipeline.translate(f"doc-{n}", options, text=DOCUMENT)
            times.append(time.perf_counter() - started)
            assert {s.route for s in result.segments} == {MODEL_ID}, [s.route for s in result.segments]
        rest = statistics.median(times[1:]) if len(times) > 1 else float("nan")
        print(f"{backend}: {args.calls} calls in {sum(times):.2f} s; first {times[0]:.2f} s, "
              f"then median {rest:.3f} s a call")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
