"""`mtaudit models`: the models a feed needs and where each is found, nothing translated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TINY_MODEL_ID

from pipeline.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPOST = EXAMPLES / "repost.id.txt"
# Written for these tests: one German sentence, an English one, a Korean one.
MIXED = ("Die Regierung hat am Dienstag neue Steuern beschlossen.\nThe vote was close.\n"
         "오늘 정부는 새로운 세금을 발표했습니다.\n")


@pytest.fixture(autouse=True)
def empty_hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Hugging Face cache of this test's own, empty unless the test fills it."""
    import huggingface_hub.constants

    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return cache


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["models", *argv, "--format", "json", "--no-cache", "-q"])
    return code, json.loads(capsys.readouterr().out)


def test_the_models_a_document_needs_and_where_each_is(capsys: pytest.CaptureFixture[str], model_dir: Path) -> None:
    code, found = _json(capsys, [str(REPOST), "--model-dir", str(model_dir)])
    assert code == 0  # every model it needs is there
    assert found["documents"] == 1 and found["sentences"] == 20
    assert found["counts"] == {"passthrough": 2, "model": 18}
    [row] = found["models"]
    assert (row["model"], row["sentences"], row["languages"], row["where"]) == (TINY_MODEL_ID, 18, {"id": 18},
                                                                                "model-dir")


def test_a_model_in_neither_place_is_named_with_its_download_line(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "mixed.txt"
    source.write_text(MIXED, encoding="utf-8")
    assert main(["models", str(source), "--no-cache", "-q"]) == 1
    out = capsys.readouterr().out
    assert "hf download Helsinki-NLP/opus-mt-de-en" in out and "hf download Helsinki-NLP/opus-mt-ko-en" in out
    code, found = _json(capsys, [str(source)])
    assert code == 1 and found["counts"] == {"model": 2, "passthrough": 1}
    assert {row["model"]: row["where"] for row in found["models"]} == {
        "Helsinki-NLP/opus-mt-de-en": "missing", "Helsinki-NLP/opus-mt-ko-en": "missing"}


def test_a_model_in_the_hugging_face_cache_is_found_there(tmp_path: Path, empty_hf_cache: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = empty_hf_cache / "models--Helsinki-NLP--opus-mt-de-en"
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123", encoding="utf-8")
    source = tmp_path / "de.txt"
    source.write_text(MIXED.splitlines()[0], encoding="utf-8")
    code, found = _json(capsys, [str(source)])
    assert code == 0
    assert [(row["model"], row["where"]) for row in found["models"]] == [("Helsinki-NLP/opus-mt-de-en", "hf-cache")]


def test_without_inputs_every_route_of_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    code, found = _json(capsys, [])
    assert code == 0
    rows = {row["model"]: row for row in found["models"]}
    assert rows["Helsinki-NLP/opus-mt-tc-big-sh-en"]["languages"] == ["bs", "hr", "sr"]  # one model, one row
    assert rows["Helsinki-NLP/opus-mt-id-en"]["kind"] == "own"
    assert rows["Helsinki-NLP/opus-mt-ROMANCE-en"]["kind"] == "family"
    assert rows["Helsinki-NLP/opus-mt-mul-en"]["kind"] == "fallback"


def test_each_missing_model_has_one_download_line(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # opus-mt-ROMANCE-en is Portuguese's own model and the Romance family's: two rows, and its line came twice.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    main(["models"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  hf download ")]
    assert "  hf download Helsinki-NLP/opus-mt-ROMANCE-en" in lines and len(lines) == len(set(lines))


def test_an_unreadable_input_is_listed_and_the_rest_goes_on(tmp_path: Path, model_dir: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": REPOST.read_text(encoding="utf-8")}) + "\n{not json\n",
                    encoding="utf-8")
    code, found = _json(capsys, [str(feed), "--model-dir", str(model_dir)])
    assert code == 1 and found["documents"] == 2 and len(found["failed"]) == 1
    assert found["models"][0]["sentences"] == 18


def test_the_tm_and_the_translation_cache_answer_first(tmp_path: Path, model_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, found = _json(capsys, [str(REPOST), "--tm", str(EXAMPLES / "repost.tm.tsv")])
    assert code == 0 and found["counts"] == {"passthrough": 2, "tm": 18} and found["models"] == []
    cache = tmp_path / "cache.sqlite"
    assert main(["translate", str(REPOST), "-o", str(tmp_path / "out.txt"), "--cache", str(cache), "-q",
                 "--model-dir", str(model_dir)]) == 0
    # Translated once: a rerun with that copy needs no model call.
    assert main(["models", str(REPOST), "--cache", str(cache), "--format", "json", "-q",
                 "--model-dir", str(model_dir)]) == 0
    [row] = json.loads(capsys.readouterr().out)["models"]
    assert (row["sentences"], row["cached"], row["where"]) == (18, 18, "model-dir")
    # Without it, the hub's model is asked for: what a local copy translated is not its to serve.
    assert main(["models", str(REPOST), "--cache", str(cache), "--format", "json", "-q"]) == 1
    [row] = json.loads(capsys.readouterr().out)["models"]
    assert (row["sentences"], row["cached"], row["where"]) == (18, 0, "missing")


def test_the_audits_near_synonym_model_is_listed_where_the_audit_finds_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.fidelity import embedding

    near = "sentence-transformers/all-MiniLM-L6-v2"
    monkeypatch.setattr(embedding, "BUNDLE", "no_such_bundle_installed")  # as on a machine without the package
    code, found = _json(capsys, [])
    rows = {row["model"]: row for row in found["models"]}
    assert code == 0 and rows[near]["kind"] == "audit" and rows[near]["where"] == "missing"
    assert main(["models", "--no-cache", "-q"]) == 0
    assert f"  hf download {near}" in capsys.readouterr().out.splitlines()
    # A copy in MTAUDIT_MEANING_MODEL_DIR, laid out as --model-dir's are, is found there.
    copy = tmp_path / "models" / near.replace("/", "--")
    copy.mkdir(parents=True)
    for name in ("config.json", "model.safetensors", "tokenizer.json"):
        (copy / name).write_text("{}", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_MEANING_MODEL_DIR", str(tmp_path / "models"))
    rows = {row["model"]: row for row in _json(capsys, [])[1]["models"]}
    assert (rows[near]["where"], rows[near]["path"]) == ("model-dir", str(copy))
    monkeypatch.setenv("MTAUDIT_MEANING_MODEL", "none")  # switched off: nothing to fetch
    assert near not in {row["model"] for row in _json(capsys, [])[1]["models"]}


def test_a_lone_input_that_cannot_be_read_is_an_error_of_the_run(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", str(tmp_path / "missing.txt"), "--no-cache", "-q"]) == 2  # as translate says it
    assert "no such file" in capsys.readouterr().err


def test_offline_the_missing_models_are_said_to_fail_not_to_download(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", str(REPOST), "--no-cache", "-q"]) == 1  # the fixture sets HF_HUB_OFFLINE=1
    out = capsys.readouterr().out
    assert "HF_HUB_OFFLINE is set" in out and "downloaded from the hub on first use" not in out
