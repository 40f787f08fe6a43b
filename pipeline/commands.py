"""The commands of the CLI (``pipeline.cli`` parses the arguments and calls one of them).

Each ``cmd_*`` function takes the parsed arguments and returns the exit status; like
``pipeline.cli`` (and unlike the library), this module prints and picks exit codes.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline.engines.local import Options, Pipeline, english_text
from pipeline.errors import InputError, ModelNotFoundError, MtauditError, OutputError
from pipeline.api import audit
from pipeline.fidelity.report import Report
from pipeline.io.inputs import PARQUET_SUFFIXES, Record, input_files, input_kind, iter_records
from pipeline.io.outputs import Sink, write_atomic
from pipeline.render.text import render_json, render_markdown, render_text
from pipeline.settings import MatchParams
from pipeline.translation.models import MODEL_UNAVAILABLE, TRANSLATION_FAILED, left_untranslated, model_unavailable
from pipeline.translation.route import names_foreign

if TYPE_CHECKING:  # each command's own modules load when it runs: an audit needs no index, gate or batch
    from pipeline.archive.reposts import MatchedRepost
    from pipeline.archive.store import ArchiveIndex
    from pipeline.fidelity.gate import DocResult, Thresholds

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


class UsageError(MtauditError):
    """Arguments that do not fit together (argparse cannot express every rule)."""


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
        max_chars=getattr(args, "max_chars", None),  # translate and models only
        max_models=args.max_models,
        backend=args.backend,
        compute_type=args.compute_type,
        strict=args.strict,
    )


def print_error(message: str) -> None:
    """One line on stderr: ``mtaudit: error: MESSAGE``."""
    print(f"mtaudit: error: {message}", file=sys.stderr)


@contextmanager
def _progress(total: int | None, quiet: bool, unit: str = "sent") -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, file=sys.stderr, leave=False) as bar:
        yield bar.update


def _records(args: argparse.Namespace) -> Iterator[Record]:
    named: set[str] = set()
    repeated = 0
    for path in args.inputs:
        try:
            for file in input_files(path):  # a directory: the files under it
                for record in iter_records(file, input_kind(file, args.input_format), args.text_field):
                    if record.doc in named and repeated < 5:  # output records are told apart by name
                        repeated += 1
                        logging.getLogger(__name__).warning(
                            "%s: a second document of that name (an id used twice?): its records "
                            "carry the same doc%s", record.doc, "; further repeats are not named" if repeated == 5 else "")
                    named.add(record.doc)
                    yield record
        except InputError as exc:
            yield Record(path, None, error=str(exc))


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = str(args.output).lower() if args.output is not None else ""
    if suffix.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if suffix.endswith((".jsonl", ".ndjson")):  # a .jsonl file of text blocks was no JSONL
        return "jsonl"
    return "jsonl" if args.engine == "ray" else "text"


def cmd_translate(args: argparse.Namespace) -> int:
    """``mtaudit translate``: documents in, English out (text, or a record per sentence)."""
    from pipeline.engines.batch import translate_local

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
    # Look ahead one record: a lone document that fails is an error of the run (exit 2). A feed
    # (JSONL, Parquet, RSS) holding one record is a feed still: its bad record is an error
    # record, exit 1, as on a day it holds more (a nightly job never keeps yesterday's output).
    first = list(itertools.islice(records, 2))
    single = len(first) == 1 and (all(input_kind(path, args.input_format) == "text" for path in args.inputs)
                                  or first[0].doc in args.inputs)  # a feed that cannot be read at all
    records = itertools.chain(first, records)
    sink = Sink(fmt, args.output)
    failed = 0
    counts: dict[str, int] = {}
    check_counts: dict[str, int] = {}  # sentences failing each check, and retried ones
    maybe_foreign = 0  # passed through as English, their evidence naming another language
    untranslatable: dict[str, int] = {}  # passed through for want of a model, by language
    try:
        if args.engine == "ray":
            from pipeline.engines.ray import translate_ray

            for out in translate_ray(options, records, address=args.ray_address, num_cpus=args.ray_cpus):
                if "error" in out:
                    failed += 1
                    _raise_or_warn(out["error"], single)
                elif left_untranslated(out.get("flag")):
                    why = MODEL_UNAVAILABLE if model_unavailable(out.get("flag")) else TRANSLATION_FAILED
                    counts[why] = counts.get(why, 0) + 1
                else:
                    route = out["route"] if out["route"] in ("passthrough", "tm", "untranslatable") else "translated"
                    counts[route] = counts.get(route, 0) + 1
                    maybe_foreign += route == "passthrough" and names_foreign(out.get("alternatives", ()))
                    if route == "untranslatable":
                        untranslatable[out["lang"]] = untranslatable.get(out["lang"], 0) + 1
                    for name in [*out.get("checks", []), *(["retried"] if out.get("retried") else [])]:
                        check_counts[name] = check_counts.get(name, 0) + 1
                sink.record(out)
            summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
        else:
            pipeline = Pipeline.build(options)
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
                    elif not single:  # a failed document keeps its place, as its JSONL error record does
                        sink.text(f"==> {outcome.record.doc} <==\n[not translated: {outcome.error}]\n")
            summary = ", ".join(f"{n} {k}" for k, n in pipeline.engine.counts.items())
            summary += f"; {pipeline.engine.pool.total_model_calls()} model call(s)"
            check_counts = pipeline.engine.check_counts
            counts = pipeline.engine.counts
            maybe_foreign = pipeline.engine.maybe_foreign
            untranslatable = pipeline.engine.untranslatable
        sink.close()
    except BaseException:
        sink.abort()
        raise
    if not seen[0]:  # an empty feed (a text file with no text is an error of its own, exit 2)
        logging.getLogger(__name__).warning("no documents in %s: nothing translated", ", ".join(map(str, args.inputs)))
    if args.stats:
        print(f"mtaudit: {seen[0]} document(s), {failed} failed; sentences: {summary}",
              file=sys.stderr)
        flagged = ", ".join(f"{n} {k}" for k, n in check_counts.items() if n) or "none"
        print(f"mtaudit: checks failed: {flagged}", file=sys.stderr)
        if maybe_foreign:
            print(f"mtaudit: {maybe_foreign} sentence(s) passed through as English may be in another language "
                  "(their records' `alternatives` name it)", file=sys.stderr)
    if untranslatable:  # flagged in records, but a text output shows them as they came
        from pipeline.translation.route import language_name

        logging.getLogger(__name__).warning(
            "%d sentence(s) passed through untranslated, no model translating their language: %s",
            sum(untranslatable.values()),
            ", ".join(f"{language_name(lang)} ({lang}) {n}" for lang, n in sorted(untranslatable.items(), key=lambda kv: -kv[1])))
    # Sentences passed through because their model is missing: the run went on, but not all of it was translated.
    return EXIT_FAILED if failed or counts.get(MODEL_UNAVAILABLE) or counts.get(TRANSLATION_FAILED) else EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    """``mtaudit models [INPUT...]``: the registry's routes, or the models a feed would need,
    and where each is found; exit 1 when a model the inputs need (for a sentence the cache does
    not hold) is in neither ``--model-dir`` nor the Hugging Face cache (the run would download
    it, or fail offline), or an input could not be read."""
    import json

    from pipeline.translation.needs import feed_needs, needs_rows, registry_rows, render_rows, unavailable

    options = _options(args)
    if not args.inputs:
        from pipeline.translation.route import load_registry

        rows, needs = registry_rows(load_registry(options.registry_file), options.model_dir), None
    else:
        needs = feed_needs(Pipeline.build(options), _records(args))
        if needs.documents == 1 and needs.failed:  # a lone input that fails is an error of the run, as for translate
            raise InputError(needs.failed[0])
        rows = needs_rows(needs, options.model_dir)
    if args.format == "json":
        summary = {} if needs is None else {
            "documents": needs.documents, "sentences": needs.sentences, "counts": dict(needs.counts),
            "untranslatable": dict(needs.untranslatable), "failed": needs.failed,
            **({"unanswered": [{"doc": doc, "text": text} for doc, text in needs.unanswered]} if needs.unanswered else {})}
        _emit(json.dumps({**summary, "models": rows}, ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        _emit(render_rows(rows, needs), args.output)
    missing = needs is not None and any(unavailable(row) for row in rows)
    return EXIT_FAILED if missing or (needs is not None and needs.failed) else EXIT_OK


def _raise_or_warn(error: str, single: bool) -> None:
    if single:
        raise MtauditError(error)
    print_error(error)


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

        return str(render_html(data, texts=texts))
    return render_text(data, colour=_stdout_is_terminal() and not os.environ.get("NO_COLOR"),
                       min_severity=min_severity, texts=texts)


def cmd_audit(args: argparse.Namespace) -> int:
    """``mtaudit audit ORIGINAL REPOST``: where the repost departs from the original."""
    by_suffix = {".html": "html", ".htm": "html", ".md": "md", ".txt": "text", ".json": "json"}
    fmt = args.format or (by_suffix.get(Path(args.output).suffix.lower(), "json") if args.output is not None
                          else "text" if _stdout_is_terminal() else "json")
    if args.original == args.repost == "-":
        raise UsageError("standard input ('-') can be ORIGINAL or REPOST, not both")
    report = audit(args.original, args.repost, _options(args))
    # A person at a terminal sees what needs attention first; files keep everything.
    to_terminal = fmt == "text" and args.output is None and _stdout_is_terminal()
    min_severity = args.min_severity or ("major" if to_terminal else "info")
    _emit(_render(report, fmt, min_severity), args.output)
    if args.fail_on and report.fails(args.fail_on):
        return EXIT_FAILED
    if any(left_untranslated(seg.flag) for seg in report.repost.segments):
        return EXIT_FAILED  # the report is written, but some of the repost could not be translated
    return EXIT_OK


def _score_one(pipeline: Pipeline, source: str, translated: str, thresholds: Thresholds,
               baseline: str | None) -> DocResult:
    from pipeline.fidelity.gate import DocResult, score_files

    try:
        return score_files(pipeline, source, translated, thresholds, baseline)
    except ModelNotFoundError:
        raise  # the same for every document: stop with its one-line remedy
    except MtauditError as exc:
        return DocResult(source, translated, None, None, None, (), {}, (), error=str(exc))


def cmd_score(args: argparse.Namespace) -> int:
    """``mtaudit score``: fidelity scores with thresholds and CI-friendly output."""
    from pipeline.fidelity.gate import Thresholds, format_github, format_json, format_text, junit_xml, read_manifest

    if args.pairs:
        if args.source or args.translated or args.ref or args.hyp:
            raise UsageError("--pairs replaces SOURCE_EN TRANSLATED (and --ref/--hyp)")
        if args.baseline:
            raise UsageError("--baseline compares one translation with its previous version: not with --pairs")
        jobs = read_manifest(args.pairs)
    else:
        if (args.ref or args.hyp) and (args.source or args.translated):
            raise UsageError("--ref/--hyp replace SOURCE_EN TRANSLATED: give one or the other")
        source = args.ref or args.source
        translated = args.hyp or args.translated
        if not source or not translated:
            raise UsageError("give SOURCE_EN TRANSLATED, --ref SOURCE_EN --hyp ENGLISH, or --pairs MANIFEST")
        jobs = [(source, translated)]
    thresholds = Thresholds.load(args.thresholds, {
        "min_chrf": args.min_chrf, "min_bleu": args.min_bleu, "max_ter": args.max_ter, "fail_on": args.fail_on,
        "max_flagged": args.max_flagged,
    })
    if not thresholds.gates() and not args.baseline and not args.quiet:
        logging.getLogger(__name__).warning("no threshold given (--min-chrf, --fail-on, --thresholds...): "
                                            "every document passes whatever its scores")
    options = replace(_options(args), assume_english=bool(args.hyp))
    pipeline = Pipeline.build(options)
    results = [_score_one(pipeline, s, t, thresholds, args.baseline) for s, t in jobs]
    render = {"text": format_text, "json": format_json, "github": format_github}[args.format]
    _emit(render(results), args.output)
    if args.junit:
        write_atomic(args.junit, junit_xml(results))
    if any(r.error for r in results) and len(results) == 1:
        print_error(str(results[0].error))  # the report has it too; stderr says why the run stopped
        return EXIT_ERROR
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def cmd_index(args: argparse.Namespace) -> int:
    """``mtaudit index ARCHIVE... -o INDEX``: build or extend a search index of English originals."""
    from pipeline.archive.store import build_index

    stats = build_index(args.archives, args.output, args.input_format, args.text_field, args.id_field,
                        args.optimize, on_unreadable=None if args.quiet else print_error)
    if not args.quiet:
        print(f"mtaudit: {args.output}: {stats.added} added, {stats.changed} changed, {stats.unchanged} unchanged, "
              f"{stats.failed} unreadable; {stats.documents} document(s) indexed", file=sys.stderr)
    return EXIT_FAILED if stats.failed else EXIT_OK


# Reposts identified before the first is matched, so that the language and translation
# models they need are loaded up front: the first ~70 reposts of a feed otherwise pause
# 0.4-3 s each time one of them needs a language not seen before.
PRELOAD_WINDOW = 100
# --audit DIR: the index page is rewritten as pairs are done, so that an interrupted run
# leaves a usable one; past its first hundred rows, at most this often.
INDEX_REFRESH_S = 2.0


def cmd_match(args: argparse.Namespace) -> int:
    """``mtaudit match REPOSTS... --index INDEX``: which archived original(s) each repost is a version of.

    Records are written and flushed as each repost is done: to stdout, or to ``OUT.part``
    beside ``-o OUT``, renamed to ``OUT`` when the run completes. An interrupted or failed
    run keeps ``OUT.part`` with every record written so far (and any earlier ``OUT`` as
    it was).
    """
    from pipeline.archive.reposts import audit_pairs
    from pipeline.archive.store import ArchiveIndex
    from pipeline.render.match_page import audit_index_page

    index = ArchiveIndex.open(args.index)
    pipeline = Pipeline.build(_options(args))
    params = pipeline.config.match if args.k is None else replace(pipeline.config.match, candidates=args.k)
    if args.threshold is not None:
        params = replace(params, threshold=args.threshold)
    html_dir: Path | None = None if args.audit is None or str(args.audit).lower().endswith(".jsonl") else args.audit
    if html_dir is not None:
        try:  # before any work: a place no page can be written is a usage error
            html_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write pages to {html_dir}: {exc.strerror or exc}") from None
    records = _named(_records(args), args.id_field)
    if args.engine != "ray":
        records = _preloaded(pipeline, records, args.quiet)
    sink = Sink("jsonl", args.output, progressive=True)
    audits = Sink("jsonl", args.audit, progressive=True) if args.audit is not None and html_dir is None else None
    pages: list[dict[str, object]] = []
    refreshed = 0.0  # when --audit DIR's index page was last written
    failed = 0
    try:
        with _progress(None, args.quiet, unit="repost") as tick:
            for matched, fields in _matched_reposts(args, pipeline, index, params, records):
                if matched.error:
                    print_error(matched.error if matched.error.startswith(matched.doc) else f"{matched.doc}: {matched.error}")
                # A repost partly passed through for want of a model was matched, but not on all of its text.
                failed += bool(matched.error or matched.unavailable)
                sink.record(matched.to_record(params.candidates, fields))
                tick(1)
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
                                      **matched.result.listed(original)})
                        # Refreshed as pairs are done (at most every INDEX_REFRESH_S past the first
                        # hundred, so that a long run does not rewrite it quadratically).
                        if len(pages) <= 100 or time.monotonic() - refreshed >= INDEX_REFRESH_S:
                            write_atomic(html_dir / "index.html", audit_index_page(pages, done=False))
                            refreshed = time.monotonic()
        sink.close()
        if audits is not None:
            audits.close()
    except BaseException:
        if html_dir is not None and pages:
            write_atomic(html_dir / "index.html", audit_index_page(pages, done=False, stopped=True))
        for kept in (sink.abort(), audits.abort() if audits is not None else None):
            if kept is not None:
                print_error(f"{kept}: the records written before the run stopped")
        raise
    finally:
        index.close()
    if html_dir is not None:
        write_atomic(html_dir / "index.html", audit_index_page(pages))
    return EXIT_FAILED if failed else EXIT_OK


def _named(records: Iterator[Record], id_field: str) -> Iterator[Record]:
    """``records`` named by their ``id_field`` where they have it (else as the reader named them)."""
    for record in records:
        value = record.fields.get(id_field)
        yield record if value is None else Record(str(value), record.text, record.fields, record.error)


def _preloaded(pipeline: Pipeline, records: Iterator[Record], quiet: bool) -> Iterator[Record]:
    """``records``, after loading the models that the first ``PRELOAD_WINDOW`` need (``preload``)."""
    from pipeline.archive.reposts import preload

    head = list(itertools.islice(records, PRELOAD_WINDOW))
    start = time.perf_counter()
    loaded = preload(pipeline, [(r.doc, r.text) for r in head if r.text is not None])
    if not quiet and sys.stderr.isatty():
        print(f"mtaudit: language models for {', '.join(sorted(loaded.languages)) or 'none'} loaded in "
              f"{time.perf_counter() - start:.1f} s (translation models: {', '.join(loaded.models) or 'none'})",
              file=sys.stderr)
    return itertools.chain(head, records)


def _matched_reposts(args: argparse.Namespace, pipeline: Pipeline, index: ArchiveIndex,
                     params: MatchParams, records: Iterator[Record]) -> Iterator[tuple[MatchedRepost, dict[str, object]]]:
    """Each repost translated (in this process, or on Ray) and matched, with its carried fields."""
    from pipeline.archive.reposts import MatchedRepost, match_document, match_rows

    if args.engine != "ray":
        for record in records:
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

    rows = translate_ray(_options(args), kept(records), address=args.ray_address, num_cpus=args.ray_cpus)
    for matched, fields in match_rows(index, rows, texts, params):
        yield matched, fields
        texts.pop(matched.doc, None)
