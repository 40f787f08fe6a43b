"""``translate --engine ray`` on a local two-CPU Ray cluster gives the local engine's records."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# German sentences (written for this test) send some documents to a second model.
GERMAN = [
    "Die Küstenstaaten haben am Dienstag vereinbart, ein Netz von Sammelstellen zu finanzieren.",
    "Der Minister sagte den Journalisten, die erste Station werde spätestens im März eröffnet.",
]


@pytest.fixture(scope="module")
def two_models(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Indonesian model, plus a second tiny model (other weights) for German."""
    from build_tiny_marian import build_tiny_marian

    root = tmp_path_factory.mktemp("two-models")
    shutil.copytree(model_dir, root, dirs_exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    build_tiny_marian(root / "Helsinki-NLP--opus-mt-de-en", texts, seed=1)
    return root


def _feed(path: Path, docs: int = 1000) -> None:
    """A mixed feed: Indonesian and English lines of the examples, some German, bad records."""
    lines = [ln for p in sorted(EXAMPLES.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rng = random.Random(20261122)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(docs):
            if n % 250 == 17:
                fh.write("{not json\n")  # an error record, in place
            elif n % 250 == 42:
                fh.write(json.dumps({"id": f"item-{n}", "body": "text under the wrong field"}) + "\n")
            elif n % 250 == 99:
                fh.write(json.dumps({"id": f"item-{n}", "text": "   "}) + "\n")  # empty document
            elif n == 500:
                fh.write(json.dumps({"id": "too-long", "text": " ".join(lines) * 3}) + "\n")  # over --max-chars
            else:
                parts = rng.sample(lines, rng.randint(1, 3)) + ([rng.choice(GERMAN)] if n % 9 == 4 else [])
                record = {"id": f"item-{n}", "text": "\n".join(parts), "source": "wire", "n": n}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_ray_engine_matches_local_engine_record_for_record(
    tmp_path: Path, two_models: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import pipeline.engines.ray

    # Two rounds of 600 and 400 records: the driver's windows join up in order.
    monkeypatch.setattr(pipeline.engines.ray, "WINDOW_DOCS", 600)
    feed = tmp_path / "feed.jsonl"
    _feed(feed)
    common = ["--format", "jsonl", "--no-cache", "-q", "--model-dir", str(two_models), "--max-chars", "5000",
              "--stats"]
    local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["translate", str(feed), "-o", str(local_out), *common]) == 1  # the bad records fail, the rest go on
    local_err = capfd.readouterr().err
    assert main(["translate", str(feed), "-o", str(ray_out), "--engine", "ray", "--ray-cpus", "2", *common]) == 1
    ray_err = capfd.readouterr().err
    # Both count the English lines that may be foreign alike (from the sentences, or from the records).
    maybe = [[line for line in err.splitlines() if "may be in another language" in line] for err in (local_err, ray_err)]
    assert maybe[0] and maybe[0] == maybe[1]

    local = [json.loads(line) for line in local_out.read_text(encoding="utf-8").splitlines()]
    ray = [json.loads(line) for line in ray_out.read_text(encoding="utf-8").splitlines()]
    assert len(ray) == len(local)
    for a, b in zip(local, ray):
        assert a == b
    # What the comparison covered: every document, both models, passthrough and every kind of error.
    assert len({r["doc"] for r in local}) == 1000
    routes = {r.get("route") for r in local}
    assert {"passthrough", "Helsinki-NLP/opus-mt-id-en", "Helsinki-NLP/opus-mt-de-en"} <= routes
    errors = [r["error"] for r in local if "error" in r]
    assert len(errors) == 13
    assert any("not valid JSON" in e for e in errors) and any("field 'text' is missing" in e for e in errors)
    assert any("empty document" in e for e in errors) and any("over the limit" in e for e in errors)
    assert all(r["translation"] for r in local if "error" not in r)


def test_ray_engine_refuses_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Satu kalimat.\n", encoding="utf-8")
    assert main(["translate", str(doc), "--engine", "ray", "--format", "text", "--no-cache", "-q"]) == 2
    assert "--engine ray writes records" in capsys.readouterr().err


def test_ray_address_joins_a_running_cluster(tmp_path: Path, two_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--ray-address`` uses a cluster started with ``ray start``; the records are the local ones."""
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time

    feed = tmp_path / "feed.jsonl"
    _feed(feed, docs=20)
    log = tmp_path / "head.log"
    with socket.socket() as sock:  # a free port for the cluster's GCS
        sock.bind(("", 0))
        port = sock.getsockname()[1]
    with log.open("w") as out:
        head = subprocess.Popen(
            [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--num-cpus", "2", "--port", str(port),
             "--include-dashboard", "false", "--disable-usage-stats", "--block"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        address = None
        for _ in range(120):
            found = re.search(r"ray start --address='([^']+)'", log.read_text())
            if found:
                address = found.group(1)
                break
            assert head.poll() is None, log.read_text()
            time.sleep(0.5)
        assert address, log.read_text()
        common = ["--format", "jsonl", "--no-cache", "-q", "--model-dir", str(two_models)]
        local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
        assert main(["translate", str(feed), "-o", str(local_out), *common]) == 1
        # ``ray start`` clusters use token authentication; a client names the mode (Ray's docs).
        monkeypatch.setenv("RAY_AUTH_MODE", "token")
        assert main(["translate", str(feed), "-o", str(ray_out), "--engine", "ray", "--ray-address", address, *common]) == 1
        assert ray_out.read_text(encoding="utf-8") == local_out.read_text(encoding="utf-8")
        assert head.poll() is None  # the cluster outlives the run: mtaudit only left it
    finally:
        head.send_signal(signal.SIGTERM)
        head.wait(timeout=60)


def test_translate_actors_use_gpus_when_the_cluster_has_them() -> None:
    from pipeline.engines.ray import ActorPlan, translate_actors
    from pipeline.errors import MtauditError

    assert translate_actors({"CPU": 8.0}, "auto") == ActorPlan(actors=8, num_cpus=1, num_gpus=0, device="cpu")
    assert translate_actors({"CPU": 16.0, "GPU": 2.0}, "auto") == ActorPlan(actors=2, num_cpus=1, num_gpus=1, device="cuda")
    assert translate_actors({"CPU": 16.0, "GPU": 2.0}, "cpu").num_gpus == 0  # --device cpu keeps off the GPUs
    with pytest.raises(MtauditError, match="no GPUs"):
        translate_actors({"CPU": 4.0}, "cuda")


def test_ray_engine_missing_model_fails_only_its_sentences(
    tmp_path: Path, model_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A model an actor cannot load fails only its sentences, as locally: every record, exit 1;
    with --strict the run stops: exit 2, one line naming the model."""
    feed = tmp_path / "feed.jsonl"
    _feed(feed, docs=10)  # document 4 has a German sentence; model_dir has no German model
    common = ["--format", "jsonl", "--no-cache", "-q", "--model-dir", str(model_dir)]
    local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["translate", str(feed), "-o", str(local_out), *common]) == 1
    assert main(["translate", str(feed), "-o", str(ray_out), "--engine", "ray", "--ray-cpus", "2", *common]) == 1
    assert ray_out.read_text(encoding="utf-8") == local_out.read_text(encoding="utf-8")
    records = [json.loads(line) for line in ray_out.read_text(encoding="utf-8").splitlines()]
    flagged = [r for r in records if r.get("flag", "").startswith("model-unavailable")]
    assert flagged and all(r["text"] in GERMAN and r["translation"] == r["text"] for r in flagged)
    capfd.readouterr()
    out = tmp_path / "strict.jsonl"
    code = main(["translate", str(feed), "-o", str(out), "--engine", "ray", "--ray-cpus", "2", "--strict", *common])
    assert code == 2
    err = capfd.readouterr().err
    assert "mtaudit: error: model 'Helsinki-NLP/opus-mt-de-en' is not available offline" in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing half-written


def test_every_model_a_sentence_may_be_routed_to_has_a_spec_for_the_translate_stage() -> None:
    # A sentence left open between close relatives goes to a family's model
    # (``[families.*]``); the Ray engine knew only each language's own and the fallback,
    # and stopped with a KeyError on such a sentence.
    from pipeline.engines.ray import _model_key, model_specs
    from pipeline.translation.route import load_registry

    registry = load_registry()
    specs = model_specs(registry)
    assert registry.families
    routed = [registry.route(lang, others) for lang in registry.languages
              for others in [(), *((other,) for other in registry.languages if other != lang)]]
    for spec in [*routed, *(family for family, _ in registry.families)]:
        if spec is not None:
            assert specs[_model_key(spec)] == spec
