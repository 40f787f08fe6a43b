"""``mtaudit translate --engine ray``: the same translation, spread over a Ray cluster.

Ray Data carries the feed through three stages, and the driver streams the result back
in input order into the same ``Sink`` the local engine writes to:

1. *prepare* (a pool of CPU actors, each holding a language detector): segment and
   identify each document, route each sentence (English passes through, the TM answers,
   or a model is due) and build its output record, with the translation still empty;
2. *translate*, one actor pool per model in turn (one GPU per actor when the cluster
   has GPUs, else one CPU, see ``translate_actors``): fill in the translations of the
   sentences routed to that model, each actor loading the model once;
3. the driver merges the parts (each in input order) back into one stream and writes it.

A record's output is the local engine's, field for field: both build it with
``batch.segment_records`` / ``batch.error_record`` and translate with
``Engine.translate_results``. Two things differ by design: the translation cache is not
used (it is a local SQLite file; cluster nodes do not share it), and the records are
read by the driver with the same readers as the local engine (so a bad JSONL line or
feed item becomes the same error record) and handed to Ray with ``from_items``.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pipeline.engines.batch import error_record, segment_records
from pipeline.errors import ConfigError, InputError, LimitError, ModelNotFoundError, MtauditError
from pipeline.io.inputs import Record
from pipeline.engines.local import Options, Pipeline, Processed, resolve_settings
from pipeline.translation.route import ModelSpec, Registry, load_registry
from pipeline.translation.models import MODEL_UNAVAILABLE, Translator, failed_flag, unavailable_flag

log = logging.getLogger(__name__)

# Sentences per call of a translate actor: enough for several model batches and the
# length-sorted chunks of ``Engine.translate_results``; small enough to spread the work.
TRANSLATE_ROWS = 512
PREPARE_DOCS = 64
# The ``model`` of rows whose model failed to load or run (their ``source`` says why).
FAILED = "!failed"
# The ``model`` of rows whose model is not available: passed through, flagged, and their
# ``source`` holds the error's message for the driver's warning or fail-fast error.
UNAVAILABLE = "!unavailable"
# Records sent to the cluster per round (each round loads its actors' models afresh).
WINDOW_DOCS = 50_000


def _row_schema() -> Any:
    import pyarrow as pa

    # n: input position; i: sentence index; model: registry key when a model is due, else "".
    return pa.schema([("n", pa.int64()), ("i", pa.int64()), ("model", pa.string()),
                      ("source", pa.string()), ("record", pa.string())])


def _model_key(spec: ModelSpec) -> str:
    return f"{spec.model_id}@{spec.revision or ''}"


def model_specs(registry: Registry) -> dict[str, ModelSpec]:
    """Every model ``registry`` may route a sentence to, by the key the prepare stage writes:
    each language's own, the families' and the fallback."""
    specs = [*registry.languages.values(), *(spec for spec, _ in registry.families), registry.fallback]
    return {_model_key(spec): spec for spec in specs if spec is not None}


def _no_model(spec: ModelSpec) -> Translator:
    raise AssertionError(f"the prepare stage never translates (asked for {spec.model_id})")


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


class PrepareActor:
    """Stage 1: documents in, one row per sentence (or per failed document) out."""

    def __init__(self, options: Options) -> None:
        self.pipeline = Pipeline.build(replace(options, use_cache=False), translator_factory=_no_model)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows: list[dict[str, Any]] = []
        for item in batch.to_pylist():
            record = Record(item["doc"], None if item["error"] else item["text"],
                            json.loads(item["fields"]), item["error"] or None)
            rows.extend(self._rows(item["n"], record))
        return pa.Table.from_pylist(rows, schema=_row_schema())

    def _rows(self, n: int, record: Record) -> list[dict[str, Any]]:
        try:
            if record.error is not None or record.text is None:
                raise InputError(record.error or f"{record.doc}: unreadable")
            document, identified = self.pipeline.prepare(record.doc, record.text)
        except (InputError, LimitError) as exc:
            return [{"n": n, "i": 0, "model": "", "source": "", "record": _json(error_record(record, str(exc)))}]
        plan = self.pipeline.engine.plan(document.sentences, identified)
        due = {i: _model_key(spec) for spec, indices in plan.pending.items() for i in indices}
        processed = Processed(document, tuple(plan.segments(document.sentences, identified)))
        return [
            {"n": n, "i": i, "model": due.get(i, ""), "source": document.sentences[i].text, "record": _json(out)}
            for i, out in enumerate(segment_records(processed, record))
        ]


def _reads(record: dict[str, Any]) -> str:
    """The language a record's text is read in by the checks, as the local engine reads it."""
    from pipeline.text.unknown import reading_language

    return reading_language(record["lang"], tuple(record.get("alternatives", ())))


class TranslateActor:
    """Stage 2: the sentences due to one model, translated, their records filled in."""

    def __init__(self, options: Options, spec: ModelSpec) -> None:
        self.spec = spec
        self.pipeline = Pipeline.build(replace(options, use_cache=False, max_models=1))
        self.failure: str | None = None
        self.missing: ModelNotFoundError | None = None

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = batch.to_pylist()
        if self.missing is None and self.failure is None:
            try:
                langs = [_reads(json.loads(row["record"])) for row in rows]
                sources = [row["source"] for row in rows]
                outputs = self.pipeline.engine.translate_with_fallback(self.spec, sources, langs)
            except ModelNotFoundError as exc:
                self.missing = exc
            except MtauditError as exc:
                # Ray would hand the driver this error as text inside its own exception:
                # mark the rows instead, and the driver stops the run with mtaudit's message.
                self.failure = str(exc)
        if self.missing is not None:
            # As the local engine does: the sentence passes through, flagged.
            for row in rows:
                record = json.loads(row["record"])
                record["translation"] = row["source"]
                carried = {k: record.pop(k) for k in ("checks", "retried", "fields") if k in record}  # the local key order
                record.update(flag=unavailable_flag(self.missing), **carried)
                row.update(model=UNAVAILABLE, source=str(self.missing), record=_json(record))
            return pa.Table.from_pylist(rows, schema=_row_schema())
        if self.failure is not None:
            return pa.Table.from_pylist([{**row, "model": FAILED, "source": self.failure} for row in rows],
                                        schema=_row_schema())
        for row, out in zip(rows, outputs, strict=True):
            record = json.loads(row["record"])
            record["translation"] = out.text
            if out.error is not None:  # the model raised on this sentence alone: passed through, flagged
                carried = {k: record.pop(k) for k in ("checks", "retried", "fields") if k in record}
                record.update(flag=failed_flag(self.spec.model_id, out.error), **carried)
                row["record"] = _json(record)
                continue
            # The checks and second try, as the local engine records them (pipeline.translation.checks).
            # Checked once, when translated (``translate_results``): reused, not run again.
            failed = out.failed if out.failed is not None else self.pipeline.engine.check(row["source"], out, _reads(record))
            record["checks"] = [f.name for f in failed]
            record["retried"] = out.retried
            row["record"] = _json(record)
        return pa.Table.from_pylist(rows, schema=_row_schema())


@dataclass(frozen=True)
class ActorPlan:
    """How one model's translate actors are placed."""

    actors: int  # at most this many at once (the pool scales from one)
    num_cpus: int
    num_gpus: int
    device: str  # the --device the actors' translators get


def translate_actors(resources: Mapping[str, float], device: str) -> ActorPlan:
    """One actor per GPU when the cluster has GPUs (and ``device`` allows them), else one per CPU.

    A CPU actor has one CPU, and so one thread (Ray sets ``OMP_NUM_THREADS`` to it): for
    opus-mt-size models, many single-threaded decoders use a node better than a few
    wide ones. A GPU actor has one GPU and one CPU for tokenising.
    """
    gpus = int(resources.get("GPU", 0))
    if gpus > 0 and device != "cpu":
        return ActorPlan(actors=gpus, num_cpus=1, num_gpus=1, device="cuda")
    if device == "cuda":
        raise ConfigError("--device cuda: the Ray cluster has no GPUs (ray.cluster_resources() lists none)")
    return ActorPlan(actors=max(1, int(resources.get("CPU", 1))), num_cpus=1, num_gpus=0, device="cpu")


def _init_ray(address: str | None, num_cpus: int | None) -> tuple[Any, bool]:
    """The ``ray`` module, initialised; and whether this call started it (so must stop it)."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError("--engine ray needs Ray Data: pip install 'mtaudit[ray]'") from None
    # Ray Data logs every stage's plan, and every failure with its stack, itself; the
    # failures reach the driver as exceptions and mtaudit reports them in one line.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.INFO if log.isEnabledFor(logging.INFO) else logging.CRITICAL)
    started = not ray.is_initialized()
    if started:
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                  "configure_logging": False}
        if address:
            ray.init(address=address, **kwargs)
        else:
            # "local": a new cluster for this run, even when another one runs on this machine.
            ray.init(address="local", num_cpus=num_cpus, **kwargs)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    return ray, started


def translate_ray(
    options: Options,
    records: Iterable[Record],
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    window: int | None = None,
) -> Iterator[dict[str, Any]]:
    """The output records of a feed translated on Ray, in input order.

    ``address`` joins a running cluster (``auto``, ``ray://host:10001``...); without it a
    local cluster of ``num_cpus`` CPUs (default: all) is started for the run. The model
    files must be reachable from every node: the same ``--model-dir`` path, or the hub.
    The feed goes to the cluster ``window`` records (default ``WINDOW_DOCS``) at a time,
    so that the driver holds one window (and its output) however long the feed is.
    """
    ray, started = _init_ray(address, num_cpus)
    try:
        stream = iter(records)
        warned: set[str] = set()  # models already warned about (once per run, as locally)
        first = True
        while chunk := list(itertools.islice(stream, window or WINDOW_DOCS)):
            yield from _run(ray, options, chunk, first=first, warned=warned)
            first = False
    finally:
        if started:
            ray.shutdown()


def _run(ray: Any, options: Options, records: list[Record], *, first: bool,
         warned: set[str]) -> Iterator[dict[str, Any]]:
    from ray.data.expressions import col

    items = [
        {"n": n, "doc": r.doc, "text": r.text or "", "error": r.error or ("" if r.text is not None else f"{r.doc}: unreadable"),
         "fields": json.dumps(r.fields, ensure_ascii=False)}
        for n, r in enumerate(records)
    ]
    resources = ray.cluster_resources()
    cpus = max(1, int(resources.get("CPU", 1)))
    device = resolve_settings(options).translate.device
    plan = translate_actors(resources, device)
    prepared = ray.data.from_items(items, override_num_blocks=max(1, min(len(items) // PREPARE_DOCS, 4 * cpus))).map_batches(
        PrepareActor,
        fn_constructor_args=(options,),
        batch_size=PREPARE_DOCS,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=cpus),
        num_cpus=1,
    ).materialize()
    registry = load_registry(options.registry_file)
    specs = model_specs(registry)
    parts = [prepared.filter(expr=col("model") == "")]
    # The models due: one short string per sentence comes back to the driver (no shuffle).
    due: dict[str, int] = {}
    for batch in prepared.select_columns(["model"]).iter_batches(batch_format="pyarrow"):
        for entry in batch.column("model").value_counts().to_pylist():
            due[entry["values"]] = due.get(entry["values"], 0) + entry["counts"]
    total, missing = sum(due.values()), 0
    for key in sorted(set(due) - {""}):
        log.info("ray: %s on up to %d actor(s), %d CPU and %d GPU each", key, plan.actors, plan.num_cpus, plan.num_gpus)
        parts.append(
            prepared.filter(expr=col("model") == key)
            .map_batches(
                TranslateActor,
                fn_constructor_args=(replace(options, device=plan.device), specs[key]),
                batch_size=TRANSLATE_ROWS,
                batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=plan.actors),
                num_cpus=plan.num_cpus,
                num_gpus=plan.num_gpus,
            )
            .materialize()  # one model's actors at a time: their memory is freed before the next loads
        )
        failed = parts[-1].filter(expr=col("model") == FAILED).take(1)
        if failed:
            raise MtauditError(failed[0]["source"])
        unavailable = parts[-1].filter(expr=col("model") == UNAVAILABLE).take(1)
        if unavailable:
            # The local engine's rule: with --strict, or when missing models are due for
            # more than half of the first window's sentences (nothing useful would come
            # out), the run stops with the model's one-line error; later windows go on.
            missing += due[key]
            if options.strict or (first and 2 * missing > total):
                raise MtauditError(unavailable[0]["source"])
            if key not in warned:
                warned.add(key)
                log.warning("%s; its sentences are passed through untranslated, flagged %s",
                            unavailable[0]["source"], MODEL_UNAVAILABLE)
    # Each part keeps the input order (preserve_order): merging them on the driver puts
    # every sentence back in place without a distributed sort.
    streams = [part.iter_rows() for part in parts]
    for row in heapq.merge(*streams, key=lambda row: (row["n"], row["i"])):
        yield json.loads(row["record"])
