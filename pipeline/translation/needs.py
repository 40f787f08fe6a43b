"""What a run needs: the models a feed's sentences would go to, and where each is found.

``mtaudit models`` without inputs lists every route of the registry, and the audit's
near-synonym encoder (English word vectors; found in the bundled package as well). With inputs, each
document is segmented, identified and routed as ``translate`` would (English passes
through; the TM, then the translation cache, answer first), and the sentences each model
would translate are counted: nothing is translated and no model is loaded. Each model is
looked up where ``load_with_fallback`` looks: ``--model-dir``, then the Hugging Face
cache; one in neither comes from the hub on first use (``hf download MODEL`` fetches it
ahead, for a machine that will run offline).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import MtauditError
from pipeline.io.inputs import Record
from pipeline.translation.models import cached_copy, resolve_local_model
from pipeline.translation.route import NO_ROUTE, ModelSpec, Registry, language_name

MODEL_DIR, HF_CACHE, MISSING = "model-dir", "hf-cache", "missing"


def where(spec: ModelSpec, model_dir: Path | None) -> tuple[str, str | None]:
    """Where a run would load ``spec`` from without the hub: ``model-dir`` or ``hf-cache``
    (with the directory), else ``missing`` (the hub on first use)."""
    local = resolve_local_model(spec.model_id, model_dir)
    if local is not None:
        return MODEL_DIR, str(local)
    cached = cached_copy(spec)
    return (HF_CACHE, str(cached)) if cached is not None else (MISSING, None)


@dataclass
class ModelNeed:
    """One model: the sentences it would translate, by language, and those the cache holds."""

    spec: ModelSpec
    languages: Counter[str] = field(default_factory=Counter)
    cached: int = 0

    @property
    def sentences(self) -> int:
        return sum(self.languages.values())


@dataclass
class FeedNeeds:
    """A feed's sentences by what would happen to them, and the models they need."""

    documents: int = 0
    sentences: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # passthrough, tm, untranslatable, model
    untranslatable: Counter[str] = field(default_factory=Counter)  # language -> sentences
    models: dict[str, ModelNeed] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # documents that could not be read or identified
    # With a TM: the first ``UNANSWERED_SHOWN`` sentences it does not answer, as mtaudit split them
    # (a TM entry must be one of them, whole), with their document.
    unanswered: list[tuple[str, str]] = field(default_factory=list)


UNANSWERED_SHOWN = 20


def feed_needs(pipeline: Any, records: Iterable[Record]) -> FeedNeeds:
    """Segment, identify and route ``records`` with ``pipeline`` (an ``engines.local.Pipeline``);
    a document that fails is listed in ``failed`` and the rest go on."""
    needs = FeedNeeds()
    engine = pipeline.engine
    for record in records:
        needs.documents += 1
        if record.text is None:
            needs.failed.append(record.error or f"{record.doc}: unreadable")
            continue
        try:
            document, identified = pipeline.prepare(record.doc, record.text)
        except MtauditError as exc:
            needs.failed.append(str(exc))
            continue
        plan = engine.plan(document.sentences, identified)
        needs.sentences += len(document.sentences)
        for route, ident in zip(plan.routes, identified):
            if route == NO_ROUTE:
                needs.untranslatable[ident.lang] += 1
            needs.counts[route if route in ("passthrough", "tm", NO_ROUTE) else "model"] += 1
        for spec, indices in plan.pending.items():
            if engine.tm:
                room = UNANSWERED_SHOWN - len(needs.unanswered)
                needs.unanswered.extend((record.doc, document.sentences[i].text) for i in indices[:max(0, room)])
            need = needs.models.setdefault(spec.model_id, ModelNeed(spec))
            need.languages.update(identified[i].lang for i in indices)
            need.cached += engine.cached(spec, [document.sentences[i].text for i in indices])
    return needs


def registry_rows(registry: Registry, model_dir: Path | None) -> list[dict[str, Any]]:
    """Every route of ``registry``: each language's own model, the family models and the fallback."""
    own: dict[ModelSpec, list[str]] = {}
    for lang, spec in sorted(registry.languages.items()):
        own.setdefault(spec, []).append(lang)  # one model may be several languages' own (Serbo-Croatian's)
    rows = [_row(spec, model_dir, kind="own", languages=langs) for spec, langs in own.items()]
    for spec, covered in registry.families:
        rows.append(_row(spec, model_dir, kind="family", languages=sorted(covered)))
    if registry.fallback is not None:
        listed = sorted(registry.fallback_languages) if registry.fallback_languages is not None else ["*"]
        rows.append(_row(registry.fallback, model_dir, kind="fallback", languages=listed))
    near = near_synonym_row()
    return rows if near is None else [*rows, near]


def near_synonym_row() -> dict[str, Any] | None:
    """The audit's near-synonym encoder (``fidelity.embedding``), found as the audit finds it
    (``MTAUDIT_MEANING_MODEL_DIR``, the bundled package, the Hugging Face cache); None when
    ``MTAUDIT_MEANING_MODEL`` switches it off. Without it an audit still runs, on stems and
    names alone, and says so."""
    import os

    from pipeline.fidelity import embedding
    from pipeline.fidelity.meaning import MODEL_ENV

    model = os.environ.get(MODEL_ENV, embedding.MODEL_ID).strip()
    if model.lower() in ("", "none"):
        return None
    found = embedding.locate(model)
    return {"model": model, "revision": None, "licence": "apache-2.0" if model == embedding.MODEL_ID else None,
            "kind": "audit", "languages": ["en"], "where": MISSING if found is None else found[0],
            "path": None if found is None else str(found[1])}


def needs_rows(needs: FeedNeeds, model_dir: Path | None) -> list[dict[str, Any]]:
    """One row per model a feed needs, most sentences first."""
    ordered = sorted(needs.models.values(), key=lambda n: (-n.sentences, n.spec.model_id))
    return [_row(n.spec, model_dir, sentences=n.sentences, cached=n.cached, languages=dict(n.languages.most_common()))
            for n in ordered]


def unavailable(row: dict[str, Any]) -> bool:
    """Whether a row's model is in neither place and would be loaded (some sentence of a feed
    is not in the cache; for the registry's listing, any model)."""
    return bool(row["where"] == MISSING and row.get("sentences", 1) > row.get("cached", 0))


def _row(spec: ModelSpec, model_dir: Path | None, **extra: Any) -> dict[str, Any]:
    found, path = where(spec, model_dir)
    return {"model": spec.model_id, "revision": spec.revision, "licence": spec.licence, **extra,
            "where": found, "path": path}


def render_rows(rows: list[dict[str, Any]], needs: FeedNeeds | None) -> str:
    """The text form: a summary line (with a feed), a table, and what to fetch for offline runs."""
    out: list[str] = []
    if needs is not None:
        counts = needs.counts
        out.append(f"{needs.documents} document(s), {needs.sentences} sentence(s): {counts['passthrough']} "
                   f"English (passed through), {counts['tm']} from the TM, {counts['model']} for "
                   f"{len(rows)} model(s), {counts[NO_ROUTE]} untranslatable"
                   + (f", {len(needs.failed)} document(s) failed" if needs.failed else ""))
        for lang, n in needs.untranslatable.most_common():
            out.append(f"  untranslatable: {n} sentence(s) in {language_name(lang)} ({lang})")
        for error in needs.failed:
            out.append(f"  failed: {error}")
        if needs.unanswered:
            shown = len(needs.unanswered)
            out.append(f"the TM does not answer {needs.counts['model']} sentence(s)"
                       + (f" (the first {shown} shown)" if shown < needs.counts["model"] else "")
                       + "; an entry must be the whole sentence as mtaudit splits it:")
            out += [f"  {doc}: {text}" for doc, text in needs.unanswered]
    if rows:
        middle = "sentences (cached)" if needs is not None else "kind    "
        out.append(f"{'model':<46} {middle}  {'where':<9}  languages")
    for row in rows:
        langs = row["languages"]
        named = ", ".join(f"{k} {v}" for k, v in langs.items()) if isinstance(langs, dict) else ", ".join(langs)
        if len(named) > 60:
            named = named[:57] + "..."
        sentences = f"{row['sentences']:>9} ({row['cached']:>6})  " if "sentences" in row else f"{row['kind']:<8}  "
        out.append(f"{row['model']:<46} {sentences}{row['where']:<9}  {named}")
    missing = list(dict.fromkeys(row["model"] for row in rows if unavailable(row)))  # a model listed twice: own and family
    if missing:
        from pipeline.settings import hub_offline

        if hub_offline():
            out.append("not in --model-dir or the Hugging Face cache, and HF_HUB_OFFLINE is set: a run would "
                       "flag their sentences model-unavailable (or stop, where most of a document needs one); "
                       "fetch them on a machine with network access:")
        else:
            out.append("not in --model-dir or the Hugging Face cache: downloaded from the hub on first use; "
                       "for an offline machine, fetch them ahead:")
        out.extend(f"  hf download {model}" for model in missing)
    return "\n".join(out) + "\n"
