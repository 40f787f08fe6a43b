"""Command-line interface: the only module that prints, picks exit codes and sets up logging.

Exit codes: 0 success; 1 the run finished but something failed (a record of a batch,
a threshold, ``--fail-on``); 2 usage or input errors that stopped the run.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from pipeline import __version__
from dataclasses import replace

from pipeline.fidelity.report import Report, audit
from pipeline.fidelity.compare import SEVERITIES
from pipeline.errors import ModelNotFoundError, MtauditError
from pipeline.fidelity.gate import DocResult, Thresholds, format_github, format_json, format_text, junit_xml, read_manifest, score_files
from pipeline.render.text import render_json, render_markdown, render_text
from pipeline.engines.batch import translate_local
from pipeline.io.inputs import PARQUET_SUFFIXES, Record, input_kind, iter_records
from pipeline.io.outputs import Sink, write_atomic
from pipeline.engines.local import Options, Pipeline, english_text
from pipeline.translation.engine import MODEL_UNAVAILABLE, model_unavailable
from pipeline.archive.store import ArchiveIndex
from pipeline.archive.matching import MatchedRepost, MatchParams

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

# What `mtaudit --help` tells a user (the module docstring above is for developers).
DESCRIPTION = """\
Translate documents that mix languages into English (MarianMT, Helsinki-NLP opus-mt),
and check a translated or reposted article against its English original: which names,
numbers, negations or sentences changed, were dropped or were left untranslated.

  mtaudit translate article.txt               English text of a mixed-language file
  mtaudit audit original.en.txt repost.txt    report where the repost departs
  mtaudit score source.en.txt translated.txt  chrF/BLEU/TER with pass/fail thresholds

Run `mtaudit COMMAND --help` for a command's options."""

EPILOG = """\
exit status: 0 success; 1 the run finished but something failed (a record, a
threshold, --fail-on); 2 usage or input error (one line on stderr).
Models download on first use; offline, fetch one with `hf download MODEL`, or pass
--model-dir DIR or --tm FILE."""


class UsageError(MtauditError):
    """Arguments that do not fit together (argparse cannot express every rule)."""


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("translation")
    group.add_argument("--tm", type=Path, metavar="FILE", help="translation memory: TSV source<TAB>english, or JSONL")
    group.add_argument("--model-dir", type=Path, metavar="DIR", help="directory holding local copies of the models")
    group.add_argument("--cache", type=Path, metavar="PATH", help="translation cache file (default: user cache dir)")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    group.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where to run the model (default auto)")
    group.add_argument("--batch-size", type=int, metavar="N", help="sentences per model call at most")
    group.add_argument("--num-beams", type=int, metavar="N", help="beam size (default 1: greedy)")
    group.add_argument("--backend", choices=("auto", "transformers", "ctranslate2"), default="auto",
                       help="decoder (default auto: ctranslate2 when installed, else transformers)")
    group.add_argument("--compute-type", choices=("auto", "int8", "int16", "float32", "float16"), default="auto",
                       help="ctranslate2 precision (default auto: int8 on CPU, float16 on GPU)")
    group.add_argument("--max-models", type=int, default=2, metavar="N",
                       help="translation models kept loaded at once, least recently used dropped (default 2)")
    group.add_argument("--config", type=Path, metavar="TOML", help="settings merged over configs/default.toml")
    group.add_argument("--registry", type=Path, metavar="TOML", help="language -> model registry (default models/registry.toml)")
    group.add_argument("--strict", action="store_true",
                       help="a translation model that cannot be loaded stops the run (exit 2) instead of "
                            "leaving its sentences untranslated, flagged model-unavailable (exit 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or warnings")


def _options(args: argparse.Namespace) -> Options:
    return Options(
        config_file=args.config,
        registry_file=args.registry,
        tm_file=args.tm,
        model_dir=args.model_dir,
        cache_path=args.cache,
        use_cache=not args.no_cache,
        batch_size=args.batch_size,
        num_beams=args.num_beams,
        device=args.device,
        max_models=args.max_models,
        backend=args.backend,
        compute_type=args.compute_type,
        strict=args.strict,
    )


def _error(message: str) -> None:
    print(f"mtaudit: error: {message}", file=sys.stderr)


@contextmanager
def _progress(total: int | None, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="sent", file=sys.stderr, leave=False) as bar:
        yield bar.update


def _records(args: argparse.Namespace) -> Iterator[Record]:
    for path in args.inputs:
        yield from iter_records(path, input_kind(path, args.input_format), args.text_field)


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None and str(args.output).lower().endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "jsonl" if args.engine == "ray" else "text"


def cmd_translate(args: argparse.Namespace) -> int:
    """``mtaudit translate``: documents in, English out (text, or a record per sentence)."""
    options = _options(args)
    fmt = _output_format(args)
    if args.engine == "ray" and fmt == "text":
        raise UsageError("--engine ray writes records: --format jsonl or parquet")
    seen = [0]

    def counted(records: Iterator[Record]) -> Iterator[Record]:
        for record in records:
            seen[0] += 1
            yield record

    records = counted(_records(args))
    # Look ahead one record: a lone input that fails is an error of the run (exit 2).
    first = list(itertools.islice(records, 2))
    single = len(first) == 1
    records = itertools.chain(first, records)
    sink = Sink(fmt, args.output)
    failed = 0
    counts: dict[str, int] = {}
    check_counts: dict[str, int] = {}  # sentences failing each check, and retried ones
    try:
        if args.engine == "ray":
            from pipeline.engines.ray import translate_ray

            for out in translate_ray(options, records, address=args.ray_address, num_cpus=args.ray_cpus,
                                     max_chars=args.max_chars):
                if "error" in out:
                    failed += 1
                    _raise_or_warn(out["error"], single)
                elif model_unavailable(out.get("flag")):
                    counts[MODEL_UNAVAILABLE] = counts.get(MODEL_UNAVAILABLE, 0) + 1
                else:
                    route = out["route"] if out["route"] in ("passthrough", "tm", "untranslatable") else "translated"
                    counts[route] = counts.get(route, 0) + 1
                    for name in [*out.get("checks", []), *(["retried"] if out.get("retried") else [])]:
                        check_counts[name] = check_counts.get(name, 0) + 1
                sink.record(out)
            summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
        else:
            pipeline = Pipeline.build(options)
            if args.max_chars is not None:
                pipeline.config.setdefault("limits", {})["max_chars"] = args.max_chars
            with _progress(None, args.quiet) as tick:
                for outcome in translate_local(pipeline, records, tick):
                    if outcome.processed is None:
                        failed += 1
                        _raise_or_warn(outcome.error or "", single)
                    if fmt != "text":
                        for out in outcome.records():
                            sink.record(out)
                    elif outcome.processed is not None:
                        if not single:
                            sink.text(f"==> {outcome.record.doc} <==\n")
                        body = english_text(outcome.processed)
                        sink.text(body if body.endswith("\n") else body + "\n")
            summary = ", ".join(f"{n} {k}" for k, n in pipeline.engine.counts.items())
            summary += f"; {pipeline.engine.pool.total_model_calls()} model call(s)"
            check_counts = pipeline.engine.check_counts
            counts = pipeline.engine.counts
        sink.close()
    except BaseException:
        sink.abort()
        raise
    if args.stats:
        print(f"mtaudit: {seen[0]} document(s), {failed} failed; sentences: {summary}",
              file=sys.stderr)
        flagged = ", ".join(f"{n} {k}" for k, n in check_counts.items() if n) or "none"
        print(f"mtaudit: checks failed: {flagged}", file=sys.stderr)
    # Sentences passed through because their model is missing: the run went on, but not all of it was translated.
    return EXIT_FAILED if failed or counts.get(MODEL_UNAVAILABLE) else EXIT_OK


def _raise_or_warn(error: str, single: bool) -> None:
    if single:
        raise MtauditError(error)
    _error(error)


def _emit(text: str, output: Path | None, stream: TextIO | None = None) -> None:
    if output is None or str(output) == "-":
        (stream or sys.stdout).write(text)
        (stream or sys.stdout).flush()
    else:
        write_atomic(output, text)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _render(report: Report, fmt: str, min_severity: str) -> str:
    data = report.to_dict()
    texts = {"original": report.original.text, "repost": report.repost.document.text}
    if fmt == "json":
        return render_json(data)
    if fmt == "md":
        return render_markdown(data, min_severity=min_severity, texts=texts)
    if fmt == "html":
        from pipeline.render.html import render_html

        return str(render_html(data))
    return render_text(data, colour=_stdout_is_terminal() and not os.environ.get("NO_COLOR"),
                       min_severity=min_severity, texts=texts)


def cmd_audit(args: argparse.Namespace) -> int:
    """``mtaudit audit ORIGINAL REPOST``: where the repost departs from the original."""
    fmt = args.format or ("text" if args.output is None and _stdout_is_terminal() else "json")
    report = audit(args.original, args.repost, _options(args))
    # A person at a terminal sees what needs attention first; files keep everything.
    to_terminal = fmt == "text" and args.output is None and _stdout_is_terminal()
    min_severity = args.min_severity or ("major" if to_terminal else "info")
    _emit(_render(report, fmt, min_severity), args.output)
    if args.fail_on and report.fails(args.fail_on):
        return EXIT_FAILED
    if any(model_unavailable(seg.flag) for seg in report.repost.segments):
        return EXIT_FAILED  # the report is written, but some of the repost could not be translated
    return EXIT_OK


def _score_one(pipeline: Pipeline, source: str, translated: str, thresholds: Thresholds,
               baseline: str | None) -> DocResult:
    try:
        return score_files(pipeline, source, translated, thresholds, baseline)
    except ModelNotFoundError:
        raise  # the same for every document: stop with its one-line remedy
    except MtauditError as exc:
        return DocResult(source, translated, 0.0, 0.0, 100.0, (), {}, (), error=str(exc))


def cmd_score(args: argparse.Namespace) -> int:
    """``mtaudit score``: fidelity scores with thresholds and CI-friendly output."""
    if args.pairs:
        if args.source or args.translated or args.ref or args.hyp:
            raise UsageError("--pairs replaces SOURCE_EN TRANSLATED (and --ref/--hyp)")
        jobs = read_manifest(args.pairs)
    else:
        source = args.ref or args.source
        translated = args.hyp or args.translated
        if not source or not translated:
            raise UsageError("give SOURCE_EN TRANSLATED, --ref SOURCE_EN --hyp ENGLISH, or --pairs MANIFEST")
        jobs = [(source, translated)]
    thresholds = Thresholds.load(args.thresholds, {
        "min_chrf": args.min_chrf, "min_bleu": args.min_bleu, "max_ter": args.max_ter, "fail_on": args.fail_on,
        "max_flagged": args.max_flagged,
    })
    options = replace(_options(args), assume_english=bool(args.hyp))
    pipeline = Pipeline.build(options)
    results = [_score_one(pipeline, s, t, thresholds, args.baseline) for s, t in jobs]
    render = {"text": format_text, "json": format_json, "github": format_github}[args.format]
    _emit(render(results), args.output)
    if args.junit:
        write_atomic(args.junit, junit_xml(results))
    if any(r.error for r in results) and len(results) == 1:
        return EXIT_ERROR
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def cmd_index(args: argparse.Namespace) -> int:
    """``mtaudit index ARCHIVE... -o INDEX``: build or extend a search index of English originals."""
    from pipeline.archive.store import build_index

    stats = build_index(args.archives, args.output, args.input_format, args.text_field, args.id_field,
                        args.optimize, on_unreadable=None if args.quiet else _error)
    if not args.quiet:
        print(f"mtaudit: {args.output}: {stats.added} added, {stats.changed} changed, {stats.unchanged} unchanged, "
              f"{stats.failed} unreadable; {stats.documents} document(s) indexed", file=sys.stderr)
    return EXIT_FAILED if stats.failed else EXIT_OK


def cmd_match(args: argparse.Namespace) -> int:
    """``mtaudit match REPOSTS... --index INDEX``: which archived original(s) each repost is a version of."""
    from pipeline.archive.matching import audit_pairs
    from pipeline.render.match_page import audit_index_page

    index = ArchiveIndex.open(args.index)
    pipeline = Pipeline.build(_options(args))
    params = MatchParams.from_config(pipeline.config)
    if args.k is not None:
        params = replace(params, candidates=args.k)
    html_dir: Path | None = None if args.audit is None or str(args.audit).lower().endswith(".jsonl") else args.audit
    sink = Sink("jsonl", args.output)
    audits = Sink("jsonl", args.audit) if args.audit is not None and html_dir is None else None
    pages: list[dict[str, object]] = []
    failed = 0
    try:
        for matched, fields in _matched_reposts(args, pipeline, index, params):
            if matched.error:
                _error(matched.error if matched.error.startswith(matched.doc) else f"{matched.doc}: {matched.error}")
            # A repost partly passed through for want of a model was matched, but not on all of its text.
            failed += bool(matched.error or matched.unavailable)
            sink.record(matched.to_record(params.candidates, fields))
            if args.audit is None or matched.result is None:
                continue
            for report, (original, _) in zip(audit_pairs(pipeline, index, matched), matched.result.originals):
                data = report.to_dict()
                data["match"] = matched.result.listed(original)
                if audits is not None:
                    audits.record(data)
                elif html_dir is not None:
                    from pipeline.render.html import render_html

                    page = f"{len(pages) + 1:04d}.html"
                    write_atomic(html_dir / page, render_html(data))
                    pages.append({"repost": matched.doc, "original": original.id, "page": page,
                                  "divergences": len(report.divergences), "worst": report.worst(),
                                  **original.figures(params)})
        sink.close()
        if audits is not None:
            audits.close()
    except BaseException:
        sink.abort()
        if audits is not None:
            audits.abort()
        raise
    finally:
        index.close()
    if html_dir is not None:
        write_atomic(html_dir / "index.html", audit_index_page(pages))
    return EXIT_FAILED if failed else EXIT_OK


def _matched_reposts(args: argparse.Namespace, pipeline: Pipeline, index: ArchiveIndex,
                     params: MatchParams) -> Iterator[tuple[MatchedRepost, dict[str, object]]]:
    """Each repost translated (in this process, or on Ray) and matched, with its carried fields."""
    from pipeline.archive.matching import match_document, match_rows

    if args.engine != "ray":
        for record in _records(args):
            if record.text is None:
                yield MatchedRepost(record.doc, None, None, error=record.error or f"{record.doc}: unreadable"), record.fields
            else:
                yield match_document(pipeline, index, record.doc, record.text, params), record.fields
        return
    from pipeline.engines.ray import translate_ray

    texts: dict[str, str] = {}  # as read, for --audit; dropped once matched (bounded by Ray's window)

    def kept(records: Iterator[Record]) -> Iterator[Record]:
        for r in records:
            if r.text is not None:
                texts[r.doc] = r.text
            yield r

    rows = translate_ray(_options(args), kept(_records(args)), address=args.ray_address, num_cpus=args.ray_cpus)
    for matched, fields in match_rows(index, rows, texts, params):
        yield matched, fields
        texts.pop(matched.doc, None)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = argparse.ArgumentParser(prog="mtaudit", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mtaudit {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="translate, audit or score")

    p = sub.add_parser("translate", help="translate mixed-language documents into English",
                       description="Translate documents into English sentence by sentence: English passes "
                                   "through, other languages go to their opus-mt model (or the --tm).")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text files, JSONL (.jsonl), Parquet (.parquet), RSS/Atom feeds (.rss, .atom, .xml), or - for stdin")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--format", choices=("text", "jsonl", "parquet"),
                   help="English text, or one record per sentence as JSONL or Parquet "
                        "(default: parquet for -o *.parquet, else text; jsonl with --engine ray)")
    p.add_argument("--input-format", choices=("auto", "text", "jsonl", "parquet", "feed"), default="auto",
                   help="how to read the inputs (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--max-chars", type=int, metavar="N",
                   help="characters per document at most (default from [limits] in the config; 0: none)")
    p.add_argument("--stats", action="store_true", help="print what happened to each sentence on stderr")
    group = p.add_argument_group("scale-out (pip install 'mtaudit[ray]')")
    group.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: this process (default); ray: Ray Data actor pools, one per model")
    group.add_argument("--ray-address", metavar="ADDR", help="join this Ray cluster (e.g. auto, ray://head:10001); "
                                                          "default: start a local one")
    group.add_argument("--ray-cpus", type=int, metavar="N", help="CPUs of the local Ray cluster (default: all)")
    _add_model_options(p)
    p.set_defaults(func=cmd_translate)

    p = sub.add_parser("audit", help="report where a repost departs from its English original",
                       description="Translate the repost, align it with the English original and report "
                                   "what changed (numbers, names, negations, dropped or added sentences), "
                                   "worst first with line:column in both files.")
    p.add_argument("original", metavar="ORIGINAL", help="the English original")
    p.add_argument("repost", metavar="REPOST", help="the repost (any mix of languages)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    p.add_argument("--format", choices=("json", "md", "text", "html"),
                   help="report format (default: text on a terminal, else json)")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                   help="exit 1 when a divergence of this severity or worse is found (critical|major|minor|info)")
    p.add_argument("--min-severity", choices=SEVERITIES, metavar="SEVERITY",
                   help="list divergences of this severity or worse in text/md reports, counting the rest "
                        "(default: major on a terminal, else info: everything)")
    _add_model_options(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("score", help="score translation fidelity against an English source (CI gate)",
                       description="Translate TRANSLATED back to English, align it with SOURCE_EN and score "
                                   "it (sacrebleu BLEU, chrF, TER); fail on the thresholds given.")
    p.add_argument("source", nargs="?", metavar="SOURCE_EN", help="the English source document")
    p.add_argument("translated", nargs="?", metavar="TRANSLATED", help="its translation (any language)")
    p.add_argument("--ref", metavar="REF_EN", help="English reference (with --hyp: no translation step)")
    p.add_argument("--hyp", metavar="ENGLISH", help="an already-English hypothesis to score against --ref")
    p.add_argument("--pairs", type=Path, metavar="MANIFEST", help="CSV or JSONL of source,translated paths")
    p.add_argument("--thresholds", type=Path, metavar="TOML", help="[thresholds] table, e.g. configs/ci.example.toml")
    p.add_argument("--min-chrf", type=float, metavar="N", help="fail when the document's chrF (0-100) is below N")
    p.add_argument("--min-bleu", type=float, metavar="N", help="fail when the document's BLEU (0-100) is below N")
    p.add_argument("--max-ter", type=float, metavar="N", help="fail when the document's TER (0-100+) is above N")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                   help="fail when a divergence of this severity or worse is found (critical|major|minor|info)")
    p.add_argument("--max-flagged", type=int, metavar="N",
                   help="fail when more than N translated sentences fail a check against their own source")
    p.add_argument("--baseline", metavar="PREVIOUS", help="fail only if fidelity dropped significantly against it")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text for people (default), json for tools, github for workflow annotations")
    p.add_argument("--junit", type=Path, metavar="PATH", help="also write a JUnit XML report")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="output file (default: stdout)")
    _add_model_options(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("index", help="build or extend a search index of English originals (one file)",
                       description="Index English originals for `mtaudit match`: one SQLite file (FTS5, BM25) "
                                   "that a re-run updates with new or changed documents only.")
    p.add_argument("archives", nargs="+", metavar="ARCHIVE",
                   help="text files, directories of them, JSONL (.jsonl, .jsonl.gz), Parquet, RSS/Atom feeds")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="INDEX",
                   help="the index file: created, or updated with what is new or changed")
    p.add_argument("--input-format", choices=("auto", "text", "jsonl", "parquet", "feed"), default="auto",
                   help="how to read the archives (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    p.add_argument("--id-field", default="id", metavar="NAME", help="field / column naming each document (default id)")
    p.add_argument("--optimize", action="store_true",
                   help="merge the index into one segment after an update (a new index always is)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or warnings")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("match", help="find which archived original(s) each repost is a version of",
                       description="Translate each repost, find the archived original(s) it is a version of, "
                                   "and write one JSON record per repost (match, confidence, shares, runner-up; "
                                   "match null with the reason when none).")
    p.add_argument("inputs", nargs="+", metavar="REPOST",
                   help="text files, JSONL (.jsonl), Parquet (.parquet), RSS/Atom feeds (.rss, .atom, .xml), or -")
    p.add_argument("--index", type=Path, required=True, metavar="INDEX", help="an index built by `mtaudit index`")
    p.add_argument("-k", type=int, metavar="N", help="candidates re-ranked with the aligner (default from [match])")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="JSONL, one record per repost (default: stdout)")
    p.add_argument("--audit", type=Path, metavar="OUT.jsonl|DIR",
                   help="also audit each matched pair: reports as JSONL, or one HTML page per pair and index.html")
    p.add_argument("--input-format", choices=("auto", "text", "jsonl", "parquet", "feed"), default="auto",
                   help="how to read the reposts (default auto: by file suffix)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="JSONL field / Parquet column holding the text")
    group = p.add_argument_group("scale-out (pip install 'mtaudit[ray]')")
    group.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="translate the reposts here (default) or on Ray Data actor pools")
    group.add_argument("--ray-address", metavar="ADDR", help="join this Ray cluster (default: start a local one)")
    group.add_argument("--ray-cpus", type=int, metavar="N", help="CPUs of the local Ray cluster (default: all)")
    _add_model_options(p)
    p.set_defaults(func=cmd_match)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status instead of exiting (tests call this)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_ERROR
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING, format="mtaudit: %(message)s")
    # The hub client logs a retry line per attempt when offline; our error says it once.
    for noisy in ("huggingface_hub", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # transformers configures its own logger and progress bars on import: ask through
    # the environment, before that import happens (models load lazily).
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        _error(str(exc))
        return EXIT_ERROR
    except MtauditError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
